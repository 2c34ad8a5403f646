from __future__ import annotations

import datetime as dt

from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, Q, QuerySet

from aordesk.accounts.models import User


def accounts_idle_since(*, cutoff: dt.datetime) -> QuerySet[User]:
    """Active accounts whose last sign-in and current active spell both began before cutoff."""
    no_recent_login = Q(last_login__lt=cutoff) | Q(last_login__isnull=True)
    old_spell = Q(active_since__lt=cutoff) | Q(active_since__isnull=True, date_joined__lt=cutoff)
    return User.objects.filter(no_recent_login & old_spell, is_active=True).order_by("pk")


def accounts_list() -> QuerySet[User]:
    """Every account, with whether it has an authenticator app (its set-up state)."""
    totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
    return (
        User.objects.select_related("broker", "agency")
        .annotate(has_authenticator=Exists(totp))
        .order_by("role", "username")
    )
