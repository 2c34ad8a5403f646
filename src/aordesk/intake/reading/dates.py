"""Reading a date cell the one way it can be read, or saying why not. Pure.

The documented convention (docs/formats/intake.md) is US month/day/year with slashes.
Only a form outside that convention can be ambiguous: 02.01.1980 or 02-01-1980 could be
2 January or 1 February, so it is an error, never a guess."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from aordesk.intake.reading.xlsx_rows import serial_to_datetime

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T][0-9:.]+)?")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?: [0-9:.]+(?: ?[AaPp][Mm])?)?")
_OTHER = re.compile(r"(\d{1,2})[-.](\d{1,2})[-.](\d{4}|\d{2})")
_NAMED = ("%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%b-%y")
# Excel serials for 1900-01-01 .. 2099-12-31: a bare number outside is not a date.
SERIAL_RANGE = (1, 73_415)


@dataclass(frozen=True)
class DateReading:
    value: dt.date | None
    problem: str = ""  # "", "ambiguous" or "invalid"


def date_read(value: object, *, date1904: bool, today: dt.date) -> DateReading:
    if isinstance(value, dt.datetime):
        return DateReading(value.date())
    if isinstance(value, dt.date):
        return DateReading(value)
    if isinstance(value, bool):
        return DateReading(None, "invalid")
    if isinstance(value, int | float):
        return _serial(float(value), date1904=date1904)
    if isinstance(value, str):
        return _text(value.strip(), today=today)
    return DateReading(None, "invalid")


def _serial(number: float, *, date1904: bool) -> DateReading:
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return DateReading(None, "invalid")
    moment = serial_to_datetime(number, date1904=date1904)
    return DateReading(moment.date() if moment else None, "" if moment else "invalid")


def _text(text: str, *, today: dt.date) -> DateReading:
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        return _built(year, month, day)
    if match := _SLASHED.fullmatch(text):
        month_text, day_text, year_text = match.groups()
        return _built(_century(year_text, today), int(month_text), int(day_text))
    if match := _OTHER.fullmatch(text):
        return _other(*match.groups(), today=today)
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _serial(float(text), date1904=False)
    return _named(text)


def _other(first: str, second: str, year: str, *, today: dt.date) -> DateReading:
    """Dashes or dots: the order is not the documented one, so both readings are tried."""
    full_year = _century(year, today)
    readings = {
        reading.value
        for reading in (
            _built(full_year, int(first), int(second)),
            _built(full_year, int(second), int(first)),
        )
        if reading.value is not None
    }
    if len(readings) == 1:
        return DateReading(readings.pop())
    return DateReading(None, "ambiguous" if readings else "invalid")


def _century(year: str, today: dt.date) -> int:
    """Two-digit years: the latest year ending in those digits not after this year."""
    if len(year) == 4:
        return int(year)
    candidate = today.year - today.year % 100 + int(year)
    return candidate if candidate <= today.year else candidate - 100


def _built(year: int, month: int, day: int) -> DateReading:
    try:
        return DateReading(dt.date(year, month, day))
    except ValueError:
        return DateReading(None, "invalid")


def _named(text: str) -> DateReading:
    cleaned = re.sub(r"[,\s]+", " ", text).strip()
    for pattern in _NAMED:
        try:
            return DateReading(dt.datetime.strptime(cleaned, pattern).date())  # noqa: DTZ007
        except ValueError:
            continue
    return DateReading(None, "invalid")
