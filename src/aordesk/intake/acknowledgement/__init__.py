"""Acknowledgement: what the broker is told about a submission."""
