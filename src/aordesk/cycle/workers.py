"""Workers that build a cycle's units: the in-process loop, and N OS processes running the
hidden `aordesk cycle work` command, each claiming units until none is left."""

from __future__ import annotations

import gc
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from django.db import close_old_connections, connections

from aordesk.core.audit import Actor
from aordesk.cycle import building, services
from aordesk.cycle.documents import BuildSession, Prefetched
from aordesk.cycle.models import CycleUnit
from aordesk.messaging.services import delivery_enqueue

logger = logging.getLogger(__name__)


@dataclass
class WorkerTally:
    built: int = 0
    failed: int = 0
    rows: int = 0

    def add(self, built: CycleUnit | None) -> None:
        if built is None:
            self.failed += 1
        else:
            self.built += 1
            self.rows += built.rows or 0


def worker_run(
    *,
    cycle_id: int,
    worker_id: str,
    actor: Actor,
    broker_id: int | None = None,
    unit_ids: list[int] | None = None,
    on_unit: Callable[[CycleUnit | None], None] | None = None,
    freeze: bool = True,
) -> WorkerTally:
    """Claim units a batch at a time (their rows read together) and build them one by one
    until none is pending (of the broker's, or of `unit_ids` for a queued task). A failing
    unit is recorded and the loop goes on; anything that is not an Exception (a kill) stops
    the loop and leaves the batch's units `building` for a later run to reclaim. The units'
    messages wake the delivery worker once, at the end: their notifications wait in the
    outbox till then."""
    # What is loaded by now (Django, the app) stays: keep the collector from scanning it
    # again and again while workbooks churn through short-lived objects. A queued task
    # (`freeze=False`) has the process frozen once instead (`process_freeze_once`): a full
    # collection per batch cost 12% of a queued cycle.
    if not freeze:
        return _units_build(cycle_id, worker_id, actor, (broker_id, unit_ids), on_unit)
    gc.collect()
    gc.freeze()
    try:
        return _units_build(cycle_id, worker_id, actor, (broker_id, unit_ids), on_unit)
    finally:
        gc.unfreeze()


_process_frozen = False


def process_freeze_once() -> None:
    """For a long-lived `aordesk worker`: at its first cycle task, collect once and freeze
    what is loaded by then (Django, the app) for the life of the process. What later tasks
    allocate is collected as usual; freezing per task without collecting let it pile up
    (330 MB at 100,000 lines)."""
    global _process_frozen
    if not _process_frozen:
        gc.collect()
        gc.freeze()
        _process_frozen = True


def _units_build(
    cycle_id: int,
    worker_id: str,
    actor: Actor,
    only: tuple[int | None, list[int] | None],
    on_unit: Callable[[CycleUnit | None], None] | None,
) -> WorkerTally:
    tally, session = WorkerTally(), BuildSession()
    broker_id, unit_ids = only
    while True:
        batch = services.cycle_units_claim_batch(
            cycle_id=cycle_id, worker_id=worker_id, broker_id=broker_id, unit_ids=unit_ids
        )
        if not batch:
            if tally.built:
                delivery_enqueue()
            return tally
        for built in _batch_build(batch, worker_id=worker_id, actor=actor, session=session):
            tally.add(built)
            if on_unit is not None:
                on_unit(built)


def _batch_build(
    batch: list[services.ClaimedUnit], *, worker_id: str, actor: Actor, session: BuildSession
) -> list[CycleUnit | None]:
    """Write every unit of the batch, then record the written ones together; a unit that
    fails to write is recorded failed and costs only itself."""
    prefetched = _prefetch(batch)
    written: list[building.UnitFiles] = []
    results: list[CycleUnit | None] = []
    for claimed in batch:
        try:
            written.append(
                building.cycle_unit_write(
                    claimed=claimed, worker_id=worker_id, session=session, prefetched=prefetched
                )
            )
        except Exception as exc:
            _failed(claimed, exc, worker_id=worker_id, actor=actor)
            results.append(None)
    return results + _record(written, worker_id=worker_id, actor=actor)


def _record(
    written: list[building.UnitFiles], *, worker_id: str, actor: Actor
) -> list[CycleUnit | None]:
    """The batch in one transaction; if that fails, each unit alone, so that only the unit
    at fault (say, one reclaimed meanwhile) is recorded failed."""
    if not written:
        return []
    try:
        return list(building.cycle_units_record(built=written, worker_id=worker_id, actor=actor))
    except Exception as exc:
        # Each unit alone now: the one at fault fails again, and alone.
        logger.warning("batch of %d not recorded whole: %s", len(written), type(exc).__name__)
    return [_record_alone(files, worker_id=worker_id, actor=actor) for files in written]


def _record_alone(files: building.UnitFiles, *, worker_id: str, actor: Actor) -> CycleUnit | None:
    try:
        return building.cycle_units_record(built=[files], worker_id=worker_id, actor=actor)[0]
    except Exception as exc:
        _failed(files.claimed, exc, worker_id=worker_id, actor=actor)
        return None


def _prefetch(batch: list[services.ClaimedUnit]) -> Prefetched | None:
    """The batch's rows; if reading them fails, the units read their own (and fail alone)."""
    try:
        return building.batch_prefetch(claimed=batch)
    except Exception as exc:
        logger.warning("batch read failed: %s", type(exc).__name__)
        return None


def unit_build_once(
    *,
    claimed: services.ClaimedUnit,
    worker_id: str,
    actor: Actor,
    session: BuildSession,
) -> CycleUnit | None:
    """Build one claimed unit (a queued task's); on failure record it and return None."""
    try:
        return building.cycle_unit_build(
            claimed=claimed, worker_id=worker_id, actor=actor, session=session
        )
    except Exception as exc:
        _failed(claimed, exc, worker_id=worker_id, actor=actor)
        return None


def _failed(claimed: services.ClaimedUnit, exc: Exception, *, worker_id: str, actor: Actor) -> None:
    unit_id = claimed.unit.pk
    # The class name only: the message of a database error may quote a row.
    logger.warning("unit %s failed: %s", unit_id, type(exc).__name__)
    services.cycle_unit_fail(unit_id=unit_id, worker_id=worker_id, error=exc, actor=actor)


def worker_argv(*, cycle_id: int, tag: str, broker_npn: str | None = None) -> list[str]:
    """The arguments after `aordesk` of one worker process. The parent ran the system
    checks already; `--skip-checks` belongs to the command, before its subcommand."""
    argv = ["cycle", "--skip-checks", "work", "--cycle", str(cycle_id), "--tag", tag]
    return argv + (["--broker", broker_npn] if broker_npn else [])


def workers_spawn(
    *, cycle_id: int, count: int, broker_npn: str | None = None
) -> list[subprocess.Popen[bytes]]:
    """Start `count` worker processes. They inherit the environment (database, data dir)
    and open their own connections; ours are closed first so none is shared."""
    connections.close_all()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "aordesk.settings"),
    }
    processes = []
    for index in range(count):
        argv = worker_argv(cycle_id=cycle_id, tag=f"w{index}", broker_npn=broker_npn)
        processes.append(
            subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                [sys.executable, "-m", "aordesk", *argv], env=env, stdout=subprocess.DEVNULL
            )
        )
    close_old_connections()
    return processes
