"""A broker signs in with password and TOTP in a real browser and downloads the report."""

import hashlib
import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connections

from tests.accounts.factories import PASSWORD, BrokerUserFactory, totp_code, with_totp
from tests.messaging.factories import AttachmentFactory, MessageFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


@contextmanager
def chromium_page(**context_options):
    # Playwright's sync API runs an event loop in this thread: Django must allow the
    # synchronous ORM calls made beside it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, **context_options)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
            # Playwright switches contexts under Django's per-context connections; close
            # them here, or PostgreSQL finds a stray session when it drops the test DB.
            connections.close_all()


def test_a_broker_signs_in_with_totp_and_downloads_the_report_intact(live_server):
    user = BrokerUserFactory()
    secret = with_totp(user)
    attachment = AttachmentFactory(message=MessageFactory(broker=user.broker))
    artifact, subject = attachment.artifact, attachment.message.subject
    message_url = f"{live_server.url}/messages/{attachment.message_id}/"

    with chromium_page() as page:
        page.goto(message_url)
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.get_by_label("Code").fill(totp_code(secret))
        page.get_by_role("button", name="Sign In").click()

        page.get_by_role("heading", name=subject).wait_for()
        with page.expect_download() as download_info:
            page.get_by_role("link", name=f"Download {artifact.filename}").click()
        download = download_info.value
        body = Path(download.path()).read_bytes()

    assert hashlib.sha256(body).hexdigest() == artifact.sha256
    assert download.suggested_filename == artifact.filename


def test_a_new_broker_sets_up_totp_after_reloading_the_page_and_fetching_the_favicon(
    live_server,
):
    user = BrokerUserFactory()
    with chromium_page() as page:
        page.goto(f"{live_server.url}/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.get_by_role("heading", name="Activate Authenticator App").wait_for()
        shown = page.get_by_label("Authenticator secret").input_value()
        # What tripped a real user: a reload and the browser's own favicon request.
        page.reload()
        favicon = page.request.get(f"{live_server.url}/favicon.ico")
        assert favicon.status == 200
        assert page.get_by_label("Authenticator secret").input_value() == shown
        assert page.evaluate("document.activeElement.name") == "code"
        page.get_by_label("Authenticator code").fill(totp_code(shown))
        page.get_by_role("button", name="Activate").click()
        page.get_by_role("heading", name="Recovery Codes").wait_for()
    assert user.authenticator_set.filter(type="totp").exists()
