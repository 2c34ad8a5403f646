"""Addresses as people write them: one-cell parsing with usaddress, folding, line 2, ZIP and
city, and an absent address never counting against. Pure."""

from datetime import date

import pytest

from aordesk.review.addresses import Address, address_parse, compare_addresses
from aordesk.review.matching import CandidateFacts, ClaimFacts, score_candidate

HOME = Address("12 Oak St", "Apt 4", "Duluth", "55802")


@pytest.mark.parametrize(
    "written",
    [
        "12 Oak Street, Apt 4, Duluth, MN 55802",
        "12 Oak Street Apt 4 Duluth MN 55802",  # no commas: usaddress finds the unit
        "12 OAK ST #4, DULUTH MN",  # capitals, "#" for Apt, no ZIP
        "12 Oak St Unit 4, Duluth, MN 55802-1234",
        "12 Oak St, Duluth, MN 55802",  # the unit left out
    ],
)
def test_a_one_cell_address_written_another_way_is_the_same_address(written):
    assert compare_addresses(address_parse(written), HOME) == "same"


def test_a_one_cell_address_parses_into_street_unit_city_and_zip():
    assert address_parse("4410 W 38th St Unit 2B Minneapolis MN 55410") == Address(
        line1="4410 W 38th St", line2="Unit 2B", city="Minneapolis", zip_code="55410"
    )


def test_a_second_line_that_is_not_a_unit_is_locality_not_street():
    filed = Address("12 Oak St", "Building C", "Duluth", "55802")
    assert compare_addresses(address_parse("12 Oak Street, Duluth MN 55802"), filed) == "same"


def test_street_words_spelled_out_or_directions_dropped_still_match():
    assert compare_addresses(Address("400 Lake Ave N"), Address("400 North Lake Avenue")) == "same"
    assert compare_addresses(Address("400 Lake Ave N"), Address("400 Lake Avenue")) == "same"


def test_another_street_in_the_same_zip_is_locality_and_another_zip_differs():
    assert compare_addresses(Address("9 Elm Rd", zip_code="55802"), HOME) == "locality"
    assert compare_addresses(Address("9 Elm Rd", city="Duluth"), HOME) == "locality"
    assert compare_addresses(Address("12 Oak St", zip_code="55101"), HOME) == "differs"


def test_an_absent_address_never_counts_against():
    def score(address):
        claim = ClaimFacts(
            first_name="Ada", last_name="Lund", dob=date(1980, 1, 2), address=address
        )
        household = CandidateFacts(
            household_id=1, first_name="Ada", last_name="Lund", dob=date(1980, 1, 2),
            application_submitted_on=date(2026, 1, 5), address=HOME,
        )  # fmt: skip
        return score_candidate(claim, household)

    absent, empty = score(None), score(address_parse("   "))
    assert absent.value == empty.value == 1.0
    assert absent.weight == empty.weight
    assert (
        score(HOME).weight > absent.weight > score(Address("77 Pine Ct", zip_code="55101")).weight
    )
