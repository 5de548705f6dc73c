"""Goal conflicts ("målkonflikter"): the ones notes state, and candidates in tension.

Explicit: the note names a conflict ("målkonflikt", "står mot", "på bekostnad av" …) or the
participants tagged it. Candidates: a note that speaks for both sides of a known opposing pair
and turns between them ("men", "samtidigt"), and pairs of similar notes that lean to opposite
sides of the same pair. Candidates are ranked for staff to judge, never asserted.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from larlabb.synthesis.engine.types import Conflict, InputNote

EXPLICIT_CUES = re.compile(
    r"målkonflikt|konflikt mellan|i konflikt med|konflikten|står mot|ställs mot|"
    r"på bekostnad av|krockar|kolliderar|går stick i stäv|motsättning|motstridiga|"
    r"målkonflikter|trade-?off|avvägning mellan",
    re.IGNORECASE,
)
CONTRAST = re.compile(
    r"\b(men|samtidigt|dock|fast|däremot|medan|trots att|riskerar|hotar|försvårar|tränger undan)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class OpposingPair:
    name: str  # Swedish, shown in the candidate's description
    side_a: tuple[str, ...]
    side_b: tuple[str, ...]


def _words(*prefixes: str) -> tuple[str, ...]:
    # Word starts, so "klimat" finds "klimatet" and "klimatmålen" but not "acklimatisera";
    # a trailing space asks for the whole word ("byn " but not "bygga").
    return prefixes


OPPOSING_PAIRS: tuple[OpposingPair, ...] = (
    OpposingPair(
        "tillväxt ↔ klimat",
        _words(
            "tillväxt",
            "etablering",
            "nyetablering",
            "industri",
            "jobb",
            "arbetstillfäll",
            "expansion",
            "flyg",
            "motorväg",
            "ekonomisk utveckling",
        ),
        _words("klimat", "utsläpp", "koldioxid", "fossil", "växthusgas"),
    ),
    OpposingPair(
        "stad ↔ landsbygd",
        _words("stad", "städer", "storstad", "tätort", "centralort", "regionstad", "stadskärn"),
        _words(
            "landsbygd",
            "glesbygd",
            "glesbefolk",
            "byar",
            "byn ",
            "små orter",
            "mindre orter",
            "inlandet",
            "skärgård",
        ),
    ),
    OpposingPair(
        "exploatering ↔ natur",
        _words(
            "exploater",
            "bygga",
            "bebygg",
            "vindkraft",
            "gruv",
            "bostadsbyggande",
            "verksamhetsmark",
            "etablering",
            "avverkning",
            "utbyggnad",
        ),
        _words(
            "natur",
            "biologisk mångfald",
            "jordbruksmark",
            "åkermark",
            "rennäring",
            "friluftsliv",
            "strandskydd",
            "skog",
            "ekosystem",
            "våtmark",
        ),
    ),
    OpposingPair(
        "kort sikt ↔ lång sikt",
        _words(
            "kort sikt",
            "kortsiktig",
            "snabba",
            "snabbt",
            "akut",
            "projektmedel",
            "ettåriga",
            "valcykel",
            "mandatperiod",
        ),
        _words(),
    ),
    OpposingPair(
        "effektivitet ↔ närhet",
        _words("effektivis", "samordn", "centralis", "stordrift", "slå ihop", "kostnadseffektiv"),
        _words("närhet", "lokal service", "nära ", "servicepunkt", "lokalt förankr", "tillgänglig"),
    ),
    OpposingPair(
        "bil ↔ hållbara resor",
        _words("bilen", "bil ", "bilberoende", "bilist", "parkering", "vägar", "väg "),
        _words("kollektivtrafik", "cykel", "cykla", "tåg", "buss", "gång"),
    ),
    OpposingPair(
        "nationell styrning ↔ regional frihet",
        _words(
            "nationell styrning",
            "styrd",
            "detaljstyr",
            "centralt beslut",
            "enhetlig",
            "myndigheternas krav",
            "regleringsbrev",
        ),
        _words(
            "regional anpassning",
            "flexib",
            "lokala förutsättningar",
            "regionala förutsättn",
            "anpassning",
            "egna prioriteringar",
        ),
    ),
)

MAX_CANDIDATE_PAIRS = 12
PAIR_SIMILARITY = 0.35


_TOKEN = re.compile(r"\w+")
_Entry = tuple[str, bool, int, int]  # prefix, whole word only, pair index, side (0 or 1)


def _prefix_index() -> dict[str, list[_Entry]]:
    """Prefixes filed under their first three letters: each word of a note looks up only the
    few prefixes it could start with, which keeps ten thousand notes well under a second
    (one regular expression with every alternative took seconds)."""
    index: dict[str, list[_Entry]] = {}
    for number, pair in enumerate(OPPOSING_PAIRS):
        for side, prefixes in enumerate((pair.side_a, pair.side_b)):
            for prefix in prefixes:
                word = prefix.strip().lower()
                index.setdefault(word[:3], []).append((word, prefix.endswith(" "), number, side))
    return index


_INDEX = _prefix_index()


def _sides(text: str) -> list[tuple[int, bool, bool]]:
    words = _TOKEN.findall(text.lower())
    tokens = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
    seen: dict[int, list[bool]] = {}
    for token in tokens:
        for prefix, whole, number, side in _INDEX.get(token[:3], ()):
            if token == prefix if whole else token.startswith(prefix):
                seen.setdefault(number, [False, False])[side] = True
    return [(number, a, b) for number, (a, b) in sorted(seen.items())]


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def is_explicit(note: InputNote) -> bool:
    return note.tagged_conflict or bool(EXPLICIT_CUES.search(note.text))


def find_conflicts(notes: Sequence[InputNote], vectors: np.ndarray | None) -> list[Conflict]:
    """Explicit conflicts first (score 1.0), then candidates by descending score."""
    explicit: list[Conflict] = []
    candidates: list[Conflict] = []
    leaning: dict[int, tuple[list[int], list[int]]] = {}
    for position, note in enumerate(notes):
        sides = _sides(note.text)
        if is_explicit(note):
            names = [OPPOSING_PAIRS[i].name for i, a, b in sides if a and b]
            description = (
                _("Målkonflikt (%(pair)s): ”%(text)s”")
                % {"pair": names[0], "text": _quote(note.text)}
                if names
                else _("Målkonflikt som deltagarna pekar ut: ”%(text)s”")
                % {"text": _quote(note.text)}
            )
            explicit.append(Conflict(description, (note.id,), "explicit", 1.0))
            continue
        both = [i for i, a, b in sides if a and b]
        if both and CONTRAST.search(note.text):
            candidates.append(
                Conflict(
                    _("Möjlig målkonflikt (%(pair)s): ”%(text)s”")
                    % {"pair": OPPOSING_PAIRS[both[0]].name, "text": _quote(note.text)},
                    (note.id,),
                    "candidate",
                    0.8,
                )
            )
            continue
        for index, a, b in sides:
            if a != b:
                leaning.setdefault(index, ([], []))[0 if a else 1].append(position)
    if vectors is not None and len(vectors) == len(notes):
        candidates.extend(_opposing_pairs(notes, vectors, leaning))
    candidates.sort(key=lambda c: (-c.score, c.note_ids))
    return explicit + candidates


def _opposing_pairs(
    notes: Sequence[InputNote],
    vectors: np.ndarray,
    leaning: dict[int, tuple[list[int], list[int]]],
) -> list[Conflict]:
    """Two notes on the same subject that lean to opposite sides of one pair."""
    found: list[tuple[float, int, int, int]] = []
    for index, (side_a, side_b) in leaning.items():
        if not side_a or not side_b:
            continue
        # Bounded so a project of thousands compares at most 200 × 200 notes per pair.
        a_rows, b_rows = side_a[:200], side_b[:200]
        similarity = vectors[a_rows] @ vectors[b_rows].T
        best = np.argsort(similarity, axis=None)[::-1][:3]
        for flat in best:
            i, j = np.unravel_index(int(flat), similarity.shape)
            score = float(similarity[i, j])
            if score >= PAIR_SIMILARITY:
                found.append((score, index, a_rows[int(i)], b_rows[int(j)]))
    found.sort(reverse=True)
    result = []
    for score, index, a, b in found[:MAX_CANDIDATE_PAIRS]:
        result.append(
            Conflict(
                _("Möjlig målkonflikt (%(pair)s) mellan ”%(a)s” och ”%(b)s”")
                % {
                    "pair": OPPOSING_PAIRS[index].name,
                    "a": _quote(notes[a].text, 60),
                    "b": _quote(notes[b].text, 60),
                },
                (notes[a].id, notes[b].id),
                "candidate",
                round(0.6 * score, 3),
            )
        )
    return result
