"""Extractive summaries: the notes that best represent a set, chosen to differ from each other.

Maximal marginal relevance: each pick is close to the set's centre and far from the picks
before it, so three statements cover three sides of a theme rather than one side three times.
Every statement is a participant's own note, citing it and the notes it duplicates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from larlabb.synthesis.engine.types import Cited, InputNote

STATEMENTS = 3
RELEVANCE_WEIGHT = 0.7
MAX_CHARS = 240


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rstrip() + "…"


def extractive(
    notes: Sequence[InputNote],
    vectors: np.ndarray,
    *,
    duplicates_of: Mapping[str, tuple[str, ...]],
    count: int = STATEMENTS,
) -> tuple[Cited, ...]:
    """`vectors` are unit rows aligned with `notes`."""
    if not notes:
        return ()
    centre = vectors.mean(axis=0)
    norm = float(np.linalg.norm(centre))
    relevance = vectors @ (centre / norm) if norm > 0 else np.zeros(len(notes))
    # A +1 from the room nudges a note forward without outweighing what it says.
    relevance = relevance + 0.02 * np.log1p(np.array([max(n.votes, 0) for n in notes]))
    chosen: list[int] = []
    covered: set[str] = set()
    while len(chosen) < min(count, len(notes)):
        best, best_score = -1, -np.inf
        for i, note in enumerate(notes):
            if i in chosen or note.id in covered:
                continue
            redundancy = max((float(vectors[i] @ vectors[j]) for j in chosen), default=0.0)
            score = RELEVANCE_WEIGHT * float(relevance[i]) - (1 - RELEVANCE_WEIGHT) * redundancy
            if score > best_score:
                best, best_score = i, score
        if best < 0:
            break
        chosen.append(best)
        covered.update(duplicates_of.get(notes[best].id, (notes[best].id,)))
    wanted = {n.id for n in notes}
    result = []
    for i in chosen:
        ids = tuple(
            note_id
            for note_id in duplicates_of.get(notes[i].id, (notes[i].id,))
            if note_id in wanted
        ) or (notes[i].id,)
        result.append(Cited(text=_shorten(notes[i].text), note_ids=ids))
    return tuple(result)
