import datetime as dt

import pytest

from aordesk.aor.gate import CarrierMonthStatus, gate_open_carriers
from aordesk.aor.selectors import carrier_month_gate
from aordesk.aor.services import aor_send
from aordesk.core.audit import Actor
from tests.aor.factories import AorTransmissionFactory, AorTransmissionLineFactory, pending_line
from tests.carriers.factories import CarrierFactory

D = dt.date
OCTOBER = D(2026, 10, 1)


def status(code, final_sent_on=None):
    return CarrierMonthStatus(code, f"{code} Health", 0, 0, final_sent_on)


def test_a_carrier_is_closed_once_its_final_file_is_out():
    assert status("A", D(2026, 10, 30)).closed
    assert not status("B").closed


def test_the_open_carriers_are_those_without_a_final_file():
    statuses = [status("A", D(2026, 10, 30)), status("B"), status("C")]
    assert gate_open_carriers(statuses) == ["B", "C"]
    assert gate_open_carriers([status("A", D(2026, 10, 30))]) == []


@pytest.mark.django_db
def test_an_empty_final_file_closes_the_gate_for_that_carrier_only():
    CarrierFactory(code="ONE")
    CarrierFactory(code="TWO")
    aor_send(
        send_date=D(2026, 10, 30),
        actor=Actor.system("test"),
        carrier_code="ONE",
        final_for_month=True,
    )
    statuses = carrier_month_gate(month=OCTOBER)
    assert [(s.carrier_code, s.closed, s.files_in_month) for s in statuses] == [
        ("ONE", True, 1),
        ("TWO", False, 0),
    ]
    assert gate_open_carriers(statuses) == ["TWO"]


@pytest.mark.django_db
def test_the_gate_counts_the_files_and_lines_of_the_month_per_carrier():
    carrier = CarrierFactory(code="ONE", display_name="One Health")
    for _ in range(3):
        pending_line(carrier=carrier)
    actor = Actor.system("test")
    aor_send(send_date=D(2026, 10, 15), actor=actor)
    aor_send(send_date=D(2026, 10, 31), actor=actor, final_for_month=True)
    november_file = AorTransmissionFactory(carrier=carrier, sent_on=D(2026, 11, 2))
    AorTransmissionLineFactory(transmission=november_file, enrollment__carrier=carrier)
    assert carrier_month_gate(month=OCTOBER) == [
        CarrierMonthStatus("ONE", "One Health", 2, 3, D(2026, 10, 31))
    ]
    november = carrier_month_gate(month=D(2026, 11, 1))
    assert (november[0].files_in_month, november[0].lines_in_month) == (1, 1)
    assert not november[0].closed


@pytest.mark.django_db
def test_an_inactive_carrier_does_not_hold_the_gate():
    CarrierFactory(code="GONE", active=False)
    assert carrier_month_gate(month=OCTOBER) == []


@pytest.mark.django_db
def test_the_gate_is_one_query(django_assert_num_queries):
    CarrierFactory(code="ONE")
    CarrierFactory(code="TWO")
    with django_assert_num_queries(1):
        carrier_month_gate(month=OCTOBER)


def test_the_month_must_be_a_first_of_month():
    with pytest.raises(ValueError):
        carrier_month_gate(month=D(2026, 10, 2))
