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


# Placing in export order: a hidden Markov model whose states are the frames. An export keeps a
# frame's notes mostly together, so the order is the prior (a note most likely shares the frame
# of the item before it) and a recognised title pins its frame; meaning is the evidence.
# Moving to another frame between two neighbouring items costs this much probability.
SWITCH_PROBABILITY = 0.05
# Meaning as a probability over the frames: a softmax of the centred similarities at this
# temperature, mixed with this much of the uniform so no single reading can veto the order.
MEANING_TEMPERATURE = 0.1
MEANING_FLOOR = 0.1
# Below this share for its best frame, a note's meaning says nothing and the order decides.
MEANING_CONFIDENCE = 0.5
# The order alone puts a note under the title nearest before it; that frame gets this much
# log probability more, so meaning must be clearly surer before it moves a note elsewhere.
ORDER_WEIGHT = 1.5
# A frame's meaning is read as its title (counted this many times) plus the notes placed
# there, refined this many times after a first reading against the titles alone.
TITLE_WEIGHT = 3.0
PROTOTYPE_ROUNDS = 2


def _centred(
    frame_titles: Sequence[str], note_texts: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    titles, notes = _vectors(frame_titles, note_texts)
    # Centring on the whole board removes what every line shares (the workshop's subject).
    mean = np.vstack([titles, notes]).mean(axis=0, keepdims=True)
    return normalise(titles - mean), normalise(notes - mean)


def _log_probabilities(scores: np.ndarray) -> np.ndarray:
    """Similarities as log probabilities over the frames; an unsure note gets the uniform."""
    count = scores.shape[1]
    scaled = (scores - scores.max(axis=1, keepdims=True)) / MEANING_TEMPERATURE
    shares = np.exp(scaled)
    shares /= shares.sum(axis=1, keepdims=True)
    uncertain = shares.max(axis=1) < MEANING_CONFIDENCE
    shares[uncertain] = 1.0 / count
    mixed = (1 - MEANING_FLOOR) * shares + MEANING_FLOOR / count
    result: np.ndarray = np.log(mixed)
    return result


def _prototype_scores(
    titles: np.ndarray, notes: np.ndarray, frames: Sequence[int | None]
) -> np.ndarray:
    """Each note's similarity to each frame read as its title plus the notes placed there
    now, the note itself left out: notes resemble each other more than they do a question."""
    sums = titles * TITLE_WEIGHT
    for row, frame in enumerate(frames):
        if frame is not None:
            sums[frame] += notes[row]
    scores = np.empty((notes.shape[0], titles.shape[0]))
    for row, note in enumerate(notes):
        own = np.zeros_like(sums)
        frame = frames[row]
        if frame is not None:
            own[frame] = note
        prototypes = normalise(sums - own)
        scores[row] = prototypes @ note
    return scores


def _nearest_title_before(sequence: Sequence[int | str]) -> list[int | None]:
    """Per note, the frame whose title stands nearest before it (the first title for notes
    before any): what the export's order alone says."""
    first = next((item for item in sequence if isinstance(item, int)), None)
    current: int | None = first
    nearest: list[int | None] = []
    for item in sequence:
        if isinstance(item, int):
            current = item
        else:
            nearest.append(current)
    return nearest


def place_in_export_order(
    frame_titles: Sequence[str], sequence: Sequence[int | str]
) -> list[int | None]:
    """The frame of each note of a flat export, in the order the notes stand in `sequence`.

    `sequence` is the export's items in export order: an int is the title of that frame, a
    str a note's text. The most likely frames for all notes together (Viterbi) under the
    order's prior and the meaning's evidence; with no frames, every note is left unplaced."""
    note_texts = [item for item in sequence if isinstance(item, str)]
    count = len(frame_titles)
    if not count or not note_texts:
        return [None] * len(note_texts)
    if count == 1:
        return [0] * len(note_texts)
    titles, notes = _centred(frame_titles, note_texts)
    nearest = _nearest_title_before(sequence)
    placed = _viterbi(sequence, _log_probabilities(notes @ titles.T), nearest, count)
    for _round in range(PROTOTYPE_ROUNDS):
        scores = _prototype_scores(titles, notes, placed)
        placed = _viterbi(sequence, _log_probabilities(scores), nearest, count)
    return placed


def _viterbi(
    sequence: Sequence[int | str], meaning: np.ndarray, nearest: Sequence[int | None], count: int
) -> list[int | None]:
    stay = np.log(1 - SWITCH_PROBABILITY)
    switch = np.log(SWITCH_PROBABILITY / (count - 1))
    transition = np.full((count, count), switch)
    np.fill_diagonal(transition, stay)
    score = np.zeros(count)
    back: list[np.ndarray] = []
    note_row = 0
    for item in sequence:
        if isinstance(item, int):
            emission = np.full(count, -np.inf)
            if 0 <= item < count:
                emission[item] = 0.0
            else:
                emission[:] = 0.0
        else:
            emission = meaning[note_row].copy()
            if nearest[note_row] is not None:
                emission[nearest[note_row]] += ORDER_WEIGHT
            note_row += 1
        candidates = score[:, None] + transition
        back.append(candidates.argmax(axis=0))
        score = candidates.max(axis=0) + emission
    state = int(score.argmax())
    path = [state]
    for pointers in reversed(back[1:]):
        state = int(pointers[state])
        path.append(state)
    path.reverse()
    return [frame for frame, item in zip(path, sequence, strict=True) if isinstance(item, str)]
