"""allauth's pages that change an account outside the audited flows are closed; the
registered-email form's password check is throttled; a disabled account gives nothing away."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from aordesk.accounts.services import account_disable
from aordesk.core.audit import Actor
from tests.accounts.factories import PASSWORD, BrokerUserFactory, with_totp

pytestmark = pytest.mark.django_db
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@pytest.fixture
def broker_client(client):
    user = BrokerUserFactory()
    with_totp(user)
    client.force_login(user, backend=BACKEND)
    return client, user


@pytest.mark.parametrize(
    "path", ["/accounts/email/", "/accounts/confirm-email/", "/accounts/password/set/"]
)
def test_allauths_own_account_data_pages_answer_404(broker_client, path):
    client, user = broker_client
    assert client.get(path).status_code == 404
    response = client.post(path, {"email": "attacker@evil.example", "action_add": ""})
    assert response.status_code == 404
    assert not user.emailaddress_set.filter(email="attacker@evil.example").exists()


def test_a_confirmation_key_link_answers_404(client):
    assert client.get("/accounts/confirm-email/abc:def-123/").status_code == 404


def test_wrong_passwords_on_the_email_form_count_towards_the_lockout(broker_client, settings):
    client, user = broker_client
    url = reverse("accounts:broker_email", kwargs={"pk": user.broker.pk})
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"new_email": "new@broker.example", "password": "wrong"})
        assert b"That is not your password" in response.content
    response = client.post(url, {"new_email": "new@broker.example", "password": "wrong"})
    assert response.status_code == 429
    response = client.post(url, {"new_email": "new@broker.example", "password": PASSWORD})
    user.broker.refresh_from_db()
    assert user.broker.email != "new@broker.example"


def test_a_disabled_account_answers_the_right_password_as_a_wrong_one(client, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    user = BrokerUserFactory()
    with_totp(user)
    account_disable(user=user, actor=Actor.cli())
    right = client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    wrong = client.post(reverse("account_login"), {"login": user.username, "password": "nope"})
    assert right.status_code == wrong.status_code == 200
    assert right.content.decode().count("not correct") == 1
    assert reverse("account_inactive") not in right.get("Location", "")
