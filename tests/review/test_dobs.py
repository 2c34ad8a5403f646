"""DOB near misses: what counts as one, and the dates a claim's DOB may stand for. Pure."""

from datetime import date

import pytest

from aordesk.review.dobs import dob_relation, near_dobs

DOB = date(1984, 3, 7)


@pytest.mark.parametrize(
    ("claimed", "relation"),
    [
        (date(1984, 3, 7), "exact"),
        (date(1984, 7, 3), "swapped"),  # day and month swapped
        (date(1984, 3, 8), "near"),  # one digit changed
        (date(1985, 3, 7), "near"),  # the year off by one digit
        (date(1974, 3, 7), "near"),  # the decade off by one digit
        (date(1948, 3, 7), "near"),  # two neighbouring digits swapped
        (date(1984, 3, 17), "near"),  # one digit changed in the day
        (date(1985, 4, 7), "differs"),  # two digits
        (date(1990, 11, 21), "differs"),
    ],
)
def test_a_dob_is_exact_swapped_near_or_different(claimed, relation):
    assert dob_relation(claimed, DOB) == relation


def test_near_misses_are_symmetric():
    assert dob_relation(DOB, date(1948, 3, 7)) == dob_relation(date(1948, 3, 7), DOB) == "near"


def test_the_near_dobs_of_a_date_are_real_dates_one_slip_away():
    found = near_dobs(DOB)
    assert {date(1985, 3, 7), date(1974, 3, 7), date(1948, 3, 7), date(1984, 7, 3)} <= set(found)
    assert DOB not in found
    assert all(dob_relation(day, DOB) in {"near", "swapped"} for day in found)
