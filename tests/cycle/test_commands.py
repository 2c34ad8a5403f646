import datetime as dt
import io
import json
import signal

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from aordesk.artifacts.models import Artifact
from aordesk.core.audit import Actor
from aordesk.core.models import AuditEvent
from aordesk.cycle import runner
from aordesk.cycle.models import Cycle, CycleUnit
from aordesk.cycle.tasks import cycle_unit_task, cycle_units_task
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.cycle.factories import OCTOBER, close_month, sent_line

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def cycle(*args: str) -> str:
    out = io.StringIO()
    call_command("cycle", *args, stdout=out)
    return out.getvalue()


def some_lines():
    agency = AgencyFactory()
    sent_line(broker=BrokerFactory(agency=agency, npn="5001"), sent_on=dt.date(2026, 10, 3))
    sent_line(broker=BrokerFactory(agency=agency, npn="5002"), sent_on=dt.date(2026, 10, 4))


def test_the_gate_refuses_while_a_carrier_is_open_and_names_it():
    some_lines()
    close_month(OCTOBER)
    CarrierFactory(code="LATE", display_name="Late Health")
    with pytest.raises(CommandError) as refused:
        cycle("run", "--month", "2026-10")
    assert refused.value.returncode == 2
    assert "Late Health (LATE)" in str(refused.value)
    assert "Blue" not in str(refused.value)
    assert not Cycle.objects.exists() and not Artifact.objects.exists()


def test_an_override_is_recorded_on_the_cycle_and_in_the_audit_log():
    some_lines()
    output = cycle(
        "run", "--month", "2026-10", "--override-gate", "carrier LATE confirmed by phone"
    )
    assert "(gate overridden)" in output and "Built 3 units (5 files" in output
    started = Cycle.objects.get()
    assert started.gate_override_reason == "carrier LATE confirmed by phone"
    event = AuditEvent.objects.get(action="cycle.start")
    assert event.detail["gate_overridden"] is True
    assert event.detail["override_reason"] == "carrier LATE confirmed by phone"
    assert event.detail["open_carriers"] == ["Blue Plan (BLUE)"]


def test_a_dry_run_lists_the_units_and_their_rows_and_writes_nothing():
    some_lines()
    close_month(OCTOBER)
    before = AuditEvent.objects.count()
    listed = json.loads(cycle("run", "--month", "2026-10", "--dry-run", "--json"))
    assert {(u["kind"], u["owner"], u["rows"]) for u in listed["units"]} == {
        ("broker", "5001", 1),
        ("broker", "5002", 1),
        ("agency_statement", listed["units"][-1]["owner"], 2),
    }
    assert not Cycle.objects.exists() and not Artifact.objects.exists()
    assert AuditEvent.objects.count() == before


def test_status_shows_each_carriers_files_and_the_units_of_the_cycle():
    some_lines()
    close_month(OCTOBER)
    cycle("run", "--month", "2026-10", "--json")
    status = json.loads(cycle("status", "--month", "2026-10", "--json"))
    assert status["carriers"][0]["carrier_code"] == "BLUE"
    assert status["carriers"][0]["files_in_month"] == 3
    assert status["carriers"][0]["closed"] is True
    assert status["open_carriers"] == []
    assert status["cycle"]["units"]["built"] == 3
    assert status["reports_can_be_built"] is True
    text = cycle("status", "--month", "2026-10")
    assert "Every carrier's final AOR file of October 2026 is out: reports can be built." in text
    assert "Gate: closed" not in text and "built 3" in text


def test_status_names_the_carriers_still_open_and_what_that_means_for_the_reports():
    some_lines()
    close_month(OCTOBER)
    CarrierFactory(code="LATE", display_name="Late Health")
    text = cycle("status", "--month", "2026-10")
    assert (
        "Still waiting for the final AOR file of October 2026 from Late Health (LATE): "
        "reports cannot be built until then" in text
    )
    assert "Late Health (LATE): 0 files, 0 lines, final file not sent yet" in text
    assert (
        json.loads(cycle("status", "--month", "2026-10", "--json"))["reports_can_be_built"] is False
    )


def test_a_run_for_one_broker_builds_only_its_unit_and_both_its_files():
    some_lines()
    close_month(OCTOBER)
    summary = json.loads(cycle("run", "--month", "2026-10", "--broker", "5001", "--json"))
    assert (summary["units_built"], summary["files"]) == (1, 2)
    with pytest.raises(CommandError):
        cycle("run", "--month", "2026-10", "--broker", "999")


@override_settings(TASKS=IMMEDIATE)
def test_queued_units_are_built_by_their_tasks_and_a_duplicate_task_does_nothing():
    some_lines()
    close_month(OCTOBER)
    output = cycle("run", "--month", "2026-10", "--queue")
    assert "Queued 3 units in 1 task " in output
    assert set(CycleUnit.objects.values_list("status", flat=True)) == {"built"}
    assert Cycle.objects.get().status == "completed"
    ids = list(CycleUnit.objects.values_list("id", flat=True))
    again = cycle_units_task.enqueue(ids).return_value
    assert (again["built"], again["failed"]) == (0, 0)
    assert cycle_unit_task.enqueue(ids[0]).return_value == "skipped"
    assert Artifact.objects.count() == 5


def test_a_queued_batch_takes_back_a_unit_a_dead_worker_left_building():
    some_lines()
    close_month(OCTOBER)
    runner.cycle_queue(month=OCTOBER, actor=Actor.cli(), enqueue=lambda ids: None)
    dead = CycleUnit.objects.first()
    CycleUnit.objects.filter(pk=dead.pk).update(
        status="building",
        claimed_by="elsewhere:1:w0",
        claimed_at=dt.datetime(2026, 10, 1, tzinfo=dt.UTC),
    )
    result = cycle_units_task.call(list(CycleUnit.objects.values_list("id", flat=True)))
    assert result == {"built": 3, "failed": 0, "reclaimed": 1}
    assert Cycle.objects.get().status == "completed"


@pytest.fixture
def _signals_kept():
    # The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back.
    kept = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in kept.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_signals_kept")
def test_the_worker_command_runs_the_queued_units_from_the_database():
    some_lines()
    close_month(OCTOBER)
    summary = runner.cycle_queue(month=OCTOBER, actor=Actor.cli())
    assert summary.units_queued == 3
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert set(CycleUnit.objects.values_list("status", flat=True)) == {"built"}
    assert Cycle.objects.get().status == "completed"


def test_a_spawned_workers_arguments_are_ones_the_cycle_command_accepts():
    from aordesk.cycle.management.commands.cycle import Command
    from aordesk.cycle.workers import worker_argv

    argv = worker_argv(cycle_id=7, tag="w1", broker_npn="4455")
    parser = Command().create_parser("aordesk", argv[0])
    options = parser.parse_args(argv[1:])
    assert (options.skip_checks, options.cycle, options.tag, options.broker) == (
        True,
        7,
        "w1",
        "4455",
    )


def test_a_run_whose_workers_build_nothing_exits_with_an_error(monkeypatch):
    from aordesk.cycle import runner

    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 3))
    close_month(OCTOBER)
    monkeypatch.setattr(runner, "workers_spawn", lambda **kwargs: [])  # none started
    with pytest.raises(CommandError, match="1 units were not built"):
        call_command("cycle", "run", "--month", "2026-10", "--workers", "2", stdout=io.StringIO())
