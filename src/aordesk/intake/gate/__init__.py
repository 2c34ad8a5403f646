"""The gate: whether a file may be read at all."""
