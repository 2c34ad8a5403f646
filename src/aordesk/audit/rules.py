"""Which month's documents carry an AOR line, and business-date ranges. Pure: no Django."""

from __future__ import annotations

import datetime as dt

from aordesk.core.dates import CHICAGO


def report_month_of(*, coverage_year: int, sent_on: dt.date) -> dt.date | None:
    """The month whose report and statements list a line (the cycle's month window): its
    send month in its coverage year; January for open-enrollment sends of the autumn
    before; none for a line sent after its coverage year (ADR 0003)."""
    if sent_on.year < coverage_year:
        return dt.date(coverage_year, 1, 1)
    if sent_on.year == coverage_year:
        return sent_on.replace(day=1)
    return None


def business_range(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) moments of the Minnesota business dates first..last, both included."""
    start = dt.datetime.combine(first, dt.time(), tzinfo=CHICAGO)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=CHICAGO)
    return start, end
