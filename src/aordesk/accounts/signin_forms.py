"""allauth's sign-in and code forms, with the cursor in the first field (MFA_FORMS,
ACCOUNT_FORMS), and the TOTP set-up form that keeps its pending secret."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm, ReauthenticateForm
from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as CodeReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal import auth as totp_auth
from django import forms

from aordesk.accounts.lockout import LOCKED_OUT, lockout_count_failure, lockout_is_on


def _focus(form: forms.Form, name: str) -> None:
    form.fields[name].widget.attrs["autofocus"] = True


class FocusedLoginForm(LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _focus(self, "login")


class FocusedReauthenticateForm(ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _focus(self, "password")


class FocusedAuthenticateForm(AuthenticateForm):
    """The code step of sign-in; a wrong code counts towards the lockout like a wrong
    password, and a locked account's code is not even checked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _focus(self, "code")

    def clean_code(self) -> str:
        request, username = context.request, self.user.get_username()
        if lockout_is_on(request=request, username=username):
            raise forms.ValidationError(LOCKED_OUT)
        try:
            return super().clean_code()
        except forms.ValidationError:
            lockout_count_failure(request=request, username=username)
            raise


class FocusedCodeReauthenticateForm(CodeReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _focus(self, "code")


class PendingSecretActivateTOTPForm(ActivateTOTPForm):
    """The set-up form, keeping one pending secret per session.

    allauth's form makes a new secret on every unbound (GET) form, so a reload, a second
    tab or the browser's favicon request redirected here replaces the secret behind the QR
    code being scanned, and every code typed is then "incorrect". The pending secret lives
    in the session until set-up completes (allauth clears it) or the session ends."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.user = kwargs.pop("user")
        forms.Form.__init__(self, *args, **kwargs)
        self.secret = totp_auth.get_totp_secret(regenerate=False)
        _focus(self, "code")
