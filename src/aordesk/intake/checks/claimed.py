from __future__ import annotations

from aordesk.intake.checks.context import CheckContext, consumer_key
from aordesk.intake.issues import Issue, Severity
from aordesk.intake.reading.rows import NormalisedRow


def open_claim_linked(row: NormalisedRow, context: CheckContext) -> list[Issue]:
    """A consumer this broker already claims in an open claim is linked to it, not queued
    as a second, independent claim."""
    key = consumer_key(row, context.carriers.resolve(row.carrier))
    if key is None or key not in context.open_claims:
        return []
    return [
        Issue(
            code="CLAIM_ALREADY_OPEN",
            message="You already sent this consumer and we are still working on it; this row "
            "is added to that claim.",
            sheet=row.sheet,
            row=row.number,
            severity=Severity.NOTICE,
        )
    ]
