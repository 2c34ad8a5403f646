"""Intake as background tasks (the configured django_tasks backend: the database's)."""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task

from aordesk.core.audit import Actor
from aordesk.intake.channels.reply import replies_take


@task()
def replies_intake() -> dict[str, int]:
    """Take every reply waiting for intake (message_reply enqueues this on commit);
    `aordesk intake --pending` drains the same replies if the task never runs."""
    return asdict(replies_take(actor=Actor.task("intake")))
