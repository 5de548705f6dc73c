"""Near-duplicates: the same post-it written twice, or copied from group to group.

Character 3–5-grams catch the same wording through typos and inflections, yet keep apart
notes that only share a topic (those are a theme, not a duplicate). The threshold was tuned on
the labelled set in larlabb/synthesis/evaluation/ (bench/synthesis_quality.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from larlabb.synthesis.engine.lexical import strip_cues

THRESHOLD = 0.6
# Rows compared at once: bounds memory at BLOCK × n similarities however large the project.
BLOCK = 512


def _normalised(text: str) -> str:
    return " ".join(strip_cues(text).lower().split())


def duplicate_groups(
    ids: Sequence[str], texts: Sequence[str], *, threshold: float = THRESHOLD
) -> list[tuple[str, ...]]:
    """Groups (two or more ids, in input order) of notes that say the same thing."""
    n = len(texts)
    if n < 2:
        return []
    prepared = [_normalised(t) for t in texts]
    try:
        matrix = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        ).fit_transform(prepared)
    except ValueError:
        return []
    matrix = sparse.csr_matrix(matrix)
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
        if prepared[i]:
            members.setdefault(find(i), []).append(i)
    return [tuple(ids[i] for i in group) for group in members.values() if len(group) > 1]
