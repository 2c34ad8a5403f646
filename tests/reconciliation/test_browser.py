"""The roster pages in a real browser: staff upload a roster and resend from the work list;
the broker's desk shows the notice. Screenshots at 1280 and 390 px go to AORDESK_SHOTS."""

import os
from pathlib import Path

import pytest

from aordesk.reconciliation.models import Mismatch
from tests.accounts.factories import BrokerUserFactory, UserFactory, with_totp
from tests.portal.test_browser import CHROMIUM, chromium_page
from tests.reconciliation.rosters import roster_csv
from tests.review.test_browser_queue import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]
SHOTS = os.environ.get("AORDESK_SHOTS", "")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _shoot(page, name: str) -> None:
    if not SHOTS:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_staff_upload_a_roster_resend_and_the_broker_sees_the_notice(live_server, world, tmp_path):
    staff = UserFactory()
    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, f"{live_server.url}/staff/reconciliation/", staff.username, with_totp(staff))
        page.get_by_label("Carrier", exact=True).select_option(label=world["carrier"].display_name)
        page.set_input_files("input[type=file]", str(roster_csv(tmp_path)))
        page.get_by_role("button", name="Compare the roster").click()
        page.get_by_role("link", name="Work the mismatches").wait_for()
        _shoot(page, "roster")
        page.get_by_role("link", name="Work the mismatches").click()
        page.get_by_role("heading", name="Roster mismatches").wait_for()
        _shoot(page, "work-list")
        lacks = Mismatch.objects.get(kind=Mismatch.Kind.LACKS_AOR)
        page.locator(f"#note-{lacks.pk}").fill("Carrier lost it")
        page.locator(f"form:has(#note-{lacks.pk})").get_by_role(
            "button", name="Resend in next file"
        ).click()
        page.get_by_text("The AOR goes again in the carrier's next file.").wait_for()
        page.goto(f"{live_server.url}/staff/dashboard/")
        page.get_by_role("heading", name="Carrier roster match rate").wait_for()
    lacks.refresh_from_db()
    assert lacks.status == Mismatch.Status.RESEND and lacks.note == "Carrier lost it"

    broker = BrokerUserFactory(broker=world["ours"])
    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, f"{live_server.url}/desk/", broker.username, with_totp(broker))
        notice = page.get_by_role("heading", name="does not show you as agent of record")
        notice.wait_for()
        assert "for 1 consumer whose AOR we sent; we are resending" in notice.inner_text()
        _shoot(page, "desk-notice")
