"""The engine's input and output, frozen msgspec structs that cross into Django and JSON.

The Django side stores a SynthesisResult as JSON (to_json) and reads it back (from_json);
msgspec checks every field on the way in, so a stored result that does not fit the types
raises msgspec.ValidationError rather than being half-read. Tuples become lists on the way out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

import msgspec

from larlabb.core.codec import struct_from_json, struct_to_json


class _Json(msgspec.Struct, frozen=True):
    def to_json(self) -> dict[str, object]:
        return struct_to_json(self)

    @classmethod
    def from_json(cls, data: object) -> Self:
        return struct_from_json(data, cls)


class InputNote(_Json, frozen=True):
    id: str  # the Django side uses str(note.pk)
    text: str
    group: str = ""
    frame: str = ""
    workshop: str = ""
    votes: int = 0
    tagged_conflict: bool = False  # participants' "Målkonflikt" tag
    # A group of notes participants made on the board: its notes belong in one theme.
    board_group: str = ""


class Cited(_Json, frozen=True):
    """A generated statement and the notes it rests on; never empty once the engine returns it."""

    text: str
    note_ids: tuple[str, ...]


class Theme(_Json, frozen=True, omit_defaults=True):
    # Defaults are left out of the JSON, so results stored before a field existed read back
    # and write out unchanged.
    label: str
    keywords: tuple[str, ...]
    note_ids: tuple[str, ...]
    summary: tuple[Cited, ...]
    groups: tuple[str, ...]
    workshops: tuple[str, ...]
    # True when the theme holds a group of notes participants made on the board themselves.
    from_board_group: bool = False
    # The offline summary quotes notes and is shown as "Representativa lappar"; only
    # sentences a language model wrote are shown as a summary.
    summary_is_notes: bool = True


class Conflict(_Json, frozen=True):
    description: str
    note_ids: tuple[str, ...]
    kind: str  # "explicit" (the note says so or is tagged) or "candidate" (ranked tension)
    score: float


class Point(_Json, frozen=True):
    note_id: str
    x: float
    y: float
    theme: int  # index into SynthesisResult.themes, -1 for none


class FrameSummary(_Json, frozen=True):
    """What the notes of one frame (by its title) say, across the boards of the scope."""

    frame: str
    summary: tuple[Cited, ...]


class ExerciseDraft(_Json, frozen=True):
    # Empty by default: a plan that has not finished stores an empty object as its draft.
    title: str = ""
    instruction: str = ""
    questions: tuple[str, ...] = ()


class SynthesisResult(_Json, frozen=True):
    themes: tuple[Theme, ...]
    duplicates: tuple[tuple[str, ...], ...]
    conflicts: tuple[Conflict, ...]
    good_examples: tuple[str, ...]
    open_questions: tuple[Cited, ...]
    frame_summaries: tuple[FrameSummary, ...]
    points: tuple[Point, ...]
    method: str  # "embeddings", "lexical", "embeddings+llm", "lexical+llm"
    notices: tuple[str, ...]  # Swedish messages for staff

    def note_ids(self) -> set[str]:
        """Every note the result cites or places, in any of its parts."""
        ids: set[str] = set(self.good_examples)
        for theme in self.themes:
            ids.update(theme.note_ids)
            for cited in theme.summary:
                ids.update(cited.note_ids)
        for group in self.duplicates:
            ids.update(group)
        for conflict in self.conflicts:
            ids.update(conflict.note_ids)
        for cited in self.open_questions:
            ids.update(cited.note_ids)
        for frame_summary in self.frame_summaries:
            for cited in frame_summary.summary:
                ids.update(cited.note_ids)
        ids.update(point.note_id for point in self.points)
        return ids


def cited_list_to_json(statements: Sequence[Cited]) -> list[object]:
    """Statements as a JSON list, e.g. a workshop plan's suggested questions."""
    return list(msgspec.to_builtins(statements))


def cited_list_from_json(data: object) -> tuple[Cited, ...]:
    return struct_from_json(data, tuple[Cited, ...])
