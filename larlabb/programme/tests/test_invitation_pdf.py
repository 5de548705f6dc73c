import re
from io import BytesIO

from django.urls import reverse
from pypdf import PdfReader

PROGRAMME_LINES = [
    "Hållbara livsmiljöer",
    "regionerna kliver fram",
    "Workshop 1. Hållbara livsmiljöer – i dag och i morgon",
    "Digital träff, 27 augusti 2024, kl. 9–11.30",
    "Workshop 2. Inramning, vägval och den regionala rollen",
    "Fysisk träff i Stockholm, 12–13 september 2024, lunch–lunch",
    "Workshop 3–5. Aktuella målkonflikter, metoder och dialog",
    "Digital träff, 16 oktober 2024, kl. 13–15.30",
    "Digital/fysisk träff i Luleå, 21 november 2024, kl. 13–16",
    "i samband med Nordregio Forum",
    "Digital träff, 10 december 2024, kl. 9–11.30",
    "Workshop 6. Kunskap till handling",
    "Fysisk träff, 22–23 januari 2025, lunch–lunch",
    "23 000 kr per organisation",
    "14 augusti 2024",
    "Emma Ejermark, emma.ejermark@skr.se (praktiska frågor)",
    "Jonas Frykman, jonas.frykman@skr.se (innehåll)",
]


def _comparable(text: str) -> str:
    # Undo hyphenation at line ends, then ignore all white space (line breaks fall anywhere).
    text = re.sub(r"[\u00ad]|[-\u2010]\n", "", text)
    return "".join(text.split())


def test_invitation_pdf_holds_the_whole_programme(client, demo):
    response = client.get(reverse("programme:invitation_pdf", args=["hallbara-livsmiljoer-2024"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) >= 3
    text = _comparable("\n".join(page.extract_text() for page in reader.pages))
    missing = [line for line in PROGRAMME_LINES if _comparable(line) not in text]
    assert missing == []


def test_invitation_pdf_numbers_its_pages(client, demo):
    response = client.get(reverse("programme:invitation_pdf", args=["hallbara-livsmiljoer-2024"]))
    reader = PdfReader(BytesIO(response.content))
    pages = len(reader.pages)
    assert f"2 / {pages}" in reader.pages[1].extract_text()
