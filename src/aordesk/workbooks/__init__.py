"""Outgoing workbooks (reports, statements, determinations) and their signed identity.

Pure: no Django."""
