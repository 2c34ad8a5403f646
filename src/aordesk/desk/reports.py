"""Reads of the desk's reports page: every version of every report and statement of the
scope, and a report's rows read from its own workbook (the document of record), so the page
and the CSV show exactly what was sent, whatever the columns of that version were."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from python_calamine import CalamineWorkbook

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.storage import absolute
from aordesk.brokers.models import Broker
from aordesk.cycle.models import BrokerReport, DocumentStatus, Statement
from aordesk.desk.columns import Layout
from aordesk.desk.scope import Scope
from aordesk.messaging.models import Attachment
from aordesk.workbooks.report import REPORT_SHEET


@dataclass(frozen=True)
class Withdrawal:
    reason: str
    at: dt.datetime | None


@dataclass
class Document:
    """One version of a report or statement as the reports page lists it."""

    kind: str  # artifact kind: aor_report, broker_statement, agency_statement
    record: BrokerReport | Statement
    owner: str  # NPN or agency code
    owner_name: str
    withdrawal: Withdrawal | None = None

    @property
    def is_current(self) -> bool:
        return self.record.status == DocumentStatus.CURRENT

    @property
    def url_kind(self) -> str:
        return "report" if self.kind == Artifact.Kind.AOR_REPORT else "statement"

    @property
    def downloadable(self) -> bool:
        return self.is_current and self.withdrawal is None


@dataclass
class Month:
    month: dt.date
    documents: list[Document] = field(default_factory=list)


def months_of(scope: Scope) -> list[dt.date]:
    """Every month with a report or statement in the scope, newest first."""
    reports = BrokerReport.objects.filter(broker__in=scope.brokers())
    statements = Statement.objects.filter(_statements_owned(scope))
    found = set(reports.order_by().values_list("month", flat=True).distinct())
    found.update(statements.order_by().values_list("month", flat=True).distinct())
    return sorted(found, reverse=True)


def _statements_owned(scope: Scope) -> Q:
    owned = Q(kind=Statement.Kind.BROKER, broker__in=scope.brokers())
    if scope.is_agency_view and scope.agency is not None:
        owned |= Q(kind=Statement.Kind.AGENCY, agency=scope.agency)
    return owned


def documents_of(scope: Scope, *, months: list[dt.date]) -> list[Month]:
    """The documents of `months`, every version, the current one first within an owner."""
    found = {month: Month(month) for month in months}
    reports = (
        BrokerReport.objects.filter(broker__in=scope.brokers(), month__in=months)
        .select_related("broker", "artifact")
        .order_by("broker__last_name", "broker__first_name", "broker__npn", "-version")
    )
    statements = (
        Statement.objects.filter(_statements_owned(scope), month__in=months)
        .select_related("broker", "agency", "artifact")
        .order_by("kind", "broker__last_name", "broker__npn", "-version")
    )
    docs = [_report_doc(r) for r in reports] + [_statement_doc(s) for s in statements]
    withdrawals = _withdrawals([d.record.artifact_id for d in docs])
    for doc in docs:
        doc.withdrawal = withdrawals.get(doc.record.artifact_id)
        found[doc.record.month].documents.append(doc)
    return [found[month] for month in months]


def _report_doc(report: BrokerReport) -> Document:
    broker = report.broker
    return Document(Artifact.Kind.AOR_REPORT, report, broker.npn, broker.full_name)


def _statement_doc(statement: Statement) -> Document:
    if statement.kind == Statement.Kind.AGENCY:
        agency = statement.agency
        assert agency is not None
        return Document(Artifact.Kind.AGENCY_STATEMENT, statement, agency.code, agency.name)
    broker = statement.broker
    assert broker is not None
    return Document(Artifact.Kind.BROKER_STATEMENT, statement, broker.npn, broker.full_name)


def _withdrawals(artifact_ids: list[int]) -> dict[int, Withdrawal]:
    """The files withdrawn from download, why and when (the message's attachment says)."""
    rows = Attachment.objects.filter(
        artifact_id__in=artifact_ids, status=Attachment.Status.SUPERSEDED
    ).values_list("artifact_id", "superseded_reason", "superseded_at")
    return {pk: Withdrawal(reason, at) for pk, reason, at in rows}


def document_of(record: BrokerReport | Statement) -> Document:
    """One document with its withdrawal, if any (a download checks it)."""
    doc = _report_doc(record) if isinstance(record, BrokerReport) else _statement_doc(record)
    doc.withdrawal = _withdrawals([record.artifact_id]).get(record.artifact_id)
    return doc


def statement_in_scope(scope: Scope, statement: Statement) -> bool:
    if statement.kind == Statement.Kind.AGENCY:
        return scope.is_agency_view and statement.agency_id == getattr(scope.agency, "pk", None)
    return scope.brokers().filter(pk=statement.broker_id).exists()


def current_report(*, broker: Broker, month: dt.date) -> BrokerReport | None:
    return (
        BrokerReport.objects.select_related("artifact", "broker")
        .filter(broker=broker, month=month, status=DocumentStatus.CURRENT)
        .first()
    )


def current_documents(*, brokers: list[Broker], month: dt.date, agency_id: int | None) -> list[Any]:
    """The month's current reports and statements of `brokers` (and the agency's statement),
    with their artifacts and owners, for the month's zip."""
    reports = BrokerReport.objects.filter(
        broker__in=brokers, month=month, status=DocumentStatus.CURRENT
    ).select_related("broker", "artifact")
    owned = Q(kind=Statement.Kind.BROKER, broker__in=brokers)
    if agency_id is not None:
        owned |= Q(kind=Statement.Kind.AGENCY, agency_id=agency_id)
    statements = Statement.objects.filter(
        owned, month=month, status=DocumentStatus.CURRENT
    ).select_related("broker", "agency", "artifact")
    docs = [_report_doc(r) for r in reports] + [_statement_doc(s) for s in statements]
    withdrawn = _withdrawals([d.record.artifact_id for d in docs])
    return [d for d in docs if d.record.artifact_id not in withdrawn]


def artifact_path(artifact: Artifact) -> Any:
    """Where the stored file is read from (one place, should storage change)."""
    return absolute(artifact.relative_path)


def report_rows(report: BrokerReport) -> tuple[Layout, list[tuple[Any, ...]]]:
    """The rows of the report's AOR Report sheet, as many as the report recorded (an empty
    report's note is not a row)."""
    with artifact_path(report.artifact).open("rb") as handle:
        book = CalamineWorkbook.from_filelike(handle)
        cells = book.get_sheet_by_name(REPORT_SHEET).to_python(skip_empty_area=False)
    if not cells:
        return Layout.of(()), []
    layout = Layout.of(cells[0])
    return layout, [layout.row(row) for row in cells[1 : report.rows + 1]]
