"""Cycle operations the Broker Team starts from the web: each is a background task for
`aordesk worker`, never work done in the request. Starting (or resuming) a month's cycle
also retries its failed units: the run reclaims them first."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from aordesk.core.audit import Actor, audit_record
from aordesk.core.dates import format_month
from aordesk.cycle import selectors
from aordesk.cycle.services import GateClosedError
from aordesk.messaging.models import Notification
from aordesk.messaging.outbox import notification_requeue
from aordesk.messaging.services import delivery_enqueue


@transaction.atomic
def cycle_start_request(*, month: dt.date, override_reason: str, actor: Actor) -> list[str]:
    """Queue the month's cycle (units created and queued by the task). Refuses while a
    carrier's final AOR file is not out, unless staff give a reason; returns the carriers
    the reason overrides."""
    from aordesk.cycle.tasks import cycle_start_task

    reason = override_reason.strip()
    open_names = selectors.month_gate(month=month).open_names()
    if open_names and not reason:
        raise GateClosedError(
            f"The month is not closed; still open: {', '.join(open_names)}.",
            extra={"open_carriers": open_names},
        )
    detail = {"month": format_month(month), "gate_overridden": bool(open_names)}
    audit_record(
        actor=actor,
        action="cycle.start_request",
        object_type="cycle_month",
        object_id=format_month(month),
        detail=detail,
    )
    month_text, by = format_month(month), actor.label
    transaction.on_commit(lambda: cycle_start_task.enqueue(month_text, reason, by))
    return open_names


@transaction.atomic
def notification_resend(*, notification_id: int, actor: Actor) -> Notification:
    """Send a permanently failed notification again (staff fixed its cause, say the
    registered email), and wake the delivery worker."""
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    notification_requeue(notification=notification, actor=actor)
    transaction.on_commit(delivery_enqueue)
    return notification
