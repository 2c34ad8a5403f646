"""A broker's or an agency's registered email: the address notices go to. Every change is
kept in history and told to both the old and the new address."""

from __future__ import annotations

from functools import partial

from django.core.mail import send_mail
from django.db import transaction

from aordesk.accounts.models import AgencyEmailChange, User
from aordesk.brokers.models import Agency, Broker, BrokerEmailChange
from aordesk.core.audit import Actor, audit_record
from aordesk.core.errors import ApplicationError

EMAIL_CHANGE_NOTICE = (
    "The registered email address of an AOR desk account you use was changed.\n\n"
    "AOR desk notices now go to the new address. If you did not ask for this change,\n"
    "call the MNsure Broker Team at once.\n"
)


@transaction.atomic
def broker_email_change(*, broker: Broker, new_email: str, actor: Actor) -> BrokerEmailChange:
    """Change a broker's registered email, keep the history, and tell both addresses."""
    new_email, old_email = _checked(new_email, broker.email)
    change = BrokerEmailChange.objects.create(
        broker=broker,
        old_email=old_email,
        new_email=new_email,
        changed_by=actor.user,
        changed_by_label=actor.label,
    )
    broker.email = new_email
    broker.save(update_fields=["email"])
    # The broker's login follows the registered address (password resets go there).
    User.objects.filter(broker=broker).update(email=new_email)
    _recorded(
        actor=actor,
        owner="broker",
        owner_id=broker.pk,
        change_id=change.pk,
        addresses=(old_email, new_email),
    )
    return change


@transaction.atomic
def agency_email_change(*, agency: Agency, new_email: str, actor: Actor) -> AgencyEmailChange:
    """Change the address agency notices go to, keep the history, tell both addresses."""
    new_email, old_email = _checked(new_email, agency.admin_email)
    change = AgencyEmailChange.objects.create(
        agency=agency,
        old_email=old_email,
        new_email=new_email,
        changed_by=actor.user,
        changed_by_label=actor.label,
    )
    agency.admin_email = new_email
    agency.save(update_fields=["admin_email"])
    _recorded(
        actor=actor,
        owner="agency",
        owner_id=agency.pk,
        change_id=change.pk,
        addresses=(old_email, new_email),
    )
    return change


def _checked(new_email: str, old_email: str) -> tuple[str, str]:
    new_email = new_email.strip()
    if new_email.lower() == old_email.lower():
        raise ApplicationError("The new address is the same as the registered one.")
    return new_email, old_email


def _recorded(
    *, actor: Actor, owner: str, owner_id: int, change_id: int, addresses: tuple[str, str]
) -> None:
    """The audit event of a change, and the notice to the old and the new address."""
    audit_record(
        actor=actor,
        action=f"{owner}.email_change",
        object_type=owner,
        object_id=owner_id,
        detail={"change_id": change_id},
    )
    recipients = [address for address in addresses if address]
    transaction.on_commit(partial(_send_email_change_notices, recipients=recipients))


def _send_email_change_notices(*, recipients: list[str]) -> None:
    # One email per address so neither learns the other.
    for address in recipients:
        send_mail("Your AOR desk email address was changed", EMAIL_CHANGE_NOTICE, None, [address])
