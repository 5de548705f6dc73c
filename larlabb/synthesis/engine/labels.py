"""Theme labels from class-based TF-IDF over Swedish stems.

Each theme's notes count as one document; a stem scores by how often the theme uses it,
weighed down when other themes use it too. The label shows the words as participants wrote
them (the most frequent surface form of each stem), not the stems.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from larlabb.synthesis.engine.lexical import content_words, stem_word

KEYWORDS_PER_THEME = 6
LABEL_WORDS = 2


def theme_keywords(
    texts: Sequence[str], labels: Sequence[int], themes: int
) -> list[tuple[str, ...]]:
    """Keywords (surface forms, best first) for themes 0..themes-1."""
    stem_counts: list[Counter[str]] = [Counter() for _ in range(themes)]
    surface: list[dict[str, Counter[str]]] = [{} for _ in range(themes)]
    stem_cache: dict[str, str] = {}
    for text, label in zip(texts, labels, strict=True):
        if label < 0:
            continue
        # A word counts once per note: one long note should not decide a theme's name.
        for word in set(content_words(text)):
            if len(word) < 3:
                continue
            stem = stem_cache.get(word)
            if stem is None:
                stem = stem_cache[word] = stem_word(word)
            stem_counts[label][stem] += 1
            surface[label].setdefault(stem, Counter())[word] += 1
    class_frequency: Counter[str] = Counter()
    for counts in stem_counts:
        class_frequency.update(counts.keys())
    total_words = sum(sum(c.values()) for c in stem_counts)
    average = total_words / max(themes, 1)
    result: list[tuple[str, ...]] = []
    for label in range(themes):
        counts = stem_counts[label]
        size = sum(counts.values()) or 1
        scored = sorted(
            counts,
            key=lambda s, c=counts, sz=size: (  # type: ignore[misc]
                -(c[s] / sz) * math.log(1 + average / class_frequency[s]),
                s,
            ),
        )
        keywords = [surface[label][s].most_common(1)[0][0] for s in scored[:KEYWORDS_PER_THEME]]
        result.append(tuple(keywords))
    return result


def label_from_keywords(keywords: Sequence[str]) -> str:
    if not keywords:
        return "Övrigt"
    chosen = list(keywords[:LABEL_WORDS])
    text = " och ".join(chosen) if len(chosen) == 2 else chosen[0]
    return text[:1].upper() + text[1:]
