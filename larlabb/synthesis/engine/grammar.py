"""Simple checks that a generated Swedish sentence reads as Swedish, and safe quoting of notes.

A template filled with a fragment ("… tillsammans inom ”regionala och myndigheterna”?") reads
as broken; the engine leaves such a sentence out rather than publish it. The checks are
deliberately simple: the last word of a phrase may not be a function word or look like an
adjective, and every part of an "A och B" must end in something else.
"""

from __future__ import annotations

import re

_FUNCTION_WORDS_TEXT = """
    en ett den det de denna detta dessa min mitt mina din ditt dina vår vårt våra er ert era
    hans hennes dess deras sin sitt sina alla allt varje någon något några ingen inget inga
    flera många fler mer mest annan annat andra samma själva
    i på av för till med om från mot vid inom utan under över efter genom mellan hos kring
    utifrån bland åt enligt trots
    och eller men att som när då så samt både än
    är var har hade blir ska kan vill bör måste inte
    alls ofta aldrig alltid bara också mycket tidigt sent redan ännu
    nya ny nytt gamla stora små egna hela olika bra
"""
FUNCTION_WORDS: frozenset[str] = frozenset(_FUNCTION_WORDS_TEXT.split())
# Endings of Swedish adjectives and participles ("regionala", "viktiga", "samordnade") and of
# passive verbs ("hanteras", "behövs").
ADJECTIVE_ENDING = re.compile(
    r"(?:ala|iga|liga|iska|ska|ära|ella|ell|ellt|isk|iskt|ig|igt|lig|ligt|samma|ade|ad|at|as|vs)$"
)
# Nouns with those endings that a theme or a note may well end on.
_NOUN_EXCEPTIONS_TEXT = """
    människa skala gala liga hiss modell modellt plan stad rad mat vad grad tomt nat gas fas
    kapell hotell ansvar situation insats samarbete mandat resultat material
    mandatperiod vetenskap kunskap kompetens samverkan samordning
"""
NOUN_EXCEPTIONS: frozenset[str] = frozenset(_NOUN_EXCEPTIONS_TEXT.split())
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_QUOTED = re.compile(r"”([^”]*)”")
_AFTER_INOM = re.compile(r"\binom ”([^”]*)”", re.IGNORECASE)
_CONJUNCTS = re.compile(r"\s+(?:och|eller)\s+|\s*,\s*|\s+[–-]\s+")


def _words(phrase: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(phrase)]


def ends_well(phrase: str) -> bool:
    """Whether the phrase ends in a word that can end it: not a function word, not an
    adjective left without its noun."""
    found = _words(phrase)
    if not found:
        return False
    last = found[-1]
    if last in FUNCTION_WORDS:
        return False
    return last in NOUN_EXCEPTIONS or not ADJECTIVE_ENDING.search(last)


def is_noun_phrase(phrase: str) -> bool:
    """Each part of "A och B" (or "A, B") ends in a noun-like word."""
    parts = [p for p in _CONJUNCTS.split(phrase.strip()) if p.strip()]
    return bool(parts) and all(ends_well(part) for part in parts)


def quoted(text: str, limit: int = 90) -> str | None:
    """The note in Swedish quotation marks, cut at a word where it is long and never ending on
    a word that needs another after it; None when nothing readable is left."""
    text = " ".join(text.split()).replace("”", "'")
    if len(text) <= limit:
        return f"”{text}”" if _words(text) else None
    words = text[:limit].rsplit(" ", 1)[0].split(" ")
    while words and not ends_well(words[-1]):
        words.pop()
    if not words:
        return None
    return "”" + " ".join(words).rstrip(",;:–-") + " …”"


def sentence_problems(sentence: str) -> list[str]:
    """What is wrong with a generated sentence, in a few words each; empty when nothing is."""
    problems = []
    stripped = sentence.strip()
    if not stripped:
        return ["tom"]
    if "%(" in stripped or "{" in stripped:
        problems.append("ofylld platshållare")
    if not (stripped[0].isupper() or stripped[0] == "”"):
        problems.append("börjar inte med stor bokstav")
    if stripped[-1] not in ".?!”":
        problems.append("slutar inte med skiljetecken")
    if "  " in stripped or re.search(r"\s[,.?!]", stripped):
        problems.append("fel mellanrum")
    if stripped.count("”") % 2:
        problems.append("citattecken utan slut")
    # A whole note quoted is the participant's own sentence; only a cut one can end mid-phrase.
    for fragment in _QUOTED.findall(stripped):
        if fragment.endswith("…") and not ends_well(fragment.rstrip(" …")):
            problems.append(f"citat som slutar mitt i: ”{fragment}”")
    for phrase in _AFTER_INOM.findall(stripped):
        if not is_noun_phrase(phrase):
            problems.append(f"inom ”{phrase}” är ingen nominalfras")
    return problems
