import datetime as dt
import socket

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.services import artifact_verify
from aordesk.artifacts.storage import absolute
from aordesk.core.audit import Actor
from aordesk.core.models import AuditEvent
from aordesk.cycle import building, documents, runner, services
from aordesk.cycle.models import BrokerReport, Cycle, CycleUnit, Statement
from aordesk.cycle.rules import LEASE
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.cycle.factories import OCTOBER, close_month, read_sheet, sent_line
from tests.households.factories import HouseholdFactory
from tests.plain import plain

pytestmark = pytest.mark.django_db


def run(**kwargs):
    close_month(OCTOBER)
    return runner.cycle_run(month=OCTOBER, actor=Actor.cli(), **kwargs)


def report_statement_path(broker) -> str:
    statement = Statement.objects.select_related("artifact").get(broker=broker, status="current")
    return statement.artifact.relative_path


def report_of(broker) -> BrokerReport:
    return BrokerReport.objects.select_related("artifact").get(broker=broker, status="current")


def test_the_report_shows_the_plans_effective_date_and_the_aors_after_the_policys_eight():
    broker = BrokerFactory(first_name="Pat", last_name="Lee", npn="4455")
    for last in ("Olsen", "Berg"):
        sent_line(
            broker=broker,
            sent_on=dt.date(2026, 10, 30),
            household=HouseholdFactory(last_name=last, first_name="Kim"),
        )
    summary = run()
    assert (summary.units_built, summary.units_failed, summary.cycle_status) == (1, 0, "completed")
    assert (summary.files, summary.rows) == (2, 2)
    report = report_of(broker)
    rows = read_sheet(plain(report.artifact.relative_path), "AOR Report")
    assert rows[0] == [
        "Date Sent",
        "Enrollee Last Name",
        "Enrollee First Name",
        "Enrollee DOB",
        "Medical Carrier Name",
        "Medical EA Eff Date",
        "Broker Name",
        "Assister ID",
        "AOR Effective Date",
        "Comments",
    ]
    assert [row[1] for row in rows[1:]] == ["Berg", "Olsen"]
    assert rows[1][0] == dt.date(2026, 10, 30)
    # The plan (enrollment) took effect 01/01/2026; the AOR received 09/10/2025 on 10/01/2025.
    assert rows[1][4:9] == [
        "Blue Plan",
        dt.date(2026, 1, 1),
        "Pat Lee",
        "4455",
        dt.date(2025, 10, 1),
    ]
    detail = read_sheet(plain(report_statement_path(broker)), "Detail")
    assert detail[0][5] == "Medical EA Eff Date" and detail[0][8] == "AOR Effective Date"
    assert detail[1][5] == dt.date(2026, 1, 1) and detail[1][8] == dt.date(2025, 10, 1)
    assert report.artifact.relative_path == "reports/2026-10/4455/aor-report-2026-10-v1.xlsx"
    assert artifact_verify(artifact=report.artifact)


def test_a_broker_with_nothing_sent_this_month_gets_a_report_with_the_empty_note():
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 2, 3))
    run()
    report = report_of(broker)
    rows = read_sheet(plain(report.artifact.relative_path), "AOR Report")
    assert report.rows == 0
    # The note is a title above the table; the table keeps its header and has no rows.
    assert rows[0][0] == "No AOR was sent to a carrier for you in October 2026."
    assert rows[1][:2] == ["Date Sent", "Enrollee Last Name"]
    assert all(value == "" for row in rows[2:] for value in row)


def test_files_are_private_and_recorded_with_their_sha256():
    sent_line(broker=BrokerFactory(), sent_on=dt.date(2026, 10, 3))
    run()
    for artifact in Artifact.objects.all():
        path = absolute(artifact.relative_path)
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700
        assert len(artifact.sha256) == 64 and artifact_verify(artifact=artifact)


def test_building_again_creates_version_two_and_supersedes_version_one():
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 3))
    run()
    first = report_of(broker)
    second = services.broker_report_build(
        broker=broker, month=OCTOBER, actor=Actor.cli(), reason="privacy incident"
    )
    first.refresh_from_db()
    assert (second.version, second.status, second.supersedes_id) == (2, "current", first.pk)
    assert first.status == "superseded"
    assert second.artifact.relative_path.endswith("-v2.xlsx")
    assert AuditEvent.objects.filter(action="broker_report.build").count() == 1


def test_statements_count_the_month_and_the_year_and_list_the_months_rows():
    agency = AgencyFactory(code="AG9")
    broker = BrokerFactory(agency=agency, npn="777")
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 3))
    sent_line(broker=broker, sent_on=dt.date(2026, 5, 3))
    sent_line(broker=BrokerFactory(agency=agency), sent_on=dt.date(2026, 10, 4))
    summary = run()
    assert (summary.units_built, summary.files) == (3, 5)
    agency_statement = Statement.objects.get(kind="agency", agency=agency)
    assert agency_statement.rows == 2
    mine = Statement.objects.get(kind="broker", broker=broker)
    assert mine.rows == 1
    assert "agency-AG9" in agency_statement.artifact.relative_path
    summary_rows = read_sheet(plain(mine.artifact.relative_path), "Summary")
    header = summary_rows.index(
        ["NPN", "Broker Name", "Program", "Carrier", "Sent in October 2026", "Year to Date"]
    )
    assert summary_rows[header + 1][0] == "777"
    assert summary_rows[header + 1][2:] == ["QHP with financial help", "Blue Plan", 1, 2]
    detail = read_sheet(plain(mine.artifact.relative_path), "Detail")
    assert len(detail) == 2 and detail[1][9] == "QHP with financial help"


def test_a_failing_unit_does_not_stop_the_others_and_a_rerun_retries_it(monkeypatch):
    brokers = [BrokerFactory() for _ in range(3)]
    for broker in brokers:
        sent_line(broker=broker, sent_on=dt.date(2026, 10, 3))
    real = documents.report_write
    doomed = brokers[1].pk

    def flaky(**kwargs):
        if kwargs["broker"].pk == doomed:
            raise RuntimeError("Doe, Jane 1980-01-02")
        return real(**kwargs)

    monkeypatch.setattr(documents, "report_write", flaky)
    summary = run()
    assert (summary.units_built, summary.units_failed) == (2, 1)
    failed = CycleUnit.objects.get(status="failed")
    assert failed.broker_id == doomed and failed.last_error == "RuntimeError"
    assert not Statement.objects.filter(broker_id=doomed).exists()
    assert Cycle.objects.get().status == "completed_with_failures"
    monkeypatch.setattr(documents, "report_write", real)
    again = run()
    assert (again.units_built, again.units_failed, again.cycle_status) == (1, 0, "completed")
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("built", 2)


class Crash(BaseException):
    """Stands for kill -9: nothing after it runs, not even the failure bookkeeping."""


def test_a_crash_after_the_file_is_written_is_resumed_without_a_second_build(monkeypatch):
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 3))

    def crash(**kwargs):
        raise Crash

    monkeypatch.setattr(building, "cycle_units_record", crash)
    with pytest.raises(Crash):
        run()
    stuck = CycleUnit.objects.get(status="building")
    assert absolute("reports/2026-10").exists()  # the orphan file
    assert not Artifact.objects.exists()
    monkeypatch.undo()
    # A live worker's unit is left alone until its lease runs out.
    CycleUnit.objects.filter(pk=stuck.pk).update(claimed_at=stuck.claimed_at - LEASE * 2)
    summary = run()
    assert summary.units_failed == 0 and summary.cycle_status == "completed"
    stuck.refresh_from_db()
    assert (stuck.status, stuck.attempts) == ("built", 2)
    assert BrokerReport.objects.get().version == 1 and Statement.objects.get().version == 1
    assert Artifact.objects.filter(kind="aor_report").count() == 1
    assert Artifact.objects.filter(kind="broker_statement").count() == 1


def test_a_unit_held_by_a_live_worker_is_not_taken_over():
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 3))
    close_month(OCTOBER)
    cycle, _ = runner.cycle_prepare(
        month=OCTOBER, actor=Actor.cli(), broker=None, override_reason=""
    )
    claimed = services.cycle_unit_claim_next(cycle_id=cycle.pk, worker_id="elsewhere:1:w")
    assert claimed is not None
    services.cycle_units_reclaim(cycle=cycle, actor=Actor.cli())
    assert CycleUnit.objects.get(pk=claimed.unit.pk).status == "building"
    with pytest.raises(services.UnitLostError):
        building.cycle_unit_build(
            claimed=claimed, worker_id="me:2:w", actor=Actor.cli(), session=documents.BuildSession()
        )


def test_one_brokers_run_builds_only_that_brokers_units():
    agency = AgencyFactory()
    broker = BrokerFactory(agency=agency)
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 3))
    sent_line(broker=BrokerFactory(agency=agency), sent_on=dt.date(2026, 10, 3))
    summary = run(broker=broker)
    assert (summary.units_built, summary.files) == (1, 2)
    assert set(CycleUnit.objects.filter(status="built").values_list("broker_id", flat=True)) == {
        broker.pk
    }
    assert Cycle.objects.get().status == "running"


def test_a_unit_left_building_by_a_process_that_is_gone_is_reclaimed_at_once():
    sent_line(broker=BrokerFactory(), sent_on=dt.date(2026, 10, 3))
    close_month(OCTOBER)
    cycle, _ = runner.cycle_prepare(
        month=OCTOBER, actor=Actor.cli(), broker=None, override_reason=""
    )
    dead = f"{socket.gethostname()}:{2**22 + 4321}:w0"
    claimed = services.cycle_unit_claim_next(cycle_id=cycle.pk, worker_id=dead)
    assert claimed is not None
    assert services.cycle_units_reclaim(cycle=cycle, actor=Actor.cli()) == 1
    assert CycleUnit.objects.get(pk=claimed.unit.pk).status == "pending"


def test_a_brokers_unit_builds_its_report_and_statement_with_the_same_rows_in_the_same_order():
    broker = BrokerFactory(npn="8080")
    for last in ("Olsen", "Berg", "Moe"):
        sent_line(
            broker=broker,
            sent_on=dt.date(2026, 10, 7),
            household=HouseholdFactory(last_name=last, first_name="Kim"),
        )
    run()
    unit = CycleUnit.objects.select_related("report", "statement").get()
    assert (unit.kind, unit.status, unit.rows) == ("broker", "built", 3)
    assert (unit.report.rows, unit.statement.rows) == (3, 3)
    report_rows = read_sheet(plain(unit.report.artifact.relative_path), "AOR Report")[1:]
    detail_rows = read_sheet(plain(unit.statement.artifact.relative_path), "Detail")[1:]
    assert [row[:8] for row in detail_rows] == [row[:8] for row in report_rows]
    assert [row[1] for row in detail_rows] == ["Berg", "Moe", "Olsen"]
    event = AuditEvent.objects.get(action="cycle.unit_build")
    assert event.detail["report_version"] == event.detail["statement_version"] == 1


def test_rows_too_many_to_hold_are_read_again_for_the_statement(monkeypatch):
    monkeypatch.setattr(documents, "IN_MEMORY_ROWS", 1)
    broker = BrokerFactory()
    for last in ("Olsen", "Berg", "Moe"):
        sent_line(
            broker=broker,
            sent_on=dt.date(2026, 10, 7),
            household=HouseholdFactory(last_name=last, first_name="Kim"),
        )
    run()
    unit = CycleUnit.objects.select_related("report", "statement").get()
    detail_rows = read_sheet(plain(unit.statement.artifact.relative_path), "Detail")[1:]
    assert (unit.report.rows, unit.statement.rows) == (3, 3)
    assert [row[1] for row in detail_rows] == ["Berg", "Moe", "Olsen"]


def test_a_failing_statement_fails_the_whole_unit_and_the_retry_rewrites_the_report(monkeypatch):
    broker = BrokerFactory(npn="9090")
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 3))
    real = documents.broker_statement_write

    def broken(**kwargs):
        raise RuntimeError("no room")

    monkeypatch.setattr(documents, "broker_statement_write", broken)
    summary = run()
    assert (summary.units_built, summary.units_failed) == (0, 1)
    assert not BrokerReport.objects.exists() and not Artifact.objects.exists()
    orphan = absolute("reports/2026-10/9090/aor-report-2026-10-v1.xlsx")
    assert orphan.exists()  # written, never recorded
    monkeypatch.setattr(documents, "broker_statement_write", real)
    again = run()
    assert (again.units_built, again.units_failed) == (1, 0)
    report = report_of(broker)
    assert report.version == 1 and absolute(report.artifact.relative_path) == orphan
    assert artifact_verify(artifact=report.artifact)


def test_a_unit_reclaimed_while_it_was_building_records_nothing():
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 3))
    close_month(OCTOBER)
    cycle, _ = runner.cycle_prepare(
        month=OCTOBER, actor=Actor.cli(), broker=None, override_reason=""
    )
    claimed = services.cycle_unit_claim_next(cycle_id=cycle.pk, worker_id="me:2:w")
    assert claimed is not None
    CycleUnit.objects.filter(pk=claimed.unit.pk).update(claimed_by="other:3:w")
    with pytest.raises(services.UnitLostError):
        building.cycle_unit_build(
            claimed=claimed, worker_id="me:2:w", actor=Actor.cli(), session=documents.BuildSession()
        )
    assert not Artifact.objects.exists() and not BrokerReport.objects.exists()
    assert not Statement.objects.exists()


def test_a_unit_after_a_correction_numbers_its_report_and_statement_apart():
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 3))
    services.broker_report_build(broker=broker, month=OCTOBER, actor=Actor.cli(), reason="early")
    run()
    report, statement = report_of(broker), Statement.objects.get(broker=broker)
    assert (report.version, report.supersedes.version) == (2, 1)
    assert (statement.version, statement.status) == (1, "current")
    assert report.artifact.relative_path.endswith("-v2.xlsx")


def test_the_claim_loads_the_unit_with_its_cycle_owner_and_next_versions():
    broker = BrokerFactory()
    sent_line(broker=broker, sent_on=dt.date(2026, 10, 3))
    services.broker_report_build(broker=broker, month=OCTOBER, actor=Actor.cli(), reason="early")
    close_month(OCTOBER)
    cycle, _ = runner.cycle_prepare(
        month=OCTOBER, actor=Actor.cli(), broker=None, override_reason=""
    )
    with CaptureQueriesContext(connection) as queries:
        claimed = services.cycle_unit_claim_next(cycle_id=cycle.pk, worker_id="me:2:w")
    verbs = [q["sql"].lstrip("(").split()[0] for q in queries.captured_queries]
    # The unit with its cycle and owner, the claim, the latest reports, the latest statements.
    assert [verb for verb in verbs if verb in ("SELECT", "UPDATE")] == [
        "SELECT",
        "UPDATE",
        "SELECT",
        "SELECT",
    ]
    assert claimed is not None
    with CaptureQueriesContext(connection) as none:
        assert (claimed.unit.cycle.month, claimed.unit.broker.npn) == (OCTOBER, broker.npn)
    assert len(none) == 0
    assert (claimed.report_version, claimed.statement_version, claimed.unit.attempts) == (2, 1, 1)
