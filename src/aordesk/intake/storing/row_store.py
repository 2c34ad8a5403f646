"""Saving checked rows in batches: SubmissionRow for every row, Claim for each accepted
consumer. The batches come from the spool (storing.spool), so memory stays flat on a
300,000-row file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from aordesk.core.bulk_insert import rows_insert
from aordesk.intake.checks.context import AOR_METHODS, APPLICATION_METHODS, method_value
from aordesk.intake.issues import Severity, has_errors
from aordesk.intake.models import Claim, Submission, SubmissionRow
from aordesk.intake.reading.rows import NormalisedRow
from aordesk.intake.storing.spool import CheckedRow

# Written with one multi-row INSERT per batch (core.bulk_insert), not bulk_create.
ROW_COLUMNS = (
    "submission",
    "ordinal",
    "sheet",
    "row_number",
    "kind",
    "raw",
    "normalised",
    "issues",
    "accepted",
)
NORMALISED, ACCEPTED = ROW_COLUMNS.index("normalised"), ROW_COLUMNS.index("accepted")
CLAIM_COLUMNS = (
    "submission",
    "row",
    "broker",
    "first_name",
    "last_name",
    "dob",
    "application_date",
    "carrier",
    "aor_method",
    "address",
    "application_method",
    "comments",
    "status",
    "linked_claim",
    "needs_review",
    "created_at",
)


class RowStore:
    """Inside the write transaction: the spool's checked rows as rows and claims."""

    def __init__(self, submission: Submission) -> None:
        self.submission = submission
        self._ordinal = 0

    def store(self, batch: list[CheckedRow]) -> None:
        rows = []
        for row, carrier_id, _linked in batch:
            self._ordinal += 1
            rows.append(_submission_row(self.submission, self._ordinal, row, carrier_id))
        ids = rows_insert(SubmissionRow, ROW_COLUMNS, rows, returning=True)
        now = timezone.now()
        claims = [
            _claim(self.submission, row_id, values, row, carrier_id, linked, now)
            for row_id, values, (row, carrier_id, linked) in zip(ids, rows, batch, strict=True)
            if values[ACCEPTED] and row.kind == SubmissionRow.Kind.CONSUMER and carrier_id
        ]
        rows_insert(Claim, CLAIM_COLUMNS, claims, returning=False)


def _submission_row(
    submission: Submission, ordinal: int, row: NormalisedRow, carrier_id: int | None
) -> tuple[Any, ...]:
    return (
        submission.pk,
        ordinal,
        row.sheet[:100],
        row.number,
        row.kind,
        row.raw,
        _normalised(row, carrier_id),
        [issue.as_dict() for issue in row.issues],
        not has_errors(row.issues),
    )


def _normalised(row: NormalisedRow, carrier_id: int | None) -> dict[str, Any]:
    return {
        "first_name": row.first_name,
        "last_name": row.last_name,
        "dob": row.dob.isoformat() if row.dob else None,
        "application_date": row.application_date.isoformat() if row.application_date else None,
        "carrier": row.carrier,
        "carrier_id": carrier_id,
        "aor_method": method_value(row.aor_method, AOR_METHODS) or "",
        "address": row.address,
        "application_method": method_value(row.application_method, APPLICATION_METHODS) or "",
        "comments": row.comments,
    }


def _claim(
    submission: Submission,
    row_id: int,
    values: tuple[Any, ...],
    row: NormalisedRow,
    carrier_id: int,
    linked: int | None,
    now: dt.datetime,
) -> tuple[Any, ...]:
    assert row.dob is not None and row.application_date is not None  # required checks passed
    normalised = values[NORMALISED]
    return (
        submission.pk,
        row_id,
        submission.broker_id,
        row.first_name,
        row.last_name,
        row.dob,
        row.application_date,
        carrier_id,
        normalised["aor_method"],
        row.address,
        normalised["application_method"],
        row.comments,
        Claim.Status.NEW,
        linked,
        any(issue.severity == Severity.REVIEW for issue in row.issues),
        now,
    )
