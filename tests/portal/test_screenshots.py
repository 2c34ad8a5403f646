"""Screenshots of each main page for docs/screenshots/, from the synthetic staff scene.
Skipped unless asked for: `make screenshots` (pytest -m screenshots) rewrites them."""

from pathlib import Path

import pytest

from tests.portal.staff_scene import AUDITED_LAST_NAME, staff_scene
from tests.portal.test_browser import CHROMIUM, chromium_page
from tests.review.factories import DOB
from tests.review.test_browser_queue import sign_in

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTH = 1280
# Tall pages are cut here: the PNGs stay small and the top of a page is what the docs show.
MAX_HEIGHT = 1600

pytestmark = [
    pytest.mark.browser,
    pytest.mark.screenshots,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def staff_pages(scene) -> list[tuple[str, str]]:
    return [
        ("review-queue", "/staff/review/"),
        ("case-page", f"/staff/review/claims/{scene.claim.pk}/"),
        ("dashboard", "/staff/dashboard/"),
        ("broker-directory", f"/staff/brokers/?npn={scene.broker.npn[:3]}"),
        ("broker-page", f"/staff/brokers/{scene.broker.pk}/"),
        (
            "audit-search-result",
            f"/staff/audit/consumer/?last_name={AUDITED_LAST_NAME}&date_of_birth={DOB.isoformat()}",
        ),
        ("cycle-operations", "/staff/cycle/?month=2026-10"),
        ("incidents-list", "/staff/incidents/"),
        ("incident-detail", f"/staff/incidents/{scene.incident.pk}/"),
    ]


def shoot(page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    clip = {"x": 0, "y": 0, "width": WIDTH, "height": height}
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True, clip=clip)


def test_screenshots_of_the_main_pages(live_server):
    scene = staff_scene()
    SHOTS.mkdir(parents=True, exist_ok=True)
    viewport = {"viewport": {"width": WIDTH, "height": 800}}

    with chromium_page(**viewport) as page:
        page.goto(f"{live_server.url}/accounts/login/")
        shoot(page, "sign-in")
        sign_in(
            page, f"{live_server.url}/messages/", scene.broker_user.username, scene.broker_secret
        )
        page.get_by_role("heading", level=1).wait_for()
        shoot(page, "broker-inbox")
        page.goto(f"{live_server.url}/messages/{scene.message.pk}/")
        shoot(page, "message-with-report")

    with chromium_page(**viewport) as page:
        sign_in(page, f"{live_server.url}/staff/review/", scene.staff.username, scene.secret)
        page.get_by_role("heading", level=1).wait_for()
        for name, path in staff_pages(scene):
            page.goto(f"{live_server.url}{path}")
            shoot(page, name)

    too_big = [p.name for p in SHOTS.glob("*.png") if p.stat().st_size > 400_000]
    assert too_big == []
