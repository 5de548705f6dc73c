"""A board's named groups of notes in the documentation: the public page and every export show
each frame's groups with their notes, and documentation frozen before groups still decodes."""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from larlabb.documentation.content import project_documentation, project_from_json
from larlabb.documentation.export_csv import documentation_csv
from larlabb.documentation.export_docx import documentation_docx
from larlabb.documentation.export_markdown import documentation_markdown_zip, markdown_escape
from larlabb.documentation.export_pdf import documentation_pdf
from larlabb.documentation.tests.boards import PUBLIC_NOTES, Documented
from larlabb.workshops.models import Note, NoteGroup

pytestmark = pytest.mark.django_db

FORMAT_1 = Path(__file__).parent / "data" / "frozen_content_format1.json"


@pytest.fixture
def grouped(documented: Documented) -> Documented:
    """The first and third public notes grouped as "Mötesplatser", the third shown first."""
    first, _, third = documented.notes[:3]
    note_group = NoteGroup.objects.create(
        group=documented.group, frame=first.frame, name="Mötesplatser", client_id="g"
    )
    Note.objects.filter(pk=third.pk).update(note_group=note_group, position=0)
    Note.objects.filter(pk=first.pk).update(note_group=note_group, position=1)
    Note.objects.filter(pk=documented.notes[1].pk).update(position=2)
    return documented


def _built(documented: Documented, builder) -> bytes:
    out = io.BytesIO()
    builder(project_documentation(project=documented.project, public=False), out)
    return out.getvalue()


def test_markdown_shows_a_frames_named_group_with_its_notes_then_the_other_notes(grouped):
    archive = zipfile.ZipFile(io.BytesIO(_built(grouped, documentation_markdown_zip)))
    text = archive.read("workshop-01.md").decode()
    group = text.index("##### Grupp: Mötesplatser")
    rest = text.index("##### Lappar utan grupp")
    in_group = text[group:rest]
    assert in_group.index(markdown_escape(PUBLIC_NOTES[2].split("\n")[0])) < in_group.index(
        markdown_escape(PUBLIC_NOTES[0])
    )
    assert "HYPERLINK" in text[rest:] and "HYPERLINK" not in in_group


def test_docx_gives_each_named_group_a_heading_over_its_notes(grouped):
    document = Document(io.BytesIO(_built(grouped, documentation_docx)))
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    group = styled.index(("Heading 5", "Grupp: Mötesplatser"))
    rest = styled.index(("Heading 5", "Lappar utan grupp"))
    in_group = [text for style, text in styled[group:rest] if style == "List Bullet"]
    texts = [text.split(" – ")[0].split(" (+")[0] for text in in_group]
    assert texts == [PUBLIC_NOTES[2], PUBLIC_NOTES[0]]


def test_csv_names_each_notes_group(grouped):
    data = _built(grouped, documentation_csv).decode("utf-8-sig")
    rows = {row["Text"]: row for row in csv.DictReader(io.StringIO(data), delimiter=";")}
    assert rows[PUBLIC_NOTES[0]]["Grupp av lappar"] == "Mötesplatser"
    assert rows["'" + PUBLIC_NOTES[1]]["Grupp av lappar"] == ""


def test_pdf_shows_the_named_group_above_its_notes(grouped):
    data = _built(grouped, documentation_pdf)
    pages = (page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    text = " ".join(" ".join(pages).split())
    assert text.index("Grupp: Mötesplatser") < text.index(PUBLIC_NOTES[0])
    assert text.index(PUBLIC_NOTES[0]) < text.index("Lappar utan grupp")


def test_the_public_page_shows_a_group_without_a_name_as_namnlos_grupp(
    client: Client, grouped: Documented
):
    NoteGroup.objects.update(name="")
    slug = grouped.project.slug
    html = client.get(reverse("documentation:workshop", args=[slug, 1])).content.decode()
    heading = '<h5 class="doc-note-group">Grupp: Namnlös grupp</h5>'
    assert heading in html
    in_group = html[html.index(heading) : html.index("Lappar utan grupp")]
    assert f'id="lapp-{grouped.notes[0].pk}"' in in_group
    assert f'id="lapp-{grouped.notes[1].pk}"' not in in_group


def test_documentation_frozen_before_named_groups_decodes_with_none():
    stored = json.loads(FORMAT_1.read_text())
    doc = project_from_json(stored["staff"])
    frames = [
        frame
        for workshop in doc.workshops
        for session in workshop.sessions
        for group in session.groups
        for frame in group.frames
    ]
    assert frames
    assert all(frame.note_groups == () for frame in frames)
    assert all(frame.ungrouped_notes == list(frame.notes) for frame in frames)
