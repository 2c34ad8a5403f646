"""Writes of the message center: post, supersede, read, reply, hand replies to intake."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from aordesk.artifacts.models import Artifact
from aordesk.brokers.models import Agency, Broker
from aordesk.core.audit import Actor, audit_record
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
    if kind not in Message.Kind.values:
        raise ApplicationError(f"Unknown message kind {kind!r}.")
    _check_owner(broker=broker, agency=agency, in_reply_to=in_reply_to)
    message = Message.objects.create(
        kind=kind,
        subject=subject,
        body=body,
        broker=broker,
        agency=agency,
        direction=Message.Direction.OUTBOUND,
        in_reply_to=in_reply_to,
        created_by=actor.user,
    )
    Attachment.objects.bulk_create(
        [Attachment(message=message, artifact=artifact) for artifact in artifacts]
    )
    # The outbox row commits with the message: a notification is never lost.
    Notification.objects.create(
        message=message,
        idempotency_key=notification_key(message),
        next_attempt_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="message.post",
        object_type="message",
        object_id=message.pk,
        detail={
            "kind": kind,
            "broker_id": getattr(broker, "pk", None),
            "agency_id": getattr(agency, "pk", None),
            "attachments": len(artifacts),
        },
    )
    if notify:
        transaction.on_commit(delivery_enqueue)
    return message


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
