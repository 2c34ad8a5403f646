"""Saving checked rows in batches: SubmissionRow for every row, Claim for each accepted
consumer. Batches keep memory flat on a 300,000-row file."""

from __future__ import annotations

from typing import Any

from aordesk.intake.checks.context import (
    AOR_METHODS,
    APPLICATION_METHODS,
    CheckContext,
    consumer_key,
    method_value,
)
from aordesk.intake.issues import Issue, Severity, has_errors
from aordesk.intake.models import Claim, Submission, SubmissionRow
from aordesk.intake.rows import NormalisedRow

BATCH = 1000


class RowStore:
    def __init__(self, submission: Submission) -> None:
        self.submission = submission
        self.accepted = 0
        self.rejected = 0
        self.issues: list[Issue] = []
        self._ordinal = 0
        self._pending: list[tuple[NormalisedRow, int | None, int | None]] = []

    def add(self, row: NormalisedRow, context: CheckContext) -> None:
        carrier_id = context.carriers.resolve(row.carrier) if row.carrier else None
        key = consumer_key(row, carrier_id)
        linked = context.open_claims.get(key) if key is not None else None
        self._pending.append((row, carrier_id, linked))
        self.issues.extend(row.issues)
        if has_errors(row.issues):
            self.rejected += 1
        else:
            self.accepted += 1
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        rows = []
        for row, carrier_id, _linked in self._pending:
            self._ordinal += 1
            rows.append(_submission_row(self.submission, self._ordinal, row, carrier_id))
        saved = SubmissionRow.objects.bulk_create(rows)
        claims = [
            _claim(self.submission, stored, row, carrier_id, linked)
            for stored, (row, carrier_id, linked) in zip(saved, self._pending, strict=True)
            if stored.accepted and row.kind == SubmissionRow.Kind.CONSUMER and carrier_id
        ]
        Claim.objects.bulk_create(claims)
        self._pending = []

    def reset(self) -> None:
        """After the rows' savepoint was rolled back: nothing was kept."""
        self.accepted = self.rejected = self._ordinal = 0
        self.issues, self._pending = [], []


def _submission_row(
    submission: Submission, ordinal: int, row: NormalisedRow, carrier_id: int | None
) -> SubmissionRow:
    return SubmissionRow(
        submission=submission,
        ordinal=ordinal,
        sheet=row.sheet[:100],
        row_number=row.number,
        kind=row.kind,
        raw=row.raw,
        normalised=_normalised(row, carrier_id),
        issues=[issue.as_dict() for issue in row.issues],
        accepted=not has_errors(row.issues),
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
    stored: SubmissionRow,
    row: NormalisedRow,
    carrier_id: int,
    linked: int | None,
) -> Claim:
    assert row.dob is not None and row.application_date is not None  # required checks passed
    return Claim(
        submission=submission,
        row=stored,
        broker_id=submission.broker_id,
        first_name=row.first_name,
        last_name=row.last_name,
        dob=row.dob,
        application_date=row.application_date,
        carrier_id=carrier_id,
        aor_method=stored.normalised["aor_method"],
        address=row.address,
        application_method=stored.normalised["application_method"],
        comments=row.comments,
        linked_claim_id=linked,
        needs_review=any(issue.severity == Severity.REVIEW for issue in row.issues),
    )
