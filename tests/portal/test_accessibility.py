"""The main pages pass axe-core's checks with no serious or critical violation, break no rule
of the content security policy, and the skip link takes keyboard users to the content."""

import datetime as dt
from pathlib import Path

import pytest

from aordesk.core.audit import Actor
from aordesk.incidents.services import incident_open
from aordesk.review.services import claim_take_next, claim_triage
from tests.accounts.factories import PASSWORD, BrokerUserFactory, UserFactory, totp_code, with_totp
from tests.carriers.factories import CarrierFactory
from tests.incidents.factories import october_report
from tests.messaging.factories import AttachmentFactory, MessageFactory
from tests.portal.test_browser import CHROMIUM, chromium_page
from tests.review.factories import TODAY, associated, claim_about, consumer, enrolled, sent

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ACTOR = Actor.system("test")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="needs axe-core from npm: run `make install`"),
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _violations(page) -> list[str]:
    # Evaluated through the devtools protocol, so the page's policy does not block it.
    page.evaluate(AXE.read_text())
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{page.url}: {v['id']} ({v['impact']}) at {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _sign_in(page, url: str, user, secret: str) -> list[str]:
    """Signs in from `url`, checking the password and TOTP pages on the way."""
    page.goto(url)
    found = _violations(page)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").wait_for()
    found += _violations(page)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    return found


def _csp_refusals(page) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return refused


def _review_case(reviewer):
    broker_user = BrokerUserFactory()
    household = consumer()
    plan = CarrierFactory()
    sent(
        associated(household, broker_user.broker),
        enrolled(household, plan),
        on=dt.date(2026, 11, 4),
    )
    claim = claim_about(broker=broker_user.broker, carrier=plan)
    claim_triage(claim=claim, actor=ACTOR, today=TODAY)
    claim_take_next(reviewer=reviewer, actor=ACTOR, today=TODAY)
    return claim


def test_the_broker_pages_have_no_serious_accessibility_violation(live_server):
    user = BrokerUserFactory()
    secret = with_totp(user)
    message = AttachmentFactory(message=MessageFactory(broker=user.broker)).message

    with chromium_page() as page:
        refused = _csp_refusals(page)
        found = _sign_in(page, f"{live_server.url}/messages/", user, secret)
        page.get_by_role("heading", level=1).wait_for()
        found += _violations(page)
        page.goto(f"{live_server.url}/messages/{message.pk}/")
        found += _violations(page)

    assert found == []
    assert refused == []


def test_the_staff_pages_have_no_serious_accessibility_violation(live_server):
    staff = UserFactory()
    secret = with_totp(staff)
    claim = _review_case(staff)
    reported = october_report(consumers=1)
    incident_open(
        report=reported.report,
        enrollment_ids=[reported.enrollments[0].pk],
        reported_by=None,
        source="staff",
        note="Recorded for the accessibility check",
        actor=ACTOR,
    )

    with chromium_page() as page:
        refused = _csp_refusals(page)
        found = _sign_in(page, f"{live_server.url}/staff/review/", staff, secret)
        for path in ("/staff/review/", f"/staff/review/claims/{claim.pk}/", "/staff/incidents/"):
            page.goto(f"{live_server.url}{path}")
            found += _violations(page)

    assert found == []
    assert refused == []


def test_the_skip_link_moves_keyboard_focus_to_the_main_content(live_server):
    with chromium_page() as page:
        # Not the sign-in page: its cursor starts in the user name field (autofocus).
        page.goto(f"{live_server.url}/accounts/password/reset/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement.id === 'main-content'")
