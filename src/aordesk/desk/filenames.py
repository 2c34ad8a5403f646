"""Download names that say whose file it is: aor-report-2026-11-1000003-v1.xlsx. Pure."""

from __future__ import annotations

import datetime as dt
from typing import Any

_PREFIX = {
    "aor_report": "aor-report",
    "broker_statement": "aor-statement",
    "agency_statement": "aor-agency-statement",
}


def document_filename(*, kind: str, month: dt.date, owner: str, version: int, ext: str) -> str:
    """`owner` is the broker's NPN, or the agency's code for an agency statement."""
    safe_owner = "".join(c for c in owner if c.isalnum() or c in "-_") or "unknown"
    return f"{_PREFIX[kind]}-{month:%Y-%m}-{safe_owner}-v{version}.{ext}"


def month_zip_filename(*, month: dt.date, owner: str) -> str:
    safe_owner = "".join(c for c in owner if c.isalnum() or c in "-_") or "unknown"
    return f"aor-documents-{month:%Y-%m}-{safe_owner}.zip"


def owned_filename(artifact: Any) -> str:
    """The download name of a stored file: a report's or statement's says whose it is (the
    stored name has only the month), any other file keeps its own."""
    if artifact.kind not in _PREFIX:
        return str(artifact.filename)
    # Reverse one-to-ones; a missing row reads as None (Django's error is an AttributeError).
    record = getattr(artifact, "broker_report", None) or getattr(artifact, "statement", None)
    if record is None:
        return str(artifact.filename)
    if getattr(record, "kind", "broker") == "agency":
        owner = record.agency.code
    else:
        owner = record.broker.npn
    return document_filename(
        kind=artifact.kind, month=record.month, owner=owner, version=record.version, ext="xlsx"
    )
