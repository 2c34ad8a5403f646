"""Reads of the desk's reports page: every version of every report and statement of the
scope, and a report's rows read from its own workbook (the document of record), so the page
and the CSV show exactly what was sent, whatever the columns of that version were."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from python_calamine import CalamineWorkbook

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.storage import absolute
from aordesk.brokers.models import Broker
from aordesk.cycle.models import BrokerReport, DocumentStatus, Statement
from aordesk.desk.columns import Layout
from aordesk.desk.rows import RowIndex
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


def documents_of(
    scope: Scope, *, months: list[dt.date], brokers: list[Broker] | None = None
) -> list[Month]:
    """The documents of `months`, every version: the agency's statement first, then each
    broker's report and statement together, newest version first. `brokers` narrows an
    agency's page to one page of its brokers (the agency statement comes with the first)."""
    found = {month: Month(month) for month in months}
    owners: Any = scope.brokers() if brokers is None else brokers
    reports = BrokerReport.objects.filter(broker__in=owners, month__in=months).select_related(
        "broker", "artifact"
    )
    owned = Q(kind=Statement.Kind.BROKER, broker__in=owners)
    if (
        scope.is_agency_view
        and scope.agency is not None
        and (brokers is None or _first(brokers, scope))
    ):
        owned |= Q(kind=Statement.Kind.AGENCY, agency=scope.agency)
    statements = Statement.objects.filter(owned, month__in=months).select_related(
        "broker", "agency", "artifact"
    )
    docs = [_report_doc(r) for r in reports] + [_statement_doc(s) for s in statements]
    docs.sort(key=_document_order)
    withdrawals = _withdrawals([d.record.artifact_id for d in docs])
    for doc in docs:
        doc.withdrawal = withdrawals.get(doc.record.artifact_id)
        found[doc.record.month].documents.append(doc)
    return [found[month] for month in months]


def _first(brokers: list[Broker], scope: Scope) -> bool:
    """Whether `brokers` is the first page of the agency's (the agency statement goes there)."""
    first = scope.brokers().order_by("last_name", "first_name", "npn").first()
    return first is None or (bool(brokers) and brokers[0].pk == first.pk)


_KIND_ORDER: dict[str, int] = {
    Artifact.Kind.AGENCY_STATEMENT: 0,
    Artifact.Kind.AOR_REPORT: 1,
    Artifact.Kind.BROKER_STATEMENT: 2,
}


def _document_order(doc: Document) -> tuple[Any, ...]:
    agency_first = doc.kind != Artifact.Kind.AGENCY_STATEMENT
    name = doc.owner_name.rsplit(" ", 1)[::-1] if agency_first else [doc.owner_name]
    return (agency_first, *name, doc.owner, _KIND_ORDER[doc.kind], -doc.record.version)


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
    return scope.brokers().filter(pk=int(statement.broker_id or 0)).exists()


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


# Parsed reports kept per process: a version never changes (a correction is a new artifact),
# so the index of a 2,000-row report is read once, not on every page, sort and export.
_INDEXES: OrderedDict[tuple[int, str], RowIndex] = OrderedDict()
_INDEXES_KEPT = 32
_LOCK = threading.Lock()


def report_index(report: BrokerReport) -> RowIndex:
    key = (report.artifact_id, report.artifact.sha256)
    with _LOCK:
        found = _INDEXES.get(key)
        if found is not None:
            _INDEXES.move_to_end(key)
            return found
    found = RowIndex(*report_rows(report))
    with _LOCK:
        _INDEXES[key] = found
        while len(_INDEXES) > _INDEXES_KEPT:
            _INDEXES.popitem(last=False)
    return found


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
