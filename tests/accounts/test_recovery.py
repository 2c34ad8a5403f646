"""A lost phone: staff reset the authenticator (audited with a reason, the user told),
the user sets a new one up at next sign-in; a recovery code signs in; invitations resent."""

import pytest
from django.urls import reverse

from aordesk.accounts.authenticators import authenticator_reset
from aordesk.core.audit import Actor
from aordesk.core.errors import ApplicationError
from aordesk.core.models import AuditEvent
from tests.accounts.factories import PASSWORD, BrokerUserFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@pytest.fixture
def staff_client(client):
    staff = UserFactory()
    with_totp(staff)
    client.force_login(staff, backend=BACKEND)
    return client


def test_staff_reset_a_lost_authenticator_with_a_reason_and_the_user_is_told(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    broker = BrokerUserFactory()
    with_totp(broker)
    url = reverse("accounts:staff_authenticator_reset", kwargs={"pk": broker.pk})
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"reason": "Phone lost; caller verified by NPN and address"})
    assert not broker.authenticator_set.exists()
    event = AuditEvent.objects.get(action="account.authenticator_reset")
    assert event.object_id == str(broker.pk) and "Phone lost" in event.detail["reason"]
    [notice] = mailoutbox
    assert notice.to == [broker.email] and "reset" in notice.subject


def test_a_reset_needs_a_reason():
    broker = BrokerUserFactory()
    with_totp(broker)
    with pytest.raises(ApplicationError, match="why"):
        authenticator_reset(user=broker, reason="  ", actor=Actor.cli())
    assert broker.authenticator_set.exists()


def test_after_a_reset_the_user_signs_in_and_sets_up_a_new_authenticator(client):
    broker = BrokerUserFactory()
    with_totp(broker)
    authenticator_reset(user=broker, reason="lost phone", actor=Actor.cli())
    client.post(reverse("account_login"), {"login": broker.username, "password": PASSWORD})
    assert client.get(reverse("portal:inbox"))["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_a_recovery_code_signs_in_once(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    broker = BrokerUserFactory()
    with_totp(broker)
    codes = RecoveryCodes(broker.authenticator_set.get(type="recovery_codes")).get_unused_codes()
    client.post(reverse("account_login"), {"login": broker.username, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.get(reverse("portal:inbox")).status_code == 200


def test_staff_see_the_invitation_state_and_resend_it(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    from aordesk.accounts.services import account_invite
    from tests.brokers.factories import BrokerFactory

    with django_capture_on_commit_callbacks(execute=True):
        invited = account_invite(
            role="broker", email="b@x.example", broker=BrokerFactory(), actor=Actor.cli()
        )
    page = staff_client.get(reverse("accounts:staff_accounts")).content.decode()
    assert "Invited: no password yet" in page and "Resend invitation" in page
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("accounts:staff_resend", kwargs={"pk": invited.pk}))
    assert len(mailoutbox) == 2 and mailoutbox[1].to == ["b@x.example"]
    assert AuditEvent.objects.filter(action="account.invite_resend").count() == 1


def test_after_a_recovery_code_the_user_replaces_the_authenticator_with_a_new_phone(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from tests.accounts.factories import totp_code

    broker = BrokerUserFactory()
    old_secret = with_totp(broker)
    codes = RecoveryCodes(broker.authenticator_set.get(type="recovery_codes")).get_unused_codes()
    client.post(reverse("account_login"), {"login": broker.username, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    security = client.get(reverse("mfa_index"))
    if security.status_code == 302:
        security = client.get(security["Location"])
    assert reverse("accounts:replace_authenticator") in security.content.decode()
    url = reverse("accounts:replace_authenticator")
    assert b"That is not your password" in client.post(url, {"password": "nope"}).content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"password": PASSWORD})
    assert response["Location"] == reverse("mfa_activate_totp")
    assert AuditEvent.objects.filter(action="account.authenticator_replace").count() == 1
    assert mailoutbox[-1].to == [broker.email]
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    assert secret != old_secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
