from django import forms


class CycleStartForm(forms.Form):
    override_reason = forms.CharField(
        label="Reason to start before every carrier's final AOR file is out",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "usa-textarea"}),
        help_text="Only needed while the month is open; recorded in the audit log.",
    )
