import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError, TransitionError
from aordesk.core.models import AuditEvent
from aordesk.messaging.models import Message
from aordesk.review.models import Assignment, Decision
from aordesk.review.selectors import (
    claim_case,
    info_request_for_message,
    queue_page,
    queue_rows,
)
from aordesk.review.services import (
    claim_decide,
    claim_info_received,
    claim_release,
    claim_reopen,
    claim_request_info,
    claim_take_next,
    claim_triage,
)
from tests.households.factories import EnrollmentFactory
from tests.intake.factories import SubmissionFactory
from tests.review.factories import (
    TODAY,
    StaffFactory,
    associated,
    claim_about,
    consumer,
    enrolled,
    sent,
)

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")


def take(reviewer):
    return claim_take_next(reviewer=reviewer, actor=ACTOR, today=TODAY)


def test_take_next_gives_claims_by_submission_position_then_row(broker, carrier, reviewer):
    early, late = SubmissionFactory(broker=broker), SubmissionFactory(broker=broker)
    second = claim_about(broker=broker, carrier=carrier, submission=late, row__ordinal=1)
    first_b = claim_about(broker=broker, carrier=carrier, submission=early, row__ordinal=2)
    first_a = claim_about(broker=broker, carrier=carrier, submission=early, row__ordinal=1)
    assert [take(reviewer) for _ in range(4)] == [first_a, first_b, second, None]


def test_taking_a_claim_assigns_it_triages_it_and_is_audited(broker, carrier, reviewer):
    claim = claim_about(broker=broker, carrier=carrier)
    taken = take(reviewer)
    assert taken == claim and taken.status == "in_review"
    assert Assignment.objects.get(claim=claim, ended_at=None).reviewer == reviewer
    assert claim_case(claim_id=claim.pk, today=TODAY).proposal is not None
    event = AuditEvent.objects.get(action="claim.take")
    assert event.detail == {"reviewer": reviewer.pk}


def test_only_staff_take_claims(broker, carrier):
    claim_about(broker=broker, carrier=carrier)
    with pytest.raises(ApplicationError, match="staff"):
        take(StaffFactory(role="broker", broker=broker))


def test_confirming_the_proposal_decides_the_claim_with_the_reviewer(broker, carrier, reviewer):
    enrolled(consumer(), carrier)
    claim = claim_about(broker=broker, carrier=carrier)
    take(reviewer)
    decision = claim_decide(
        claim=claim,
        reviewer=reviewer,
        internal_code="ENROLLED_NO_ASSOCIATION",
        note="",
        actor=ACTOR,
    )
    claim.refresh_from_db()
    assert claim.status == "decided"
    assert (decision.reviewer, decision.followed_proposal, decision.broker_code) == (
        reviewer,
        True,
        "NO_ASSOCIATION",
    )
    assert Assignment.objects.get(claim=claim).outcome == "decided"
    event = AuditEvent.objects.get(action="claim.decide")
    assert event.detail["reviewer"] == reviewer.pk


def test_choosing_another_code_needs_a_note(broker, carrier, reviewer):
    enrolled(consumer(), carrier)
    claim = claim_about(broker=broker, carrier=carrier)
    take(reviewer)
    with pytest.raises(ApplicationError, match="note"):
        claim_decide(
            claim=claim,
            reviewer=reviewer,
            internal_code="AOR_WITH_OTHER_BROKER",
            note="",
            actor=ACTOR,
        )
    decision = claim_decide(
        claim=claim,
        reviewer=reviewer,
        internal_code="AOR_WITH_OTHER_BROKER",
        note="paper form on file names another broker",
        actor=ACTOR,
    )
    assert (decision.followed_proposal, decision.broker_code) == (False, "NO_ASSOCIATION")


def test_a_positive_without_the_brokers_association_cannot_be_chosen(broker, carrier, reviewer):
    enrolled(consumer(), carrier)
    claim = claim_about(broker=broker, carrier=carrier)
    take(reviewer)
    refusal = "the proposed household has no active association of this broker"
    with pytest.raises(ApplicationError, match=refusal):
        claim_decide(claim=claim, reviewer=reviewer, internal_code="SENT", note="x", actor=ACTOR)


def test_held_may_be_chosen_when_the_page_lists_the_brokers_association(broker, carrier, reviewer):
    # Only a cancelled enrollment: triage proposes NO_MATCHING_ENROLLMENT, and says why in
    # the terms of the page; the broker's active association is listed, so HELD can be told.
    household = consumer()
    EnrollmentFactory(household=household, carrier=carrier, status="cancelled")
    associated(household, broker)
    claim = claim_about(broker=broker, carrier=carrier)
    take(reviewer)
    claim.refresh_from_db()
    assert "no enrollment at all" not in claim.proposal.staff_reason
    assert "only cancelled enrollment(s)" in claim.proposal.staff_reason
    decision = claim_decide(
        claim=claim, reviewer=reviewer, internal_code="HELD", note="enrollment re-sent", actor=ACTOR
    )
    assert decision.broker_code == "HELD"
    assert "received by electronic form on 09/03/2026" in decision.broker_explanation


def test_a_reviewer_may_choose_on_report_over_sent_with_the_evidence_found(
    broker, carrier, reviewer
):
    household = consumer()
    sent(associated(household, broker), enrolled(household, carrier), on=dt.date(2026, 11, 4))
    claim = claim_about(broker=broker, carrier=carrier)
    take(reviewer)
    decision = claim_decide(
        claim=claim, reviewer=reviewer, internal_code="ON_REPORT", note="report resent", actor=ACTOR
    )
    assert decision.broker_explanation == (
        "This consumer is on your AOR report for November 2026, Date Sent 11/04/2026."
    )


def test_only_the_assigned_reviewer_decides(broker, carrier, reviewer):
    claim = claim_about(broker=broker, carrier=carrier)
    take(reviewer)
    with pytest.raises(ApplicationError, match="not assigned to you"):
        claim_decide(
            claim=claim,
            reviewer=StaffFactory(),
            internal_code="NO_MATCHING_ENROLLMENT",
            note="",
            actor=ACTOR,
        )


def test_a_new_claim_cannot_be_decided_before_it_is_taken(broker, carrier, reviewer):
    claim = claim_about(broker=broker, carrier=carrier)
    claim_triage(claim=claim, actor=ACTOR, today=TODAY)
    with pytest.raises(ApplicationError):
        claim_decide(
            claim=claim,
            reviewer=reviewer,
            internal_code="NO_MATCHING_ENROLLMENT",
            note="",
            actor=ACTOR,
        )


def test_asking_for_more_posts_what_is_needed_and_waits_for_the_broker(broker, carrier, reviewer):
    claim = claim_about(broker=broker, carrier=carrier, row__row_number=7)
    take(reviewer)
    request = claim_request_info(
        claim=claim, reviewer=reviewer, needed="the consumer's case number", actor=ACTOR
    )
    claim.refresh_from_db()
    assert claim.status == "awaiting_broker"
    message = request.message
    assert (message.broker, message.kind) == (broker, Message.Kind.REQUEST_FOR_INFORMATION)
    assert "What we need: the consumer's case number" in message.body
    assert "Marisol Quintanilla, date of birth 03/17/1984" in message.body
    assert "row 7" in message.body
    assert info_request_for_message(message_id=message.pk) == request
    assert Assignment.objects.get(claim=claim).outcome == "info_requested"


def test_a_request_names_the_submission_and_its_chicago_date_and_never_the_file_name(
    broker, carrier, reviewer
):
    # 02:59 UTC on December 4 is 8:59 PM Central on December 3.
    late = dt.datetime(2026, 12, 4, 2, 59, tzinfo=dt.UTC)
    messages = []
    for row_number in (4, 9):
        submission = SubmissionFactory(
            broker=broker, received_at=late, original_name="Marisol Quintanilla.xlsx"
        )
        claim = claim_about(
            broker=broker, carrier=carrier, submission=submission, row__row_number=row_number
        )
        take(reviewer)
        request = claim_request_info(claim=claim, reviewer=reviewer, needed="x", actor=ACTOR)
        message = request.message
        messages.append(message)
        assert "received 12/03/2026" in message.body and "12/04/2026" not in message.body
        assert f"submission {submission.pk}" in message.subject
        assert "12/03/2026" in message.subject
        assert "Quintanilla.xlsx" not in message.body + message.subject
    assert messages[0].subject != messages[1].subject


def test_our_records_never_reach_the_request_message(broker, carrier, reviewer):
    household = consumer(first="Marisol", last="Quintanilla-Strand", case_number="99887766")
    enrolled(household, carrier)
    consumer(first="Marisol", last="Quintanilla-Strand")
    claim = claim_about(broker=broker, carrier=carrier)
    take(reviewer)
    request = claim_request_info(
        claim=claim, reviewer=reviewer, needed="the case number", actor=ACTOR
    )
    assert "Strand" not in request.message.body
    assert "99887766" not in request.message.body


def test_an_answered_claim_returns_to_its_original_place_in_the_queue(broker, carrier, reviewer):
    early, late = SubmissionFactory(broker=broker), SubmissionFactory(broker=broker)
    asked = claim_about(broker=broker, carrier=carrier, submission=early)
    later = [claim_about(broker=broker, carrier=carrier, submission=late) for _ in range(2)]
    take(reviewer)
    claim_request_info(claim=asked, reviewer=reviewer, needed="case number", actor=ACTOR)
    assert take(reviewer) == later[0]
    claim_info_received(claim=asked, text="Case 12345", actor=ACTOR)
    asked.refresh_from_db()
    assert asked.status == "new"
    assert [row.claim_id for row in queue_rows(now=timezone.now(), status="new")] == [
        asked.pk,
        later[1].pk,
    ]
    assert take(reviewer) == asked
    assert asked.info_requests.get().answer == "Case 12345"


def test_an_answer_for_a_claim_not_waiting_is_refused(broker, carrier):
    claim = claim_about(broker=broker, carrier=carrier)
    with pytest.raises(TransitionError):
        claim_info_received(claim=claim, text="hello", actor=ACTOR)


def test_a_released_claim_goes_back_to_its_place(broker, carrier, reviewer):
    first = claim_about(broker=broker, carrier=carrier)
    claim_about(broker=broker, carrier=carrier)
    take(reviewer)
    claim_release(claim=first, reviewer=reviewer, actor=ACTOR)
    assert take(StaffFactory()) == first


def test_a_reopened_claim_decided_again_keeps_its_history(broker, carrier, reviewer):
    claim = claim_about(broker=broker, carrier=carrier)
    take(reviewer)
    code = "NO_MATCHING_ENROLLMENT"
    claim_decide(claim=claim, reviewer=reviewer, internal_code=code, note="", actor=ACTOR)
    claim_reopen(claim=claim, reason="broker sent the case number", actor=ACTOR)
    assert take(reviewer) == claim
    claim_decide(claim=claim, reviewer=reviewer, internal_code=code, note="", actor=ACTOR)
    first, second = Decision.objects.filter(claim=claim)
    assert (first.is_current, first.reopen_reason) == (False, "broker sent the case number")
    assert second.is_current


def test_the_database_keeps_one_current_decision_and_one_open_assignment(broker, carrier, reviewer):
    claim = claim_about(broker=broker, carrier=carrier)
    fields = {
        "claim": claim,
        "internal_code": "SENT",
        "broker_code": "SENT",
        "broker_explanation": "x",
        "followed_proposal": True,
        "reviewer": reviewer,
        "decided_by": "user",
        "decided_at": timezone.now(),
    }
    Decision.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(**fields)
    Assignment.objects.create(claim=claim, reviewer=reviewer, assigned_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(claim=claim, reviewer=reviewer, assigned_at=timezone.now())


def test_the_database_refuses_a_broker_code_that_tells_more_than_the_internal_one(
    broker, carrier, reviewer
):
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            claim=claim_about(broker=broker, carrier=carrier),
            internal_code="AOR_WITH_OTHER_BROKER",
            broker_code="SENT",
            broker_explanation="x",
            followed_proposal=True,
            reviewer=reviewer,
            decided_by="user",
            decided_at=timezone.now(),
        )


def test_the_queue_lists_age_status_and_codes_in_order(broker, carrier, reviewer):
    claim = claim_about(broker=broker, carrier=carrier)
    take(reviewer)
    (row,) = queue_rows(now=claim.submission.received_at + dt.timedelta(days=3, hours=1))
    assert (row.claim_id, row.status, row.age.days, row.reviewer_id) == (
        claim.pk,
        "in_review",
        3,
        reviewer.pk,
    )
    assert row.broker_code == "NO_ASSOCIATION"
    assert row.internal_code == "NO_MATCHING_ENROLLMENT"
    assert row.business_age == 3 and row.as_dict()["age_business_days"] == 3


def test_the_case_page_shows_candidates_side_by_side_with_their_evidence(broker, carrier, reviewer):
    household = consumer()
    sent(associated(household, broker), enrolled(household, carrier), on=dt.date(2026, 11, 4))
    other = consumer()
    enrolled(other, carrier)
    claim = claim_about(broker=broker, carrier=carrier)
    take(reviewer)
    case = claim_case(claim_id=claim.pk, today=TODAY)
    assert {c.household for c in case.candidates} == {household, other}
    mine = next(c for c in case.candidates if c.household == household)
    assert [a.is_this_broker for a in mine.evidence.associations] == [True]
    assert mine.evidence.lines_sent[0].sent_on == dt.date(2026, 11, 4)
    assert case.proposal.internal_code == "NEEDS_INFO"
    assert case.written == claim.row.raw


def test_a_queue_page_holds_the_claims_of_its_place_in_first_in_first_out_order(broker, carrier):
    early, late = SubmissionFactory(broker=broker), SubmissionFactory(broker=broker)
    # Created late first: ids alone would give the wrong order.
    second = [claim_about(broker=broker, carrier=carrier, submission=late) for _ in range(2)]
    first = [claim_about(broker=broker, carrier=carrier, submission=early) for _ in range(3)]
    page = queue_page(number=2, per_page=2)
    assert page.paginator.count == 5
    assert [claim.pk for claim in page] == [first[2].pk, second[0].pk]
    assert page.has_next() and page.has_previous()
