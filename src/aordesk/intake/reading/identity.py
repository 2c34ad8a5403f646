"""Is this a workbook we sent, unaltered, and may this sender return it? Pure."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from aordesk.intake.issues import Issue
from aordesk.intake.reading.xlsx_rows import XlsxPackage, sheet_rows
from aordesk.workbooks.identity import (
    IDENTITY_SHEET,
    MAX_IDENTITY_ROWS,
    WorkbookIdentity,
    _identity_build,
    _identity_values,
    identity_verify,
)

RETURNABLE_KINDS = ("aor_report", "acknowledgement")


@dataclass(frozen=True)
class Sender:
    """Who sends: the broker's NPN, and the agency code when an agency admin sends."""

    npn: str
    admin_agency_code: str = ""


MESSAGES = {
    "IDENTITY_TAMPERED": "The hidden part of this workbook that says which report it is has "
    "been changed. Send the workbook as we sent it, with only your rows and comments added.",
    "IDENTITY_OTHER_BROKER": "This workbook was sent to another broker. Send only your own AOR "
    "report.",
    "IDENTITY_WRONG_WORKBOOK": "This workbook is not one you can send back. Return your AOR "
    "report, with consumers on the 'Add Consumers' sheet.",
}


def identity_check(
    package: XlsxPackage, *, sender: Sender, key: bytes
) -> tuple[WorkbookIdentity | None, list[Issue]]:
    """The workbook's identity when it has one, and why it may not be read, if so.

    Read with intake's own streaming reader from the package already open (shared strings
    loaded once), not by opening the workbook a second time with another parser; the rules
    for a well-formed identity sheet are the writer's (workbooks.identity)."""
    found = identity_read_package(package)
    if found is None:
        return None, []
    identity, mac = found
    if not identity_verify(identity, mac, key=key):
        return identity, [_issue("IDENTITY_TAMPERED")]
    if not _may_send(identity, sender):
        return identity, [_issue("IDENTITY_OTHER_BROKER")]
    if identity.kind not in RETURNABLE_KINDS:
        return identity, [_issue("IDENTITY_WRONG_WORKBOOK")]
    return identity, []


def identity_read_package(package: XlsxPackage) -> tuple[WorkbookIdentity, str] | None:
    """The identity and MAC on the identity sheet, unverified; None when there is none or
    it is not as written. The sheet may be very hidden, hidden or (unhidden) visible."""
    ref = next((ref for ref in package.sheets if ref.name == IDENTITY_SHEET and ref.part), None)
    if ref is None:
        return None
    rows: list[list[Any]] = []
    for raw in itertools.islice(sheet_rows(package, ref), MAX_IDENTITY_ROWS + 1):
        cells = raw.cells
        rows.append([_text(cells.get(0)), _text(cells.get(1))])
    values = _identity_values(rows)
    return _identity_build(values) if values is not None else None


def _text(cell: Any) -> Any:
    # A formula is never an identity value; anything but text fails the writer's rules.
    if cell is None:
        return ""
    return None if cell.formula is not None else cell.value


def _may_send(identity: WorkbookIdentity, sender: Sender) -> bool:
    if identity.npn == sender.npn:
        return True
    return bool(sender.admin_agency_code) and identity.agency_code == sender.admin_agency_code


def _issue(code: str) -> Issue:
    return Issue(code=code, message=MESSAGES[code])
