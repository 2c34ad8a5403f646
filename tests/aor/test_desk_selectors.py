"""What the broker's desk says per Date Sent: acknowledged, waiting, rejected and sent again."""

import datetime as dt

import pytest
from django.template import Context, Template

from aordesk.aor.acknowledgements import carrier_ack_record
from aordesk.aor.desk_selectors import date_sent_acknowledgements
from aordesk.aor.models import AorTransmission
from aordesk.aor.services import aor_send
from aordesk.artifacts.storage import read_plaintext
from aordesk.brokers.models import Broker
from aordesk.core.audit import Actor
from aordesk.core.dates import business_date
from aordesk.x12.validation import pyx12_999
from tests.aor.factories import pending_line
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory

D = dt.date
ACTOR = Actor.system("test")
pytestmark = pytest.mark.django_db


def send(day):
    return aor_send(send_date=day, actor=ACTOR)


def answer(transmission, *, broken_set=None):
    text = read_plaintext(transmission.artifact.relative_path).decode("ascii")
    if broken_set:
        head, _, tail = text.partition(f"ST*834*{broken_set}*")
        text = head + f"ST*834*{broken_set}*" + tail.replace("DMG*D8*", "DMG*D8*1", 1)
    return pyx12_999(text)


def test_each_date_sent_reads_acknowledged_waiting_or_no_electronic_answer():
    broker = BrokerFactory()
    ucare = CarrierFactory(code="UCARE", display_name="UCare", x12=True)
    pending_line(carrier=ucare, broker=broker)
    pending_line(carrier=CarrierFactory(code="BCBS", display_name="Blue Cross"), broker=broker)
    send(D(2026, 10, 15))
    pending_line(carrier=ucare, broker=broker)
    send(D(2026, 10, 16))
    first = AorTransmission.objects.get(carrier=ucare, sent_on=D(2026, 10, 15))
    carrier_ack_record(content=answer(first).encode(), filename="a.999", actor=ACTOR)
    texts = [
        (a.sent_on, a.carrier_name, a.text)
        for a in date_sent_acknowledgements(broker_ids=[broker.pk])
    ]
    today = business_date(first.acknowledgements.first().received_at)
    assert texts == [
        (D(2026, 10, 16), "UCare", "Not acknowledged by the carrier yet"),
        (D(2026, 10, 15), "Blue Cross", "This carrier does not acknowledge files electronically"),
        (D(2026, 10, 15), "UCare", f"Acknowledged by the carrier on {today:%m/%d/%Y}"),
    ]


def test_a_broker_sees_their_own_lines_rejected_and_sent_again_not_another_brokers():
    ucare = CarrierFactory(code="UCARE", display_name="UCare", x12=True)
    fine, unlucky = BrokerFactory(npn="1000001"), BrokerFactory(npn="2000002")
    pending_line(carrier=ucare, broker=fine)
    pending_line(carrier=ucare, broker=unlucky)
    send(D(2026, 10, 15))
    first = AorTransmission.objects.get()
    partial = answer(first, broken_set="0002").replace("AK9*R*", "AK9*P*")
    carrier_ack_record(content=partial.encode(), filename="a.999", actor=ACTOR)
    [mine] = date_sent_acknowledgements(broker_ids=[unlucky.pk])
    assert mine.text == "Rejected by the carrier; it goes out again in the carrier's next file"
    [theirs] = date_sent_acknowledgements(broker_ids=[fine.pk])
    assert theirs.state == "accepted"
    send(D(2026, 10, 16))
    mine = date_sent_acknowledgements(broker_ids=[unlucky.pk])
    assert [a.text for a in mine] == [
        "Not acknowledged by the carrier yet",
        "Rejected by the carrier; sent again on 10/16/2026",
    ]


class _Scope:
    def __init__(self, broker):
        self.broker = broker
        self.is_agency_view = False

    def brokers(self):
        return Broker.objects.filter(pk=self.broker.pk)


def test_the_desk_partial_renders_the_answer_per_date_sent_and_the_flags():
    broker = BrokerFactory()
    pending_line(
        carrier=CarrierFactory(code="UCARE", display_name="UCare", x12=True), broker=broker
    )
    send(D(2026, 10, 15))
    html = Template("{% load carrier_exchange %}{% desk_carrier_exchange %}").render(
        Context({"scope": _Scope(broker), "month": D(2026, 10, 1)})
    )
    assert "Did the carrier take your AOR files? (October 2026)" in html
    assert "10/15/2026" in html
    assert "Not acknowledged by the carrier yet" in html


def test_the_desk_partial_is_empty_without_a_scope():
    html = Template("{% load carrier_exchange %}{% desk_carrier_exchange %}").render(Context({}))
    assert html.strip() == ""
