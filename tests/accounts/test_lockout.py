"""The lockout counts per account: whatever the case typed, and wrong codes too."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import PASSWORD, AgencyAdminFactory, totp_code, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_allauth_rate_limit(settings):
    # allauth's own per-IP limits would answer first; these tests are about django-axes.
    settings.ACCOUNT_RATE_LIMITS = False
    settings.MFA_RATE_LIMITS = False


def _password_step(client, username, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": username, "password": password})


def test_wrong_passwords_in_any_case_lock_the_account_for_every_spelling(client):
    admin = AgencyAdminFactory(username="admin@agency.example")
    with_totp(admin)
    spellings = ["admin@agency.example", "ADMIN@agency.example", " Admin@Agency.Example "]
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        _password_step(client, spellings[attempt % len(spellings)], "wrong password")
    for spelling in spellings:
        response = _password_step(client, spelling)
        assert response.status_code == 429, spelling
        assert b"Too many failed sign-ins" in response.content


def test_wrong_totp_codes_count_towards_the_lockout(client):
    admin = AgencyAdminFactory()
    secret = with_totp(admin)
    assert _password_step(client, admin.username)["Location"] == reverse("mfa_authenticate")
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert response.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 429
    # Even the right code no longer gets in, nor the right password from a new session.
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.session.get("_auth_user_id") is None
    assert _password_step(Client(), admin.username.upper()).status_code == 429


def test_a_right_sign_in_after_a_few_wrong_ones_starts_the_count_again(client):
    admin = AgencyAdminFactory()
    secret = with_totp(admin)
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        _password_step(client, admin.username.upper(), "wrong password")
    _password_step(client, admin.username)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.session.get("_auth_user_id") == str(admin.pk)
