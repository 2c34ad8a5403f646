"""Lines whose broker the carrier had not appointed on the send date: sent, and flagged."""

import datetime as dt

import pytest

from aordesk.aor.ack_selectors import not_appointed_lines
from aordesk.aor.desk_selectors import appointment_flags
from aordesk.aor.models import AorTransmissionLine
from aordesk.aor.services import aor_send
from aordesk.carriers.models import CarrierAppointment
from aordesk.core.audit import Actor
from tests.aor.factories import pending_line
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory

D = dt.date
pytestmark = pytest.mark.django_db


def send(day):
    return aor_send(send_date=day, actor=Actor.system("test"))


def appoint(broker, carrier, start, until=None):
    CarrierAppointment.objects.create(
        broker=broker, carrier=carrier, appointed_from=start, appointed_until=until
    )


def flags():
    return dict(
        AorTransmissionLine.objects.values_list("association__broker__npn", "broker_not_appointed")
    )


def test_a_line_of_a_broker_without_an_appointment_is_sent_and_flagged():
    carrier = CarrierFactory(code="UCARE", display_name="UCare", x12=True)
    appointed, not_appointed = BrokerFactory(npn="1000001"), BrokerFactory(npn="2000002")
    lapsed = BrokerFactory(npn="3000003")
    appoint(appointed, carrier, D(2026, 1, 1))
    appoint(lapsed, carrier, D(2025, 1, 1), until=D(2026, 10, 14))
    for broker in (appointed, not_appointed, lapsed):
        pending_line(carrier=carrier, broker=broker)
    result = send(D(2026, 10, 15))
    assert result.lines == 3
    assert result.carriers[0].not_appointed == 2
    assert flags() == {"1000001": False, "2000002": True, "3000003": True}


def test_a_carrier_without_appointment_data_flags_nothing():
    pending_line(carrier=CarrierFactory(code="BCBS"))
    send(D(2026, 10, 15))
    assert list(flags().values()) == [False]


def test_the_desk_and_dashboard_say_the_carrier_may_not_pay_commission():
    carrier = CarrierFactory(code="UCARE", display_name="UCare")
    broker, other = BrokerFactory(npn="2000002"), BrokerFactory(npn="1000001")
    appoint(other, carrier, D(2026, 1, 1))
    pending_line(carrier=carrier, broker=broker)
    send(D(2026, 10, 15))
    [flag] = appointment_flags(broker_ids=[broker.pk])
    assert flag.text == (
        "not appointed with UCare on 10/15/2026: the carrier may not pay commission"
    )
    assert flag.lines == 1
    assert appointment_flags(broker_ids=[other.pk]) == []
    assert [g.npn for g in not_appointed_lines()] == ["2000002"]


def test_the_send_command_counts_the_unappointed_lines():
    import io

    from django.core.management import call_command

    carrier = CarrierFactory(code="UCARE", x12=True)
    appoint(BrokerFactory(npn="1000001"), carrier, D(2026, 1, 1))
    pending_line(carrier=carrier, broker=BrokerFactory(npn="2000002"))
    out = io.StringIO()
    call_command("aor", "send", "--date", "2026-10-15", stdout=out)
    assert "broker not appointed with the carrier 1 (sent all the same)" in out.getvalue()
