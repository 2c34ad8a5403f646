import datetime as dt
import threading

import pytest
from django.db import connection

from aordesk.artifacts.models import Artifact
from aordesk.core.audit import Actor
from aordesk.core.models import AuditEvent
from aordesk.cycle import runner, services
from aordesk.cycle.models import CycleUnit
from aordesk.cycle.workers import worker_run
from tests.brokers.factories import BrokerFactory
from tests.cycle.factories import OCTOBER, close_month, sent_line


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_postgresql_never_build_the_same_unit(monkeypatch):
    monkeypatch.setattr(services, "BATCH_UNITS", 2)  # batches smaller than the work
    for _ in range(12):
        sent_line(broker=BrokerFactory(), sent_on=dt.date(2026, 10, 3))
    close_month(OCTOBER)
    cycle, _ = runner.cycle_prepare(
        month=OCTOBER, actor=Actor.cli(), broker=None, override_reason=""
    )
    tallies = []

    def work(tag: str) -> None:
        try:
            tallies.append(
                worker_run(cycle_id=cycle.pk, worker_id=f"test:{tag}", actor=Actor.cli())
            )
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(t.built for t in tallies) == 12 and sum(t.failed for t in tallies) == 0
    assert set(CycleUnit.objects.values_list("status", "attempts")) == {("built", 1)}
    assert Artifact.objects.count() == 24
    assert AuditEvent.objects.filter(action="cycle.unit_build").count() == 12
    assert len(set(CycleUnit.objects.values_list("claimed_by", flat=True))) == 2
