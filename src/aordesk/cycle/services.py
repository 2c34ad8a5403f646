"""Writes of the cycle: start it (behind the month-close gate), create its units, claim,
build and fail units, finish it; and `broker_report_build` for corrected reports.

A broker's unit builds its report and its statement together; an agency's unit its
statement (ADR 0004)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from aordesk.brokers.models import Agency, Broker
from aordesk.core.audit import Actor, audit_record
from aordesk.core.dates import format_month
from aordesk.core.errors import ApplicationError
from aordesk.cycle import documents, records, rules, selectors
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
            "Reports cannot be built yet: still waiting for the final AOR file of the month "
            f"from {', '.join(open_carriers)}.",
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
    """One unit per broker due (its report and statement) and one per agency statement
    (idempotent). For one broker: only that broker's unit, never its agency's."""
    broker_ids = selectors.brokers_with_current_year_aors(
        month=cycle.month, broker_id=broker.pk if broker else None
    )
    agency_ids = [] if broker else selectors.agencies_of(broker_ids=broker_ids)
    existing = set(cycle.units.values_list("kind", "broker_id", "agency_id"))
    wanted: list[tuple[str, int | None, int | None]] = [(Kind.BROKER, b, None) for b in broker_ids]
    wanted += [(Kind.AGENCY_STATEMENT, None, a) for a in agency_ids]
    expected = selectors.report_row_counts(month=cycle.month)
    new = [
        CycleUnit(
            cycle=cycle,
            kind=kind,
            broker_id=b,
            agency_id=a,
            expected_rows=expected.get(b, 0) if b else 0,
        )
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
    return bool(cycle_units_reclaim_if_stale(unit_ids=[unit_id]))


def cycle_units_reclaim_if_stale(*, unit_ids: list[int]) -> int:
    """Those of these units a dead worker left `building` go back to pending; how many."""
    held = CycleUnit.objects.filter(pk__in=unit_ids, status=UnitStatus.BUILDING)
    now, count = timezone.now(), 0
    for pk, claimed_by, claimed_at in held.values_list("id", "claimed_by", "claimed_at"):
        if rules.unit_is_stale(claimed_by=claimed_by, claimed_at=claimed_at, now=now):
            count += held.filter(pk=pk, claimed_by=claimed_by).update(
                status=UnitStatus.PENDING, claimed_by="", claimed_at=None
            )
    return count


@dataclass(frozen=True)
class ClaimedUnit:
    """A unit this worker holds, loaded with its cycle and owner, and the versions its
    documents get (the next of each; a broker unit's report and statement number apart)."""

    unit: CycleUnit
    report_version: int
    statement_version: int


def cycle_unit_claim(*, unit_id: int, worker_id: str) -> ClaimedUnit | None:
    """Claim this unit if it is pending (a queued task's unit); None if it is not."""
    pending = CycleUnit.objects.filter(pk=unit_id, status=UnitStatus.PENDING)
    with transaction.atomic():
        claimed = _claim(_candidates(pending, 1), worker_id)
        return claimed[0] if claimed else None


def cycle_unit_claim_next(
    *, cycle_id: int, worker_id: str, broker_id: int | None = None
) -> ClaimedUnit | None:
    """The next pending unit of the cycle, claimed for this worker; None when none is left."""
    claimed = cycle_units_claim_batch(
        cycle_id=cycle_id, worker_id=worker_id, broker_id=broker_id, max_units=1
    )
    return claimed[0] if claimed else None


# A claim batch: up to this many units, and their month's lines up to this many in all, are
# claimed and read together (one query for their rows, one for their counts): most brokers
# have a few hundred lines, and per-unit round trips would cost more than the unit's rows.
BATCH_UNITS = 25
BATCH_ROWS = documents.IN_MEMORY_ROWS


def cycle_units_claim_batch(
    *,
    cycle_id: int,
    worker_id: str,
    broker_id: int | None = None,
    unit_ids: list[int] | None = None,
    max_units: int | None = None,
    max_rows: int | None = None,
) -> list[ClaimedUnit]:
    """The next pending units of the cycle (of `unit_ids` only, for a queued task) in id
    order, claimed for this worker: at least one, then as many as fit `max_units` and
    `max_rows` (BATCH_UNITS, BATCH_ROWS by default). Empty when none is left."""
    max_units, max_rows = max_units or BATCH_UNITS, max_rows or BATCH_ROWS
    pending = CycleUnit.objects.filter(cycle_id=cycle_id, status=UnitStatus.PENDING)
    if broker_id is not None:
        pending = pending.filter(broker_id=broker_id)
    if unit_ids is not None:
        pending = pending.filter(pk__in=unit_ids)
    while True:
        with transaction.atomic():
            units = rules.batch_prefix(
                _candidates(pending, max_units), rows=lambda u: u.expected_rows, limit=max_rows
            )
            if not units:
                return []
            claimed = _claim(units, worker_id)
            if claimed:
                return claimed


def _candidates(units: QuerySet[CycleUnit], limit: int) -> list[CycleUnit]:
    """The first `limit` of `units` (by id) with their cycle and owner, read in the claim's
    transaction."""
    if connection.vendor == "postgresql":
        # Workers skip each other's locked rows instead of queueing behind them. Only the
        # unit's row: its owner is an outer join, which cannot be locked.
        units = units.select_for_update(skip_locked=True, of=("self",))
    return list(selectors.cycle_units_for_build(units).order_by("id")[:limit])


def _claim(units: list[CycleUnit], worker_id: str) -> list[ClaimedUnit]:
    """pending -> building for this worker, as one conditional UPDATE. The rows are locked
    (PostgreSQL) or the database is (SQLite's IMMEDIATE transaction), so every one is
    updated; a unit another worker took meanwhile is left out. Bookkeeping only: the build
    that follows is what the audit log records."""
    now = timezone.now()
    ids = [unit.pk for unit in units]
    updated = CycleUnit.objects.filter(pk__in=ids, status=UnitStatus.PENDING).update(
        status=UnitStatus.BUILDING,
        claimed_by=worker_id,
        claimed_at=now,
        attempts=F("attempts") + 1,
    )
    if updated != len(ids):  # only if the locking above failed us: keep what is ours
        mine = CycleUnit.objects.filter(pk__in=ids, claimed_by=worker_id, claimed_at=now)
        taken = set(mine.values_list("id", flat=True))
        units = [unit for unit in units if unit.pk in taken]
    versions = selectors.units_latest_versions(units=units)
    claimed = []
    for unit in units:
        unit.status, unit.claimed_by, unit.claimed_at = UnitStatus.BUILDING, worker_id, now
        unit.attempts += 1
        report, statement = versions[unit.pk]
        claimed.append(
            ClaimedUnit(unit, report_version=report + 1, statement_version=statement + 1)
        )
    return claimed


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
    version = records.next_version(BrokerReport, broker=broker, month=month)
    written = documents.report_write(
        broker=broker, month=month, version=version, session=documents.BuildSession()
    )
    report = records.report_record(
        broker=broker,
        month=month,
        written=written,
        artifact=records.artifacts_record([written])[0],
        created_by=actor.label,
        reason=reason,
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
    """Build a new version of a broker's or an agency's statement for M, alone."""
    session = documents.BuildSession()
    written: documents.Written
    if broker is not None:
        version = records.next_version(Statement, kind="broker", broker=broker, month=month)
        written = documents.broker_statement_write(
            broker=broker, month=month, version=version, session=session
        )
    else:
        assert agency is not None
        version = records.next_version(Statement, kind="agency", agency=agency, month=month)
        written = documents.agency_statement_write(
            agency=agency, month=month, version=version, session=session
        )
    statement = records.statement_record(
        month=month,
        written=written,
        artifact=records.artifacts_record([written])[0],
        created_by=actor.label,
        broker=broker,
        agency=agency,
    )
    audit_record(
        actor=actor,
        action="statement.build",
        object_type="statement",
        object_id=statement.pk,
        detail={"kind": statement.kind, "version": version, "rows": written.rows},
    )
    return statement
