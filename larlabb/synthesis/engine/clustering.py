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
from sklearn.cluster import MiniBatchKMeans
from sklearn.metrics import silhouette_score

from larlabb.synthesis.engine.lexical import normalise

DIRECT_LIMIT = 1500
MICRO_CLUSTERS = 400
SILHOUETTE_SAMPLE = 1500
MIN_THEME_SIZE = 2


def _k_range(n: int) -> range:
    # Boards of a few dozen notes hold a handful of themes; a project of thousands a few dozen.
    upper = max(2, min(n // 3, 8 + int(np.sqrt(n)), 40))
    return range(2, upper + 1)


def _best_cut(tree: np.ndarray, distances: np.ndarray, n: int) -> np.ndarray:
    best_labels = np.zeros(n, dtype=np.int64)
    best_score = -1.0
    for k in _k_range(n):
        labels = fcluster(tree, t=k, criterion="maxclust")
        found = len(np.unique(labels))
        if found < 2 or found >= n:
            continue
        score = float(silhouette_score(distances, labels, metric="precomputed"))
        if score > best_score:
            best_score, best_labels = score, labels
    return best_labels


def cluster(vectors: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """Cluster label per row (0..k-1), or -1 for notes in no theme (singletons)."""
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if n < 4:
        return np.zeros(n, dtype=np.int64)
    vectors = normalise(vectors)
    if n <= DIRECT_LIMIT:
        condensed = np.clip(pdist(vectors, metric="cosine"), 0.0, 2.0)
        tree = linkage(condensed, method="average")
        labels = _best_cut(tree, squareform(condensed), n)
    else:
        labels = _two_stage(vectors, seed=seed)
    return _renumber(labels)


def _two_stage(vectors: np.ndarray, *, seed: int) -> np.ndarray:
    n = len(vectors)
    micro = MiniBatchKMeans(
        n_clusters=min(MICRO_CLUSTERS, n // 4),
        random_state=seed,
        batch_size=2048,
        n_init=1,
        max_iter=20,
    )
    assignment = micro.fit_predict(vectors)
    centroids = normalise(micro.cluster_centers_.astype(np.float32))
    condensed = np.clip(pdist(centroids, metric="cosine"), 0.0, 2.0)
    tree = linkage(condensed, method="average")
    rng = np.random.default_rng(seed)
    sample = rng.choice(n, size=min(SILHOUETTE_SAMPLE, n), replace=False)
    sample_distances = np.clip(1.0 - vectors[sample] @ vectors[sample].T, 0.0, 2.0)
    np.fill_diagonal(sample_distances, 0.0)
    best_labels = np.zeros(n, dtype=np.int64)
    best_score = -1.0
    for k in _k_range(len(centroids)):
        labels = fcluster(tree, t=k, criterion="maxclust")[assignment]
        sampled = labels[sample]
        if len(np.unique(sampled)) < 2:
            continue
        score = float(silhouette_score(sample_distances, sampled, metric="precomputed"))
        if score > best_score:
            best_score, best_labels = score, labels
    return best_labels


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Largest theme first; clusters smaller than MIN_THEME_SIZE become -1."""
    values, counts = np.unique(labels, return_counts=True)
    mapping: dict[int, int] = {}
    for count, value in sorted(zip(-counts, values, strict=True)):
        if -count >= MIN_THEME_SIZE:
            mapping[int(value)] = len(mapping)
    return np.array([mapping.get(int(v), -1) for v in labels], dtype=np.int64)
