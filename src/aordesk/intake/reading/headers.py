"""Finding the header row and which column holds which field. Pure.

Brokers move, rename and decorate headers ("DOB", "Date of Birth *", "Carrier Name"), and
put titles above them, so the header row is the first of the top rows that names enough
of our fields, whatever its position."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from aordesk.intake.reading.rows import RawRow

HEADER_SEARCH_ROWS = 30
MIN_HEADER_FIELDS = 3
_SQUASH = re.compile(r"[^a-z0-9]+")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "first_name": (
        "First Name",
        "First",
        "Firstname",
        "Given Name",
        "Enrollee First Name",
        "Consumer First Name",
        "Member First Name",
        "FName",
    ),
    "last_name": (
        "Last Name",
        "Last",
        "Lastname",
        "Surname",
        "Family Name",
        "Enrollee Last Name",
        "Consumer Last Name",
        "Member Last Name",
        "LName",
    ),
    "dob": (
        "Date of Birth",
        "DOB",
        "Birth Date",
        "Birthdate",
        "Birthday",
        "Enrollee DOB",
        "Consumer DOB",
        "Member DOB",
    ),
    "application_date": (
        "Application or Enrollment Date",
        "Application Date",
        "Enrollment Date",
        "App Date",
        "Date of Application",
        "Application/Enrollment Date",
    ),
    "carrier": (
        "Carrier",
        "Carrier Name",
        "Insurance Company",
        "Medical Carrier Name",
        "Insurer",
        "Health Plan",
        "Issuer",
        "Insurance Carrier",
    ),
    "aor_method": (
        "Method of AOR Submission",
        "AOR Method",
        "AOR Submission Method",
        "Method of AOR",
    ),
    "address": ("Address", "Home Address", "Street Address", "Mailing Address"),
    "application_method": ("Method of Application", "Application Method"),
    "comments": ("Comments", "Comment", "Notes", "Note"),
}
FIELD_LABELS = {field: names[0] for field, names in SYNONYMS.items()}


def squash(text: str) -> str:
    """'Date of Birth *' -> 'dateofbirth': case, spaces, punctuation and marks ignored."""
    return _SQUASH.sub("", text.casefold())


_BY_KEY = {squash(name): field for field, names in SYNONYMS.items() for name in names}


@dataclass(frozen=True)
class HeaderMap:
    row_number: int
    columns: dict[int, str]  # column index -> field
    headers: dict[str, str]  # field -> header as written


def header_find(rows: Iterable[RawRow], *, needed: set[str] | None = None) -> HeaderMap | None:
    """The first of the top rows naming at least three fields, one of them a name."""
    above: RawRow | None = None
    for index, row in enumerate(rows):
        if index >= HEADER_SEARCH_ROWS:
            return None
        found = header_map(row, above=above)
        fields = set(found.columns.values())
        above = row
        if needed is not None and not needed <= fields:
            continue
        if len(fields) >= MIN_HEADER_FIELDS and fields & {"first_name", "last_name"}:
            return found
    return None


def header_map(row: RawRow, *, above: RawRow | None = None) -> HeaderMap:
    """Fields by column. A two-row header counts: where this row is blank, the row just
    above names the column (a header cell merged down keeps its text in the top row only)."""
    cells = dict(row.cells)
    if above is not None and above.number == row.number - 1:
        cells = {**above.cells, **cells}
    columns: dict[int, str] = {}
    headers: dict[str, str] = {}
    for index in sorted(cells):
        value = cells[index].value
        field = _BY_KEY.get(squash(value)) if isinstance(value, str) else None
        # A second column with the same meaning is ignored: the first one wins.
        if field and field not in headers:
            columns[index] = field
            headers[field] = value.strip() if isinstance(value, str) else field
    return HeaderMap(row_number=row.number, columns=columns, headers=headers)
