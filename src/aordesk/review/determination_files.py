"""Determination files: once every claim of a submission is decided, the broker gets a
portal message with a workbook of the determinations (workbooks.determination). Again, as a
new version, when a reopened claim is decided. Idempotent: a file is keyed by the set of
decisions it reports, so a retry finds the one it sent and never sends a second."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction

from aordesk.artifacts.models import Artifact
from aordesk.artifacts.services import XLSX, artifact_create
from aordesk.core.audit import Actor, audit_record
from aordesk.core.dates import business_date, business_date_text
from aordesk.intake.models import Submission
from aordesk.messaging.models import Message
from aordesk.messaging.services import message_post
from aordesk.review.models import Decision, DeterminationFile
from aordesk.review.selectors import submission_decisions, submissions_awaiting_determinations
from aordesk.review.texts import broker_named
from aordesk.workbooks import determination as wb
from aordesk.workbooks.identity import WorkbookIdentity


def decisions_key(decisions: list[Decision]) -> str:
    ids = ",".join(str(pk) for pk in sorted(decision.pk for decision in decisions))
    return hashlib.sha256(ids.encode("ascii")).hexdigest()


def determination_row(decision: Decision, submission: Submission) -> wb.DeterminationRow:
    """The claim as the broker wrote it, and what they are told (as claim_broker_row)."""
    claim = decision.claim
    raw = claim.row.raw or {}
    return wb.DeterminationRow(
        sheet=claim.row.sheet,
        row_number=claim.row.row_number,
        first_name=raw.get("first_name") or claim.first_name,
        last_name=raw.get("last_name") or claim.last_name,
        dob=claim.dob,
        application_date=claim.application_date,
        carrier=raw.get("carrier") or claim.carrier.display_name,
        code=decision.broker_code,
        explanation=decision.broker_explanation,
        decided_on=business_date(decision.decided_at),
        received_on=business_date(submission.received_at),
    )


def _artifact(
    submission: Submission, decisions: list[Decision], version: int, actor: Actor
) -> Artifact:
    broker = submission.broker
    document_id = uuid.uuid4()
    context = wb.DeterminationContext(
        broker_name=broker.full_name,
        npn=broker.npn,
        file_name=submission.original_name,
        received_on=business_date(submission.received_at),
        version=version,
        identity=WorkbookIdentity(
            kind="determination",
            template_version=wb.TEMPLATE_VERSION,
            document_id=str(document_id),
            npn=broker.npn,
            agency_code="",
            month="",
            version=version,
        ),
    )
    rows = [determination_row(decision, submission) for decision in decisions]
    filename = f"determinations-{submission.pk}-v{version}.xlsx"
    key = str(settings.WORKBOOK_HMAC_KEY).encode()
    # artifact_create publishes through store_file: temp name, fsync, rename, SHA-256.
    return artifact_create(
        kind=Artifact.Kind.DETERMINATION,
        relative_path=f"determinations/{broker.npn}/{document_id.hex}-{filename}",
        filename=filename,
        content_type=XLSX,
        write=lambda temp: _written(temp, context, rows, key),
        actor=actor,
    )


def _written(
    temp: Path, context: wb.DeterminationContext, rows: list[wb.DeterminationRow], key: bytes
) -> None:
    wb.determination_write(temp, context=context, rows=rows, key=key)


def _subject(submission: Submission, version: int) -> str:
    """Tells one determination message from another: the submission and its received date
    (two files received the same day are two submissions), and whose file it was (an
    agency's inbox holds its brokers' determination messages)."""
    received = business_date_text(submission.received_at)
    again = f" (version {version})" if version > 1 else ""
    whose = broker_named(submission.broker)
    return (
        f"Determination file for submission {submission.pk}, received {received}{again}: " + whose
    )


def _body(submission: Submission, version: int) -> str:
    # Not the file's name: a broker may have named it after a consumer. Not "you": the
    # broker's agency administrators read it too.
    received = business_date_text(submission.received_at)
    replaces = (
        f"\n\nThis is version {version}: it replaces version {version - 1} because a "
        "consumer was reviewed again. Delete the earlier file."
        if version > 1
        else ""
    )
    return (
        "The Broker Team has decided every consumer listed in the file of "
        f"{broker_named(submission.broker)} received {received} (submission {submission.pk}). "
        "The attached workbook lists each of them as the broker wrote it, with the "
        "determination and what it means for the broker." + replaces
    )


def submission_determinations_send(
    *, submission: Submission, actor: Actor
) -> DeterminationFile | None:
    """Send the determination file for the submission's current decisions, unless it was
    sent already (then that one is returned). None while a claim is undecided."""
    return _send(submission, actor)[0]


def determinations_send_pending(*, actor: Actor, submission_id: int | None = None) -> int:
    """Send every determination file that is due (of one submission, or of all), one
    transaction each; returns how many were sent now. The sweep behind the task, for
    decisions whose task never ran."""
    due = submissions_awaiting_determinations()
    if submission_id is not None:
        due = due.filter(pk=submission_id)
    return sum(_send(submission, actor)[1] for submission in due)


@transaction.atomic
def _send(submission: Submission, actor: Actor) -> tuple[DeterminationFile | None, bool]:
    """The file for the current decisions, and whether it was sent now."""
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("broker")
        .get(pk=submission.pk)
    )
    decisions = submission_decisions(submission_id=submission.pk)
    if decisions is None:
        return None, False
    key = decisions_key(decisions)
    sent = DeterminationFile.objects.filter(submission=submission, decisions_key=key).first()
    if sent is not None:
        return sent, False
    version = submission.determination_files.count() + 1
    artifact = _artifact(submission, decisions, version, actor)
    message = message_post(
        kind=Message.Kind.DETERMINATION,
        subject=_subject(submission, version),
        body=_body(submission, version),
        actor=actor,
        broker=submission.broker,
        artifacts=[artifact],
    )
    record = DeterminationFile.objects.create(
        submission=submission,
        version=version,
        decisions_key=key,
        decision_ids=sorted(decision.pk for decision in decisions),
        rows=len(decisions),
        artifact=artifact,
        message=message,
        created_by=actor.label,
    )
    audit_record(
        actor=actor,
        action="determination_file.send",
        object_type="submission",
        object_id=submission.pk,
        detail={"version": version, "rows": len(decisions), "message": message.pk},
    )
    return record, True
