"""Business dates: months, America/Chicago 'today', and parsing of YYYY-MM. Pure."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

# Business days skip weekends and Minnesota state holidays; kept here too for older callers.
from aordesk.core.business_days import add_business_days as add_business_days

CHICAGO = ZoneInfo("America/Chicago")


def business_date(moment: dt.datetime) -> dt.date:
    """The Minnesota calendar date of an aware moment (a 23:30 CST send is that day)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not allowed; pass an aware datetime")
    return moment.astimezone(CHICAGO).date()


def business_today() -> dt.date:
    return dt.datetime.now(tz=CHICAGO).date()


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month_start(day: dt.date) -> dt.date:
    first = day.replace(day=1)
    return (first + dt.timedelta(days=32)).replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return next_month_start(day) - dt.timedelta(days=1)


def previous_month_start(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def parse_month(text: str) -> dt.date:
    """'2026-10' -> date(2026, 10, 1); a clear ValueError otherwise."""
    try:
        year, month = text.strip().split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError
        return dt.date(int(year), int(month), 1)
    except ValueError:
        raise ValueError(f"{text!r} is not a month; write it as YYYY-MM, e.g. 2026-10") from None


def format_month(first: dt.date) -> str:
    return f"{first:%Y-%m}"


def month_label(first: dt.date) -> str:
    """'October 2026', as brokers read it."""
    return f"{first:%B %Y}"


def business_date_text(moment: dt.datetime) -> str:
    """'12/03/2026': the Minnesota date of a moment, as messages and pages show it (a file
    received at 8:59 PM Central on December 3 is 12/03/2026, whatever UTC says)."""
    return f"{business_date(moment):%m/%d/%Y}"
