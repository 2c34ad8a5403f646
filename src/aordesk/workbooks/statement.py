"""A broker's or an agency's monthly AOR statement: Summary (with totals and a chart),
Detail (streamed), and the signed identity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aordesk.workbooks.book import (
    Formats,
    formats_add,
    header_row_write,
    lines_write,
    print_setup,
    row_fit,
    widths_set,
    workbook_open,
)
from aordesk.workbooks.cells import write_date, write_text
from aordesk.workbooks.identity import WorkbookIdentity, identity_write

if TYPE_CHECKING:
    from pathlib import Path

TEMPLATE_VERSION = "statement/2"  # stamped into the identity; bump when the layout changes
SUMMARY_SHEET = "Summary"
DETAIL_SHEET = "Detail"
DETAIL_COLUMNS = (
    "Date Sent",
    "Enrollee Last Name",
    "Enrollee First Name",
    "Enrollee DOB",
    "Medical Carrier Name",
    "Medical EA Eff Date",
    "Broker Name",
    "Assister ID",
    "AOR Effective Date",
    "Program",
)
DETAIL_WIDTHS = (12, 22, 20, 13, 42, 13, 26, 12, 13, 28)
# Column A also holds the chart table's "Name (NPN)" labels below the summary.
SUMMARY_WIDTHS = (34, 26, 28, 42, 14, 14)
YEAR_TO_DATE = "Year to Date"
TOTAL_LABEL = "Total"
SUMMARY_HEADER_ROW = 4  # below the title and the three lines that explain the statement
CHART_MAX_CATEGORIES = 30  # past this a bar chart is unreadable; the table stays


@dataclass(frozen=True)
class StatementDetailRow:
    date_sent: dt.date
    last_name: str
    first_name: str
    dob: dt.date
    carrier_name: str
    plan_effective_on: dt.date  # Medical EA Eff Date, as on the report
    broker_name: str
    npn: str
    aor_effective_on: dt.date
    program: str


@dataclass(frozen=True)
class SummaryLine:
    npn: str
    broker_name: str
    program: str
    carrier_name: str
    sent_in_month: int
    year_to_date: int


@dataclass(frozen=True)
class StatementContext:
    title: str
    month_label: str
    identity: WorkbookIdentity


def summary_headers(month_label: str) -> tuple[str, ...]:
    return ("NPN", "Broker Name", "Program", "Carrier", f"Sent in {month_label}", YEAR_TO_DATE)


def statement_write(
    path: Path,
    *,
    context: StatementContext,
    summary: Sequence[SummaryLine],
    detail: Iterable[StatementDetailRow],
    key: bytes,
    in_memory: bool = False,
) -> int:
    """Write the statement to `path`; returns the number of detail rows written. On an error
    the file at `path` is incomplete and the caller discards it."""
    with workbook_open(path, in_memory=in_memory) as workbook:
        formats = formats_add(workbook)
        summary_sheet = workbook.add_worksheet(SUMMARY_SHEET)
        detail_sheet = workbook.add_worksheet(DETAIL_SHEET)
        chart_rows = _summary_write(summary_sheet, formats, context, summary)
        if chart_rows is not None:
            _chart_add(workbook, summary_sheet, context, chart_rows)
        written = _detail_write(detail_sheet, formats, context, detail)
        identity_write(workbook, context.identity, key=key)
    return written


def _summary_write(
    sheet: Any, formats: Formats, context: StatementContext, summary: Sequence[SummaryLine]
) -> tuple[int, int, str] | None:
    """Write the Summary sheet; returns the chart table's (first row, last row, heading)."""
    widths_set(sheet, SUMMARY_WIDTHS)
    title, (text, _), confidential = _summary_intro(context, formats)
    lines_write(sheet, 0, [title])
    # The explanation spans the table's width, wrapped, so it prints whole beside the chart.
    row_fit(sheet, 1, [(text, sum(SUMMARY_WIDTHS))])
    sheet.merge_range(1, 0, 1, len(SUMMARY_WIDTHS) - 1, "", formats.wrap)
    write_text(sheet, 1, 0, text, formats.wrap)
    lines_write(sheet, 2, [confidential])
    header_row_write(
        sheet,
        SUMMARY_HEADER_ROW,
        summary_headers(context.month_label),
        formats.header,
        SUMMARY_WIDTHS,
    )
    row = SUMMARY_HEADER_ROW
    for row, line in enumerate(summary, start=SUMMARY_HEADER_ROW + 1):
        _summary_line_write(sheet, row, line, formats)
    total_row = row + 1
    write_text(sheet, total_row, 0, TOTAL_LABEL, formats.total_label)
    for col in (1, 2, 3):
        sheet.write_blank(total_row, col, None, formats.total_label)
    month_total = sum(line.sent_in_month for line in summary)
    sheet.write_number(total_row, 4, month_total, formats.total_count)
    sheet.write_number(
        total_row, 5, sum(line.year_to_date for line in summary), formats.total_count
    )
    sheet.freeze_panes(SUMMARY_HEADER_ROW + 1, 0)
    print_setup(sheet, title=context.title, header_rows=SUMMARY_HEADER_ROW + 1)
    return _chart_table_write(sheet, formats, context, summary, total_row + 2)


def _summary_intro(context: StatementContext, formats: Formats) -> list[tuple[str, Any]]:
    return [
        (context.title, formats.title),
        (
            f"AORs sent to carriers in {context.month_label} and in the year to date, for "
            f"current-year enrollments, counted by primary enrollee. The {DETAIL_SHEET} "
            f"sheet lists the enrollees.",
            None,
        ),
        ("Confidential: this workbook holds consumers' personal information.", formats.note),
    ]


def _summary_line_write(sheet: Any, row: int, line: SummaryLine, formats: Formats) -> None:
    write_text(sheet, row, 0, line.npn)
    write_text(sheet, row, 1, line.broker_name)
    write_text(sheet, row, 2, line.program)
    write_text(sheet, row, 3, line.carrier_name)
    sheet.write_number(row, 4, line.sent_in_month, formats.count)
    sheet.write_number(row, 5, line.year_to_date, formats.count)


def _chart_groups(
    context: StatementContext, summary: Sequence[SummaryLine]
) -> tuple[str, dict[str, list[int]]]:
    """Counts by program for one broker, by broker for an agency, in first-seen order."""
    by_broker = context.identity.kind == "agency_statement" or len({s.npn for s in summary}) > 1
    groups: dict[str, list[int]] = {}
    for line in summary:
        name = f"{line.broker_name} ({line.npn})" if by_broker else line.program
        counts = groups.setdefault(name, [0, 0])
        counts[0] += line.sent_in_month
        counts[1] += line.year_to_date
    return ("Broker" if by_broker else "Program"), groups


def _chart_table_write(
    sheet: Any,
    formats: Formats,
    context: StatementContext,
    summary: Sequence[SummaryLine],
    start: int,
) -> tuple[int, int, str] | None:
    heading, groups = _chart_groups(context, summary)
    if not groups:
        return None
    chart_headers = (heading, *summary_headers(context.month_label)[4:])
    header_row_write(sheet, start, chart_headers, formats.header, SUMMARY_WIDTHS)
    row = start
    for row, (name, (month, year)) in enumerate(groups.items(), start=start + 1):
        write_text(sheet, row, 0, name)
        sheet.write_number(row, 1, month, formats.count)
        sheet.write_number(row, 2, year, formats.count)
    if len(groups) > CHART_MAX_CATEGORIES:
        return None
    return start, row, heading


def _chart_add(
    workbook: Any, sheet: Any, context: StatementContext, table: tuple[int, int, str]
) -> None:
    header, last, heading = table
    chart = workbook.add_chart({"type": "bar"})  # clustered horizontal bars
    for col in (1, 2):
        chart.add_series(
            {
                "name": [SUMMARY_SHEET, header, col],
                "categories": [SUMMARY_SHEET, header + 1, 0, last, 0],
                "values": [SUMMARY_SHEET, header + 1, col, last, col],
                "data_labels": {"value": True},
            }
        )
    chart.set_title({"name": f"AORs by {heading.lower()} - {context.month_label}"})
    chart.set_x_axis({"name": "Primary enrollees", "min": 0})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 640, "height": max(288, 60 + 40 * (last - header))})
    sheet.insert_chart(SUMMARY_HEADER_ROW, len(SUMMARY_WIDTHS) + 1, chart)


def _detail_write(
    sheet: Any, formats: Formats, context: StatementContext, detail: Iterable[StatementDetailRow]
) -> int:
    widths_set(sheet, DETAIL_WIDTHS)
    header_row_write(sheet, 0, DETAIL_COLUMNS, formats.header, DETAIL_WIDTHS)
    written = 0
    for written, row in enumerate(detail, start=1):
        write_date(sheet, written, 0, row.date_sent, formats.date)
        write_text(sheet, written, 1, row.last_name)
        write_text(sheet, written, 2, row.first_name)
        write_date(sheet, written, 3, row.dob, formats.date)
        write_text(sheet, written, 4, row.carrier_name)
        write_date(sheet, written, 5, row.plan_effective_on, formats.date)
        write_text(sheet, written, 6, row.broker_name)
        write_text(sheet, written, 7, row.npn)
        write_date(sheet, written, 8, row.aor_effective_on, formats.date)
        write_text(sheet, written, 9, row.program)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(written, 1), len(DETAIL_COLUMNS) - 1)
    print_setup(sheet, title=context.title)
    return written
