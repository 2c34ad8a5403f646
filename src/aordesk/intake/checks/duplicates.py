from __future__ import annotations

from aordesk.intake.checks.context import CheckContext, consumer_key
from aordesk.intake.issues import Issue
from aordesk.intake.reading.rows import NormalisedRow


def not_repeated_in_file(row: NormalisedRow, context: CheckContext) -> list[Issue]:
    """The same consumer and carrier twice in one file: the first row counts."""
    key = consumer_key(row, context.carriers.resolve(row.carrier))
    if key is None:
        return []
    here = context.place(row.sheet, row.number)
    first_seen = context.seen.setdefault(key, here)
    if first_seen == here:
        return []
    first = context.place_of(first_seen)
    where = f"row {first[1]}" if first[0] == row.sheet else f"row {first[1]} of '{first[0]}'"
    return [
        Issue(
            code="ROW_DUPLICATE",
            message=f"This consumer is already listed on {where} of this file.",
            sheet=row.sheet,
            row=row.number,
        )
    ]
