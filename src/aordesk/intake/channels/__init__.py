"""Channels: how a returned file reaches intake (portal upload, portal reply)."""
