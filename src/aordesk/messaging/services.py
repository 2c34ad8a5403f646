"""Writes of the message center: post, supersede, read, reply, hand replies to intake."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from aordesk.artifacts.models import Artifact
from aordesk.brokers.models import Agency, Broker
from aordesk.core.audit import Actor, AuditEntry, audit_record, audit_record_many
from aordesk.core.errors import ApplicationError, TransitionError
from aordesk.messaging.models import Attachment, Message, MessageRead, Notification

logger = logging.getLogger(__name__)


def notification_key(message: Message) -> str:
    owner = f"broker:{message.broker_id}" if message.broker_id else f"agency:{message.agency_id}"
    return f"message:{message.pk}:{owner}"


def _check_owner(
    *, broker: Broker | None, agency: Agency | None, in_reply_to: Message | None
) -> None:
    if (broker is None) == (agency is None):
        raise ApplicationError("A message belongs to exactly one broker or one agency.")
    if in_reply_to is not None and (
        in_reply_to.broker_id != getattr(broker, "pk", None)
        or in_reply_to.agency_id != getattr(agency, "pk", None)
    ):
        raise ApplicationError("A reply stays with the broker or agency of its message.")


@dataclass(frozen=True)
class Post:
    """One outbound message of `messages_post`: to one broker or one agency."""

    kind: str
    subject: str
    body: str
    broker: Broker | None = None
    agency: Agency | None = None
    artifacts: Sequence[Artifact] = ()
    in_reply_to: Message | None = None


@transaction.atomic
def message_post(
    *,
    kind: str,
    subject: str,
    body: str,
    actor: Actor,
    broker: Broker | None = None,
    agency: Agency | None = None,
    artifacts: Sequence[Artifact] = (),
    in_reply_to: Message | None = None,
    notify: bool = True,
) -> Message:
    """Post a message to one broker or agency and put its notification in the outbox.
    `notify=False` leaves waking the delivery worker to the caller: a batch that posts
    thousands of messages enqueues one drain at its end instead of one task per message."""
    post = Post(kind, subject, body, broker, agency, artifacts, in_reply_to)
    return messages_post(posts=[post], actor=actor, notify=notify)[0]


@transaction.atomic
def messages_post(*, posts: Sequence[Post], actor: Actor, notify: bool = True) -> list[Message]:
    """Post several messages (a cycle batch's) with one INSERT per table: the messages, their
    attachments, their notifications (the outbox rows commit with the messages, so a
    notification is never lost) and their audit events."""
    for post in posts:
        if post.kind not in Message.Kind.values:
            raise ApplicationError(f"Unknown message kind {post.kind!r}.")
        _check_owner(broker=post.broker, agency=post.agency, in_reply_to=post.in_reply_to)
    messages = Message.objects.bulk_create([_message_of(post, actor) for post in posts])
    Attachment.objects.bulk_create(
        [
            Attachment(message=message, artifact=artifact)
            for message, post in zip(messages, posts, strict=True)
            for artifact in post.artifacts
        ]
    )
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(message=m, idempotency_key=notification_key(m), next_attempt_at=now)
            for m in messages
        ]
    )
    audit_record_many(
        actor=actor,
        entries=[_posted(m, p) for m, p in zip(messages, posts, strict=True)],
    )
    if notify:
        transaction.on_commit(delivery_enqueue)
    return messages


def _message_of(post: Post, actor: Actor) -> Message:
    return Message(
        kind=post.kind,
        subject=post.subject,
        body=post.body,
        broker=post.broker,
        agency=post.agency,
        direction=Message.Direction.OUTBOUND,
        in_reply_to=post.in_reply_to,
        created_by=actor.user,
    )


def _posted(message: Message, post: Post) -> AuditEntry:
    detail = {
        "kind": post.kind,
        "broker_id": getattr(post.broker, "pk", None),
        "agency_id": getattr(post.agency, "pk", None),
        "attachments": len(post.artifacts),
    }
    return AuditEntry("message.post", "message", message.pk, detail)


def delivery_enqueue() -> None:
    # A failure here loses nothing: the row is committed and `aordesk deliver` drains it.
    try:
        from aordesk.messaging.tasks import deliver_notifications

        deliver_notifications.enqueue()
    except Exception:
        logger.warning("could not enqueue the delivery task; the outbox keeps the row")


@transaction.atomic
def attachment_supersede(*, artifact: Artifact, reason: str, actor: Actor) -> int:
    """Withdraw every available attachment of the artifact; returns how many."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Say why the file is superseded; brokers are shown the reason.")
    count = Attachment.objects.filter(artifact=artifact, status=Attachment.Status.AVAILABLE).update(
        status=Attachment.Status.SUPERSEDED,
        superseded_reason=reason[:300],
        superseded_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="attachment.supersede",
        object_type="artifact",
        object_id=artifact.pk,
        detail={"attachments": count},
    )
    return count


@transaction.atomic
def message_mark_read(*, message: Message, actor: Actor) -> bool:
    """Record the reader's first opening of the message; True the first time."""
    if actor.user is None:
        raise ApplicationError("Only a signed-in person reads a message.")
    _, created = MessageRead.objects.get_or_create(message=message, user=actor.user)
    if created:
        audit_record(
            actor=actor, action="message.read", object_type="message", object_id=message.pk
        )
    return created


@transaction.atomic
def reply_mark_taken(*, reply: Message, actor: Actor) -> Message:
    """The intake hook: intake calls this once it has turned the reply into a submission."""
    if reply.intake_status != Message.IntakeStatus.RECEIVED:
        raise TransitionError(f"Reply {reply.pk} is not waiting for intake.")
    reply.intake_status = Message.IntakeStatus.TAKEN
    reply.save(update_fields=["intake_status"])
    audit_record(
        actor=actor, action="message.reply_taken", object_type="message", object_id=reply.pk
    )
    return reply
