"""The acknowledgement workbook: the rows that need fixing, each with its reasons. Pure.

Every text goes through write_text (write_string underneath), so a name like "=1+1" or
"@SUM" comes back as text, never as a formula, whatever the broker typed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from aordesk.intake.issues import Issue
from aordesk.intake.reading.headers import FIELD_LABELS
from aordesk.workbooks.book import header_row_write, print_setup, row_fit
from aordesk.workbooks.cells import write_text
from aordesk.workbooks.identity import WorkbookIdentity, identity_write

SHEET = "Rows to fix"
FILE_SHEET = "About the file"
FIELDS = tuple(FIELD_LABELS)
HEADERS = ("Sheet", "Row", *FIELD_LABELS.values(), "What to fix")
WIDTHS = (8, 8, *(18 for _ in FIELD_LABELS), 70)
FILE_WIDTHS = (16, 90)
TITLE = "Rows to fix in your file"


@dataclass(frozen=True)
class AckRow:
    sheet: str
    number: int
    raw: dict[str, str]
    issues: tuple[Issue, ...]


def ack_write(
    path: Path,
    *,
    file_issues: Iterable[Issue],
    rows: Iterable[AckRow],
    identity: WorkbookIdentity | None,
    key: bytes,
) -> None:
    options = {"constant_memory": True, "strings_to_formulas": False}
    workbook = xlsxwriter.Workbook(str(path), options)
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet(SHEET)
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width, wrap if column == len(WIDTHS) - 1 else None)
    header_row_write(sheet, 0, HEADERS, bold, WIDTHS)
    for number, row in enumerate(rows, start=1):
        _row_write(sheet, number, row, wrap)
    sheet.freeze_panes(1, 0)
    print_setup(sheet, title=TITLE)
    _file_sheet_write(workbook, list(file_issues), bold, wrap)
    if identity is not None:
        identity_write(workbook, identity, key=key)
    workbook.close()


def _row_write(sheet: xlsxwriter.worksheet.Worksheet, at: int, row: AckRow, wrap: object) -> None:
    write_text(sheet, at, 0, row.sheet)
    sheet.write_number(at, 1, row.number)
    for offset, name in enumerate(FIELDS, start=2):
        write_text(sheet, at, offset, row.raw.get(name, ""))
    reasons = "\n".join(_reason(issue) for issue in row.issues)
    # The reasons wrap: the row grows to hold them rather than spill over the next one.
    row_fit(sheet, at, [(reasons, WIDTHS[-1])])
    write_text(sheet, at, len(HEADERS) - 1, reasons, wrap)


def _reason(issue: Issue) -> str:
    return f"{issue.column}: {issue.message}" if issue.column else issue.message


def _file_sheet_write(
    workbook: xlsxwriter.Workbook, issues: list[Issue], bold: object, wrap: object
) -> None:
    if not issues:
        return
    sheet = workbook.add_worksheet(FILE_SHEET)
    sheet.set_column(0, 0, FILE_WIDTHS[0])
    sheet.set_column(1, 1, FILE_WIDTHS[1], wrap)
    header_row_write(sheet, 0, ("Sheet", "What to fix"), bold, FILE_WIDTHS)
    for at, issue in enumerate(issues, start=1):
        row_fit(sheet, at, [(issue.message, FILE_WIDTHS[1])])
        write_text(sheet, at, 0, issue.sheet)
        write_text(sheet, at, 1, issue.message, wrap)
    print_setup(sheet, title=TITLE)
