"""The one rule for a valid date of birth, shared by the loaders and intake. Pure: no Django.

A date of birth is valid when it is before today and at most 120 years ago. Both the
household loader and the intake check call `dob_problem`, so a date one accepts the other
accepts too, and both say the same thing about a date they refuse.
"""

from __future__ import annotations

import datetime as dt

MAX_AGE_YEARS = 120


def years_before(day: dt.date, years: int) -> dt.date:
    # 29 February has no twin in most years: step back to the 28th.
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def dob_problem(dob: dt.date, *, today: dt.date) -> str | None:
    """None for a valid date of birth, else the one message both loaders and intake give."""
    if dob >= today:
        return "The date of birth is today or in the future: check it against the application."
    if dob < years_before(today, MAX_AGE_YEARS):
        return (
            f"The date of birth is more than {MAX_AGE_YEARS} years ago: "
            "check it against the application."
        )
    return None
