"""Every page carries the content security policy and the other security headers, and no
template of ours holds the inline script or style that policy would block."""

import re
from pathlib import Path

import pytest

import aordesk

TEMPLATES = sorted(Path(aordesk.__file__).parent.glob("*/templates/**/*.html"))
# An executable inline script is a <script> without src; a JSON data block is not run.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


def _assert_security_headers(response):
    policy = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in policy
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_broker_inbox_sends_the_security_headers(world, client_as):
    response = client_as(world["users"]["broker_a"]).get("/messages/")
    assert response.status_code == 200
    _assert_security_headers(response)


def test_the_staff_review_queue_sends_the_security_headers(world, client_as):
    response = client_as(world["users"]["staff"]).get("/staff/review/")
    assert response.status_code == 200
    _assert_security_headers(response)


@pytest.mark.django_db
def test_the_sign_in_page_sends_the_security_headers(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    _assert_security_headers(response)


@pytest.mark.django_db
def test_a_page_not_found_sends_the_security_headers(client):
    _assert_security_headers(client.get("/no-such-page/"))


def test_the_templates_are_found():
    assert len(TEMPLATES) > 10


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_template_holds_inline_script_or_style(template):
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a static file"
    assert not INLINE_STYLE.search(text), "inline style: move it to a static stylesheet"
