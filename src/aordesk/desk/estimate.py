"""When a claim can expect its determination: from its place among the claims still to be
decided and the Broker Team's pace over the last 20 business days. Pure: no Django.

The answer is a range of business days, never a promise: the fast end assumes the busiest
pace of those weeks holds, the slow end the quietest. During open enrollment (November 1 to
January 15 in Minnesota) the team also answers consumers and enrollments, so the slow end is
stretched and the page says so."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from aordesk.core.business_days import is_business_day
from aordesk.core.dates import add_business_days

WINDOW_BUSINESS_DAYS = 20
# The slow end during open enrollment: the Broker Team's own rule of thumb.
OPEN_ENROLLMENT_SLOWDOWN = 1.5


def in_open_enrollment(day: dt.date) -> bool:
    return (day.month, day.day) >= (11, 1) or (day.month, day.day) <= (1, 15)


def business_days_back(today: dt.date, count: int) -> dt.date:
    """The first of the `count` business days (weekends and Minnesota holidays skipped)
    that end yesterday."""
    day, seen = today, 0
    while seen < count:
        day -= dt.timedelta(days=1)
        if is_business_day(day):
            seen += 1
    return day


@dataclass(frozen=True)
class Pace:
    """Claims decided per business day in the window (one count per business day)."""

    per_day: Sequence[int]

    @property
    def total(self) -> int:
        return sum(self.per_day)

    @property
    def mean(self) -> float:
        return self.total / len(self.per_day) if self.per_day else 0.0

    def weekly_rates(self) -> list[float]:
        """Mean decisions a day of each week (5 business days) of the window."""
        weeks = [self.per_day[i : i + 5] for i in range(0, len(self.per_day), 5)]
        return [sum(w) / len(w) for w in weeks if w]


@dataclass(frozen=True)
class Estimate:
    earliest: dt.date
    latest: dt.date
    open_enrollment: bool


def estimate(*, ahead: int, pace: Pace, today: dt.date) -> Estimate | None:
    """The range for a claim with `ahead` undecided claims before it in the queue; None when
    the team decided nothing in the window (no honest estimate can be made)."""
    rates = [rate for rate in pace.weekly_rates() if rate > 0]
    if not rates:
        return None
    fast, slow = max(rates), min(rates)
    # The claim itself is decided after those ahead of it.
    first = max(1, math.ceil((ahead + 1) / fast))
    last = max(first, math.ceil((ahead + 1) / slow))
    busy = in_open_enrollment(today)
    if busy:
        last = max(first, math.ceil(last * OPEN_ENROLLMENT_SLOWDOWN))
    return Estimate(add_business_days(today, first), add_business_days(today, last), busy)
