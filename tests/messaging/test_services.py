import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError, TransitionError
from aordesk.core.models import AuditEvent
from aordesk.messaging import replies
from aordesk.messaging.emails import notification_subject
from aordesk.messaging.models import Attachment, Message, Notification
from aordesk.messaging.replies import message_reply
from aordesk.messaging.selectors import replies_pending_intake
from aordesk.messaging.services import attachment_supersede, message_post, reply_mark_taken
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.messaging.factories import AttachmentFactory, MessageFactory, make_artifact
from tests.plain import plain

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")


def test_posting_a_message_attaches_its_files_queues_one_notification_and_audits():
    broker = BrokerFactory()
    message = message_post(
        kind="statement",
        subject="Statement for October 2026",
        body="",
        broker=broker,
        artifacts=[make_artifact(), make_artifact()],
        actor=SYSTEM,
    )
    assert message.attachments.count() == 2
    notification = Notification.objects.get(message=message)
    assert notification.status == Notification.Status.PENDING
    assert notification.idempotency_key == f"message:{message.pk}:broker:{broker.pk}"
    event = AuditEvent.objects.get(action="message.post")
    assert event.detail == {
        "kind": "statement",
        "broker_id": broker.pk,
        "agency_id": None,
        "attachments": 2,
    }


@pytest.mark.parametrize("owners", [{}, "both"])
def test_a_message_belongs_to_exactly_one_broker_or_agency(owners):
    kwargs = {"broker": BrokerFactory(), "agency": AgencyFactory()} if owners else {}
    with pytest.raises(ApplicationError):
        message_post(kind="other", subject="s", body="b", actor=SYSTEM, **kwargs)


def test_the_database_refuses_a_message_with_two_owners():
    with pytest.raises(IntegrityError):
        MessageFactory(agency=AgencyFactory())


def test_an_unknown_kind_is_refused():
    with pytest.raises(ApplicationError):
        message_post(kind="gossip", subject="s", body="b", broker=BrokerFactory(), actor=SYSTEM)


def test_a_follow_up_must_stay_with_the_owner_of_the_first_message():
    first = MessageFactory()
    with pytest.raises(ApplicationError):
        message_post(
            kind="other",
            subject="s",
            body="b",
            broker=BrokerFactory(),
            in_reply_to=first,
            actor=SYSTEM,
        )


def test_superseding_an_artifact_withdraws_every_attachment_of_it_with_the_reason():
    artifact = make_artifact()
    AttachmentFactory(artifact=artifact)
    AttachmentFactory(artifact=artifact)
    assert (
        attachment_supersede(
            artifact=artifact, reason="Replaced by a corrected report", actor=SYSTEM
        )
        == 2
    )
    assert set(Attachment.objects.values_list("status", "superseded_reason")) == {
        ("superseded", "Replaced by a corrected report")
    }
    assert attachment_supersede(artifact=artifact, reason="again", actor=SYSTEM) == 0


def test_superseding_needs_a_reason():
    with pytest.raises(ApplicationError):
        attachment_supersede(artifact=make_artifact(), reason="  ", actor=SYSTEM)


def test_a_reply_is_kept_as_received_with_its_file_and_waits_for_intake():
    message = MessageFactory()
    upload = SimpleUploadedFile("../../etc/Discrepancy list.xlsx", b"returned bytes")
    reply = message_reply(message=message, body="See attached.", upload=upload, actor=SYSTEM)
    assert reply.direction == Message.Direction.INBOUND
    assert (reply.in_reply_to, reply.broker) == (message, message.broker)
    assert list(replies_pending_intake()) == [reply]
    artifact = reply.attachments.get().artifact
    assert artifact.kind == "submission" and artifact.filename == "Discrepancy list.xlsx"
    assert plain(artifact.relative_path).read_bytes() == b"returned bytes"
    reply_mark_taken(reply=reply, actor=SYSTEM)
    assert list(replies_pending_intake()) == []
    with pytest.raises(TransitionError):
        reply_mark_taken(reply=reply, actor=SYSTEM)


def test_a_reply_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(replies, "MAX_REPLY_FILE_BYTES", 10)
    with pytest.raises(ApplicationError, match="10 MB"):
        message_reply(
            message=MessageFactory(),
            body="",
            upload=SimpleUploadedFile("big.xlsx", b"x" * 11),
            actor=SYSTEM,
        )
    assert not Message.objects.filter(direction="inbound").exists()


def test_an_empty_reply_is_refused():
    with pytest.raises(ApplicationError):
        message_reply(message=MessageFactory(), body=" ", upload=None, actor=SYSTEM)


@pytest.mark.parametrize(
    ("kind", "subject", "expected"),
    [
        ("aor_report", "AOR report for October 2026", "Your AOR report for October 2026 is ready"),
        ("statement", "Statement", "Your AOR statement is ready"),
        (
            "corrected_report",
            "Corrected report, September 2026",
            "Your corrected AOR report for September 2026 is ready",
        ),
        ("request_for_information", "About Jane Doe", "The Broker Team needs information from you"),
    ],
)
def test_the_notification_subject_is_generic_per_kind(kind, subject, expected):
    assert notification_subject(kind=kind, message_subject=subject) == expected


def test_after_commit_the_delivery_task_is_enqueued(django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        message_post(kind="other", subject="s", body="b", broker=BrokerFactory(), actor=SYSTEM)
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_notifications").count() == 1


@pytest.mark.django_db
def test_a_message_posted_without_notify_keeps_its_outbox_row_but_enqueues_no_task(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = message_post(
            kind="other",
            subject="Notice",
            body="Body",
            actor=Actor.cli(),
            broker=BrokerFactory(),
            notify=False,
        )
    assert Notification.objects.filter(message=message).count() == 1
    assert callbacks == []
