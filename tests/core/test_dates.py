import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aordesk.core import dates


def test_a_late_evening_moment_in_utc_is_still_the_same_minnesota_business_day():
    moment = dt.datetime(2026, 11, 1, 4, 30, tzinfo=dt.UTC)  # 23:30 CDT on Oct 31
    assert dates.business_date(moment) == dt.date(2026, 10, 31)


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        dates.business_date(dt.datetime(2026, 1, 1))


@pytest.mark.parametrize("text", ["2026-1", "26-01", "October", "2026-13", ""])
def test_a_month_that_is_not_yyyy_mm_is_refused_with_the_expected_form(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        dates.parse_month(text)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 1)))
def test_the_next_month_start_is_always_the_first_day_after_the_month_end(day):
    assert dates.next_month_start(day) == dates.month_end(day) + dt.timedelta(days=1)
    assert dates.next_month_start(day).day == 1
    assert dates.month_start(day) <= day <= dates.month_end(day)


def test_business_days_skip_weekends():
    monday = dt.date(2026, 10, 5)
    assert dates.add_business_days(monday, 4) == dt.date(2026, 10, 9)
    assert dates.add_business_days(monday, 5) == dt.date(2026, 10, 12)
    assert dates.add_business_days(monday, 10) == dt.date(2026, 10, 19)
    assert dates.add_business_days(dt.date(2026, 11, 7), 1) == dt.date(2026, 11, 9)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_ten_business_days_land_on_a_weekday_twelve_to_eighteen_days_later(day):
    # Fourteen days at most over weekends; holidays (Thanksgiving, then Christmas) add a few.
    later = dates.add_business_days(day, 10)
    assert later.weekday() < 5
    assert 12 <= (later - day).days <= 18
