from __future__ import annotations

from aordesk.core.dob import MAX_AGE_YEARS, dob_problem
from aordesk.intake.checks.context import CheckContext
from aordesk.intake.issues import Issue
from aordesk.intake.reading.rows import NormalisedRow

__all__ = ["MAX_AGE_YEARS", "dob_in_plausible_past"]


def dob_in_plausible_past(row: NormalisedRow, context: CheckContext) -> list[Issue]:
    """A date of birth is before today and within the last 120 years: the loaders' rule
    and message too (core/dob.py)."""
    if row.dob is None:
        return []
    problem = dob_problem(row.dob, today=context.today)
    if problem is None:
        return []
    return [
        Issue(
            code="DOB_OUT_OF_RANGE",
            message=problem,
            sheet=row.sheet,
            row=row.number,
            column=row.column("dob"),
        )
    ]
