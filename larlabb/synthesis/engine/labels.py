"""Theme names and keywords, from the words participants wrote.

Keywords: class-based TF-IDF over Swedish stems. Each theme's notes count as one document; a
stem scores by how often the theme uses it, weighed down when other themes use it too, shown
in the surface form participants wrote most. Names: a phrase several of the theme's notes
share (see the naming rule below), never keywords glued together with "och".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from django.utils.translation import gettext as _

from larlabb.synthesis.engine.lexical import STOP_WORDS, content_words, stem_word, strip_cues

KEYWORDS_PER_THEME = 6


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


# A theme's name is a phrase participants wrote. The rule, checked by name_follows_rule and
# measured by bench/synthesis_quality.py: 1–5 words that occur one after another (compared by
# stem, so inflections and case count as the same) in at least two of the theme's notes; the
# first and last word are not function words, the last is no adjective left without its
# noun, and at least one word of four letters or more carries content.
NAME_MAX_WORDS = 5
NAME_MIN_NOTES = 2
# Swedish adjective endings (-ig, -lig, -sk and their inflections, past participles) and
# the adjectives and adverbs notes use most; a phrase ending in one lacks its noun.
_ADJECTIVE_ENDINGS = ("ig", "iga", "igt", "sk", "ska", "skt", "ade")
_GENITIVE_ENDINGS = ("nas", "ens", "ets")
# Inside a name only the small words of a noun phrase; "kan", "inte" or "men" make a clause.
_INNER_WORDS = frozenset({"på", "i", "av", "för", "om", "med", "till", "mellan", "och", "från"})
_ADJECTIVES_TEXT = """
    ny nya nytt stor stora stort liten lilla små god goda gott annan annat andra egen eget
    egna hel hela hållbar hållbara hållbart gemensam gemensamma gemensamt regional regionala
    regionalt lokal lokala lokalt nationell nationella nationellt enskild enskilda enskilt
    olika fler flera svår svåra svårt lång långa långt kort korta snabb snabba snabbt
    stark starka starkt svag svaga svagt alls tidig tidiga tidigt större mindre
"""
_ADJECTIVES = frozenset(_ADJECTIVES_TEXT.split())
# Phrases that name the kind of note rather than what it is about.
_NOT_A_SUBJECT = frozenset(
    stem_word(w) for w in ("målkonflikt", "målkonflikterna", "exempel", "fråga", "stället")
)
# Adverbs that cannot open or close a name, though they are no stop words elsewhere.
_NOT_AT_EDGE = frozenset(
    {"tillsammans", "ofta", "ibland", "nu", "sedan", "tidigt", "alls", "fram", "tagit", "gjort"}
)
_WORD_WITH_CASE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def _is_function_word(word: str) -> bool:
    return word.lower() in STOP_WORDS or word.lower() in _NOT_AT_EDGE


def _lacks_noun(word: str) -> bool:
    lowered = word.lower()
    return (
        lowered in _ADJECTIVES
        or (len(lowered) > 4 and lowered.endswith(_ADJECTIVE_ENDINGS))
        # A genitive ("regionernas", "samhällets") waits for the noun it belongs to.
        or (len(lowered) > 5 and lowered.endswith(_GENITIVE_ENDINGS))
    )


def _phrases(text: str) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Every word sequence of a note that could be a name, by stems, with its surface form."""
    written = _WORD_WITH_CASE.findall(strip_cues(text))
    stems = [stem_word(w) for w in written]
    found: dict[tuple[str, ...], tuple[str, ...]] = {}
    for start, first in enumerate(written):
        if _is_function_word(first):
            continue
        for end in range(start + 1, min(start + NAME_MAX_WORDS, len(written)) + 1):
            last = written[end - 1]
            if _is_function_word(last) or _lacks_noun(last) or len(last) < 3:
                continue
            words = written[start:end]
            if any(_is_function_word(w) and w.lower() not in _INNER_WORDS for w in words):
                continue
            content = [w for w in words if not _is_function_word(w) and len(w) >= 4]
            if not content or all(stem_word(w) in _NOT_A_SUBJECT for w in content):
                continue
            found.setdefault(tuple(stems[start:end]), tuple(words))
    return found


def name_follows_rule(name: str, texts: Sequence[str]) -> bool:
    """Whether a theme's name keeps the naming rule for the theme's notes."""
    words = _WORD_WITH_CASE.findall(name)
    if not 1 <= len(words) <= NAME_MAX_WORDS or not name.strip():
        return False
    key = tuple(stem_word(w) for w in words)
    return sum(1 for text in texts if key in _phrases(text)) >= NAME_MIN_NOTES


def theme_names(
    texts: Sequence[str],
    labels: Sequence[int],
    themes: int,
    *,
    keywords: Sequence[Sequence[str]],
    frames: Sequence[str],
    originals: Sequence[str] = (),
) -> list[str]:
    """A name for each theme 0..themes-1: the phrase the theme's notes share that best sets
    it apart from the other notes; when no phrase is shared, an honest neutral name.
    `originals` gives each note the id of the note it nearly repeats (or its own): a phrase
    counts once per original, so two copies of one note do not name a theme."""
    originals = originals or [str(i) for i in range(len(texts))]
    phrases = [_phrases(text) for text in texts]
    everywhere: Counter[tuple[str, ...]] = Counter()
    for found in phrases:
        everywhere.update(found.keys())
    names = []
    for theme in range(themes):
        rows = [i for i, label in enumerate(labels) if label == theme]
        sources: dict[tuple[str, ...], set[str]] = {}
        surface: dict[tuple[str, ...], Counter[tuple[str, ...]]] = {}
        for i in rows:
            for key, words in phrases[i].items():
                sources.setdefault(key, set()).add(originals[i])
                surface.setdefault(key, Counter())[words] += 1
        inside = {key: len(found) for key, found in sources.items()}
        best: tuple[float, tuple[str, ...]] | None = None
        for key, count in inside.items():
            if count < NAME_MIN_NOTES:
                continue
            content = sum(1 for stem in key if stem not in STOP_WORDS)
            # Cover many of the theme's notes and few of the others, be rare on the whole
            # board ("kommunerna" names nothing), and prefer a phrase to a single word.
            score = (
                (count / len(rows))
                * (count / everywhere[key])
                * math.log(1 + len(texts) / everywhere[key])
                * (1 + 0.5 * (content - 1))
            )
            if best is None or (score, key) > best:
                best = (score, key)
        if best is not None:
            words = surface[best[1]].most_common(1)[0][0]
            names.append(_capitalised(" ".join(words)))
        else:
            names.append(_neutral_name(keywords[theme], [frames[i] for i in rows]))
    return names


def _neutral_name(keywords: Sequence[str], frames: Sequence[str]) -> str:
    # All notes answer one question: the question says what they are about.
    shared = set(frames)
    if len(shared) == 1 and next(iter(shared)):
        question = next(iter(shared)).rstrip("?.! ")
        return _capitalised(question if len(question) <= 60 else question[:59].rstrip() + "…")
    nouns = [word for word in keywords if not _lacks_noun(word)]
    if nouns:
        return _("Lappar om %(word)s") % {"word": nouns[0]}
    return _("Övrigt")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
