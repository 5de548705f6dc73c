"""Goal conflicts ("målkonflikter"): two goals pulling against each other, each stated once.

A note raises a conflict when it sets one goal against another: a phrase that can only mean
that ("står mot", "på bekostnad av", "krockar med", "konflikt mellan"), the two sides of a
known pair of goals on either side of a turn ("mot", "men", "medan"), or a gain followed by a
loss ("ger jobb men hotar vattnet"). Participants' "Målkonflikt" tag counts too. A note that
only mentions the word ("vi tar upp målkonflikterna tidigt") or says the goals go together
("bostäder kan byggas utan att ta åkermark") raises none: a wrong conflict in a published
report costs more than a missed one.

Notes on the same known pair become one conflict citing all of them; a note whose goals are
not among the known pairs is a conflict of its own, quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _

from larlabb.synthesis.engine.grammar import quoted
from larlabb.synthesis.engine.types import Conflict, InputNote

# Phrases that set two things against each other by themselves.
STRONG_CUES = re.compile(
    r"\bstår mot\b|\bställs mot\b|\bställa\w* mot\b|\bpå bekostnad av\b|\bkrockar\b|"
    r"\bkolliderar\b|\bi konflikt med\b|\b(?:mål)?konflikt(?:en)? mellan\b|"
    r"\bgår stick i stäv\b|\btränger(?: \w+)? undan\b|\bgår ut över\b|"
    r"\bvägas mot\b|\bväga\w* mot\b|"
    r"\bmotsättning(?:en)? mellan\b|\bmotstridiga\b|\btrade-?off\b|\bavvägning(?:en)? mellan\b",
    re.IGNORECASE,
)
# The note calls itself a conflict ("Målkonflikt: …", "en målkonflikt"): one together with a
# turn in the same note. The plural ("vi tar upp målkonflikterna") only talks about them.
NAMED = re.compile(r"^\s*(?:mål)?konflikt\s*[:\-–]|\bmålkonflikt(?:en)?\b", re.IGNORECASE)
TURN = re.compile(r"\b(?:mot|men|medan|samtidigt som|trots att|fast)\b", re.IGNORECASE)
# A gain, then a loss: "ger jobb men hotar vattnet", "sparar pengar men lämnar glesbygden".
GAIN_THEN_LOSS = re.compile(
    r"\b(?:ger|sparar|skapar|lockar|minskar|ökar|stärker|behövs|är viktig\w*)\b[^.;!?]*?"
    r"\bmen\b[^.;!?]*?\b(?:tar|hotar|skadar|ökar|minskar|försvinner|lämnar|riskerar|"
    r"försvårar|tränger|sliter|driver upp|förstör|slår ut|längre|sämre|färre|byggs inte)\b",
    re.IGNORECASE,
)
# Saying that the goals go together.
AGREEMENT = re.compile(
    r"\butan att\b|\bsamsas\b|\bhand i hand\b|\bgår att förena\b|\bkan förenas\b|"
    r"\bstärker varandra\b|\bgynnar båda\b|\bwin-?win\b",
    re.IGNORECASE,
)
# Saying that there is no conflict: wins even over "konflikt mellan".
DENIAL = re.compile(
    r"\bingen (?:mål)?konflikt\b|\binte (?:någon |en )?(?:mål)?konflikt\b|\binte i konflikt\b|"
    r"\binte står mot\b|\binte behöver stå mot\b|\bbehöver inte stå mot\b|"
    r"\bingen motsättning\b|\binte krockar\b|\bkrockar inte\b|\bstår inte mot\b",
    re.IGNORECASE,
)


def gettext_noop(message: str) -> str:
    """Marks a string for translation without translating it; named so makemessages finds it.
    Django's own would need settings at import, and the engine is imported without them."""
    return message


@dataclass(frozen=True)
class GoalPair:
    """Two goals known to pull against each other, with what the report and planning say."""

    key: str
    side_a: tuple[str, ...]  # word starts; a trailing space asks for the whole word
    side_b: tuple[str, ...]
    # Marked for translation here, translated where shown, in the language active then.
    statement: str  # a whole Swedish sentence
    question: str  # a question for the next workshop

    @cached_property
    def patterns(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        return _alternation(self.side_a), _alternation(self.side_b)


def _alternation(starts: tuple[str, ...]) -> re.Pattern[str]:
    parts = [
        re.escape(s.rstrip()) + (r"\b" if s.endswith(" ") else "")
        for s in sorted(starts, key=len, reverse=True)
    ]
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE)


# Most specific first: a note is counted under the first pair whose two goals it names.
GOAL_PAIRS: tuple[GoalPair, ...] = (
    GoalPair(
        "bostader-jordbruksmark",
        ("bostad", "bostäder", "bebygg", "bygga ", "byggande", "exploater", "villatomt"),
        ("jordbruksmark", "åkermark", "åkern", "odlingsmark", "livsmedelsförsörjning", "jordbruk"),
        gettext_noop(
            "Nya bostäder och annan bebyggelse tar jordbruksmark som behövs för att odla mat."
        ),
        gettext_noop("Hur kan vi väga behovet av nya bostäder mot skyddet av jordbruksmarken?"),
    ),
    GoalPair(
        "fortatning-gronytor",
        ("förtät", "tät bebyggelse", "tätare bebyggelse", "stadskärn"),
        ("grönyt", "grönområd", "grönstruktur", "park", "dagvatten", "träd "),
        gettext_noop(
            "När städerna förtätas försvinner grönytor som behövs för klimatanpassning och hälsa."
        ),
        gettext_noop("Hur kan städerna förtätas med grönytorna kvar?"),
    ),
    GoalPair(
        "tillganglighet-kulturmiljo",
        ("tillgänglig", "ramp", "hiss", "rullstol", "funktionsnedsättning", "funktionshind"),
        ("kulturarv", "kulturmiljö", "kulturhistori", "k-märk", "byggnadsminne", "kulturvärde"),
        gettext_noop("Tillgänglighet för alla står mot skyddet av kulturmiljöer och kulturarv."),
        gettext_noop("Hur kan kulturmiljöerna bli tillgängliga för alla med kulturvärdena kvar?"),
    ),
    GoalPair(
        "bil-hallbara-resor",
        (
            "bil ",
            "bilen",
            "bilar",
            "bilresor",
            "bilresand",
            "bilberoende",
            "bilåkande",
            "parkering",
        ),
        ("kollektivtrafik", "buss", "cykel", "cykla", "tåg", "klimat", "utsläpp"),
        gettext_noop(
            "Där bilen är det enda som fungerar står behovet av den mot målet om hållbara resor."
        ),
        gettext_noop("Hur kan fler resa hållbart där bilen i dag är det enda som fungerar?"),
    ),
    GoalPair(
        "tillvaxt-klimat",
        (
            "tillväxt",
            "etablering",
            "nyetablering",
            "industri",
            "jobb",
            "arbetstillfäll",
            "expansion",
            "flyg",
            "motorväg",
            "ekonomisk",
            "näringsliv",
        ),
        ("klimat", "utsläpp", "koldioxid", "fossil", "växthusgas"),
        gettext_noop("Tillväxt och nya jobb drar åt ett annat håll än klimatmålen."),
        gettext_noop("Hur kan regionen växa och samtidigt minska utsläppen?"),
    ),
    GoalPair(
        "exploatering-natur",
        (
            "exploater",
            "vindkraft",
            "gruv",
            "kraftledning",
            "utbyggnad",
            "avverk",
            "skogsbruk",
            "industri",
            "turism",
            "etablering",
            "bygga ",
            "bebygg",
            "vätgas",
        ),
        (
            "natur",
            "biologisk",
            "rennäring",
            "renbete",
            "betesmark",
            "friluftsliv",
            "strandskydd",
            "strand",
            "stränder",
            "ekosystem",
            "våtmark",
            "reservat",
            "vatten",
            "vattn",
            "orörd",
            "samisk",
            "samerna",
            "urfolk",
            "mänskliga rättigheter",
        ),
        gettext_noop(
            "Utbyggnad av energi, industri och infrastruktur står mot naturen, rennäringen och "
            "friluftslivet."
        ),
        gettext_noop(
            "Hur kan vi väga utbyggnaden av energi och industri mot naturen och rennäringen?"
        ),
    ),
    GoalPair(
        "kort-lang-sikt",
        (
            "kort sikt",
            "kortsiktig",
            "snabb",
            "snabbt",
            "akut",
            "projektmedel",
            "projektpengar",
            "ettårig",
            "valcykel",
            "mandatperiod",
        ),
        ("lång sikt", "långsiktig", "generation", "decennier", "flera år", "framtid"),
        gettext_noop("Krav på snabba resultat står mot det långsiktiga arbetet."),
        gettext_noop("Hur kan vi visa resultat nu utan att tappa det långsiktiga arbetet?"),
    ),
    GoalPair(
        "stad-landsbygd",
        (
            "stad ",
            "staden",
            "städer",
            "storstad",
            "storstäd",
            "tätort",
            "centralort",
            "större orter",
            "regionstäder",
        ),
        (
            "landsbygd",
            "glesbygd",
            "glesbefolk",
            "byar",
            "byn ",
            "små orter",
            "mindre orter",
            "inlandet",
            "skärgård",
            "bygden",
        ),
        gettext_noop(
            "Städernas och landsbygdens behov drar åt olika håll när resurserna ska fördelas."
        ),
        gettext_noop(
            "Hur kan resurserna fördelas så att både städerna och landsbygden får det de behöver?"
        ),
    ),
    GoalPair(
        "effektivitet-narhet",
        (
            "effektiv",
            "centralis",
            "koncentrer",
            "stordrift",
            "slå ihop",
            "sparar pengar",
            "spara pengar",
            "lägga ner",
            "läggs ner",
        ),
        ("närhet", "nära ", "service", "avstånd", "medborgarna"),
        gettext_noop("Effektivare och mer samlad verksamhet står mot närheten till service."),
        gettext_noop(
            "Hur kan verksamheten bli effektivare med servicen kvar nära dem som bor långt bort?"
        ),
    ),
    GoalPair(
        "nationell-regional",
        (
            "nationell",
            "statlig",
            "staten",
            "myndigheternas",
            "detaljstyr",
            "enhetlig",
            "regleringsbrev",
            "likvärdig",
        ),
        (
            "regional anpassning",
            "regionala behov",
            "regionala förutsättningar",
            "lokala förutsättningar",
            "regionernas egna",
            "egna prioriteringar",
            "flexib",
        ),
        gettext_noop(
            "Nationell styrning står mot regionernas behov av att utgå från sina förutsättningar."
        ),
        gettext_noop("Hur kan nationella mål och regionala förutsättningar vägas samman?"),
    ),
)

CANDIDATE_SCORE = 0.7
# Each further note raising the same conflict makes it likelier that it matters.
SCORE_PER_NOTE = 0.05


@dataclass(frozen=True)
class _Raised:
    pair: GoalPair | None
    explicit: bool  # the note names the conflict or its participants tagged it


def _split_by_turn(text: str, turns: list[tuple[int, int]], pair: GoalPair) -> bool:
    """One goal before a turn ("mot", "men" …) and the other after it."""
    side_a, side_b = pair.patterns
    a = [m.start() for m in side_a.finditer(text)]
    if not a:
        return False
    b = [m.start() for m in side_b.finditer(text)]
    if not b:
        return False
    return any(
        (min(a) < start and max(b) >= end) or (min(b) < start and max(a) >= end)
        for start, end in turns
    )


def _named_pair(text: str) -> GoalPair | None:
    for pair in GOAL_PAIRS:
        side_a, side_b = pair.patterns
        if side_a.search(text) and side_b.search(text):
            return pair
    return None


def raised(note: InputNote) -> _Raised | None:
    """The conflict a note raises, if it raises one."""
    text = " ".join(note.text.split())
    strong = bool(STRONG_CUES.search(text))
    if not note.tagged_conflict and (
        DENIAL.search(text) or (not strong and AGREEMENT.search(text))
    ):
        return None
    turns = [(m.start(), m.end()) for m in TURN.finditer(text)]
    named = bool(turns) and bool(NAMED.search(text))
    if note.tagged_conflict or strong or named:
        return _Raised(_named_pair(text), explicit=True)
    # Most notes have no turn at all; only those can set two goals against each other.
    for pair in GOAL_PAIRS if turns else ():
        if _split_by_turn(text, turns, pair):
            return _Raised(pair, explicit=False)
    if GAIN_THEN_LOSS.search(text):
        return _Raised(_named_pair(text), explicit=False)
    return None


def find_conflicts(notes: Sequence[InputNote]) -> list[Conflict]:
    """Each conflict once, citing every note that raises it: those the participants named or
    tagged first (score 1.0), then the others, the most often raised first."""
    by_pair: dict[str, list[tuple[InputNote, bool]]] = {}
    single: list[Conflict] = []
    for note in notes:
        found = raised(note)
        if found is None:
            continue
        if found.pair is not None:
            by_pair.setdefault(found.pair.key, []).append((note, found.explicit))
            continue
        description = quoted(note.text, limit=120)
        if description is None:
            continue
        single.append(
            Conflict(
                _("Målkonflikt som deltagarna pekar ut: %(note)s") % {"note": description},
                (note.id,),
                "explicit" if found.explicit else "candidate",
                1.0 if found.explicit else CANDIDATE_SCORE,
            )
        )
    pairs = {pair.key: pair for pair in GOAL_PAIRS}
    grouped = []
    for key, raising in by_pair.items():
        explicit = any(is_explicit for _note, is_explicit in raising)
        score = min(0.95, CANDIDATE_SCORE + SCORE_PER_NOTE * (len(raising) - 1))
        grouped.append(
            Conflict(
                _(pairs[key].statement),
                tuple(note.id for note, _explicit in raising),
                "explicit" if explicit else "candidate",
                1.0 if explicit else round(score, 3),
            )
        )
    every = grouped + single
    every.sort(key=lambda c: (c.kind != "explicit", -c.score, -len(c.note_ids)))
    return every


def question_for(conflict: Conflict) -> str | None:
    """A question for the next workshop about a conflict of this engine, in the active language:
    the pair's own question, or for one that participants named or tagged, their words."""
    for pair in GOAL_PAIRS:
        if conflict.description == _(pair.statement):
            return _(pair.question)
    if conflict.kind != "explicit" or len(conflict.note_ids) != 1:
        return None
    _lead, separator, note = conflict.description.partition(": ”")
    if not separator:
        return None
    return _("Hur kan vi hantera målkonflikten som lyftes: %(note)s?") % {
        "note": "”" + note.rstrip("”").rstrip(".?! ") + "”"
    }
