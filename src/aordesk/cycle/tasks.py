"""The cycle's units as background tasks, for `aordesk worker` processes on any machine
that shares the database (`aordesk cycle run --queue` enqueues them)."""

from __future__ import annotations

from django_tasks import task

from aordesk.core.audit import Actor
from aordesk.cycle import rules, services
from aordesk.cycle.documents import BuildSession
from aordesk.cycle.models import CycleUnit
from aordesk.cycle.workers import unit_build_once
from aordesk.messaging.services import delivery_enqueue


@task()
def cycle_unit_task(unit_id: int) -> str:
    """Build one unit unless it is built or held by a live worker: a duplicate task, or a
    task for a unit the command line already built, does nothing."""
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
