from __future__ import annotations

from django import forms

DATE = forms.DateInput(attrs={"type": "date", "class": "usa-input"})
TEXT = forms.TextInput(attrs={"class": "usa-input"})


class ConsumerSearchForm(forms.Form):
    """A case number, or a last name with a date of birth."""

    case_number = forms.CharField(label="Case number", required=False, max_length=20, widget=TEXT)
    last_name = forms.CharField(label="Last name", required=False, max_length=100, widget=TEXT)
    date_of_birth = forms.DateField(label="Date of birth", required=False, widget=DATE)
    household = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict:
        data = super().clean() or {}
        by_name = data.get("last_name") and data.get("date_of_birth")
        if not (data.get("case_number") or by_name or data.get("household")):
            raise forms.ValidationError("Give a case number, or a last name and a date of birth.")
        return data


class ActivitySearchForm(forms.Form):
    who = forms.CharField(
        label="User (username or email) or actor label", max_length=150, widget=TEXT
    )
    first = forms.DateField(label="From (business date)", widget=DATE)
    last = forms.DateField(label="To (business date, included)", widget=DATE)
    cursor = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("first") and data.get("last") and data["first"] > data["last"]:
            raise forms.ValidationError("The start date must not be after the end date.")
        return data
