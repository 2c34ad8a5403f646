"""Forms of the staff inbox, the thread page and staff compose."""

from __future__ import annotations

from typing import Any

from django import forms

from aordesk.brokers.models import Agency, Broker
from aordesk.messaging.models import Thread
from aordesk.messaging.replies import MAX_REPLY_FILE_BYTES
from aordesk.messaging.threads import MAX_FILES

_TEXT = {"class": "usa-input"}
_AREA = {"class": "usa-textarea", "rows": 6, "maxlength": 5000}


class InboxFilterForm(forms.Form):
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("needs_answer", "Needs an answer"),
            ("mine", "Assigned to me"),
            ("overdue", "Overdue"),
            ("all", "All threads"),
        ],
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    broker = forms.CharField(
        label="Broker NPN or name", required=False, max_length=100, widget=forms.TextInput(_TEXT)
    )
    agency = forms.CharField(
        label="Agency code or name", required=False, max_length=100, widget=forms.TextInput(_TEXT)
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Up to MAX_FILES files of at most 10 MB each; none is fine."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "usa-file-input"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Attach at most {MAX_FILES} files.")
        cleaned = [super(FilesField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            if upload.size > MAX_REPLY_FILE_BYTES:
                raise forms.ValidationError(f"{upload.name} is larger than 10 MB.")
        return cleaned


class AnswerForm(forms.Form):
    body = forms.CharField(
        label="Your answer (the broker or agency reads this)",
        max_length=5000,
        widget=forms.Textarea(attrs=_AREA),
        error_messages={"required": "Write the answer the broker or agency will read."},
    )
    attachments = FilesField(label=f"Attach files (up to {MAX_FILES}, 10 MB each)")


class CloseForm(forms.Form):
    closing = forms.ChoiceField(
        label="Close as",
        choices=[
            (Thread.Closing.ANSWERED, "Answered (by phone or elsewhere)"),
            (Thread.Closing.NO_ANSWER_NEEDED, "No answer needed"),
        ],
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
    )
    note = forms.CharField(
        label="Note (staff only)",
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "usa-textarea", "rows": 3}),
        error_messages={"required": "Say in a note why the thread is closed."},
    )


class ComposeForm(forms.Form):
    to = forms.ChoiceField(
        label="To",
        choices=[("broker", "A broker (NPN)"), ("agency", "An agency (code)")],
        widget=forms.RadioSelect(attrs={"class": "usa-radio__input"}),
    )
    recipient = forms.CharField(
        label="Broker NPN or agency code", max_length=20, widget=forms.TextInput(_TEXT)
    )
    subject = forms.CharField(label="Subject", max_length=200, widget=forms.TextInput(_TEXT))
    body = forms.CharField(label="Message", max_length=5000, widget=forms.Textarea(attrs=_AREA))
    attachments = FilesField(label=f"Attach files (up to {MAX_FILES}, 10 MB each)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        to, key = data.get("to"), (data.get("recipient") or "").strip()
        if to == "broker" and key:
            data["broker"] = Broker.objects.filter(npn=key).first()
            if data["broker"] is None:
                self.add_error("recipient", "No broker has that NPN.")
        elif to == "agency" and key:
            data["agency"] = Agency.objects.filter(code__iexact=key).first()
            if data["agency"] is None:
                self.add_error("recipient", "No agency has that code.")
        return data
