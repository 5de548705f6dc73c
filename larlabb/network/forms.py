import json
from typing import Any, Final

from django import forms
from django.utils.translation import gettext_lazy as _

from larlabb.core.validators import name_validate
from larlabb.network.models import Network, Organisation

# Every long text on the site is Markdown, sanitised when it is shown.
MARKDOWN_HELP: Final = _("Markdown: **fet**, *kursiv*, - punktlista")


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

    MARKDOWN_FIELDS: Final = ("accessibility_statement", "privacy_notice")

    def __init__(self, *args: Any, preview_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].validators.append(name_validate)
        for name in self.MARKDOWN_FIELDS:
            field = self.fields[name]
            field.help_text = MARKDOWN_HELP
            if preview_url:
                # Live preview while typing; the preview button does the same without JS.
                field.widget.attrs.update(
                    {
                        "hx-post": preview_url,
                        "hx-trigger": "input changed delay:600ms",
                        "hx-target": f"#preview-{name}-body",
                        "hx-swap": "innerHTML",
                        "hx-vals": json.dumps({"preview_field": name}),
                    }
                )


class OrganisationForm(forms.ModelForm[Organisation]):
    """The name's uniqueness in the network is the service's rule (`organisation_check`)."""

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "relationship", "website"]

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.network = network
        for name in ("name", "short_name"):
            self.fields[name].validators.append(name_validate)


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
