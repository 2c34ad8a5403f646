from __future__ import annotations

from django import forms

from aordesk.accounts.models import User
from aordesk.brokers.models import Agency, Broker


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(label="New registered email address", max_length=254)
    password = forms.CharField(
        label="Your password (to confirm it is you)", widget=forms.PasswordInput, strip=False
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
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
