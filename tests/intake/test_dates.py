"""Dates are read the one way they can be read; a date with two readings is an error."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aordesk.intake.reading.dates import date_read

TODAY = dt.date(2026, 11, 27)
JAN_2_1980 = dt.date(1980, 1, 2)


def read(value, date1904=False):
    return date_read(value, date1904=date1904, today=TODAY)


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(1980, 1, 2),
        dt.date(1980, 1, 2),
        29222.0,  # the 1900-system serial
        "29222",
        "01/02/1980",
        "1/2/1980",
        "1/2/80",
        "01/02/80",
        "1980-01-02",
        "1980/01/02",
        "1980-01-02 00:00:00",
        "1/2/1980 12:00 AM",
        "Jan 2, 1980",
        "January 2 1980",
        "2 Jan 1980",
        "02-Jan-1980",
        " 01/02/1980 ",
    ],
)
def test_every_supported_form_of_january_2_1980_reads_the_same(value):
    assert read(value).value == JAN_2_1980


def test_a_1904_serial_is_read_with_the_1904_system():
    assert read(27760.0, date1904=True).value == JAN_2_1980


@pytest.mark.parametrize("value", ["02.01.1980", "02-01-1980", "2-1-80"])
def test_a_date_with_dots_or_dashes_and_both_parts_under_13_is_ambiguous(value):
    reading = read(value)

    assert reading.value is None and reading.problem == "ambiguous"


def test_a_date_with_dots_that_can_only_be_day_first_is_read():
    assert read("25.12.1980").value == dt.date(1980, 12, 25)


def test_a_date_whose_two_readings_agree_is_not_ambiguous():
    assert read("05.05.1980").value == dt.date(1980, 5, 5)


@pytest.mark.parametrize("value", ["13/02/1980", "02/30/1980", "yesterday", "", True, 10**9])
def test_an_impossible_date_is_invalid(value):
    reading = read(value)

    assert reading.value is None and reading.problem == "invalid"


def test_a_two_digit_year_is_the_latest_not_after_this_year():
    assert read("1/2/26").value == dt.date(2026, 1, 2)
    assert read("1/2/27").value == dt.date(1927, 1, 2)


@given(st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_any_date_written_mm_dd_yyyy_reads_back_to_itself(day):
    assert read(f"{day:%m/%d/%Y}").value == day
