import pytest

from tests.accounts.factories import BrokerUserFactory, UserFactory, with_totp


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_client(client, db):
    user = UserFactory()
    with_totp(user)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    client.user = user
    return client


@pytest.fixture
def broker_client(client, db):
    user = BrokerUserFactory()
    with_totp(user)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client
