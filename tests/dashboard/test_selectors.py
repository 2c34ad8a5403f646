"""The dashboard's reads, each from factories."""

import datetime as dt

import pytest

from aordesk.cycle.models import BrokerReport, CycleUnit
from aordesk.dashboard import selectors
from aordesk.intake.models import Claim
from aordesk.messaging.models import MessageRead, Notification
from tests.accounts.factories import UserFactory
from tests.aor.factories import pending_line
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.cycle.factories import CycleFactory, CycleUnitFactory, close_month
from tests.dashboard.factories import DecisionFactory
from tests.intake.factories import ArtifactFactory, ClaimFactory, SubmissionFactory
from tests.messaging.factories import MessageFactory, NotificationFactory

pytestmark = pytest.mark.django_db
D = dt.date
OCTOBER = D(2026, 10, 1)
TODAY = D(2026, 11, 20)  # a Friday


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC)


def test_the_dashboard_month_is_the_latest_cycle_else_last_month():
    assert selectors.dashboard_month(today=TODAY) == OCTOBER
    CycleFactory(month=D(2026, 9, 1))
    assert selectors.dashboard_month(today=TODAY) == D(2026, 9, 1)


def test_the_cycle_overview_counts_units_notifications_and_reads():
    CarrierFactory(code="BLUE", display_name="Blue Plan")
    CarrierFactory(code="GOLD", display_name="Gold Plan")
    cycle = CycleFactory(month=OCTOBER)
    # A built unit needs its documents (a constraint): the build tests cover that status.
    for status in ("failed", "failed", "pending"):
        CycleUnitFactory(cycle=cycle, status=status)
    CycleUnitFactory(cycle=cycle, status="building", claimed_by="w1", claimed_at=at(OCTOBER))
    read, unread = MessageFactory(), MessageFactory()
    MessageRead.objects.create(message=read, user=UserFactory())
    NotificationFactory(message=read, status=Notification.Status.SENT)
    NotificationFactory(message=unread, status=Notification.Status.FAILED_PERMANENT)
    overview = selectors.cycle_overview(month=OCTOBER)
    assert overview.units == {"pending": 1, "building": 1, "built": 0, "failed": 2}
    assert overview.notifications["sent"] == 1
    assert overview.notifications["failed_permanent"] == 1
    assert (overview.messages, overview.messages_read) == (2, 1)
    assert [s.carrier_code for s in overview.gate] == ["BLUE", "GOLD"]
    assert not any(s.closed for s in overview.gate)


def test_the_cycle_overview_shows_the_gate_closed_once_every_final_file_is_in():
    CarrierFactory(code="BLUE", display_name="Blue Plan")
    close_month(OCTOBER)
    overview = selectors.cycle_overview(month=OCTOBER)
    assert overview.cycle is None and overview.units["built"] == 0
    assert [s.closed for s in overview.gate] == [True]


def test_the_queue_overview_ages_open_claims_in_business_days():
    for day in (D(2026, 11, 19), D(2026, 11, 16), D(2026, 11, 1)):
        ClaimFactory(row__submission=SubmissionFactory(received_at=at(day)))
    ClaimFactory(status=Claim.Status.DECIDED)
    queue = selectors.queue_overview(today=TODAY)
    assert queue.open_claims == 3
    assert queue.oldest_age == 14  # fifteen weekdays less Veterans Day
    assert queue.by_status["new"] == 3 and queue.by_status["decided"] == 1
    assert queue.aging == {"0-2": 1, "3-5": 1, "6-10": 0, ">10": 1}


def test_an_empty_queue_has_no_oldest_claim():
    queue = selectors.queue_overview(today=TODAY)
    assert (queue.open_claims, queue.oldest_age) == (0, None)


def test_determinations_are_counted_by_month_and_broker_code_for_twelve_months():
    DecisionFactory(decided_at=at(D(2026, 11, 3)))
    DecisionFactory(decided_at=at(D(2026, 11, 4)), internal_code="HELD", broker_code="HELD")
    DecisionFactory(decided_at=at(D(2026, 10, 30)))
    DecisionFactory(decided_at=at(D(2025, 10, 30)))  # older than twelve months
    data = selectors.determinations_by_month(today=TODAY)
    assert data.months[0] == D(2025, 12, 1) and data.months[-1] == D(2026, 11, 1)
    assert data.counts["SENT"][-2:] == [1, 1]
    assert data.counts["HELD"][-1] == 1
    assert sum(sum(counts) for counts in data.counts.values()) == 3
    assert "NEEDS_INFO" not in data.codes


def report(broker, month, rows):
    return BrokerReport.objects.create(
        broker=broker, month=month, version=1, artifact=ArtifactFactory(), rows=rows, created_by="t"
    )


def test_discrepancy_rates_divide_claims_by_report_rows_highest_first():
    busy, quiet, silent = (BrokerFactory(npn=npn) for npn in ("111", "222", "333"))
    report(busy, OCTOBER, rows=4)
    report(quiet, OCTOBER, rows=10)
    report(silent, OCTOBER, rows=5)
    received = SubmissionFactory(broker=busy, received_at=at(D(2026, 11, 2)))
    for _ in range(2):
        ClaimFactory(row__submission=received)
    ClaimFactory(row__submission=SubmissionFactory(broker=quiet, received_at=at(D(2026, 11, 2))))
    rates = selectors.discrepancy_rates(today=TODAY)
    assert [(r.npn, r.claims, r.report_rows, r.rate) for r in rates] == [
        ("111", 2, 4, 0.5),
        ("222", 1, 10, 0.1),
    ]
    assert BrokerReport.objects.count() == 3


def test_held_aors_are_counted_by_days_since_received():
    carrier = CarrierFactory()
    pending_line(carrier=carrier, enrollment_sent_on=None, received_on=D(2026, 11, 18))
    pending_line(carrier=carrier, enrollment_sent_on=None, received_on=D(2026, 7, 1))
    pending_line(carrier=carrier)  # ready, not held
    held = selectors.held_aors_by_age(as_of=TODAY)
    assert held == {"0-7": 1, "8-30": 0, "31-90": 0, ">90": 1}


def test_unit_statuses_cover_every_cycle_unit_status():
    assert set(selectors.cycle_overview(month=OCTOBER).units) == set(CycleUnit.Status.values)
