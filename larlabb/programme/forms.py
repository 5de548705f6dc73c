from datetime import datetime, time
from typing import Any, Final

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from larlabb.network.models import Organisation
from larlabb.programme.models import BudgetLine, LearningProject, ProgrammeBlock, Workshop

MARKDOWN_HELP: Final = _("Markdown: **fet**, *kursiv*, - punktlista, [länk](https://…).")

PROJECT_FIELDSETS: Final = (
    (
        _("Grunduppgifter"),
        ("title", "subtitle", "slug", "is_demo", "programme_is_preliminary"),
    ),
    (
        _("Anmälan och avgift"),
        (
            "registration_deadline",
            "fee_sek",
            "costs_note",
            "min_organisations",
            "min_participants_per_organisation",
            "max_participants_per_organisation",
        ),
    ),
    (
        _("Inbjudans texter, i inbjudans ordning"),
        (
            "lead",
            "background",
            "about",
            "purpose",
            "expected_results",
            "target_group",
            "way_of_working",
            "leadership",
            "programme_intro",
            "registration_info",
            "documentation_info",
        ),
    ),
)


class ProjectForm(forms.ModelForm[LearningProject]):
    class Meta:
        model = LearningProject
        fields = [name for _, names in PROJECT_FIELDSETS for name in names]
        widgets = {
            "registration_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "slug": {"unique": _("Det kortnamnet används redan av ett annat projekt.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.help_text = MARKDOWN_HELP
                field.widget.attrs["rows"] = 6
            if name.endswith("_participants_per_organisation"):
                field.widget.attrs.update({"min": 1, "max": 4})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low = cleaned.get("min_participants_per_organisation")
        high = cleaned.get("max_participants_per_organisation")
        for name in ("min_participants_per_organisation", "max_participants_per_organisation"):
            value = cleaned.get(name)
            if value is not None and not 1 <= value <= 4:
                self.add_error(name, _("Ange ett antal från 1 till 4."))
        if low is not None and high is not None and low > high:
            self.add_error(
                "max_participants_per_organisation",
                _("Högsta antalet kan inte vara lägre än lägsta antalet."),
            )
        return cleaned

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in PROJECT_FIELDSETS]


class BlockForm(forms.ModelForm[ProgrammeBlock]):
    class Meta:
        model = ProgrammeBlock
        fields = ["title", "intro", "agenda"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }


class WorkshopForm(forms.ModelForm[Workshop]):
    """Start and end as a date and clock times in Stockholm time, as staff think of them."""

    start_date = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Börjar kl."), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_date = forms.DateField(
        label=_("Slutdatum"),
        required=False,
        help_text=_("Bara för träffar över flera dagar, till exempel lunch–lunch."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_time = forms.TimeField(
        label=_("Slutar kl."), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    class Meta:
        model = Workshop
        fields = [
            "number",
            "block",
            "title",
            "format",
            "lunch_to_lunch",
            "city",
            "venue",
            "address",
            "online_url",
            "is_preliminary",
            "note",
        ]

    def __init__(self, *args: Any, project: LearningProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["block"].queryset = project.blocks.all()  # type: ignore[attr-defined]
        self.order_fields(
            [
                "number",
                "block",
                "title",
                "format",
                "start_date",
                "start_time",
                "end_date",
                "end_time",
                "lunch_to_lunch",
            ]
        )
        if self.instance.pk:
            start = timezone.localtime(self.instance.starts_at)
            end = timezone.localtime(self.instance.ends_at)
            self.initial.update(
                start_date=start.date(),
                start_time=start.time(),
                end_date=end.date() if end.date() != start.date() else None,
                end_time=end.time(),
            )

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        taken = self.project.workshops.filter(number=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Det finns redan en workshop med det numret."))
        return number

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start_date, start_time = cleaned.get("start_date"), cleaned.get("start_time")
        end_time = cleaned.get("end_time")
        if start_date and start_time and end_time:
            end_date = cleaned.get("end_date") or start_date
            starts_at = _stockholm(start_date, start_time)
            ends_at = _stockholm(end_date, end_time)
            if ends_at <= starts_at:
                self.add_error("end_time", _("Slutet måste komma efter starten."))
            cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned

    def workshop_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        fields["starts_at"] = self.cleaned_data["starts_at"]
        fields["ends_at"] = self.cleaned_data["ends_at"]
        return fields

    def _post_clean(self) -> None:
        # starts_at/ends_at are not form fields: validate the model after setting them.
        if "starts_at" in self.cleaned_data:
            self.instance.starts_at = self.cleaned_data["starts_at"]
            self.instance.ends_at = self.cleaned_data["ends_at"]
            self.instance.project = self.project
        super()._post_clean()  # type: ignore[misc]


def _stockholm(day: Any, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


class LeaderForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    role = forms.CharField(
        label=_("Roll"), max_length=200, help_text=_("Till exempel ”processledare”.")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Tom: nätverket självt."),
    )
    email = forms.EmailField(label=_("E-post"), required=False)

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    email = forms.EmailField(label=_("E-post"))
    topic = forms.CharField(
        label=_("Frågor om"), max_length=200, help_text=_("Till exempel ”praktiska frågor”.")
    )


class CollaboratorForm(forms.Form):
    name = forms.CharField(label=_("Samverkansaktör"), max_length=200)


LeaderFormSet = forms.formset_factory(LeaderForm, extra=1, can_delete=True)
ContactFormSet = forms.formset_factory(ContactForm, extra=1, can_delete=True)
CollaboratorFormSet = forms.formset_factory(CollaboratorForm, extra=2, can_delete=True)

BudgetLineFormSet = forms.inlineformset_factory(
    LearningProject,
    BudgetLine,
    fields=["label", "amount_sek", "position"],
    extra=2,
    can_delete=True,
)
