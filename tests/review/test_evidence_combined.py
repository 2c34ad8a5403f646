"""The rules the combined evidence (review/weights.py) adds to proposing: DOB near misses,
names wholly replaced, what NEEDS_INFO asks to check, and the privacy rule unchanged. Pure."""

from datetime import date

import pytest

from aordesk.review.addresses import Address
from aordesk.review.determination import (
    NEEDS_DOB,
    NEEDS_NAME,
    NO_ASSOCIATION_TEXT,
    BrokerCode,
    HouseholdEvidence,
    InternalCode,
    broker_explanation,
)
from tests.review.test_determination import (
    DOB,
    association,
    claim,
    decide,
    household,
    sent,
)

HOME = Address("12 Oak St", "", "Duluth", "55802")
NEAR_DOB = date(1979, 11, 6)  # one digit off DOB (1979-11-05)
MINE = {7: HouseholdEvidence(associations=(association(),), lines_sent=(sent(),))}


def test_a_dob_one_digit_off_on_the_brokers_own_consumer_asks_to_check_the_dob():
    proposal = decide(claim(dob=NEAR_DOB), [household()], MINE)
    assert proposal.broker_code == BrokerCode.NEEDS_INFO
    assert proposal.needs == NEEDS_DOB
    assert "date of birth" in broker_explanation(proposal)


def test_a_dob_near_miss_with_the_same_address_is_the_brokers_own_consumer():
    the_claim = claim(dob=NEAR_DOB, address=HOME)
    proposal = decide(the_claim, [household(address=HOME)], MINE)
    assert proposal.broker_code == BrokerCode.SENT
    assert not proposal.confident  # a reviewer confirms it
    assert "evidence_weight" in [r.code for r in proposal.reasons]


def test_a_last_name_wholly_replaced_with_exact_dob_and_address_is_found():
    the_claim = claim(last="Okonkwo", address=HOME)
    proposal = decide(the_claim, [household(address=HOME)], MINE)
    assert proposal.broker_code == BrokerCode.SENT
    assert proposal.household_id == 7


def test_a_last_name_wholly_replaced_without_more_evidence_asks_for_the_name():
    proposal = decide(claim(last="Okonkwo"), [household()], MINE)
    assert proposal.broker_code == BrokerCode.NEEDS_INFO
    assert proposal.needs == NEEDS_NAME


def test_two_households_alike_on_the_evidence_are_never_picked_between():
    the_claim = claim(last="Okonkwo", address=HOME)
    twins = [household(address=HOME), household(household_id=8, address=HOME)]
    evidence = {**MINE, 8: HouseholdEvidence(associations=(association("A-2"),))}
    proposal = decide(the_claim, twins, evidence)
    assert proposal.broker_code == BrokerCode.NEEDS_INFO
    assert proposal.household_id is None


def test_a_plausible_candidate_by_evidence_alone_without_this_brokers_aor_is_no_association():
    the_claim = claim(last="Okonkwo", address=HOME)
    other = {7: HouseholdEvidence(associations=(association(mine=False),))}
    proposal = decide(the_claim, [household(address=HOME)], other)
    assert proposal.internal_code == InternalCode.AOR_WITH_OTHER_BROKER
    assert proposal.household_id == 7  # staff see whom it was weighed against
    assert proposal.broker_code == BrokerCode.NO_ASSOCIATION


@pytest.mark.parametrize("dob", [DOB, NEAR_DOB])
def test_the_three_causes_and_nobody_still_read_the_same_to_the_broker(dob):
    """Another broker's consumer, an enrolled consumer without an association, and nobody,
    with an exact or a near-miss DOB: one broker text, never NEEDS_INFO."""
    other = decide(
        claim(dob=dob, address=HOME),
        [household(address=HOME)],
        {7: HouseholdEvidence(associations=(association(mine=False),))},
    )
    enrolled = decide(claim(dob=dob, address=HOME), [household(address=HOME)], {})
    nobody = decide(claim(first="Zephyrine", last="Abernathy", dob=dob), [household()], {})
    codes = {other.internal_code, enrolled.internal_code, nobody.internal_code}
    assert codes == {
        InternalCode.AOR_WITH_OTHER_BROKER,
        InternalCode.ENROLLED_NO_ASSOCIATION,
        InternalCode.NO_MATCHING_ENROLLMENT,
    }
    texts = {broker_explanation(p) for p in (other, enrolled, nobody)}
    assert texts == {NO_ASSOCIATION_TEXT}
    assert {p.broker_code for p in (other, enrolled, nobody)} == {BrokerCode.NO_ASSOCIATION}
