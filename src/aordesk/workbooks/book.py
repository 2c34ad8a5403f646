"""What every outgoing workbook shares: how it is opened, its formats, its print layout."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter

from aordesk.workbooks.cells import DATE_NUM_FORMAT, text_clean, write_text

TEXT_NUM_FORMAT = "@"
TITLE_MAX_CHARS = 100  # Excel refuses page headers over 255 characters, codes included


def workbook_open(path: Path, *, in_memory: bool = False) -> xlsxwriter.Workbook:
    """A streaming workbook: each sheet's rows go to disk as they are written. With
    `in_memory` (for a caller that knows the document is small) the rows stay in memory and
    no temporary file is made: much faster per file, and no spooled personal data on disk."""
    options: dict[str, object] = {
        "constant_memory": not in_memory,
        "in_memory": in_memory,
        # The spooled rows hold personal data: keep them in the private output folder, not /tmp.
        "tmpdir": str(path.parent),
        # Belt and braces: our writers call write_string, but a plain write() stays text too.
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    return xlsxwriter.Workbook(str(path), options)


@dataclass(frozen=True)
class Formats:
    title: Any
    heading: Any
    header: Any
    text: Any
    wrap: Any
    note: Any
    date: Any
    count: Any
    total_label: Any
    total_count: Any
    input_text: Any
    input_date: Any


def formats_add(workbook: xlsxwriter.Workbook) -> Formats:
    add = workbook.add_format
    header = {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}
    return Formats(
        title=add({"bold": True, "font_size": 14}),
        heading=add({"bold": True, "font_size": 12}),
        header=add({**header, "valign": "top"}),
        text=add({"num_format": TEXT_NUM_FORMAT}),
        wrap=add({"text_wrap": True, "valign": "top"}),
        note=add({"italic": True}),
        date=add({"num_format": DATE_NUM_FORMAT}),
        count=add({"num_format": "#,##0"}),
        total_label=add({"bold": True, "top": 1}),
        total_count=add({"bold": True, "top": 1, "num_format": "#,##0"}),
        # Cells a broker fills in: unlocked, and typed text stays text (no formulas).
        input_text=add({"locked": False, "num_format": TEXT_NUM_FORMAT}),
        input_date=add({"locked": False, "num_format": DATE_NUM_FORMAT}),
    )


# A row's height is not measured by XlsxWriter, and neither Excel nor LibreOffice grows a row
# for wrapped text on opening a file: without a height, a wrapped cell spills over the next
# row. One line of 11-point text is 15 points. A line is counted as holding fewer characters
# than the column is wide: LibreOffice without Calibri sets the text in a wider font.
LINE_POINTS = 15.0
CHARS_PER_WIDTH = 0.8


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped at word breaks in a column `width` wide."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        # A word longer than a line is broken anywhere, as the spreadsheet does.
        words = paragraph.split()
        pieces = (w[i : i + per_line] for w in words for i in range(0, len(w), per_line))
        for piece in pieces:
            if used and used + 1 + len(piece) > per_line:
                lines, used = lines + 1, len(piece)
            else:
                used = used + 1 + len(piece) if used else len(piece)
    return lines


def row_fit(sheet: Any, row: int, cells: Sequence[tuple[str, float]], fmt: Any = None) -> None:
    """Make `row` tall enough for its wrapped (text, column width) cells."""
    lines = max((wrapped_lines(text, width) for text, width in cells), default=1)
    if lines > 1:
        sheet.set_row(row, lines * LINE_POINTS, fmt)


def header_row_write(
    sheet: Any, row: int, headers: Sequence[str], fmt: Any, widths: Sequence[float] = ()
) -> None:
    """The header row; with the columns' `widths`, tall enough for every wrapped header."""
    if widths:
        row_fit(sheet, row, list(zip(headers, widths, strict=False)))
    for col, header in enumerate(headers):
        write_text(sheet, row, col, header, fmt)


def widths_set(sheet: Any, widths: Sequence[float], formats: Sequence[Any] = ()) -> None:
    for col, width in enumerate(widths):
        fmt = formats[col] if col < len(formats) else None
        sheet.set_column(col, col, width, fmt)


def lines_write(
    sheet: Any, start: int, lines: Sequence[tuple[str, Any]], *, width: float | None = None
) -> int:
    """Write (text, format) lines down column A; returns the next free row. With column A's
    `width` (its text wrapped), each row is made tall enough for its paragraph."""
    for offset, (text, fmt) in enumerate(lines):
        if width is not None:
            row_fit(sheet, start + offset, [(text, width)])
        if text:
            write_text(sheet, start + offset, 0, text, fmt)
    return start + len(lines)


def print_setup(sheet: Any, *, title: str, header_rows: int = 1) -> None:
    """Letter, landscape, one page wide, header rows repeated, the title on every page."""
    sheet.set_paper(1)  # US Letter: the exchange and its brokers print on it
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    if header_rows:
        sheet.repeat_rows(0, header_rows - 1)
    # "&" starts a code in page headers; "&&" is a literal ampersand.
    safe = text_clean(title)[:TITLE_MAX_CHARS].replace("&", "&&")
    sheet.set_header(f"&L{safe}&RConfidential")
    sheet.set_footer("&CPage &P of &N")
