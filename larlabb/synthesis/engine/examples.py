"""Good examples ("goda exempel"): notes that describe a concrete practice, place or actor.

A note that says so ("Bra exempel:") or that stands in a frame asking for good examples counts
at once; otherwise it needs two signals of concreteness, e.g. a named region or agency and a
verb of something done, in any tense. A wish ("Region X borde …", "vi behöver …") is not one.
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
# Verbs of something done or under way, in every tense a note may use: present, past, supine
# ("tar fram", "tog fram", "har tagit fram"). The infinitive ("borde ta fram") is a wish.
_DONE_VERBS: tuple[tuple[str, str, str], ...] = (
    ("tar fram", "tog fram", "tagit fram"),
    ("arbetar fram", "arbetade fram", "arbetat fram"),
    ("drar igång", "drog igång", "dragit igång"),
    ("sätter upp", "satte upp", "satt upp"),
    ("följer upp", "följde upp", "följt upp"),
    ("bygger", "byggde", "byggt"),
    ("startar", "startade", "startat"),
    ("inrättar", "inrättade", "inrättat"),
    ("genomför", "genomförde", "genomfört"),
    ("testar", "testade", "testat"),
    ("provar", "provade", "provat"),
    ("skapar", "skapade", "skapat"),
    ("etablerar", "etablerade", "etablerat"),
    ("utvecklar", "utvecklade", "utvecklat"),
    ("bildar", "bildade", "bildat"),
    ("anställer", "anställde", "anställt"),
    ("öppnar", "öppnade", "öppnat"),
    ("driver", "drev", "drivit"),
    ("lanserar", "lanserade", "lanserat"),
    ("samlokaliserar", "samlokaliserade", "samlokaliserat"),
    ("samplanerar", "samplanerade", "samplanerat"),
    ("erbjuder", "erbjöd", "erbjudit"),
    ("använder", "använde", "använt"),
    ("ordnar", "ordnade", "ordnat"),
    ("bjuder in", "bjöd in", "bjudit in"),
    ("finansierar", "finansierade", "finansierat"),
    # "inför" is also the preposition "before", so only its past and supine count.
    ("", "införde", "infört"),
)
PRACTICE = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(form)
        for forms in _DONE_VERBS
        for form in (forms[0], forms[1], f"har {forms[2]}", f"hade {forms[2]}", forms[2])
        if form
    )
    + r"|har börjat|har varit med och|har \w+ gjort|har gjort|(?:har|hade)(?: \w+)? \w+erat"
    + r"|har (?:en|ett)(?= [a-zåäö]))\b",
    re.IGNORECASE,
)
# A wish or a lack: what someone wants done is not yet an example of it.
WISH = re.compile(
    r"\b(?:borde|bör|behöver|behövs|önskar|vill att|skulle|saknar|saknas|måste|finns inga|"
    r"finns inget|inte har)\b",
    re.IGNORECASE,
)
# A frame whose question asks for good examples: what is written there is meant as one.
EXAMPLE_FRAME = re.compile(
    r"\b(?:goda|bra|lyckade|inspirerande)\s+(?:exempel|erfarenheter)\b", re.IGNORECASE
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


def example_score(text: str, *, frame: str = "") -> int:
    score = 0
    if CUES.search(text) or EXAMPLE_FRAME.search(frame):
        score += 2
    elif WEAK_CUES.search(text):
        score += 1
    if PRACTICE.search(text):
        score += 1
    if WISH.search(text):
        score -= 2
    if ACTORS.search(text) or _has_proper_noun(text):
        score += 1
    if NUMBER.search(text):
        score += 1
    return score


def good_examples(notes: Sequence[InputNote]) -> list[str]:
    return [
        note.id
        for note in notes
        if not note.text.rstrip().endswith("?") and example_score(note.text, frame=note.frame) >= 2
    ]
