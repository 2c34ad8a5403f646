import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aordesk.review.determination import HeldLine
from aordesk.review.evidence import claim_evidence, report_month
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.review.factories import (
    TODAY,
    associated,
    claim_about,
    consumer,
    enrolled,
    report,
    sent,
)

pytestmark = pytest.mark.django_db


def _queries(claim) -> int:
    with CaptureQueriesContext(connection) as captured:
        claim_evidence(claim=claim, today=TODAY)
    return len(captured)


def _busy_household(broker, carrier):
    """Two years of enrollments, an ended association of another broker, and this broker's
    association sent to a second carrier."""
    household = consumer(first="Ana", last="Lindgren")
    last_year = enrolled(household, carrier, year=2025, sent_on=dt.date(2025, 1, 2))
    enrolled(household, carrier)
    earlier = associated(household, BrokerFactory(), status="ended", ended_on=dt.date(2025, 12, 31))
    sent(earlier, last_year, on=dt.date(2025, 2, 3))
    sent(
        associated(household, broker),
        enrolled(household, CarrierFactory()),
        on=dt.date(2026, 10, 1),
    )
    return household


def test_gathering_evidence_costs_the_same_queries_for_one_or_many_candidates():
    broker, carrier = BrokerFactory(), CarrierFactory()
    report(broker, dt.date(2026, 10, 1))
    claim = claim_about(broker=broker, carrier=carrier)
    _busy_household(broker, carrier)
    one = _queries(claim)
    for _ in range(5):
        _busy_household(broker, carrier)
    # Nobody in the DOB block is the claimed Marisol: the two name-blocking query runs too.
    assert _queries(claim) == one <= 7


def test_a_strong_exact_dob_candidate_skips_the_name_blocking_pass():
    broker, carrier = BrokerFactory(), CarrierFactory()
    claim = claim_about(broker=broker, carrier=carrier)
    consumer()
    _busy_household(broker, carrier)
    assert _queries(claim) <= 6


def test_households_are_blocked_on_dob_including_day_and_month_swapped():
    broker, carrier = BrokerFactory(), CarrierFactory()
    claim = claim_about(broker=broker, carrier=carrier, dob=dt.date(1984, 3, 7))
    same = consumer(date_of_birth=dt.date(1984, 3, 7))
    swapped = consumer(date_of_birth=dt.date(1984, 7, 3))
    consumer(date_of_birth=dt.date(1984, 3, 8))
    found = claim_evidence(claim=claim, today=TODAY)
    assert {c.household_id for c in found.candidates} == {same.pk, swapped.pk}


def test_evidence_tells_this_brokers_associations_from_others_with_method_and_date():
    broker, carrier = BrokerFactory(), CarrierFactory()
    household = consumer(previous_last_names="Berg|Holm")
    enrolled(household, carrier)
    associated(
        household, BrokerFactory(npn="5550001"), status="ended", ended_on=dt.date(2026, 8, 31)
    )
    associated(household, broker, received_on=dt.date(2026, 9, 3))
    found = claim_evidence(claim=claim_about(broker=broker, carrier=carrier), today=TODAY)
    (candidate,) = found.candidates
    assert candidate.alt_last_names == ("Berg", "Holm")
    facts = found.evidence[household.pk].associations
    assert [(a.broker_npn, a.is_this_broker, a.status) for a in facts] == [
        ("5550001", False, "ended"),
        (broker.npn, True, "active"),
    ]
    assert (facts[1].method, facts[1].received_on) == ("electronic", dt.date(2026, 9, 3))


def test_a_line_whose_enrollment_went_only_today_is_still_held():
    broker, carrier = BrokerFactory(), CarrierFactory()
    household = consumer()
    enrollment = enrolled(household, carrier, sent_on=TODAY)
    association = associated(household, broker, received_on=dt.date(2026, 11, 2))
    found = claim_evidence(claim=claim_about(broker=broker, carrier=carrier), today=TODAY)
    assert found.evidence[household.pk].held == (
        HeldLine(
            association_reference=association.reference,
            enrollment_id=enrollment.enrollment_id,
            carrier_id=carrier.pk,
        ),
    )


def test_a_sent_line_carries_its_report_month_and_the_brokers_reports_their_date():
    broker, carrier = BrokerFactory(), CarrierFactory()
    household = consumer()
    sent(associated(household, broker), enrolled(household, carrier), on=dt.date(2026, 10, 14))
    report(broker, dt.date(2026, 10, 1))
    report(BrokerFactory(), dt.date(2026, 11, 1))
    found = claim_evidence(claim=claim_about(broker=broker, carrier=carrier), today=TODAY)
    evidence = found.evidence[household.pk]
    assert [line.month for line in evidence.lines_sent] == [dt.date(2026, 10, 1)]
    assert [r.month for r in evidence.reports] == [dt.date(2026, 10, 1)]


def test_open_enrollment_sends_belong_to_the_january_report_of_their_year():
    assert report_month(coverage_year=2027, sent_on=dt.date(2026, 11, 10)) == dt.date(2027, 1, 1)
    assert report_month(coverage_year=2026, sent_on=dt.date(2026, 11, 10)) == dt.date(2026, 11, 1)


def test_a_withdrawn_report_is_not_evidence():
    broker, carrier = BrokerFactory(), CarrierFactory()
    household = consumer()
    report(broker, dt.date(2026, 10, 1), status="withdrawn")
    found = claim_evidence(claim=claim_about(broker=broker, carrier=carrier), today=TODAY)
    assert found.evidence[household.pk].reports == ()


def test_each_line_sent_carries_the_plans_and_the_aors_effective_dates_as_the_report_does():
    broker, carrier = BrokerFactory(), CarrierFactory()
    household = consumer()
    enrollment = enrolled(household, carrier)
    sent(associated(household, broker, received_on=dt.date(2026, 9, 3)), enrollment, on=TODAY)
    found = claim_evidence(claim=claim_about(broker=broker, carrier=carrier), today=TODAY)
    (line,) = found.evidence[household.pk].lines_sent
    assert (line.plan_effective_on, line.aor_effective_on) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 10, 1),
    )
