"""allauth adapters: no self sign-up, and TOTP can't be removed (MFA is required)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Staff invite every account; nobody signs themselves up.
        return False


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Every account must keep its authenticator app; recovery codes may be regenerated.
        return authenticator.type != Authenticator.Type.TOTP
