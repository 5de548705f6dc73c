"""Kansliet's forms for building exercises, typing in physical boards, board photos and
importing a board export. Each keeps what was typed when it is sent back with errors."""

import re
from collections.abc import Sequence
from typing import Any, Final

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from larlabb.core.images import image_check
from larlabb.programme.models import Workshop
from larlabb.workshops.models import NOTE_MAX_LENGTH, BreakoutGroup, Exercise, Frame
from larlabb.workshops.transcription.board_export import ExportItem

PHOTO_MAX_BYTES: Final = 10 * 1024 * 1024
EXPORT_MAX_BYTES: Final = 1024 * 1024
SKIP: Final = "skip"

PHOTO_TOO_BIG: Final = _(
    "Fotot är %(size)s MB; det får vara högst 10 MB. Minska det i mobilen eller datorn och "
    "ladda upp det igen."
)
LINE_TOO_LONG: Final = _(
    "Rad %(line)d är %(length)d tecken; en lapp får vara högst %(limit)d. Korta den eller dela "
    "upp den på två rader."
)
EXPORT_EMPTY: Final = _("Klistra in texten från tavlan eller välj en textfil.")
EXPORT_BOTH: Final = _("Klistra in texten eller välj en fil, inte båda.")
EXPORT_NOT_TEXT: Final = _(
    "Filen är inte en textfil i UTF-8. Spara exporten som text och försök igen."
)
EXPORT_FILE_TOO_BIG: Final = _("Filen är större än 1 MB; en tavelexport är bara text.")
EXPORT_NO_NOTES: Final = _("Texten innehåller inga lappar att importera.")
PLACE_NOTE: Final = _("Välj en ruta för lappen, eller ”Importera inte”.")
NOTE_TOO_LONG_FOR_IMPORT: Final = _(
    "Lappen är %(length)d tecken; högst %(limit)d går att importera. Välj ”Importera inte”, "
    "eller gå tillbaka till texten och korta den."
)

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


class TranscribeForm(forms.Form):
    """One text box per frame; each line typed becomes one note."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args: Any, frames: Sequence[Frame], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.frames = list(frames)
        for frame in self.frames:
            self.fields[f"frame_{frame.pk}"] = forms.CharField(
                label=_("Nya lappar i ”%(title)s”") % {"title": frame.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("En lapp per rad."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for frame in self.frames:
            name = f"frame_{frame.pk}"
            for number, line in enumerate(str(data.get(name) or "").splitlines(), start=1):
                if len(line.strip()) > NOTE_MAX_LENGTH:
                    self.add_error(
                        name,
                        forms.ValidationError(
                            LINE_TOO_LONG,
                            code="too_long",
                            params={
                                "line": number,
                                "length": len(line.strip()),
                                "limit": NOTE_MAX_LENGTH,
                            },
                        ),
                    )
        return data

    def lines_by_frame(self) -> list[tuple[int, list[str]]]:
        return [
            (
                frame.pk,
                [
                    line.strip()
                    for line in str(self.cleaned_data.get(f"frame_{frame.pk}") or "").splitlines()
                    if line.strip()
                ],
            )
            for frame in self.frames
        ]


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Foto av tavlan"),
        help_text=_("JPEG, PNG eller WebP, högst 10 MB. Platsuppgifter i fotot tas bort."),
        error_messages={
            "required": _("Välj ett foto att ladda upp."),
            "empty": _("Filen är tom. Välj fotot igen."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        max_length=300,
        help_text=_(
            "Vad fotot visar, för den som inte kan se det. Till exempel ”Grupp 2:s tavla med "
            "lappar under de tre frågorna”."
        ),
        error_messages={
            "required": _("Beskriv vad fotot visar, för den som inte kan se det."),
            "max_length": _("Beskrivningen får vara högst 300 tecken."),
        },
    )

    def clean_image(self) -> Any:
        upload = self.cleaned_data["image"]
        if upload.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(
                PHOTO_TOO_BIG,
                code="too_big",
                params={"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")},
            )
        # The header only: decoding waits for the service, outside the database transaction.
        image_check(upload)
        return upload


class GroupChoice(forms.ModelChoiceField[BreakoutGroup]):
    def label_from_instance(self, obj: BreakoutGroup) -> str:
        return str(obj)


class ExportForm(forms.Form):
    """Step one of an import: the export's text, pasted or as a file, and the group."""

    group = GroupChoice(
        label=_("Grupp"),
        queryset=BreakoutGroup.objects.none(),
        required=False,
        empty_label=_("En ny grupp"),
        help_text=_("Lapparna hamnar på den här gruppens tavla."),
    )
    text = forms.CharField(
        label=_("Exportens text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Allt från exporten: rubriker och lappar, ett stycke var."),
    )
    upload = forms.FileField(
        label=_("Eller en textfil"),
        required=False,
        help_text=_("En .txt-fil i UTF-8, högst 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = groups

    def clean_upload(self) -> str:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return ""
        if upload.size > EXPORT_MAX_BYTES:
            raise forms.ValidationError(EXPORT_FILE_TOO_BIG, code="too_big")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise forms.ValidationError(EXPORT_NOT_TEXT, code="not_text") from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = str(data.get("text") or "").strip()
        uploaded = str(data.get("upload") or "").strip()
        if "upload" in self.errors:
            return data
        if text and uploaded:
            self.add_error("text", forms.ValidationError(EXPORT_BOTH, code="both"))
        elif not text and not uploaded:
            self.add_error("text", forms.ValidationError(EXPORT_EMPTY, code="empty"))
        else:
            data["export"] = text or uploaded
        return data


class ReviewForm(forms.Form):
    """Step two: a frame (or "Importera inte") for every item of the export. The export's
    text travels along hidden, so nothing is kept on the server between the steps."""

    group = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A hidden text area rather than a hidden input, which could lose the blank lines between
    # the export's paragraphs.
    text = forms.CharField(widget=forms.Textarea(attrs={"hidden": True}), strip=False)

    def __init__(
        self,
        *args: Any,
        items: Sequence[ExportItem],
        frames: Sequence[Frame],
        suggested: dict[int, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        choices = [
            ("", _("Välj ruta")),
            *[(str(frame.pk), frame.title) for frame in frames],
            (SKIP, _("Importera inte")),
        ]
        for item in self.items:
            self.fields[f"item_{item.index}"] = forms.ChoiceField(
                label=Truncator(item.text).chars(80),
                choices=choices,
                required=False,
                initial=suggested.get(item.index, ""),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for item in self.items:
            name = f"item_{item.index}"
            choice = data.get(name) or ""
            if not choice:
                self.add_error(name, forms.ValidationError(PLACE_NOTE, code="unplaced"))
            elif choice != SKIP and len(item.text) > NOTE_MAX_LENGTH:
                self.add_error(
                    name,
                    forms.ValidationError(
                        NOTE_TOO_LONG_FOR_IMPORT,
                        code="too_long",
                        params={"length": len(item.text), "limit": NOTE_MAX_LENGTH},
                    ),
                )
        return data

    def chosen(self) -> list[tuple[int, int, str]]:
        """(item index, frame id, text) for every item that is to become a note."""
        return [
            (item.index, int(self.cleaned_data[f"item_{item.index}"]), item.text)
            for item in self.items
            if self.cleaned_data.get(f"item_{item.index}") not in ("", SKIP, None)
        ]
