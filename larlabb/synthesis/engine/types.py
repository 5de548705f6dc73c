"""The engine's input and output, plain frozen dataclasses that cross into Django and JSON.

The Django side stores a SynthesisResult as JSON (to_json) and reads it back (from_json), so
every field here is JSON-safe once converted; tuples become lists on the way out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast


@dataclass(frozen=True)
class InputNote:
    id: str  # the Django side uses str(note.pk)
    text: str
    group: str = ""
    frame: str = ""
    workshop: str = ""
    votes: int = 0
    tagged_conflict: bool = False  # participants' "Målkonflikt" tag


@dataclass(frozen=True)
class Cited:
    """A generated statement and the notes it rests on; never empty once the engine returns it."""

    text: str
    note_ids: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    label: str
    keywords: tuple[str, ...]
    note_ids: tuple[str, ...]
    summary: tuple[Cited, ...]
    groups: tuple[str, ...]
    workshops: tuple[str, ...]


@dataclass(frozen=True)
class Conflict:
    description: str
    note_ids: tuple[str, ...]
    kind: str  # "explicit" (the note says so or is tagged) or "candidate" (ranked tension)
    score: float


@dataclass(frozen=True)
class Point:
    note_id: str
    x: float
    y: float
    theme: int  # index into SynthesisResult.themes, -1 for none


@dataclass(frozen=True)
class ExerciseDraft:
    title: str
    instruction: str
    questions: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "instruction": self.instruction,
            "questions": list(self.questions),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ExerciseDraft:
        return cls(
            title=str(data.get("title", "")),
            instruction=str(data.get("instruction", "")),
            questions=tuple(str(q) for q in _list(data.get("questions"))),
        )


def _list(value: object) -> list[object]:
    return list(cast(list[object], value)) if isinstance(value, list | tuple) else []


def _dict(value: object) -> dict[str, object]:
    return cast(dict[str, object], value) if isinstance(value, dict) else {}


def _ids(value: object) -> tuple[str, ...]:
    return tuple(str(i) for i in _list(value))


def cited_to_json(cited: Cited) -> dict[str, object]:
    return {"text": cited.text, "note_ids": list(cited.note_ids)}


def cited_from_json(data: object) -> Cited:
    d = _dict(data)
    return Cited(text=str(d.get("text", "")), note_ids=_ids(d.get("note_ids")))


def _float(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _int(value: object, default: int = 0) -> int:
    return int(value) if isinstance(value, int | float) else default


@dataclass(frozen=True)
class SynthesisResult:
    themes: tuple[Theme, ...]
    duplicates: tuple[tuple[str, ...], ...]
    conflicts: tuple[Conflict, ...]
    good_examples: tuple[str, ...]
    open_questions: tuple[Cited, ...]
    frame_summaries: tuple[tuple[str, tuple[Cited, ...]], ...]
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
        for _frame, statements in self.frame_summaries:
            for cited in statements:
                ids.update(cited.note_ids)
        ids.update(point.note_id for point in self.points)
        return ids

    def to_json(self) -> dict[str, object]:
        return {
            "themes": [
                {
                    "label": t.label,
                    "keywords": list(t.keywords),
                    "note_ids": list(t.note_ids),
                    "summary": [cited_to_json(c) for c in t.summary],
                    "groups": list(t.groups),
                    "workshops": list(t.workshops),
                }
                for t in self.themes
            ],
            "duplicates": [list(group) for group in self.duplicates],
            "conflicts": [
                {
                    "description": c.description,
                    "note_ids": list(c.note_ids),
                    "kind": c.kind,
                    "score": c.score,
                }
                for c in self.conflicts
            ],
            "good_examples": list(self.good_examples),
            "open_questions": [cited_to_json(c) for c in self.open_questions],
            "frame_summaries": [
                {"frame": frame, "summary": [cited_to_json(c) for c in statements]}
                for frame, statements in self.frame_summaries
            ],
            "points": [
                {"note_id": p.note_id, "x": p.x, "y": p.y, "theme": p.theme} for p in self.points
            ],
            "method": self.method,
            "notices": list(self.notices),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> SynthesisResult:
        themes = []
        for raw in _list(data.get("themes")):
            t = _dict(raw)
            themes.append(
                Theme(
                    label=str(t.get("label", "")),
                    keywords=_ids(t.get("keywords")),
                    note_ids=_ids(t.get("note_ids")),
                    summary=tuple(cited_from_json(c) for c in _list(t.get("summary"))),
                    groups=_ids(t.get("groups")),
                    workshops=_ids(t.get("workshops")),
                )
            )
        conflicts = []
        for raw in _list(data.get("conflicts")):
            c = _dict(raw)
            conflicts.append(
                Conflict(
                    description=str(c.get("description", "")),
                    note_ids=_ids(c.get("note_ids")),
                    kind=str(c.get("kind", "candidate")),
                    score=_float(c.get("score")),
                )
            )
        frame_summaries = []
        for raw in _list(data.get("frame_summaries")):
            f = _dict(raw)
            frame_summaries.append(
                (
                    str(f.get("frame", "")),
                    tuple(cited_from_json(c) for c in _list(f.get("summary"))),
                )
            )
        points = []
        for raw in _list(data.get("points")):
            p = _dict(raw)
            points.append(
                Point(
                    note_id=str(p.get("note_id", "")),
                    x=_float(p.get("x")),
                    y=_float(p.get("y")),
                    theme=_int(p.get("theme"), -1),
                )
            )
        return cls(
            themes=tuple(themes),
            duplicates=tuple(_ids(g) for g in _list(data.get("duplicates"))),
            conflicts=tuple(conflicts),
            good_examples=_ids(data.get("good_examples")),
            open_questions=tuple(cited_from_json(c) for c in _list(data.get("open_questions"))),
            frame_summaries=tuple(frame_summaries),
            points=tuple(points),
            method=str(data.get("method", "")),
            notices=_ids(data.get("notices")),
        )
