"""Every fact of the seed invitation "Hållbara livsmiljöer – regionerna kliver fram" (file 004)."""

from typing import Final, NamedTuple


class BlockSpec(NamedTuple):
    key: str
    title: str
    intro: str
    agenda: tuple[str, ...]


class WorkshopSpec(NamedTuple):
    number: int
    block_key: str
    format: str
    start: tuple[int, int, int, int, int]
    end: tuple[int, int, int, int, int]
    lunch_to_lunch: bool
    city: str
    preliminary: bool
    note: str


SLUG: Final = "hallbara-livsmiljoer-2024"
TITLE: Final = "Hållbara livsmiljöer"
SUBTITLE: Final = "regionerna kliver fram"

LEAD: Final = """\
Vi lever i en oviss tid. I omvärlden sker förändringar som påverkar hur vi bor, lever och verkar i vår vardag – på gott och ont: växande ojämlikheter mellan olika delar av Sverige, klimatförändringar och säkerhetshot. Samtidigt pågår en omställning i samhället som skapar nya möjligheter.

Reglab bjuder härmed in medlemmar och partner till ett nytt lärprojekt där vi fördjupar kunskaperna om vad en god livsmiljö innebär – för olika grupper, på olika ställen i landet. Vi diskuterar målkonflikter inom stad/land, mänskliga rättigheter, tillväxt och hållbarhet. Vi utgår från Agenda 2030 och lär oss mer om well-being economy och AI som ett verktyg i utvecklingsarbetet.

Tillsammans utforskar vi hur regionen kan ta ett steg framåt, och bidra till mer hållbara livsmiljöer i tider av ovisshet och förändring."""

BACKGROUND: Final = """\
Det regionala utvecklingsuppdraget har en nyckelroll för att möta det som sker i vår omvärld och som bidrar till hållbar utveckling. Genom ett helhetsperspektiv på olika samhällsutmaningar bidrar regionerna till trygga, hälsosamma, inkluderande livsmiljöer för alla invånare – platser där människor kan mötas utan att känna rädsla för våld och har nära till natur och spontanidrott. Livsmiljöer med närhet till kommunikationer, utbildning och arbete och där det finns möjlighet att ta del av välfärd och service och att engagera sig i föreningslivet.

Kommunerna har en viktig roll när det gäller att utveckla hållbara livsmiljöer, men det har också regionen:

- RUS bidrar till en regional hållbar utveckling och till den regionala utvecklingspolitikens mål: *”utvecklingskraft med stärkt lokal och regional konkurrenskraft för en hållbar utveckling i alla delar av landet”*.
- Genom samhällsplanering, folkhälsa, kultur, jämställdhet och att göra hälso- och sjukvård tillgängligt för alla.
- Genom samverkan med kommuner, statliga myndigheter, akademien, näringslivet och civilsamhällets organisationer.

Viktiga utgångspunkter i arbetet är Agenda 2030, EU:s sammanhållningspolitik och de nationella målen för folkhälsa, jämställdhet och gestaltad livsmiljö, vid sidan av målet för regional utveckling.

Utvecklingen av hållbara livsmiljöer bidrar till Agenda 2030 genom att åstadkomma en ”well-being economy” – ett begrepp som tar allt större plats i det offentliga samtalet kring samhällets utveckling och förenklat innebär ett sätt att betrakta världen där ekonomin är utformad för att gagna människor och planeten, och inte tvärtom."""

ABOUT: Final = """\
Reglab bjuder in till läroprojektet hållbara livsmiljöer med sex workshopar under hösten och avslut i januari 2025.

I läroprojektet kommer vi att diskutera vad hållbara livsmiljöer innebär, hur regionerna kan kliva fram. Vi gör det genom att diskutera målkonflikter som är aktuella och relevanta för regionerna och fördjupa oss i regionernas roll och olika arbetssätt.

Läroprojektet kommer att:

- Identifiera aktuella målkonflikter och hur vi kan bli bättre på att nyttja synergier och skapa win-win lösningar?
- Reflektera över roller och regionens vägval för att främja utvecklingen av trygga, hälsosamma, inkluderande livsmiljöer.
- Identifiera möjliga samverkansparter och hur vi med stöd av olika metoder kan utveckla hållbara livsmiljöer.

En röd tråd för genomförandet av hela läroprojektet är att integrera mänskliga rättigheter och att “ingen ska lämnas utanför” vilket utgör en grundläggande princip i Agenda 2030. Vi kommer därför särskilt lyfta vad en god livsmiljö innebär för olika grupper, på olika ställen i landet. Vi diskuterar målkonflikter inom stad/land, mänskliga rättigheter, tillväxt och hållbarhet. Vid den första träffen kommer deltagarna ha möjlighet att komplettera och konkretisera ett antal målkonflikter som är regionalt relevanta.

Frågan om hållbara livsmiljöer är både komplex och global, och kräver förändringar på systemnivå. Det innebär att arbete behöver ske över sektorsgränser med olika kompetenser, vetenskapliga discipliner och aktörer.

I lärprojektet tar vi del av begrepp och metoder som kan bidra till tvärsektoriell och flernivåsamverkan, exempelvis missions- och tillitsbaserade arbetssätt, och multidisciplinära team. Vi kommer också utforska AI som en del i arbetet, exempelvis hur vi med stöd av generativ AI kan bidra till att förbättra arbetet med planering, analys och dokumentation."""

PURPOSE: Final = (
    "Syftet är att fördjupa kunskapen om hållbara livsmiljöer inom det regionala "
    "utvecklingsuppdraget, tydliggöra arbetssätt och metodik och öka den regionala kapaciteten "
    "inom området."
)

EXPECTED_RESULTS: Final = """\
Förväntat resultat är:

- Nya kunskaper och insikter om vad hållbara livsmiljöer innebär för regionen, aktuella målkonflikter och vägval.
- Nya arbetssätt, metoder och modeller för systemförändringar som exempelvis ”well-being economy”, ”Munken”, missions mm.
- Kunskap om generativ AI som verktyg för utvecklingsarbetet.
- Delade kunskaper och erfarenheter, och ett större kollegialt nätverk."""

TARGET_GROUP: Final = (
    "Målgrupp för lärprojektet är chefer, planerare och strateger inom samhällsplanering, "
    "folkhälsa, kultur och andra verksamhetsområden inom regional utveckling, Frågan är bred och "
    "tvärdisciplinär – vår förhoppning är en blandad grupp med olika kompetenser, även till "
    "exempel miljö, jämställdhet eller hälso- och sjukvård. Kontakta oss gärna om ni har "
    "funderingar kring vem som bör delta."
)

WAY_OF_WORKING: Final = (
    "Reglabs lärprojekt syftar till gemensamt lärande, erfarenhetsutbyte och inspiration. "
    "Innehållet bygger på inspel från experter och aktuell forskning, regionala exempel, samt "
    "reflekterande samtal. Deltagarna förväntas delta vid de gemensamma träffarna, och avsätta "
    "tid för förberedelser och hemarbete. Deltagarna ansvarar också för att dela kunskapen inom "
    "den egna organisationen."
)

LEADERSHIP: Final = (
    "Lärprojektet leds enligt Reglab-modell av en regionrepresentant, **Margareta Wandel**, "
    "Region Östergötland, och en processledare från Reglab, **Jonas Frykman**. Tillsammans med "
    "deltagarna ansvarar de för att lägga upp arbetet."
)

PROGRAMME_INTRO: Final = (
    "Hållbara livsmiljöer – regionerna kliver fram träffas vid sex tillfällen, med start i "
    "augusti 2024 och avslut i januari 2025. Genomförandet av läroprojektet kommer att ske i "
    "samverkan med olika aktörer bland annat SKR, Nordregio, Vinnova och andra samhällsaktörer. "
    "Den preliminära programstommen ser ut så här, men kan komma att förändras i samråd med "
    "deltagarna."
)

COSTS_NOTE: Final = "Deltagarna står själva för resor och logi."

REGISTRATION_INFO: Final = (
    "Anmälan sker i två steg: först organisationens anmälan till lärprojektet efter godkännande "
    "av respektive chef, därefter deltagarnas anmälan till workshoparna. Anmälan sker via "
    "anmälningslänken på Reglabs webb. Efter sista anmälningsdag sker anmälan inför varje "
    "workshop."
)

DOCUMENTATION_INFO: Final = "All information och dokumentation samlas på Reglabs webb."

FEE_SEK: Final = 23_000
MIN_ORGANISATIONS: Final = 15
DEADLINE: Final = (2024, 8, 14)

LEADERS: Final = (
    ("Margareta Wandel", "Region Östergötland", "regionrepresentant", ""),
    ("Jonas Frykman", "", "processledare från Reglab", "jonas.frykman@skr.se"),
)
CONTACTS: Final = (
    ("Emma Ejermark", "emma.ejermark@skr.se", "praktiska frågor"),
    ("Jonas Frykman", "jonas.frykman@skr.se", "innehåll"),
)
COLLABORATORS: Final = ("SKR", "Nordregio", "Vinnova")

BLOCKS: Final[tuple[BlockSpec, ...]] = (
    BlockSpec(
        key="1",
        title="Hållbara livsmiljöer – i dag och i morgon",
        intro="",
        agenda=(
            "Introduktion, mål och förväntningar.",
            "Inspiration och dialog: Hållbara livsmiljöer och aktuella och relevanta "
            "målkonflikter.",
            "Läroprojektets arbetsformer – digitala och fysiska träffar, gemensamt arbete och "
            "hemarbete.",
            "Eventuell justering av läroprojektets program",
        ),
    ),
    BlockSpec(
        key="2",
        title="Inramning, vägval och den regionala rollen",
        intro="",
        agenda=(
            "Inspiration: Mål, begrepp och modeller som ramar in hållbara livsmiljöer.",
            "Inspiration: Regionala målkonflikter och vägval",
            "Aktörssystemet och regionens roll",
            "Exempel från regioner och andra aktörer",
            "AI som verktyg i utvecklingsarbetet – vi praktiserar.",
        ),
    ),
    BlockSpec(
        key="3-5",
        title="Aktuella målkonflikter, metoder och dialog",
        intro=(
            "Under workshop 3, 4 och 5 fördjupar vi kunskapen inom de målkonflikter som "
            "identifierades i workshop 1. Innehållet utgår från:"
        ),
        agenda=(
            "Inspiration från forskare och andra experter.",
            "Exempel från regioner och andra aktörer",
            "Intressanta arbetssätt och metoder.",
            "Erfarenhetsutbyte och dialog.",
        ),
    ),
    BlockSpec(
        key="6",
        title="Kunskap till handling",
        intro="",
        agenda=(
            "Hur gå från kunskap till handling?",
            "Inspiration från forskare och andra experter.",
            "Reflektion: Insikter och slutsatser",
            "Regionerna kliver fram - Handlingsplan för hållbara livsmiljöer",
        ),
    ),
)

# (number, block key, format, start (y, m, d, h, min), end (y, m, d, h, min), lunch-lunch,
#  city, preliminary, note). "Lunch–lunch" is stored as 12.00 on the first day to 13.00 on the last.
WORKSHOPS: Final[tuple[WorkshopSpec, ...]] = (
    WorkshopSpec(
        1, "1", "digital", (2024, 8, 27, 9, 0), (2024, 8, 27, 11, 30), False, "", False, ""
    ),
    WorkshopSpec(
        2, "2", "physical", (2024, 9, 12, 12, 0), (2024, 9, 13, 13, 0), True, "Stockholm", False, ""
    ),
    WorkshopSpec(
        3, "3-5", "digital", (2024, 10, 16, 13, 0), (2024, 10, 16, 15, 30), False, "", False, ""
    ),
    WorkshopSpec(
        4,
        "3-5",
        "hybrid",
        (2024, 11, 21, 13, 0),
        (2024, 11, 21, 16, 0),
        False,
        "Luleå",
        True,
        "i samband med Nordregio Forum",
    ),
    WorkshopSpec(
        5, "3-5", "digital", (2024, 12, 10, 9, 0), (2024, 12, 10, 11, 30), False, "", False, ""
    ),
    WorkshopSpec(
        6, "6", "physical", (2025, 1, 22, 12, 0), (2025, 1, 23, 13, 0), True, "", False, ""
    ),
)

# The invitation refers to an attached budget that the seed does not include; these lines are
# demo figures that break even at the invitation's 15 organisations × 23 000 kr.
BUDGET_LINES: Final = (
    ("Processledning och projektledning", 180_000),
    ("Experter och föreläsare", 75_000),
    ("Lokaler och måltider vid två fysiska träffar", 60_000),
    ("Digitala verktyg och dokumentation", 30_000),
)
