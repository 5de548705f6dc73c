"""Positions for the picture of the themes: the first two principal components, scaled 0..1."""

from __future__ import annotations

import numpy as np


def positions(vectors: np.ndarray) -> np.ndarray:
    """(n, 2) in [0, 1]; similar notes land near each other."""
    n = len(vectors)
    if n == 0:
        return np.zeros((0, 2), dtype=np.float32)
    if n < 3:
        return np.full((n, 2), 0.5, dtype=np.float32) + np.arange(n)[:, None] * 0.1
    centred = vectors.astype(np.float64) - vectors.mean(axis=0, keepdims=True)
    # Eigenvectors of the d × d covariance: cheap for 10,000 notes, no n × n matrix.
    covariance = centred.T @ centred
    _values, vectors_ = np.linalg.eigh(covariance)
    projected = centred @ vectors_[:, ::-1][:, :2]
    low = projected.min(axis=0)
    span = projected.max(axis=0) - low
    span[span == 0] = 1.0
    return ((projected - low) / span).astype(np.float32)
