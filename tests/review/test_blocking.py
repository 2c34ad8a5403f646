"""Candidates beyond the exact DOB: the second blocking pass on names, and staff seeing the
candidates considered for every proposal, NO_ASSOCIATION included."""

import datetime as dt

import pytest

from aordesk.core.audit import Actor
from aordesk.review.determination import NEEDS_DOB, NO_ASSOCIATION_TEXT
from aordesk.review.evidence import claim_evidence
from aordesk.review.selectors import claim_case
from aordesk.review.services import claim_triage, claims_triage_pending
from tests.brokers.factories import BrokerFactory
from tests.review.factories import (
    DOB,
    TODAY,
    associated,
    claim_about,
    consumer,
    enrolled,
    sent,
)

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")
ONE_DIGIT_OFF = dt.date(1984, 3, 18)  # DOB is 1984-03-17
DECADE_OFF = dt.date(1974, 3, 17)
OTHER_APPLICATION = dt.date(2026, 6, 30)


def found(claim) -> set[int]:
    return {c.household_id for c in claim_evidence(claim=claim, today=TODAY).candidates}


def test_a_claim_with_a_mistyped_dob_finds_its_household_by_last_name(broker, carrier):
    household = consumer()
    assert household.pk in found(claim_about(broker=broker, carrier=carrier, dob=ONE_DIGIT_OFF))
    assert household.pk in found(claim_about(broker=broker, carrier=carrier, dob=DECADE_OFF))


def test_a_mistyped_last_name_and_dob_meet_through_the_sound_key(broker, carrier):
    household = consumer(first="Peter", last="Johnson")
    claim = claim_about(
        broker=broker, carrier=carrier, first="Peter", last="Jonsen", dob=DECADE_OFF
    )
    assert household.pk in found(claim)


def test_names_crossed_are_blocked_both_ways(broker, carrier):
    household = consumer(first="Amina", last="Hansen")
    claim = claim_about(
        broker=broker, carrier=carrier, first="Hansen", last="Amina", dob=DECADE_OFF
    )
    assert household.pk in found(claim)


def test_a_mistyped_dob_on_the_brokers_own_consumer_asks_to_check_the_dob(broker, carrier):
    household = consumer()
    sent(associated(household, broker), enrolled(household, carrier), on=dt.date(2026, 10, 14))
    claim = claim_about(
        broker=broker, carrier=carrier, dob=ONE_DIGIT_OFF, application_date=OTHER_APPLICATION
    )
    proposal = claim_triage(claim=claim, actor=ACTOR, today=TODAY)
    assert (proposal.broker_code, proposal.needs) == ("NEEDS_INFO", NEEDS_DOB)
    assert proposal.household_id == household.pk


def test_a_mistyped_dob_with_the_application_date_confirming_is_the_brokers_consumer(
    broker, carrier
):
    household = consumer()
    sent(associated(household, broker), enrolled(household, carrier), on=dt.date(2026, 10, 14))
    claim = claim_about(broker=broker, carrier=carrier, dob=ONE_DIGIT_OFF)
    proposal = claim_triage(claim=claim, actor=ACTOR, today=TODAY)
    assert (proposal.broker_code, proposal.household_id) == ("SENT", household.pk)
    assert not proposal.confident


def test_staff_see_the_candidates_considered_for_a_no_association_proposal(broker, carrier):
    other = consumer()
    sent(associated(other, BrokerFactory()), enrolled(other, carrier), on=dt.date(2026, 10, 14))
    claim = claim_about(broker=broker, carrier=carrier, dob=ONE_DIGIT_OFF)
    claims_triage_pending(actor=ACTOR, today=TODAY)
    claim.refresh_from_db()
    assert claim.proposal.broker_code == "NO_ASSOCIATION"
    assert claim.proposal.broker_explanation == NO_ASSOCIATION_TEXT
    (candidate,) = claim.candidates.all()
    assert candidate.household_id == other.pk
    codes = [reason["code"] for reason in candidate.reasons]
    assert "dob_near" in codes and "evidence_weight" in codes
    case = claim_case(claim_id=claim.pk, today=TODAY)
    assert [c.household.pk for c in case.candidates] == [other.pk]


def test_the_batch_and_the_single_triage_propose_the_same(broker, carrier):
    household = consumer()
    sent(associated(household, broker), enrolled(household, carrier), on=dt.date(2026, 10, 14))
    claims = [
        claim_about(broker=broker, carrier=carrier, dob=day)
        for day in (DOB, ONE_DIGIT_OFF, DECADE_OFF)
    ]
    counts = claims_triage_pending(actor=ACTOR, today=TODAY)
    assert counts["triaged"] == 3
    batch = []
    for claim in claims:
        claim.refresh_from_db()
        batch.append((claim.proposal.internal_code, claim.proposal.needs))
        claim.proposal.delete()
    single = [
        (p.internal_code, p.needs)
        for p in (claim_triage(claim=c, actor=ACTOR, today=TODAY) for c in claims)
    ]
    assert batch == single
