import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from aordesk.core import business_days as bd
from aordesk.core import dates


def test_thanksgiving_and_christmas_are_not_business_days_in_minnesota():
    assert not bd.is_business_day(dt.date(2026, 11, 26))
    assert not bd.is_business_day(dt.date(2026, 12, 25))
    assert bd.holiday_name(dt.date(2026, 11, 26)) == "Thanksgiving Day"
    assert bd.holiday_name(dt.date(2026, 11, 27)) is None


def test_an_observed_independence_day_closes_the_friday_before():
    assert not bd.is_business_day(dt.date(2026, 7, 3))


def test_two_business_days_after_the_wednesday_before_thanksgiving_is_the_monday_after():
    wednesday = dt.date(2026, 11, 25)
    assert bd.add_business_days(wednesday, 1) == dt.date(2026, 11, 27)
    assert bd.add_business_days(wednesday, 2) == dt.date(2026, 11, 30)


def test_martin_luther_king_day_is_skipped_by_the_reminder_count_too():
    friday = dt.date(2026, 1, 16)
    assert dates.add_business_days(friday, 1) == dt.date(2026, 1, 20)


def test_a_friday_message_is_one_business_day_old_on_monday_and_two_on_tuesday():
    friday = dt.date(2026, 11, 6)
    assert bd.business_days_between(friday, dt.date(2026, 11, 7)) == 0
    assert bd.business_days_between(friday, dt.date(2026, 11, 9)) == 1
    assert bd.business_days_between(friday, dt.date(2026, 11, 10)) == 2


def test_veterans_day_does_not_age_a_message():
    monday = dt.date(2026, 11, 9)
    assert bd.business_days_between(monday, dt.date(2026, 11, 12)) == 2


def test_an_age_is_never_negative():
    assert bd.business_days_between(dt.date(2026, 11, 10), dt.date(2026, 11, 2)) == 0


@given(
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.integers(min_value=0, max_value=80),
)
def test_counting_the_days_between_undoes_adding_them(day, count):
    assert bd.business_days_between(day, bd.add_business_days(day, count)) == count


@given(
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.integers(min_value=0, max_value=400),
)
def test_the_fast_count_agrees_with_walking_day_by_day(start, span):
    end = start + dt.timedelta(days=span)
    walked = sum(bd.is_business_day(start + dt.timedelta(days=n)) for n in range(1, span + 1))
    assert bd.business_days_between(start, end) == walked


@given(
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=10),
)
def test_an_item_is_overdue_exactly_when_it_waited_more_than_the_target(today, back, target):
    since = today - dt.timedelta(days=back)
    overdue = bd.business_days_between(since, today) > target
    assert overdue == (since < bd.overdue_before(today, target))
