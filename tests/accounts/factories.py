import time

import factory
import pyotp
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from aordesk.accounts.models import User
from tests.brokers.factories import AgencyFactory, BrokerFactory

PASSWORD = "correct horse battery staple 42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}@exchange.example")
    email = factory.LazyAttribute(lambda o: o.username if "@" in o.username else "")
    role = User.Role.STAFF
    active_since = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class BrokerUserFactory(UserFactory):
    role = User.Role.BROKER
    broker = factory.SubFactory(BrokerFactory)
    username = factory.LazyAttribute(lambda o: o.broker.npn)
    email = factory.LazyAttribute(lambda o: o.broker.email)


class AgencyAdminFactory(UserFactory):
    role = User.Role.AGENCY_ADMIN
    agency = factory.SubFactory(AgencyFactory)
    username = factory.Sequence(lambda n: f"agencyadmin{n}@agency.example")


def with_totp(user: User) -> str:
    """Give the user an authenticator app and recovery codes, as the setup page does;
    returns the TOTP secret (for pyotp)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def totp_code(secret: str) -> str:
    """A code that stays valid until the server checks it: allauth accepts only the current
    30-second period, so near its end wait for the next one."""
    if 30 - time.time() % 30 < 5:
        time.sleep(30 - time.time() % 30 + 0.1)
    return pyotp.TOTP(secret).now()
