from __future__ import annotations

from django import forms

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
