from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from larlabb.documentation.validators import ACCEPT
from larlabb.programme.models import Workshop
from larlabb.workshops.models import Session


class SessionChoiceField(forms.ModelMultipleChoiceField[Session]):
    def label_from_instance(self, obj: Session) -> str:
        return str(
            _("%(exercise)s (kod %(code)s)")
            % {"exercise": obj.exercise.title, "code": obj.join_code}
        )


class DocumentationForm(forms.Form):
    is_public = forms.BooleanField(
        label=_("Visa dokumentationen publikt"),
        required=False,
        help_text=_("Syns på projektets sidor när projektet är publicerat."),
    )
    show_authors = forms.BooleanField(
        label=_("Visa vem som skrev lapparna"),
        required=False,
        help_text=_("Utan detta visas lapparna utan namn på de publika sidorna."),
    )
    agenda_as_run = forms.CharField(
        label=_("Agendan som den genomfördes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: en punkt per rad med ”- ” först blir en lista."),
    )
    conclusions = forms.CharField(
        label=_("Slutsatser"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown. Vad workshopen kom fram till, med kansliets ord."),
    )
    hidden_sessions = SessionChoiceField(
        label=_("Dölj tavlorna från dessa pass"),
        queryset=Session.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tavlorna från ett dolt pass visas aldrig publikt, inte heller i sökningen."),
    )

    def __init__(self, *args: Any, workshop: Workshop, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.fields["hidden_sessions"].queryset = Session.objects.filter(  # type: ignore[attr-defined]
            exercise__workshop=workshop
        ).select_related("exercise")


class AttachmentForm(forms.Form):
    # Prefixed: the page has several forms, and field ids must stay unique for the labels.
    prefix = "bilaga"

    title = forms.CharField(
        label=_("Rubrik"),
        max_length=200,
        help_text=_("Så som den visas i listan, till exempel ”Bilder från inledningen”."),
        error_messages={"required": _("Skriv en rubrik för filen.")},
    )
    file = forms.FileField(
        label=_("Fil"),
        help_text=_(
            "PDF, PowerPoint (.pptx), Word (.docx) eller bild (JPEG, PNG, WebP), högst 25 MB."
        ),
        error_messages={
            "required": _("Välj en fil att ladda upp."),
            "empty": _("Filen är tom. Välj filen igen."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    is_public = forms.BooleanField(label=_("Publik"), required=False, initial=True)


class RecordingForm(forms.Form):
    prefix = "inspelning"

    title = forms.CharField(
        label=_("Rubrik"),
        max_length=200,
        error_messages={"required": _("Skriv en rubrik för inspelningen.")},
    )
    url = forms.URLField(
        label=_("Adress"),
        assume_scheme="https",
        error_messages={
            "required": _("Skriv adressen till inspelningen."),
            "invalid": _("Skriv en hel adress, till exempel https://play.example.se/inspelning."),
        },
    )
    is_public = forms.BooleanField(label=_("Publik"), required=False, initial=True)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Sök i dokumentationen"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


def hidden_session_ids(form: DocumentationForm) -> set[int]:
    """The sessions ticked in the form as shown: what was sent, or what is saved."""
    value = form["hidden_sessions"].value() or []
    ids = set()
    for item in value:
        pk = getattr(item, "pk", item)
        if str(pk).isdigit():
            ids.add(int(pk))
    return ids
