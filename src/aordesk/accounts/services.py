"""Accounts: staff invite, disable and re-enable; idle accounts switch off after 60 days."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from aordesk.accounts.models import User
from aordesk.brokers.models import Agency, Broker
from aordesk.core.audit import Actor, audit_record
from aordesk.core.errors import ApplicationError, TransitionError

Role = User.Role


def _username_for(*, role: str, email: str, broker: Broker | None) -> str:
    # A broker signs in with their NPN, the number aordesk knows them by.
    if role == Role.BROKER and broker is not None:
        return broker.npn
    return email.strip().lower()


def _check_role(*, role: str, broker: Broker | None, agency: Agency | None) -> None:
    if role not in Role.values:
        raise ApplicationError(f"Unknown role {role!r}.")
    if (role == Role.BROKER) != (broker is not None):
        raise ApplicationError("A broker account needs a broker, and only a broker account.")
    if (role == Role.AGENCY_ADMIN) != (agency is not None):
        raise ApplicationError("An agency administrator account needs an agency, and only one.")
    if broker is not None and User.objects.filter(broker=broker).exists():
        raise ApplicationError("That broker already has an account (one login per NPN).")


@transaction.atomic
def account_invite(
    *,
    role: str,
    email: str,
    broker: Broker | None = None,
    agency: Agency | None = None,
    actor: Actor,
) -> User:
    """Create an account without a password and email a link to set one."""
    _check_role(role=role, broker=broker, agency=agency)
    username = _username_for(role=role, email=email, broker=broker)
    if User.objects.filter(username=username).exists():
        raise ApplicationError("An account with that user name already exists.")
    user = User(
        username=username,
        email=email.strip(),
        role=role,
        broker=broker,
        agency=agency,
        active_since=timezone.now(),
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="account.invite",
        object_type="user",
        object_id=user.pk,
        detail={
            "role": role,
            "broker_id": getattr(broker, "pk", None),
            "agency_id": getattr(agency, "pk", None),
        },
    )
    transaction.on_commit(partial(_send_invitation, user_id=user.pk))
    return user


def invitation_path(user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:invitation", kwargs={"uidb64": uidb64, "token": token})


def _send_invitation(*, user_id: int) -> None:
    user = User.objects.get(pk=user_id)
    link = settings.AORDESK_PORTAL_URL.rstrip("/") + invitation_path(user)
    days = settings.PASSWORD_RESET_TIMEOUT // 86400
    body = (
        "The MNsure Broker Team has created an account for you on the AOR desk.\n\n"
        f"Your user name: {user.username}\n\n"
        f"Choose your password here (the link works once, for {days} days):\n{link}\n\n"
        "After your password you will set up an authenticator app (required).\n"
    )
    send_mail("Your AOR desk account", body, None, [user.email])


@transaction.atomic
def account_invitation_resend(*, user: User, actor: Actor) -> None:
    if user.has_usable_password():
        raise TransitionError("This account already has a password; use password reset.")
    audit_record(actor=actor, action="account.invite_resend", object_type="user", object_id=user.pk)
    transaction.on_commit(partial(_send_invitation, user_id=user.pk))


@transaction.atomic
def account_disable(*, user: User, actor: Actor, reason: str = User.DisabledReason.STAFF) -> User:
    if not user.is_active:
        raise TransitionError("The account is already disabled.")
    user.is_active = False
    user.disabled_at = timezone.now()
    user.disabled_reason = reason
    user.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
    audit_record(
        actor=actor,
        action="account.disable",
        object_type="user",
        object_id=user.pk,
        detail={"reason": reason},
    )
    return user


@transaction.atomic
def account_enable(*, user: User, actor: Actor) -> User:
    if user.is_active:
        raise TransitionError("The account is already enabled.")
    user.is_active = True
    user.disabled_at = None
    user.disabled_reason = ""
    # A fresh 60 days: otherwise the next expiry run would disable it again at once.
    user.active_since = timezone.now()
    user.save(update_fields=["is_active", "disabled_at", "disabled_reason", "active_since"])
    audit_record(actor=actor, action="account.enable", object_type="user", object_id=user.pk)
    return user


def account_expire_inactive(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Disable every active account with no sign-in for the idle limit; returns how many."""
    from aordesk.accounts.selectors import accounts_idle_since

    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.AORDESK_ACCOUNT_INACTIVE_DAYS)
    count = 0
    for user in accounts_idle_since(cutoff=cutoff):
        account_disable(user=user, actor=actor, reason=User.DisabledReason.INACTIVE)
        count += 1
    return count
