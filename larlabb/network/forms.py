from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from larlabb.network.models import Network, Organisation

MARKDOWN_HELP = _("Markdown: ### rubrik, **fet**, *kursiv*, - punktlista, [länk](https://…).")


class NetworkTextsForm(forms.ModelForm[Network]):
    class Meta:
        model = Network
        fields = [
            "name",
            "tagline",
            "contact_email",
            "website",
            "accessibility_statement",
            "privacy_notice",
        ]
        widgets = {
            "accessibility_statement": forms.Textarea(attrs={"rows": 16}),
            "privacy_notice": forms.Textarea(attrs={"rows": 16}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("accessibility_statement", "privacy_notice"):
            self.fields[name].help_text = MARKDOWN_HELP


class OrganisationForm(forms.ModelForm[Organisation]):
    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "relationship", "website"]

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.network = network

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        taken = Organisation.objects.filter(network=self.instance.network, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Organisationen finns redan i nätverket."))
        return name


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Sök"), required=False)
    kind = forms.ChoiceField(
        label=_("Typ"), required=False, choices=[("", _("Alla typer")), *Organisation.Kind.choices]
    )
    relationship = forms.ChoiceField(
        label=_("Relation"),
        required=False,
        choices=[("", _("Alla")), *Organisation.Relationship.choices],
    )
