from typing import Any, Final

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from larlabb.core.validators import name_validate
from larlabb.network.models import Organisation
from larlabb.programme.models import Workshop
from larlabb.workshops.exercises.selectors import exercises_to_copy
from larlabb.workshops.gdpr import ERASED_MEMBER_NAME
from larlabb.workshops.models import BreakoutGroup, Exercise, Member, Session
from larlabb.workshops.sessions.selectors import join_code_normalise, session_for_code

UNKNOWN_CODE: Final = _(
    "Det finns inget pågående pass med den koden. Kontrollera koden på samtalsledarens skärm "
    "och försök igen."
)


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Kod"),
        max_length=12,
        help_text=_("Sex tecken, som samtalsledaren visar."),
        error_messages={"required": _("Skriv koden som samtalsledaren visar.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    name = forms.CharField(
        label=_("Ditt namn"),
        max_length=120,
        help_text=_("Så som de andra i gruppen ska se det."),
        error_messages={"required": _("Skriv ditt namn, så vet gruppen vem som skriver.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[name_validate],
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Används för att blanda grupperna."),
        validators=[name_validate],
        widget=forms.TextInput(
            attrs={"autocomplete": "organization", "list": "organisation-names"}
        ),
    )
    kind = forms.ChoiceField(
        label=_("Typ av organisation"),
        required=False,
        choices=[("", _("Vet inte eller vill inte ange")), *Organisation.Kind.choices],
    )

    def clean_code(self) -> str:
        code = join_code_normalise(self.cleaned_data["code"])
        session = session_for_code(code=code)
        if session is None:
            raise forms.ValidationError(UNKNOWN_CODE, code="unknown")
        self.cleaned_data["session"] = session
        return code

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(self.fields["name"].error_messages["required"])
        return name


class _ExerciseChoice(forms.ModelChoiceField[Exercise]):
    def label_from_instance(self, obj: Exercise) -> str:
        if obj.is_template:
            return str(_("Mall: %(title)s") % {"title": obj.title})
        if obj.workshop is not None:
            return f"{obj.title} ({obj.workshop.project.title}, {obj.workshop})"
        return obj.title


class _WorkshopChoice(forms.ModelChoiceField[Workshop]):
    def label_from_instance(self, obj: Workshop) -> str:
        return f"{obj.project.title}: {obj}"


class SessionCreateForm(forms.Form):
    workshop = _WorkshopChoice(
        label=_("Workshop"),
        queryset=Workshop.objects.select_related("project", "block").order_by(
            "-starts_at", "number"
        ),
        empty_label=_("Välj workshop"),
        error_messages={"required": _("Välj vilken workshop passet hör till.")},
    )
    source = _ExerciseChoice(
        label=_("Övning"),
        queryset=exercises_to_copy(),
        empty_label=_("Välj övning"),
        help_text=_("Passet får en egen kopia av övningen: instruktion, rutor och faser."),
        error_messages={"required": _("Välj övningen som passet utgår från.")},
    )
    allow_guests = forms.BooleanField(
        label=_("Gäster får delta med kod och namn"), required=False, initial=True
    )


class PhaseForm(forms.Form):
    ACTIONS: Final = ("start", "pause", "resume", "extend", "next", "reveal")
    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    minutes = forms.IntegerField(
        label=_("Minuter"),
        min_value=1,
        required=False,
        initial=5,
        error_messages={"min_value": _("Förläng med minst en minut.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "extend" and not data.get("minutes"):
            self.add_error("minutes", _("Ange hur många minuter tiden ska förlängas."))
        return data


class ReportForm(forms.Form):
    ACTIONS: Final = ("start", "previous", "next", "end")
    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Meddelande till alla grupper"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Skriv ett meddelande först."),
            "max_length": _("Meddelandet får vara högst 500 tecken."),
        },
    )


class AssignForm(forms.Form):
    group_size = forms.IntegerField(
        label=_("Personer per grupp, ungefär"),
        min_value=2,
        max_value=20,
        error_messages={
            "required": _("Ange hur många personer en grupp ska ha."),
            "min_value": _("En grupp behöver minst två personer."),
            "max_value": _("Högst 20 personer per grupp."),
        },
    )


class MoveForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=Member.objects.none(),
        label=_("Person"),
        empty_label=_("Välj person"),
        error_messages={"required": _("Välj vem som ska flyttas.")},
    )
    group = forms.ModelChoiceField(
        queryset=BreakoutGroup.objects.none(),
        label=_("Till grupp"),
        required=False,
        empty_label=_("Ingen grupp (väntar)"),
    )

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member_field: forms.ModelChoiceField[Member] = self.fields["member"]  # type: ignore[assignment]
        # An erased participant is no one the facilitator can move; offering "Borttagen
        # deltagare" among the people only confuses.
        member_field.queryset = session.members.filter(is_facilitator=False).exclude(
            is_guest=False, display_name=ERASED_MEMBER_NAME
        )
        group_field: forms.ModelChoiceField[BreakoutGroup] = self.fields["group"]  # type: ignore[assignment]
        group_field.queryset = session.groups.all()


class PersonalJoinForm(forms.Form):
    """Which of the participant's live sessions to join; the choices are theirs only."""

    session = forms.ModelChoiceField(
        queryset=Session.objects.none(),
        error_messages={
            "required": _("Välj vilket pass du vill delta i."),
            "invalid_choice": _("Passet är avslutat eller hör inte till din workshop."),
        },
    )

    def __init__(self, *args: Any, sessions: QuerySet[Session], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField[Session] = self.fields["session"]  # type: ignore[assignment]
        field.queryset = sessions


class GuestsForm(forms.Form):
    allow = forms.BooleanField(required=False)
