"""Staff invite, disable and re-enable accounts; idle accounts switch off after 60 days."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from aordesk.accounts import services
from aordesk.accounts.models import User
from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError, TransitionError
from aordesk.core.models import AuditEvent
from tests.accounts.factories import BrokerUserFactory, UserFactory, with_totp
from tests.brokers.factories import AgencyFactory, BrokerFactory

pytestmark = pytest.mark.django_db
CLI = Actor.cli()
NEW_PASSWORD = "a brand new pass phrase 77"


def _invite_broker(django_capture_on_commit_callbacks, broker):
    with django_capture_on_commit_callbacks(execute=True):
        return services.account_invite(role="broker", email=broker.email, broker=broker, actor=CLI)


def test_an_invited_broker_gets_a_link_that_sets_the_password_once(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.AORDESK_PORTAL_URL = "https://aor.example"
    broker = BrokerFactory(npn="1234567")
    user = _invite_broker(django_capture_on_commit_callbacks, broker)
    assert (user.username, user.role, user.has_usable_password()) == ("1234567", "broker", False)
    [email] = mailoutbox
    assert email.to == [broker.email]
    link = re.search(r"https://aor\.example(/account/invitation/\S+)", email.body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("account_login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(link).context["validlink"] is False


def test_one_login_per_npn(django_capture_on_commit_callbacks):
    broker = BrokerFactory()
    _invite_broker(django_capture_on_commit_callbacks, broker)
    with pytest.raises(ApplicationError, match="one login per NPN"):
        services.account_invite(role="broker", email="x@broker.example", broker=broker, actor=CLI)


@pytest.mark.parametrize(
    ("role", "with_broker", "with_agency"),
    [
        ("broker", False, False),
        ("agency_admin", False, False),
        ("staff", True, False),
        ("broker", True, True),
    ],
)
def test_a_role_needs_its_broker_or_agency_and_nothing_else(role, with_broker, with_agency):
    with pytest.raises(ApplicationError):
        services.account_invite(
            role=role,
            email="someone@example.org",
            broker=BrokerFactory() if with_broker else None,
            agency=AgencyFactory() if with_agency else None,
            actor=CLI,
        )


def test_the_invite_command_invites_an_agency_administrator(mailoutbox):
    agency = AgencyFactory(code="NSB")
    call_command("account", "invite", "--role", "agency_admin", "--agency", "NSB")
    user = User.objects.get(agency=agency)
    assert user.role == "agency_admin" and user.email == agency.admin_email
    assert AuditEvent.objects.filter(action="account.invite", object_id=str(user.pk)).exists()


def test_staff_disable_and_re_enable_an_account_with_an_audit_trail():
    user = BrokerUserFactory()
    services.account_disable(user=user, actor=CLI)
    assert (user.is_active, user.disabled_reason) == (False, "staff")
    with pytest.raises(TransitionError):
        services.account_disable(user=user, actor=CLI)
    services.account_enable(user=user, actor=CLI)
    assert (user.is_active, user.disabled_reason, user.disabled_at) == (True, "", None)
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("id")) == [
        "account.disable",
        "account.enable",
    ]


def test_accounts_without_a_sign_in_for_60_days_are_disabled_and_can_be_re_enabled():
    now = timezone.now()
    idle = UserFactory(
        last_login=now - dt.timedelta(days=61), active_since=now - dt.timedelta(days=200)
    )
    recent = UserFactory(
        last_login=now - dt.timedelta(days=59), active_since=now - dt.timedelta(days=200)
    )
    never_signed_in = UserFactory(last_login=None, active_since=now - dt.timedelta(days=61))
    just_invited = UserFactory(last_login=None, active_since=now - dt.timedelta(days=2))
    assert services.account_expire_inactive(actor=CLI, now=now) == 2
    states = {u.pk: u.is_active for u in User.objects.all()}
    assert states == {
        idle.pk: False,
        recent.pk: True,
        never_signed_in.pk: False,
        just_invited.pk: True,
    }
    assert User.objects.get(pk=idle.pk).disabled_reason == "inactive"
    services.account_enable(user=User.objects.get(pk=idle.pk), actor=CLI)
    assert services.account_expire_inactive(actor=CLI) == 0, "re-enabling restarts the 60 days"


def test_the_expire_inactive_command_reports_how_many_it_disabled(capsys):
    UserFactory(last_login=None, active_since=timezone.now() - dt.timedelta(days=90))
    call_command("account", "expire-inactive")
    assert "disabled 1 idle account(s)" in capsys.readouterr().out


def test_staff_disable_an_account_from_the_accounts_page(client):
    staff, broker_user = UserFactory(), BrokerUserFactory()
    with_totp(staff)
    client.force_login(staff, backend="allauth.account.auth_backends.AuthenticationBackend")
    response = client.post(
        reverse("accounts:staff_toggle", args=[broker_user.pk]), REMOTE_ADDR="192.0.2.9"
    )
    assert response.status_code == 302
    broker_user.refresh_from_db()
    assert broker_user.is_active is False
    assert AuditEvent.objects.get(action="account.disable").remote_addr == "192.0.2.9"


def test_staff_invite_from_the_accounts_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    staff = UserFactory()
    with_totp(staff)
    broker = BrokerFactory(npn="7654321")
    client.force_login(staff, backend="allauth.account.auth_backends.AuthenticationBackend")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:staff_accounts"),
            {"role": "broker", "email": broker.email, "npn": "7654321"},
        )
    assert response.status_code == 302
    assert User.objects.get(broker=broker).username == "7654321"
    assert len(mailoutbox) == 1


def test_the_expire_inactive_task_disables_idle_accounts():
    from aordesk.accounts.tasks import expire_inactive_accounts

    UserFactory(last_login=None, active_since=timezone.now() - dt.timedelta(days=61))
    assert expire_inactive_accounts.call() == 1
