"""Kansliet's and the group leader's forms for typing in physical boards, board photos and
importing a board export. Each keeps what was typed when it is sent back with errors."""

from collections.abc import Sequence
from typing import Any, Final

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from larlabb.core.images import image_check
from larlabb.workshops.models import NOTE_MAX_LENGTH, BreakoutGroup, Frame
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
