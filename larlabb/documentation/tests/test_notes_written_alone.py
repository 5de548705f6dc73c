"""While a group writes alone first, the notes are hidden from the documentation pages, its
exports and its search until the facilitator shows them."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from larlabb.documentation.content import project_documentation
from larlabb.documentation.export_csv import documentation_csv
from larlabb.documentation.export_docx import documentation_docx
from larlabb.documentation.export_markdown import documentation_markdown_zip
from larlabb.documentation.export_pdf import documentation_pdf
from larlabb.documentation.search import search_documentation
from larlabb.documentation.tests.boards import PUBLIC_NOTES, Documented
from larlabb.workshops.models import Frame, Note, Phase
from larlabb.workshops.sessions import services

pytestmark = pytest.mark.django_db

WRITTEN_ALONE = "Skrivet ensam först om ekonomin"


@pytest.fixture
def writing_alone(documented: Documented) -> Documented:
    """The public session's group in a phase where everyone writes alone first, with a note
    written in it."""
    session = documented.session
    Phase.objects.filter(exercise=session.exercise).update(hides_others=True)
    services.phase_start(session=session)
    Note.objects.create(
        group=documented.group,
        frame=Frame.objects.filter(exercise=session.exercise)[0],
        author=documented.notes[0].author,
        text=WRITTEN_ALONE,
        client_id="alone",
    )
    return documented


def _text(builder, documented: Documented) -> str:
    out = io.BytesIO()
    builder(project_documentation(project=documented.project, public=True), out)
    data = out.getvalue()
    if builder is documentation_pdf:
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    if builder is documentation_docx:
        return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    if builder is documentation_csv:
        return data.decode("utf-8-sig")
    archive = zipfile.ZipFile(io.BytesIO(data))
    return "\n".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".md"))


def test_the_public_pages_show_no_note_of_a_group_writing_alone_until_shown(
    client: Client, writing_alone
):
    slug = writing_alone.project.slug
    pages = [reverse("documentation:project", args=[slug])]
    pages.append(reverse("documentation:workshop", args=[slug, 1]))
    for page in pages:
        html = client.get(page).content.decode()
        assert WRITTEN_ALONE not in html
        assert PUBLIC_NOTES[0] not in html
    services.phase_reveal(session=writing_alone.session)
    assert WRITTEN_ALONE in client.get(pages[1]).content.decode()


@pytest.mark.parametrize(
    "builder",
    [documentation_pdf, documentation_docx, documentation_csv, documentation_markdown_zip],
)
def test_no_export_holds_a_note_written_alone_until_shown(writing_alone, builder):
    assert "ekonomin" not in _text(builder, writing_alone)
    services.phase_reveal(session=writing_alone.session)
    assert "ekonomin" in _text(builder, writing_alone)


def test_the_search_finds_no_note_written_alone_until_shown(writing_alone):
    project = writing_alone.project
    assert search_documentation(project=project, query="ekonomin", public=True) == []
    assert search_documentation(project=project, query="ekonomin", public=False) == []
    services.phase_reveal(session=writing_alone.session)
    assert search_documentation(project=project, query="ekonomin", public=True)
