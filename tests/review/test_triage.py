import datetime as dt

import pytest

from aordesk.core.audit import Actor
from aordesk.core.errors import TransitionError
from aordesk.review.determination import NO_ASSOCIATION_TEXT
from aordesk.review.models import Candidate, Decision, Proposal
from aordesk.review.selectors import claim_broker_row
from aordesk.review.services import claim_triage, claims_triage_pending
from tests.brokers.factories import BrokerFactory
from tests.review.factories import (
    TODAY,
    associated,
    claim_about,
    consumer,
    enrolled,
    report,
    sent,
)

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")


def triage(claim):
    return claim_triage(claim=claim, actor=ACTOR, today=TODAY)


def test_a_consumer_on_the_brokers_report_is_on_report_with_month_and_date_sent(broker, carrier):
    household = consumer()
    sent(associated(household, broker), enrolled(household, carrier), on=dt.date(2026, 10, 14))
    report(broker, dt.date(2026, 10, 1))
    proposal = triage(claim_about(broker=broker, carrier=carrier))
    assert (proposal.internal_code, proposal.broker_code) == ("ON_REPORT", "ON_REPORT")
    assert proposal.broker_explanation == (
        "This consumer is on your AOR report for October 2026, Date Sent 10/14/2026."
    )
    assert proposal.particulars["report_month"] == "2026-10-01"


def test_a_sent_association_not_yet_reported_is_sent_with_method_and_dates(broker, carrier):
    household = consumer()
    sent(associated(household, broker), enrolled(household, carrier), on=dt.date(2026, 11, 4))
    report(broker, dt.date(2026, 10, 1))
    proposal = triage(claim_about(broker=broker, carrier=carrier))
    assert proposal.internal_code == "SENT"
    assert proposal.broker_explanation == (
        "Your AOR association was received by electronic form on 09/03/2026 and sent to the "
        "carrier on 11/04/2026. It will be on your AOR report for November 2026."
    )


def test_an_open_enrollment_send_for_next_year_reports_in_january(broker, carrier):
    household = consumer()
    enrollment = enrolled(household, carrier, year=2027, sent_on=dt.date(2026, 11, 2))
    sent(associated(household, broker), enrollment, on=dt.date(2026, 11, 10))
    proposal = triage(claim_about(broker=broker, carrier=carrier))
    # Next year's coverage is not this year's: the association is outside the current year.
    assert proposal.internal_code == "NOT_CURRENT_YEAR"


def test_an_association_whose_enrollment_is_not_sent_is_held(broker, carrier):
    household = consumer()
    enrolled(household, carrier, sent_on=None)
    associated(household, broker, received_on=dt.date(2026, 11, 2))
    proposal = triage(claim_about(broker=broker, carrier=carrier))
    assert proposal.internal_code == "HELD"
    assert "held until the consumer's enrollment is sent" in proposal.broker_explanation
    assert "11/02/2026" in proposal.broker_explanation


def test_an_association_for_last_years_enrollment_only_is_not_current_year(broker, carrier):
    household = consumer()
    enrollment = enrolled(household, carrier, year=2025, sent_on=dt.date(2025, 1, 2))
    sent(
        associated(household, broker, received_on=dt.date(2025, 3, 1)),
        enrollment,
        on=dt.date(2025, 4, 2),
    )
    proposal = triage(claim_about(broker=broker, carrier=carrier))
    assert (proposal.internal_code, proposal.broker_code) == (
        "NOT_CURRENT_YEAR",
        "NOT_CURRENT_YEAR",
    )


def test_an_enrolled_consumer_without_an_association_is_no_association(broker, carrier):
    enrolled(consumer(), carrier)
    proposal = triage(claim_about(broker=broker, carrier=carrier))
    assert (proposal.internal_code, proposal.broker_code) == (
        "ENROLLED_NO_ASSOCIATION",
        "NO_ASSOCIATION",
    )
    assert proposal.broker_explanation == NO_ASSOCIATION_TEXT


def test_another_brokers_consumer_is_no_association_and_staff_see_the_other_npn(broker, carrier):
    household = consumer()
    other = BrokerFactory(npn="7654321")
    sent(associated(household, other), enrolled(household, carrier), on=dt.date(2026, 10, 14))
    proposal = triage(claim_about(broker=broker, carrier=carrier))
    assert (proposal.internal_code, proposal.broker_code) == (
        "AOR_WITH_OTHER_BROKER",
        "NO_ASSOCIATION",
    )
    assert "7654321" in proposal.staff_reason
    assert "7654321" not in proposal.broker_explanation


def test_a_claim_about_nobody_known_is_no_association(broker, carrier):
    proposal = triage(claim_about(broker=broker, carrier=carrier))
    assert (proposal.internal_code, proposal.broker_code) == (
        "NO_MATCHING_ENROLLMENT",
        "NO_ASSOCIATION",
    )
    assert Candidate.objects.count() == 0


def test_two_people_alike_need_more_information(broker, carrier):
    for _ in range(2):
        enrolled(consumer(), carrier)
    proposal = triage(claim_about(broker=broker, carrier=carrier))
    assert (proposal.internal_code, proposal.broker_code) == ("NEEDS_INFO", "NEEDS_INFO")
    assert "case number" in proposal.broker_explanation
    assert proposal.household is None
    assert Candidate.objects.filter(claim=proposal.claim).count() == 2


def test_a_previous_last_name_on_file_finds_the_household(broker, carrier):
    household = consumer(last="Okonkwo", previous_last_names="Quintanilla|Reyes")
    enrolled(household, carrier)
    proposal = triage(claim_about(broker=broker, carrier=carrier))
    assert proposal.household == household
    assert any(r["code"] == "last_previous" for r in proposal.reasons)


def test_candidates_are_recorded_best_first_with_reasons_and_the_carrier_enrollment(
    broker, carrier
):
    household = consumer()
    enrollment = enrolled(household, carrier)
    consumer(first="Teodoro", last="Vasquez-Lind")
    claim = claim_about(broker=broker, carrier=carrier)
    triage(claim)
    first, second = Candidate.objects.filter(claim=claim)
    assert (first.rank, first.household, first.enrollment) == (1, household, enrollment)
    assert first.score > second.score
    assert {"code": "first_exact", "text": "first name exact"} in first.reasons


def test_triage_again_replaces_the_candidates_and_the_proposal(broker, carrier):
    household = consumer()
    claim = claim_about(broker=broker, carrier=carrier)
    triage(claim)
    enrolled(household, carrier)
    proposal = triage(claim)
    assert proposal.internal_code == "ENROLLED_NO_ASSOCIATION"
    assert Proposal.objects.filter(claim=claim).count() == 1
    assert Candidate.objects.filter(claim=claim).count() == 1


def test_a_decided_claim_is_not_triaged_again(broker, carrier):
    claim = claim_about(broker=broker, carrier=carrier, status="decided")
    with pytest.raises(TransitionError):
        triage(claim)


def test_confident_proposals_wait_for_a_person_by_default(broker, carrier):
    enrolled(consumer(), carrier)
    claim = claim_about(broker=broker, carrier=carrier)
    proposal = triage(claim)
    claim.refresh_from_db()
    assert proposal.confident and claim.status == "new"
    assert not Decision.objects.exists()


def test_with_auto_decide_a_confident_proposal_is_the_systems_audited_decision(
    broker, carrier, settings
):
    from aordesk.core.models import AuditEvent

    settings.REVIEW_AUTO_DECIDE = True
    enrolled(consumer(), carrier)
    claim = claim_about(broker=broker, carrier=carrier)
    triage(claim)
    claim.refresh_from_db()
    decision = Decision.objects.get(claim=claim)
    assert claim.status == "decided"
    assert (decision.automatic, decision.reviewer, decision.internal_code) == (
        True,
        None,
        "ENROLLED_NO_ASSOCIATION",
    )
    event = AuditEvent.objects.get(action="claim.decide", object_id=str(claim.pk))
    assert (event.actor_label, event.source, event.detail["automatic"]) == (
        "system:review",
        "system",
        True,
    )


def test_auto_decide_leaves_doubtful_proposals_to_a_person(broker, carrier, settings):
    settings.REVIEW_AUTO_DECIDE = True
    for _ in range(2):
        enrolled(consumer(), carrier)
    claim = claim_about(broker=broker, carrier=carrier)
    triage(claim)
    claim.refresh_from_db()
    assert claim.status == "new"


def test_triage_pending_takes_new_claims_without_a_proposal_and_counts_them(broker, carrier):
    enrolled(consumer(), carrier)
    done = claim_about(broker=broker, carrier=carrier)
    triage(done)
    claim_about(broker=broker, carrier=carrier)
    claim_about(broker=broker, carrier=carrier, first="Nadia", last="Ferreira-Holm")
    counts = claims_triage_pending(actor=ACTOR, today=TODAY)
    assert counts == {"triaged": 2, "auto_decided": 0, "skipped": 0, "NO_ASSOCIATION": 2}
    assert claims_triage_pending(actor=ACTOR, today=TODAY)["triaged"] == 0


def test_triage_pending_stops_at_the_limit_oldest_first(broker, carrier):
    first = claim_about(broker=broker, carrier=carrier)
    claim_about(broker=broker, carrier=carrier)
    assert claims_triage_pending(actor=ACTOR, limit=1, today=TODAY)["triaged"] == 1
    assert Proposal.objects.get().claim == first


def test_no_association_reads_the_same_whoever_the_consumer_is(broker, carrier):
    """Another broker's consumer, an enrolled consumer with no AOR, and nobody: the broker
    sees byte-identical rows apart from the names they typed."""
    other = consumer(first="Ingrid", last="Baptiste")
    sent(associated(other, BrokerFactory()), enrolled(other, carrier), on=dt.date(2026, 10, 14))
    enrolled(consumer(first="Haruto", last="Lindqvist"), carrier)
    names = [("Ingrid", "Baptiste"), ("Haruto", "Lindqvist"), ("Zephyrine", "Abernathy")]
    claims = [
        claim_about(broker=broker, carrier=carrier, first=first, last=last, row__row_number=2)
        for first, last in names
    ]
    codes = {triage(claim).internal_code for claim in claims}
    assert codes == {"AOR_WITH_OTHER_BROKER", "ENROLLED_NO_ASSOCIATION", "NO_MATCHING_ENROLLMENT"}
    rows = [claim_broker_row(claim=claim) for claim in claims]
    for (first, last), row in zip(names, rows, strict=True):
        assert (row.pop("first_name"), row.pop("last_name")) == (first, last)
    assert rows[0] == rows[1] == rows[2]
    assert rows[0]["determination"] == "NO_ASSOCIATION"
