"""The report's columns as the desk shows and exports them. Pure: no Django.

One definition for the browser rows and the CSV: the policy's eight columns first, under
their exact names, then whatever else the workbook's AOR Report sheet carries (a column the
workbook writer adds appears here without a change), minus the broker's own Comments column,
which is empty in every copy we send."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aordesk.workbooks.report import COMMENTS_COLUMN, REPORT_COLUMNS

POLICY_COLUMNS: tuple[str, ...] = REPORT_COLUMNS[:8]
DATE_SENT, LAST, FIRST, DOB, CARRIER = POLICY_COLUMNS[:5]
LEFT_OUT = frozenset({COMMENTS_COLUMN})


class LayoutError(ValueError):
    """The stored workbook's header row is not a report's."""


@dataclass(frozen=True)
class Layout:
    """Where each shown column sits in the sheet's rows."""

    headers: tuple[str, ...]
    positions: tuple[int, ...]

    @classmethod
    def of(cls, sheet_headers: Sequence[Any]) -> Layout:
        names = [str(h).strip() if h is not None else "" for h in sheet_headers]
        missing = [name for name in POLICY_COLUMNS if name not in names]
        if missing:
            raise LayoutError(f"the report has no column {missing[0]!r}")
        extras = [n for n in names if n and n not in POLICY_COLUMNS and n not in LEFT_OUT]
        headers = (*POLICY_COLUMNS, *extras)
        return cls(headers=headers, positions=tuple(names.index(h) for h in headers))

    def index(self, header: str) -> int:
        return self.headers.index(header)

    def row(self, cells: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(_value(cells[i]) if i < len(cells) else "" for i in self.positions)


def _value(cell: Any) -> Any:
    """A date stays a date (datetimes from the reader are midnight dates); text is text."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def display(value: Any) -> str:
    """A cell as brokers read it: dates MM/DD/YYYY, like the workbook."""
    if isinstance(value, dt.date):
        return f"{value:%m/%d/%Y}"
    return str(value)
