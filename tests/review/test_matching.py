"""Scoring a candidate household against a claim. Pure: no database, synthetic people."""

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from aordesk.review.matching import (
    ACCEPT,
    CONFIDENT,
    FLOOR,
    Address,
    CandidateFacts,
    ClaimFacts,
    EnrollmentFacts,
    compare_addresses,
    normalise_address,
    plausible,
    rank,
    score_candidate,
)
from aordesk.review.names import normalise_name

DOB = date(1984, 7, 21)
CYRILLIC_O = "\u043e"


def claim(first="Wanda", last="Okafor", **kwargs):
    return ClaimFacts(first_name=first, last_name=last, dob=kwargs.pop("dob", DOB), **kwargs)


def candidate(first="Wanda", last="Okafor", **kwargs):
    kwargs.setdefault("household_id", 101)
    kwargs.setdefault("dob", DOB)
    kwargs.setdefault("application_submitted_on", date(2026, 1, 9))
    return CandidateFacts(first_name=first, last_name=last, **kwargs)


def enrollment(enrollment_id="E-1", carrier_id="CAR001", year=2026, status="active"):
    return EnrollmentFacts(
        enrollment_id=enrollment_id,
        carrier_id=carrier_id,
        coverage_year=year,
        completed_on=date(year - 1, 12, 2),
        effective_on=date(year, 1, 1),
        status=status,
    )


def test_exactly_the_same_facts_score_one():
    score = score_candidate(claim(), candidate())
    assert score.value == 1.0
    assert score.names_strong
    assert {"first_exact", "last_exact", "dob_exact"} <= set(score.codes())


@pytest.mark.parametrize(
    ("claimed", "on_file"),
    [("García", "Garcia"), ("Nguyễn", "Nguyen"), ("O'Brien", "O Brien"), ("OBRIEN", "O'Brien")],
)
def test_accents_apostrophes_and_case_score_as_an_exact_last_name(claimed, on_file):
    score = score_candidate(claim(last=claimed), candidate(last=on_file))
    assert score.value == 1.0
    assert "last name exact" in [r.text for r in score.reasons]


@pytest.mark.parametrize("claimed", ["Garcia", "Lopez", "Garcia Lopez", "López"])
def test_one_part_of_a_hyphenated_surname_is_a_strong_match(claimed):
    score = score_candidate(claim(last=claimed), candidate(last="García-López"))
    assert score.names_strong
    assert score.value >= ACCEPT


def test_a_shared_particle_is_not_a_compound_surname_match():
    score = score_candidate(claim(last="De La Cruz"), candidate(last="De Leon"))
    assert "last_part" not in score.codes()
    assert score.value < FLOOR


def test_a_nickname_counts_as_an_exact_first_name():
    score = score_candidate(claim(first="Bill"), candidate(first="William"))
    assert score.value == 1.0
    assert "first name nickname of William" in [r.text for r in score.reasons]


def test_first_and_last_names_swapped_still_match_with_a_reason():
    score = score_candidate(claim(first="Okafor", last="Wanda"), candidate())
    assert score.value >= ACCEPT
    assert "names_swapped" in score.codes()
    assert score.value < 1.0


def test_a_maiden_name_matches_through_the_previous_last_names():
    score = score_candidate(
        claim(last="Lindqvist"), candidate(last="Okafor", alt_last_names=("Lindqvist",))
    )
    assert score.names_strong
    assert score.value >= ACCEPT
    assert "last name matches previous last name Lindqvist" in [r.text for r in score.reasons]


def test_a_married_name_claimed_matches_the_current_last_name_on_file():
    score = score_candidate(claim(last="Okafor"), candidate(alt_last_names=("Lindqvist",)))
    assert score.value == 1.0


def test_an_initial_matches_but_is_not_strong():
    score = score_candidate(claim(first="W."), candidate())
    assert "first_initial" in score.codes()
    assert not score.names_strong
    assert FLOOR <= score.value < ACCEPT


def test_a_typo_in_the_first_name_is_plausible_but_not_strong():
    score = score_candidate(claim(first="Wnada"), candidate())
    assert "first_typo" in score.codes()
    assert not score.names_strong
    assert score.names_near


def test_twins_are_told_apart_by_the_first_name_alone():
    maria = candidate(first="Maria", last="Halvorsen", household_id=1)
    marta = candidate(first="Marta", last="Halvorsen", household_id=2)
    ranked = rank(claim(first="Maria", last="Halvorsen"), [marta, maria])
    assert ranked[0].candidate is maria
    assert ranked[0].score.value - ranked[1].score.value > 0.2


def test_a_candidate_with_another_dob_is_capped_below_the_floor():
    score = score_candidate(claim(), candidate(dob=date(1991, 2, 9)))
    assert score.dob == "differs"
    assert score.value < FLOOR
    assert plausible(rank(claim(), [candidate(dob=date(1991, 2, 9))])) == []


def test_a_dob_with_day_and_month_swapped_is_flagged_weak_and_capped():
    score = score_candidate(claim(dob=date(1984, 3, 7)), candidate(dob=date(1984, 7, 3)))
    assert score.dob == "swapped"
    assert FLOOR <= score.value < ACCEPT
    assert any("swapped (weak)" in r.text for r in score.reasons)


def test_a_cyrillic_look_alike_in_the_claimed_name_is_capped_and_says_mixed_scripts():
    score = score_candidate(claim(first=f"Wand{CYRILLIC_O}"), candidate(first="Wando"))
    assert score.mixed_scripts
    assert score.value < ACCEPT
    assert any("mixed scripts" in r.text for r in score.reasons)


def test_a_mixed_script_name_on_file_is_flagged_too():
    score = score_candidate(claim(first="Wando"), candidate(first=f"Wand{CYRILLIC_O}"))
    assert score.mixed_scripts
    assert score.value < ACCEPT


def test_a_matching_carrier_names_the_enrollment():
    score = score_candidate(
        claim(carrier_id="CAR001"), candidate(enrollments=(enrollment("E-77"),))
    )
    assert score.carrier_enrollment_ids == ("E-77",)
    assert "carrier matches enrollment E-77" in [r.text for r in score.reasons]
    assert score.value == 1.0


def test_a_carrier_without_an_enrollment_is_a_reason_but_no_penalty():
    score = score_candidate(claim(carrier_id="CAR009"), candidate(enrollments=(enrollment(),)))
    assert "carrier_no_enrollment" in score.codes()
    assert score.value == 1.0


def test_a_cancelled_enrollment_does_not_confirm_the_carrier():
    score = score_candidate(
        claim(carrier_id="CAR001"), candidate(enrollments=(enrollment(status="cancelled"),))
    )
    assert score.carrier_enrollment_ids == ()


def test_the_application_date_confirms_when_it_matches_and_nudges_down_when_far():
    same = score_candidate(claim(application_date=date(2026, 1, 9)), candidate())
    near = score_candidate(claim(application_date=date(2026, 1, 15)), candidate())
    far = score_candidate(claim(application_date=date(2025, 3, 1)), candidate())
    assert "application_date_matches" in same.codes()
    assert "application_date_near" in near.codes()
    assert "application_date_differs" in far.codes()
    assert same.value == near.value == 1.0 > far.value >= ACCEPT


def test_an_enrollment_completed_date_counts_as_the_application_date():
    score = score_candidate(
        claim(application_date=date(2025, 12, 2)), candidate(enrollments=(enrollment(),))
    )
    assert "application_date_matches" in score.codes()


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (Address("12 Birch Street"), Address("12 birch st")),
        (Address("400 Lake Avenue North"), Address("400 Lake Ave N")),
        (Address("9 Elm Rd", "Apt 3"), Address("9 Elm Road #3")),
        (Address("9 Elm Rd", zip_code="55101-2233"), Address("9 Elm Rd", zip_code="55101")),
        (Address("9 Elm Rd Unit 3"), Address("9 Elm Rd")),
    ],
)
def test_street_words_units_and_zip_plus_four_normalise_to_the_same_address(left, right):
    assert compare_addresses(left, right) == "same"


def test_another_unit_at_the_same_street_address_is_told_apart():
    assert compare_addresses(Address("9 Elm Rd Apt 3"), Address("9 Elm Rd Suite 4")) == "other_unit"


def test_a_different_zip_or_street_is_a_different_address():
    assert (
        compare_addresses(
            Address("9 Elm Rd", zip_code="55101"), Address("9 Elm Rd", zip_code="55102")
        )
        == "differs"
    )
    assert compare_addresses(Address("9 Elm Rd"), Address("11 Elm Rd")) == "differs"


def test_normalising_an_address_separates_the_unit():
    normal = normalise_address(Address("12 Oak Street", "Apartment 4B"))
    assert (normal.street, normal.unit, normal.zip_code) == (("12", "oak", "st"), "4b", "")


def test_an_address_that_differs_lowers_the_score_but_does_not_reject():
    score = score_candidate(
        claim(address=Address("1 Pine Ln")), candidate(address=Address("77 Cedar Ct"))
    )
    assert "address differs" in [r.text for r in score.reasons]
    assert ACCEPT <= score.value < CONFIDENT


def test_twins_sharing_dob_and_address_with_an_initial_score_alike():
    home = Address("5 Maple Dr")
    first = candidate(first="Maria", last="Halvorsen", address=home, household_id=1)
    second = candidate(first="Marta", last="Halvorsen", address=home, household_id=2)
    ranked = rank(claim(first="M", last="Halvorsen", address=home), [first, second])
    assert ranked[0].score.value == ranked[1].score.value


def test_ranking_is_best_first_and_repeatable_for_ties():
    others = [candidate(first="Wanda", household_id=n) for n in (3, 1, 2)]
    ids = [s.candidate.household_id for s in rank(claim(), others)]
    assert ids == [1, 2, 3]


names = st.text(
    alphabet=st.characters(categories=["Lu", "Ll", "Zs", "Pd", "Po", "Mn"]), max_size=20
)


@given(names, names, names, names, st.dates(), st.dates())
def test_any_score_lies_between_zero_and_one(first, last, other_first, other_last, dob, other):
    score = score_candidate(
        ClaimFacts(first_name=first, last_name=last, dob=dob),
        candidate(first=other_first, last=other_last, dob=other),
    )
    assert 0.0 <= score.value <= 1.0
    assert score.reasons


# One script (Latin, accents included): random letters from every script would mostly mix
# scripts, and the test would filter out most of what it draws.
latin_names = st.text(
    alphabet=st.characters(categories=["Lu", "Ll"], max_codepoint=0x24F) | st.sampled_from(" -'"),
    min_size=1,
    max_size=20,
)


@given(latin_names, latin_names, st.dates())
def test_any_name_scored_against_itself_scores_one(first, last, dob):
    assume(normalise_name(first) and normalise_name(last))
    assume(not normalise_name(first).mixed_scripts and not normalise_name(last).mixed_scripts)
    score = score_candidate(
        ClaimFacts(first_name=first, last_name=last, dob=dob),
        candidate(first=first, last=last, dob=dob),
    )
    assert score.value == 1.0


@given(names, names, names, names)
def test_swapping_which_side_is_the_claim_gives_the_same_name_score(a, b, c, d):
    left = score_candidate(claim(first=a, last=b), candidate(first=c, last=d))
    right = score_candidate(claim(first=c, last=d), candidate(first=a, last=b))
    assert left.value == pytest.approx(right.value, abs=1e-3)


@given(st.sampled_from(["Okafor", "Halvorsen", "Lindqvist", "Marchetti"]), st.integers(1, 4))
def test_two_neighbouring_letters_swapped_after_the_first_are_one_typing_slip(last, at):
    slipped = last[:at] + last[at + 1] + last[at] + last[at + 2 :]
    assume(slipped != last)
    score = score_candidate(claim(last=slipped), candidate(last=last))
    assert "last_typo" in score.codes()
    assert score.names_near
    assert not score.names_strong


@pytest.mark.parametrize(
    ("written", "on_file"),
    [("Vanda", "Wanda"), ("Lea", "Lee"), ("Wnadaa", "Wanda"), ("Wendy", "Wanda")],
)
def test_a_first_letter_slip_a_short_name_or_two_slips_are_not_one_typing_slip(written, on_file):
    score = score_candidate(claim(first=written), candidate(first=on_file))
    assert "first_typo" not in score.codes()
    assert not score.names_near


def test_a_slip_in_both_names_is_not_near():
    score = score_candidate(claim(first="Wnada", last="Okafro"), candidate())
    assert {"first_typo", "last_typo"} <= set(score.codes())
    assert not score.names_near


def test_strong_names_are_near_too():
    assert score_candidate(claim(first="Wanda", last="Okafor"), candidate()).names_near


def test_scoring_twice_gives_equal_scores_whatever_is_cached():
    first = score_candidate(claim(first="Okafor", last="Wnada"), candidate())
    assert score_candidate(claim(first="Okafor", last="Wnada"), candidate()) == first
    assert "names_swapped" in first.codes()
