import datetime as dt

import pytest

from aordesk.dashboard.rules import (
    QUEUE_AGE_BUCKETS,
    bucket_label,
    bucketed,
    business_days_between,
)

FRIDAY = dt.date(2026, 11, 6)


@pytest.mark.parametrize(
    ("end", "days"),
    [
        (FRIDAY, 0),
        (dt.date(2026, 11, 5), 0),
        (dt.date(2026, 11, 8), 0),  # Sunday
        (dt.date(2026, 11, 9), 1),  # Monday
        (dt.date(2026, 11, 13), 4),  # Wednesday the 11th is Veterans Day
        (dt.date(2026, 11, 20), 9),
    ],
)
def test_business_days_between_counts_weekdays_after_the_start_less_holidays(end, days):
    assert business_days_between(FRIDAY, end) == days


def test_an_age_falls_in_the_bucket_whose_bounds_hold_it():
    labels = [bucket_label(age, QUEUE_AGE_BUCKETS) for age in (0, 2, 3, 5, 6, 10, 11, 400)]
    assert labels == ["0-2", "0-2", "3-5", "3-5", "6-10", "6-10", ">10", ">10"]


def test_bucketed_counts_keep_every_bucket_even_empty():
    assert bucketed([(1, 2), (12, 1), (0, 3)], QUEUE_AGE_BUCKETS) == {
        "0-2": 5,
        "3-5": 0,
        "6-10": 0,
        ">10": 1,
    }
