import pytest

from tests.accounts.factories import AgencyAdminFactory, BrokerUserFactory, UserFactory, with_totp
from tests.brokers.factories import AgencyFactory, BrokerFactory
from tests.messaging.factories import AttachmentFactory, MessageFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 at full strength costs seconds per user on a shared two-core machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    """Agency X with broker A, agency Y with broker B; a message (with a file) for each
    broker and for agency X; one account per role, each with an authenticator app."""
    agency_x, agency_y = AgencyFactory(code="AGX"), AgencyFactory(code="AGY")
    broker_a = BrokerFactory(agency=agency_x)
    broker_b = BrokerFactory(agency=agency_y)
    users = {
        "staff": UserFactory(),
        "broker_a": BrokerUserFactory(broker=broker_a),
        "broker_b": BrokerUserFactory(broker=broker_b),
        "admin_x": AgencyAdminFactory(agency=agency_x),
        "admin_y": AgencyAdminFactory(agency=agency_y),
    }
    for user in users.values():
        with_totp(user)
    message_a = MessageFactory(broker=broker_a)
    message_b = MessageFactory(broker=broker_b)
    message_x = MessageFactory(
        broker=None, agency=agency_x, kind="statement", subject="Agency statement for October 2026"
    )
    return {
        "users": users,
        "brokers": {"a": broker_a, "b": broker_b},
        "messages": {"a": message_a, "b": message_b, "x": message_x},
        "attachments": {
            "a": AttachmentFactory(message=message_a),
            "x": AttachmentFactory(message=message_x),
        },
    }


@pytest.fixture
def client_as(client):
    def login(user):
        if user is not None:
            client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return login
