from __future__ import annotations

from django_tasks import task

from aordesk.core.audit import Actor
from aordesk.messaging.outbox import outbox_drain


@task()
def deliver_notifications() -> dict[str, int]:
    """Drain the outbox once (message_post enqueues this on commit)."""
    result = outbox_drain(actor=Actor.task("deliver"))
    return {"sent": result.sent, "retrying": result.retrying, "permanent": result.permanent}
