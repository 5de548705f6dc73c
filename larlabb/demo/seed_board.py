"""The exercise and board of the seed "Lärlabb Hållbar utveckling" (file 000 of the seeds).

Kept as plain data so the live board (workshops app) can build its session from it and the
import and synthesis features can use it as ground truth: the frames in board order, and each
of the group's 21 post-its under the frame a reader places it in.
"""

from typing import Final

EXERCISE_TITLE: Final = "Lärlabb: Hållbar utveckling"

INSTRUCTION: Final = (
    "Lärlabb Hållbar utveckling är två workshopar där regioner och myndigheter med uppdrag "
    "inom regional utveckling har chans att träffa och lära känna varandra. Dialogen kommer "
    "att ta avstamp i den *Nationella strategin för hållbar regional utveckling* – och hur "
    "regioner och myndigheter tillsammans kan genomföra strategin på ett bra sätt."
)

STEPS: Final = (
    "Presentera er.",
    "Utse en gruppledare som håller tiden, ser till att alla kommer till tals och är beredd "
    "att dela ert samtal med oss.",
    "Fundera först individuellt, diskutera sen i gruppen.",
    "Avsluta med att sammanfatta er diskussion i figuren: Att tänka på inför Lärlabb.",
)

CLOSING_NOTE: Final = "Skriv på post-it i figurerna till höger. Ni har 40 minuter totalt."

QUESTIONS: Final = (
    "Vilka förväntningar har du på Lärlabb?",
    "Vad vill du veta om myndigheterna?",
    "Vad vill du att myndigheterna ska veta om regionerna?",
)
SUMMARY_FRAME: Final = "Att tänka på inför Lärlabb"
BONUS_FRAME: Final = "Goda exempel på samverkan mellan myndigheter och regioner"

# (phase title, minutes): "Efter 30 minuter fortsätter ni med att … sammanfatta"; 40 in all.
PHASES: Final = (
    ("Presentera er, utse gruppledare, tänk själv, diskutera", 30),
    ("Sammanfatta", 10),
)

NOTES_BY_FRAME: Final[dict[str, tuple[str, ...]]] = {
    QUESTIONS[0]: (
        "En arena för samtal",
        'Tid för att lära känna varandra, nivå: basic. "Hur jobbar ni?" Låt oss bli kompisar '
        "först.",
        'Att vi närmar oss att "om vi gör saker tillsammans så kommer vi längre" och HUR vi gör '
        "saker tillsammans",
        "Hur kan vi maximera våra pengar tillsammans? Fokusera inte för mycket på 1:1 - de är ju "
        "bara en del av de medel som finns runt våra gemensamma frågor",
        "Identifiera vad vi ska göra tillsammans - (det gör inte HP idag) synliggör den "
        "gemensamma målbilden. Men i steg 1 dessa två möten: Att vi ska lära känna varandra så "
        "att vi i nästa steg (efter de två mötena) kan ta oss vidare i hanteringen av den "
        "nationella strategin och hp - utifrån en tydligare gemensam (del)målsbild.",
        "Förhoppning om att lära känna varandra utifrån några gemensamma utmaningar - men den "
        "ambitionen kan vara för hög.",
        "Ett processlett sammanhang där vi kan mötas.",
        "Handlingsplanen (nulägesanalysen) borde ha kommit efteråt?",
    ),
    QUESTIONS[1]: (
        "Vad de ser att de ska och eller vill delta i på regional nivå",
        "Deras syn på roller och funktioner",
        "Hur de ser på att stärka samverkan med regionerna?",
        "Hur de vill arbeta med målgruppsanpassning i sina åtgärder",
        "Hur de ser på behovet av olika sorters lösningar för gemensamma utmaningar - och hur "
        "regionerna kan stötta i det",
        "Tankar kring territoriellt styrda åtgärder från start - allt lösare styrt med en "
        "flexibilitet för anpassning?",
    ),
    QUESTIONS[2]: (
        "Berätta om de olika rollerna som regionerna har eller kan ta i olika situationer, kan "
        "använda SKRs rapport (Kontigo) om regionernas roller",
        "Den regionala situationen, vilka sammanhang vi finns och rör oss i - vilka vi "
        "samverkar med och hur",
        "Hur vi kan stötta dem i deras olika uppdrag utifrån det uppdrag och den kompetens vi "
        "har - vår förmåga att arbeta i samverkan tex.",
        "Att vi kan synliggöra problematik och möjliga lösningar för att medlen ska träffa i "
        "fler regioner - utifrån de olika förutsättningarna.",
    ),
    SUMMARY_FRAME: (
        "För en optimal utkomst: kanske ha med flera olika roller från både region och "
        "myndighet, fler än oss RUS-samordnare. (Om inte nu så kanske i kommande steg.)",
        "Diskussionen behöver föras på fler nivåer, på GD, direktörsnivå - chefer.",
        "Poängtera vinsten för myndigheterna och regionerna - identifiera tidigt vad de kan få "
        "ut av att stärka samverkan/samtalet med regionerna. Kan vi be om ett förarbete hemma "
        "innan vi sätter oss vid bordet?",
    ),
    BONUS_FRAME: (),
}
