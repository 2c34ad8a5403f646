"""A reviewer decides a claim (through the services); the broker signs in, opens the
determination message and downloads the determination workbook, intact."""

import hashlib
from pathlib import Path

import pytest

from aordesk.core.audit import Actor
from aordesk.review.determination_files import submission_determinations_send
from aordesk.workbooks.determination import DETERMINATIONS_SHEET
from tests.accounts.factories import PASSWORD, BrokerUserFactory, totp_code, with_totp
from tests.carriers.factories import CarrierFactory
from tests.portal.test_browser import CHROMIUM, chromium_page
from tests.review.factories import StaffFactory, claim_about, decide_next
from tests.workbooks.readback import calamine_rows

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


def test_a_broker_downloads_the_determination_file_once_their_claim_is_decided(
    live_server, tmp_path
):
    user = BrokerUserFactory()
    secret = with_totp(user)
    claim = claim_about(broker=user.broker, carrier=CarrierFactory(), first="Zephyrine")
    decide_next(StaffFactory())
    record = submission_determinations_send(submission=claim.submission, actor=Actor.system("test"))
    subject, artifact = record.message.subject, record.artifact

    with chromium_page() as page:
        page.goto(f"{live_server.url}/messages/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.get_by_label("Code").fill(totp_code(secret))
        page.get_by_role("button", name="Sign In").click()

        page.get_by_role("link", name=subject).click()
        page.get_by_role("heading", name=subject).wait_for()
        with page.expect_download() as download_info:
            page.get_by_role("link", name=f"Download {artifact.filename}").click()
        download = download_info.value
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)

    assert hashlib.sha256(saved.read_bytes()).hexdigest() == artifact.sha256
    assert saved.name == artifact.filename
    row = calamine_rows(Path(saved), DETERMINATIONS_SHEET)[1]
    assert row[2] == "Zephyrine" and row[7] == "NO_ASSOCIATION"
