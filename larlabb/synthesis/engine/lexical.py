"""Swedish words, stems and TF-IDF: the lexical half of the engine and its whole fallback."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import Stemmer
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

# Snowball's Swedish list plus words that fill post-its without carrying a theme.
_STOP_WORDS_TEXT = """
    alla allt alltså andra annat att av bara blev bli blir blivit både bör cirka dag de dem den
    denna deras dess dessa det detta dig din dina ditt där då efter ej eller en ens er era ert
    ett fast fler flera från får fått för genom ger gör göra gjort ha hade han hans har hela
    henne hennes hit hon honom hur här i icke igen ingen inget inom inte ja jag ju kan kanske
    komma kommer kunde kunna lite man med mellan men mer mig min mina mitt mot mycket många ned
    ni nog när någon något några nu och också om oss på redan samma samt sedan sig sin sina
    sitt sjelv själv ska skall skulle som så sådan sådana sådant till tex t.ex ty tycker under
    upp ut utan vad var vara varför varit varje vars vart vem vi vid vilka vilken vilket vill
    vår våra vårt än ändå är även åt över också kunna behöver behov finns få bra viktigt
    viktig viktiga väldigt bättre mest sätt sak saker typ ex exempel exempelvis gärna ju
    olika ser se del delar just väl kring utifrån också helt nog tänka tror egentligen
    går gå gick tar ta tas hålla håller vet veta vill borde måste kanske alltid aldrig
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())

# Cue phrases that say what kind of note it is, not what it is about: stripped before
# embedding and before theme keywords so that "Bra exempel:" does not become a theme of its own.
CUE_PREFIX = re.compile(
    r"^\s*(?:bra|gott|goda|ett gott|ett bra)\s+exempel\s*[:\-–]\s*"
    r"|^\s*(?:målkonflikt|konflikt|fråga|obs|idé|förslag)\s*[:\-–]\s*",
    re.IGNORECASE,
)

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("swedish")


def strip_cues(text: str) -> str:
    return CUE_PREFIX.sub("", text).strip()


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def content_words(text: str) -> list[str]:
    return [w for w in words(strip_cues(text)) if w not in STOP_WORDS and len(w) > 1]


def stems(text: str) -> list[str]:
    found = content_words(text)
    return list(_stemmer().stemWords(found)) if found else []


def stem_word(word: str) -> str:
    return str(_stemmer().stemWord(word.lower()))


def tfidf(texts: Sequence[str]) -> sparse.csr_matrix:
    """Rows are L2-normalised TF-IDF vectors over Swedish stems (all zero for an empty note)."""
    if not texts:
        return sparse.csr_matrix((0, 0), dtype=np.float32)
    vectorizer = TfidfVectorizer(
        analyzer=stems, sublinear_tf=True, min_df=1, dtype=np.float32, norm="l2"
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:
        # Every note was stop words only: nothing to weigh, but the shape must still hold.
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
    return sparse.csr_matrix(matrix)


def dense_lexical(texts: Sequence[str], dims: int) -> np.ndarray:
    """Reduces stem TF-IDF to `dims` dense columns so the lexical fallback can reuse the
    vector code paths (clustering, layout, placement) that embeddings go through."""
    matrix = tfidf(texts)
    n, vocab = matrix.shape
    if n == 0:
        return np.zeros((0, dims), dtype=np.float32)
    if vocab <= dims or n <= 2:
        out = np.zeros((n, dims), dtype=np.float32)
        width = min(vocab, dims)
        out[:, :width] = matrix[:, :width].toarray()
        return out
    from sklearn.decomposition import TruncatedSVD

    components = min(dims, vocab - 1, n - 1)
    reduced = TruncatedSVD(n_components=components, random_state=0).fit_transform(matrix)
    out = np.zeros((n, dims), dtype=np.float32)
    out[:, :components] = reduced
    return normalise(out)


def normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: np.ndarray = (vectors / norms).astype(np.float32, copy=False)
    return result
