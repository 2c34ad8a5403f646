"""The review pages: who may open them, and what each action does to a claim."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aordesk.core.audit import Actor
from aordesk.core.models import AuditEvent
from aordesk.intake.models import Claim
from aordesk.review.models import Assignment, Decision, InfoRequest
from aordesk.review.services import claim_decide, claim_take_next, claim_triage
from tests.accounts.factories import AgencyAdminFactory, BrokerUserFactory, UserFactory, with_totp
from tests.intake.factories import SubmissionFactory
from tests.review.factories import TODAY, associated, claim_about, consumer, enrolled, sent

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reviewer():
    user = UserFactory()
    with_totp(user)
    return user


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return login


@pytest.fixture
def sent_claim(broker, carrier):
    """A claim triaged (on the factories' business date) to SENT."""
    household = consumer()
    sent(associated(household, broker), enrolled(household, carrier), on=dt.date(2026, 11, 4))
    claim = claim_about(broker=broker, carrier=carrier)
    claim_triage(claim=claim, actor=ACTOR, today=TODAY)
    return claim


@pytest.fixture
def taken(sent_claim, reviewer):
    claim_take_next(reviewer=reviewer, actor=ACTOR, today=TODAY)
    sent_claim.refresh_from_db()
    return sent_claim


def url(name, claim=None):
    return reverse(f"review:{name}", args=[claim.pk] if claim else [])


PAGES = [
    ("queue", "get", False),
    ("take_next", "post", False),
    ("case", "get", True),
    ("confirm", "post", True),
    ("override", "post", True),
    ("request_info", "post", True),
    ("release", "post", True),
    ("reopen", "post", True),
]


@pytest.mark.parametrize(("name", "method", "per_claim"), PAGES)
@pytest.mark.parametrize("make_user", [BrokerUserFactory, AgencyAdminFactory])
def test_brokers_and_agency_admins_get_an_audited_not_found(
    as_user, sent_claim, name, method, per_claim, make_user
):
    user = make_user()
    with_totp(user)
    client = as_user(user)
    response = getattr(client, method)(url(name, sent_claim if per_claim else None))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(outcome="denied", object_type="page").count() == 1
    sent_claim.refresh_from_db()
    assert sent_claim.status == Claim.Status.NEW


@pytest.mark.parametrize(("name", "method", "per_claim"), PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, sent_claim, name, method, per_claim):
    response = getattr(client, method)(url(name, sent_claim if per_claim else None))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_queue_lists_claims_in_queue_order_with_codes_and_reviewer(
    as_user, reviewer, broker, carrier, taken
):
    later = claim_about(broker=broker, carrier=carrier, first="Ansel", last="Brightwater")
    response = as_user(reviewer).get(url("queue"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.claim_id for row, _ in rows] == [taken.pk, later.pk]
    first = rows[0][0]
    assert (first.status, first.broker_code, first.internal_code) == ("in_review", "SENT", "SENT")
    body = response.content.decode()
    assert reviewer.username in body and broker.npn in body


def test_the_queue_filters_by_status_and_submission(as_user, reviewer, broker, carrier, taken):
    other = claim_about(broker=broker, carrier=carrier, submission=SubmissionFactory(broker=broker))
    client = as_user(reviewer)
    by_status = client.get(url("queue"), {"status": "new"}).context["rows"]
    assert [row.claim_id for row, _ in by_status] == [other.pk]
    by_submission = client.get(url("queue"), {"submission": taken.submission_id}).context["rows"]
    assert [row.claim_id for row, _ in by_submission] == [taken.pk]


def test_the_queue_pages_through_many_claims(as_user, reviewer, broker, carrier, settings):
    submission = SubmissionFactory(broker=broker)
    for _ in range(52):
        claim_about(broker=broker, carrier=carrier, submission=submission)
    response = as_user(reviewer).get(url("queue"), {"status": "new", "page": 2})
    assert len(response.context["rows"]) == 2
    assert "Page 2 of 2" in response.content.decode()


def test_take_next_gives_the_oldest_claim_and_opens_its_case(as_user, reviewer, sent_claim):
    response = as_user(reviewer).post(url("take_next"))
    assert response.status_code == 302
    assert response["Location"] == url("case", sent_claim)
    assert Assignment.objects.get(claim=sent_claim, ended_at=None).reviewer == reviewer
    event = AuditEvent.objects.get(action="claim.take")
    assert event.actor_label == f"user:{reviewer.pk}"


def test_take_next_on_an_empty_queue_says_so(as_user, reviewer):
    response = as_user(reviewer).post(url("take_next"), follow=True)
    assert response.redirect_chain == [(url("queue"), 302)]
    assert "The queue is empty" in response.content.decode()


def test_the_case_page_shows_the_claim_candidates_and_proposal(as_user, reviewer, taken):
    response = as_user(reviewer).get(url("case", taken))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Marisol" in body and f"row {taken.row.row_number}" in body
    assert "Blue Plan" in body and "11/04/2026" in body  # carrier named, sent date shown
    assert response.context["case"].proposal.broker_explanation in body
    assert 'action="' + url("confirm", taken) + '"' in body


def test_confirming_decides_the_proposal_with_the_reviewer(as_user, reviewer, taken):
    response = as_user(reviewer).post(url("confirm", taken), {"internal_code": "SENT"})
    assert response.status_code == 302
    decision = Decision.objects.get(claim=taken, is_current=True)
    assert (decision.internal_code, decision.reviewer, decision.followed_proposal) == (
        "SENT",
        reviewer,
        True,
    )
    assert AuditEvent.objects.get(action="claim.decide").actor_label == f"user:{reviewer.pk}"
    page = as_user(reviewer).get(response["Location"]).content.decode()
    assert "Decided" in page and "Reopen the claim" in page


def test_choosing_another_determination_needs_a_note(as_user, reviewer, taken):
    client = as_user(reviewer)
    refused = client.post(url("override", taken), {"internal_code": "AOR_WITH_OTHER_BROKER"})
    assert refused.status_code == 400
    assert "Say why you chose another determination." in refused.content.decode()
    assert not Decision.objects.filter(claim=taken).exists()

    note = {"internal_code": "AOR_WITH_OTHER_BROKER", "note": "Carrier confirmed another AOR."}
    assert client.post(url("override", taken), note).status_code == 302
    decision = Decision.objects.get(claim=taken)
    assert (decision.broker_code, decision.followed_proposal) == ("NO_ASSOCIATION", False)
    assert decision.note == "Carrier confirmed another AOR."


def test_a_service_refusal_shows_as_a_form_error(as_user, reviewer, broker, carrier):
    claim = claim_about(broker=broker, carrier=carrier)  # nobody: NO_MATCHING_ENROLLMENT
    claim_take_next(reviewer=reviewer, actor=ACTOR, today=TODAY)
    response = as_user(reviewer).post(
        url("override", claim), {"internal_code": "SENT", "note": "I saw the form."}
    )
    assert response.status_code == 400
    assert "no single household was found for this claim" in response.content.decode()


def test_a_claim_someone_else_holds_cannot_be_decided(as_user, reviewer, taken):
    other = UserFactory()
    with_totp(other)
    response = as_user(other).post(url("confirm", taken), {"internal_code": "SENT"})
    assert response.status_code == 400
    assert "not assigned to you" in response.content.decode()
    assert not Decision.objects.filter(claim=taken).exists()


def test_asking_for_more_information_sends_the_broker_a_message(as_user, reviewer, taken):
    response = as_user(reviewer).post(
        url("request_info", taken), {"needed": "The consumer's case number."}
    )
    assert response.status_code == 302
    taken.refresh_from_db()
    assert taken.status == Claim.Status.AWAITING_BROKER
    request = InfoRequest.objects.get(claim=taken)
    assert request.needed == "The consumer's case number."
    assert request.message.broker == taken.broker


def test_an_empty_information_request_is_refused(as_user, reviewer, taken):
    response = as_user(reviewer).post(url("request_info", taken), {"needed": ""})
    assert response.status_code == 400
    assert "Write what the broker needs to send." in response.content.decode()


def test_releasing_returns_the_claim_to_the_queue(as_user, reviewer, taken):
    response = as_user(reviewer).post(url("release", taken))
    assert response.status_code == 302
    taken.refresh_from_db()
    assert taken.status == Claim.Status.NEW
    assert Assignment.objects.get(claim=taken).outcome == Assignment.Outcome.RELEASED


def test_releasing_a_claim_twice_is_a_form_error_not_a_crash(as_user, reviewer, taken):
    client = as_user(reviewer)
    client.post(url("release", taken))
    response = client.post(url("release", taken))
    assert response.status_code == 400
    assert "not assigned to you" in response.content.decode()


def test_reopening_a_decided_claim_needs_a_reason(as_user, reviewer, taken):
    claim_decide(claim=taken, reviewer=reviewer, internal_code="SENT", note="", actor=ACTOR)
    client = as_user(reviewer)
    assert client.post(url("reopen", taken), {"reason": ""}).status_code == 400

    response = client.post(url("reopen", taken), {"reason": "The broker sent proof."})
    assert response.status_code == 302
    taken.refresh_from_db()
    assert taken.status == Claim.Status.NEW
    decision = Decision.objects.get(claim=taken)
    assert (decision.is_current, decision.reopen_reason) == (False, "The broker sent proof.")
    assert AuditEvent.objects.get(action="claim.reopen").actor_label == f"user:{reviewer.pk}"


def test_reopening_an_open_claim_is_a_form_error(as_user, reviewer, taken):
    response = as_user(reviewer).post(url("reopen", taken), {"reason": "Why not."})
    assert response.status_code == 400
    assert "Only a decided claim is reopened." in response.content.decode()
    taken.refresh_from_db()
    assert taken.status == Claim.Status.IN_REVIEW


def test_a_missing_claim_is_not_found(as_user, reviewer):
    assert as_user(reviewer).get(reverse("review:case", args=[999999])).status_code == 404


def test_the_queue_page_reads_a_fixed_number_of_queries_whatever_the_rows(
    as_user, reviewer, broker, carrier, django_assert_num_queries
):
    submission = SubmissionFactory(broker=broker)
    for _ in range(3):
        claim_about(broker=broker, carrier=carrier, submission=submission)
    client = as_user(reviewer)
    client.get(url("queue"))  # warm the session and the user
    with CaptureQueriesContext(connection) as few:
        client.get(url("queue"))
    for _ in range(20):
        claim_about(broker=broker, carrier=carrier, submission=submission)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url("queue"))


def test_only_staff_see_the_review_queue_in_the_navigation(as_user, reviewer):
    assert url("queue") in as_user(reviewer).get(reverse("portal:inbox")).content.decode()
    broker_user = BrokerUserFactory()
    with_totp(broker_user)
    page = as_user(broker_user).get(reverse("portal:inbox")).content.decode()
    assert url("queue") not in page


def test_the_case_page_is_never_cached_and_its_viewing_is_audited(as_user, reviewer, taken):
    response = as_user(reviewer).get(url("case", taken))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="claim.view")
    assert (event.actor, event.object_id) == (reviewer, str(taken.pk))
