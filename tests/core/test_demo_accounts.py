"""The demo's sign-in accounts: a staff user, a broker and an agency administrator whose
printed details work; never under production settings."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from aordesk.core.audit import Actor
from aordesk.core.demo_accounts import demo_accounts_ensure, demo_current_codes
from aordesk.core.errors import ApplicationError
from aordesk.core.management.commands.demo import sign_in_details
from tests.accounts.conftest import _fast_passwords  # noqa: F401
from tests.accounts.factories import totp_code
from tests.brokers.factories import AgencyFactory, BrokerFactory

pytestmark = pytest.mark.django_db
CLI = Actor.cli()


@pytest.fixture
def market():
    return BrokerFactory(agency=AgencyFactory())


def test_each_printed_demo_account_signs_in_with_its_password_and_current_code(market):
    accounts = demo_accounts_ensure(actor=CLI)
    assert [a.role for a in accounts] == ["staff", "broker", "agency_admin"]
    from django.test import Client

    for account in accounts:
        client = Client()
        response = client.post(
            reverse("account_login"), {"login": account.username, "password": account.password}
        )
        assert response["Location"] == reverse("mfa_authenticate")
        totp_code(account.totp_secret)  # waits out the end of a 30-second period
        code = dict(demo_current_codes())[account.username]
        client.post(reverse("mfa_authenticate"), {"code": code})
        assert client.get(reverse("portal:inbox")).status_code == 200, account.role
    printed = sign_in_details(accounts)
    assert "aordesk runserver" in printed and "aordesk worker" in printed
    assert all(a.username in printed and a.password in printed for a in accounts)


def test_running_the_demo_again_keeps_the_authenticator_and_renews_the_passwords(market):
    first = demo_accounts_ensure(actor=CLI)
    again = demo_accounts_ensure(actor=CLI)
    assert [a.totp_secret for a in first] == [a.totp_secret for a in again]
    assert [a.password for a in first] != [a.password for a in again]


def test_demo_accounts_are_refused_under_production_settings(market, settings):
    settings.AORDESK_EMBEDDED = False
    with pytest.raises(ApplicationError, match="production"):
        demo_accounts_ensure(actor=CLI)
    with pytest.raises(ApplicationError, match="production"):
        demo_current_codes()
    with pytest.raises(CommandError, match="embedded"):
        call_command("demo", "--households", "1")
