"""Staff-written HTML and links to script never reach an export as live markup: the Markdown
stays readable Markdown, and Word and PDF hold only safe links."""

import io
import zipfile

import markdown
import pytest
from docx import Document
from pypdf import PdfReader

from larlabb.core.markdown import markdown_source_safe, url_is_safe
from larlabb.documentation.content import project_documentation
from larlabb.documentation.export_docx import documentation_docx
from larlabb.documentation.export_markdown import documentation_markdown_zip
from larlabb.documentation.export_pdf import documentation_pdf
from larlabb.documentation.models import RecordingLink, WorkshopDocumentation

pytestmark = pytest.mark.django_db

HOSTILE = (
    "Inledning <script>alert('x')</script> med <img src=x onerror=alert(1)>\n\n"
    "[Klicka här](javascript:alert(1)) och [gömt](java&#115;cript:alert(2)) "
    "och ![bild](data:text/html;base64,PHNjcmlwdD4=) men [vår sida](https://example.se/)\n\n"
    "[ref]: javascript:alert(3)\n"
)
# What a Markdown viewer that passes HTML through would run or follow.
DANGEROUS = ("<script", "<img src=x", "javascript:", "data:text/html", "alert(3)")


@pytest.fixture
def hostile(documented):
    WorkshopDocumentation.objects.filter(workshop=documented.public_workshop).update(
        conclusions=HOSTILE, agenda_as_run=HOSTILE
    )
    documented.project.lead = HOSTILE
    documented.project.save(update_fields=["lead"])
    RecordingLink.objects.create(
        workshop=documented.public_workshop,
        title="Inspelning",
        url="https://example.se/film><img src=x onerror=alert(1)>",
    )
    return project_documentation(project=documented.project, public=True)


def test_the_markdown_export_escapes_staff_html_and_drops_script_and_data_links(hostile):
    out = io.BytesIO()
    documentation_markdown_zip(hostile, out)
    files = zipfile.ZipFile(out)

    for name in ("index.md", "workshop-01.md"):
        source = files.read(name).decode()
        rendered = markdown.markdown(source)
        assert [word for word in DANGEROUS if word in rendered.lower()] == [], name
        assert '<a href="https://example.se/">vår sida</a>' in rendered
        # Still readable: the escaped tag shows as the text it was, and link texts remain.
        assert "&lt;script>" in source
        assert "Klicka här" in source


def test_staff_markdown_keeps_its_formatting_and_safe_links():
    text = (
        "## Rubrik\n\n- **fet** och *kursiv*\n"
        "- <https://example.se> och [fil](bilaga.md) och [film](<https://example.se/a b>)"
    )

    assert markdown_source_safe(text) == text


def test_an_escaped_backslash_before_a_tag_does_not_let_the_tag_through():
    rendered = markdown.markdown(markdown_source_safe("a \\\\<b onclick=x>fet</b>"))

    assert "<b" not in rendered


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.se/", True),
        ("bilaga.md", True),
        ("mailto:kansliet@example.se", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("java&#115;cript:alert(1)", False),
        ("data:text/html;base64,xx", False),
        ("vbscript:x", False),
    ],
)
def test_only_relative_http_and_mail_addresses_count_as_safe(url, safe):
    assert url_is_safe(url) is safe


def test_the_word_export_holds_no_script_text_or_script_link(hostile):
    out = io.BytesIO()
    documentation_docx(hostile, out)
    document = Document(io.BytesIO(out.getvalue()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)

    assert "alert('x')" not in text
    assert "javascript:" not in text
    assert "Klicka här" in text
    assert "https://example.se/" in text


def test_the_pdf_export_links_only_to_safe_addresses(hostile):
    out = io.BytesIO()
    documentation_pdf(hostile, out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    uris = [
        str(annotation.get_object()["/A"].get("/URI", ""))
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    ]

    assert uris
    assert all(url_is_safe(uri) for uri in uris), uris
    assert "alert('x')" not in "".join(page.extract_text() for page in reader.pages)
