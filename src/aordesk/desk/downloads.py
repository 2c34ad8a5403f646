"""The desk's files: a report as CSV, a document under a name that says whose it is, and a
month's reports and statements of every broker of the agency as one zip. Each download is
audited and sent with no-store, like the pages."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase

from aordesk.artifacts.models import Artifact
from aordesk.cycle.models import BrokerReport, Statement
from aordesk.desk import reports as desk_reports
from aordesk.desk.access import audit_look, month_of, no_store
from aordesk.desk.bundle import month_zip_write
from aordesk.desk.csvfile import csv_lines
from aordesk.desk.filenames import document_filename, month_zip_filename
from aordesk.desk.rows import RowFilter, rows_select
from aordesk.desk.scope import Scope, desk_scope
from aordesk.portal.permissions import deny


def _scope(request: HttpRequest, page: str) -> Scope:
    scope = desk_scope(request, page=page)
    if scope is None:  # staff without ?npn=: nothing to download
        raise Http404("Not found")
    return scope


@no_store
def report_csv(request: HttpRequest, month: str) -> HttpResponseBase:
    """The current version as CSV, filtered and sorted as the page was (q, carrier, sent,
    sort in the URL): the export is exactly what was on screen, all pages of it."""
    first = month_of(month)
    scope = _scope(request, "report_csv")
    if scope.broker is None:
        raise Http404("Not found")
    report = desk_reports.current_report(broker=scope.broker, month=first)
    if report is None:
        raise Http404("Not found")
    index = desk_reports.report_index(report)
    layout = index.layout
    kept = rows_select(index, RowFilter.from_params(request.GET))
    audit_look(request, scope, page="report_csv", report=report.pk, rows=len(kept))
    name = document_filename(
        kind=Artifact.Kind.AOR_REPORT,
        month=first,
        owner=scope.broker.npn,
        version=report.version,
        ext="csv",
    )
    response = StreamingHttpResponse(csv_lines(layout.headers, kept), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@no_store
def document_download(request: HttpRequest, kind: str, pk: int) -> HttpResponseBase:
    scope = _scope(request, "document")
    doc = _document(scope, kind, pk)
    if doc is None or not doc.downloadable:
        deny(request, object_type="document", object_id=f"{kind}:{pk}")
    artifact = doc.record.artifact
    audit_look(request, scope, page="document", artifact=artifact.pk, sha256=artifact.sha256)
    name = document_filename(
        kind=doc.kind,
        month=doc.record.month,
        owner=doc.owner,
        version=doc.record.version,
        ext="xlsx",
    )
    return FileResponse(
        desk_reports.artifact_path(artifact).open("rb"),
        as_attachment=True,
        filename=name,
        content_type=artifact.content_type,
    )


def _document(scope: Scope, kind: str, pk: int) -> desk_reports.Document | None:
    brokers = scope.brokers()
    if kind == "report":
        report = BrokerReport.objects.filter(pk=pk, broker__in=brokers).first()
        return None if report is None else desk_reports.document_of(report)
    if kind == "statement":
        statement = Statement.objects.filter(pk=pk).select_related("broker", "agency").first()
        if statement is None or not desk_reports.statement_in_scope(scope, statement):
            return None
        return desk_reports.document_of(statement)
    return None


@no_store
def month_zip(request: HttpRequest, month: str) -> HttpResponseBase:
    """Every current report and statement of the month in the scope, one zip (built in a
    temporary file, then streamed: 200 brokers' workbooks do not sit in memory)."""
    first = month_of(month)
    scope = _scope(request, "month_zip")
    brokers = list(scope.brokers())
    agency_id = scope.agency.pk if scope.is_agency_view and scope.agency else None
    docs = desk_reports.current_documents(brokers=brokers, month=first, agency_id=agency_id)
    if not docs:
        raise Http404("Not found")
    handle = month_zip_write(docs)
    audit_look(request, scope, page="month_zip", month=month, documents=len(docs))
    owner = scope.broker.npn if scope.broker else getattr(scope.agency, "code", "")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=month_zip_filename(month=first, owner=owner),
        content_type="application/zip",
    )
