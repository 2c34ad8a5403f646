"""Signing in: password then TOTP, MFA required of everyone, lockout, idle sessions."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.accounts.factories import (
    PASSWORD,
    BrokerUserFactory,
    UserFactory,
    totp_code,
    with_totp,
)

pytestmark = pytest.mark.django_db
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _password_step(client, username, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def test_a_signed_in_user_without_totp_is_sent_to_set_it_up_before_anything_else(client):
    user = BrokerUserFactory()
    client.force_login(user, backend=BACKEND)
    for url in (reverse("portal:inbox"), reverse("accounts:my_email"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    # The setup page itself is reachable (allauth may first ask for the password again).
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(response["Location"]).status_code == 200


def test_setting_up_totp_gives_recovery_codes_and_opens_the_portal(client):
    user = BrokerUserFactory()
    response = _password_step(client, user.username)
    assert response["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:inbox"))["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before it changes sign-in security.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes = client.get(reverse("mfa_view_recovery_codes")).context["unused_codes"]
    assert len(codes) == 10
    assert client.get(reverse("portal:inbox")).status_code == 200


def test_a_user_with_totp_needs_both_the_password_and_a_current_code(client):
    user = BrokerUserFactory()
    secret = with_totp(user)
    response = _password_step(client, user.username)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("portal:inbox")).status_code == 302, "not signed in yet"
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200 and client.session.get("_auth_user_id") is None
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:inbox")).status_code == 200


def test_the_authenticator_app_cannot_be_removed(client):
    user = UserFactory()
    with_totp(user)
    client.force_login(user, backend=BACKEND)
    response = client.post(reverse("mfa_deactivate_totp"), {})
    assert user.authenticator_set.filter(type="totp").exists()
    assert response.status_code in (200, 302)


def test_five_wrong_passwords_lock_the_username_even_against_the_right_one(client, settings):
    # allauth's own per-IP rate limit would answer first; this test is about django-axes.
    settings.ACCOUNT_RATE_LIMITS = False
    user = BrokerUserFactory()
    with_totp(user)
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        _password_step(client, user.username, "wrong password")
    response = _password_step(client, user.username)
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content


def test_nobody_can_sign_themselves_up(client):
    response = client.post(
        reverse("account_signup"), {"username": "newbroker", "password1": "A long new password 1"}
    )
    from aordesk.accounts.models import User

    assert not User.objects.filter(username="newbroker").exists()
    assert response.status_code in (200, 302, 403)


def test_sessions_end_after_fifteen_idle_minutes_and_every_request_renews_them(client):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    user = UserFactory()
    with_totp(user)
    client.force_login(user, backend=BACKEND)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    assert client.get(reverse("portal:inbox")).status_code == 200
    renewed = Session.objects.get(pk=key).expire_date - timezone.now()
    assert dt.timedelta(minutes=14) < renewed <= dt.timedelta(minutes=15)

    Session.objects.filter(pk=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("portal:inbox"))
    assert response["Location"].startswith(reverse("account_login"))


def test_a_disabled_account_is_signed_out_at_its_next_request(client):
    from aordesk.accounts.services import account_disable
    from aordesk.core.audit import Actor

    user = BrokerUserFactory()
    with_totp(user)
    client.force_login(user, backend=BACKEND)
    assert client.get(reverse("portal:inbox")).status_code == 200
    account_disable(user=user, actor=Actor.cli())
    response = client.get(reverse("portal:inbox"))
    assert response["Location"].startswith(reverse("account_login"))


def test_the_sign_in_and_security_pages_use_the_portal_layout(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'href="#main-content"' in page and "usa-header" in page
    assert 'for="id_login"' in page and 'for="id_password"' in page
    user = UserFactory()
    with_totp(user)
    client.force_login(user, backend=BACKEND)
    for name in ("mfa_index", "mfa_view_recovery_codes"):
        response = client.get(reverse(name))
        if response.status_code == 302:  # allauth asks for the password again first
            response = client.get(response["Location"])
        assert response.status_code == 200
        assert "usa-header" in response.content.decode()
