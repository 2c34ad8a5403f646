from __future__ import annotations

from django import forms
from django.http import HttpRequest

from aordesk.accounts.lockout import LOCKED_OUT, lockout_count_failure, lockout_is_on
from aordesk.accounts.models import User
from aordesk.brokers.models import Agency, Broker


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(label="New registered email address", max_length=254)
    password = forms.CharField(
        label="Your password (to confirm it is you)", widget=forms.PasswordInput, strip=False
    )

    def __init__(self, *args: object, user: User, request: HttpRequest, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user, self.request = user, request

    def clean_password(self) -> str:
        # Throttled like sign-in: wrong passwords here count towards the account's lockout.
        password = self.cleaned_data["password"]
        username = self.user.get_username()
        if lockout_is_on(request=self.request, username=username):
            raise forms.ValidationError(LOCKED_OUT)
        if not self.user.check_password(password):
            lockout_count_failure(request=self.request, username=username)
            raise forms.ValidationError("That is not your password.")
        return password


class InviteForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=User.Role.choices)
    email = forms.EmailField(label="Email address for the invitation", max_length=254)
    npn = forms.CharField(label="Broker NPN (brokers only)", required=False, max_length=10)
    agency_code = forms.CharField(
        label="Agency code (agency administrators only)", required=False, max_length=20
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        data["broker"] = data["agency"] = None
        if data.get("npn"):
            data["broker"] = Broker.objects.filter(npn=data["npn"]).first()
            if data["broker"] is None:
                self.add_error("npn", "No broker has that NPN.")
        if data.get("agency_code"):
            data["agency"] = Agency.objects.filter(code=data["agency_code"]).first()
            if data["agency"] is None:
                self.add_error("agency_code", "No agency has that code.")
        return data


class PasswordConfirmForm(forms.Form):
    """Just the password, checked and throttled as on the registered-email form."""

    password = forms.CharField(label="Your password", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: object, user: User, request: HttpRequest, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user, self.request = user, request

    clean_password = EmailChangeForm.clean_password
