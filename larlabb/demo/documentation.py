"""The documentation of both seed projects, as staff would have written it after the workshops.

"Lärlabb Hållbar utveckling": workshop 1 (8 June) is public with its agenda as run, the
conclusions, a recording link and the programme as a PDF; its board is the seed board from
sessions.py. "Hållbara livsmiljöer – regionerna kliver fram": the first two workshops are
public with agendas and conclusions drawn from the invitation's programme.

Idempotent, and a text staff have since edited is left as they wrote it: only missing
documentation, links and files are created.
"""

from typing import Final

from django.core.files.uploadedfile import SimpleUploadedFile

from larlabb.demo import seed_invitation
from larlabb.documentation.models import Attachment, RecordingLink, WorkshopDocumentation
from larlabb.documentation.services import attachment_create
from larlabb.programme.models import Workshop

BOARD_PROJECT_SLUG: Final = "larlabb-hallbar-utveckling"

BOARD_AGENDA: Final = """\
- 09.30 Välkommen och inledning: varför regioner och myndigheter behöver varandra i
  genomförandet av den nationella strategin för hållbar regional utveckling.
- 10.00 Övning i blandade grupper: förväntningar, vad vi vill veta om varandra och vad
  vi vill att de andra ska veta. Varje grupp utsåg en gruppledare.
- 10.40 Gruppledarna redovisade gruppernas sammanfattningar: *Att tänka på inför Lärlabb*.
- 11.15 Samtal i helgrupp om hur arbetet tas vidare till workshopen den 24 augusti.
- 12.00 Lunch.
- 13.00 Fördjupning kring goda exempel på samverkan mellan myndigheter och regioner.
- 15.30 Sammanfattning och nästa steg.
"""

BOARD_CONCLUSIONS: Final = """\
Grupperna vill ha **en arena för samtal** där regioner och myndigheter lär känna varandra
innan de tar sig an gemensamma utmaningar. Det som återkom:

- Tid att lära känna varandras uppdrag, roller och sätt att arbeta.
- Myndigheterna vill förstå regionernas olika roller och förutsättningar; regionerna vill
  veta hur myndigheterna ser på att stärka samverkan.
- Samtalet behöver föras på fler nivåer än bland RUS-samordnarna, också bland chefer och
  generaldirektörer.
- Vinsten för båda parter bör bli tydlig tidigt, gärna med ett förarbete hemma.

Till workshopen den 24 augusti tar vi med förslaget att bjuda in fler roller från både
regioner och myndigheter.
"""

LIVSMILJOER_DOCS: Final = {
    1: (
        """\
- Introduktion, mål och förväntningar, med en runda där varje region berättade om sitt
  arbete med hållbara livsmiljöer.
- Inspiration och dialog om aktuella målkonflikter: bostäder och jordbruksmark,
  tillgänglighet och klimat, service i hela regionen.
- Läroprojektets arbetsformer: digitala och fysiska träffar, gemensamt arbete och hemarbete.
- Programmet justerades: workshop 4 hålls i samband med Nordregio Forum i Luleå.
""",
        """\
Deltagarna identifierade tre målkonflikter att fördjupa i workshop 3–5: **markanvändning**,
**tillgänglighet och transporter** och **service i hela regionen**. Regionerna vill särskilt
lära av varandra om hur man leder samverkan med kommuner och andra samverkansparter när
målen drar åt olika håll.
""",
    ),
    2: (
        """\
- Inspiration: mål, begrepp och modeller som ramar in hållbara livsmiljöer.
- Regionala målkonflikter och vägval, med exempel från två regioner.
- Aktörssystemet och regionens roll, i grupper.
- AI som verktyg i utvecklingsarbetet: vi prövade att sammanfatta gruppernas lappar.
""",
        """\
Regionens roll beskrevs som att **hålla ihop** aktörssystemet snarare än att äga frågorna.
Grupperna såg flernivåsamverkan som nyckeln och bad om fler konkreta exempel på hur
regioner har hanterat målkonflikter i planeringen.
""",
    ),
}

RECORDING_TITLE: Final = "Inspelning av inledningen"
RECORDING_URL: Final = "https://reglab.example/inspelningar/larlabb-hallbar-utveckling-8-juni"
PROGRAMME_PDF_TITLE: Final = "Program för dagen"


def _pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page PDF with a few lines of text: enough for the demo to offer a real file."""
    text = "".join(
        f"BT /F1 {18 if index == 0 else 12} Tf 56 {780 - index * 26} Td ({line}) Tj ET\n"
        for index, line in enumerate(lines)
    ).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _document(workshop: Workshop, agenda: str, conclusions: str) -> None:
    WorkshopDocumentation.objects.get_or_create(
        workshop=workshop,
        defaults={"is_public": True, "agenda_as_run": agenda, "conclusions": conclusions},
    )


def demo_documentation_load() -> None:
    board_workshop = Workshop.objects.get(project__slug=BOARD_PROJECT_SLUG, number=1)
    _document(board_workshop, BOARD_AGENDA, BOARD_CONCLUSIONS)
    RecordingLink.objects.get_or_create(
        workshop=board_workshop, title=RECORDING_TITLE, defaults={"url": RECORDING_URL}
    )
    if not Attachment.objects.filter(workshop=board_workshop, title=PROGRAMME_PDF_TITLE).exists():
        content = _pdf(
            (
                "Lärlabb Hållbar utveckling – 8 juni",
                "09.30 Välkommen och inledning",
                "10.00 Övning i blandade grupper",
                "10.40 Gruppledarna redovisar",
                "13.00 Goda exempel på samverkan",
                "15.30 Sammanfattning och nästa steg",
            )
        )
        attachment_create(
            workshop=board_workshop,
            title=PROGRAMME_PDF_TITLE,
            upload=SimpleUploadedFile("program-8-juni.pdf", content, "application/pdf"),
            is_public=True,
            uploaded_by=None,
        )
    for number, (agenda, conclusions) in LIVSMILJOER_DOCS.items():
        workshop = Workshop.objects.get(project__slug=seed_invitation.SLUG, number=number)
        _document(workshop, agenda, conclusions)
