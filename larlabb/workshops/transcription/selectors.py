"""Reads for Kansliet's physical-board pages: a session's groups, their notes by frame and
their photos, with their queries in place."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from larlabb.workshops.access import Viewer, notes_readable
from larlabb.workshops.models import BoardPhoto, BreakoutGroup, Frame, Note, Session
from larlabb.workshops.transcription.board_export import FrameRef


def groups_for_staff(*, session: Session) -> QuerySet[BreakoutGroup]:
    """A session's groups with how many notes came from where, and their photo count."""
    live = Q(notes__deleted_at__isnull=True)
    return (
        BreakoutGroup.objects.filter(session=session)
        .annotate(
            note_count=Count("notes", filter=live, distinct=True),
            transcribed_count=Count(
                "notes", filter=live & Q(notes__source=Note.Source.TRANSCRIBED), distinct=True
            ),
            imported_count=Count(
                "notes", filter=live & Q(notes__source=Note.Source.IMPORTED), distinct=True
            ),
            photo_count=Count("photos", distinct=True),
        )
        .order_by("number")
    )


def group_for_staff(*, session: Session, number: int) -> BreakoutGroup | None:
    return BreakoutGroup.objects.filter(session=session, number=number).first()


def session_frames(*, session: Session) -> list[Frame]:
    return list(Frame.objects.filter(exercise_id=session.exercise_id).order_by("position", "pk"))


def frame_refs(*, frames: list[Frame]) -> list[FrameRef]:
    return [FrameRef(id=frame.pk, title=frame.title) for frame in frames]


@dataclass(frozen=True)
class FrameNotes:
    frame: Frame
    notes: list[Note]


def board_notes_by_frame(
    *, group: BreakoutGroup, frames: list[Frame], viewer: Viewer | None
) -> list[FrameNotes]:
    """The group's notes by frame, those `viewer` may read (see access.notes_readable)."""
    notes = Note.objects.filter(
        notes_readable(viewer=viewer), group=group, deleted_at__isnull=True
    ).order_by("created_at", "pk")
    by_frame: dict[int, list[Note]] = {frame.pk: [] for frame in frames}
    for note in notes:
        by_frame.setdefault(note.frame_id, []).append(note)
    return [FrameNotes(frame=frame, notes=by_frame[frame.pk]) for frame in frames]


def board_photos(*, group: BreakoutGroup) -> QuerySet[BoardPhoto]:
    return BoardPhoto.objects.filter(group=group).order_by("uploaded_at", "pk")


def board_photo_get(*, group: BreakoutGroup, pk: int) -> BoardPhoto | None:
    return BoardPhoto.objects.filter(group=group, pk=pk).first()
