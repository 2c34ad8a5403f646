"""A determination workbook: what the Broker Team decided about each consumer a broker
listed in one file. The Determinations sheet (one row per claim, as the broker wrote it),
Instructions, and the signed identity. Only broker-facing codes and explanations: nothing
from our records beyond what the broker is entitled to know."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

TEMPLATE_VERSION = "determination/1"  # stamped into the identity; bump when the layout changes
DETERMINATIONS_SHEET = "Determinations"
INSTRUCTIONS_SHEET = "Instructions"
DETERMINATION_HEADERS = (
    "Your Sheet",
    "Your Row",
    "Enrollee First Name",
    "Enrollee Last Name",
    "Enrollee DOB",
    "Application or Enrollment Date",
    "Carrier (as you wrote it)",
    "Determination",
    "Explanation",
    "Decision Date",
    "Date Received",
)
DETERMINATION_WIDTHS = (16, 9, 20, 22, 13, 16, 42, 18, 70, 13, 13)
EXPLANATION_AT = DETERMINATION_HEADERS.index("Explanation")
INSTRUCTIONS_WIDTH = 100


@dataclass(frozen=True)
class DeterminationRow:
    sheet: str
    row_number: int
    first_name: str
    last_name: str
    dob: dt.date
    application_date: dt.date
    carrier: str
    code: str
    explanation: str
    decided_on: dt.date
    received_on: dt.date


@dataclass(frozen=True)
class DeterminationContext:
    broker_name: str
    npn: str
    file_name: str  # the broker's file, as they named it
    received_on: dt.date
    version: int
    identity: WorkbookIdentity


def determination_write(
    path: Path, *, context: DeterminationContext, rows: Sequence[DeterminationRow], key: bytes
) -> int:
    """Write the workbook to `path` (small: built in memory); returns the rows written."""
    with workbook_open(path, in_memory=True) as workbook:
        formats = formats_add(workbook)
        sheet = workbook.add_worksheet(DETERMINATIONS_SHEET)
        instructions = workbook.add_worksheet(INSTRUCTIONS_SHEET)
        _determinations_write(sheet, formats, context, rows)
        _instructions_write(instructions, formats, context)
        identity_write(workbook, context.identity, key=key)
    return len(rows)


def _determinations_write(
    sheet: Any, formats: Formats, context: DeterminationContext, rows: Sequence[DeterminationRow]
) -> None:
    last = len(DETERMINATION_HEADERS) - 1
    widths_set(sheet, DETERMINATION_WIDTHS)
    header_row_write(sheet, 0, DETERMINATION_HEADERS, formats.header, DETERMINATION_WIDTHS)
    for number, row in enumerate(rows, start=1):
        _row_write(sheet, number, row, formats)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), last)
    print_setup(sheet, title=_title(context))


def _row_write(sheet: Any, row: int, data: DeterminationRow, formats: Formats) -> None:
    # The explanation wraps: the row grows to hold it rather than spill over the next one.
    row_fit(sheet, row, [(data.explanation, DETERMINATION_WIDTHS[EXPLANATION_AT])])
    write_text(sheet, row, 0, data.sheet)
    # The row number is text like every other value a broker's file gave us.
    write_text(sheet, row, 1, str(data.row_number))
    write_text(sheet, row, 2, data.first_name)
    write_text(sheet, row, 3, data.last_name)
    write_date(sheet, row, 4, data.dob, formats.date)
    write_date(sheet, row, 5, data.application_date, formats.date)
    write_text(sheet, row, 6, data.carrier)
    write_text(sheet, row, 7, data.code)
    write_text(sheet, row, EXPLANATION_AT, data.explanation, formats.wrap)
    write_date(sheet, row, 9, data.decided_on, formats.date)
    write_date(sheet, row, 10, data.received_on, formats.date)


def _title(context: DeterminationContext) -> str:
    return f"Determinations - {context.broker_name} (NPN {context.npn})"


def _instructions_write(sheet: Any, formats: Formats, context: DeterminationContext) -> None:
    sheet.set_column(0, 0, INSTRUCTIONS_WIDTH, formats.wrap)
    lines_write(sheet, 0, _instructions_lines(formats, context), width=INSTRUCTIONS_WIDTH)
    print_setup(sheet, title=_title(context), header_rows=0)


_CODES = (
    "ON_REPORT: the consumer is on your AOR report for the month named (with its Date Sent).",
    "SENT: your association was sent to the carrier on the date named; it will be on your "
    "AOR report for that month.",
    "HELD: your association is held until the consumer's enrollment is sent to the carrier.",
    "NOT_CURRENT_YEAR: your association is for an enrollment outside the current year.",
    "NO_ASSOCIATION: we found no association of you with this consumer for that carrier. "
    "To become the agent of record, submit one through the portal or with the electronic "
    "or paper (PDF) form.",
)


def _instructions_lines(formats: Formats, context: DeterminationContext) -> list[tuple[str, Any]]:
    received = f"{context.received_on:%m/%d/%Y}"
    return [
        (f"Determinations (version {context.version})", formats.title),
        (f"Broker: {context.broker_name} (NPN {context.npn})", None),
        (f"Your file: {context.file_name}, received {received}", None),
        ("", None),
        ("What this file is", formats.heading),
        (
            f"The '{DETERMINATIONS_SHEET}' sheet has one row for each consumer you listed in "
            "that file, as you wrote it (Your Sheet and Your Row say where), with what the "
            "Broker Team decided and why. A newer version replaces this one when a consumer "
            "is reviewed again.",
            formats.wrap,
        ),
        ("The determinations", formats.heading),
        *((code, formats.wrap) for code in _CODES),
        ("Questions", formats.heading),
        (
            "Reply to the message this file came with in the broker portal.",
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
