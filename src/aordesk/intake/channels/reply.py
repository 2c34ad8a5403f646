"""The portal-reply channel: a broker's reply with a file becomes a submission.

Each reply's file is gated, read and checked first, outside any transaction; then the
reply is taken in one transaction: lock the reply, store its submission (unless a
submission for this reply already exists), mark it taken. A crash anywhere rolls all of it
back, so the file is neither lost nor queued twice; and because a submission names its
reply, a retry after a crash between the two commits of an older run finds it and only
marks the reply taken: the broker never hears of a second submission."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from aordesk.artifacts.storage import plaintext_path
from aordesk.core.audit import Actor, Source, audit_record
from aordesk.intake.models import Submission
from aordesk.intake.services import FileRead, submission_read, submission_store
from aordesk.messaging.models import Attachment, Message
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


def reply_take(*, reply_id: int, actor: Actor) -> str:
    """Take one reply; returns which field of RepliesTaken it counts in.

    Its file is gated, read and checked before the transaction opens (on SQLite a write
    transaction locks every other writer out); the transaction then decides again, under
    the reply's lock, whether it is still this worker's to take."""
    reply = _reply_pending(reply_id)
    if reply is None:
        return "skipped"
    attachment = _reply_attachment(reply)
    if attachment is not None and not Submission.objects.filter(reply=reply).exists():
        artifact = attachment.artifact
        # The reply's file is kept sealed; intake reads its plaintext from memory, not disk.
        with plaintext_path(artifact.relative_path, sha256=artifact.sha256) as path:
            replier = _replier(reply, actor)
            assert reply.broker is not None  # _reply_attachment
            read = submission_read(
                broker=reply.broker,
                path=path,
                original_name=artifact.filename,
                actor=replier,
                received_at=reply.created_at,
            )
            try:
                return _reply_record(reply_id, actor, read=read, path=path, name=artifact.filename)
            finally:
                read.close()
    return _reply_record(reply_id, actor)


def _reply_pending(reply_id: int) -> Message | None:
    return Message.objects.filter(pk=reply_id, intake_status=Message.IntakeStatus.RECEIVED).first()


def _reply_attachment(reply: Message) -> Attachment | None:
    """The file intake reads: none for an answer to an information request (its file is
    evidence for the review queue) or a reply with no broker to queue for."""
    if reply.kind == Message.Kind.REQUEST_FOR_INFORMATION or reply.broker_id is None:
        return None
    return reply.attachments.select_related("artifact").order_by("pk").first()


@transaction.atomic
def _reply_record(
    reply_id: int,
    actor: Actor,
    *,
    read: FileRead | None = None,
    path: Path | None = None,
    name: str = "",
) -> str:
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
    elif read is not None and path is not None:
        outcome = _reply_receive(reply, actor, read=read, path=path, name=name)
    elif _reply_attachment(reply) is None:
        outcome = _reply_without_file(reply, actor)
    else:
        # Its file was not read here (a submission seemed to exist): the next run reads it.
        return "skipped"
    reply_mark_taken(reply=reply, actor=actor)
    return outcome


def _reply_without_file(reply: Message, actor: Actor) -> str:
    if reply.kind == Message.Kind.REQUEST_FOR_INFORMATION:
        # An answer to a reviewer's question belongs to the review queue
        # (review.replies): its file is evidence, never a returned report.
        _skip(reply, actor, "info_answer")
        return "without_file"
    # Nothing to read, or a reply to an agency's own message (no broker to queue for):
    # staff read it in the thread and, if it is a discrepancy, record it on the staff page.
    _skip(reply, actor, "no_file" if not reply.attachments.exists() else "no_broker")
    return "without_file"


def _reply_receive(reply: Message, actor: Actor, *, read: FileRead, path: Path, name: str) -> str:
    assert reply.broker is not None  # read only for a reply with a broker
    submission_store(
        broker=reply.broker,
        path=path,
        original_name=name,
        channel=Submission.Channel.PORTAL_REPLY,
        actor=_replier(reply, actor),
        reply=reply,
        read=read,
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
