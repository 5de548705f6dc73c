"""Themes as clusters: agglomerative, cosine distance, average linkage, k chosen by silhouette.

HDBSCAN left most post-its of a board as singletons; average linkage over centred vectors
recovered the planted themes best. Above DIRECT_LIMIT notes the full distance matrix would
cost n² memory, so the notes are first gathered into micro-clusters (k-means) and the
centroids are clustered instead.
"""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist, squareform

from larlabb.synthesis.engine.lexical import normalise

DIRECT_LIMIT = 1500
MICRO_CLUSTERS = 400
SILHOUETTE_SAMPLE = 1500
MIN_THEME_SIZE = 2


def _k_range(n: int) -> range:
    # Boards of a few dozen notes hold a handful of themes; a project of thousands a few dozen.
    upper = max(2, min(n // 3, 8 + int(np.sqrt(n)), 40))
    return range(2, upper + 1)


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


def _best_cut(tree: np.ndarray, distances: np.ndarray, n: int) -> np.ndarray:
    best_labels = np.zeros(n, dtype=np.int64)
    best_score = -1.0
    for k in _k_range(n):
        labels = fcluster(tree, t=k, criterion="maxclust")
        found = len(np.unique(labels))
        if found < 2 or found >= n:
            continue
        score = silhouette(distances, labels)
        if score > best_score:
            best_score, best_labels = score, labels
    return best_labels


def cluster(vectors: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """Cluster label per row (0..k-1), or -1 for notes in no theme (singletons)."""
    return cluster_with_blocks(vectors, seed=seed)[0]


def cluster_with_blocks(
    vectors: np.ndarray, *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray | None]:
    """Theme labels, and for large sets the micro-cluster of each note: notes so alike that
    they fell together, the only ones worth comparing for near-duplicates at that scale."""
    n = len(vectors)
    if n < 4:
        # Too few notes to compare cuts: together they are one theme, if two or more.
        return _renumber(np.zeros(n, dtype=np.int64)), None
    vectors = normalise(vectors)
    if n <= DIRECT_LIMIT:
        # Unit rows: cosine distance is one minus the dot product, a single matrix product.
        distances = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)
        np.fill_diagonal(distances, 0.0)
        distances = (distances + distances.T) / 2
        tree = linkage(squareform(distances, checks=False).astype(np.float64), method="average")
        return _renumber(_best_cut(tree, distances, n)), None
    labels, blocks = _two_stage(vectors, seed=seed)
    return _renumber(labels), blocks


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
    best_score = -1.0
    for k in _k_range(len(centroids)):
        labels = fcluster(tree, t=k, criterion="maxclust")[assignment]
        sampled = labels[sample]
        if len(np.unique(sampled)) < 2:
            continue
        score = silhouette(sample_distances, sampled)
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


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Largest theme first; clusters smaller than MIN_THEME_SIZE become -1."""
    values, counts = np.unique(labels, return_counts=True)
    mapping: dict[int, int] = {}
    for count, value in sorted(zip(-counts, values, strict=True)):
        if -count >= MIN_THEME_SIZE:
            mapping[int(value)] = len(mapping)
    return np.array([mapping.get(int(v), -1) for v in labels], dtype=np.int64)
