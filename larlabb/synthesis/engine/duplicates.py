"""Near-duplicates: the same post-it written twice, or copied from group to group.

Character 3–5-grams catch the same wording through typos and inflections, yet keep apart
notes that only share a topic (those are a theme, not a duplicate). The threshold was tuned on
the labelled set in larlabb/synthesis/evaluation/ (bench/synthesis_quality.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from larlabb.synthesis.engine.lexical import strip_cues

THRESHOLD = 0.6
# Rows compared at once: bounds memory at BLOCK × n similarities however large the project.
BLOCK = 512
# N-grams found in more notes than this share ("och ", "regio") weigh almost nothing in
# TF-IDF, yet make the similarity product dense; dropping them keeps 10,000 notes fast.
COMMON_SHARE = 0.05
COMMON_FLOOR = 40


def _normalised(text: str) -> str:
    return " " + " ".join(strip_cues(text).lower().split()) + " "


def _ngram_hashes(text: str) -> list[int]:
    return list({hash(text[i : i + n]) for n in (3, 4, 5) for i in range(len(text) - n + 1)})


def char_ngram_tfidf(texts: Sequence[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows over character 3–5-grams (presence, not counts: a post-it
    rarely repeats itself). N-grams are told apart by their hash, which is stable within the
    process; numpy then numbers them without a Python dictionary."""
    per_text = [_ngram_hashes(t) for t in texts]
    lengths = np.fromiter((len(h) for h in per_text), dtype=np.int64, count=len(texts))
    n = len(texts)
    if not lengths.sum():
        return sparse.csr_matrix((n, 1), dtype=np.float32)
    hashes = np.fromiter(
        (h for row in per_text for h in row), dtype=np.int64, count=int(lengths.sum())
    )
    _unique, columns = np.unique(hashes, return_inverse=True)
    frequency = np.bincount(columns)
    idf = (np.log((1 + n) / (1 + frequency)) + 1.0).astype(np.float32)
    idf[frequency > max(COMMON_FLOOR, COMMON_SHARE * n)] = 0.0
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    matrix = sparse.csr_matrix(
        (idf[columns], columns, indptr), shape=(n, len(frequency)), dtype=np.float32
    )
    matrix.eliminate_zeros()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix, dtype=np.float32)


def duplicate_groups(
    ids: Sequence[str], texts: Sequence[str], *, threshold: float = THRESHOLD
) -> list[tuple[str, ...]]:
    """Groups (two or more ids, in input order) of notes that say the same thing."""
    n = len(texts)
    if n < 2:
        return []
    prepared = [_normalised(t) for t in texts]
    matrix = char_ngram_tfidf(prepared)
    transposed = matrix.T.tocsc()
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for start in range(0, n, BLOCK):
        block = (matrix[start : start + BLOCK] @ transposed).tocoo()
        keep = (block.data >= threshold) & (block.row + start < block.col)
        for row, col in zip(block.row[keep] + start, block.col[keep], strict=True):
            a, b = find(int(row)), find(int(col))
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for i in range(n):
        if prepared[i].strip():
            members.setdefault(find(i), []).append(i)
    return [tuple(ids[i] for i in group) for group in members.values() if len(group) > 1]
