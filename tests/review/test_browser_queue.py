"""A reviewer signs in with password and TOTP in a real browser, takes the next claim from
the queue, confirms the proposal, and sees the claim decided; the broker then downloads the
determination file that decision completed."""

import datetime as dt
import hashlib

import pytest
from django.core.management import call_command

from aordesk.core.audit import Actor
from aordesk.review.models import Decision, DeterminationFile
from aordesk.review.services import claim_triage
from aordesk.workbooks.determination import DETERMINATIONS_SHEET
from tests.accounts.factories import (
    PASSWORD,
    BrokerUserFactory,
    UserFactory,
    totp_code,
    with_totp,
)
from tests.brokers.factories import BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.portal.test_browser import CHROMIUM, chromium_page
from tests.review.factories import TODAY, associated, claim_about, consumer, enrolled, sent
from tests.workbooks.readback import calamine_rows

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_a_reviewer_takes_the_next_claim_confirms_it_and_sees_it_decided(live_server):
    reviewer = UserFactory()
    secret = with_totp(reviewer)
    broker, carrier = BrokerFactory(), CarrierFactory(display_name="Blue Plan")
    household = consumer()
    sent(associated(household, broker), enrolled(household, carrier), on=dt.date(2026, 11, 4))
    claim = claim_about(broker=broker, carrier=carrier)
    # Triaged on the factories' business date, so the proposal does not depend on today.
    claim_triage(claim=claim, actor=Actor.system("test"), today=TODAY)

    with chromium_page() as page:
        page.goto(f"{live_server.url}/staff/review/")
        page.get_by_label("Username").fill(reviewer.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.get_by_label("Code").fill(totp_code(secret))
        page.get_by_role("button", name="Sign In").click()

        page.get_by_role("heading", name="Review queue").wait_for()
        page.get_by_role("button", name="Take next claim").click()
        page.get_by_role("heading", name=f"Claim #{claim.pk}").wait_for()
        assert page.get_by_test_id("proposal-code").inner_text() == "SENT"
        page.get_by_role("button", name="Confirm SENT").click()

        page.get_by_text("Decided: the proposal was confirmed.").wait_for()
        status = page.get_by_test_id("claim-status").inner_text()

    assert status.lower() == "decided"
    decision = Decision.objects.get(claim=claim, is_current=True)
    assert (decision.internal_code, decision.reviewer_id) == ("SENT", reviewer.pk)


def test_the_broker_gets_the_determination_file_of_the_claim_a_reviewer_confirmed(
    live_server, tmp_path
):
    reviewer, broker_user = UserFactory(), BrokerUserFactory()
    reviewer_secret, broker_secret = with_totp(reviewer), with_totp(broker_user)
    broker, carrier = broker_user.broker, CarrierFactory(display_name="Blue Plan")
    household = consumer()
    sent(associated(household, broker), enrolled(household, carrier), on=dt.date(2026, 11, 4))
    claim = claim_about(broker=broker, carrier=carrier)
    claim_triage(claim=claim, actor=Actor.system("test"), today=TODAY)

    with chromium_page() as page:
        sign_in(page, f"{live_server.url}/staff/review/", reviewer.username, reviewer_secret)
        page.get_by_role("button", name="Take next claim").click()
        page.get_by_role("button", name="Confirm SENT").click()
        page.get_by_text("Decided: the proposal was confirmed.").wait_for()

    # The decision queued the file; a worker sends it (what `aordesk worker` runs).
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    sent_file = DeterminationFile.objects.select_related("message", "artifact").get()

    with chromium_page() as page:
        sign_in(page, f"{live_server.url}/messages/", broker_user.username, broker_secret)
        page.get_by_role("link", name=sent_file.message.subject).click()
        with page.expect_download() as download_info:
            name = f"Download {sent_file.artifact.filename}"
            page.get_by_role("link", name=name).click()
        saved = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(saved)

    assert hashlib.sha256(saved.read_bytes()).hexdigest() == sent_file.artifact.sha256
    row = calamine_rows(saved, DETERMINATIONS_SHEET)[1]
    assert (row[2], row[7]) == (claim.first_name, "SENT")


def sign_in(page, url: str, username: str, secret: str) -> None:
    page.goto(url)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
