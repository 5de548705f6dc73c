"""Near-duplicates: the same post-it written twice, or copied from group to group.

Character 3–5-grams catch the same wording through typos and inflections, yet keep apart
notes that only share a topic (those are a theme, not a duplicate). Notes worded alike where
each swaps in a word of its own make different points and are kept apart too. The thresholds
were tuned on the labelled set in larlabb/synthesis/evaluation/ (bench/synthesis_quality.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

import numpy as np
from scipy import sparse

from larlabb.synthesis.engine.lexical import content_words, stem_word, strip_cues

THRESHOLD = 0.6
# Above this similarity no look-alike of the labelled set remains, so no word check is needed.
SURE = 0.8
# Two words this alike (by difflib's ratio) are the same word misspelt or inflected.
SAME_WORD = 0.75
# Rows compared at once: bounds memory at BLOCK × n similarities however large the project.
BLOCK = 512
# N-grams found in more notes than this share ("och ", "regio") weigh almost nothing in
# TF-IDF, yet make the similarity product dense; dropping them keeps 10,000 notes fast.
COMMON_SHARE = 0.05
COMMON_FLOOR = 40


def _normalised(text: str) -> str:
    return " " + " ".join(strip_cues(text).lower().split()) + " "


_MULTIPLIER = np.uint64(1_000_003)


def _ngram_columns(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """(note, column) for every distinct 3–5-gram of every note, computed as rolling hashes
    over the code points with numpy: a Python loop over n-grams took seconds at 10,000 notes."""
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("\x00".join(texts).encode("utf-32-le"), dtype=np.uint32)
    codes = codes.astype(np.uint64)
    # Owner of each position; the separators between notes belong to none (-1).
    owner = np.repeat(np.arange(len(texts)), lengths + 1)[: len(codes)]
    separators = np.cumsum(lengths + 1)[:-1] - 1
    owner[separators] = -1
    notes_parts, hashes_parts = [], []
    for size in (3, 4, 5):
        if len(codes) < size:
            continue
        windows = len(codes) - size + 1
        rolling = np.full(windows, size, dtype=np.uint64)
        for offset in range(size):
            rolling = rolling * _MULTIPLIER + codes[offset : offset + windows]
        starts, ends = owner[:windows], owner[size - 1 :]
        valid = (starts == ends) & (starts >= 0)
        notes_parts.append(starts[valid])
        hashes_parts.append(rolling[valid])
    if not notes_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 0
    columns, width = _dense_ranks(np.concatenate(hashes_parts))
    keys = np.sort(np.concatenate(notes_parts) * width + columns)
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    return keys // width, keys % width, width


def _dense_ranks(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Each value's rank among the distinct values. By sorting: numpy's hash-based unique was
    ten times slower on millions of 64-bit hashes."""
    order = np.argsort(values)
    ordered = values[order]
    starts = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    ranks = np.empty(len(values), dtype=np.int64)
    ranks[order] = np.cumsum(starts) - 1
    return ranks, int(starts.sum())


def char_ngram_tfidf(texts: Sequence[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows over character 3–5-grams (presence, not counts: a post-it
    rarely repeats itself)."""
    n = len(texts)
    rows, columns, width = _ngram_columns(texts)
    if width == 0:
        return sparse.csr_matrix((n, 1), dtype=np.float32)
    frequency = np.bincount(columns, minlength=width)
    idf = (np.log((1 + n) / (1 + frequency)) + 1.0).astype(np.float32)
    idf[frequency > max(COMMON_FLOOR, COMMON_SHARE * n)] = 0.0
    matrix = sparse.csr_matrix((idf[columns], (rows, columns)), shape=(n, width))
    matrix.eliminate_zeros()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix, dtype=np.float32)


def duplicate_groups(
    ids: Sequence[str],
    texts: Sequence[str],
    *,
    threshold: float = THRESHOLD,
    blocks: np.ndarray | None = None,
) -> list[tuple[str, ...]]:
    """Groups (two or more ids, in input order) of notes that say the same thing. With
    `blocks`, only notes in the same block are compared (see clustering.cluster_with_blocks)."""
    n = len(texts)
    if n < 2:
        return []
    prepared = [_normalised(t) for t in texts]
    matrix = char_ngram_tfidf(prepared)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    swapped = _SwappedWords(texts)
    for left, right, similarity in _similar_pairs(matrix, threshold, blocks):
        if similarity < SURE and swapped(left, right):
            continue
        a, b = find(left), find(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for i in range(n):
        if prepared[i].strip():
            members.setdefault(find(i), []).append(i)
    return [tuple(ids[i] for i in group) for group in members.values() if len(group) > 1]


class _SwappedWords:
    """Whether each of two notes has a content word the other lacks, even misspelt: "samordna
    sina uppföljningar" and "… utlysningar" are worded alike but make different points. A word
    more on one side only ("alldeles för sällan") keeps them duplicates.

    Stems per note and verdicts per pair of words are kept: the same words recur across the
    thousands of candidate pairs of a large project."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = texts
        self._stems: dict[int, frozenset[str]] = {}
        self._alike: dict[tuple[str, str], bool] = {}

    def __call__(self, left: int, right: int) -> bool:
        a, b = self._stems_of(left), self._stems_of(right)
        # A misspelling of a word can only be among the words the other note lacks.
        only_a, only_b = a - b, b - a
        return (
            bool(only_a)
            and bool(only_b)
            and self._unmatched(only_a, only_b)
            and self._unmatched(only_b, only_a)
        )

    def _stems_of(self, index: int) -> frozenset[str]:
        found = self._stems.get(index)
        if found is None:
            found = frozenset(stem_word(w) for w in content_words(self._texts[index]))
            self._stems[index] = found
        return found

    def _unmatched(self, own: frozenset[str], theirs: frozenset[str]) -> bool:
        return any(not any(self._same(word, other) for other in theirs) for word in own)

    def _same(self, a: str, b: str) -> bool:
        key = (a, b) if a < b else (b, a)
        verdict = self._alike.get(key)
        if verdict is None:
            matcher = SequenceMatcher(None, a, b)
            verdict = matcher.real_quick_ratio() >= SAME_WORD and matcher.ratio() >= SAME_WORD
            self._alike[key] = verdict
        return verdict


def _similar_pairs(
    matrix: sparse.csr_matrix, threshold: float, blocks: np.ndarray | None
) -> list[tuple[int, int, float]]:
    pairs: list[tuple[int, int, float]] = []
    if blocks is None:
        transposed = matrix.T.tocsc()
        for start in range(0, matrix.shape[0], BLOCK):
            product = (matrix[start : start + BLOCK] @ transposed).tocoo()
            keep = (product.data >= threshold) & (product.row + start < product.col)
            pairs.extend(
                zip(
                    (product.row[keep] + start).tolist(),
                    product.col[keep].tolist(),
                    product.data[keep].tolist(),
                    strict=True,
                )
            )
        return pairs
    order = np.argsort(blocks, kind="stable")
    bounds = np.flatnonzero(np.diff(blocks[order])) + 1
    for members in np.split(order, bounds):
        if len(members) < 2:
            continue
        sub = matrix[members]
        similarity = (sub @ sub.T).toarray()
        left, right = np.nonzero(np.triu(similarity >= threshold, k=1))
        pairs.extend(
            zip(
                members[left].tolist(),
                members[right].tolist(),
                similarity[left, right].tolist(),
                strict=True,
            )
        )
    return pairs
