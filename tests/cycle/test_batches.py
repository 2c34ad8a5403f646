import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aordesk.core.audit import Actor
from aordesk.cycle import runner, services
from aordesk.cycle.models import CycleUnit
from aordesk.cycle.workers import worker_run
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
