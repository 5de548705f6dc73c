"""Kansliet's forms for building and copying exercises. Each keeps what was typed when it
is sent back with errors."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from larlabb.programme.models import Workshop
from larlabb.workshops.models import Exercise

_STEP_NUMBER = re.compile(r"^\s*\d+[.)]\s*")


class _WorkshopChoice(forms.ModelChoiceField[Workshop]):
    def label_from_instance(self, obj: Workshop) -> str:
        return f"{obj.project.title}: {obj}"


def workshop_choice(*, required: bool, empty_label: str) -> _WorkshopChoice:
    return _WorkshopChoice(
        label=_("Workshop"),
        queryset=Workshop.objects.select_related("project", "block").order_by(
            "-starts_at", "number"
        ),
        required=required,
        empty_label=empty_label,
        error_messages={"required": _("Välj vilken workshop övningen ska höra till.")},
    )


class ExerciseForm(forms.Form):
    title = forms.CharField(
        label=_("Rubrik"),
        max_length=200,
        error_messages={
            "required": _("Ge övningen en rubrik."),
            "max_length": _("Rubriken får vara högst 200 tecken."),
        },
    )
    workshop = workshop_choice(required=False, empty_label=str(_("Ingen: fristående övning")))
    is_template = forms.BooleanField(
        label=_("Mall som andra övningar kan börja från"), required=False
    )
    instruction = forms.CharField(
        label=_("Instruktion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: *kursiv*, **fet**, tom rad mellan stycken."),
    )
    steps = forms.CharField(
        label=_("Steg"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ett steg per rad. Stegen numreras på tavlan."),
    )
    closing_note = forms.CharField(
        label=_("Avslutande rad"),
        max_length=300,
        required=False,
        help_text=_("Till exempel ”Ni har 40 minuter totalt.”"),
        error_messages={"max_length": _("Raden får vara högst 300 tecken.")},
    )
    summary = forms.CharField(
        label=_("Sammanfattningsrutans rubrik"),
        max_length=300,
        help_text=_("Rutan där gruppen sammanfattar sitt samtal."),
        error_messages={
            "required": _("Skriv rubriken på rutan där gruppen sammanfattar."),
            "max_length": _("Rubriken får vara högst 300 tecken."),
        },
    )
    bonus = forms.CharField(
        label=_("Bonusfråga"),
        max_length=300,
        required=False,
        help_text=_("Valfri: en extra ruta för grupper som har tid över."),
        error_messages={"max_length": _("Bonusfrågan får vara högst 300 tecken.")},
    )
    group_size = forms.IntegerField(
        label=_("Personer per grupp, ungefär"),
        min_value=2,
        max_value=20,
        initial=4,
        error_messages={
            "required": _("Ange hur många personer en grupp ska ha."),
            "min_value": _("En grupp behöver minst två personer."),
            "max_value": _("Högst 20 personer per grupp."),
            "invalid": _("Skriv ett heltal, till exempel 4."),
        },
    )

    def clean_steps(self) -> list[str]:
        # Steps are numbered on the board, so numbers typed by habit are not doubled.
        lines = self.cleaned_data["steps"].splitlines()
        return [_STEP_NUMBER.sub("", line).strip() for line in lines if line.strip()]


class QuestionForm(forms.Form):
    title = forms.CharField(
        label=_("Fråga"),
        max_length=300,
        help_text=_("Blir en ruta på tavlan."),
        error_messages={
            "required": _("Skriv frågan, eller markera raden för borttagning."),
            "max_length": _("Frågan får vara högst 300 tecken."),
        },
    )


class PhaseRowForm(forms.Form):
    title = forms.CharField(
        label=_("Fas"),
        max_length=200,
        error_messages={
            "required": _("Skriv vad gruppen gör i fasen."),
            "max_length": _("Rubriken får vara högst 200 tecken."),
        },
    )
    minutes = forms.IntegerField(
        label=_("Minuter"),
        min_value=1,
        error_messages={
            "required": _("Ange hur många minuter fasen tar."),
            "min_value": _("En fas tar minst en minut."),
            "invalid": _("Skriv ett heltal, till exempel 30."),
        },
    )
    hides_others = forms.BooleanField(
        label=_("Skriv själv först"),
        required=False,
        help_text=_("De andras lappar är dolda tills du visar dem."),
    )


class _AtLeastOne(forms.BaseFormSet):  # type: ignore[type-arg]
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": _("Övningen behöver minst en rad här."),
    }

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Plats i ordningen")
        form.fields["ORDER"].help_text = _("Ändra för att flytta raden.")
        form.fields["DELETE"].label = _("Ta bort")


QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=_AtLeastOne,
    extra=1,
    can_order=True,
    can_delete=True,
    min_num=1,
    validate_min=True,
)


PhaseFormSet = forms.formset_factory(
    PhaseRowForm,
    formset=_AtLeastOne,
    extra=1,
    can_order=True,
    can_delete=True,
    min_num=1,
    validate_min=True,
)


def ordered_rows(formset: forms.BaseFormSet[Any]) -> list[dict[str, Any]]:
    """The filled-in rows not marked for removal, in the order staff numbered them."""
    return [form.cleaned_data for form in formset.ordered_forms if form.cleaned_data]


def unbound_copy[FormT: forms.BaseForm](form: FormT, **kwargs: Any) -> FormT:
    """The same form showing what was typed, without errors: for adding a row."""
    initial = {name: form[name].value() for name in form.fields}
    return type(form)(initial=initial, **kwargs)


def formset_unbound_copy[FormSetT: forms.BaseFormSet[Any]](formset: FormSetT) -> FormSetT:
    """The rows as typed, rows marked for removal left out, and one blank row more."""
    rows = []
    blank = 0
    for form in formset.forms:
        values = {name: form[name].value() for name in form.fields}
        if formset.can_delete and forms.BooleanField().to_python(values.pop("DELETE", False)):
            continue
        if any(value not in (None, "", False) for value in values.values()):
            rows.append(values)
        else:
            blank += 1
    copy = type(formset)(initial=rows, prefix=formset.prefix)
    # Blank rows stay blank rows at the end, so they are not required when sent.
    copy.extra = blank + 1
    return copy


class _ExerciseChoice(forms.ModelChoiceField[Exercise]):
    def label_from_instance(self, obj: Exercise) -> str:
        return exercise_label(obj)


class CopyForm(forms.Form):
    source = _ExerciseChoice(
        label=_("Övning att kopiera"),
        queryset=Exercise.objects.none(),
        empty_label=_("Välj övning"),
        error_messages={"required": _("Välj övningen som ska kopieras.")},
    )
    workshop = workshop_choice(required=False, empty_label=str(_("Ingen: fristående övning")))

    def __init__(self, *args: Any, sources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["source"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sources


def exercise_label(obj: Exercise) -> str:
    if obj.is_template:
        return str(_("Mall: %(title)s") % {"title": obj.title})
    if obj.workshop is not None:
        return f"{obj.title} ({obj.workshop.project.title}, {obj.workshop})"
    return obj.title
