"""Staff flows in a real browser: the broker directory, audit search, the monthly cycle
started from the web and built by the worker, and the review queue by keyboard alone."""

import pytest
from django.core.management import call_command

from aordesk.cycle.models import CycleUnit
from tests.accounts.factories import BrokerUserFactory, UserFactory, with_totp
from tests.audit.factories import consumer_with_reports, downloaded
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.carriers.factories import CarrierFactory
from tests.cycle.factories import OCTOBER, close_month, sent_line
from tests.portal.test_browser import CHROMIUM, chromium_page
from tests.review.factories import DOB, claim_about
from tests.review.test_browser_queue import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff():
    user = UserFactory()
    return user, with_totp(user)


def test_staff_find_a_broker_by_npn_and_open_the_broker_page(live_server, staff):
    wanted = BrokerFactory(
        npn="7310042",
        first_name="Ingrid",
        last_name="Halvorsen",
        agency=AgencyFactory(code="NSB", name="North Star Benefits"),
    )
    BrokerFactory(npn="7390001")

    with chromium_page() as page:
        sign_in(page, f"{live_server.url}/staff/brokers/", staff[0].username, staff[1])
        page.get_by_label("NPN").fill("7310042")
        page.get_by_role("button", name="Search").click()
        page.get_by_role("heading", name="1 broker found").wait_for()
        page.get_by_role("link", name="7310042").click()
        heading = page.get_by_role("heading", level=1)
        heading.wait_for()

        assert page.url.endswith(f"/staff/brokers/{wanted.pk}/")
        assert heading.inner_text().startswith("Ingrid Halvorsen")
        assert page.get_by_role("heading", name="Certification history").is_visible()


def test_staff_see_who_downloaded_a_consumers_report(live_server, staff):
    scene = consumer_with_reports(last="Vandersloot")
    downloaded(scene["reports"][1], BrokerUserFactory(broker=scene["broker"]))

    with chromium_page() as page:
        sign_in(page, f"{live_server.url}/staff/audit/consumer/", staff[0].username, staff[1])
        page.get_by_label("Last name").fill("Vandersloot")
        page.get_by_label("Date of birth").fill(DOB.isoformat())
        page.get_by_role("button", name="Search").click()
        page.get_by_role("heading", name=f"Case {scene['household'].case_number}").wait_for()
        downloads = page.locator(".audit-downloads li")

        assert downloads.count() == 1
        assert "from 192.0.2.10" in downloads.inner_text()


def test_staff_start_a_closed_month_and_see_the_units_the_worker_built(live_server, staff):
    sent_line(broker=BrokerFactory(), sent_on=OCTOBER.replace(day=3))
    close_month(OCTOBER)
    url = f"{live_server.url}/staff/cycle/?month=2026-10"

    with chromium_page() as page:
        sign_in(page, url, staff[0].username, staff[1])
        page.get_by_text("No cycle has been started for 2026-10.").wait_for()
        page.get_by_role("button", name="Start the cycle").click()
        page.get_by_text("The cycle for 2026-10 is queued").wait_for()

        call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
        page.goto(url)
        built = page.get_by_role("table", name="Units of the 2026-10 cycle").locator("tbody td")

        assert built.all_inner_texts() == ["0", "0", "1", "0"]
    assert CycleUnit.objects.get().status == CycleUnit.Status.BUILT


def test_a_reviewer_takes_the_next_claim_with_the_keyboard_alone(live_server, staff):
    claim = claim_about(broker=BrokerFactory(), carrier=CarrierFactory())

    with chromium_page() as page:
        sign_in(page, f"{live_server.url}/staff/review/", staff[0].username, staff[1])
        page.get_by_role("heading", name="Review queue").wait_for()
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == "Take next claim":
                break
        else:
            pytest.fail("Tab never reached the Take next claim button")
        page.keyboard.press("Enter")

        page.get_by_role("heading", name=f"Claim #{claim.pk}").wait_for()
