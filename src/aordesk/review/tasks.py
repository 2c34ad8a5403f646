"""The review queue's background tasks for `aordesk worker`: triage (intake enqueues it when
it queues claims; `aordesk triage` does the same work if the task never runs), determination
files (a decision enqueues one; `aordesk review determinations` sweeps), and reminders
(run daily; `aordesk review remind` does the same)."""

from __future__ import annotations

import logging

from django_tasks import task

from aordesk.core.audit import Actor
from aordesk.intake.models import Submission
from aordesk.review.determination_files import (
    determinations_send_pending,
    submission_determinations_send,
)
from aordesk.review.reminders import info_reminders_send
from aordesk.review.services import claims_triage_pending

logger = logging.getLogger(__name__)


@task()
def claims_triage() -> dict[str, int]:
    counts = claims_triage_pending(actor=Actor.task("triage"))
    if counts.get("auto_decided"):
        # Automatic decisions may have completed submissions: send their files.
        counts["determination_files"] = determinations_send_pending(
            actor=Actor.task("determinations")
        )
    return counts


def triage_enqueue() -> None:
    # A failure here loses nothing: the claims wait as new, and `aordesk triage` takes them.
    try:
        claims_triage.enqueue()
    except Exception:
        logger.warning("could not enqueue the triage task; new claims wait for triage")


@task()
def submission_determinations(submission_id: int) -> int | None:
    """The submission's determination file, if all its claims are decided; its version."""
    submission = Submission.objects.get(pk=submission_id)
    record = submission_determinations_send(
        submission=submission, actor=Actor.task("determinations")
    )
    return record.version if record else None


def determinations_enqueue(*, submission_id: int) -> None:
    # A failure here loses nothing: `aordesk review determinations` sends what is due.
    try:
        submission_determinations.enqueue(submission_id)
    except Exception:
        logger.warning("could not enqueue the determination task; the sweep sends the file")


@task()
def info_reminders() -> int:
    """Remind brokers of information requests unanswered for ten business days. Idempotent."""
    return info_reminders_send(actor=Actor.task("reminders"))
