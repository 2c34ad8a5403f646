from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from aordesk.brokers.models import Broker
from aordesk.core.dates import parse_month
from aordesk.intake.gate import GateLimits
from aordesk.messaging.models import Message
from aordesk.messaging.replies import MAX_REPLY_FILE_BYTES


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
    )
    file = forms.FileField(label="Attach a file (up to 10 MB)", required=False)

    def clean_file(self) -> object:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > MAX_REPLY_FILE_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB.")
        return upload

    def clean(self) -> dict:
        data = super().clean() or {}
        if not (data.get("body") or "").strip() and not data.get("file"):
            raise forms.ValidationError("Write a reply or attach a file.")
        return data


MAX_SUBMISSION_BYTES = GateLimits().max_bytes
SUBMISSION_ACCEPT = ".xlsx,.csv"


def _submission_file_check(upload: UploadedFile | None) -> UploadedFile | None:
    # Anything else a file can be wrong with is intake's to say, in the acknowledgement.
    if upload is not None and (upload.size or 0) > MAX_SUBMISSION_BYTES:
        raise forms.ValidationError(
            "The file is larger than 20 MB. Split it into smaller files and send each."
        )
    return upload


class DiscrepancyForm(forms.Form):
    """A broker's own upload. `broker` is an id the view checks against the brokers the
    user may act for (a stranger's id is a 404, not a form error)."""

    broker = forms.IntegerField(label="For which broker", required=False)
    file = forms.FileField(
        label="Workbook (.xlsx) or CSV file, up to 20 MB",
        widget=forms.ClearableFileInput(
            attrs={"class": "usa-file-input", "accept": SUBMISSION_ACCEPT}
        ),
    )

    def __init__(self, *args: object, brokers: Sequence[Broker] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if len(brokers) > 1:
            choices = [("", "Choose a broker")] + [
                (b.pk, f"{b.first_name} {b.last_name} (NPN {b.npn})") for b in brokers
            ]
            self.fields["broker"].widget = forms.Select(
                choices=choices, attrs={"class": "usa-select"}
            )
            self.fields["broker"].required = True
        else:
            self.fields["broker"].widget = forms.HiddenInput()

    def clean_file(self) -> UploadedFile | None:
        return _submission_file_check(self.cleaned_data.get("file"))


class StaffSubmissionForm(forms.Form):
    """Staff record a file that came by another secure channel."""

    npn = forms.CharField(
        label="Broker NPN", max_length=10, widget=forms.TextInput(attrs={"class": "usa-input"})
    )
    received_at = forms.DateTimeField(
        label="Received at (Minnesota time; leave blank for now)",
        required=False,
        widget=forms.DateTimeInput(
            attrs={"class": "usa-input", "type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    file = forms.FileField(
        label="Workbook (.xlsx) or CSV file, up to 20 MB",
        widget=forms.ClearableFileInput(
            attrs={"class": "usa-file-input", "accept": SUBMISSION_ACCEPT}
        ),
    )

    def clean_npn(self) -> Broker:
        broker = Broker.objects.filter(npn=self.cleaned_data["npn"].strip()).first()
        if broker is None:
            raise forms.ValidationError("No broker has that NPN.")
        return broker

    def clean_received_at(self) -> dt.datetime | None:
        moment = self.cleaned_data.get("received_at")
        if moment is not None and moment > timezone.now():
            raise forms.ValidationError("The received time can't be in the future.")
        return moment

    def clean_file(self) -> UploadedFile | None:
        return _submission_file_check(self.cleaned_data.get("file"))


@dataclass(frozen=True)
class InboxFilter:
    """The inbox's filters, from the query string (unreadable values are ignored)."""

    npn: str = ""
    month: dt.date | None = None
    kind: str = ""

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> InboxFilter:
        try:
            month = parse_month(params.get("month", "")) if params.get("month") else None
        except ValueError:
            month = None
        kind = params.get("kind", "")
        return cls(
            npn=params.get("npn", "").strip()[:10],
            month=month,
            kind=kind if kind in Message.Kind.values else "",
        )

    def query(self) -> str:
        params = {
            "npn": self.npn,
            "month": f"{self.month:%Y-%m}" if self.month else "",
            "kind": self.kind,
        }
        return urlencode({k: v for k, v in params.items() if v})

    @property
    def active(self) -> bool:
        return bool(self.npn or self.month or self.kind)
