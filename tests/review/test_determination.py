"""Proposing determinations: every path, the precision rule and the privacy rule. Pure."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aordesk.review.determination import (
    NO_ASSOCIATION_TEXT,
    AssociationFacts,
    BrokerCode,
    HeldLine,
    HouseholdEvidence,
    InternalCode,
    ReportFacts,
    SentLine,
    broker_code_for,
    broker_explanation,
    propose,
    staff_explanation,
)
from aordesk.review.matching import (
    ACCEPT,
    Address,
    CandidateFacts,
    ClaimFacts,
    EnrollmentFacts,
    plausible,
    rank,
)

YEAR = 2026
DOB = date(1979, 11, 5)
CYRILLIC_O = "\u043e"


def claim(first="Tobias", last="Marchetti", **kwargs):
    kwargs.setdefault("carrier_id", "CAR001")
    return ClaimFacts(first_name=first, last_name=last, dob=kwargs.pop("dob", DOB), **kwargs)


def enrollment(enrollment_id="E-1", carrier_id="CAR001", year=YEAR):
    return EnrollmentFacts(
        enrollment_id=enrollment_id,
        carrier_id=carrier_id,
        coverage_year=year,
        completed_on=date(year - 1, 11, 20),
        effective_on=date(year, 1, 1),
        status="active",
    )


def household(household_id=7, first="Tobias", last="Marchetti", enrollments=None, **kwargs):
    return CandidateFacts(
        household_id=household_id,
        first_name=first,
        last_name=last,
        dob=kwargs.pop("dob", DOB),
        application_submitted_on=date(YEAR - 1, 11, 20),
        enrollments=(enrollment(),) if enrollments is None else enrollments,
        **kwargs,
    )


def association(reference="A-1", *, mine=True, status="active", npn="1234567"):
    return AssociationFacts(
        reference=reference,
        broker_npn=npn if mine else "7654321",
        method="portal",
        received_on=date(YEAR, 3, 2),
        status=status,
        is_this_broker=mine,
    )


def sent(reference="A-1", enrollment_id="E-1", carrier_id="CAR001", on=date(YEAR, 3, 12)):
    return SentLine(
        association_reference=reference,
        enrollment_id=enrollment_id,
        carrier_id=carrier_id,
        sent_on=on,
    )


def decide(the_claim, households, evidence=None):
    return propose(the_claim, rank(the_claim, households), evidence or {}, current_year=YEAR)


def test_an_association_sent_in_a_month_already_reported_is_on_report():
    evidence = {
        7: HouseholdEvidence(
            associations=(association(),),
            lines_sent=(sent(),),
            reports=(ReportFacts(month=date(YEAR, 3, 1), date_sent=date(YEAR, 4, 6)),),
        )
    }
    proposal = decide(claim(), [household()], evidence)
    assert proposal.internal_code == InternalCode.ON_REPORT
    assert proposal.broker_code == BrokerCode.ON_REPORT
    assert proposal.confident
    assert broker_explanation(proposal) == (
        "This consumer is on your AOR report for March 2026, Date Sent 03/12/2026."
    )


def test_an_association_sent_but_not_yet_reported_is_sent_with_method_and_dates():
    evidence = {7: HouseholdEvidence(associations=(association(),), lines_sent=(sent(),))}
    proposal = decide(claim(), [household()], evidence)
    assert proposal.internal_code == InternalCode.SENT
    text = broker_explanation(proposal)
    assert "received by the broker portal on 03/02/2026" in text
    assert "sent to the carrier on 03/12/2026" in text
    assert "March 2026" in text


def test_an_association_waiting_for_the_enrollment_is_held():
    evidence = {
        7: HouseholdEvidence(
            associations=(association(),), held=(HeldLine(association_reference="A-1"),)
        )
    }
    proposal = decide(claim(), [household()], evidence)
    assert proposal.internal_code == InternalCode.HELD
    assert "held until the consumer's enrollment is sent" in broker_explanation(proposal)


def test_a_line_sent_to_another_carrier_still_shows_the_broker_is_aor():
    evidence = {
        7: HouseholdEvidence(associations=(association(),), lines_sent=(sent(carrier_id="CAR002"),))
    }
    proposal = decide(claim(), [household()], evidence)
    assert proposal.internal_code == InternalCode.SENT
    assert "other_carrier" in [r.code for r in proposal.reasons]


def test_an_association_only_for_last_year_is_not_current_year():
    last_year = (enrollment("E-0", year=YEAR - 1),)
    evidence = {
        7: HouseholdEvidence(associations=(association(),), lines_sent=(sent(enrollment_id="E-0"),))
    }
    proposal = decide(claim(), [household(enrollments=last_year)], evidence)
    assert proposal.internal_code == InternalCode.NOT_CURRENT_YEAR
    assert proposal.broker_code == BrokerCode.NOT_CURRENT_YEAR


def test_enrolled_without_this_brokers_association_is_enrolled_no_association():
    proposal = decide(claim(), [household()], {})
    assert proposal.internal_code == InternalCode.ENROLLED_NO_ASSOCIATION
    assert proposal.broker_code == BrokerCode.NO_ASSOCIATION


def test_another_brokers_active_association_is_aor_with_other_broker():
    evidence = {7: HouseholdEvidence(associations=(association(mine=False),))}
    proposal = decide(claim(), [household()], evidence)
    assert proposal.internal_code == InternalCode.AOR_WITH_OTHER_BROKER
    assert proposal.broker_code == BrokerCode.NO_ASSOCIATION


def test_another_brokers_lines_never_make_a_positive():
    evidence = {7: HouseholdEvidence(associations=(association(mine=False),), lines_sent=(sent(),))}
    assert decide(claim(), [household()], evidence).broker_code == BrokerCode.NO_ASSOCIATION


def test_a_voided_association_of_this_broker_counts_for_nothing():
    evidence = {
        7: HouseholdEvidence(associations=(association(status="voided"),), lines_sent=(sent(),))
    }
    proposal = decide(claim(), [household()], evidence)
    assert proposal.internal_code == InternalCode.ENROLLED_NO_ASSOCIATION


def test_no_enrollment_with_the_claimed_carrier_is_no_matching_enrollment():
    other = (enrollment(carrier_id="CAR005"),)
    proposal = decide(claim(), [household(enrollments=other)], {})
    assert proposal.internal_code == InternalCode.NO_MATCHING_ENROLLMENT
    assert proposal.broker_code == BrokerCode.NO_ASSOCIATION


def test_no_candidate_at_all_is_no_matching_enrollment_and_not_auto_resolved():
    proposal = decide(claim(), [])
    assert proposal.internal_code == InternalCode.NO_MATCHING_ENROLLMENT
    assert proposal.household_id is None
    assert not proposal.confident


def test_only_last_years_enrollment_without_an_association_reveals_nothing_about_it():
    last_year = (enrollment("E-0", year=YEAR - 1),)
    proposal = decide(claim(), [household(enrollments=last_year)], {})
    assert proposal.broker_code == BrokerCode.NO_ASSOCIATION


def test_the_three_no_association_causes_give_byte_identical_broker_text():
    other_carrier = (enrollment(carrier_id="CAR005"),)
    proposals = [
        decide(claim(), [household()], {}),
        decide(
            claim(), [household()], {7: HouseholdEvidence(associations=(association(mine=False),))}
        ),
        decide(claim(), [household(enrollments=other_carrier)], {}),
        decide(claim(), []),
    ]
    causes = {p.internal_code for p in proposals}
    assert causes == {
        InternalCode.ENROLLED_NO_ASSOCIATION,
        InternalCode.AOR_WITH_OTHER_BROKER,
        InternalCode.NO_MATCHING_ENROLLMENT,
    }
    texts = {broker_explanation(p).encode() for p in proposals}
    assert texts == {NO_ASSOCIATION_TEXT.encode()}
    assert {p.broker_code for p in proposals} == {BrokerCode.NO_ASSOCIATION}


def test_the_no_association_text_says_how_to_submit_by_portal_electronic_or_paper():
    assert "broker portal" in NO_ASSOCIATION_TEXT
    assert "electronic AOR form" in NO_ASSOCIATION_TEXT
    assert "paper AOR form" in NO_ASSOCIATION_TEXT
    assert "enrolled" not in NO_ASSOCIATION_TEXT


def test_twins_with_only_an_initial_are_never_auto_picked():
    twins = [household(1, first="Tobias"), household(2, first="Tamsin")]
    evidence = {1: HouseholdEvidence(associations=(association(),), lines_sent=(sent(),))}
    proposal = decide(claim(first="T."), twins, evidence)
    assert proposal.internal_code == InternalCode.NEEDS_INFO
    assert proposal.household_id is None
    assert "case number" in (proposal.needs or "")


def test_twins_are_decided_by_an_exact_first_name_but_not_auto_resolved():
    twins = [household(1, first="Tobias"), household(2, first="Tomas")]
    evidence = {1: HouseholdEvidence(associations=(association(),), lines_sent=(sent(),))}
    proposal = decide(claim(), twins, evidence)
    assert proposal.internal_code == InternalCode.SENT
    assert proposal.household_id == 1
    assert not proposal.confident  # a plausible second candidate exists


def test_two_equally_good_candidates_are_needs_info_even_if_only_one_has_the_association():
    same = [household(1, address=Address("3 Oak Ct")), household(2, address=Address("8 Fir Ln"))]
    evidence = {1: HouseholdEvidence(associations=(association(),), lines_sent=(sent(),))}
    proposal = decide(claim(), same, evidence)
    assert proposal.internal_code == InternalCode.NEEDS_INFO


def test_a_look_alike_name_is_needs_info_never_a_positive():
    evidence = {7: HouseholdEvidence(associations=(association(),), lines_sent=(sent(),))}
    proposal = decide(claim(first=f"T{CYRILLIC_O}bias"), [household()], evidence)
    assert proposal.internal_code == InternalCode.NEEDS_INFO
    assert "alphabets" in (proposal.needs or "")
    assert not proposal.confident


def test_a_dob_with_day_and_month_swapped_is_needs_info():
    swapped = household(dob=date(1979, 5, 11))
    evidence = {7: HouseholdEvidence(associations=(association(),), lines_sent=(sent(),))}
    proposal = decide(claim(), [swapped], evidence)
    assert proposal.internal_code == InternalCode.NEEDS_INFO
    assert "date of birth" in (proposal.needs or "")


def test_a_weak_name_match_is_needs_info_asking_for_the_full_name():
    evidence = {7: HouseholdEvidence(associations=(association(),), lines_sent=(sent(),))}
    proposal = decide(claim(first="Tovais"), [household()], evidence)
    assert proposal.internal_code == InternalCode.NEEDS_INFO
    assert "full legal name" in broker_explanation(proposal)


def test_a_candidate_with_another_dob_is_not_used():
    evidence = {7: HouseholdEvidence(associations=(association(),), lines_sent=(sent(),))}
    proposal = decide(claim(), [household(dob=date(1980, 11, 5))], evidence)
    assert proposal.internal_code == InternalCode.NO_MATCHING_ENROLLMENT
    assert proposal.household_id is None


def test_an_association_neither_sent_nor_held_waits_for_staff():
    evidence = {7: HouseholdEvidence(associations=(association(),))}
    proposal = decide(claim(), [household()], evidence)
    assert proposal.internal_code == InternalCode.NEEDS_INFO
    assert proposal.needs is None
    assert "still checking" in broker_explanation(proposal)


def test_the_staff_explanation_names_the_internal_cause_and_the_reasons():
    evidence = {7: HouseholdEvidence(associations=(association(mine=False),))}
    text = staff_explanation(decide(claim(), [household()], evidence))
    assert "AOR_WITH_OTHER_BROKER (broker sees NO_ASSOCIATION)" in text
    assert "active AOR is NPN 7654321" in text
    assert "DOB exact" in text


def test_the_broker_never_sees_another_brokers_npn_or_the_household():
    evidence = {7: HouseholdEvidence(associations=(association(mine=False),))}
    text = broker_explanation(decide(claim(), [household()], evidence))
    assert "7654321" not in text
    assert "7" not in text


@pytest.mark.parametrize("code", list(InternalCode))
def test_every_internal_code_maps_to_a_broker_code(code):
    assert broker_code_for(code) in set(BrokerCode)


FIRSTS = ["Tobias", "Toby", "Tomas", "T.", "Tamsin", f"T{CYRILLIC_O}bias", "Tobais"]
LASTS = ["Marchetti", "Marchetti-Ruiz", "Marketti", "Ruiz"]


@st.composite
def scenarios(draw):
    people = draw(
        st.lists(
            st.tuples(
                st.sampled_from(FIRSTS),
                st.sampled_from(LASTS),
                st.sampled_from([DOB, date(1979, 5, 11), date(1981, 1, 1)]),
            ),
            max_size=4,
        )
    )
    households = [
        household(n, first=f, last=last, dob=dob) for n, (f, last, dob) in enumerate(people)
    ]
    evidence = {}
    for n in range(len(households)):
        mine = draw(st.booleans())
        status = draw(st.sampled_from(["active", "ended", "voided"]))
        lines = (sent(),) if draw(st.booleans()) else ()
        evidence[n] = HouseholdEvidence(
            associations=(association(mine=mine, status=status),), lines_sent=lines
        )
    return households, evidence


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_a_positive_is_only_ever_proposed_for_an_exact_unambiguous_strong_or_near_match(
    scenario,
):
    households, evidence = scenario
    the_claim = claim()
    proposal = decide(the_claim, households, evidence)
    if proposal.broker_code in {BrokerCode.ON_REPORT, BrokerCode.SENT, BrokerCode.HELD}:
        chosen = next(h for h in households if h.household_id == proposal.household_id)
        ranked = rank(the_claim, households)
        top = ranked[0].score
        assert ranked[0].candidate is chosen
        assert top.dob == "exact"
        assert not top.mixed_scripts
        runner_up = ranked[1].score.value if len(ranked) > 1 else 0.0
        assert top.value - runner_up >= 0.1
        if not (top.names_strong and top.value >= ACCEPT):
            # The settled doubt: the only plausible candidate, near names, own association.
            assert len(plausible(ranked)) == 1
            assert top.names_near
            assert top.names_strong or top.carrier_enrollment_ids
        mine = evidence[chosen.household_id].associations[0]
        assert mine.is_this_broker and mine.status == "active"
    if proposal.broker_code == BrokerCode.NO_ASSOCIATION:
        assert broker_explanation(proposal) == NO_ASSOCIATION_TEXT


def test_an_unsent_association_for_another_carriers_enrollment_waits_for_staff():
    other = (enrollment(carrier_id="CAR005"),)
    evidence = {7: HouseholdEvidence(associations=(association(),))}
    proposal = decide(claim(), [household(enrollments=other)], evidence)
    assert proposal.internal_code == InternalCode.NEEDS_INFO
    assert "aor_pending" in [r.code for r in proposal.reasons]


def test_this_brokers_association_for_a_household_with_no_enrollment_is_no_matching_enrollment():
    evidence = {7: HouseholdEvidence(associations=(association(),))}
    proposal = decide(claim(), [household(enrollments=())], evidence)
    assert proposal.internal_code == InternalCode.NO_MATCHING_ENROLLMENT
    assert broker_explanation(proposal) == NO_ASSOCIATION_TEXT


def test_an_ended_association_of_this_broker_is_no_association_with_the_reason_for_staff():
    evidence = {7: HouseholdEvidence(associations=(association(status="ended"),))}
    proposal = decide(claim(), [household()], evidence)
    assert proposal.internal_code == InternalCode.ENROLLED_NO_ASSOCIATION
    assert "broker's earlier association ended" in staff_explanation(proposal)


def test_the_candidates_order_given_does_not_matter():
    twins = [household(1, first="Tobias"), household(2, first="Tomas")]
    evidence = {1: HouseholdEvidence(associations=(association(),), lines_sent=(sent(),))}
    ranked = rank(claim(), twins)
    forward = propose(claim(), ranked, evidence, current_year=YEAR)
    backward = propose(claim(), list(reversed(ranked)), evidence, current_year=YEAR)
    assert forward == backward


def own_sent(household_id=7):
    return {household_id: HouseholdEvidence(associations=(association(),), lines_sent=(sent(),))}


def test_one_typing_slip_on_the_brokers_own_single_candidate_with_the_carrier_is_proposed():
    proposal = decide(claim(first="Tobais"), [household()], own_sent())
    assert proposal.internal_code == InternalCode.SENT
    assert not proposal.confident
    assert "names_near_own_consumer" in [r.code for r in proposal.reasons]


def test_one_typing_slip_without_the_claimed_carrier_enrolled_still_needs_a_person():
    proposal = decide(claim(first="Tobais", carrier_id="CAR009"), [household()], own_sent())
    assert proposal.internal_code == InternalCode.NEEDS_INFO


def test_one_typing_slip_with_a_second_plausible_candidate_still_needs_a_person():
    namesake = household(8, first="Tobin", last="Marchetti")
    assert plausible(rank(claim(first="Tobais"), [namesake]))
    proposal = decide(claim(first="Tobais"), [household(), namesake], own_sent())
    assert proposal.internal_code == InternalCode.NEEDS_INFO


def test_two_typing_slips_on_the_brokers_own_consumer_still_need_a_person():
    proposal = decide(claim(first="Tobais", last="Marhcetit"), [household()], own_sent())
    assert proposal.broker_code in {BrokerCode.NEEDS_INFO, BrokerCode.NO_ASSOCIATION}


def test_weak_names_where_no_plausible_candidate_has_this_brokers_aor_are_no_association():
    evidence = {7: HouseholdEvidence(associations=(association(mine=False),))}
    proposal = decide(claim(first="Tovais"), [household()], evidence)
    assert proposal.broker_code == BrokerCode.NO_ASSOCIATION
    assert proposal.internal_code == InternalCode.AOR_WITH_OTHER_BROKER
    assert not proposal.confident
    assert "no_aor_any_candidate" in [r.code for r in proposal.reasons]
    assert broker_explanation(proposal) == NO_ASSOCIATION_TEXT


def test_weak_names_where_a_lower_plausible_candidate_has_this_brokers_aor_need_a_person():
    other = household(8, first="Tobyas", last="Marchetti")
    evidence = {8: HouseholdEvidence(associations=(association(),), lines_sent=(sent(),))}
    proposal = decide(claim(first="Tobias", last="Marchetto"), [household(), other], evidence)
    assert proposal.internal_code == InternalCode.NEEDS_INFO


def test_a_dob_swapped_candidate_without_this_brokers_aor_is_no_association():
    swapped = household(dob=date(1979, 5, 11))
    proposal = decide(claim(dob=date(1979, 11, 5)), [swapped], {})
    assert proposal.broker_code == BrokerCode.NO_ASSOCIATION


def test_a_dob_swapped_candidate_with_this_brokers_aor_still_needs_a_person():
    swapped = household(dob=date(1979, 5, 11))
    proposal = decide(claim(dob=date(1979, 11, 5)), [swapped], own_sent())
    assert proposal.internal_code == InternalCode.NEEDS_INFO


def test_mixed_scripts_need_a_person_even_when_nobody_has_this_brokers_aor():
    proposal = decide(claim(first=f"T{CYRILLIC_O}bias"), [household()], {})
    assert proposal.internal_code == InternalCode.NEEDS_INFO


def test_twins_need_a_person_even_when_neither_has_this_brokers_aor():
    twins = [household(7, first="Tobias"), household(8, first="Tobias")]
    proposal = decide(claim(), twins, {})
    assert proposal.internal_code == InternalCode.NEEDS_INFO


def test_strong_names_lowered_below_accept_by_address_and_date_on_own_consumer_are_proposed():
    on_file = household(
        last="Marchetti-Ruiz", address=Address("12 Oak St", city="Duluth", zip_code="55802")
    )
    written = claim(
        first="Marchetti",
        last="Tobias",
        address=Address("9 Elm Ave", city="Anoka", zip_code="55303"),
        application_date=date(YEAR, 6, 1),
    )
    assert rank(written, [on_file])[0].score.value < ACCEPT
    proposal = decide(written, [on_file], own_sent())
    assert proposal.internal_code == InternalCode.SENT
    assert not proposal.confident


def test_a_line_held_for_next_years_enrollment_is_not_current_year_not_held():
    next_year = (enrollment("E-9", year=YEAR + 1),)
    held = (HeldLine(association_reference="A-1", enrollment_id="E-9", carrier_id="CAR001"),)
    evidence = {7: HouseholdEvidence(associations=(association(),), held=held)}
    proposal = decide(claim(), [household(enrollments=next_year)], evidence)
    assert proposal.internal_code == InternalCode.NOT_CURRENT_YEAR


def test_a_line_held_for_this_years_enrollment_is_held():
    held = (HeldLine(association_reference="A-1", enrollment_id="E-1", carrier_id="CAR001"),)
    evidence = {7: HouseholdEvidence(associations=(association(),), held=held)}
    assert decide(claim(), [household()], evidence).internal_code == InternalCode.HELD


def _cancelled(enrollment_id="E-9"):
    e = enrollment(enrollment_id)
    return EnrollmentFacts(**{**{f: getattr(e, f) for f in e.__slots__}, "status": "cancelled"})


def test_a_household_with_only_a_cancelled_enrollment_is_told_so_not_that_it_has_none():
    evidence = {7: HouseholdEvidence(associations=(association(),))}
    proposal = decide(claim(), [household(enrollments=(_cancelled(),))], evidence)
    assert proposal.internal_code == InternalCode.NO_MATCHING_ENROLLMENT
    texts = [reason.text for reason in proposal.reasons]
    assert "only cancelled enrollment(s): E-9" in texts
    assert "no enrollment at all" not in texts


def test_without_an_association_a_cancelled_enrollment_is_named_too():
    proposal = decide(claim(), [household(enrollments=(_cancelled(),))], {})
    assert "only cancelled enrollment(s): E-9" in [reason.text for reason in proposal.reasons]


def test_a_proposal_keeps_the_facts_of_the_brokers_association_the_page_lists():
    # No live enrollment: triage proposes NO_MATCHING_ENROLLMENT, but the association is
    # there, so a reviewer may still choose HELD from its facts.
    evidence = {7: HouseholdEvidence(associations=(association(),))}
    proposal = decide(claim(), [household(enrollments=(_cancelled(),))], evidence)
    assert (proposal.particulars.method, proposal.particulars.received_on) == (
        "portal",
        date(YEAR, 3, 2),
    )


def test_a_doubtful_claim_about_one_household_keeps_its_association_facts():
    evidence = {7: HouseholdEvidence(associations=(association(),), lines_sent=(sent(),))}
    swapped = household(dob=date(1979, 5, 11))  # day and month swapped: a person must look
    proposal = decide(claim(), [swapped], evidence)
    assert proposal.internal_code == InternalCode.NEEDS_INFO
    assert proposal.household_id == 7
    assert (proposal.particulars.method, proposal.particulars.sent_on) == (
        "portal",
        date(YEAR, 3, 12),
    )
