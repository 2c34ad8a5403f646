"""The shapes rows take between reading and checking: the intermediate form. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from aordesk.intake.issues import Issue


class Cell(NamedTuple):
    value: object  # str, float, bool, datetime or None, as the file stored it
    formula: str | None = None  # the formula text when the cell held one; never evaluated


@dataclass(frozen=True)
class RawRow:
    number: int  # 1-based, as the spreadsheet shows it
    cells: dict[int, Cell]  # 0-based column index -> cell


@dataclass(frozen=True)
class SourceRow:
    """A data row under a recognised header: cells by field, with the headers as written."""

    sheet: str
    number: int
    kind: str  # "consumer" or "report_comment"
    cells: dict[str, Cell]
    headers: dict[str, str]


@dataclass
class NormalisedRow:
    sheet: str
    number: int
    kind: str
    headers: dict[str, str]
    raw: dict[str, str]
    first_name: str = ""
    last_name: str = ""
    dob: dt.date | None = None
    application_date: dt.date | None = None
    carrier: str = ""
    aor_method: str = ""
    address: str = ""
    application_method: str = ""
    comments: str = ""
    # Fields the file held but could not be read (a bad date): not "missing".
    unreadable: set[str] = field(default_factory=set)
    issues: list[Issue] = field(default_factory=list)

    def column(self, name: str) -> str:
        return self.headers.get(name, name)
