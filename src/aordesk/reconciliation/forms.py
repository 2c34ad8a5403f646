from __future__ import annotations

from django import forms

from aordesk.carriers.models import Carrier
from aordesk.core.dates import parse_month
from aordesk.reconciliation.models import Mismatch

ROSTER_ACCEPT = ".csv,.x12,.edi,.834,.txt"


class RosterUploadForm(forms.Form):
    carrier = forms.ModelChoiceField(
        queryset=Carrier.objects.filter(active=True).order_by("display_name"),
        empty_label="Choose the carrier",
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    file = forms.FileField(
        label="Roster: CSV (.csv), or for an X12 carrier the 834 audit file (.x12, .edi)",
        widget=forms.ClearableFileInput(attrs={"class": "usa-file-input", "accept": ROSTER_ACCEPT}),
    )


class WorkListFilter(forms.Form):
    """The work list's filters, kept in the URL so a filtered list can be shared."""

    carrier = forms.ModelChoiceField(
        queryset=Carrier.objects.order_by("display_name"),
        required=False,
        to_field_name="code",
        empty_label="Every carrier",
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    month = forms.CharField(
        required=False,
        label="Month (YYYY-MM; blank: the current rosters)",
        widget=forms.TextInput(attrs={"class": "usa-input", "placeholder": "2026-12"}),
    )
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "Every kind"), *Mismatch.Kind.choices],
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Every status"), *Mismatch.Status.choices],
        widget=forms.Select(attrs={"class": "usa-select"}),
    )

    def clean_month(self) -> object:
        text = self.cleaned_data["month"].strip()
        if not text:
            return None
        try:
            return parse_month(text)
        except ValueError:
            raise forms.ValidationError(
                "Write the month as YYYY-MM, for example 2026-12."
            ) from None


class MismatchActionForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=1000,
        label="Note",
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 2}),
    )
