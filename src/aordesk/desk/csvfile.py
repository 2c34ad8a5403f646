"""The report as CSV: UTF-8 with a byte-order mark (so Excel reads the names right), and no
cell a spreadsheet would run as a formula. Pure: no Django."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from aordesk.desk.columns import display

BOM = "\ufeff"
# What Excel, LibreOffice and Google Sheets start a formula (or a DDE call) with.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value: Any) -> str:
    """The cell as text a spreadsheet keeps as text: a leading formula character gets a
    leading apostrophe (OWASP's advice), which spreadsheets hide and never evaluate."""
    text = display(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV, a line at a time (for a streaming response), BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells: Sequence[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in cells])
        return buffer.getvalue()

    yield BOM + line(headers)
    for row in rows:
        yield line(row)
