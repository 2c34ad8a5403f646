"""The desk's carrier exchange slot: the carrier's answer per Date Sent, appointment flags."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from aordesk.aor.models import AorTransmission, AorTransmissionLine

pytestmark = pytest.mark.django_db


def page(client, name, *args):
    return client.get(reverse(f"desk:{name}", args=args)).content.decode()


@pytest.fixture
def exchange(desk):
    """UCare's files became X12 and were accepted; one of broker a's lines was flagged."""
    for n, t in enumerate(AorTransmission.objects.filter(carrier__code="UCARE"), start=1):
        t.file_format, t.interchange_control_number, t.group_control_number = "x12-834", n, n
        t.ack_status, t.acknowledged_at = "accepted", timezone.now()
        t.save()
    line = AorTransmissionLine.objects.filter(
        association__broker=desk["brokers"]["a"], transmission__carrier__code="UCARE"
    ).first()
    line.broker_not_appointed = True
    line.save()
    return desk


def test_the_report_page_says_per_date_sent_whether_the_carrier_acknowledged(exchange, client_as):
    text = page(client_as(exchange["users"]["broker_a"]), "report", "2026-10")
    assert "Did the carrier take your AOR files? (October 2026)" in text
    assert "Acknowledged by the carrier on" in text
    assert "This carrier does not acknowledge files electronically" in text
    assert "not appointed with UCare on 10/" in text
    assert "the carrier may not pay commission" in text


def test_another_broker_sees_neither_the_flag_nor_the_other_brokers_dates(exchange, client_as):
    text = page(client_as(exchange["users"]["broker_b"]), "report", "2026-10")
    assert "not appointed with" not in text
    assert "UCare" not in text
    assert dt.date(2026, 10, 23).strftime("%m/%d/%Y") not in text
