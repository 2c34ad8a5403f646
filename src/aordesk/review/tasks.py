"""Triage as a background task for `aordesk worker` (intake enqueues it when it queues
claims; `aordesk triage` does the same work if the task never runs)."""

from __future__ import annotations

import logging

from django_tasks import task

from aordesk.core.audit import Actor
from aordesk.review.services import claims_triage_pending

logger = logging.getLogger(__name__)


@task()
def claims_triage() -> dict[str, int]:
    return claims_triage_pending(actor=Actor.task("triage"))


def triage_enqueue() -> None:
    # A failure here loses nothing: the claims wait as new, and `aordesk triage` takes them.
    try:
        claims_triage.enqueue()
    except Exception:
        logger.warning("could not enqueue the triage task; new claims wait for triage")
