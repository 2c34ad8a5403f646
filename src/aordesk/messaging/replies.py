"""A broker's reply: kept as received, file and all, for intake to pick up later."""

from __future__ import annotations

import logging
import re
import uuid
from pathlib import Path
from typing import BinaryIO

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.services import artifact_create
from aordesk.core.audit import Actor, audit_record
from aordesk.core.errors import ApplicationError
from aordesk.messaging.models import Attachment, Message

logger = logging.getLogger(__name__)
MAX_REPLY_FILE_BYTES = 10 * 1024 * 1024
OCTET_STREAM = "application/octet-stream"
MAX_FILENAME = 150
MAX_SUFFIX = 10


def safe_filename(name: str) -> str:
    """A download name without folders or odd characters (the stored path is our own)."""
    base = Path(name).name
    cleaned = re.sub(r"[^A-Za-z0-9._ -]", "_", base).strip(" .")
    if len(cleaned) <= MAX_FILENAME:
        return cleaned or "reply-file"
    # Shortened from the middle: the extension says what the file is (intake goes by it).
    suffix = Path(cleaned).suffix[:MAX_SUFFIX]
    return cleaned[: MAX_FILENAME - len(suffix)].rstrip(" .") + suffix


def _store_upload(
    *, reply: Message, upload: UploadedFile, actor: Actor, kind: str = Artifact.Kind.SUBMISSION
) -> Artifact:
    if upload.size is None or upload.size > MAX_REPLY_FILE_BYTES:
        raise ApplicationError("The file is larger than 10 MB.")
    filename = safe_filename(upload.name or "")

    def write(handle: BinaryIO) -> None:
        for chunk in upload.chunks():
            handle.write(chunk)

    # Stored as received and never parsed here: intake (or a reviewer) reads it later.
    return artifact_create(
        kind=kind,
        relative_path=f"replies/{reply.pk}/{uuid.uuid4().hex}-{filename}",
        filename=filename,
        content_type=OCTET_STREAM,
        stream=write,
        actor=actor,
    )


@transaction.atomic
def message_reply(
    *,
    message: Message,
    body: str,
    upload: UploadedFile | None,
    actor: Actor,
    for_intake: bool = True,
) -> Message:
    """Keep the reply as received. `for_intake=False` is for an answer another workflow
    takes at once (the review queue's information requests): intake never sees it."""
    if message.direction != Message.Direction.OUTBOUND:
        raise ApplicationError("Reply to a message from the Broker Team.")
    if not body.strip() and upload is None:
        raise ApplicationError("Write a reply or attach a file.")
    reply = Message.objects.create(
        broker=message.broker,
        agency=message.agency,
        kind=message.kind,
        subject=f"Re: {message.subject}"[:200],
        body=body,
        direction=Message.Direction.INBOUND,
        in_reply_to=message,
        intake_status=(
            Message.IntakeStatus.RECEIVED if for_intake else Message.IntakeStatus.NOT_APPLICABLE
        ),
        created_by=actor.user,
    )
    size = 0
    if upload is not None:
        kind = Artifact.Kind.SUBMISSION if for_intake else Artifact.Kind.OTHER
        artifact = _store_upload(reply=reply, upload=upload, actor=actor, kind=kind)
        Attachment.objects.create(message=reply, artifact=artifact)
        size = artifact.size
    audit_record(
        actor=actor,
        action="message.reply",
        object_type="message",
        object_id=reply.pk,
        detail={"in_reply_to": message.pk, "files": int(upload is not None), "size": size},
    )
    # The reply waits for the Broker Team in the staff inbox, unless another workflow takes
    # it at once (imported here: threads builds on this module's file checks).
    from aordesk.messaging.threads import thread_receive

    thread_receive(message=reply, actor=actor, awaits_team=for_intake)
    if upload is not None and for_intake:
        transaction.on_commit(_enqueue_intake)
    return reply


def _enqueue_intake() -> None:
    # A failure here loses nothing: the reply waits as received and
    # `aordesk intake --pending` takes it.
    try:
        from aordesk.intake.tasks import replies_intake

        replies_intake.enqueue()
    except Exception:
        logger.warning("could not enqueue the intake task; the reply waits for intake")
