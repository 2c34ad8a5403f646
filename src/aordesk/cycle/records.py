"""Recording written documents: their artifacts, and each report or statement as a new
version (superseding the current one). Runs inside the caller's transaction, so the artifacts,
the documents and the unit's `built` status commit together or not at all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.services import XLSX
from aordesk.brokers.models import Agency, Broker
from aordesk.cycle.documents import Written
from aordesk.cycle.models import BrokerReport, DocumentStatus, Statement


def next_version(model: type[BrokerReport] | type[Statement], **owner: Any) -> int:
    latest = model.objects.filter(**owner).order_by("-version").values_list("version", flat=True)
    return (latest.first() or 0) + 1


def artifacts_record(written: list[Written]) -> list[Artifact]:
    """The artifacts of the written files, in one INSERT (the caller's transaction)."""
    artifacts = [
        Artifact(
            kind=one.kind,
            relative_path=one.stored.relative_path,
            filename=one.filename,
            content_type=XLSX,
            size=one.stored.size,
            sha256=one.stored.sha256,
        )
        for one in written
    ]
    return Artifact.objects.bulk_create(artifacts)


def report_record(
    *,
    broker: Broker,
    month: dt.date,
    written: Written,
    artifact: Artifact,
    created_by: str,
    reason: str = "",
) -> BrokerReport:
    """Record the new version as current and supersede the previous one (inside the
    caller's transaction; the previous one goes first, only one may be current)."""
    previous = _supersede(BrokerReport, written, broker=broker, month=month)
    report = report_new(
        broker=broker, month=month, written=written, artifact=artifact, created_by=created_by
    )
    report.supersedes, report.reason = previous, reason
    report.save(force_insert=True)
    return report


def report_new(
    *, broker: Broker, month: dt.date, written: Written, artifact: Artifact, created_by: str
) -> BrokerReport:
    """The (unsaved) record of a written report: a first version is inserted as it is, in
    bulk with its batch; a later one by `report_record`, which supersedes the previous."""
    return BrokerReport(
        broker=broker,
        month=month,
        version=written.version,
        document_id=written.document_id,
        artifact=artifact,
        rows=written.rows,
        created_by=created_by,
    )


def statement_record(
    *,
    month: dt.date,
    written: Written,
    artifact: Artifact,
    created_by: str,
    broker: Broker | None = None,
    agency: Agency | None = None,
) -> Statement:
    kind = Statement.Kind.BROKER if broker is not None else Statement.Kind.AGENCY
    previous = _supersede(Statement, written, kind=kind, broker=broker, agency=agency, month=month)
    statement = statement_new(
        month=month,
        written=written,
        artifact=artifact,
        created_by=created_by,
        broker=broker,
        agency=agency,
    )
    statement.supersedes = previous
    statement.save(force_insert=True)
    return statement


def _supersede(model: type[BrokerReport] | type[Statement], written: Written, **owner: Any) -> Any:
    """The owner's current version, now superseded (None before version 2: nothing to)."""
    if written.version == 1:
        return None
    previous = model.objects.select_for_update().filter(**owner, status=DocumentStatus.CURRENT)
    found = previous.first()
    if found is not None:
        found.status = DocumentStatus.SUPERSEDED
        found.save(update_fields=["status"])
    return found


def statement_new(
    *,
    month: dt.date,
    written: Written,
    artifact: Artifact,
    created_by: str,
    broker: Broker | None = None,
    agency: Agency | None = None,
) -> Statement:
    """The (unsaved) record of a written statement (see `report_new`)."""
    kind = Statement.Kind.BROKER if broker is not None else Statement.Kind.AGENCY
    return Statement(
        kind=kind,
        broker=broker,
        agency=agency,
        month=month,
        version=written.version,
        document_id=written.document_id,
        artifact=artifact,
        rows=written.rows,
        created_by=created_by,
    )
