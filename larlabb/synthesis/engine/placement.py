"""Places notes under the frame whose question they answer, by meaning.

Each title is read as a question and each note as a passage answering one. Where the export's
order is known, the title nearest a note counts a little too. A note that fits no frame is
left for staff to place (None).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from larlabb.synthesis.engine import embeddings
from larlabb.synthesis.engine.lexical import dense_lexical, normalise

# How much the export's order counts beside meaning (a centred cosine between -1 and 1).
NEARBY_WEIGHT = 0.3
# Two frames whose centred similarities are closer than this are too close to call.
MIN_MARGIN = 0.005


def _vectors(titles: Sequence[str], notes: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    if not embeddings.available():
        # The lexical stand-in must see titles and notes together to share one vocabulary.
        joint = dense_lexical([*titles, *notes], embeddings.DIMENSIONS)
        return joint[: len(titles)], joint[len(titles) :]
    # Titles are questions and notes their answers: e5's own query/passage roles.
    return (
        embeddings.embed_texts(titles, is_query=True),
        embeddings.embed_texts(notes, is_query=False),
    )


def place_notes(
    frame_titles: Sequence[str],
    note_texts: Sequence[str],
    *,
    nearby_title: Sequence[int | None] | None = None,
) -> list[int | None]:
    """Index of the frame each note belongs under, None when no frame stands out."""
    if not frame_titles or not note_texts:
        return [None] * len(note_texts)
    titles, notes = _vectors(frame_titles, note_texts)
    # Centring on the whole board removes what every line shares (the workshop's subject).
    mean = np.vstack([titles, notes]).mean(axis=0, keepdims=True)
    scores = normalise(notes - mean) @ normalise(titles - mean).T
    if nearby_title is not None:
        for row, frame in enumerate(nearby_title):
            if frame is not None and 0 <= frame < len(frame_titles):
                scores[row, frame] += NEARBY_WEIGHT
    placed: list[int | None] = []
    for row in scores:
        order = np.argsort(-row)
        margin = float(row[order[0]] - row[order[1]]) if len(order) > 1 else 1.0
        placed.append(int(order[0]) if margin >= MIN_MARGIN else None)
    return placed
