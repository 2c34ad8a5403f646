"""Is this a workbook we sent, unaltered, and may this sender return it? Pure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aordesk.intake.issues import Issue
from aordesk.workbooks.identity import WorkbookIdentity, identity_read, identity_verify

RETURNABLE_KINDS = ("aor_report", "acknowledgement")


@dataclass(frozen=True)
class Sender:
    """Who sends: the broker's NPN, and the agency code when an agency admin sends."""

    npn: str
    admin_agency_code: str = ""


MESSAGES = {
    "READ_DAMAGED": "The workbook could not be read. Save it again in Excel and send the new file.",
    "IDENTITY_TAMPERED": "The hidden part of this workbook that says which report it is has "
    "been changed. Send the workbook as we sent it, with only your rows and comments added.",
    "IDENTITY_OTHER_BROKER": "This workbook was sent to another broker. Send only your own AOR "
    "report.",
    "IDENTITY_WRONG_WORKBOOK": "This workbook is not one you can send back. Return your AOR "
    "report, with consumers on the 'Add Consumers' sheet.",
}


def identity_check(
    path: Path, *, sender: Sender, key: bytes
) -> tuple[WorkbookIdentity | None, list[Issue]]:
    """The workbook's identity when it has one, and why it may not be read, if so."""
    try:
        found = identity_read(path)
    except ValueError:
        return None, [_issue("READ_DAMAGED")]
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


def _may_send(identity: WorkbookIdentity, sender: Sender) -> bool:
    if identity.npn == sender.npn:
        return True
    return bool(sender.admin_agency_code) and identity.agency_code == sender.admin_agency_code


def _issue(code: str) -> Issue:
    return Issue(code=code, message=MESSAGES[code])
