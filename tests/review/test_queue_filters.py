"""The queue page built for throughput: open claims by default, filters, sorting, ages in
business days against the target, the "answered" marker, bulk confirm and take-next."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aordesk.core.audit import Actor
from aordesk.core.dates import CHICAGO
from aordesk.intake.models import Claim, Submission
from aordesk.review.queue_query import QueueQuery, queue_filtered
from aordesk.review.replies import info_request_answer
from aordesk.review.services import claim_request_info, claim_take_next
from tests.accounts.factories import BrokerUserFactory, UserFactory, with_totp
from tests.brokers.factories import BrokerFactory
from tests.intake.factories import SubmissionFactory
from tests.review.factories import TODAY, claim_about
from tests.review.test_bulk_confirm import confident_claim, doubtful_claim

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
def staff_client(client, reviewer):
    client.force_login(reviewer, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def received(claim: Claim, day: dt.date) -> None:
    moment = dt.datetime.combine(day, dt.time(9), tzinfo=CHICAGO)
    Submission.objects.filter(pk=claim.submission_id).update(received_at=moment)


def ids(**query) -> list[int]:
    return list(queue_filtered(query=QueueQuery(**query), today=TODAY).values_list("pk", flat=True))


def test_the_queue_shows_open_claims_unless_decided_ones_are_asked_for(broker, carrier, reviewer):
    decided, waiting = confident_claim(broker, carrier), doubtful_claim(broker, carrier)
    from aordesk.review.bulk import claims_confirm_confident

    claims_confirm_confident(claim_ids=[decided.pk], reviewer=reviewer, actor=ACTOR)
    assert ids() == [waiting.pk]
    assert ids(status="all") == [decided.pk, waiting.pk]
    assert ids(status="decided") == [decided.pk]


def test_age_bands_count_business_days_without_holidays(broker, carrier):
    # TODAY is Friday November 20 2026; Wednesday November 11 is Veterans Day.
    fresh, week, old = (claim_about(broker=broker, carrier=carrier) for _ in range(3))
    received(fresh, dt.date(2026, 11, 18))  # 2 business days
    received(week, dt.date(2026, 11, 12))  # 6 business days
    received(old, dt.date(2026, 11, 2))  # 13 business days (14 weekdays less Veterans Day)
    assert ids(age_band="0-2") == [fresh.pk]
    assert ids(age_band="3-5") == []
    assert ids(age_band="6-10") == [week.pk]
    assert ids(age_band=">10") == [old.pk]


def test_filters_by_broker_proposal_code_and_confident(broker, carrier):
    sure = confident_claim(broker, carrier)
    unsure = doubtful_claim(broker, carrier)
    other = claim_about(broker=BrokerFactory(last_name="Zukowski"), carrier=carrier)
    assert ids(broker=broker.npn) == [sure.pk, unsure.pk]
    assert ids(broker="zukowski") == [other.pk]
    assert ids(proposal_code="SENT") == [sure.pk]
    assert ids(confident=True) == [sure.pk]
    assert ids(confident=False) == [unsure.pk]


def test_sorting_by_age_puts_the_oldest_file_first(broker, carrier):
    first, second = (
        claim_about(broker=broker, carrier=carrier),
        claim_about(broker=broker, carrier=carrier),
    )
    received(first, dt.date(2026, 11, 19))
    received(second, dt.date(2026, 11, 3))
    assert ids() == [first.pk, second.pk]
    assert ids(sort="oldest") == [second.pk, first.pk]
    assert ids(sort="newest") == [first.pk, second.pk]


def answered_claim(broker, carrier, reviewer):
    claim = doubtful_claim(broker, carrier)
    claim_take_next(reviewer=reviewer, actor=ACTOR, today=TODAY)
    request = claim_request_info(claim=claim, reviewer=reviewer, needed="An address.", actor=ACTOR)
    user = BrokerUserFactory(broker=broker)
    upload = SimpleUploadedFile("proof.pdf", b"%PDF-1.4 synthetic proof")
    info_request_answer(
        message=request.message, body="12 Elm St.", upload=upload, actor=Actor.web(user)
    )
    claim.refresh_from_db()
    return claim


def test_an_answered_claim_is_marked_in_the_queue_and_can_be_filtered(
    staff_client, broker, carrier, reviewer
):
    claim = answered_claim(broker, carrier, reviewer)
    later = claim_about(broker=broker, carrier=carrier, submission=SubmissionFactory())
    assert claim.status == Claim.Status.NEW
    assert ids(answered=True) == [claim.pk]
    page = staff_client.get(reverse("review:queue"))
    assert [row.claim_id for row, _ in page.context["rows"]][:2] == [claim.pk, later.pk]
    assert page.content.decode().count('data-testid="answered"') == 1


def test_the_case_page_lists_the_broker_answer_with_its_file_and_offers_take_next(
    staff_client, broker, carrier, reviewer
):
    claim = answered_claim(broker, carrier, reviewer)
    page = staff_client.get(reverse("review:case", args=[claim.pk])).content.decode()
    assert "12 Elm St." in page and "Download proof.pdf" in page
    assert "Take next claim" in page


def test_the_queue_shows_ages_against_the_target(staff_client, broker, carrier, settings):
    settings.REVIEW_TARGET_BUSINESS_DAYS = 2
    claim = claim_about(broker=broker, carrier=carrier)
    received(claim, dt.date(2026, 11, 2))
    page = staff_client.get(reverse("review:queue")).content.decode()
    assert "over target" in page and '<span class="meta">(target 2)</span>' in page


def test_bulk_confirm_from_the_queue_page_decides_the_selected_and_says_what_it_skipped(
    staff_client, broker, carrier
):
    sure, unsure = confident_claim(broker, carrier), doubtful_claim(broker, carrier)
    page = staff_client.get(reverse("review:queue")).content.decode()
    assert f'value="{sure.pk}" id="select-{sure.pk}"' in page
    assert f'id="select-{unsure.pk}"' not in page
    response = staff_client.post(
        reverse("review:bulk_confirm"),
        {"claims": [sure.pk, unsure.pk], "back": "status=all"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("review:queue") + "?status=all"
    body = response.content.decode()
    assert "Confirmed 1 proposal(s)" in body
    assert f"Claim #{unsure.pk} was not confirmed" in body
    sure.refresh_from_db()
    assert sure.status == Claim.Status.DECIDED


def test_bulk_confirm_with_nothing_selected_says_so(staff_client):
    response = staff_client.post(reverse("review:bulk_confirm"), {}, follow=True)
    assert "Select the confident proposals to confirm." in response.content.decode()
