"""The one rule for a valid date of birth, shared by loaders and intake. Pure."""

import datetime as dt

from aordesk.core.dob import dob_problem

TODAY = dt.date(2026, 12, 4)


def test_a_dob_before_today_and_within_120_years_is_valid():
    assert dob_problem(dt.date(1906, 12, 4), today=TODAY) is None
    assert dob_problem(dt.date(2026, 12, 3), today=TODAY) is None


def test_a_dob_today_in_the_future_or_over_120_years_ago_says_to_check_it():
    assert "today or in the future" in dob_problem(TODAY, today=TODAY)
    assert "more than 120 years ago" in dob_problem(dt.date(1906, 12, 3), today=TODAY)
    assert "check it against the application" in dob_problem(dt.date(1903, 1, 1), today=TODAY)
