"""What a documentation attachment may be, decided from the file's bytes.

The name and the browser's Content-Type are whatever the uploader's machine says; a file
called "rapport.pdf" may be a program. The type is read from the content instead: the magic
bytes of PDF, JPEG, PNG and WebP, and for Word and PowerPoint (OOXML) a zip archive whose
`[Content_Types].xml` and main part are where those formats put them.
"""

import secrets
import zipfile
from dataclasses import dataclass
from typing import IO, Final

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_BYTES: Final = 25 * 1024 * 1024

ATTACHMENT_TOO_LARGE = _("Filen är %(size)s. Den får vara högst %(limit)s.")
ATTACHMENT_EMPTY = _("Filen är tom. Välj filen igen.")
ATTACHMENT_WRONG_TYPE = _(
    "Filen är inte en PDF, PowerPoint (.pptx), Word (.docx) eller bild (JPEG, PNG, WebP), "
    "vad den än heter. Spara den i något av de formaten och ladda upp den igen."
)


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF: Final = FileKind("PDF", "application/pdf", (".pdf",))
JPEG: Final = FileKind("JPEG-bild", "image/jpeg", (".jpg", ".jpeg"))
PNG: Final = FileKind("PNG-bild", "image/png", (".png",))
WEBP: Final = FileKind("WebP-bild", "image/webp", (".webp",))
DOCX: Final = FileKind(
    "Word-fil",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
PPTX: Final = FileKind(
    "PowerPoint-fil",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
ALL_KINDS: Final = (PDF, JPEG, PNG, WEBP, DOCX, PPTX)
ACCEPT: Final = ",".join(
    [ext for kind in ALL_KINDS for ext in kind.extensions] + [k.content_type for k in ALL_KINDS]
)

# The main part each OOXML format must contain; a zip without it is something else.
_OOXML_MAIN_PARTS: Final = ((DOCX, "word/document.xml"), (PPTX, "ppt/presentation.xml"))


def _ooxml_kind(file: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for kind, main_part in _OOXML_MAIN_PARTS:
        if main_part in names:
            return kind
    return None


def sniff_kind(file: IO[bytes]) -> FileKind | None:
    """The kind of file these bytes are, or None if not one we accept."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    kind: FileKind | None = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = WEBP
    elif head.startswith(b"PK\x03\x04"):
        kind = _ooxml_kind(file)
    file.seek(0)
    return kind


def attachment_kind_check(*, file: IO[bytes], size: int) -> FileKind:
    """The file's kind, or a ValidationError that says in Swedish what is wrong with it."""
    if size == 0:
        raise ValidationError(ATTACHMENT_EMPTY, code="empty")
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            ATTACHMENT_TOO_LARGE,
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_ATTACHMENT_BYTES)},
        )
    kind = sniff_kind(file)
    if kind is None:
        raise ValidationError(ATTACHMENT_WRONG_TYPE, code="wrong_type")
    return kind


def stored_name(*, kind: FileKind) -> str:
    """A random name with the extension the content has. Random, because storage paths
    are not secret in every deployment (a web server may serve the media folder); the name
    people see comes from the title when they download it."""
    return f"{secrets.token_urlsafe(18)}{kind.extensions[0]}"


def sniff_extension(*, content_type: str) -> str:
    """The file extension for a content type stored by `attachment_create`."""
    for kind in ALL_KINDS:
        if kind.content_type == content_type:
            return kind.extensions[0]
    return ""
