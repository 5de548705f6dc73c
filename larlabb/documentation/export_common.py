"""What the export formats share: the progress callback, file names and stored files."""

from collections.abc import Callable, Mapping

from django.core.files.storage import default_storage

from larlabb.documentation.content import (
    AttachmentDoc,
    GroupDoc,
    PhotoDoc,
    ProjectDoc,
    SessionDoc,
    WorkshopDoc,
)
from larlabb.documentation.selectors import PublicSynthesis, public_synthesis
from larlabb.programme.models import LearningProject, Workshop

# Percent done (0–100) and a short Swedish line saying what is being done.
Progress = Callable[[int, str], None]
# The approved syntheses an export shows: by workshop number, None for the whole project's.
Syntheses = Mapping[int | None, PublicSynthesis]


def stored_bytes(name: str) -> bytes | None:
    """A stored file's bytes; None when it has gone (deleted after an archive was frozen)."""
    if not name:
        return None
    try:
        with default_storage.open(name, "rb") as stored:
            return bytes(stored.read())
    except OSError:
        return None


def workshop_stem(workshop: WorkshopDoc) -> str:
    return f"workshop-{workshop.number:02d}"


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else "bin"


def photo_path(workshop: WorkshopDoc, session: SessionDoc, group: GroupDoc, index: int) -> str:
    """Where a board photo goes inside an export: unique per workshop, session and group."""
    photo: PhotoDoc = group.photos[index]
    return (
        f"images/{workshop_stem(workshop)}-pass-{session.id}-grupp-{group.number}"
        f"-foto-{index + 1}.{_extension(photo.name)}"
    )


def attachment_path(workshop: WorkshopDoc, attachment: AttachmentDoc, *, folder: str) -> str:
    return f"{folder}/{workshop_stem(workshop)}-{attachment.id}-{attachment.filename}"


def syntheses_for(
    doc: ProjectDoc, *, project: LearningProject, whole_project: bool
) -> dict[int | None, PublicSynthesis]:
    """The approved syntheses an export shows, by workshop number (None: the whole project's),
    citing only the notes this export holds, as the pages do."""
    visible = {note.id: "" for workshop in doc.workshops for note in workshop.notes()}
    numbers = [workshop.number for workshop in doc.workshops]
    result: dict[int | None, PublicSynthesis] = {}
    for workshop in Workshop.objects.filter(project=project, number__in=numbers):
        synthesis = public_synthesis(workshop=workshop, visible_notes=visible)
        if synthesis is not None:
            result[workshop.number] = synthesis
    if whole_project:
        synthesis = public_synthesis(project=project, visible_notes=visible)
        if synthesis is not None:
            result[None] = synthesis
    return result
