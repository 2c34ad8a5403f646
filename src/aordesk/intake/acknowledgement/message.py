"""The portal message every submission gets at once: when it was received, where it is in
the queue, what was accepted, and why anything was not. About the file only: it never
names a consumer (nor the file's own name, which a broker may have made from one)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from aordesk.core.audit import Actor
from aordesk.intake.issues import Issue, Severity
from aordesk.intake.models import Submission
from aordesk.messaging.models import Message
from aordesk.messaging.services import message_post

Verdict = Submission.Verdict


def received_label(moment: dt.datetime) -> str:
    """'November 2, 2026 at 9:00 AM Central time' (Minnesota time)."""
    local = timezone.localtime(moment)
    hour = local.strftime("%I").lstrip("0")
    return f"{local:%B} {local.day}, {local.year} at {hour}:{local:%M %p} Central time"


def submission_acknowledge(
    *, submission: Submission, file_issues: list[Issue], actor: Actor
) -> Message:
    """Post the acknowledgement; called inside submission_receive's transaction, so the
    message (and its email in the outbox) exists exactly when the submission does."""
    subject, body = acknowledgement_text(submission=submission, file_issues=file_issues)
    attach = submission.acknowledgement if submission.rows_rejected else None
    return message_post(
        kind=Message.Kind.ACKNOWLEDGEMENT,
        subject=subject,
        body=body,
        actor=actor,
        broker=submission.broker,
        artifacts=[attach] if attach is not None else [],
    )


def acknowledgement_text(*, submission: Submission, file_issues: list[Issue]) -> tuple[str, str]:
    received = received_label(submission.received_at)
    if submission.verdict == Verdict.DUPLICATE:
        earlier = submission.duplicate_of
        assert earlier is not None
        return (
            f"We already have this file (submission {earlier.pk})",
            f"We already have this file (received {received_label(earlier.received_at)}, "
            f"submission {earlier.pk}). The copy received {received} was not queued again.",
        )
    if submission.verdict == Verdict.REJECTED:
        return f"We could not accept your file (submission {submission.pk})", _rejected_body(
            submission, file_issues, received
        )
    return f"We received your file (submission {submission.pk})", _queued_body(
        submission, file_issues, received
    )


def _queued_body(submission: Submission, file_issues: list[Issue], received: str) -> str:
    lines = [
        f"We received your file on {received} (submission {submission.pk}).",
        f"Place in the queue: {submission.queue_position}. We work discrepancies first in, "
        "first out.",
        f"Rows accepted: {submission.rows_accepted}. Rows to fix: {submission.rows_rejected}.",
    ]
    if submission.rows_rejected:
        lines.append(
            "The attached acknowledgement workbook lists each row to fix with the reason "
            "beside it. Fix those rows and send the workbook back; the accepted rows are "
            "already queued, so don't send them again."
        )
    return "\n\n".join(lines + _notes(file_issues))


def _rejected_body(submission: Submission, file_issues: list[Issue], received: str) -> str:
    lines = [f"We received your file on {received} (submission {submission.pk}), "]
    errors = [issue for issue in file_issues if issue.severity == Severity.ERROR]
    if errors:
        lines[0] += "but could not accept it:"
        lines += [f"- {_where(issue)}{issue.message}" for issue in errors]
    else:
        lines[0] += f"but none of its {submission.rows_rejected} rows could be accepted."
        lines.append(
            "The attached acknowledgement workbook lists each row with the reason beside "
            "it. Fix the rows and send the workbook back."
        )
    lines.append("Nothing from this file was queued.")
    return "\n\n".join(lines + _notes(file_issues))


def _notes(file_issues: list[Issue]) -> list[str]:
    notes = [issue for issue in file_issues if issue.severity != Severity.ERROR]
    if not notes:
        return []
    return ["About the file:", *(f"- {_where(issue)}{issue.message}" for issue in notes)]


def _where(issue: Issue) -> str:
    return f"Sheet '{issue.sheet}': " if issue.sheet else ""
