"""allauth adapters: no self sign-up, and TOTP can't be removed (MFA is required)."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff invite every account; nobody signs themselves up.
        return False

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        # allauth sends a disabled account with the right password to "account inactive",
        # which tells a guesser the password is right: answer as for a wrong password.
        user = super().authenticate(request, **credentials)
        if user is not None and not user.is_active:
            return None
        return user

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        # allauth counts only a password typed on its "confirm it is you" page; a password
        # typed at sign-in a moment ago proves as much, so a new user is not asked twice
        # on the way to setting up the authenticator.
        if self.request is not None and _signed_in_recently(self.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def _signed_in_recently(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    at = max((r.get("at", 0) for r in records if r.get("method") == "password"), default=0)
    return time.time() - at < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Every account must keep its authenticator app; recovery codes may be regenerated.
        return authenticator.type != Authenticator.Type.TOTP
