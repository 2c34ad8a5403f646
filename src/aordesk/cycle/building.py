"""Building claimed units: write their workbooks (outside any transaction), then record a
batch of them (artifacts, documents, `built`, messages, audit) in one transaction.

A batch's bookkeeping is one INSERT per table instead of a dozen statements per unit. If
the batch cannot be recorded whole (a unit was reclaimed meanwhile), each unit is recorded
alone, so one lost unit costs only itself."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from aordesk.artifacts.models import Artifact
from aordesk.core.audit import Actor, AuditEntry, audit_record_many
from aordesk.cycle import documents, notices, records
from aordesk.cycle.models import BrokerReport, CycleUnit, Statement
from aordesk.cycle.services import BATCH_ROWS, ClaimedUnit, UnitLostError
from aordesk.messaging.services import messages_post

Kind = CycleUnit.Kind
UnitStatus = CycleUnit.Status


@dataclass(frozen=True)
class UnitFiles:
    """A claimed unit's written (not yet recorded) documents."""

    claimed: ClaimedUnit
    report: documents.Written | None
    statement: documents.Written


def cycle_unit_write(
    *,
    claimed: ClaimedUnit,
    worker_id: str,
    session: documents.BuildSession,
    prefetched: documents.Prefetched | None = None,
) -> UnitFiles:
    """Write the unit's workbooks. A broker unit whose report or statement fails fails
    whole; the retry rewrites both files at the same paths (same versions, same paths)."""
    unit = claimed.unit
    if unit.status != UnitStatus.BUILDING or unit.claimed_by != worker_id:
        raise UnitLostError(f"Unit {unit.pk} is not claimed by this worker.")
    month = unit.cycle.month
    if unit.kind == Kind.BROKER:
        assert unit.broker is not None
        report, statement = documents.broker_write(
            broker=unit.broker,
            month=month,
            report_version=claimed.report_version,
            statement_version=claimed.statement_version,
            session=session,
            prefetched=prefetched,
        )
        return UnitFiles(claimed, report, statement)
    assert unit.agency is not None
    statement = documents.agency_statement_write(
        agency=unit.agency, month=month, version=claimed.statement_version, session=session
    )
    return UnitFiles(claimed, None, statement)


def cycle_unit_build(
    *,
    claimed: ClaimedUnit,
    worker_id: str,
    actor: Actor,
    session: documents.BuildSession,
    prefetched: documents.Prefetched | None = None,
) -> CycleUnit:
    """Write one unit's workbooks and record them, only if this worker still holds it."""
    files = cycle_unit_write(
        claimed=claimed, worker_id=worker_id, session=session, prefetched=prefetched
    )
    return cycle_units_record(built=[files], worker_id=worker_id, actor=actor)[0]


def batch_prefetch(*, claimed: list[ClaimedUnit]) -> documents.Prefetched:
    """Read the rows and counts of a claim batch's small broker units together (a big one,
    alone in its batch, streams its rows in the build instead)."""
    if not claimed:
        return documents.Prefetched({}, {})
    small = [
        c.unit.broker_id
        for c in claimed
        if c.unit.broker_id is not None and c.unit.expected_rows <= BATCH_ROWS
    ]
    return documents.Prefetched.read(broker_ids=small, month=claimed[0].unit.cycle.month)


@transaction.atomic
def cycle_units_record(*, built: list[UnitFiles], worker_id: str, actor: Actor) -> list[CycleUnit]:
    """Record written units as built, with their artifacts, documents, messages and audit
    events, all or none, and only if this worker still holds every one of them."""
    units = [files.claimed.unit for files in built]
    _hold_check(units, worker_id)
    written = [w for files in built for w in (files.report, files.statement) if w is not None]
    _documents_record(built, records.artifacts_record(written), actor.label)
    now = timezone.now()
    for files in built:
        unit = files.claimed.unit
        unit.transition_to(UnitStatus.BUILT)
        # A broker's statement lists the same rows as its report.
        unit.rows, unit.built_at, unit.last_error = (files.report or files.statement).rows, now, ""
    fields = ["status", "report", "statement", "rows", "built_at", "last_error"]
    CycleUnit.objects.bulk_update(units, fields)
    messages_post(posts=[notices.unit_post(unit) for unit in units], actor=actor, notify=False)
    audit_record_many(actor=actor, entries=[_built(files) for files in built])
    return units


def _hold_check(units: list[CycleUnit], worker_id: str) -> None:
    """Every unit still `building` for this worker, locked until the transaction ends (on
    SQLite the transaction holds the write lock already): else nothing is recorded."""
    held = CycleUnit.objects.filter(
        pk__in=[unit.pk for unit in units], status=UnitStatus.BUILDING, claimed_by=worker_id
    )
    if connection.vendor == "postgresql":
        held = held.select_for_update()
    ids = set(held.values_list("id", flat=True))
    lost = [unit.pk for unit in units if unit.pk not in ids]
    if lost:
        raise UnitLostError(f"Unit {lost[0]} was reclaimed before it was recorded.")


def _documents_record(built: list[UnitFiles], artifacts: list[Artifact], by: str) -> None:
    """Each unit's report and statement records: first versions in one INSERT per table,
    later ones (after a correction) one by one, superseding the version before."""
    first_reports: list[BrokerReport] = []
    first_statements: list[Statement] = []
    found = iter(artifacts)
    for files in built:
        unit = files.claimed.unit
        if files.report is not None:
            unit.report = _report_of(unit, files.report, next(found), by)
            if unit.report.pk is None:
                first_reports.append(unit.report)
        unit.statement = _statement_of(unit, files.statement, next(found), by)
        if unit.statement.pk is None:
            first_statements.append(unit.statement)
    BrokerReport.objects.bulk_create(first_reports)
    Statement.objects.bulk_create(first_statements)


def _report_of(
    unit: CycleUnit, written: documents.Written, artifact: Artifact, by: str
) -> BrokerReport:
    """A first version unsaved (for the bulk insert); a later one recorded here."""
    assert unit.broker is not None
    record = records.report_new if written.version == 1 else records.report_record
    return record(
        broker=unit.broker,
        month=unit.cycle.month,
        written=written,
        artifact=artifact,
        created_by=by,
    )


def _statement_of(
    unit: CycleUnit, written: documents.Written, artifact: Artifact, by: str
) -> Statement:
    record = records.statement_new if written.version == 1 else records.statement_record
    return record(
        month=unit.cycle.month,
        written=written,
        artifact=artifact,
        created_by=by,
        broker=unit.broker,
        agency=unit.agency,
    )


def _built(files: UnitFiles) -> AuditEntry:
    unit = files.claimed.unit
    detail = {"kind": unit.kind, "rows": unit.rows, "attempt": unit.attempts}
    if files.report is not None:
        detail["report_version"] = files.report.version
    detail["statement_version"] = files.statement.version
    return AuditEntry("cycle.unit_build", "cycle_unit", unit.pk, detail)
