"""The conversation in a real browser: a broker asks a question by replying to their report
message; staff find it in the inbox and answer it in the thread; the broker reads the
answer; and the dashboard's overdue count moves once the clock passes 2 business days."""

import os
from contextlib import contextmanager

import pytest
from django.db import connections

from aordesk.core.business_days import add_business_days
from aordesk.core.dates import business_today
from aordesk.dashboard import views as dashboard_views
from aordesk.messaging import views as messaging_views
from aordesk.messaging.models import Thread
from tests.accounts.factories import PASSWORD, BrokerUserFactory, UserFactory, totp_code, with_totp
from tests.messaging.factories import MessageFactory
from tests.portal.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]
QUESTION = "Why is the Quist household missing from my October report?"
ANSWER = "Its AOR reached us after the October send date; it is on your November report."


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clock(monkeypatch):
    """The business date the staff pages count ages to; a test moves it forward."""
    now = {"today": business_today()}
    for module in (dashboard_views, messaging_views):
        monkeypatch.setattr(module, "business_today", lambda: now["today"])
    return now


@contextmanager
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
            connections.close_all()


def sign_in(page, url, user, secret):
    page.goto(url)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()


def test_a_broker_question_is_found_answered_and_read_and_counted_overdue_after_two_days(
    live_server, clock
):
    broker_user, staff = BrokerUserFactory(), UserFactory()
    broker_secret, staff_secret = with_totp(broker_user), with_totp(staff)
    report = MessageFactory(broker=broker_user.broker, subject="AOR report for October 2026")
    report_url = f"{live_server.url}/messages/{report.pk}/"

    with browser() as chromium:
        broker = chromium.new_context().new_page()
        sign_in(broker, report_url, broker_user, broker_secret)
        broker.get_by_role("heading", name="AOR report for October 2026").wait_for()
        broker.get_by_label("Your reply").fill(QUESTION)
        broker.get_by_role("button", name="Send reply").click()
        broker.get_by_text("Your reply was received.").wait_for()

        desk = chromium.new_context().new_page()
        sign_in(desk, f"{live_server.url}/staff/dashboard/", staff, staff_secret)
        desk.locator("#inbox-awaiting").wait_for()
        assert desk.locator("#inbox-awaiting").inner_text() == "1"
        assert desk.locator("#inbox-overdue").inner_text() == "0"

        clock["today"] = add_business_days(clock["today"], 2)
        desk.reload()
        assert desk.locator("#inbox-overdue").inner_text() == "0"
        clock["today"] = add_business_days(clock["today"], 1)
        desk.reload()
        assert desk.locator("#inbox-overdue").inner_text() == "1"

        desk.goto(f"{live_server.url}/staff/messages/")
        desk.get_by_role("heading", name="Broker Team inbox").wait_for()
        assert "overdue 3 of 2 business days" in desk.locator("tbody").inner_text().lower()
        desk.get_by_role("link", name="AOR report for October 2026").click()
        desk.get_by_text(QUESTION).wait_for()
        desk.get_by_role("button", name="Take this thread").click()
        desk.get_by_text("You have taken this thread.").wait_for()
        desk.get_by_label("Your answer").fill(ANSWER)
        desk.get_by_role("button", name="Send answer").click()
        desk.get_by_text("Answer sent").wait_for()

        desk.goto(f"{live_server.url}/staff/dashboard/")
        assert desk.locator("#inbox-awaiting").inner_text() == "0"
        assert desk.locator("#inbox-overdue").inner_text() == "0"

        broker.reload()
        broker.get_by_text(ANSWER).wait_for()
        conversation = broker.locator("ol.thread").inner_text()
        assert conversation.index(QUESTION) < conversation.index(ANSWER)
        assert conversation.index("You") < conversation.rindex("Broker Team")

    thread = Thread.objects.get()
    assert thread.status == Thread.Status.ANSWERED and thread.assignee == staff
