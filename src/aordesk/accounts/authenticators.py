"""A lost phone is not a dead end: staff reset a user's authenticator (audited with a
reason, a notice to the registered address); the user sets a new one up at next sign-in."""

from __future__ import annotations

from functools import partial

from allauth.mfa.models import Authenticator
from django.core.mail import send_mail
from django.db import transaction

from aordesk.accounts.models import User
from aordesk.core.audit import Actor, audit_record
from aordesk.core.errors import ApplicationError, TransitionError

RESET_NOTICE = (
    "The authenticator app of your AOR desk account was reset.\n\n"
    "At your next sign-in you will set up an authenticator app again, and get new\n"
    "recovery codes. If you did not ask for this, call the MNsure Broker Team at once.\n"
)


@transaction.atomic
def authenticator_reset(*, user: User, reason: str, actor: Actor) -> None:
    """Remove the user's authenticator app and recovery codes; the sign-in that follows
    asks for a new one (MFA stays required)."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Say why the authenticator is reset: it goes in the audit trail.")
    deleted, _ = Authenticator.objects.filter(user=user).delete()
    if not deleted:
        raise TransitionError("This account has no authenticator app set up yet.")
    audit_record(
        actor=actor,
        action="account.authenticator_reset",
        object_type="user",
        object_id=user.pk,
        detail={"reason": reason[:500]},
    )
    if user.email:
        transaction.on_commit(partial(_send_reset_notice, address=user.email))


@transaction.atomic
def authenticator_replace(*, user: User, actor: Actor) -> None:
    """The user's own reset (a new phone, or signed in with a recovery code after losing
    the old one): the old app and codes go, and set-up starts at once."""
    deleted, _ = Authenticator.objects.filter(user=user).delete()
    if not deleted:
        raise TransitionError("This account has no authenticator app set up yet.")
    audit_record(
        actor=actor, action="account.authenticator_replace", object_type="user", object_id=user.pk
    )
    if user.email:
        transaction.on_commit(partial(_send_reset_notice, address=user.email))


def _send_reset_notice(*, address: str) -> None:
    send_mail("Your AOR desk authenticator was reset", RESET_NOTICE, None, [address])
