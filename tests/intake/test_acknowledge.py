"""Every submission is acknowledged at once in the portal, about the file only."""

from __future__ import annotations

import datetime as dt

import pytest

from aordesk.core.audit import Actor
from aordesk.intake.models import Submission
from aordesk.intake.services import submission_receive
from aordesk.messaging.models import Message, Notification
from tests.brokers.factories import BrokerFactory
from tests.intake.corpus import hostile
from tests.intake.corpus.workbooks import consumer, xlsx_write

pytestmark = pytest.mark.django_db
RECEIVED = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)  # 9:00 AM in Minnesota


def receive(broker, path):
    result = submission_receive(
        broker=broker,
        path=path,
        original_name="Testlast1 family.xlsx",
        channel=Submission.Channel.STAFF,
        actor=Actor.system("test"),
        received_at=RECEIVED,
    )
    message = Message.objects.filter(broker=broker, kind="acknowledgement").latest("pk")
    return result, message


def test_an_accepted_file_is_acknowledged_with_when_its_place_and_its_counts(tmp_path, blue_plus):
    broker = BrokerFactory()
    result, message = receive(broker, xlsx_write(tmp_path / "a.xlsx", [consumer(1), consumer(2)]))

    assert message.subject == f"We received your file (submission {result.submission.pk})"
    assert "November 2, 2026 at 9:00 AM Central time" in message.body
    assert f"Place in the queue: {result.queue_position}." in message.body
    assert "Rows accepted: 2. Rows to fix: 0." in message.body
    assert not message.attachments.exists()
    assert Notification.objects.filter(message=message).exists()


def test_rows_to_fix_come_back_as_the_attached_acknowledgement_workbook(tmp_path, blue_plus):
    broker = BrokerFactory()
    rows = [consumer(1), consumer(2, carrier="Nowhere Health")]
    result, message = receive(broker, xlsx_write(tmp_path / "a.xlsx", rows))

    assert result.verdict == "partly_accepted"
    assert "Rows accepted: 1. Rows to fix: 1." in message.body
    assert [a.artifact for a in message.attachments.all()] == [result.acknowledgement]


def test_a_rejected_file_is_told_exactly_why_and_nothing_is_queued(tmp_path, db):
    broker = BrokerFactory()
    result, message = receive(broker, hostile.pdf(tmp_path / "a.xlsx"))

    assert result.verdict == "rejected"
    assert message.subject.startswith("We could not accept your file")
    for issue in result.issues:
        assert issue.message in message.body
    assert "Nothing from this file was queued." in message.body


def test_a_file_whose_every_row_is_wrong_points_at_the_workbook(tmp_path, blue_plus):
    broker = BrokerFactory()
    rows = [consumer(1, carrier="Nowhere Health")]
    result, message = receive(broker, xlsx_write(tmp_path / "a.xlsx", rows))

    assert result.verdict == "rejected"
    assert "none of its 1 rows could be accepted" in message.body
    assert [a.artifact for a in message.attachments.all()] == [result.acknowledgement]


def test_a_duplicate_is_told_briefly_when_the_first_copy_arrived(tmp_path, blue_plus):
    broker = BrokerFactory()
    path = xlsx_write(tmp_path / "a.xlsx", [consumer(1)])
    first, _ = receive(broker, path)
    result, message = receive(broker, path)

    assert result.verdict == "duplicate"
    assert message.subject == f"We already have this file (submission {first.submission.pk})"
    assert "received November 2, 2026 at 9:00 AM Central time" in message.body


def test_no_acknowledgement_names_a_consumer_or_the_file(tmp_path, blue_plus):
    broker = BrokerFactory()
    rows = [consumer(1), consumer(2, carrier="Nowhere Health"), consumer(3, dob="13/45/1980")]
    receive(broker, xlsx_write(tmp_path / "a.xlsx", rows))

    message = Message.objects.get(broker=broker, kind="acknowledgement")
    for text in ("Testfirst", "Testlast", "Lake Street", "1980", "family"):
        assert text not in message.subject and text not in message.body
