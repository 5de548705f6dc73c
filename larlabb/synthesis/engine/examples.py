"""Good examples ("goda exempel"): notes that describe a concrete practice, place or actor.

A note that says so ("Bra exempel:", "t.ex.") counts at once; otherwise it needs two signals
of concreteness, e.g. a named region or agency and a verb of something done.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from larlabb.synthesis.engine.types import InputNote

CUES = re.compile(
    r"\b(?:bra|gott|goda|lyckat|lysande)\s+exempel\b|\bså gjorde\b|\bhar vi provat\b|"
    r"\bi vår region har\b",
    re.IGNORECASE,
)
# "t.ex." often introduces a wish ("vi behöver t.ex. fler bussar"), so it only adds to others.
WEAK_CUES = re.compile(r"\bt\.\s?ex\b|\btex\b|\btill exempel\b|\bexempelvis\b", re.IGNORECASE)
PRACTICE = re.compile(
    r"\b(?:har|hade)\s+(?:infört|startat|byggt|tagit fram|inrättat|genomfört|testat|provat|"
    r"skapat|samlokaliserat|etablerat|utvecklat|satt upp|bildat|anställt|öppnat|drivit)\b|"
    r"\b(?:införde|startade|byggde|inrättade|genomförde|testade|provade|skapade|etablerade|"
    r"samlokaliserade|bildade|öppnade|drev|lanserade|anställde)\b",
    re.IGNORECASE,
)
ACTORS = re.compile(
    r"\b(?:Region|Länsstyrelsen|Trafikverket|Boverket|Tillväxtverket|Naturvårdsverket|"
    r"Energimyndigheten|Arbetsförmedlingen|Försäkringskassan|Skatteverket|Jordbruksverket|"
    r"Vinnova|SKR|Formas|Sametinget|Skogsstyrelsen|Trafikanalys|Myndigheten för)\b|"
    r"\b[A-ZÅÄÖ][a-zåäö]+(?:s)?\s+(?:kommun|län|region|universitet|högskola)\b",
)
CAPITALISED = re.compile(r"\b[A-ZÅÄÖ][a-zåäö]{2,}")
NUMBER = re.compile(r"\b(?:19|20)\d\d\b|\b\d+\s?(?:procent|%|km|kr|miljoner|personer|orter)\b")


def _has_proper_noun(text: str) -> bool:
    """A capitalised word that does not open a sentence: a named place or organisation."""
    for match in CAPITALISED.finditer(text):
        before = text[: match.start()].rstrip()
        if before and before[-1] not in '.!?:–-"”(':
            return True
    return False


def example_score(text: str) -> int:
    score = 0
    if CUES.search(text):
        score += 2
    elif WEAK_CUES.search(text):
        score += 1
    if PRACTICE.search(text):
        score += 1
    if ACTORS.search(text) or _has_proper_noun(text):
        score += 1
    if NUMBER.search(text):
        score += 1
    return score


def good_examples(notes: Sequence[InputNote]) -> list[str]:
    return [
        note.id
        for note in notes
        if not note.text.rstrip().endswith("?") and example_score(note.text) >= 2
    ]
