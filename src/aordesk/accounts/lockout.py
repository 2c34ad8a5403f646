"""The lockout (django-axes) counts per account: the user name as sign-in matches it, and
failed TOTP codes as well as failed passwords."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest

LOCKED_OUT = "Too many failed sign-ins for this account. Try again in an hour."
# The sign-in form's field; allauth passes it to authenticate() as "username".
LOGIN_FIELD = "login"


def normalised_username(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: sign-in finds the account whatever the case and outer
    spaces, so the lockout must count `ADMIN@x` and `admin@x ` as the same account."""
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get(LOGIN_FIELD) or request.POST.get("username")
    return str(raw or "").strip().casefold()


def lockout_is_on(*, request: HttpRequest, username: str) -> bool:
    return bool(AxesProxyHandler.is_locked(request, credentials={"username": username}))


def lockout_count_failure(*, request: HttpRequest, username: str) -> None:
    """Count a wrong TOTP code against the account, as a wrong password is counted."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
