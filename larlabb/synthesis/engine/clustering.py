"""Themes as clusters: agglomerative, cosine distance, average linkage.

HDBSCAN left most post-its of a board as singletons; average linkage over centred vectors
recovered the planted themes best. Silhouette alone kept choosing more themes than a person
would (24 on a set of 10), so each cut's silhouette is weighed against the number a
facilitator would choose for that many notes (a handful on a 21-note board, under ten for 70
notes, some tens for hundreds). The board's structure counts as evidence: notes answering
one question (frame) are clustered together first and similar clusters of different
questions then joined, and notes a group of participants put together stay together. A note
far from the centre of its cluster stays outside every theme rather than being forced into
one. Above DIRECT_LIMIT notes the full distance matrix would cost n² memory, so the notes are
first gathered into micro-clusters (k-means) and the centroids are clustered instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist, squareform

from larlabb.synthesis.engine.lexical import normalise

DIRECT_LIMIT = 1500
MICRO_CLUSTERS = 400
SILHOUETTE_SAMPLE = 1500
MIN_THEME_SIZE = 2
# Measured on the evaluation boards (bench/synthesis_quality.py): the number of themes
# expected for n notes is about THEMES_PER_ROOT_NOTE·√n (for a frame's notes,
# THEMES_PER_ROOT_FRAME_NOTE·√n), and a cut loses COUNT_PRIOR_WEIGHT of silhouette per
# factor e it lies away from that number.
THEMES_PER_ROOT_NOTE = 0.85
THEMES_PER_ROOT_FRAME_NOTE = 0.6
COUNT_PRIOR_WEIGHT = 0.3
MAX_THEMES = 40
# Clusters of different frames whose centres are at least this similar become one theme.
FRAME_MERGE_SIMILARITY = 0.4
# A note less similar than this to the centre of the rest of its cluster fits no theme well.
OUTLIER_SIMILARITY = 0.0


def with_board_groups(vectors: np.ndarray, board_groups: Sequence[str]) -> np.ndarray:
    """Unit rows where the notes of each group participants made on the board share one
    vector, the mean of theirs, so they fall into one cluster together."""
    vectors = normalise(vectors).copy()
    members: dict[str, list[int]] = {}
    for row, group in enumerate(board_groups):
        if group:
            members.setdefault(group, []).append(row)
    for rows in members.values():
        if len(rows) > 1:
            vectors[rows] = normalise(vectors[rows].mean(axis=0, keepdims=True))
    return vectors


def expected_themes(notes: int, per_root_note: float = THEMES_PER_ROOT_NOTE) -> float:
    """The number of themes a person would choose for this many notes."""
    return max(1.0, per_root_note * float(np.sqrt(notes)))


def _cut_score(distances: np.ndarray, labels: np.ndarray, expected: float) -> float:
    found = len(np.unique(labels))
    # One cluster has no silhouette; it is as good as clusters that do not stand apart.
    fit = silhouette(distances, labels) if found > 1 else 0.0
    return fit - COUNT_PRIOR_WEIGHT * abs(float(np.log(found / expected)))


def silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette from a precomputed distance matrix: one matrix product per cut instead
    of sklearn's chunked loop, which dominated the time for a thousand notes."""
    values, index = np.unique(labels, return_inverse=True)
    k = len(values)
    if k < 2 or k >= len(labels):
        return -1.0
    members = np.zeros((len(labels), k), dtype=distances.dtype)
    members[np.arange(len(labels)), index] = 1.0
    sums = distances @ members
    counts = members.sum(axis=0)
    rows = np.arange(len(labels))
    own_count = counts[index] - 1
    own = np.where(own_count > 0, sums[rows, index] / np.maximum(own_count, 1), 0.0)
    mean_other = sums / counts
    mean_other[rows, index] = np.inf
    nearest = mean_other.min(axis=1)
    score = np.where(
        own_count > 0, (nearest - own) / np.maximum(np.maximum(nearest, own), 1e-12), 0.0
    )
    return float(score.mean())


def _best_cut(
    tree: np.ndarray, distances: np.ndarray, n: int, *, expected: float, lowest: int = 2
) -> np.ndarray:
    best_labels = np.zeros(n, dtype=np.int64)
    best_score = -np.inf
    upper = max(lowest, min(n // 2, int(3 * expected), MAX_THEMES))
    for k in range(lowest, upper + 1):
        labels = fcluster(tree, t=k, criterion="maxclust")
        found = len(np.unique(labels))
        if found < lowest or found >= n:
            continue
        score = _cut_score(distances, labels, expected)
        if score > best_score:
            best_score, best_labels = score, labels
    return best_labels


def cluster(vectors: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """Cluster label per row (0..k-1), or -1 for notes in no theme (singletons)."""
    return cluster_with_blocks(vectors, seed=seed)[0]


def cluster_with_blocks(
    vectors: np.ndarray,
    *,
    seed: int = 0,
    frames: Sequence[str] = (),
    board_groups: Sequence[str] = (),
) -> tuple[np.ndarray, np.ndarray | None]:
    """Theme labels, and for large sets the micro-cluster of each note: notes so alike that
    they fell together, the only ones worth comparing for near-duplicates at that scale.
    `frames` and `board_groups`, when given, hold each note's frame title and board group."""
    n = len(vectors)
    if n < 4:
        # Too few notes to compare cuts: together they are one theme, if two or more.
        return _renumber(np.zeros(n, dtype=np.int64)), None
    vectors = with_board_groups(vectors, board_groups) if board_groups else normalise(vectors)
    blocks = None
    if n > DIRECT_LIMIT:
        labels, blocks = _two_stage(vectors, seed=seed)
    elif len(set(frames)) > 1:
        labels = _frames_first(vectors, frames)
    else:
        labels = _direct(vectors, expected=expected_themes(n))
    labels = _without_outliers(vectors, labels)
    if board_groups:
        labels = _board_groups_together(labels, board_groups)
    return _renumber(labels), blocks


def _distances(vectors: np.ndarray) -> np.ndarray:
    # Unit rows: cosine distance is one minus the dot product, a single matrix product.
    distances = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    result: np.ndarray = (distances + distances.T) / 2
    return result


def _direct(vectors: np.ndarray, *, expected: float, lowest: int = 2) -> np.ndarray:
    distances = _distances(vectors)
    tree = linkage(squareform(distances, checks=False).astype(np.float64), method="average")
    return _best_cut(tree, distances, len(vectors), expected=expected, lowest=lowest)


def _frames_first(vectors: np.ndarray, frames: Sequence[str]) -> np.ndarray:
    """Clusters within each frame (a frame's notes answer one question, so its themes are
    its own), then clusters of different frames that say the same joined into one theme."""
    labels = np.zeros(len(vectors), dtype=np.int64)
    offset = 0
    for frame in dict.fromkeys(frames):
        rows = np.array([i for i, f in enumerate(frames) if f == frame])
        if len(rows) < 4:
            within = np.zeros(len(rows), dtype=np.int64)
        else:
            expected = expected_themes(len(rows), THEMES_PER_ROOT_FRAME_NOTE)
            within = _direct(vectors[rows], expected=expected, lowest=1)
        values, within = np.unique(within, return_inverse=True)
        labels[rows] = within + offset
        offset += len(values)
    if offset < 2:
        return labels
    centres = normalise(np.stack([vectors[labels == c].mean(axis=0) for c in range(offset)]))
    condensed = np.clip(pdist(centres, metric="cosine"), 0.0, 2.0)
    joined = fcluster(
        linkage(condensed, method="average"), t=1 - FRAME_MERGE_SIMILARITY, criterion="distance"
    )
    result: np.ndarray = joined[labels]
    return result


def _board_groups_together(labels: np.ndarray, board_groups: Sequence[str]) -> np.ndarray:
    """Every note of a participants' group in the theme most of the group is in."""
    result = labels.copy()
    members: dict[str, list[int]] = {}
    for row, group in enumerate(board_groups):
        if group:
            members.setdefault(group, []).append(row)
    for rows in members.values():
        result[rows] = Counter(int(labels[i]) for i in rows).most_common(1)[0][0]
    return result


def _two_stage(vectors: np.ndarray, *, seed: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(vectors)
    assignment, centroids = micro_clusters(vectors, min(MICRO_CLUSTERS, n // 4), seed=seed)
    condensed = np.clip(pdist(centroids, metric="cosine"), 0.0, 2.0)
    tree = linkage(condensed, method="average")
    rng = np.random.default_rng(seed)
    sample = rng.choice(n, size=min(SILHOUETTE_SAMPLE, n), replace=False)
    sample_distances = np.clip(1.0 - vectors[sample] @ vectors[sample].T, 0.0, 2.0).astype(
        np.float32
    )
    np.fill_diagonal(sample_distances, 0.0)
    best_labels = np.zeros(n, dtype=np.int64)
    best_score = -np.inf
    expected = expected_themes(n)
    upper = max(2, min(len(centroids) // 2, int(3 * expected), MAX_THEMES))
    for k in range(2, upper + 1):
        labels = fcluster(tree, t=k, criterion="maxclust")[assignment]
        sampled = labels[sample]
        if len(np.unique(sampled)) < 2:
            continue
        score = _cut_score(sample_distances, sampled, expected)
        if score > best_score:
            best_score, best_labels = score, labels
    return best_labels, assignment


def micro_clusters(
    vectors: np.ndarray, count: int, *, seed: int = 0, rounds: int = 4
) -> tuple[np.ndarray, np.ndarray]:
    """Spherical k-means from randomly chosen notes, a few rounds: micro-clusters only need to
    be tight, not optimal, and k-means++ seeding alone took most of the time at 10,000 notes."""
    rng = np.random.default_rng(seed)
    centroids = vectors[rng.choice(len(vectors), size=count, replace=False)].copy()
    assignment = np.zeros(len(vectors), dtype=np.int64)
    for _ in range(rounds):
        assignment = np.argmax(vectors @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assignment, vectors)
        empty = np.bincount(assignment, minlength=count) == 0
        sums[empty] = centroids[empty]
        centroids = normalise(sums)
    return np.argmax(vectors @ centroids.T, axis=1), centroids


def _without_outliers(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Unit rows; a note too unlike the rest of its cluster leaves it (label -1). Each note
    is compared with the centre of the others, so in a small cluster it cannot make the
    centre look like itself; the least fitting note leaves first and the rest are compared
    again without it, so one stray note does not drag its neighbours out with it."""
    result = np.array(labels, dtype=np.int64, copy=True)
    for value in np.unique(labels):
        rows = np.flatnonzero(labels == value)
        while len(rows) > 1:
            others = vectors[rows].sum(axis=0, keepdims=True) - vectors[rows]
            norms = np.maximum(np.linalg.norm(others, axis=1), 1e-12)
            similarity = np.einsum("ij,ij->i", vectors[rows], others) / norms
            worst = int(np.argmin(similarity))
            if similarity[worst] >= OUTLIER_SIMILARITY:
                break
            result[rows[worst]] = -1
            rows = np.delete(rows, worst)
    return result


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Largest theme first; clusters smaller than MIN_THEME_SIZE become -1."""
    values, counts = np.unique(labels, return_counts=True)
    mapping: dict[int, int] = {}
    for count, value in sorted(zip(-counts, values, strict=True)):
        if value >= 0 and -count >= MIN_THEME_SIZE:
            mapping[int(value)] = len(mapping)
    return np.array([mapping.get(int(v), -1) for v in labels], dtype=np.int64)
