"""What `aordesk cycle run` does, step by step, apart from printing: check the gate, open
the cycle, create and reclaim units, build them (here, in N processes or through the task
queue), finish, and sum up from the database."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone

from aordesk.brokers.models import Broker
from aordesk.core.audit import Actor
from aordesk.core.dates import format_month
from aordesk.cycle import rules, selectors, services
from aordesk.cycle.models import Cycle, CycleUnit
from aordesk.cycle.rules import worker_id_new
from aordesk.cycle.workers import worker_run, workers_spawn

POLL_SECONDS = 0.5


@dataclass
class RunSummary:
    month: str
    cycle_id: int
    cycle_status: str
    units_built: int = 0
    units_failed: int = 0
    rows: int = 0
    files: int = 0
    units_queued: int = 0
    tasks_queued: int = 0
    # Pending or building after the run: a worker died, or another run holds them.
    units_left: int = 0
    seconds: float = 0.0
    gate_overridden: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class PlannedUnit:
    kind: str
    owner: str
    rows: int


class Progress:
    """Told how many units there are and when one is done; prints however it likes."""

    def start(self, total: int) -> None: ...

    def advance(self, done: int) -> None: ...

    def close(self) -> None: ...


def cycle_prepare(
    *, month: dt.date, actor: Actor, broker: Broker | None, override_reason: str
) -> tuple[Cycle, list[str]]:
    """Gate, open, create units, reclaim failed and stale ones. Raises GateClosedError."""
    gate = selectors.month_gate(month=month)
    open_names = gate.open_names()
    cycle = services.cycle_start(
        month=month, actor=actor, open_carriers=open_names, override_reason=override_reason
    )
    services.cycle_units_create(cycle=cycle, actor=actor, broker=broker)
    services.cycle_units_reclaim(cycle=cycle, actor=actor)
    return cycle, open_names


def cycle_run(
    *,
    month: dt.date,
    actor: Actor,
    workers: int = 1,
    broker: Broker | None = None,
    override_reason: str = "",
    progress: Progress | None = None,
) -> RunSummary:
    progress = progress or Progress()
    began, clock = timezone.now(), time.monotonic()
    cycle, overridden = cycle_prepare(
        month=month, actor=actor, broker=broker, override_reason=override_reason
    )
    broker_id = broker.pk if broker else None
    progress.start(len(selectors.cycle_units_to_queue(cycle=cycle, broker_id=broker_id)))
    if workers <= 1:
        done = [0]

        def step(_: CycleUnit | None) -> None:
            done[0] += 1
            progress.advance(done[0])

        worker_run(
            cycle_id=cycle.pk,
            worker_id=worker_id_new(),
            actor=actor,
            broker_id=broker_id,
            on_unit=step,
        )
    else:
        npn = broker.npn if broker else None
        _wait(
            workers_spawn(cycle_id=cycle.pk, count=workers, broker_npn=npn), cycle, began, progress
        )
    progress.close()
    cycle = services.cycle_finish(cycle_id=cycle.pk, actor=actor)
    summary = _summary(cycle, began, broker_id)
    summary.seconds, summary.gate_overridden = round(time.monotonic() - clock, 2), overridden
    return summary


def _wait(processes: list, cycle: Cycle, began: dt.datetime, progress: Progress) -> None:
    while any(process.poll() is None for process in processes):
        time.sleep(POLL_SECONDS)
        progress.advance(_done_since(cycle, began))
    progress.advance(_done_since(cycle, began))


def _done_since(cycle: Cycle, began: dt.datetime) -> int:
    built = cycle.units.filter(status=CycleUnit.Status.BUILT, built_at__gte=began).count()
    return built + cycle.units.filter(status=CycleUnit.Status.FAILED).count()


def _summary(cycle: Cycle, began: dt.datetime, broker_id: int | None) -> RunSummary:
    units = cycle.units.all()
    if broker_id is not None:
        units = units.filter(broker_id=broker_id)
    built = units.filter(status=CycleUnit.Status.BUILT, built_at__gte=began).aggregate(
        units=Count("id"), reports=Count("report"), rows=Sum("rows")
    )
    return RunSummary(
        month=format_month(cycle.month),
        cycle_id=cycle.pk,
        cycle_status=cycle.status,
        units_built=built["units"],
        units_failed=units.filter(status=CycleUnit.Status.FAILED).count(),
        units_left=units.filter(status__in=["pending", "building"]).count(),
        # A unit's rows once: a broker's statement lists the rows of its report.
        rows=built["rows"] or 0,
        # Every unit built a statement; a broker's unit also its report.
        files=built["units"] + built["reports"],
    )


def cycle_queue(
    *,
    month: dt.date,
    actor: Actor,
    broker: Broker | None = None,
    override_reason: str = "",
    enqueue: Callable[[list[int]], object] | None = None,
) -> RunSummary:
    """Create the units and put one task per claim batch of pending units (the batches a
    worker would claim) on the queue for `aordesk worker`."""
    from aordesk.cycle.tasks import cycle_units_task

    cycle, overridden = cycle_prepare(
        month=month, actor=actor, broker=broker, override_reason=override_reason
    )
    units = selectors.cycle_units_to_queue(cycle=cycle, broker_id=broker.pk if broker else None)
    batches = rules.batches(
        units, rows=lambda u: u[1], units=services.BATCH_UNITS, limit=services.BATCH_ROWS
    )
    for batch in batches:
        (enqueue or cycle_units_task.enqueue)([unit_id for unit_id, _rows in batch])
    cycle.refresh_from_db()
    summary = RunSummary(month=format_month(month), cycle_id=cycle.pk, cycle_status=cycle.status)
    summary.units_queued, summary.tasks_queued = len(units), len(batches)
    summary.gate_overridden = overridden
    return summary


def cycle_plan(*, month: dt.date, broker: Broker | None = None) -> list[PlannedUnit]:
    """The units a run would build and their rows, from two grouped queries; writes nothing."""
    broker_ids = selectors.brokers_with_current_year_aors(
        month=month, broker_id=broker.pk if broker else None
    )
    rows = selectors.report_row_counts(month=month)
    owners = selectors.broker_owners(broker_ids=broker_ids)
    plan: list[PlannedUnit] = []
    agency_rows: dict[str, int] = {}
    for broker_id in broker_ids:
        npn, agency_code = owners[broker_id]
        count = rows.get(broker_id, 0)
        plan.append(PlannedUnit(CycleUnit.Kind.BROKER, npn, count))
        if agency_code and broker is None:
            agency_rows[agency_code] = agency_rows.get(agency_code, 0) + count
    plan += [
        PlannedUnit(CycleUnit.Kind.AGENCY_STATEMENT, code, count)
        for code, count in sorted(agency_rows.items())
    ]
    return plan
