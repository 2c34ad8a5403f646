"""Draining the outbox: claim a row, commit 'sending' with its Message-ID, send, record.

A crash after the SMTP server accepted but before 'sent' is recorded leaves the row in
'sending'; once stale it is sent again with the same Message-ID, so at most that one
message is duplicated (and a receiving system can recognise it). Nothing is lost."""

from __future__ import annotations

import contextlib
import datetime as dt
import smtplib
import ssl
from dataclasses import dataclass, field
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from aordesk.core.audit import Actor, Outcome, audit_record
from aordesk.core.errors import TransitionError
from aordesk.messaging.emails import notification_body, notification_subject
from aordesk.messaging.models import Message, Notification

Status = Notification.Status
STALE_AFTER = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 10
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_CAP = dt.timedelta(hours=6)


class PermanentFailure(Exception):
    """The recipient cannot be reached by retrying (no or bad address, 5xx)."""


@dataclass
class DrainResult:
    sent: int = 0
    retrying: int = 0
    permanent: int = 0
    ids: list[int] = field(default_factory=list)


def backoff(attempts: int) -> dt.timedelta:
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def recipient_address(message: Message) -> str:
    """The registered address as it is now, not as it was when the message was posted."""
    if message.broker_id:
        return message.broker.email if message.broker else ""
    return message.agency.admin_email if message.agency else ""


def classify(exc: BaseException) -> tuple[bool, str]:
    """(permanent, code). The code never holds the server's text, which may echo addresses."""
    if isinstance(exc, PermanentFailure):
        return True, str(exc)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return all(code >= 500 for code in codes), f"recipient refused {codes}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500, f"{type(exc).__name__} {exc.smtp_code}"
    # Connection refused, timeouts, disconnects, TLS trouble: retry; a TLS or
    # configuration fault is fixed by staff and the row then goes out.
    if isinstance(exc, OSError | smtplib.SMTPException | ssl.SSLError):
        return False, type(exc).__name__
    return False, f"unexpected {type(exc).__name__}"


def _due(now: dt.datetime) -> Q:
    waiting = Q(status__in=[Status.PENDING, Status.FAILED_TRANSIENT], next_attempt_at__lte=now)
    return waiting | Q(status=Status.SENDING, claimed_at__lt=now - STALE_AFTER)


@transaction.atomic
def notification_claim(*, now: dt.datetime) -> Notification | None:
    """Take the next due row (skipping rows another worker holds) and commit 'sending'."""
    rows = Notification.objects.select_for_update(skip_locked=True).filter(_due(now))
    notification = rows.order_by("next_attempt_at", "id").first()
    if notification is None:
        return None
    notification.status = Status.SENDING
    notification.attempts += 1
    notification.claimed_at = now
    notification.recipient_address = (
        notification.copy_to_agency.admin_email
        if notification.copy_to_agency
        else recipient_address(notification.message)
    )
    if not notification.rfc_message_id:
        notification.rfc_message_id = make_msgid(domain=settings.DEFAULT_FROM_EMAIL.split("@")[-1])
    notification.save()
    return notification


def build_email(notification: Notification) -> EmailMessage:
    message = notification.message
    link = settings.AORDESK_PORTAL_URL.rstrip("/") + reverse(
        "portal:message", kwargs={"pk": message.pk}
    )
    return EmailMessage(
        subject=notification_subject(kind=message.kind, message_subject=message.subject),
        body=notification_body(link=link),
        to=[notification.recipient_address],
        headers={"Message-ID": notification.rfc_message_id},
    )


class Sender:
    """One SMTP connection for a whole drain, opened for the first message and opened again
    after any failure (the server may have dropped it): a month's ten thousand notices
    are not ten thousand TCP and TLS handshakes. Each message is still its own SMTP
    transaction, claimed and recorded on its own."""

    def __init__(self) -> None:
        self._connection: Any = None

    def send(self, email: EmailMessage) -> None:
        if self._connection is None:
            self._connection = get_connection(fail_silently=False)
            self._connection.open()
        try:
            self._connection.send_messages([email])
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            # QUIT refused or the server gone: the connection is finished either way.
            with contextlib.suppress(Exception):
                connection.close()


def notification_send(
    *, notification: Notification, actor: Actor, sender: Sender | None = None
) -> str:
    """One SMTP attempt for a claimed row, on the drain's connection if given (else on one
    of its own); returns the status it ends in."""
    one_off, sender = sender is None, sender or Sender()
    try:
        try:
            validate_email(notification.recipient_address)
        except ValidationError:
            raise PermanentFailure("no valid registered address") from None
        sender.send(build_email(notification))
    except Exception as exc:
        permanent, code = classify(exc)
        return notification_mark_failed(
            notification=notification, permanent=permanent, error=code, actor=actor
        )
    finally:
        if one_off:
            sender.close()
    return notification_mark_sent(notification=notification, actor=actor)


@transaction.atomic
def notification_mark_sent(*, notification: Notification, actor: Actor) -> str:
    if notification.status != Status.SENDING:
        raise TransitionError(f"Notification {notification.pk} is not being sent.")
    notification.status = Status.SENT
    notification.sent_at = timezone.now()
    notification.last_error = ""
    notification.save(update_fields=["status", "sent_at", "last_error"])
    audit_record(
        actor=actor,
        action="notification.sent",
        object_type="notification",
        object_id=notification.pk,
        detail={"message": notification.message_id, "attempts": notification.attempts},
    )
    return notification.status


@transaction.atomic
def notification_mark_failed(
    *, notification: Notification, permanent: bool, error: str, actor: Actor
) -> str:
    if notification.status != Status.SENDING:
        raise TransitionError(f"Notification {notification.pk} is not being sent.")
    if permanent or notification.attempts >= MAX_ATTEMPTS:
        notification.status = Status.FAILED_PERMANENT
    else:
        notification.status = Status.FAILED_TRANSIENT
        notification.next_attempt_at = timezone.now() + backoff(notification.attempts)
    notification.last_error = error[:300]
    notification.save(update_fields=["status", "next_attempt_at", "last_error"])
    audit_record(
        actor=actor,
        action="notification.failed",
        object_type="notification",
        object_id=notification.pk,
        outcome=Outcome.FAILURE,
        detail={
            "status": notification.status,
            "attempts": notification.attempts,
            "error": notification.last_error,
        },
    )
    return notification.status


@transaction.atomic
def notification_requeue(*, notification: Notification, actor: Actor) -> Notification:
    """Staff fixed the cause of a permanent failure (say, the address): try again now."""
    if notification.status != Status.FAILED_PERMANENT:
        raise TransitionError(f"Notification {notification.pk} has not failed permanently.")
    notification.status = Status.PENDING
    notification.attempts = 0
    notification.next_attempt_at = timezone.now()
    notification.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit_record(
        actor=actor,
        action="notification.requeue",
        object_type="notification",
        object_id=notification.pk,
    )
    return notification


def outbox_drain(*, actor: Actor, limit: int | None = None) -> DrainResult:
    """Send every due notification once; what fails transiently waits for its next turn."""
    result, sender = DrainResult(), Sender()
    try:
        _drain(result, sender, actor=actor, limit=limit)
    finally:
        sender.close()
    return result


def _drain(result: DrainResult, sender: Sender, *, actor: Actor, limit: int | None) -> None:
    while limit is None or len(result.ids) < limit:
        notification = notification_claim(now=timezone.now())
        if notification is None:
            break
        status = notification_send(notification=notification, actor=actor, sender=sender)
        result.ids.append(notification.pk)
        if status == Status.SENT:
            result.sent += 1
        elif status == Status.FAILED_PERMANENT:
            result.permanent += 1
        else:
            result.retrying += 1
