"""Writes of the conversation between the Broker Team and brokers or agencies: a broker's
message joins (or starts) its thread and makes it await the Team; staff take a thread,
release it, answer it (text and files), close it with a note, or write first. Each is
atomic and audited (ids only: a message body never goes into the audit trail).

A thread is found from any of its messages by walking `in_reply_to` to the first one;
the messages of a thread carry it in `Message.thread`, so the page reads them at once."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from aordesk.accounts.models import User
from aordesk.artifacts.models import Artifact
from aordesk.artifacts.services import artifact_create
from aordesk.brokers.models import Agency, Broker
from aordesk.core.audit import Actor, audit_record
from aordesk.core.errors import ApplicationError, TransitionError
from aordesk.messaging.models import Message, Notification, Thread
from aordesk.messaging.replies import MAX_REPLY_FILE_BYTES, OCTET_STREAM, safe_filename
from aordesk.messaging.services import message_post, notification_key

Status = Thread.Status
MAX_FILES = 5
# How deep a chain of replies may go before we stop walking it: far beyond any real thread.
_MAX_DEPTH = 500


def _audit(actor: Actor, action: str, thread: Thread, **detail: object) -> None:
    audit_record(
        actor=actor, action=action, object_type="thread", object_id=thread.pk, detail=detail
    )


def _require_staff(user: User | None) -> User:
    if user is None or user.role != User.Role.STAFF or not user.is_active:
        raise ApplicationError("Only active Broker Team staff answer brokers and agencies.")
    return user


def _root_of(message: Message) -> Message:
    root, depth = message, 0
    while root.in_reply_to_id is not None and depth < _MAX_DEPTH:
        root = Message.objects.get(pk=root.in_reply_to_id)
        depth += 1
    return root


def _gather(thread: Thread) -> None:
    """Tag every message that answers a message of the thread (replies written before the
    thread existed, reminders another workflow posted into it)."""
    while True:
        tagged = Message.objects.filter(thread=thread).values("pk")
        found = Message.objects.filter(thread__isnull=True, in_reply_to__in=tagged).update(
            thread=thread
        )
        if not found:
            return


def _thread_for(message: Message) -> tuple[Thread, bool]:
    """The message's thread, locked, started at its first message when it has none yet."""
    if message.thread_id is not None:
        return Thread.objects.select_for_update().get(pk=message.thread_id), False
    root = _root_of(message)
    # Lock the first message: two replies arriving at once start one thread, not two.
    Message.objects.select_for_update().filter(pk=root.pk).first()
    thread = Thread.objects.select_for_update().filter(root=root).first()
    created = thread is None
    if thread is None:
        thread = Thread.objects.create(
            root=root,
            broker_id=root.broker_id,
            agency_id=root.agency_id,
            subject=root.subject,
            status=Status.ANSWERED,
            last_message_at=root.created_at,
        )
        Message.objects.filter(pk=root.pk).update(thread=thread)
    Message.objects.filter(pk=message.pk).update(thread=thread)
    message.thread = thread
    _gather(thread)
    return thread, created


@transaction.atomic
def thread_receive(*, message: Message, actor: Actor, awaits_team: bool = True) -> Thread:
    """A broker's or agency's message joins its thread. `awaits_team` puts the thread in
    the staff inbox (from this message, unless it already waited from an earlier one); an
    answer another workflow takes at once (an information request's) only joins it."""
    if message.direction != Message.Direction.INBOUND:
        raise ApplicationError("Only a broker's or agency's message waits for the Broker Team.")
    thread, created = _thread_for(message)
    thread.last_message_at = max(thread.last_message_at, message.created_at)
    fields = ["last_message_at"]
    if awaits_team:
        thread.waiting_since = thread.waiting_since or message.created_at
        thread.status = Status.AWAITING
        thread.closing, thread.closing_note = Thread.Closing.NOT_CLOSED, ""
        thread.closed_at = thread.closed_by = None
        fields += ["waiting_since", "status", "closing", "closing_note", "closed_at", "closed_by"]
    elif created:
        # Nothing for the Team to answer: the thread starts closed, saying who took it.
        thread.status, thread.closing = Status.CLOSED, Thread.Closing.NO_ANSWER_NEEDED
        thread.closing_note = "Taken by the review queue."
        thread.closed_at = timezone.now()
        fields += ["status", "closing", "closing_note", "closed_at"]
    thread.save(update_fields=fields)
    _audit(actor, "thread.receive", thread, message=message.pk, awaits_team=awaits_team)
    return thread


def _locked(thread: Thread) -> Thread:
    return Thread.objects.select_for_update().get(pk=thread.pk)


@transaction.atomic
def thread_take(*, thread: Thread, staff: User, actor: Actor) -> Thread:
    """Assign the thread to `staff`. Two people taking one thread at once: one wins, the
    other is told who has it (the conditional UPDATE decides, on any database)."""
    _require_staff(staff)
    now = timezone.now()
    won = Thread.objects.filter(pk=thread.pk, assignee__isnull=True).update(
        assignee=staff, assigned_at=now
    )
    thread = Thread.objects.select_related("assignee").get(pk=thread.pk)
    if not won:
        if thread.assignee_id == staff.pk:
            return thread
        holder = thread.assignee.email if thread.assignee else "someone else"
        raise ApplicationError(f"{holder} has already taken this thread.")
    _audit(actor, "thread.take", thread, staff=staff.pk)
    return thread


@transaction.atomic
def thread_release(*, thread: Thread, staff: User, actor: Actor) -> Thread:
    """The holder gives the thread back to the team."""
    _require_staff(staff)
    thread = _locked(thread)
    if thread.assignee_id != staff.pk:
        raise ApplicationError("This thread is not assigned to you.")
    thread.assignee, thread.assigned_at = None, None
    thread.save(update_fields=["assignee", "assigned_at"])
    _audit(actor, "thread.release", thread, staff=staff.pk)
    return thread


def _files_check(uploads: Sequence[UploadedFile]) -> None:
    if len(uploads) > MAX_FILES:
        raise ApplicationError(f"Attach at most {MAX_FILES} files to one message.")
    for upload in uploads:
        if upload.size is None or upload.size > MAX_REPLY_FILE_BYTES:
            raise ApplicationError(f"{safe_filename(upload.name or '')} is larger than 10 MB.")


def _store(uploads: Sequence[UploadedFile], actor: Actor) -> list[Artifact]:
    def writer(upload: UploadedFile) -> Callable[[Path], None]:
        def write(path: Path) -> None:
            with path.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)

        return write

    stored = []
    for upload in uploads:
        filename = safe_filename(upload.name or "")
        stored.append(
            artifact_create(
                kind=Artifact.Kind.OTHER,
                relative_path=f"threads/{uuid.uuid4().hex}-{filename}",
                filename=filename,
                content_type=OCTET_STREAM,
                write=writer(upload),
                actor=actor,
            )
        )
    return stored


def _last_from_them(thread: Thread) -> Message:
    last = (
        Message.objects.filter(thread=thread, direction=Message.Direction.INBOUND)
        .order_by("-created_at", "-id")
        .first()
    )
    return last or thread.root


def _copy_to_agency(message: Message) -> None:
    """An answer about one broker reaches their agency's administrators too: one more
    notice (the same pickup email) to the agency's registered address."""
    agency = message.broker.agency if message.broker else None
    if agency is None or not agency.admin_email:
        return
    Notification.objects.get_or_create(
        idempotency_key=f"{notification_key(message)}:agency:{agency.pk}",
        defaults={"message": message, "copy_to_agency": agency, "next_attempt_at": timezone.now()},
    )


@transaction.atomic
def thread_answer(
    *, thread: Thread, staff: User, body: str, uploads: Sequence[UploadedFile] = (), actor: Actor
) -> Message:
    """Staff answer in the thread: a message to the thread's broker or agency (the usual
    notification email tells them it is there), in reply to their latest message."""
    _require_staff(staff)
    if not body.strip():
        raise ApplicationError("Write the answer the broker or agency will read.")
    _files_check(uploads)
    thread = _locked(thread)
    answer = message_post(
        kind=Message.Kind.OTHER,
        subject=f"Re: {thread.subject}"[:200],
        body=body.strip(),
        actor=actor,
        broker=thread.broker,
        agency=thread.agency,
        artifacts=_store(uploads, actor),
        in_reply_to=_last_from_them(thread),
    )
    Message.objects.filter(pk=answer.pk).update(thread=thread)
    answer.thread = thread
    _copy_to_agency(answer)
    waited = thread.waiting_since
    thread.status, thread.waiting_since = Status.ANSWERED, None
    thread.closing, thread.closing_note, thread.closed_at, thread.closed_by = "", "", None, None
    thread.last_message_at = answer.created_at
    thread.save()
    _audit(
        actor,
        "thread.answer",
        thread,
        message=answer.pk,
        files=len(uploads),
        waited_since=waited.isoformat() if waited else None,
    )
    return answer


@transaction.atomic
def thread_close(*, thread: Thread, staff: User, closing: str, note: str, actor: Actor) -> Thread:
    """Close the thread as answered (by phone, elsewhere) or as needing no answer, with a
    note staff read; the broker is not told. A later broker message opens it again."""
    _require_staff(staff)
    if closing not in (Thread.Closing.ANSWERED, Thread.Closing.NO_ANSWER_NEEDED):
        raise ApplicationError("Close a thread as answered or as needing no answer.")
    if not note.strip():
        raise ApplicationError("Say in a note why the thread is closed.")
    thread = _locked(thread)
    if thread.status == Status.CLOSED:
        raise TransitionError("This thread is already closed.")
    thread.status, thread.waiting_since = Status.CLOSED, None
    thread.closing, thread.closing_note = closing, note.strip()[:2000]
    thread.closed_at, thread.closed_by = timezone.now(), staff
    thread.save()
    _audit(actor, "thread.close", thread, closing=closing, staff=staff.pk)
    return thread


@transaction.atomic
def thread_start(
    *,
    staff: User,
    subject: str,
    body: str,
    uploads: Sequence[UploadedFile] = (),
    broker: Broker | None = None,
    agency: Agency | None = None,
    actor: Actor,
) -> Thread:
    """Staff write first, to one broker or one agency: a message and its thread."""
    _require_staff(staff)
    if not subject.strip() or not body.strip():
        raise ApplicationError("Write a subject and a message.")
    _files_check(uploads)
    message = message_post(
        kind=Message.Kind.OTHER,
        subject=subject.strip()[:200],
        body=body.strip(),
        actor=actor,
        broker=broker,
        agency=agency,
        artifacts=_store(uploads, actor),
    )
    thread = Thread.objects.create(
        root=message,
        broker=broker,
        agency=agency,
        subject=message.subject,
        status=Status.ANSWERED,
        last_message_at=message.created_at,
        assignee=staff,
        assigned_at=timezone.now(),
    )
    Message.objects.filter(pk=message.pk).update(thread=thread)
    _audit(actor, "thread.start", thread, message=message.pk, files=len(uploads))
    return thread
