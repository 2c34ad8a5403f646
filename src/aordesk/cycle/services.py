"""Writes of the cycle: start it (behind the month-close gate), create its units, claim,
build and fail units, finish it; and `broker_report_build` for corrected reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from aordesk.brokers.models import Agency, Broker
from aordesk.core.audit import Actor, audit_record
from aordesk.core.dates import format_month
from aordesk.core.errors import ApplicationError
from aordesk.cycle import documents, notices, rules, selectors
from aordesk.cycle.models import BrokerReport, Cycle, CycleUnit, Statement

Kind = CycleUnit.Kind
UnitStatus = CycleUnit.Status


class GateClosedError(ApplicationError):
    """Some carrier's final AOR file of the month is not out yet."""


class UnitLostError(ApplicationError):
    """The unit was reclaimed from this worker (its lease ran out) before it committed."""


@transaction.atomic
def cycle_start(
    *, month: dt.date, actor: Actor, open_carriers: list[str], override_reason: str = ""
) -> Cycle:
    """Open (or reopen) month M's cycle. Refuses while carriers are open unless staff give a
    reason, which is kept on the cycle and in the audit log."""
    reason = override_reason.strip()
    if open_carriers and not reason:
        raise GateClosedError(
            f"The month is not closed; still open: {', '.join(open_carriers)}.",
            extra={"open_carriers": open_carriers},
        )
    cycle, _ = Cycle.objects.select_for_update().get_or_create(
        month=month, defaults={"started_by": actor.label}
    )
    cycle.transition_to(Cycle.Status.RUNNING)
    cycle.started_by, cycle.started_at, cycle.finished_at = actor.label, timezone.now(), None
    if open_carriers:
        cycle.gate_override_reason = reason
    cycle.save()
    detail: dict = {"month": format_month(month), "gate_overridden": bool(open_carriers)}
    if open_carriers:
        detail.update(open_carriers=open_carriers, override_reason=reason)
    audit_record(
        actor=actor, action="cycle.start", object_type="cycle", object_id=cycle.pk, detail=detail
    )
    return cycle


@transaction.atomic
def cycle_units_create(*, cycle: Cycle, actor: Actor, broker: Broker | None = None) -> int:
    """One unit per broker report, broker statement and agency statement due (idempotent).
    For one broker: only that broker's two units, never its agency's."""
    broker_ids = selectors.brokers_with_current_year_aors(
        month=cycle.month, broker_id=broker.pk if broker else None
    )
    agency_ids = [] if broker else selectors.agencies_of(broker_ids=broker_ids)
    existing = set(cycle.units.values_list("kind", "broker_id", "agency_id"))
    wanted: list[tuple[str, int | None, int | None]] = [
        (kind, b, None) for b in broker_ids for kind in (Kind.BROKER_REPORT, Kind.BROKER_STATEMENT)
    ]
    wanted += [(Kind.AGENCY_STATEMENT, None, a) for a in agency_ids]
    new = [
        CycleUnit(cycle=cycle, kind=kind, broker_id=b, agency_id=a)
        for kind, b, a in wanted
        if (kind, b, a) not in existing
    ]
    # Two runs starting at once both plan: the second's duplicates are skipped, not errors.
    CycleUnit.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    if broker is None:
        cycle.units_planned_at = timezone.now()
        cycle.save(update_fields=["units_planned_at"])
    audit_record(
        actor=actor,
        action="cycle.units_create",
        object_type="cycle",
        object_id=cycle.pk,
        detail={"created": len(new), "brokers": len(broker_ids), "agencies": len(agency_ids)},
    )
    return len(new)


@transaction.atomic
def cycle_units_reclaim(*, cycle: Cycle, actor: Actor) -> int:
    """Put failed units, and units left `building` by a dead worker, back to pending."""
    now = timezone.now()
    building = cycle.units.filter(status=UnitStatus.BUILDING).values_list(
        "id", "claimed_by", "claimed_at"
    )
    stale = [
        pk
        for pk, worker, claimed_at in building
        if rules.unit_is_stale(claimed_by=worker, claimed_at=claimed_at, now=now)
    ]
    back = Q(status=UnitStatus.FAILED) | Q(pk__in=stale, status=UnitStatus.BUILDING)
    count = cycle.units.filter(back).update(
        status=UnitStatus.PENDING, claimed_by="", claimed_at=None
    )
    audit_record(
        actor=actor,
        action="cycle.units_reclaim",
        object_type="cycle",
        object_id=cycle.pk,
        detail={"reclaimed": count, "stale_building": len(stale)},
    )
    return count


def cycle_unit_reclaim_if_stale(*, unit_id: int) -> bool:
    """One unit a dead worker left `building` goes back to pending (a queued task's check)."""
    held = CycleUnit.objects.filter(pk=unit_id, status=UnitStatus.BUILDING)
    for claimed_by, claimed_at in held.values_list("claimed_by", "claimed_at"):
        if rules.unit_is_stale(claimed_by=claimed_by, claimed_at=claimed_at, now=timezone.now()):
            return bool(
                held.filter(claimed_by=claimed_by).update(
                    status=UnitStatus.PENDING, claimed_by="", claimed_at=None
                )
            )
    return False


def cycle_unit_claim(*, unit_id: int, worker_id: str) -> bool:
    """pending -> building for this worker, as one conditional UPDATE: of two workers
    racing for the unit exactly one sees a row updated. Bookkeeping only: the build that
    follows is what the audit log records."""
    updated = CycleUnit.objects.filter(pk=unit_id, status=UnitStatus.PENDING).update(
        status=UnitStatus.BUILDING,
        claimed_by=worker_id,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    return updated == 1


def cycle_unit_claim_next(
    *, cycle_id: int, worker_id: str, broker_id: int | None = None
) -> int | None:
    """The next pending unit of the cycle, claimed for this worker; None when none is left."""
    pending = CycleUnit.objects.filter(cycle_id=cycle_id, status=UnitStatus.PENDING)
    if broker_id is not None:
        pending = pending.filter(broker_id=broker_id)
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Workers skip each other's locked rows instead of queueing behind them.
                pending = pending.select_for_update(skip_locked=True)
            unit_id = pending.order_by("id").values_list("id", flat=True).first()
            if unit_id is None:
                return None
            if cycle_unit_claim(unit_id=unit_id, worker_id=worker_id):
                return unit_id


def cycle_unit_build(
    *, unit_id: int, worker_id: str, actor: Actor, session: documents.BuildSession
) -> CycleUnit:
    """Write the unit's workbook, then record artifact, document and `built` in one
    transaction, only if this worker still holds the unit."""
    unit = selectors.cycle_unit_for_build(unit_id=unit_id)
    if unit.status != UnitStatus.BUILDING or unit.claimed_by != worker_id:
        raise UnitLostError(f"Unit {unit_id} is not claimed by this worker.")
    written = _unit_write(unit, session)
    return _unit_record(unit=unit, worker_id=worker_id, written=written, actor=actor)


def _unit_write(unit: CycleUnit, session: documents.BuildSession) -> documents.Written:
    month = unit.cycle.month
    if unit.kind == Kind.BROKER_REPORT:
        assert unit.broker is not None
        version = documents.next_version(BrokerReport, broker=unit.broker, month=month)
        return documents.report_write(
            broker=unit.broker, month=month, version=version, session=session
        )
    owner: dict[str, Any] = (
        {"broker": unit.broker} if unit.kind == Kind.BROKER_STATEMENT else {"agency": unit.agency}
    )
    version = documents.next_version(Statement, month=month, **owner)
    return documents.statement_write(month=month, version=version, session=session, **owner)


@transaction.atomic
def _unit_record(
    *, unit: CycleUnit, worker_id: str, written: documents.Written, actor: Actor
) -> CycleUnit:
    month, by = unit.cycle.month, actor.label
    document: BrokerReport | Statement
    if unit.kind == Kind.BROKER_REPORT:
        assert unit.broker is not None
        document = documents.report_record(
            broker=unit.broker, month=month, written=written, created_by=by
        )
    else:
        document = documents.statement_record(
            month=month, written=written, created_by=by, broker=unit.broker, agency=unit.agency
        )
    unit.transition_to(UnitStatus.BUILT)
    unit.artifact, unit.rows, unit.built_at = document.artifact, written.rows, timezone.now()
    # The guard and the write in one statement: if the unit was reclaimed meanwhile, nothing
    # matches and the whole transaction (artifact, document) rolls back.
    held = CycleUnit.objects.filter(pk=unit.pk, status=UnitStatus.BUILDING, claimed_by=worker_id)
    if not held.update(
        status=unit.status,
        artifact=unit.artifact,
        rows=unit.rows,
        built_at=unit.built_at,
        last_error="",
    ):
        raise UnitLostError(f"Unit {unit.pk} was reclaimed before it was recorded.")
    notices.unit_message_post(unit=unit, document=document, rows=written.rows, actor=actor)
    audit_record(
        actor=actor,
        action="cycle.unit_build",
        object_type="cycle_unit",
        object_id=unit.pk,
        detail={
            "kind": unit.kind,
            "rows": written.rows,
            "version": written.version,
            "attempt": unit.attempts,
        },
    )
    return unit


@transaction.atomic
def cycle_unit_fail(*, unit_id: int, worker_id: str, error: BaseException, actor: Actor) -> bool:
    """Record the failure (class and our own message only) if this worker holds the unit."""
    summary = rules.error_summary(error)
    updated = CycleUnit.objects.filter(
        pk=unit_id, status=UnitStatus.BUILDING, claimed_by=worker_id
    ).update(status=UnitStatus.FAILED, last_error=summary)
    if updated:
        audit_record(
            actor=actor,
            action="cycle.unit_build",
            object_type="cycle_unit",
            object_id=unit_id,
            outcome="failure",
            detail={"error": summary.split(":")[0]},
        )
    return updated == 1


@transaction.atomic
def cycle_finish(*, cycle_id: int, actor: Actor) -> Cycle:
    """Close the cycle once no unit is pending or building; otherwise leave it running."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle_id)
    counts = selectors.cycle_unit_counts(cycle=cycle)
    unfinished = counts["pending"] or counts["building"] or cycle.units_planned_at is None
    if cycle.status != Cycle.Status.RUNNING or unfinished:
        return cycle
    failed = counts["failed"]
    cycle.transition_to(Cycle.Status.COMPLETED_WITH_FAILURES if failed else Cycle.Status.COMPLETED)
    cycle.finished_at = timezone.now()
    cycle.save(update_fields=["status", "finished_at"])
    audit_record(
        actor=actor, action="cycle.finish", object_type="cycle", object_id=cycle.pk, detail=counts
    )
    return cycle


@transaction.atomic
def broker_report_build(
    *, broker: Broker, month: dt.date, actor: Actor, reason: str
) -> BrokerReport:
    """Build a NEW version of the broker's report for M (a correction) and supersede the
    current one. The file is written inside the transaction: one report, not a batch."""
    version = documents.next_version(BrokerReport, broker=broker, month=month)
    written = documents.report_write(
        broker=broker, month=month, version=version, session=documents.BuildSession()
    )
    report = documents.report_record(
        broker=broker, month=month, written=written, created_by=actor.label, reason=reason
    )
    audit_record(
        actor=actor,
        action="broker_report.build",
        object_type="broker_report",
        object_id=report.pk,
        detail={"version": version, "rows": written.rows, "supersedes": report.supersedes_id},
    )
    return report


@transaction.atomic
def statement_build(
    *, month: dt.date, actor: Actor, broker: Broker | None = None, agency: Agency | None = None
) -> Statement:
    """Build a new version of a broker's or an agency's statement for M."""
    owner: dict[str, Any] = {"broker": broker} if broker is not None else {"agency": agency}
    version = documents.next_version(Statement, month=month, **owner)
    written = documents.statement_write(
        month=month, version=version, session=documents.BuildSession(), **owner
    )
    statement = documents.statement_record(
        month=month, written=written, created_by=actor.label, **owner
    )
    audit_record(
        actor=actor,
        action="statement.build",
        object_type="statement",
        object_id=statement.pk,
        detail={"kind": statement.kind, "version": version, "rows": written.rows},
    )
    return statement
