"""The work pages people open on a phone stay inside a 390 px screen: wide tables scroll in
their own box (USWDS's scrollable table) or stack, the page itself never scrolls sideways."""

import pytest

from tests.portal.staff_scene import staff_scene
from tests.portal.test_accessibility import AXE, _sign_in, _violations
from tests.portal.test_browser import CHROMIUM, chromium_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="needs axe-core from npm: run `make install`"),
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _too_wide(page, width: int) -> int | None:
    page.set_viewport_size({"width": width, "height": 800})
    wide = page.evaluate("document.documentElement.scrollWidth")
    return wide if wide > width else None


def test_the_queue_case_directory_and_broker_pages_fit_a_phone(live_server):
    scene = staff_scene()
    paths = [
        "/staff/review/",
        f"/staff/review/claims/{scene.claim.pk}/",
        f"/staff/brokers/?npn={scene.broker.npn}",
        f"/staff/brokers/{scene.broker.pk}/",
    ]
    with chromium_page() as page:
        found = _sign_in(page, f"{live_server.url}/staff/review/", scene.staff, scene.secret)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            found += _violations(page)
            # 390 px, and 1280 px at 200 % zoom (the same 640 CSS px).
            for width in (390, 640):
                wide = _too_wide(page, width)
                if wide:
                    found.append(f"{path}: {wide}px wide at {width}px")
            page.set_viewport_size({"width": 1280, "height": 800})
    with chromium_page() as page:
        found += _sign_in(
            page, f"{live_server.url}/messages/", scene.broker_user, scene.broker_secret
        )
        for path in ["/messages/", f"/messages/{scene.message.pk}/"]:
            page.goto(f"{live_server.url}{path}")
            found += _violations(page)
            wide = _too_wide(page, 390)
            if wide:
                found.append(f"{path}: {wide}px wide at 390px")
    assert found == []
