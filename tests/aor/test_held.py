import datetime as dt

import pytest

from aordesk.aor.rules import LineStatus
from aordesk.aor.selectors import aor_held_summary
from tests.aor.factories import pending_line
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory

D = dt.date
pytestmark = pytest.mark.django_db


def test_held_lines_are_counted_by_carrier_and_reason_since_the_oldest_received_date():
    one, two = CarrierFactory(code="ONE"), CarrierFactory(code="TWO")
    pending_line(carrier=one, enrollment_sent_on=None, received_on=D(2026, 10, 3))
    pending_line(carrier=one, enrollment_sent_on=None, received_on=D(2026, 10, 7))
    suspended = BrokerFactory(certification_status="suspended", status_changed_on=D(2026, 9, 1))
    pending_line(carrier=two, broker=suspended, received_on=D(2026, 10, 4))
    pending_line(carrier=two)
    summary = aor_held_summary(as_of=D(2026, 10, 15))
    assert summary.held == 3 and summary.ready == 1
    assert [(g.carrier_code, g.reason, g.lines, g.oldest_received_on) for g in summary.groups] == [
        ("ONE", LineStatus.HELD_ENROLLMENT_NOT_SENT, 2, D(2026, 10, 3)),
        ("TWO", LineStatus.BROKER_NOT_CERTIFIED, 1, D(2026, 10, 4)),
    ]
    assert summary.groups[0].explanation == "enrollment not yet sent to carrier ONE"
    assert summary.lines is None


def test_associations_received_after_the_as_of_date_are_not_counted():
    pending_line(enrollment_sent_on=None, received_on=D(2026, 10, 20))
    assert aor_held_summary(as_of=D(2026, 10, 15)).held == 0


def test_the_line_list_names_cases_by_number_only_when_asked():
    association, enrollment = pending_line(enrollment_sent_on=None)
    summary = aor_held_summary(as_of=D(2026, 10, 15), with_lines=True)
    [line] = summary.as_dict()["lines"]
    assert line["case_number"] == association.household.case_number
    assert line["enrollment_id"] == enrollment.enrollment_id
    assert association.household.last_name not in str(summary.as_dict())
