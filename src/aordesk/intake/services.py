"""Receiving a returned file: gate it, read it, check it (outside any transaction), then
store it and queue its claims in one write transaction."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.services import CSV, XLSX, artifact_create
from aordesk.brokers.models import Broker
from aordesk.core.audit import Actor, Outcome, audit_record
from aordesk.core.dates import business_date
from aordesk.core.errors import ApplicationError
from aordesk.intake.acknowledgement.message import submission_acknowledge
from aordesk.intake.acknowledgement.workbook_record import acknowledgement_create
from aordesk.intake.checks import row_check
from aordesk.intake.checks.context import CheckContext
from aordesk.intake.gate.file import gate_check
from aordesk.intake.issues import Issue, Severity, has_errors
from aordesk.intake.models import QueueTicket, Submission
from aordesk.intake.reading.identity import Sender
from aordesk.intake.reading.normalise import row_normalise
from aordesk.intake.reading.plan import READ_FAILURES, ReadPlan, read_plan
from aordesk.intake.selectors import carrier_directory, open_claim_keys
from aordesk.intake.storing.row_store import RowStore
from aordesk.intake.storing.spool import RowSpool
from aordesk.messaging.models import Message

Verdict = Submission.Verdict


@dataclass
class IntakeResult:
    submission: Submission
    verdict: str
    queue_position: int | None
    rows_accepted: int
    rows_rejected: int
    issues: list[Issue] = field(default_factory=list)
    acknowledgement: Artifact | None = None
    duplicate_of: Submission | None = None
    # The portal message that told the broker (kind acknowledgement).
    message: Message | None = None


@dataclass
class FileRead:
    """What intake learns from a file before the write transaction opens: the gate's and
    the reader's file issues, what kind of file it is, and its checked rows (spooled)."""

    received_at: dt.datetime
    spool: RowSpool
    issues: list[Issue] = field(default_factory=list)
    kind: str | None = None
    document_id: str | None = None

    def close(self) -> None:
        self.spool.close()


def submission_receive(
    *,
    broker: Broker,
    path: Path,
    original_name: str,
    channel: str,
    actor: Actor,
    received_at: dt.datetime | None = None,
    reply: Message | None = None,
) -> IntakeResult:
    """Keep the file whatever happens to it, then decide: duplicate, rejected, or rows
    queued as claims behind every earlier submission; tell the broker in the portal.
    `reply` is the portal reply the file came with (channel portal_reply).

    The file is gated, read and checked before the write transaction opens: on SQLite
    that transaction locks every other writer out while it lasts."""
    if channel not in Submission.Channel.values:
        raise ApplicationError(f"Unknown channel {channel!r}.")
    read = submission_read(
        broker=broker, path=path, original_name=original_name, actor=actor, received_at=received_at
    )
    try:
        return submission_store(
            broker=broker,
            path=path,
            original_name=original_name,
            channel=channel,
            actor=actor,
            reply=reply,
            read=read,
        )
    finally:
        read.close()


def submission_read(
    *,
    broker: Broker,
    path: Path,
    original_name: str,
    actor: Actor,
    received_at: dt.datetime | None = None,
) -> FileRead:
    """Gate, read and check the whole file; writes nothing. Run it outside any
    transaction, then hand the result to submission_store (and close it)."""
    read = FileRead(received_at=received_at or timezone.now(), spool=RowSpool())
    gate = gate_check(path, original_name=original_name)
    read.issues += gate.issues
    if gate.passed:
        _rows_read(read, broker=broker, path=path, kind=gate.kind, actor=actor)
    return read


@transaction.atomic
def submission_store(
    *,
    broker: Broker,
    path: Path,
    original_name: str,
    channel: str,
    actor: Actor,
    read: FileRead,
    reply: Message | None = None,
) -> IntakeResult:
    """The write transaction: the original, the submission, its rows and claims, the
    audit event, the acknowledgement; the triage is enqueued when it commits."""
    original = _original_store(broker=broker, path=path, original_name=original_name, actor=actor)
    submission = Submission.objects.create(
        broker=broker,
        submitted_by=actor.user,
        submitted_by_label=actor.label,
        channel=channel,
        received_at=read.received_at,
        artifact=original,
        original_name=original_name[:255],
        sha256=original.sha256,
        verdict=Verdict.REJECTED,
        reply=reply,
    )
    earlier = _earlier_submission(submission)
    if earlier is not None:
        result = _duplicate_record(submission, earlier)
    else:
        result = _file_process(submission, read=read, actor=actor)
    _audit(submission, result, actor)
    file_issues = [Issue.from_dict(data) for data in submission.issues]
    result.message = submission_acknowledge(
        submission=submission, file_issues=file_issues, actor=actor
    )
    if result.rows_accepted:
        transaction.on_commit(_triage_enqueue)
    return result


def _triage_enqueue() -> None:
    from aordesk.review.tasks import triage_enqueue  # review builds on intake, not the reverse

    triage_enqueue()


def _original_store(*, broker: Broker, path: Path, original_name: str, actor: Actor) -> Artifact:
    # Stored under a generated name: the broker's file name is data, never a path.
    suffix = Path(original_name).suffix.lower()
    safe_suffix = suffix if suffix in (".xlsx", ".csv") else ".bin"
    content_type = {".xlsx": XLSX, ".csv": CSV}.get(suffix, "application/octet-stream")
    return artifact_create(
        kind=Artifact.Kind.SUBMISSION,
        relative_path=f"submissions/{broker.npn}/{uuid.uuid4().hex}{safe_suffix}",
        filename=original_name[:200] or "unnamed",
        content_type=content_type,
        stream=lambda target: _copy(path, target),
        actor=actor,
    )


def _copy(source: Path, target: BinaryIO) -> None:
    with source.open("rb") as handle:
        shutil.copyfileobj(handle, target)


def _earlier_submission(submission: Submission) -> Submission | None:
    """The queued submission of the same bytes from the same broker. A rejected one does
    not count: nothing of it was queued, and judging it again costs nothing."""
    return (
        Submission.objects.filter(
            broker=submission.broker,
            sha256=submission.sha256,
            verdict__in=[Verdict.ACCEPTED, Verdict.PARTLY_ACCEPTED],
        )
        .exclude(pk=submission.pk)
        .order_by("pk")
        .first()
    )


def _duplicate_record(submission: Submission, earlier: Submission) -> IntakeResult:
    issue = Issue(
        code="SUBMISSION_DUPLICATE",
        message=f"We already received this exact file (submission {earlier.pk}); it was not "
        "queued again.",
    )
    submission.verdict = Verdict.DUPLICATE
    submission.duplicate_of = earlier
    submission.issues = [issue.as_dict()]
    submission.save(update_fields=["verdict", "duplicate_of", "issues"])
    return IntakeResult(submission, Verdict.DUPLICATE, None, 0, 0, [issue], None, earlier)


def _file_process(submission: Submission, *, read: FileRead, actor: Actor) -> IntakeResult:
    file_issues, spool = list(read.issues), read.spool
    if read.kind is not None:
        submission.kind = read.kind
    if read.document_id is not None:
        submission.report_document_id = read.document_id
    store = RowStore(submission)
    for batch in spool.batches():
        store.store(batch)
    submission.verdict = _verdict(file_issues, spool)
    if submission.verdict in (Verdict.ACCEPTED, Verdict.PARTLY_ACCEPTED):
        submission.queue_position = QueueTicket.objects.create().pk
    submission.issues = [issue.as_dict() for issue in file_issues]
    submission.rows_accepted, submission.rows_rejected = spool.accepted, spool.rejected
    if has_errors(file_issues) or spool.rejected:
        submission.acknowledgement = acknowledgement_create(
            submission=submission, file_issues=file_issues, actor=actor
        )
    submission.save()
    return IntakeResult(
        submission=submission,
        verdict=submission.verdict,
        queue_position=submission.queue_position,
        rows_accepted=spool.accepted,
        rows_rejected=spool.rejected,
        issues=file_issues + spool.issues,
        acknowledgement=submission.acknowledgement,
    )


def _rows_read(read: FileRead, *, broker: Broker, path: Path, kind: str, actor: Actor) -> None:
    """The checked rows into the spool; a file that breaks mid-way leaves no rows behind."""
    try:
        plan = read_plan(path, kind=kind, sender=_sender(broker, actor), key=_key())
        _plan_note(read, plan)
        if plan.readable:
            _plan_rows_check(plan, read.spool, _context(broker, read.received_at))
        read.issues += plan.issues
    except READ_FAILURES:
        read.spool.discard()
        read.issues.append(
            Issue(
                code="READ_DAMAGED",
                message="Part of the file could not be read. "
                "Save it again in Excel and send the new file.",
            )
        )


def _plan_note(read: FileRead, plan: ReadPlan) -> None:
    read.kind = plan.kind
    if plan.identity is not None:
        read.document_id = plan.identity.document_id


def _plan_rows_check(plan: ReadPlan, spool: RowSpool, context: CheckContext) -> None:
    for source in plan.rows():
        row = row_normalise(source, date1904=plan.date1904, today=context.today)
        row_check(row, context)
        spool.add(row, context)
    if not spool.accepted and not spool.rejected:
        plan.issues.append(
            Issue(
                code="READ_NO_ROWS",
                message="We found the header row but no "
                "consumers below it. Add one row per consumer.",
            )
        )


def _context(broker: Broker, received_at: dt.datetime) -> CheckContext:
    return CheckContext(
        today=business_date(received_at),
        carriers=carrier_directory(),
        open_claims=open_claim_keys(broker=broker),
    )


def _sender(broker: Broker, actor: Actor) -> Sender:
    user = actor.user
    admin_code = ""
    if user is not None and user.role == "agency_admin" and user.agency is not None:
        admin_code = user.agency.code
    return Sender(npn=broker.npn, admin_agency_code=admin_code)


def _key() -> bytes:
    return str(settings.WORKBOOK_HMAC_KEY).encode()


def _verdict(file_issues: list[Issue], spool: RowSpool) -> str:
    if has_errors(file_issues) or not spool.accepted:
        return Verdict.REJECTED
    return Verdict.PARTLY_ACCEPTED if spool.rejected else Verdict.ACCEPTED


def _audit(submission: Submission, result: IntakeResult, actor: Actor) -> None:
    codes = Counter(issue.code for issue in result.issues)
    audit_record(
        actor=actor,
        action="submission.receive",
        object_type="submission",
        object_id=submission.pk,
        outcome=Outcome.FAILURE if result.verdict == Verdict.REJECTED else Outcome.SUCCESS,
        detail={
            "verdict": result.verdict,
            "channel": submission.channel,
            "kind": submission.kind,
            "queue_position": result.queue_position,
            "rows_accepted": result.rows_accepted,
            "rows_rejected": result.rows_rejected,
            "review_rows": sum(1 for i in result.issues if i.severity == Severity.REVIEW),
            "codes": dict(sorted(codes.items())),
        },
    )
