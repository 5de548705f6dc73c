"""Positions for the picture of the themes: the first two principal components, scaled 0..1."""

from __future__ import annotations

import numpy as np


def _top_two_directions(centred: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """(d, 2) leading principal directions by a few rounds of subspace iteration: no n × n
    matrix and no full d × d eigen-decomposition, so 10,000 notes cost a few matrix products."""
    rng = np.random.default_rng(seed)
    basis = rng.standard_normal((centred.shape[1], 6))
    for _ in range(6):
        basis, _r = np.linalg.qr(centred.T @ (centred @ basis))
    small = basis.T @ (centred.T @ (centred @ basis))
    values, vectors = np.linalg.eigh(small)
    order = np.argsort(values)[::-1][:2]
    directions: np.ndarray = basis @ vectors[:, order]
    return directions


def positions(vectors: np.ndarray) -> np.ndarray:
    """(n, 2) in [0, 1]; similar notes land near each other."""
    n = len(vectors)
    if n == 0:
        return np.zeros((0, 2), dtype=np.float32)
    if n < 3:
        few: np.ndarray = np.full((n, 2), 0.5) + np.arange(n)[:, None] * 0.1
        return few.astype(np.float32)
    centred = vectors.astype(np.float64) - vectors.mean(axis=0, keepdims=True)
    projected = centred @ _top_two_directions(centred)
    low = projected.min(axis=0)
    span = projected.max(axis=0) - low
    span[span == 0] = 1.0
    scaled: np.ndarray = (projected - low) / span
    return scaled.astype(np.float32)
