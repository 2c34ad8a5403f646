"""The Broker Team's back-office pages (dashboard, directory, audit search, cycle operations,
incident detail, accounts) pass axe-core's checks with no serious or critical violation and
break no rule of the content security policy."""

import pytest

from tests.portal.staff_scene import AUDITED_LAST_NAME, staff_scene
from tests.portal.test_accessibility import AXE, _csp_refusals, _sign_in, _violations
from tests.portal.test_browser import CHROMIUM, chromium_page
from tests.review.factories import DOB

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="needs axe-core from npm: run `make install`"),
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def back_office_paths(scene) -> list[str]:
    return [
        "/staff/dashboard/",
        "/staff/brokers/",
        f"/staff/brokers/?npn={scene.broker.npn}",
        f"/staff/brokers/{scene.broker.pk}/",
        "/staff/audit/consumer/",
        f"/staff/audit/consumer/?last_name={AUDITED_LAST_NAME}&date_of_birth={DOB.isoformat()}",
        "/staff/audit/activity/",
        f"/staff/audit/activity/?who={scene.staff.username}&first=2026-01-01&last=2026-12-31",
        "/staff/cycle/?month=2026-10",
        "/staff/cycle/?month=2026-11",
        f"/staff/incidents/{scene.incident.pk}/",
        "/account/staff/accounts/",
        "/staff/messages/?show=all",
        f"/staff/messages/new/?broker={scene.broker.pk}",
    ]


def test_the_back_office_pages_have_no_serious_accessibility_violation(live_server):
    scene = staff_scene()

    with chromium_page() as page:
        refused = _csp_refusals(page)
        found = _sign_in(page, f"{live_server.url}/staff/dashboard/", scene.staff, scene.secret)
        for path in back_office_paths(scene):
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            found += _violations(page)

    assert found == []
    assert refused == []
