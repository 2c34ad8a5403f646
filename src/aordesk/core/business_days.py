"""Minnesota business days: Monday to Friday, less the state's legal holidays as the
`holidays` package knows them (US, subdivision MN; observed days included, so a Saturday
holiday closes the Friday before). Pure: no Django. Every age, target and reminder the
desk counts in business days uses this module."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

SUBDIVISION = "MN"


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("US", subdiv=SUBDIVISION, years=year))


def holiday_name(day: dt.date) -> str | None:
    """The holiday's name when `day` is a Minnesota state holiday, else None."""
    if day not in _holidays_of(day.year):
        return None
    return holidays.country_holidays("US", subdiv=SUBDIVISION, years=day.year).get(day)


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_business_days(day: dt.date, count: int) -> dt.date:
    """The date `count` business days after `day` (`day` itself need not be one)."""
    if count < 0:
        raise ValueError("count must not be negative")
    while count:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


def business_days_between(start: dt.date, end: dt.date) -> int:
    """How many business days have passed from `start` to `end`: the business days after
    `start` up to and including `end` (0 on the same day or when `end` is earlier). A
    message received on a Friday is 1 business day old on Monday, 2 on Tuesday."""
    if end <= start:
        return 0
    # Whole weeks at once, then the few days left: ages of years stay cheap.
    weeks, extra = divmod((end - start).days, 7)
    count = weeks * 5
    day = start + dt.timedelta(days=weeks * 7)
    for _ in range(extra):
        day += dt.timedelta(days=1)
        count += day.weekday() < 5
    closed = sum(
        1
        for year in range(start.year, end.year + 1)
        for holiday in _holidays_of(year)
        if start < holiday <= end and holiday.weekday() < 5
    )
    return count - closed


def overdue_before(today: dt.date, target: int) -> dt.date:
    """The first date whose items are not overdue on `today`: something that has waited
    since a date before it has waited more than `target` business days. (The business day
    `target` business days back from `today`, counting `today` when it is one.)"""
    day, found = today, 0
    while True:
        if is_business_day(day):
            found += 1
            if found == target + 1:
                return day
        day -= dt.timedelta(days=1)
