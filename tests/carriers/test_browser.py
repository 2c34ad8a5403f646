"""A staff user records a carrier's 999 on the carrier page, in a real browser, and the
page reads well at desktop and phone widths."""

import datetime as dt
import os
from pathlib import Path

import pytest

from aordesk.aor.models import AorTransmission
from aordesk.aor.services import aor_send
from aordesk.artifacts.storage import read_plaintext
from aordesk.core.audit import Actor
from aordesk.x12.validation import pyx12_999
from tests.accounts.factories import UserFactory, with_totp
from tests.aor.factories import pending_line
from tests.carriers.factories import CarrierFactory
from tests.portal.test_browser import CHROMIUM, chromium_page
from tests.review.test_browser_queue import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]
# Set to a folder to keep the screenshots (people look at them; tests check the text).
SHOTS = os.environ.get("AORDESK_TEST_SHOTS")


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_staff_upload_a_999_and_see_the_file_accepted(live_server, tmp_path, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    carrier = CarrierFactory(code="UCARE", display_name="UCare", x12=True)
    for _ in range(3):
        pending_line(carrier=carrier)
    aor_send(send_date=dt.date(2026, 10, 15), actor=Actor.system("test"))
    sent = AorTransmission.objects.get()
    answer = tmp_path / "ucare.999"
    answer.write_text(pyx12_999(read_plaintext(sent.artifact.relative_path).decode("ascii")))
    staff = UserFactory()
    secret = with_totp(staff)
    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        sign_in(page, f"{live_server.url}/staff/carriers/", staff.username, secret)
        page.get_by_role("link", name="UCare").click()
        shoot(page, "carrier-page-before")
        page.locator("input[type=file]").set_input_files(str(answer))
        page.get_by_role("button", name="Record the acknowledgement").click()
        page.get_by_text("AOR-UCARE-20261015-1: accepted.").wait_for()
        shoot(page, "carrier-page-1280")
        page.set_viewport_size({"width": 390, "height": 900})
        shoot(page, "carrier-page-390")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
    sent.refresh_from_db()
    assert sent.ack_status == "accepted"
