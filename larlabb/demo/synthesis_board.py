# ruff: noqa: E501 -- one note per line, as participants wrote them.
"""A larger demo workshop for the synthesis: six groups at the second workshop of "Hållbara
livsmiljöer" writing about goal conflicts, with near-duplicates across groups, explicit and
implicit goal conflicts, good examples naming places and actors, and open questions.

Written for the demo, in the voice of the seed board; every note is plausible for regions and
agencies working on sustainable living environments.
"""

from typing import Final

EXERCISE_TITLE: Final = "Målkonflikter i hållbara livsmiljöer"
INSTRUCTION: Final = (
    "Arbetet med hållbara livsmiljöer rymmer mål som drar åt olika håll. Börja med att "
    "presentera er och utse en gruppledare. Skriv först var för sig, en tanke per lapp, och "
    "diskutera sedan i gruppen. Märk gärna en lapp med *Målkonflikt* när den beskriver en."
)
STEPS: Final = (
    "Presentera er och utse en gruppledare.",
    "Skriv var för sig, en tanke per lapp.",
    "Diskutera i gruppen och sammanfatta det viktigaste.",
)
QUESTIONS: Final = (
    "Vilka målkonflikter möter ni i arbetet med hållbara livsmiljöer?",
    "Hur hanterar ni dem i dag?",
    "Vad behöver regionerna från myndigheterna?",
)
SUMMARY_FRAME: Final = "Att ta med till nästa workshop"
BONUS_FRAME: Final = "Goda exempel"
PHASES: Final = (("Skriv själv och diskutera", 35), ("Sammanfatta", 10))
CLOSING_NOTE: Final = "Ni har 45 minuter. Gruppledaren redovisar tre saker för alla."
JOIN_CODE: Final = "LIVMIL"

# Frame positions: the three questions, the summary frame, the bonus frame.
Q1, Q2, Q3, SUMMARY, BONUS = range(5)

# (group number, frame position, text, +1s, tagged "Målkonflikt" by the participants)
# fmt: off
NOTES: Final[tuple[tuple[int, int, str, int, bool], ...]] = (
    # Grupp 1
    (1, Q1, "Målkonflikt: nya bostäder på jordbruksmark nära tätorten mot att skydda åkermarken för livsmedelsförsörjningen.", 4, True),
    (1, Q1, "Vindkraft i skogslänen ger jobb och förnybar el men möter motstånd från rennäringen och friluftslivet.", 3, False),
    (1, Q1, "Förtätning i staden minskar bilresorna men tar grönytor som behövs för klimatanpassningen.", 2, True),
    (1, Q1, "Snabba etableringar av industri i norr kräver bostäder nu, medan planprocesserna tar år.", 2, False),
    (1, Q2, "Vi tar upp målkonflikterna tidigt i den regionala utvecklingsstrategin, men sedan försvinner de i genomförandet.", 1, False),
    (1, Q2, "Dialogmöten med kommunerna där vi lägger kartorna på bordet tillsammans.", 2, False),
    (1, Q2, "Ofta hanteras de inte alls – de skjuts till den enskilda kommunens detaljplan.", 1, False),
    (1, Q3, "Samordnade besked från Boverket, Naturvårdsverket och Trafikverket i stället för tre olika yttranden.", 3, False),
    (1, Q3, "Gemensamma underlag och data om markanvändning som alla regioner kan använda.", 2, False),
    (1, SUMMARY, "Målkonflikter behöver synliggöras tidigt och hanteras gemensamt av region, kommun och stat.", 3, False),
    (1, SUMMARY, "Hur vet vi när en avvägning är rimlig och vem som ska göra den?", 1, False),
    (1, BONUS, "Region Västerbotten har tagit fram en regional bostadsmarknadsanalys tillsammans med kommunerna inför etableringarna i Skellefteå.", 3, False),
    # Grupp 2
    (2, Q1, "Bostadsbyggande på åkermark mot att bevara jordbruksmarken – samma konflikt i nästan alla växande kommuner.", 3, True),
    (2, Q1, "Tillväxt och nya arbetstillfällen mot minskade utsläpp när etableringarna kräver mer transporter.", 2, True),
    (2, Q1, "Landsbygdens service mot effektivitet: skolor och vårdcentraler koncentreras till centralorten.", 3, False),
    (2, Q1, "Kollektivtrafik på landsbygden kostar mycket per resa men är avgörande för att kunna bo kvar.", 2, False),
    (2, Q2, "Vi använder hållbarhetsbedömningar i planeringen, men de väger sällan tyngre än ekonomin.", 1, False),
    (2, Q2, "Regionala fysiska planer hjälper oss att se helheten över kommungränserna.", 2, False),
    (2, Q3, "Myndigheterna behöver förstå regionernas olika förutsättningar – det som fungerar i Skåne fungerar inte i Norrbotten.", 3, False),
    (2, Q3, "Långsiktiga medel i stället för korta projektmedel som tar slut när arbetet precis har kommit igång.", 3, False),
    (2, Q3, "Tydligare nationella riktlinjer för hur jordbruksmark ska vägas mot bostadsbyggande.", 2, False),
    (2, SUMMARY, "Vi behöver ett gemensamt språk för målkonflikter mellan region och myndighet.", 2, False),
    (2, BONUS, "Region Skåne har en strukturbild som kommunerna själva har varit med och tagit fram.", 2, False),
    (2, BONUS, "I Region Gävleborg samplanerar regionen och kommunerna kollektivtrafik och bostäder längs stråken.", 1, False),
    # Grupp 3
    (3, Q1, "Vindkraftsetableringar mot rennäringens betesmarker och den biologiska mångfalden.", 2, True),
    (3, Q1, "Nya bostäder på jordbruksmark mot livsmedelsförsörjningen – ständigt aktuellt i tillväxtkommunerna.", 2, False),
    (3, Q1, "Stad mot landsbygd: investeringarna hamnar i städerna medan landsbygden tappar service.", 3, False),
    (3, Q1, "Att anpassa bebyggelsen efter ett förändrat klimat kostar nu, nyttan kommer om flera decennier.", 1, False),
    (3, Q2, "Vi har en regional arena för samhällsplanering där kommuner och länsstyrelse möts fyra gånger om året.", 2, False),
    (3, Q2, "Ibland genom att vänta och se, vilket gör att besluten fattas av någon annan.", 1, False),
    (3, Q3, "Ett samlat stöd från staten när stora industrietableringar kommer, inte flera myndigheter var för sig.", 3, False),
    (3, Q3, "Data på lokal nivå – nationell statistik räcker inte för att planera i glesbygd.", 2, False),
    (3, Q3, "Vad kan myndigheterna göra för att regionerna ska få ta större ansvar för bostadsförsörjningen?", 1, False),
    (3, SUMMARY, "Tidig och samordnad dialog mellan stat, region och kommun när stora etableringar kommer.", 3, False),
    (3, BONUS, "Luleå kommun har byggt ut cykelvägnätet och följt upp hur resvanorna ändrats.", 2, False),
    (3, BONUS, "Norrbottens länsstyrelse och regionen har ett gemensamt kansli för samhällsomvandlingen.", 2, False),
    # Grupp 4
    (4, Q1, "Förtätning av städer ger kortare resor men färre grönområden och sämre dagvattenhantering.", 2, False),
    (4, Q1, "Ekonomisk tillväxt mot klimatmålen – flygplatsen är viktig för näringslivet men ger stora utsläpp.", 2, True),
    (4, Q1, "Energiomställningen kräver nya kraftledningar genom värdefulla naturområden.", 1, False),
    (4, Q1, "Kortsiktiga projektpengar mot det långsiktiga arbetet med attraktiva livsmiljöer.", 2, False),
    (4, Q2, "Vi lyfter målkonflikterna i regionala tillväxtprogrammet men saknar mandat att avgöra dem.", 2, False),
    (4, Q2, "Gemensamma workshoppar med länsstyrelsen om hur planerna ska vägas samman.", 1, False),
    (4, Q3, "Att myndigheterna deltar i de regionala arenorna och inte bara skickar remissvar.", 3, False),
    (4, Q3, "Stöd att ta fram gemensamma underlag om klimatrisker för hela regionen.", 1, False),
    (4, Q3, "Hur ska regionerna få tillgång till myndigheternas analyser innan besluten är fattade?", 1, False),
    (4, SUMMARY, "Myndigheterna behöver vara med tidigt i processerna, inte först vid remissen.", 3, False),
    (4, BONUS, "Region Jönköpings län har byggt en digital karta över grönstruktur och bebyggelsetryck tillsammans med kommunerna.", 2, False),
    # Grupp 5
    (5, Q1, "Åkermark mot bostäder: kommunerna vill växa men jordbruksmarken är en nationell angelägenhet.", 2, False),
    (5, Q1, "Landsbygd mot stad: service och kollektivtrafik koncentreras till de större orterna.", 2, False),
    (5, Q1, "Tillväxt genom nya etableringar mot vattenförsörjningen som redan är ansträngd på sommaren.", 1, True),
    (5, Q1, "Turismen ger jobb i fjällen men sliter på naturen och driver upp bostadspriserna för de som bor där.", 2, False),
    (5, Q2, "Vi har börjat använda en modell för konsekvensbedömning som visar vilka mål som påverkas av ett beslut.", 2, False),
    (5, Q2, "Det hänger på enskilda tjänstepersoners engagemang – det finns inget system.", 1, False),
    (5, Q3, "Mindre detaljstyrning och mer flexibilitet i hur statliga medel får användas regionalt.", 3, False),
    (5, Q3, "Gemensamma mål mellan myndigheternas regleringsbrev och regionernas strategier.", 2, False),
    (5, Q3, "Kunskap om hur andra regioner har hanterat liknande målkonflikter.", 2, False),
    (5, SUMMARY, "Lärande mellan regionerna om hur man hanterar målkonflikter i praktiken.", 2, False),
    (5, SUMMARY, "Vem äger frågan om hållbara livsmiljöer på nationell nivå?", 2, False),
    (5, BONUS, "Region Jämtland Härjedalen och kommunerna tog fram en gemensam plan för besöksnäringen i Åre.", 1, False),
    # Grupp 6
    (6, Q1, "Målkonflikt: förtätning i stadskärnan mot grönytor som kyler staden under värmeböljor.", 2, True),
    (6, Q1, "Vindkraft ger förnybar energi men kommunerna säger nej när nyttan inte stannar lokalt.", 2, False),
    (6, Q1, "Attraktiva livsmiljöer för unga mot behoven hos en åldrande befolkning på landsbygden.", 1, False),
    (6, Q1, "Snabb bostadsbyggnation mot långsiktig hållbarhet i materialval och placering.", 1, False),
    (6, Q2, "Vi försöker samla kommunerna i regionala nätverk för översiktsplanering.", 2, False),
    (6, Q2, "Vi har ett regionalt råd för hållbar utveckling där målkonflikter tas upp öppet.", 1, False),
    (6, Q3, "Ett gemensamt statligt ansvar för hur nationella intressen ska vägas mot regionala behov.", 2, False),
    (6, Q3, "Långsiktig finansiering för regionernas arbete med fysisk planering.", 2, False),
    (6, Q3, "Samordnade statliga besked i stället för olika yttranden från varje myndighet.", 2, False),
    (6, SUMMARY, "Hållbara livsmiljöer kräver att stat, region och kommun planerar tillsammans från början.", 3, False),
    (6, BONUS, "Västra Götalandsregionen har ett samverkansavtal med Trafikverket om stråkutveckling.", 2, False),
)
# fmt: on
