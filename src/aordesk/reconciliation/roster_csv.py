"""Reading a roster CSV that passed the gate into RosterRows and Issues. Pure.

The header is the first non-empty line; `Enrollment ID` and `NPN` are required, the other
documented columns optional, unknown columns ignored (carriers add their own)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from aordesk.intake.issues import Issue
from aordesk.intake.reading.csv_rows import csv_encoding
from aordesk.reconciliation.roster import RosterRow, cell_issue, npn_key, parse_date, row_issues

_SQUASH = re.compile(r"[^a-z0-9]+")
# Field -> the headers carriers write for it (compared lower-case, letters and digits only).
COLUMNS: dict[str, tuple[str, ...]] = {
    "enrollment_id": ("Enrollment ID", "Exchange Enrollment ID", "Exchange Policy ID"),
    "npn": ("NPN", "Broker NPN", "Agent NPN", "Writing Agent NPN"),
    "member_name": ("Member Name", "Subscriber Name", "Name"),
    "date_of_birth": ("Date of Birth", "DOB", "Birth Date"),
    "effective_on": ("Effective Date", "Coverage Effective Date"),
    "carrier_member_id": ("Carrier Member ID", "Member ID", "Subscriber ID"),
}
LABELS = {name: headers[0] for name, headers in COLUMNS.items()}
REQUIRED = ("enrollment_id", "npn")
MAX_COLUMNS = 60
_KEYS = {_SQUASH.sub("", h.lower()): name for name, hs in COLUMNS.items() for h in hs}

Item = RosterRow | Issue


def _dialect(path: Path, encoding: str) -> type[csv.Dialect] | csv.Dialect:
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(64 * 1024)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def header_map(values: list[str]) -> tuple[dict[str, int], list[Issue]]:
    """Which column holds which field, or the issues that make the file unreadable."""
    if len(values) > MAX_COLUMNS:
        return {}, [
            Issue(
                "ROSTER_TOO_MANY_COLUMNS",
                f"The header has {len(values)} columns; a roster has at most {MAX_COLUMNS}.",
                row=1,
            )
        ]
    found: dict[str, int] = {}
    for index, text in enumerate(values):
        name = _KEYS.get(_SQUASH.sub("", text.lower()))
        if name is not None and name not in found:
            found[name] = index
    missing = [LABELS[name] for name in REQUIRED if name not in found]
    if missing:
        return {}, [
            Issue(
                "ROSTER_MISSING_COLUMN",
                f"The first row must name the columns; missing: {', '.join(missing)}.",
                row=1,
            )
        ]
    return found, []


def csv_roster(path: Path, only: set[int] | None = None) -> Iterator[Item]:
    """Each data row as a RosterRow, or the Issues that refuse it, in file order; with
    `only`, just those rows (a second pass over a file already checked)."""
    encoding = csv_encoding(path)
    dialect = _dialect(path, encoding)
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:
        reader = csv.reader(handle, dialect=dialect)
        columns: dict[str, int] | None = None
        for number, values in enumerate(reader, start=1):
            if not any(v.strip() for v in values):
                continue
            if columns is None:
                columns, issues = header_map(values)
                if issues:
                    yield from issues
                    return
                continue
            if only is None or number in only:
                yield from _row(number, values, columns)
        if columns is None:
            yield Issue("ROSTER_EMPTY", "The file has no header and no rows.")


def _row(number: int, values: list[str], columns: dict[str, int]) -> Iterator[Item]:
    cells = {name: values[i].strip() if i < len(values) else "" for name, i in columns.items()}
    bad = [
        issue
        for name, text in cells.items()
        if (issue := cell_issue(text, row=number, column=LABELS[name])) is not None
    ]
    if bad:
        yield from bad
        return
    dates = {LABELS[n]: cells.get(n, "") for n in ("date_of_birth", "effective_on")}
    issues = row_issues(
        number=number, enrollment_id=cells["enrollment_id"], npn=cells["npn"], dates=dates
    )
    if issues:
        yield from issues
        return
    yield RosterRow(
        number=number,
        enrollment_id=cells["enrollment_id"],
        npn=npn_key(cells["npn"]),
        member_name=cells.get("member_name", ""),
        date_of_birth=parse_date(cells.get("date_of_birth", "")),
        effective_on=parse_date(cells.get("effective_on", "")),
        carrier_member_id=cells.get("carrier_member_id", ""),
    )
