"""Pages link the U.S. Web Design System when `make install` fetched it, else a stand-in."""

import pytest

from aordesk.portal import context_processors


@pytest.fixture
def uswds(monkeypatch):
    def installed(value: bool) -> None:
        monkeypatch.setattr(context_processors, "uswds_installed", lambda: value)

    return installed


@pytest.mark.django_db
def test_pages_link_the_uswds_stylesheet_then_our_own_when_it_is_installed(client, uswds):
    uswds(True)
    html = client.get("/accounts/login/").content.decode()
    assert html.index("uswds/css/uswds.min.css") < html.index("portal/portal.css")
    assert "portal/fallback.css" not in html


@pytest.mark.django_db
def test_pages_fall_back_to_the_stand_in_stylesheet_without_uswds(client, uswds):
    uswds(False)
    html = client.get("/accounts/login/").content.decode()
    assert "portal/fallback.css" in html
    assert "uswds" not in html
