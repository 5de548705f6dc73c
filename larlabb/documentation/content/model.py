"""The documentation read model: frozen msgspec structs, from a project down to its notes.

Encoded to JSON and checked back by msgspec (see codec.py); the field names are the keys of
the frozen JSON in ProjectArchive, so renaming one means a new FROZEN_FORMAT.
"""

from collections.abc import Iterator
from datetime import datetime

import msgspec
from django.utils.translation import gettext


class NoteDoc(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    text: str
    votes: int
    # Empty unless this audience may see who wrote the note.
    author: str
    is_goal_conflict: bool
    created_at: datetime


class NoteGroupDoc(msgspec.Struct, frozen=True, kw_only=True):
    """Notes the group put together under a name; `notes` are ids of the frame's notes."""

    name: str
    notes: tuple[int, ...]

    @property
    def title(self) -> str:
        return self.name or gettext("Namnlös grupp")


class FrameDoc(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    title: str
    kind: str  # workshops.Frame.Kind: question, summary or bonus
    notes: tuple[NoteDoc, ...]
    # Documentation frozen before boards had named groups has none; a frame without any
    # is written without the key, so its frozen JSON stays as before.
    note_groups: tuple[NoteGroupDoc, ...] = ()

    def grouped_notes(self) -> list[tuple[NoteGroupDoc, list[NoteDoc]]]:
        """Each named group with its notes, in board order; groups whose notes this
        audience may not see are left out."""
        by_id = {note.id: note for note in self.notes}
        grouped = [
            (group, [by_id[pk] for pk in group.notes if pk in by_id]) for group in self.note_groups
        ]
        return [(group, notes) for group, notes in grouped if notes]

    @property
    def ungrouped_notes(self) -> list[NoteDoc]:
        grouped = {pk for group in self.note_groups for pk in group.notes}
        return [note for note in self.notes if note.id not in grouped]


class PhotoDoc(msgspec.Struct, frozen=True, kw_only=True):
    """A photo of a physical board: `name` in the default storage, `url` for a page."""

    name: str
    url: str
    description: str


class GroupDoc(msgspec.Struct, frozen=True, kw_only=True):
    number: int
    # Empty unless this audience may see names.
    leader: str
    summary_done: bool
    photos: tuple[PhotoDoc, ...]
    frames: tuple[FrameDoc, ...]

    @property
    def note_count(self) -> int:
        return sum(len(frame.notes) for frame in self.frames)


class SessionDoc(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    exercise_title: str
    instruction: str  # Markdown
    steps: tuple[str, ...]
    groups: tuple[GroupDoc, ...]


class AttachmentDoc(msgspec.Struct, frozen=True, kw_only=True):
    """A file staff uploaded: `name` in the default storage, `filename` as downloaded."""

    id: int
    title: str
    name: str
    filename: str
    content_type: str
    size: int

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class RecordingDoc(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    url: str


class WorkshopDoc(msgspec.Struct, frozen=True, kw_only=True):
    number: int
    title: str
    date_text: str
    place: str
    format: str
    agenda_as_run: str  # Markdown
    conclusions: str  # Markdown
    is_public: bool
    attachments: tuple[AttachmentDoc, ...]
    recordings: tuple[RecordingDoc, ...]
    sessions: tuple[SessionDoc, ...]

    @property
    def note_count(self) -> int:
        return sum(group.note_count for session in self.sessions for group in session.groups)

    def notes(self) -> Iterator[NoteDoc]:
        """Every note of every board of the workshop, board by board, frame by frame."""
        for session in self.sessions:
            for group in session.groups:
                for frame in group.frames:
                    yield from frame.notes


class ProjectDoc(msgspec.Struct, frozen=True, kw_only=True):
    slug: str
    title: str
    subtitle: str
    network: str
    intro: str  # Markdown
    public: bool
    workshops: tuple[WorkshopDoc, ...]

    @property
    def full_title(self) -> str:
        return f"{self.title} – {self.subtitle}" if self.subtitle else self.title

    def workshop(self, number: int) -> WorkshopDoc | None:
        return next((w for w in self.workshops if w.number == number), None)
