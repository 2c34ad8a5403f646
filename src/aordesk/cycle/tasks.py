"""The cycle's units as background tasks, for `aordesk worker` processes on any machine
that shares the database (`aordesk cycle run --queue` and the web's start enqueue them): one
task per claim batch, so a queued cycle is built the way `aordesk cycle run` builds it."""

from __future__ import annotations

from django_tasks import task

from aordesk.core.audit import Actor, Source
from aordesk.cycle import rules, services
from aordesk.cycle.documents import BuildSession
from aordesk.cycle.models import CycleUnit
from aordesk.cycle.workers import process_freeze_once, unit_build_once, worker_run
from aordesk.messaging.services import delivery_enqueue


@task()
def cycle_units_task(unit_ids: list[int]) -> dict[str, int]:
    """Build these units (one claim batch) unless built or held by a live worker: a
    duplicate task, or one for units the command line already built, builds nothing. Units a
    dead worker left `building` are taken back first."""
    cycle_ids = set(CycleUnit.objects.filter(pk__in=unit_ids).values_list("cycle_id", flat=True))
    reclaimed = services.cycle_units_reclaim_if_stale(unit_ids=unit_ids)
    process_freeze_once()
    tally = {"built": 0, "failed": 0, "reclaimed": reclaimed}
    actor = Actor.task("cycle_units")
    for cycle_id in sorted(cycle_ids):
        done = worker_run(
            cycle_id=cycle_id,
            worker_id=rules.worker_id_new("task"),
            actor=actor,
            unit_ids=unit_ids,
            freeze=False,
        )
        services.cycle_finish(cycle_id=cycle_id, actor=actor)
        tally["built"] += done.built
        tally["failed"] += done.failed
    return tally


@task()
def cycle_unit_task(unit_id: int) -> str:
    """Build one unit unless it is built or held by a live worker. Kept for tasks queued
    before batches (a queue may still hold them after an upgrade); nothing enqueues it now."""
    actor = Actor.task("cycle_unit")
    unit = CycleUnit.objects.filter(pk=unit_id).values("cycle_id", "status").first()
    if unit is None:
        return "missing"
    services.cycle_unit_reclaim_if_stale(unit_id=unit_id)
    worker_id = rules.worker_id_new("task")
    claimed = services.cycle_unit_claim(unit_id=unit_id, worker_id=worker_id)
    if claimed is None:
        return "skipped"
    built = unit_build_once(
        claimed=claimed, worker_id=worker_id, actor=actor, session=BuildSession()
    )
    services.cycle_finish(cycle_id=unit["cycle_id"], actor=actor)
    if built is None:
        return "failed"
    delivery_enqueue()  # the unit's message was posted without waking the delivery worker
    return "built"


@task()
def cycle_start_task(month: str, override_reason: str, requested_by: str) -> dict[str, int]:
    """A cycle started from the web: plan the month's units (reclaiming failed ones) and
    queue one task per claim batch of pending units; the workers build them."""
    from aordesk.core.dates import parse_month
    from aordesk.cycle.runner import cycle_queue

    actor = Actor(label=f"task:cycle_start({requested_by})"[:150], source=Source.TASK)
    summary = cycle_queue(month=parse_month(month), actor=actor, override_reason=override_reason)
    return {
        "cycle": summary.cycle_id,
        "queued": summary.units_queued,
        "tasks": summary.tasks_queued,
    }
