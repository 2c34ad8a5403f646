"""Setting up the authenticator: one pending secret per session, nothing in the way."""

import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD, BrokerUserFactory, UserFactory, totp_code, with_totp

pytestmark = pytest.mark.django_db
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _signed_in_without_totp(client):
    user = BrokerUserFactory()
    client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    return user


def test_reloading_the_set_up_page_keeps_the_secret_behind_the_qr_code(client):
    _signed_in_without_totp(client)
    first = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.get(reverse("mfa_activate_totp"))
    client.get("/favicon.ico")
    assert client.get(reverse("mfa_activate_totp")).context["form"].secret == first
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(first)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")


def test_a_new_session_gets_a_new_pending_secret(client):
    user = _signed_in_without_totp(client)
    first = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).context["form"].secret != first


def test_the_favicon_static_files_and_sign_out_are_not_sent_to_set_up(client):
    _signed_in_without_totp(client)
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200
    assert favicon["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert client.get("/static/portal/portal.css").status_code == 200
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Location"] != reverse("mfa_activate_totp")
    assert "_auth_user_id" not in client.session


def test_the_password_just_typed_at_sign_in_is_not_asked_for_again(client):
    _signed_in_without_totp(client)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200


def test_an_old_session_is_still_asked_for_the_password_before_set_up(client):
    client.force_login(BrokerUserFactory(), backend=BACKEND)
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_the_sign_in_page_has_no_sign_up_link_and_focuses_the_user_name(client):
    page = client.get(reverse("account_login")).content.decode()
    assert reverse("account_signup") not in page
    assert "sign up" not in page.lower()
    assert 'name="login"' in page
    field = page[page.index('name="login"') - 300 : page.index('name="login"') + 300]
    assert "autofocus" in field


def test_the_code_and_set_up_pages_focus_the_code_field(client):
    user = BrokerUserFactory()
    with_totp(user)
    client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "autofocus" in page[page.index('name="code"') - 300 :][:600]
    client2 = type(client)()
    _signed_in_without_totp(client2)
    page = client2.get(reverse("mfa_activate_totp")).content.decode()
    assert "autofocus" in page[page.index('name="code"') - 300 :][:600]


def test_signed_in_users_find_the_password_change_page(client):
    user = UserFactory()
    with_totp(user)
    client.force_login(user, backend=BACKEND)
    page = client.get(reverse("portal:inbox")).content.decode()
    assert reverse("account_change_password") in page
    assert client.get(reverse("account_change_password")).status_code == 200
