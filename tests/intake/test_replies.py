"""A broker's portal reply with a file becomes a submission, once, and is acknowledged."""

from __future__ import annotations

import json
from io import StringIO
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from aordesk.core.audit import Actor
from aordesk.intake.channels import reply as replies
from aordesk.intake.channels.reply import replies_take
from aordesk.intake.models import Claim, Submission
from aordesk.messaging.models import Message, Notification
from aordesk.messaging.replies import message_reply
from tests.accounts.factories import AgencyAdminFactory, BrokerUserFactory
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.intake.corpus.workbooks import consumer, xlsx_write
from tests.messaging.factories import MessageFactory

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def upload_of(path):
    return SimpleUploadedFile("Returned report.xlsx", path.read_bytes())


def reply_with(tmp_path, user, message, rows, name="mine.xlsx"):
    path = xlsx_write(tmp_path / name, rows)
    return message_reply(
        message=message,
        body="Two of mine are missing.",
        upload=upload_of(path),
        actor=Actor.web(user),
    )


def acknowledgements(broker):
    return Message.objects.filter(broker=broker, kind="acknowledgement").order_by("pk")


@override_settings(TASKS=IMMEDIATE)
def test_a_reply_with_a_file_becomes_a_submission_as_soon_as_it_is_stored(
    tmp_path, blue_plus, django_capture_on_commit_callbacks
):
    user = BrokerUserFactory()
    report = MessageFactory(broker=user.broker)

    with django_capture_on_commit_callbacks(execute=True):
        reply = reply_with(tmp_path, user, report, [consumer(1), consumer(2)])

    reply.refresh_from_db()
    submission = Submission.objects.get(reply=reply)
    assert reply.intake_status == "taken"
    assert (submission.channel, submission.verdict, submission.rows_accepted) == (
        "portal_reply",
        "accepted",
        2,
    )
    assert submission.submitted_by == user and submission.received_at == reply.created_at
    assert acknowledgements(user.broker).count() == 1


def test_pending_replies_are_taken_oldest_first_and_text_only_replies_are_just_marked(
    tmp_path, blue_plus
):
    user = BrokerUserFactory()
    report = MessageFactory(broker=user.broker)
    first = reply_with(tmp_path, user, report, [consumer(1)], name="a.xlsx")
    second = reply_with(tmp_path, user, report, [consumer(2)], name="b.xlsx")
    text = message_reply(message=report, body="Call me.", upload=None, actor=Actor.web(user))

    taken = replies_take(actor=Actor.system("test"))

    assert (taken.submissions, taken.without_file, taken.already) == (2, 1, 0)
    ordered = Submission.objects.order_by("queue_position").values_list("reply", flat=True)
    assert list(ordered) == [first.pk, second.pk]
    text.refresh_from_db()
    assert text.intake_status == "taken" and not Submission.objects.filter(reply=text).exists()


def test_taking_the_pending_replies_twice_queues_nothing_twice(tmp_path, blue_plus):
    user = BrokerUserFactory()
    reply_with(tmp_path, user, MessageFactory(broker=user.broker), [consumer(1)])
    replies_take(actor=Actor.system("test"))

    again = replies_take(actor=Actor.system("test"))

    assert (again.submissions, again.already, again.skipped) == (0, 0, 0)
    assert Submission.objects.count() == Claim.objects.count() == 1


def test_a_crash_after_receiving_leaves_the_reply_waiting_and_the_retry_does_not_queue_twice(
    tmp_path, blue_plus
):
    user = BrokerUserFactory()
    reply = reply_with(tmp_path, user, MessageFactory(broker=user.broker), [consumer(1)])
    boom = RuntimeError("worker killed")

    with (
        mock.patch.object(replies, "reply_mark_taken", side_effect=boom),
        pytest.raises(RuntimeError),
    ):
        replies_take(actor=Actor.system("test"))
    # The whole take rolled back: no submission, no acknowledgement, the reply still waits.
    assert not Submission.objects.exists() and not acknowledgements(user.broker).exists()

    taken = replies_take(actor=Actor.system("test"))

    assert taken.submissions == 1
    assert Submission.objects.get().reply == reply
    assert [
        m.subject.startswith("We received your file") for m in acknowledgements(user.broker)
    ] == [True]


def test_a_reply_whose_submission_exists_is_only_marked_taken_and_not_acknowledged_again(
    tmp_path, blue_plus
):
    # As if an earlier run committed the submission but died before marking the reply.
    user = BrokerUserFactory()
    reply = reply_with(tmp_path, user, MessageFactory(broker=user.broker), [consumer(1)])
    replies_take(actor=Actor.system("test"))
    Message.objects.filter(pk=reply.pk).update(intake_status="received")

    taken = replies_take(actor=Actor.system("test"))

    assert (taken.submissions, taken.already) == (0, 1)
    assert Submission.objects.count() == 1
    assert acknowledgements(user.broker).count() == 1
    assert not Submission.objects.filter(verdict="duplicate").exists()


def test_the_same_file_sent_in_a_second_reply_is_acknowledged_as_already_received(
    tmp_path, blue_plus
):
    user = BrokerUserFactory()
    report = MessageFactory(broker=user.broker)
    # The very same bytes twice: a workbook written again would carry a new creation time.
    path = xlsx_write(tmp_path / "a.xlsx", [consumer(1)])
    for _ in range(2):
        message_reply(message=report, body="Mine.", upload=upload_of(path), actor=Actor.web(user))
        replies_take(actor=Actor.system("test"))

    latest = acknowledgements(user.broker).last()
    assert latest.subject.startswith("We already have this file")
    assert "We already have this file (received " in latest.body
    assert Submission.objects.filter(verdict="duplicate").count() == 1


def test_an_agency_administrator_may_return_a_report_of_one_of_its_brokers(tmp_path, blue_plus):
    agency = AgencyFactory()
    broker = BrokerFactory(agency=agency)
    admin = AgencyAdminFactory(agency=agency)
    reply = reply_with(tmp_path, admin, MessageFactory(broker=broker), [consumer(1)])

    replies_take(actor=Actor.system("test"))

    submission = Submission.objects.get(reply=reply)
    assert (submission.broker, submission.submitted_by) == (broker, admin)
    assert acknowledgements(broker).count() == 1


def test_a_file_replied_to_an_agency_message_is_left_to_staff(tmp_path, blue_plus):
    agency = AgencyFactory()
    admin = AgencyAdminFactory(agency=agency)
    statement = MessageFactory(broker=None, agency=agency, kind="statement")
    reply = reply_with(tmp_path, admin, statement, [consumer(1)])

    taken = replies_take(actor=Actor.system("test"))

    assert taken.without_file == 1 and not Submission.objects.exists()
    reply.refresh_from_db()
    assert reply.intake_status == "taken"


def test_the_pending_command_drains_the_replies_and_is_idempotent(tmp_path, blue_plus):
    user = BrokerUserFactory()
    reply_with(tmp_path, user, MessageFactory(broker=user.broker), [consumer(1)])

    def run():
        out = StringIO()
        call_command("intake", "--pending", "--json", stdout=out)
        return json.loads(out.getvalue())

    assert run()["submissions"] == 1
    assert run() == {"submissions": 0, "already": 0, "without_file": 0, "skipped": 0}
    assert Notification.objects.filter(message__kind="acknowledgement").count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_reply_another_worker_is_taking_is_skipped_not_waited_for(tmp_path):
    import psycopg
    from django.db import connection

    from tests.carriers.factories import CarrierFactory

    CarrierFactory(code="BLUEPLUS", display_name="Blue Plus", legal_name="HMO Minnesota")
    user = BrokerUserFactory()
    reply = reply_with(tmp_path, user, MessageFactory(broker=user.broker), [consumer(1)])
    params = connection.get_connection_params()
    with psycopg.connect(**params) as other, other.transaction():
        other.execute("SELECT id FROM messaging_message WHERE id = %s FOR UPDATE", [reply.pk])

        taken = replies_take(actor=Actor.system("test"))

        assert (taken.submissions, taken.skipped) == (0, 1)
    assert replies_take(actor=Actor.system("test")).submissions == 1
