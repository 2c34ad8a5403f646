"""Synthetic report and statement inputs: invented people, invented carriers."""

import datetime as dt

from aordesk.workbooks.identity import WorkbookIdentity
from aordesk.workbooks.report import ReportContext, ReportRow
from aordesk.workbooks.statement import StatementContext, StatementDetailRow, SummaryLine

KEY = b"test-workbook-key"
CARRIERS = ("Northstar Health", "Lakeside Care, Inc.", "Prairie Dental")


def identity(**overrides) -> WorkbookIdentity:
    fields = dict(
        kind="aor_report",
        template_version="aor-report/2",
        document_id="6f1c2a4e-0000-4000-8000-000000000001",
        npn="1234567",
        agency_code="",
        month="2026-10",
        version=1,
    )
    fields.update(overrides)
    return WorkbookIdentity(**fields)


def report_row(n: int = 0, **overrides) -> ReportRow:
    fields = dict(
        date_sent=dt.date(2026, 10, 3),
        last_name=f"Testperson{n:06d}",
        first_name="Avery",
        dob=dt.date(1980, 1, 1) + dt.timedelta(days=n % 9000),
        carrier_name=CARRIERS[n % 2],
        plan_effective_on=dt.date(2026, 1, 1),
        broker_name="Pat Example",
        npn="1234567",
        aor_effective_on=dt.date(2026, 11, 1),
    )
    fields.update(overrides)
    return ReportRow(**fields)


def report_context(**overrides) -> ReportContext:
    fields = dict(
        broker_name="Pat Example",
        npn="1234567",
        month_label="October 2026",
        carrier_names=CARRIERS,
        identity=identity(),
        empty_note=None,
    )
    fields.update(overrides)
    return ReportContext(**fields)


def detail_row(n: int = 0, **overrides) -> StatementDetailRow:
    base = report_row(n)
    fields = dict(vars(base), program="QHP with financial help")
    fields.update(overrides)
    return StatementDetailRow(**fields)


def summary_line(**overrides) -> SummaryLine:
    fields = dict(
        npn="1234567",
        broker_name="Pat Example",
        program="QHP with financial help",
        carrier_name="Northstar Health",
        sent_in_month=3,
        year_to_date=10,
    )
    fields.update(overrides)
    return SummaryLine(**fields)


def statement_context(**overrides) -> StatementContext:
    fields = dict(
        title="AOR statement — October 2026 — Pat Example (NPN 1234567)",
        month_label="October 2026",
        identity=identity(kind="broker_statement", template_version="statement/2"),
    )
    fields.update(overrides)
    return StatementContext(**fields)
