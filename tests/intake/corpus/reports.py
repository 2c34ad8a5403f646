"""A returned AOR report: written by the workbooks writer, filled in as a broker would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from aordesk.workbooks.identity import WorkbookIdentity
from aordesk.workbooks.report import TEMPLATE_VERSION, ReportContext, ReportRow, report_write

KEY = b"test-workbook-key"


def report_identity(npn: str, agency_code: str = "", kind: str = "aor_report") -> WorkbookIdentity:
    return WorkbookIdentity(
        kind=kind,
        template_version=TEMPLATE_VERSION,
        document_id=f"report-{npn}-2026-10",
        npn=npn,
        agency_code=agency_code,
        month="2026-10",
        version=1,
    )


def report_sent(path: Path, *, npn: str, agency_code: str = "", key: bytes = KEY) -> Path:
    rows = [
        ReportRow(
            date_sent=dt.date(2026, 10, 15),
            last_name=f"Reportlast{n}",
            first_name=f"Reportfirst{n}",
            dob=dt.date(1970, 1, n),
            carrier_name="Blue Plus",
            plan_effective_on=dt.date(2026, 1, 1),
            broker_name="Brokerfirst Brokerlast",
            npn=npn,
            aor_effective_on=dt.date(2026, 11, 1),
        )
        for n in (1, 2, 3)
    ]
    context = ReportContext(
        broker_name="Brokerfirst Brokerlast",
        npn=npn,
        month_label="October 2026",
        carrier_names=["Blue Plus"],
        identity=report_identity(npn, agency_code),
    )
    report_write(path, context=context, rows=rows, key=key)
    return path


def report_returned(
    sent: Path, path: Path, *, consumers: list[list[object]], comment_rows: dict[int, str]
) -> Path:
    """Open in a spreadsheet program, add consumers and comments, save (shared strings)."""
    book = openpyxl.load_workbook(sent)
    add = book["Add Consumers"]
    for offset, values in enumerate(consumers, start=2):
        for column, value in enumerate(values, start=1):
            add.cell(offset, column, value)
    report = book["AOR Report"]
    header = [cell.value for cell in report[1]]
    comments = header.index("Comments") + 1  # after the policy's eight and AOR Effective Date
    for row, text in comment_rows.items():
        report.cell(row, comments, text)
    book.save(path)
    return path


def identity_tampered(path: Path) -> Path:
    book = openpyxl.load_workbook(path)
    sheet = book["aordesk_identity"]
    for row in sheet.iter_rows():
        if row[0].value == "npn":
            row[1].value = "999"
    book.save(path)
    return path
