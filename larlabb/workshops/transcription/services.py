"""Writes for physical and hybrid boards: notes typed in afterwards, photos of the board, and
notes imported from a board export. Notes go through `notes_import`, so each keeps a client id
made from the submission's key and sending the same thing twice adds nothing."""

import hashlib
import secrets
from collections.abc import Sequence

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Max

from larlabb.core.images import image_clean
from larlabb.workshops.board.services import notes_import
from larlabb.workshops.models import BoardPhoto, BreakoutGroup, Note, Session


@transaction.atomic
def group_add(*, session: Session) -> BreakoutGroup:
    """One more group, for a board that only exists on paper."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    last = BreakoutGroup.objects.filter(session=session).aggregate(last=Max("number"))["last"]
    return BreakoutGroup.objects.create(session=session, number=(last or 0) + 1)


def _mark(notes: Sequence[Note], source: Note.Source) -> int:
    """Give the notes this call created their source; returns how many there were.

    notes_import writes notes as the live board does, so the new ones are the ones still
    marked live; a note sent again already has its source and is not counted twice."""
    return Note.objects.filter(pk__in=[note.pk for note in notes], source=Note.Source.LIVE).update(
        source=source
    )


@transaction.atomic
def notes_transcribe(
    *, group: BreakoutGroup, lines_by_frame: Sequence[tuple[int, Sequence[str]]], key: str
) -> int:
    """Notes typed in from a physical board, one per line, frame by frame. Returns how many
    new notes there are; the same `key` sent again adds none."""
    notes = [(frame_id, line) for frame_id, lines in lines_by_frame for line in lines]
    made = notes_import(group=group, notes=notes, key=f"t-{key}")
    return _mark(made, Note.Source.TRANSCRIBED)


def export_key(text: str) -> str:
    """The same export, however it is pasted, gives the same key."""
    normal = "\n".join(line.strip() for line in text.strip().splitlines() if line.strip())
    return hashlib.sha256(normal.encode()).hexdigest()[:24]


@transaction.atomic
def export_group_for(*, session: Session, key: str) -> BreakoutGroup:
    """The group an export imported "into a new group" went to the first time, so sending
    the same import again fills that group instead of making another; else a new group."""
    earlier = (
        BreakoutGroup.objects.filter(session=session, notes__client_id__startswith=f"x-{key}-")
        .order_by("number")
        .first()
    )
    return earlier or group_add(session=session)


@transaction.atomic
def notes_import_export(
    *, group: BreakoutGroup, notes: Sequence[tuple[int, int, str]], key: str
) -> int:
    """Notes from a board export: (item index in the export, frame id, text). Each note's
    client id comes from the export's key and its place in the export, so importing the
    same export again, with the same or other choices, never doubles a note."""
    added = 0
    for index, frame_id, text in notes:
        made = notes_import(group=group, notes=[(frame_id, text)], key=f"x-{key}-{index}")
        added += _mark(made, Note.Source.IMPORTED)
    return added


def board_photo_add(
    *,
    group: BreakoutGroup,
    image: File[bytes],
    description: str,
    uploaded_by: AbstractBaseUser | None,
) -> BoardPhoto:
    """A photo of a group's physical board, saved anew upright, shrunk and without its EXIF
    data (place, time, camera); a ValidationError if it cannot be. Its file name is random,
    so it cannot be guessed from another one's.

    Not in a transaction: decoding a photo takes seconds, and a transaction would hold the
    database's write lock meanwhile, so every live board's notes would wait for it. The
    single insert at the end is atomic by itself."""
    clean = image_clean(image)
    photo = BoardPhoto(
        group=group,
        description=description.strip(),
        uploaded_by_id=uploaded_by.pk if uploaded_by is not None else None,
    )
    photo.image.save(
        f"{secrets.token_urlsafe(16)}.{clean.extension}", ContentFile(clean.content), save=False
    )
    try:
        photo.save()
    except BaseException:
        photo.image.delete(save=False)
        raise
    return photo


@transaction.atomic
def board_photo_delete(*, photo: BoardPhoto) -> None:
    photo.image.delete(save=False)
    photo.delete()
