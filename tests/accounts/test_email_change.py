"""The registered email: changed with the password re-entered, kept in history, and both the
old and the new address told."""

import pytest
from django.urls import reverse

from aordesk.accounts.models import AgencyEmailChange
from aordesk.accounts.registered_email import broker_email_change
from aordesk.brokers.models import BrokerEmailChange
from aordesk.core.audit import Actor
from aordesk.core.models import AuditEvent
from tests.accounts.factories import PASSWORD, AgencyAdminFactory, BrokerUserFactory, with_totp
from tests.brokers.factories import AgencyFactory, BrokerFactory

pytestmark = pytest.mark.django_db
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _signed_in(client, user):
    with_totp(user)
    client.force_login(user, backend=BACKEND)
    return client


def test_a_broker_changes_their_email_and_both_addresses_are_told(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = BrokerUserFactory(broker=BrokerFactory(email="old@broker.example"))
    url = reverse("accounts:broker_email", args=[user.broker.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = _signed_in(client, user).post(
            url, {"new_email": "new@broker.example", "password": PASSWORD}
        )
    assert response.status_code == 302
    user.broker.refresh_from_db()
    user.refresh_from_db()
    assert user.broker.email == user.email == "new@broker.example"
    change = BrokerEmailChange.objects.get()
    assert (change.old_email, change.new_email, change.changed_by) == (
        "old@broker.example",
        "new@broker.example",
        user,
    )
    assert sorted(m.to[0] for m in mailoutbox) == ["new@broker.example", "old@broker.example"]
    assert all(len(m.to) == 1 and "@" not in m.body for m in mailoutbox)
    event = AuditEvent.objects.get(action="broker.email_change")
    assert event.detail == {"change_id": change.pk}
    assert b"old@broker.example" in client.get(url).content, "history is shown"


def test_the_change_needs_the_password_again(client, mailoutbox):
    user = BrokerUserFactory()
    old = user.broker.email
    response = _signed_in(client, user).post(
        reverse("accounts:broker_email", args=[user.broker.pk]),
        {"new_email": "new@broker.example", "password": "not my password"},
    )
    assert response.status_code == 200
    assert b"That is not your password." in response.content
    user.broker.refresh_from_db()
    assert user.broker.email == old and not BrokerEmailChange.objects.exists()


def test_an_agency_administrator_changes_the_email_of_a_broker_of_the_agency(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    admin = AgencyAdminFactory()
    broker = BrokerFactory(agency=admin.agency)
    with django_capture_on_commit_callbacks(execute=True):
        _signed_in(client, admin).post(
            reverse("accounts:broker_email", args=[broker.pk]),
            {"new_email": "moved@broker.example", "password": PASSWORD},
        )
    broker.refresh_from_db()
    assert broker.email == "moved@broker.example"
    assert len(mailoutbox) == 2


def test_staff_change_an_email_from_the_command_line_service_with_history(
    mailoutbox, django_capture_on_commit_callbacks
):
    broker = BrokerFactory(email="a@broker.example")
    with django_capture_on_commit_callbacks(execute=True):
        broker_email_change(broker=broker, new_email="b@broker.example", actor=Actor.cli())
    change = BrokerEmailChange.objects.get()
    assert change.changed_by is None and change.changed_by_label.startswith("cli:")
    assert len(mailoutbox) == 2


def test_an_agency_administrator_changes_the_agency_address_with_history_and_two_notices(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    admin = AgencyAdminFactory()
    old = admin.agency.admin_email
    with django_capture_on_commit_callbacks(execute=True):
        response = _signed_in(client, admin).post(
            reverse("accounts:agency_email", args=[admin.agency.pk]),
            {"new_email": "desk@agency.example", "password": PASSWORD},
        )
    assert response.status_code == 302
    admin.agency.refresh_from_db()
    assert admin.agency.admin_email == "desk@agency.example"
    change = AgencyEmailChange.objects.get()
    assert (change.old_email, change.changed_by) == (old, admin)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([old, "desk@agency.example"])


def test_a_broker_cannot_change_the_agency_address(client):
    user = BrokerUserFactory(broker=BrokerFactory(agency=AgencyFactory()))
    response = _signed_in(client, user).post(
        reverse("accounts:agency_email", args=[user.broker.agency.pk]),
        {"new_email": "x@agency.example", "password": PASSWORD},
    )
    assert response.status_code == 404
    assert not AgencyEmailChange.objects.exists()
