from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django import forms

from aordesk.core.dates import parse_month
from aordesk.incidents.models import PrivacyIncident
from aordesk.incidents.selectors import ReportRow


class NotOnMyListForm(forms.Form):
    """The rows of one report version to choose from, and a confirmation."""

    enrollments = forms.TypedMultipleChoiceField(
        label="Consumers who should not be on the list",
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
        error_messages={"required": "Choose at least one consumer."},
    )
    note = forms.CharField(
        label="Anything we should know (optional; no consumer names needed)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 3}),
    )
    confirm = forms.BooleanField(
        label="I confirm these consumers should not be on this list. The report will be "
        "withdrawn and a corrected version sent.",
        error_messages={"required": "Confirm to continue."},
    )

    def __init__(self, *args: object, rows: Sequence[ReportRow] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["enrollments"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(row.enrollment_id, row.enrollment_id) for row in rows]


class StaffReportLookupForm(forms.Form):
    npn = forms.CharField(
        label="Broker NPN", max_length=10, widget=forms.TextInput(attrs={"class": "usa-input"})
    )
    month = forms.CharField(
        label="Report month (YYYY-MM)",
        max_length=7,
        widget=forms.TextInput(attrs={"class": "usa-input", "placeholder": "2026-10"}),
    )

    def clean_month(self) -> dt.date:
        try:
            return parse_month(self.cleaned_data["month"])
        except ValueError as exc:
            raise forms.ValidationError("Give the month as YYYY-MM.") from exc


class IncidentUpdateForm(forms.Form):
    note = forms.CharField(
        label="Note (what was learned, who was told, why the decision)",
        max_length=5000,
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 4}),
    )
    consumer_notice = forms.ChoiceField(
        label="Consumer notification",
        choices=PrivacyIncident.ConsumerNotice.choices,
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    consumer_notice_on = forms.DateField(
        label="Consumers notified on",
        required=False,
        widget=forms.DateInput(attrs={"class": "usa-input", "type": "date"}),
    )
    close = forms.BooleanField(label="Close the incident", required=False)
