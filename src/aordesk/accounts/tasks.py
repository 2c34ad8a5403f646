from __future__ import annotations

from django_tasks import task

from aordesk.accounts.services import account_expire_inactive
from aordesk.core.audit import Actor


@task()
def expire_inactive_accounts() -> int:
    """Daily: disable accounts with no sign-in for 60 days (same as the command)."""
    return account_expire_inactive(actor=Actor.task("expire-inactive"))
