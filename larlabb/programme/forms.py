"""Kansliet's forms for projects, their people, programme and budget."""

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any, Final, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from larlabb.core.validators import name_validate
from larlabb.network.forms import MARKDOWN_HELP
from larlabb.network.models import Organisation
from larlabb.programme.models import LearningProject, ProgrammeBlock, Workshop

type Fieldsets = Sequence[tuple[str | Promise, Sequence[str]]]

# The invitation's sections in the order the invitation shows them; address and demo marking,
# which the invitation does not show, come last.
PROJECT_FIELDSETS: Final[Fieldsets] = (
    (_("Rubrik och ingress"), ("title", "subtitle", "lead")),
    (_("Bakgrund och om lärprojektet"), ("background", "about")),
    (_("Varför och förväntat resultat"), ("purpose", "expected_results")),
    (
        _("Vem"),
        (
            "target_group",
            "min_participants_per_organisation",
            "max_participants_per_organisation",
        ),
    ),
    (_("Hur och ledning"), ("way_of_working", "leadership")),
    (_("Program"), ("programme_intro", "programme_is_preliminary")),
    (
        _("Anmälan och avgift"),
        (
            "registration_info",
            "fee_sek",
            "costs_note",
            "min_organisations",
            "registration_deadline",
        ),
    ),
    (_("Information och dokumentation"), ("documentation_info",)),
    (_("Adress och märkning"), ("slug", "is_demo")),
)

WORKSHOP_FIELDSETS: Final[Fieldsets] = (
    (_("Workshop"), ("number", "block", "title", "format", "is_preliminary")),
    (_("Tid (svensk tid)"), ("start_date", "start_time", "end_date", "end_time", "lunch_to_lunch")),
    (_("Plats"), ("city", "venue", "address", "online_url")),
    (_("Övrigt"), ("note",)),
)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class FieldsetsMixin:
    """A form whose template shows its fields in labelled groups (`form.fieldsets`)."""

    fieldset_layout: Fieldsets = ()

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        form = cast(forms.BaseForm, self)
        return [
            (str(legend), [form[name] for name in names]) for legend, names in self.fieldset_layout
        ]


class ProjectForm(FieldsetsMixin, forms.ModelForm[LearningProject]):
    fieldset_layout = PROJECT_FIELDSETS

    class Meta:
        model = LearningProject
        fields = [name for _legend, names in PROJECT_FIELDSETS for name in names]
        widgets = {"registration_deadline": _date_input()}
        help_texts = {
            "slug": _(
                "Används i sidans adress, till exempel hallbara-livsmiljoer-2024. "
                "Lämna tomt så skapas det från titeln."
            ),
            "min_participants_per_organisation": _("Från 1 till 4."),
            "max_participants_per_organisation": _("Från 1 till 4."),
        }
        error_messages = {"fee_sek": {"min_value": _("Avgiften kan inte vara negativ.")}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.help_text = MARKDOWN_HELP
                field.widget.attrs["rows"] = 6
            if name.endswith("_participants_per_organisation"):
                field.widget.attrs.update({"min": 1, "max": 4})
        self.fields["slug"].required = False
        self.fields["fee_sek"].widget.attrs["min"] = 0
        self.fields["min_organisations"].widget.attrs["min"] = 1

    # The slug's uniqueness and the limits on participants and organisations are the
    # service's rules (`project_check`), with messages beside each field. Django's own checks
    # of the same, from the model, would show generic messages at the top instead.
    def validate_unique(self) -> None:
        pass

    def validate_constraints(self) -> None:
        pass


class BlockForm(forms.ModelForm[ProgrammeBlock]):
    class Meta:
        model = ProgrammeBlock
        fields = ["title", "intro", "agenda"]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "intro": MARKDOWN_HELP,
            "agenda": _("En punkt per rad."),
        }


class WorkshopForm(FieldsetsMixin, forms.ModelForm[Workshop]):
    """Start and end as a date and clock times in Stockholm time, as staff think of them."""

    fieldset_layout = WORKSHOP_FIELDSETS

    start_date = forms.DateField(label=_("Datum"), widget=_date_input())
    start_time = forms.TimeField(label=_("Börjar kl."), widget=_time_input())
    end_date = forms.DateField(
        label=_("Slutdatum"),
        required=False,
        help_text=_("Bara för träffar över flera dagar, till exempel lunch–lunch."),
        widget=_date_input(),
    )
    end_time = forms.TimeField(label=_("Slutar kl."), widget=_time_input())

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
        error_messages = {
            "online_url": {"invalid": _("Skriv en hel adress som börjar med https://.")},
        }

    def __init__(self, *args: Any, project: LearningProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        block = self.fields["block"]
        assert isinstance(block, forms.ModelChoiceField)
        block.queryset = project.blocks.all()
        block.empty_label = None
        block.help_text = _("Texten och programpunkterna som workshopen visar.")
        self.fields["number"].widget.attrs["min"] = 1
        if self.instance.pk:
            start = timezone.localtime(self.instance.starts_at)
            end = timezone.localtime(self.instance.ends_at)
            self.initial.update(
                start_date=start.date(),
                start_time=start.time(),
                end_date=end.date() if end.date() != start.date() else None,
                end_time=end.time(),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start_date, start_time = cleaned.get("start_date"), cleaned.get("start_time")
        end_time = cleaned.get("end_time")
        if start_date and start_time and end_time and "end_date" not in self.errors:
            end_date = cleaned.get("end_date") or start_date
            cleaned["starts_at"] = _stockholm(start_date, start_time)
            cleaned["ends_at"] = _stockholm(end_date, end_time)
        return cleaned

    def workshop_fields(self) -> dict[str, Any]:
        """What could be read for the service: the model's fields, start and end as moments.

        Before the form is valid some are missing; the service then checks the rest.
        """
        names = (*self.Meta.fields, "starts_at", "ends_at")
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}

    def service_fields(self) -> dict[str, str]:
        """The fields where the service's errors about start and end belong on this form:
        an end date before the start is the end date's fault, otherwise the end time's."""
        start_date, end_date = (
            self.cleaned_data.get("start_date"),
            self.cleaned_data.get("end_date"),
        )
        wrong_day = start_date is not None and end_date is not None and end_date < start_date
        return {"starts_at": "start_date", "ends_at": "end_date" if wrong_day else "end_time"}

    def _post_clean(self) -> None:
        # starts_at/ends_at are not form fields: the model's own checks need them set first.
        self.instance.project = self.project
        if "starts_at" in self.cleaned_data:
            self.instance.starts_at = self.cleaned_data["starts_at"]
            self.instance.ends_at = self.cleaned_data["ends_at"]
        super()._post_clean()  # type: ignore[misc]


def _stockholm(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


class LeaderForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200, validators=[name_validate])
    role = forms.CharField(
        label=_("Roll"), max_length=200, help_text=_("Till exempel ”processledare”.")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Nätverket självt"),
    )
    email = forms.EmailField(label=_("E-post"), required=False)

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            _limit_choices(self.fields["organisation"], organisations)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200, validators=[name_validate])
    email = forms.EmailField(label=_("E-post"))
    topic = forms.CharField(
        label=_("Frågor om"), max_length=200, help_text=_("Till exempel ”praktiska frågor”.")
    )


class CollaboratorForm(forms.Form):
    name = forms.CharField(
        label=_("Samverkansaktör"),
        max_length=200,
        help_text=_("Som namnet visas i inbjudan."),
        validators=[name_validate],
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation i nätverket"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Ingen av nätverkets organisationer"),
        help_text=_("Bara om aktören är en av nätverkets organisationer."),
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            _limit_choices(self.fields["organisation"], organisations)


def _limit_choices(field: forms.Field, organisations: QuerySet[Organisation]) -> None:
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = organisations


class BudgetLineForm(forms.Form):
    label = forms.CharField(label=_("Kostnad"), max_length=200)
    amount_sek = forms.IntegerField(
        label=_("Belopp (kr)"),
        min_value=0,
        error_messages={"min_value": _("Beloppet kan inte vara negativt.")},
    )


LeaderFormSet = forms.formset_factory(LeaderForm, extra=1, can_delete=True)
ContactFormSet = forms.formset_factory(ContactForm, extra=1, can_delete=True)
CollaboratorFormSet = forms.formset_factory(CollaboratorForm, extra=1, can_delete=True)
BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=2, can_delete=True)


def formset_rows(formset: forms.BaseFormSet[Any]) -> list[dict[str, Any]]:
    """The rows someone filled in and did not mark for removal, in order."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
