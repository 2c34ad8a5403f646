"""A broker's monthly AOR report: the AOR Report sheet, the Add Consumers return template,
Instructions, and the signed identity. Rows stream straight to disk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aordesk.workbooks.book import (
    Formats,
    formats_add,
    header_row_write,
    lines_write,
    print_setup,
    widths_set,
    workbook_open,
)
from aordesk.workbooks.cells import write_date, write_text
from aordesk.workbooks.consumers import (
    CONSUMER_COLUMNS,
    CONSUMERS_SHEET,
    LISTS_SHEET,
    consumers_write,
)
from aordesk.workbooks.identity import WorkbookIdentity, identity_write

TEMPLATE_VERSION = "aor-report/2"  # stamped into the identity; bump when the layout changes
REPORT_SHEET = "AOR Report"
INSTRUCTIONS_SHEET = "Instructions"
REPORT_COLUMNS = (
    "Date Sent",
    "Enrollee Last Name",
    "Enrollee First Name",
    "Enrollee DOB",
    "Medical Carrier Name",
    "Medical EA Eff Date",
    "Broker Name",
    "Assister ID",
)
# Not one of the policy's eight: when the broker became agent of record, which says when a
# commission starts. Always after them, never in place of one (ADR 0014).
AOR_EFFECTIVE_COLUMN = "AOR Effective Date"
COMMENTS_COLUMN = "Comments"
REPORT_HEADERS = (*REPORT_COLUMNS, AOR_EFFECTIVE_COLUMN, COMMENTS_COLUMN)
# Carrier names run to 40 characters ("Blue Cross and Blue Shield of Minnesota").
REPORT_WIDTHS = (12, 22, 20, 13, 42, 13, 26, 12, 13, 40)
INSTRUCTIONS_WIDTH = 100


@dataclass(frozen=True)
class ReportRow:
    date_sent: dt.date
    last_name: str
    first_name: str
    dob: dt.date
    carrier_name: str
    plan_effective_on: dt.date  # Medical EA Eff Date: the medical or dental plan's
    broker_name: str
    npn: str
    aor_effective_on: dt.date  # the AOR association's, in the extra column


@dataclass(frozen=True)
class ReportContext:
    broker_name: str
    npn: str
    month_label: str
    carrier_names: Sequence[str]
    identity: WorkbookIdentity
    empty_note: str | None = None


def report_write(
    path: Path,
    *,
    context: ReportContext,
    rows: Iterable[ReportRow],
    key: bytes,
    in_memory: bool = False,
) -> int:
    """Write the report to `path`; returns the number of rows written. On an error the file
    at `path` is incomplete and the caller discards it."""
    with workbook_open(path, in_memory=in_memory) as workbook:
        formats = formats_add(workbook)
        # Sheets appear in the order added; the data sheet first so it opens first.
        report_sheet = workbook.add_worksheet(REPORT_SHEET)
        consumers_sheet = workbook.add_worksheet(CONSUMERS_SHEET)
        instructions_sheet = workbook.add_worksheet(INSTRUCTIONS_SHEET)
        lists_sheet = workbook.add_worksheet(LISTS_SHEET)
        written = _report_sheet_write(report_sheet, formats, context, rows)
        consumers_write(consumers_sheet, lists_sheet, formats, context.carrier_names)
        print_setup(consumers_sheet, title=_title(context))
        _instructions_write(instructions_sheet, formats, context, empty=written == 0)
        identity_write(workbook, context.identity, key=key)
    return written


def _report_sheet_write(
    sheet: Any, formats: Formats, context: ReportContext, rows: Iterable[ReportRow]
) -> int:
    last = len(REPORT_HEADERS) - 1
    rows, empty = _peeked(rows)
    # A table stays a table: with no rows the note is a title above the header, never a
    # sentence in the Date Sent column that a sort, a filter or an import would take for data.
    header = 1 if empty and context.empty_note else 0
    # Only Comments is the broker's to fill; the rest is what the carriers were sent.
    widths_set(sheet, REPORT_WIDTHS[:-1])
    sheet.set_column(last, last, REPORT_WIDTHS[-1], formats.input_text)
    if header:
        write_text(sheet, 0, 0, str(context.empty_note), formats.note)
    header_row_write(sheet, header, REPORT_HEADERS, formats.header, REPORT_WIDTHS)
    sheet.write_comment(header, REPORT_COLUMNS.index("Assister ID"), "The broker's NPN.")
    written = 0
    for written, row in enumerate(rows, start=1):
        _report_row_write(sheet, header + written, row, formats)
    sheet.freeze_panes(header + 1, 0)
    sheet.autofilter(header, 0, header + max(written, 1), last)
    sheet.protect("", _REPORT_PROTECTION)
    print_setup(sheet, title=_title(context), header_rows=header + 1)
    return written


def _peeked(rows: Iterable[ReportRow]) -> tuple[Iterator[ReportRow], bool]:
    """The rows again, and whether there are none: the first is read ahead, not kept."""
    iterator = iter(rows)
    for first in iterator:
        return _resumed(first, iterator), False
    return iterator, True


def _resumed(first: ReportRow, rest: Iterator[ReportRow]) -> Iterator[ReportRow]:
    yield first
    del first  # a streamed row is let go once written
    yield from rest


# No password: protection only keeps accidental edits out of what the carriers were sent.
_REPORT_PROTECTION = {
    "autofilter": True,
    "sort": True,
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}


def _report_row_write(sheet: Any, row: int, data: ReportRow, formats: Formats) -> None:
    write_date(sheet, row, 0, data.date_sent, formats.date)
    write_text(sheet, row, 1, data.last_name)
    write_text(sheet, row, 2, data.first_name)
    write_date(sheet, row, 3, data.dob, formats.date)
    write_text(sheet, row, 4, data.carrier_name)
    write_date(sheet, row, 5, data.plan_effective_on, formats.date)
    write_text(sheet, row, 6, data.broker_name)
    write_text(sheet, row, 7, data.npn)
    write_date(sheet, row, 8, data.aor_effective_on, formats.date)


def _title(context: ReportContext) -> str:
    return f"AOR report - {context.month_label} - {context.broker_name} (NPN {context.npn})"


def _instructions_write(
    sheet: Any, formats: Formats, context: ReportContext, *, empty: bool
) -> None:
    sheet.set_column(0, 0, INSTRUCTIONS_WIDTH, formats.wrap)
    lines = _instructions_lines(formats, context)
    if empty and context.empty_note:
        lines.insert(2, (context.empty_note, formats.note))
    lines_write(sheet, 0, lines, width=INSTRUCTIONS_WIDTH)
    print_setup(sheet, title=_title(context), header_rows=0)


def _instructions_lines(formats: Formats, context: ReportContext) -> list[tuple[str, Any]]:
    required = ", ".join(column.name for column in CONSUMER_COLUMNS if column.required)
    month = context.month_label
    return [
        (f"AOR report - {month}", formats.title),
        (f"Broker: {context.broker_name} (NPN {context.npn})", None),
        ("", None),
        ("What this report is", formats.heading),
        (
            f"The '{REPORT_SHEET}' sheet lists the consumers with a current-year enrollment "
            f"whose agent-of-record (AOR) designation naming you was sent to their carrier "
            f"in {month}. Date Sent is the date of the carrier's AOR file; Assister ID is "
            f"your NPN. You may write notes in its Comments column.",
            formats.wrap,
        ),
        ("If a consumer is missing", formats.heading),
        (
            f"List each consumer you believe you are AOR for, but who is not on the report, "
            f"on the '{CONSUMERS_SHEET}' sheet: one consumer per row, from row 2. Columns "
            f"marked * are required: {required}. Dates are MM/DD/YYYY. Pick Carrier and the "
            f"methods from their drop-down lists.",
            formats.wrap,
        ),
        ("How to return it", formats.heading),
        (
            "Reply to the message this report came with in the broker portal and attach "
            "this workbook, saved as an Excel workbook (.xlsx). Keep the sheet names and "
            "header rows as they are and do not copy the rows into another file: the "
            "workbook carries a hidden identity that tells us which report you answer.",
            formats.wrap,
        ),
        ("Confidential", formats.heading),
        (
            "This workbook holds consumers' personal information. Keep it confidential, "
            "share it only with people in your agency who need it, do not send it by "
            "e-mail, and delete copies you no longer need.",
            formats.wrap,
        ),
    ]
