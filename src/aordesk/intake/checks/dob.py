from __future__ import annotations

import datetime as dt

from aordesk.intake.checks.context import CheckContext
from aordesk.intake.issues import Issue
from aordesk.intake.reading.rows import NormalisedRow

MAX_AGE_YEARS = 120


def dob_in_plausible_past(row: NormalisedRow, context: CheckContext) -> list[Issue]:
    """A date of birth is before today and within the last 120 years."""
    if row.dob is None:
        return []
    today = context.today
    if row.dob >= today:
        message = "The date of birth is today or in the future."
    elif row.dob < _years_before(today, MAX_AGE_YEARS):
        message = f"The date of birth is more than {MAX_AGE_YEARS} years ago."
    else:
        return []
    return [
        Issue(
            code="DOB_OUT_OF_RANGE",
            message=message + " Check it and write it as MM/DD/YYYY.",
            sheet=row.sheet,
            row=row.number,
            column=row.column("dob"),
        )
    ]


def _years_before(day: dt.date, years: int) -> dt.date:
    # 29 February has no twin in most years: step back to the 28th.
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
