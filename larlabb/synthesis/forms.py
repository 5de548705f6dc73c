from typing import Any, Final, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from larlabb.programme.models import LearningProject, Workshop
from larlabb.synthesis.services import STATEMENT_MAX_LENGTH

STATEMENT_REQUIRED: Final = _("Skriv en text, eller ta bort påståendet i stället.")


class StatementForm(forms.Form):
    """One statement's new text. Built with the statement's key as prefix, so the many forms
    on a synthesis page have distinct ids."""

    text = forms.CharField(
        label=_("Ny text"),
        max_length=STATEMENT_MAX_LENGTH,
        help_text=_("Lapparna som påståendet bygger på följer med."),
        error_messages={
            "required": STATEMENT_REQUIRED,
            "max_length": _("Texten får vara högst %(limit_value)d tecken (nu %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class _WorkshopChoice(forms.ModelChoiceField[Workshop]):
    def label_from_instance(self, obj: Workshop) -> str:
        return f"{obj.number}. {obj.display_title}"


class PlanExerciseForm(forms.Form):
    workshop = _WorkshopChoice(
        label=_("Workshop"),
        queryset=Workshop.objects.none(),
        required=False,
        empty_label=_("Ingen workshop ännu"),
        help_text=_("Övningen kopplas till den workshop du väljer; det går att ändra sedan."),
    )

    def __init__(self, *args: Any, project: LearningProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(_WorkshopChoice, self.fields["workshop"])
        field.queryset = project.workshops.select_related("block").order_by("number")
