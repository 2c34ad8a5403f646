from __future__ import annotations

from aordesk.intake.checks.context import CheckContext
from aordesk.intake.issues import Issue
from aordesk.intake.reading.rows import NormalisedRow

# The columns of Claim: a longer value would be cut, so it is refused instead.
MAX_LENGTHS = {
    "first_name": 100,
    "last_name": 100,
    "carrier": 200,
    "aor_method": 40,
    "application_method": 40,
    "address": 300,
    # Excel's own cell limit: a comment is never refused for its length.
    "comments": 32_767,
}


def text_within_length(row: NormalisedRow, context: CheckContext) -> list[Issue]:
    return [
        Issue(
            code="TEXT_TOO_LONG",
            message=f"This cell has {len(getattr(row, name))} characters; at most {limit} "
            "are allowed.",
            sheet=row.sheet,
            row=row.number,
            column=row.column(name),
        )
        for name, limit in MAX_LENGTHS.items()
        if len(getattr(row, name)) > limit
    ]
