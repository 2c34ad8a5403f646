"""OLE compound files at the gate: password-protected workbooks and legacy .xls. Pure.

Excel saves a password-protected .xlsx as an OLE container holding EncryptionInfo and
EncryptedPackage streams, so the file starts with the OLE signature, not a zip one."""

from __future__ import annotations

from pathlib import Path

import olefile

from aordesk.intake.issues import Issue

ENCRYPTED_STREAMS = {"encryptioninfo", "encryptedpackage"}
LEGACY_STREAMS = {"workbook", "book"}


def ole_issue(path: Path) -> Issue:
    streams = _stream_names(path)
    if streams is None:
        return Issue(
            code="GATE_DAMAGED",
            message="The file is damaged or incomplete. Send the Excel workbook (.xlsx) again.",
        )
    if streams & ENCRYPTED_STREAMS:
        return Issue(
            code="GATE_ENCRYPTED",
            message="This file is protected with a password. Remove the password and send it "
            "again.",
        )
    if streams & LEGACY_STREAMS:
        return Issue(
            code="GATE_LEGACY_XLS",
            message="This is an older Excel file (.xls). Open it in Excel, choose Save As, "
            "pick 'Excel Workbook (.xlsx)' and send that file.",
        )
    return Issue(
        code="GATE_NOT_XLSX",
        message="The file is an Office document but not a spreadsheet. Send the Excel "
        "workbook (.xlsx) we sent you, or a CSV file.",
    )


def _stream_names(path: Path) -> set[str] | None:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            return {part.lower() for entry in ole.listdir() for part in entry}
    except (OSError, ValueError, IndexError):
        # olefile raises OSError for a bad header and IndexError/ValueError for a
        # truncated sector table.
        return None
