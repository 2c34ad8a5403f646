from __future__ import annotations

from aordesk.intake.checks.context import CheckContext
from aordesk.intake.issues import Issue
from aordesk.intake.reading.headers import FIELD_LABELS
from aordesk.intake.reading.rows import NormalisedRow

REQUIRED = ("first_name", "last_name", "dob", "application_date", "carrier")


def required_fields_present(row: NormalisedRow, context: CheckContext) -> list[Issue]:
    """Each required field has a value (a value we could not read is reported elsewhere)."""
    return [
        Issue(
            code="REQUIRED_MISSING",
            message=f"{FIELD_LABELS[name]} is required.",
            sheet=row.sheet,
            row=row.number,
            column=row.column(name),
        )
        for name in REQUIRED
        if name not in row.unreadable and getattr(row, name) in ("", None)
    ]
