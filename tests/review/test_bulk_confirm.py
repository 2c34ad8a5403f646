"""Bulk confirm: confident proposals selected on a queue page, each decided on its own."""

import datetime as dt

import pytest

from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError
from aordesk.core.models import AuditEvent
from aordesk.intake.models import Claim
from aordesk.review.bulk import claims_confirm_confident
from aordesk.review.models import Assignment, Decision, DeterminationFile
from aordesk.review.services import claim_take_next, claim_triage
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


def confident_claim(broker, carrier, *, first="Marisol", submission=None):
    household = consumer(first=first)
    sent(associated(household, broker), enrolled(household, carrier), on=dt.date(2026, 11, 4))
    claim = claim_about(broker=broker, carrier=carrier, first=first, submission=submission)
    proposal = claim_triage(claim=claim, actor=ACTOR, today=TODAY)
    assert proposal.confident
    return claim


def doubtful_claim(broker, carrier):
    claim = claim_about(broker=broker, carrier=carrier, first="Zed", last="Nobody")
    assert not claim_triage(claim=claim, actor=ACTOR, today=TODAY).confident
    return claim


def test_each_selected_confident_proposal_gets_its_own_audited_decision(broker, carrier, reviewer):
    claims = [confident_claim(broker, carrier, first=n) for n in ("Marisol", "Ansel", "Odile")]
    result = claims_confirm_confident(
        claim_ids=[c.pk for c in claims], reviewer=reviewer, actor=ACTOR
    )
    assert sorted(result.decided) == sorted(c.pk for c in claims) and result.skipped == []
    for claim in claims:
        claim.refresh_from_db()
        assert claim.status == Claim.Status.DECIDED
        decision = Decision.objects.get(claim=claim)
        assert decision.reviewer == reviewer and decision.followed_proposal
        assert not decision.automatic
        assignment = Assignment.objects.get(claim=claim)
        assert assignment.outcome == Assignment.Outcome.DECIDED
    decided = AuditEvent.objects.filter(action="claim.decide").values_list("object_id", flat=True)
    assert sorted(decided) == sorted(str(c.pk) for c in claims)


def test_a_doubtful_or_someone_elses_claim_is_left_alone_and_said_why(broker, carrier, reviewer):
    mine = confident_claim(broker, carrier)
    doubtful = doubtful_claim(broker, carrier)
    held = confident_claim(broker, carrier, first="Ansel")
    other = StaffFactory()
    # The other reviewer takes the oldest new claim: `mine` is first in the queue.
    assert claim_take_next(reviewer=other, actor=ACTOR, today=TODAY) == mine
    result = claims_confirm_confident(
        claim_ids=[mine.pk, doubtful.pk, held.pk], reviewer=reviewer, actor=ACTOR
    )
    assert result.decided == [held.pk]
    reasons = dict(result.skipped)
    assert reasons[mine.pk] == "another reviewer holds it"
    assert "not confident" in reasons[doubtful.pk]
    doubtful.refresh_from_db()
    assert doubtful.status == Claim.Status.NEW and not Assignment.objects.filter(claim=doubtful)


def test_a_claim_already_decided_is_not_decided_twice(broker, carrier, reviewer):
    claim = confident_claim(broker, carrier)
    claims_confirm_confident(claim_ids=[claim.pk], reviewer=reviewer, actor=ACTOR)
    again = claims_confirm_confident(claim_ids=[claim.pk, claim.pk], reviewer=reviewer, actor=ACTOR)
    assert again.decided == [] and again.skipped == [(claim.pk, "it is decided")]
    assert Decision.objects.filter(claim=claim).count() == 1


def test_a_determination_file_goes_out_once_the_submission_is_all_decided(
    broker, carrier, reviewer, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    submission = SubmissionFactory(broker=broker)
    claims = [
        confident_claim(broker, carrier, first=n, submission=submission) for n in ("Ada", "Bo")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        claims_confirm_confident(claim_ids=[c.pk for c in claims], reviewer=reviewer, actor=ACTOR)
    assert DeterminationFile.objects.filter(submission=submission).count() == 1


def test_nothing_selected_is_refused():
    with pytest.raises(ApplicationError, match="Select"):
        claims_confirm_confident(claim_ids=[], reviewer=StaffFactory(), actor=ACTOR)
