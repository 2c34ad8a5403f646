from django import forms

from aordesk.directory.search import DirectorySearch


class DirectorySearchForm(forms.Form):
    npn = forms.CharField(label="NPN", required=False, max_length=10)
    name = forms.CharField(label="Name", required=False, max_length=100)
    agency = forms.CharField(label="Agency (code or name)", required=False, max_length=200)
    email = forms.CharField(label="Registered email", required=False, max_length=254)

    def clean_npn(self) -> str:
        npn = self.cleaned_data["npn"].strip()
        if npn and not npn.isdigit():
            raise forms.ValidationError("An NPN is made of digits only.")
        return npn

    def search(self) -> DirectorySearch:
        data = self.cleaned_data
        return DirectorySearch(
            npn=data["npn"],
            name=data["name"].strip(),
            agency=data["agency"].strip(),
            email=data["email"].strip(),
        )
