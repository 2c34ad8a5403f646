"""Reading a carrier's 834 audit file (005010X220A1, BGN08 = 4: the full file) into
RosterRows and Issues, with pyx12 (which validates every segment as it reads). Pure.

Where each field is (docs/formats/carrier-roster.md): the broker of every member of a
transaction set is its loop 1000C `N1*BO*<name>*94*<NPN>`; per member (loop 2000, INS)
the exchange's Enrollment ID is `REF*0F` (the subscriber id aordesk's own 834 sends), the
carrier's member id `REF*23`, the name NM1*IL, the date of birth DMG02 and the effective
date DTP*348."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyx12.error_handler
import pyx12.params
import pyx12.x12context

from aordesk.intake.issues import Issue
from aordesk.reconciliation.roster import RosterRow, cell_issue, npn_key, parse_date, row_issues

Item = RosterRow | Issue
FULL_FILE = "4"  # BGN08: verify (the carrier's complete book), not a change file


@dataclass
class _Member:
    number: int
    npn: str
    enrollment_id: str = ""
    carrier_member_id: str = ""
    member_name: str = ""
    dob: str = ""
    effective: str = ""


def x12_roster(path: Path) -> Iterator[Item]:
    """The members of the file as RosterRows; the file's X12 errors refuse it whole."""
    errh = pyx12.error_handler.errh_list()
    state = _State()
    with path.open("r", encoding="ascii", errors="replace") as handle:
        try:
            reader = pyx12.x12context.X12ContextReader(pyx12.params.params(), errh, handle)
            for node in reader.iter_segments():
                yield from state.segment(node)
        except Exception as error:
            yield Issue("ROSTER_X12_UNREADABLE", f"The 834 file cannot be read: {error}")
            return
    yield from state.finish()
    yield from _x12_errors(errh)


def _x12_errors(errh: Any) -> Iterator[Issue]:
    found = [*errh.err_isa, *errh.err_gs, *errh.err_st]
    found += [(e[0], e[1]) for e in (*errh.err_seg, *errh.err_ele)]
    for code, text in found[:20]:
        yield Issue("ROSTER_X12_INVALID", f"The 834 file is not valid X12 ({code}): {text}")


class _State:
    """Walks the segments: the transaction set's broker, the member being read."""

    def __init__(self) -> None:
        self.npn = ""
        self.member: _Member | None = None
        self.members = 0
        self.full_file_seen = False

    def segment(self, node: Any) -> Iterator[Item]:
        seg, loop = node.seg_data, node.x12_map_node.get_parent().id
        sid = seg.get_seg_id()
        if sid in ("INS", "SE"):
            yield from self._close()
        if sid == "ST":
            self.npn = ""
        elif sid == "BGN":
            yield from self._bgn(seg)
        elif sid == "N1" and loop == "1000C" and seg.get_value("N101") == "BO":
            self.npn = (seg.get_value("N104") or "").strip()
        elif sid == "INS":
            self.members += 1
            self.member = _Member(number=self.members, npn=self.npn)
        elif self.member is not None:
            _read(self.member, sid, loop, seg)

    def _bgn(self, seg: Any) -> Iterator[Issue]:
        if (seg.get_value("BGN08") or "") != FULL_FILE:
            yield Issue(
                "ROSTER_X12_NOT_AUDIT",
                "The 834 is a change file (BGN08 is not 4); send the full audit file.",
            )
        self.full_file_seen = True

    def _close(self) -> Iterator[Item]:
        member, self.member = self.member, None
        if member is not None:
            yield from _member_items(member)

    def finish(self) -> Iterator[Item]:
        yield from self._close()
        if not self.members:
            yield Issue("ROSTER_EMPTY", "The 834 file holds no members (no INS loops).")


def _read(member: _Member, sid: str, loop: str, seg: Any) -> None:
    value = seg.get_value
    if sid == "REF" and loop == "2000" and value("REF01") == "0F":
        member.enrollment_id = (value("REF02") or "").strip()
    elif sid == "REF" and loop == "2000" and value("REF01") == "23":
        member.carrier_member_id = (value("REF02") or "").strip()
    elif sid == "NM1" and loop == "2100A" and value("NM101") == "IL":
        first, last = (value("NM104") or "").strip(), (value("NM103") or "").strip()
        member.member_name = f"{first} {last}".strip()
    elif sid == "DMG" and loop == "2100A":
        member.dob = (value("DMG02") or "").strip()
    elif sid == "DTP" and loop == "2300" and value("DTP01") == "348":
        member.effective = (value("DTP03") or "").strip()


def _member_items(m: _Member) -> Iterator[Item]:
    cells = {"Member Name": m.member_name, "Carrier Member ID": m.carrier_member_id}
    bad = [i for c, t in cells.items() if (i := cell_issue(t, row=m.number, column=c))]
    dates = {"Date of Birth": m.dob, "Effective Date": m.effective}
    bad += row_issues(number=m.number, enrollment_id=m.enrollment_id, npn=m.npn, dates=dates)
    if bad:
        yield from bad
        return
    yield RosterRow(
        number=m.number,
        enrollment_id=m.enrollment_id,
        npn=npn_key(m.npn),
        member_name=m.member_name,
        date_of_birth=parse_date(m.dob),
        effective_on=parse_date(m.effective),
        carrier_member_id=m.carrier_member_id,
    )
