"""Reminders of unanswered information requests: one reminder, in the request's thread,
once the broker has not answered for REMINDER_BUSINESS_DAYS business days. The claim stays
waiting for the broker until it is answered; a reminder never decides anything."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from aordesk.core.audit import Actor, audit_record
from aordesk.core.dates import (
    CHICAGO,
    add_business_days,
    business_date,
    business_today,
)
from aordesk.intake.models import Claim
from aordesk.messaging.models import Message
from aordesk.messaging.services import message_post
from aordesk.review.models import InfoRequest
from aordesk.review.texts import info_subject, reminder_body

REMINDER_BUSINESS_DAYS = 10
# Ten business days span at least twelve calendar days (from a Sunday): only requests made
# that long ago are worth reading before counting business days.
_AT_LEAST = dt.timedelta(days=12)


def reminder_due(requested_on: dt.date, today: dt.date) -> bool:
    return add_business_days(requested_on, REMINDER_BUSINESS_DAYS) <= today


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=CHICAGO)


def info_requests_due(*, today: dt.date) -> list[InfoRequest]:
    """Open, never-reminded requests of claims still waiting, due a reminder on `today`."""
    waiting = InfoRequest.objects.filter(
        answered_at__isnull=True,
        reminded_at__isnull=True,
        claim__status=Claim.Status.AWAITING_BROKER,
        requested_at__lt=_day_start(today - _AT_LEAST + dt.timedelta(days=1)),
    ).order_by("requested_at", "pk")
    return [r for r in waiting if reminder_due(business_date(r.requested_at), today)]


@transaction.atomic
def info_request_remind(*, request: InfoRequest, actor: Actor, today: dt.date) -> bool:
    """Send the request's one reminder if it is still due; False when it is not (answered,
    reminded by another run, or not yet due)."""
    request = (
        InfoRequest.objects.select_for_update(of=("self",))
        .select_related("claim__submission", "claim__row", "claim__broker", "message")
        .get(pk=request.pk)
    )
    if request.answered_at is not None or request.reminded_at is not None:
        return False
    if not reminder_due(business_date(request.requested_at), today):
        return False
    reminder = message_post(
        kind=Message.Kind.REQUEST_FOR_INFORMATION,
        subject=info_subject(request.claim, reminder=True),
        body=reminder_body(request),
        actor=actor,
        broker=request.claim.broker,
        in_reply_to=request.message,
    )
    request.reminded_at = timezone.now()
    request.save(update_fields=["reminded_at"])
    audit_record(
        actor=actor,
        action="info_request.remind",
        object_type="info_request",
        object_id=request.pk,
        detail={"claim": request.claim_id, "message": reminder.pk},
    )
    return True


def info_reminders_send(*, actor: Actor, today: dt.date | None = None) -> int:
    """Remind every due request, one transaction each; returns how many were reminded.
    Idempotent: a request is reminded once, however often this runs."""
    today = today or business_today()
    return sum(
        info_request_remind(request=request, actor=actor, today=today)
        for request in info_requests_due(today=today)
    )
