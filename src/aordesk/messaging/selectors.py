"""Reads of the message center, every one filtered by who is asking.

Object-level permission lives here: a broker sees their own messages, an agency
administrator those of the agency and of its brokers, staff everything."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from aordesk.accounts.models import User
from aordesk.brokers.models import Agency, Broker
from aordesk.core.dates import CHICAGO, next_month_start
from aordesk.messaging.models import Attachment, Message, MessageRead, Notification

NOTHING = Q(pk__in=[])


def owner_filter(user: User, prefix: str = "") -> Q:
    """The Q that keeps only messages the user may see; `prefix` reaches a message."""
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    if user.role == User.Role.STAFF:
        return Q()
    if user.role == User.Role.BROKER and user.broker_id:
        return Q(**{f"{prefix}broker_id": user.broker_id})
    if user.role == User.Role.AGENCY_ADMIN and user.agency_id:
        return Q(**{f"{prefix}agency_id": user.agency_id}) | Q(
            **{f"{prefix}broker__agency_id": user.agency_id}
        )
    return NOTHING


def messages_visible_to(user: User) -> QuerySet[Message]:
    return Message.objects.filter(owner_filter(user))


def attachments_visible_to(user: User) -> QuerySet[Attachment]:
    return Attachment.objects.filter(owner_filter(user, prefix="message__"))


def brokers_actable_by(user: User) -> QuerySet[Broker]:
    """Brokers whose registered details the user may change."""
    if not (user.is_authenticated and user.is_active):
        return Broker.objects.none()
    if user.role == User.Role.STAFF:
        return Broker.objects.all()
    if user.role == User.Role.BROKER and user.broker_id:
        return Broker.objects.filter(pk=user.broker_id)
    if user.role == User.Role.AGENCY_ADMIN and user.agency_id:
        return Broker.objects.filter(agency_id=user.agency_id)
    return Broker.objects.none()


def agencies_actable_by(user: User) -> QuerySet[Agency]:
    """Agencies whose registered (administrator) email the user may change."""
    if not (user.is_authenticated and user.is_active):
        return Agency.objects.none()
    if user.role == User.Role.STAFF:
        return Agency.objects.all()
    if user.role == User.Role.AGENCY_ADMIN and user.agency_id:
        return Agency.objects.filter(pk=user.agency_id)
    return Agency.objects.none()


def inbox_for(user: User) -> QuerySet[Message]:
    """Newest first, each with `is_read` for this user and its attachment count."""
    read = MessageRead.objects.filter(message=OuterRef("pk"), user=user)
    return (
        messages_visible_to(user)
        .select_related("broker", "agency")
        .annotate(is_read=Exists(read), attachment_count=Count("attachments"))
        .order_by("-created_at", "-id")
    )


def inbox_filtered(
    messages: QuerySet[Message],
    *,
    broker_id: int | None = None,
    month: dt.date | None = None,
    kind: str = "",
) -> QuerySet[Message]:
    """The inbox narrowed to one broker's messages, one month (Minnesota time) and one
    kind; each filter optional."""
    if broker_id is not None:
        messages = messages.filter(broker_id=broker_id)
    if month is not None:
        start = dt.datetime.combine(month, dt.time.min, tzinfo=CHICAGO)
        end = dt.datetime.combine(next_month_start(month), dt.time.min, tzinfo=CHICAGO)
        messages = messages.filter(created_at__gte=start, created_at__lt=end)
    if kind:
        messages = messages.filter(kind=kind)
    return messages


def message_for(user: User, pk: int) -> Message | None:
    return (
        messages_visible_to(user)
        .select_related("broker", "agency", "in_reply_to")
        .filter(pk=pk)
        .first()
    )


def message_attachments(message: Message) -> QuerySet[Attachment]:
    return message.attachments.select_related("artifact").order_by("id")


def message_replies(user: User, message: Message) -> QuerySet[Message]:
    return (
        messages_visible_to(user)
        .filter(in_reply_to=message)
        .prefetch_related("attachments__artifact")
        .order_by("created_at", "id")
    )


def attachment_for(user: User, pk: int) -> Attachment | None:
    return attachments_visible_to(user).select_related("artifact", "message").filter(pk=pk).first()


def replies_pending_intake() -> QuerySet[Message]:
    """The intake hook: replies as received, oldest first, with their files."""
    return (
        Message.objects.filter(
            direction=Message.Direction.INBOUND, intake_status=Message.IntakeStatus.RECEIVED
        )
        .select_related("broker", "agency", "in_reply_to")
        .prefetch_related("attachments__artifact")
        .order_by("created_at", "id")
    )


def notification_counts() -> dict[str, int]:
    rows = Notification.objects.values("status").annotate(n=Count("id"))
    counts = dict.fromkeys(Notification.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def notifications_needing_staff() -> QuerySet[Notification]:
    return (
        Notification.objects.filter(status=Notification.Status.FAILED_PERMANENT)
        .select_related("message__broker", "message__agency")
        .order_by("id")
    )
