"""A carrier's broker-of-record roster, the intermediate form both readers produce. Pure.

Every roster row is checked one rule at a time; a roster with any error is refused whole,
because a row we could not read would otherwise count as "the carrier lacks the AOR"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from aordesk.intake.issues import Issue

# The exchange's enrollment ids (households.Enrollment.enrollment_id is 30 characters).
ENROLLMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$")
NPN = re.compile(r"^[0-9]{1,10}$")
MAX_CELL = 200
# Shown and stored: a file with thousands of errors is told the first of them and the total.
MAX_ISSUES = 100
# What a spreadsheet would run if staff opened the file: kept out of every page and export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class RosterRow:
    """One enrollment as the carrier holds it: who it pays as broker of record."""

    number: int  # the file's row (CSV line) or the INS loop's ordinal (834)
    enrollment_id: str
    npn: str  # digits, leading zeros dropped: carriers' spreadsheets drop them too
    member_name: str = ""
    date_of_birth: dt.date | None = None
    effective_on: dt.date | None = None
    carrier_member_id: str = ""


@dataclass
class RosterIssues:
    """The errors found so far: the first MAX_ISSUES kept, every one counted."""

    shown: list[Issue] = field(default_factory=list)
    total: int = 0

    def add(self, issue: Issue) -> None:
        self.total += 1
        if len(self.shown) < MAX_ISSUES:
            self.shown.append(issue)

    def __bool__(self) -> bool:
        return self.total > 0


def npn_key(text: str) -> str:
    """The NPN as compared: "000123" and "123" are one producer."""
    return text.lstrip("0") or "0"


def parse_date(text: str) -> dt.date | None:
    """YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD, else None. By hand, not strptime: a million
    rows with two dates each spent most of their reading time in strptime."""
    try:
        if len(text) == 10 and text[4] == "-":
            return dt.date.fromisoformat(text)
        if len(text) == 10 and text[2] == "/" and text[5] == "/":
            return dt.date(int(text[6:]), int(text[:2]), int(text[3:5]))
        if len(text) == 8 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    return None


def cell_issue(text: str, *, row: int, column: str) -> Issue | None:
    """The rules every cell of a roster obeys, whatever its column."""
    if CONTROL.search(text):
        return Issue(
            "ROSTER_CONTROL_CHARACTER", "The cell holds control characters.", row=row, column=column
        )
    if len(text) > MAX_CELL:
        return Issue(
            "ROSTER_CELL_TOO_LONG",
            f"The cell is longer than {MAX_CELL} characters.",
            row=row,
            column=column,
        )
    if text.startswith(FORMULA_STARTS) and len(text) > 1:
        return Issue(
            "ROSTER_FORMULA",
            "The cell starts like a spreadsheet formula; send the value itself.",
            row=row,
            column=column,
        )
    return None


def row_issues(*, number: int, enrollment_id: str, npn: str, dates: dict[str, str]) -> list[Issue]:
    """The rules of the key columns and the optional dates of one row."""
    issues: list[Issue] = []
    if not enrollment_id:
        issues.append(
            Issue(
                "ROSTER_NO_ENROLLMENT_ID",
                "The Enrollment ID is empty.",
                row=number,
                column="Enrollment ID",
            )
        )
    elif not ENROLLMENT_ID.match(enrollment_id):
        issues.append(
            Issue(
                "ROSTER_BAD_ENROLLMENT_ID",
                "The Enrollment ID is not one of the exchange's (letters, digits, - and _, "
                "at most 30).",
                row=number,
                column="Enrollment ID",
            )
        )
    if not NPN.match(npn):
        issues.append(
            Issue(
                "ROSTER_BAD_NPN",
                "The NPN must be 1 to 10 digits." if npn else "The NPN is empty.",
                row=number,
                column="NPN",
            )
        )
    for column, text in dates.items():
        if text and parse_date(text) is None:
            issues.append(
                Issue(
                    "ROSTER_BAD_DATE",
                    "Write the date as YYYY-MM-DD or MM/DD/YYYY.",
                    row=number,
                    column=column,
                )
            )
    return issues
