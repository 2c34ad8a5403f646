from __future__ import annotations

from django import forms

from aordesk.aor.acknowledgements import MAX_ACK_BYTES


class AckUploadForm(forms.Form):
    file = forms.FileField(
        label="The carrier's TA1 or 999 file, as received (up to 50 MB)",
        widget=forms.ClearableFileInput(attrs={"class": "usa-file-input"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data.get("file")
        if upload is not None and (upload.size or 0) > MAX_ACK_BYTES:
            raise forms.ValidationError(
                "The file is larger than 50 MB: it is not an acknowledgement."
            )
        return upload
