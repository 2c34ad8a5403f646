"""Sign-in details for the embedded demo: a staff user, a broker and an agency
administrator, each with a password and an authenticator secret printed by `make demo`.
Refused under production settings: these accounts exist only on a demo machine."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from aordesk.accounts.models import User
from aordesk.brokers.models import Agency, Broker
from aordesk.core.audit import Actor, audit_record
from aordesk.core.errors import ApplicationError

DEMO_STAFF_USERNAME = "demo.staff@exchange.example"
DEMO_CREATE = "account.demo_create"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    username: str
    password: str
    totp_secret: str


def _refuse_outside_the_demo() -> None:
    if not settings.AORDESK_EMBEDDED:
        raise ApplicationError(
            "Demo accounts exist only in the embedded demo; these are production settings."
        )


def _demo_broker() -> Broker:
    # A broker the cycle wrote to, so the inbox has a report to open.
    broker = (
        Broker.objects.filter(messages__isnull=False, agency__isnull=False).order_by("npn").first()
        or Broker.objects.filter(agency__isnull=False).order_by("npn").first()
    )
    if broker is None:
        raise ApplicationError("The demo has no brokers yet; seed the market first.")
    return broker


def _account(*, username: str, role: str, **links: object) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "active_since": timezone.now(), **links}
    )
    return user, created


def _secret_of(user: User) -> str:
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        return decrypt(totp.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


@transaction.atomic
def demo_accounts_ensure(*, actor: Actor) -> list[DemoAccount]:
    """The three demo accounts, each with a fresh password; the authenticator secret is
    kept from an earlier run (it may already be in someone's authenticator app)."""
    _refuse_outside_the_demo()
    broker = _demo_broker()
    agency: Agency = broker.agency  # type: ignore[assignment]
    wanted: list[tuple[str, str, dict[str, object]]] = [
        (User.Role.STAFF, DEMO_STAFF_USERNAME, {"email": DEMO_STAFF_USERNAME}),
        (User.Role.BROKER, broker.npn, {"broker": broker, "email": broker.email}),
        (
            User.Role.AGENCY_ADMIN,
            f"demo.admin@{agency.code.lower()}.example",
            {"agency": agency, "email": agency.admin_email},
        ),
    ]
    accounts = []
    for role, username, links in wanted:
        user, created = _account(username=username, role=role, **links)
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_active, user.disabled_at, user.disabled_reason = True, None, ""
        user.save()
        audit_record(
            actor=actor,
            action=DEMO_CREATE if created else "account.demo_password",
            object_type="user",
            object_id=user.pk,
            detail={"role": role},
        )
        accounts.append(DemoAccount(role, username, password, _secret_of(user)))
    return accounts


def demo_current_codes() -> list[tuple[str, str]]:
    """The current TOTP code of each demo account (demo accounts only, embedded only)."""
    _refuse_outside_the_demo()
    from aordesk.core.models import AuditEvent

    # object_id is text (any object's id): compared as numbers here, as PostgreSQL requires.
    created = AuditEvent.objects.filter(action=DEMO_CREATE, object_type="user")
    ids = [int(pk) for pk in created.values_list("object_id", flat=True)]
    codes = []
    for user in User.objects.filter(pk__in=ids).order_by("role", "username"):
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is not None:
            counter = int(time.time()) // mfa_settings.TOTP_PERIOD
            value = hotp_value(decrypt(totp.data["secret"]), counter)
            codes.append((user.username, format_hotp_value(value)))
    return codes
