import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aordesk.artifacts.models import Artifact
from aordesk.core.audit import Actor
from aordesk.core.models import AuditEvent
from aordesk.cycle import building, runner, services
from aordesk.cycle.models import CycleUnit
from aordesk.cycle.workers import worker_run
from aordesk.messaging.models import Message, Notification
from tests.brokers.factories import BrokerFactory
from tests.cycle.factories import OCTOBER, close_month, sent_line

pytestmark = pytest.mark.django_db


def prepared(lines_per_broker: list[int]):
    for count in lines_per_broker:
        broker = BrokerFactory()
        for _ in range(count):
            sent_line(broker=broker, sent_on=dt.date(2026, 10, 3))
    close_month(OCTOBER)
    cycle, _ = runner.cycle_prepare(
        month=OCTOBER, actor=Actor.cli(), broker=None, override_reason=""
    )
    return cycle


def test_the_plan_records_each_broker_units_expected_rows():
    cycle = prepared([2, 3])
    assert sorted(cycle.units.values_list("expected_rows", flat=True)) == [2, 3]


def test_a_claim_batch_stops_at_the_unit_limit_and_at_the_row_limit():
    cycle = prepared([2, 2, 2, 2])
    first = services.cycle_units_claim_batch(cycle_id=cycle.pk, worker_id="h:1:w", max_units=3)
    second = services.cycle_units_claim_batch(cycle_id=cycle.pk, worker_id="h:1:w", max_rows=1)
    assert (len(first), len(second)) == (3, 1)
    assert CycleUnit.objects.filter(status="building").count() == 4
    assert [c.report_version for c in first + second] == [1, 1, 1, 1]
    assert services.cycle_units_claim_batch(cycle_id=cycle.pk, worker_id="h:1:w") == []


def test_a_batch_reads_its_brokers_rows_together_not_once_per_broker():
    cycle = prepared([2] * 6)
    with CaptureQueriesContext(connection) as queries:
        tally = worker_run(cycle_id=cycle.pk, worker_id="h:1:w", actor=Actor.cli())
    assert tally.built == 6
    lines = [q for q in queries.captured_queries if "aor_aortransmissionline" in q["sql"]]
    assert len(lines) == 2  # the six brokers' rows, their statement counts


def test_a_batch_builds_the_same_documents_as_units_built_alone():
    cycle = prepared([3, 1])
    tally = worker_run(cycle_id=cycle.pk, worker_id="h:1:w", actor=Actor.cli())
    assert (tally.built, tally.failed, tally.rows) == (2, 0, 4)
    assert sorted(CycleUnit.objects.values_list("rows", flat=True)) == [1, 3]


def test_a_batch_is_recorded_with_one_insert_per_table():
    cycle = prepared([1] * 6)
    with CaptureQueriesContext(connection) as queries:
        worker_run(cycle_id=cycle.pk, worker_id="h:1:w", actor=Actor.cli())
    tables = [q["sql"].split('"')[1] for q in queries.captured_queries]
    verbs = [q["sql"].split()[0] for q in queries.captured_queries]
    # Apart from the one task that wakes the delivery worker at the end of the run.
    pairs = zip(tables, verbs, strict=True)
    inserts = [t for t, v in pairs if v == "INSERT" and not t.startswith("django")]
    assert sorted(inserts) == sorted(
        [
            "artifacts_artifact",
            "cycle_brokerreport",
            "cycle_statement",
            "messaging_message",
            "messaging_attachment",
            "messaging_notification",
            "core_auditevent",  # the messages'
            "core_auditevent",  # the units'
        ]
    )
    assert Message.objects.count() == 6 and Notification.objects.count() == 6
    assert AuditEvent.objects.filter(action="cycle.unit_build").count() == 6


def test_a_unit_taken_over_during_its_batch_costs_only_itself(monkeypatch):
    cycle = prepared([1, 1, 1])
    write = building.cycle_unit_write
    taken = []

    def write_then_lose_the_second(**kwargs):
        files = write(**kwargs)
        if len(taken) == 0 and kwargs["claimed"].unit.pk == cycle.units.order_by("id")[1].pk:
            CycleUnit.objects.filter(pk=files.claimed.unit.pk).update(claimed_by="other:9:w")
            taken.append(files.claimed.unit.pk)
        return files

    monkeypatch.setattr(building, "cycle_unit_write", write_then_lose_the_second)
    tally = worker_run(cycle_id=cycle.pk, worker_id="h:1:w", actor=Actor.cli())
    assert (tally.built, tally.failed) == (2, 1)
    lost = CycleUnit.objects.get(pk=taken[0])
    assert (lost.status, lost.claimed_by, lost.report_id) == ("building", "other:9:w", None)
    assert Artifact.objects.count() == 4  # the two built units' reports and statements
