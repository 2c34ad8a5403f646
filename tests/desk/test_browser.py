"""A broker's day on the desk in a real browser, and an agency administrator's: the walk of
issue 15's "done when", with axe-core on every desk page and each page no wider than a
phone at 390 px."""

import csv
import io
import os
import zipfile
from pathlib import Path

import pytest

from tests.accounts.factories import PASSWORD, totp_code
from tests.carriers.factories import CarrierFactory
from tests.intake.corpus.workbooks import consumer, xlsx_write
from tests.portal.test_accessibility import AXE, _violations
from tests.portal.test_browser import CHROMIUM, chromium_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="needs axe-core from npm: run `make install`"),
]
SHOTS = os.environ.get("DESK_SCREENSHOTS")


def sign_in(page, base, user, secret):
    page.goto(base + "/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def check(page, name: str) -> list[str]:
    """axe-core's serious findings, and whether the page scrolls sideways at 390 px."""
    found = _violations(page)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            found.append(f"{page.url}: {wide}px wide at {width}px")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


def test_a_broker_walks_the_desk_and_an_administrator_downloads_the_month(
    live_server, desk, tmp_path
):
    CarrierFactory(code="BLUEPLUS", display_name="Blue Plus", legal_name="HMO Minnesota")
    returned = xlsx_write(tmp_path / "missing.xlsx", [consumer(1)])
    base, found = live_server.url, []
    with chromium_page() as page:
        sign_in(page, base, desk["users"]["broker_a"], desk["secrets"]["broker_a"])
        page.get_by_role("heading", name="Your desk").wait_for()
        assert page.url == base + "/desk/"
        found += check(page, "desk")

        page.get_by_role("link", name="See the rows").click()
        page.get_by_label("Search by name").fill("olsen")
        page.get_by_role("button", name="Apply").click()
        page.get_by_text("1 of 4 consumers match.").wait_for()
        found += check(page, "report")
        with page.expect_download() as info:
            page.get_by_role("link", name="Download these 1 rows as CSV").click()
        body = Path(info.value.path()).read_bytes()
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert [r[1] for r in rows] == ["Enrollee Last Name", "Olsen"]

        page.goto(base + "/discrepancies/new/")
        page.get_by_label("File").set_input_files(str(returned))
        page.get_by_role("button", name="Send the file").click()
        page.wait_for_load_state()
        page.goto(base + "/desk/claims/")
        page.get_by_text("Testfirst1 Testlast1").wait_for()
        assert page.get_by_text("Received").count() >= 2
        found += check(page, "claims")

        page.get_by_role("link", name="AOR changes").first.click()
        page.get_by_text("Dana Leftwich").wait_for()
        assert page.get_by_text("The consumer chose another broker").is_visible()
        found += check(page, "changes")
        page.goto(base + "/desk/reports/")
        found += check(page, "reports")

    with chromium_page() as page:
        sign_in(page, base, desk["users"]["admin_x"], desk["secrets"]["admin_x"])
        page.get_by_label("Broker").select_option(label="Lee, Pat (NPN 1000003)")
        page.get_by_role("button", name="Show").click()
        page.get_by_text("Desk of Pat Lee (NPN 1000003)").wait_for()
        found += check(page, "agency-one-broker")
        page.get_by_label("Broker").select_option(label="All brokers of North Star Benefits")
        page.get_by_role("button", name="Show").click()
        page.get_by_role("link", name="Reports", exact=True).first.click()
        found += check(page, "agency-reports")
        with page.expect_download() as info:
            page.get_by_role("link", name="All of October 2026 (zip)").click()
        names = zipfile.ZipFile(info.value.path()).namelist()
        assert "aor-report-2026-10-1000003-v1.xlsx" in names
        assert "aor-agency-statement-2026-10-AGX-v1.xlsx" in names
    assert found == []
