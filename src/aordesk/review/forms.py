"""Forms of the review pages: the queue's filters and one small form per case action. Each
action posts to its own URL, so forms on one page differ by their ids, not their names."""

from __future__ import annotations

from typing import Any

from django import forms

from aordesk.intake.models import Claim
from aordesk.review.determination import InternalCode, broker_code_for
from aordesk.review.queue_query import AGE_BANDS, OPEN, QueueQuery

_TEXTAREA = {"class": "usa-textarea", "rows": 3}


def _label(code: InternalCode) -> str:
    shown = broker_code_for(code)
    text = code.value.replace("_", " ").capitalize()
    return text if shown.value == code.value else f"{text} (broker sees {shown.value})"


# NEEDS_INFO is never decided: the reviewer asks the broker instead.
DECIDABLE = [(code.value, _label(code)) for code in InternalCode if code != InternalCode.NEEDS_INFO]


_SELECT = {"class": "usa-select"}
PROPOSAL_CODES = [(code.value, code.value) for code in InternalCode]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Open (not decided)"), ("all", "Any status"), *Claim.Status.choices],
        widget=forms.Select(attrs=_SELECT),
    )
    age_band = forms.ChoiceField(
        label="Age (business days)",
        required=False,
        choices=[("", "Any age"), *[(band, band) for band in AGE_BANDS]],
        widget=forms.Select(attrs=_SELECT),
    )
    broker = forms.CharField(
        label="Broker NPN or name",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )
    proposal_code = forms.ChoiceField(
        label="Proposal",
        required=False,
        choices=[("", "Any proposal"), *PROPOSAL_CODES],
        widget=forms.Select(attrs=_SELECT),
    )
    confident = forms.ChoiceField(
        label="Confident",
        required=False,
        choices=[("", "Either"), ("yes", "Confident only"), ("no", "Not confident")],
        widget=forms.Select(attrs=_SELECT),
    )
    answered = forms.BooleanField(
        label="Broker answered",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
    )
    submission = forms.IntegerField(
        label="Submission",
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "usa-input"}),
    )
    sort = forms.ChoiceField(
        label="Sort",
        required=False,
        choices=[("queue", "Queue order"), ("oldest", "Oldest first"), ("newest", "Newest first")],
        widget=forms.Select(attrs=_SELECT),
    )

    def query(self) -> QueueQuery:
        """The filters as the queue reads them; what was not understood is ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        confident = {"yes": True, "no": False}.get(data.get("confident") or "")
        return QueueQuery(
            status=data.get("status") or OPEN,
            age_band=data.get("age_band") or "",
            broker=data.get("broker") or "",
            proposal_code=data.get("proposal_code") or "",
            confident=confident,
            answered=bool(data.get("answered")),
            submission_id=data.get("submission"),
            sort=data.get("sort") or "queue",
        )


class BulkConfirmForm(forms.Form):
    """The claims selected on a queue page; the service decides which may be confirmed."""

    claims = forms.Field(
        widget=forms.MultipleHiddenInput,
        error_messages={"required": "Select the confident proposals to confirm."},
    )

    def clean_claims(self) -> list[int]:
        values = self.cleaned_data.get("claims") or []
        if not all(str(value).isdigit() for value in values):
            raise forms.ValidationError("The selection was not understood; select again.")
        return [int(value) for value in values]


class ActionForm(forms.Form):
    """Ids prefixed by the action, so two forms on the case page never share one."""

    action = "action"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.action}_%s")
        super().__init__(*args, **kwargs)


class ConfirmForm(ActionForm):
    """The proposal's code as the reviewer saw it: if triage changed it meanwhile, the
    service refuses (another code without a note) rather than decide what was not shown."""

    action = "confirm"
    internal_code = forms.ChoiceField(choices=DECIDABLE, widget=forms.HiddenInput)


class OverrideForm(ActionForm):
    action = "override"
    internal_code = forms.ChoiceField(
        label="Determination",
        choices=[("", "Choose a determination"), *DECIDABLE],
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    note = forms.CharField(
        label="Why this determination and not the proposal (staff only)",
        max_length=2000,
        widget=forms.Textarea(attrs=_TEXTAREA),
        error_messages={"required": "Say why you chose another determination."},
    )


class InfoRequestForm(ActionForm):
    action = "request_info"
    needed = forms.CharField(
        label="What the broker needs to send (the broker reads this)",
        max_length=2000,
        widget=forms.Textarea(attrs=_TEXTAREA),
        error_messages={"required": "Write what the broker needs to send."},
    )


class ReleaseForm(ActionForm):
    """Nothing to fill in: it carries the CSRF token and any error the service raises."""

    action = "release"


class ReopenForm(ActionForm):
    action = "reopen"
    reason = forms.CharField(
        label="Why reopen this claim",
        max_length=2000,
        widget=forms.Textarea(attrs=_TEXTAREA),
        error_messages={"required": "Say why the claim is reopened."},
    )
