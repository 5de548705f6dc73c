"""Open questions: what participants asked and the board did not answer.

A note that repeats its frame's own question is the exercise, not a question to follow up, and
questions worded almost alike are folded into one, citing all of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from larlabb.synthesis.engine.duplicates import duplicate_groups
from larlabb.synthesis.engine.types import Cited, InputNote

QUESTION_START = re.compile(
    r"^\s*(?:vad|hur|varför|vem|vilka|vilken|vilket|när|var finns|var går|kan vi|kan man|"
    r"kan de|ska vi|ska man|bör vi|bör man|borde|finns det|är det|går det|måste vi|vågar vi)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    stripped = text.strip()
    return stripped.endswith("?") or bool(QUESTION_START.match(stripped))


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()).rstrip("?. ") == " ".join(b.lower().split()).rstrip("?. ")


def open_questions(notes: Sequence[InputNote]) -> list[Cited]:
    asked = [n for n in notes if is_question(n.text) and not (n.frame and _same(n.text, n.frame))]
    if not asked:
        return []
    folded: dict[str, tuple[str, ...]] = {}
    for group in duplicate_groups([n.id for n in asked], [n.text for n in asked]):
        for note_id in group:
            folded[note_id] = group
    result: list[Cited] = []
    seen: set[str] = set()
    for note in asked:
        if note.id in seen:
            continue
        ids = folded.get(note.id, (note.id,))
        seen.update(ids)
        result.append(Cited(text=" ".join(note.text.split()), note_ids=ids))
    return result
