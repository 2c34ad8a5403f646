"""The portal-reply channel: a broker's reply with a file becomes a submission.

Each reply is taken in one transaction: lock the reply, receive its file (unless a
submission for this reply already exists), mark it taken. A crash anywhere rolls all of it
back, so the file is neither lost nor queued twice; and because a submission names its
reply, a retry after a crash between the two commits of an older run finds it and only
marks the reply taken: the broker never hears of a second submission."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction

from aordesk.artifacts.storage import plaintext_path
from aordesk.core.audit import Actor, Source, audit_record
from aordesk.intake.models import Submission
from aordesk.intake.services import submission_receive
from aordesk.messaging.models import Message
from aordesk.messaging.selectors import replies_pending_intake
from aordesk.messaging.services import reply_mark_taken

logger = logging.getLogger(__name__)


@dataclass
class RepliesTaken:
    submissions: int = 0  # replies whose file became a submission now
    already: int = 0  # replies whose submission existed (an earlier run crashed)
    # text-only replies, replies to an agency's own message, answers to information requests
    without_file: int = 0
    skipped: int = 0  # taken by another worker meanwhile


def replies_take(*, actor: Actor) -> RepliesTaken:
    """Every reply waiting for intake, oldest first. Idempotent; safe beside other workers."""
    taken = RepliesTaken()
    pending = list(replies_pending_intake().values_list("pk", flat=True))
    for reply_id in pending:
        outcome = reply_take(reply_id=reply_id, actor=actor)
        setattr(taken, outcome, getattr(taken, outcome) + 1)
    return taken


@transaction.atomic
def reply_take(*, reply_id: int, actor: Actor) -> str:
    """Take one reply; returns which field of RepliesTaken it counts in."""
    # No select_related: FOR UPDATE can't lock the nullable side of an outer join.
    reply = (
        Message.objects.select_for_update(skip_locked=True)
        .filter(pk=reply_id, intake_status=Message.IntakeStatus.RECEIVED)
        .first()
    )
    if reply is None:
        return "skipped"
    if Submission.objects.filter(reply=reply).exists():
        outcome = "already"
    else:
        outcome = _reply_receive(reply, actor)
    reply_mark_taken(reply=reply, actor=actor)
    return outcome


def _reply_receive(reply: Message, actor: Actor) -> str:
    if reply.kind == Message.Kind.REQUEST_FOR_INFORMATION:
        # An answer to a reviewer's question belongs to the review queue
        # (review.replies): its file is evidence, never a returned report.
        _skip(reply, actor, "info_answer")
        return "without_file"
    attachment = reply.attachments.select_related("artifact").order_by("pk").first()
    if attachment is None or reply.broker is None:
        # Nothing to read, or a reply to an agency's own message (no broker to queue for):
        # staff read it in the thread and, if it is a discrepancy, record it on the staff page.
        _skip(reply, actor, "no_file" if attachment is None else "no_broker")
        return "without_file"
    artifact = attachment.artifact
    # The reply's file is kept sealed; intake reads its plaintext from memory, not disk.
    with plaintext_path(artifact.relative_path, sha256=artifact.sha256) as path:
        submission_receive(
            broker=reply.broker,
            path=path,
            original_name=artifact.filename,
            channel=Submission.Channel.PORTAL_REPLY,
            actor=_replier(reply, actor),
            received_at=reply.created_at,
            reply=reply,
        )
    return "submissions"


def _skip(reply: Message, actor: Actor, reason: str) -> None:
    audit_record(
        actor=actor,
        action="reply.intake_skip",
        object_type="message",
        object_id=reply.pk,
        detail={"reason": reason},
    )


def _replier(reply: Message, actor: Actor) -> Actor:
    """The person who replied submits (their agency decides whose report they may return);
    the label says which process took the reply."""
    if reply.created_by is None:
        return actor
    return Actor(label=f"{actor.label}:reply", source=Source.TASK, user=reply.created_by)
