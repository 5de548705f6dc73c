"""The documentation PDF as a reader and a screen reader get it: each note one run of text
with its +1s, tag and author, each note its own list item under its frame, every page
numbered."""

import gc
import io

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, NameObject

from larlabb.core.pdf import pdf_from_html
from larlabb.documentation import export_pdf
from larlabb.documentation.content import project_documentation
from larlabb.documentation.export_pdf import documentation_pdf
from larlabb.documentation.tests.boards import (
    AUTHOR,
    PUBLIC_NOTES,
    SUMMARY_NOTE,
    Documented,
)
from larlabb.workshops.models import Note

pytestmark = pytest.mark.django_db


def _staff_pdf(documented: Documented) -> PdfReader:
    out = io.BytesIO()
    documentation_pdf(project_documentation(project=documented.project, public=False), out)
    return PdfReader(io.BytesIO(out.getvalue()))


def _page_texts(reader: PdfReader) -> list[str]:
    # split() also collapses the no-break spaces that keep the dash between note and author.
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _elements(node: DictionaryObject, tag: str) -> list[DictionaryObject]:
    """Structure elements of type `tag` under `node`, in reading order."""
    found = []
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        element = kid.get_object()
        if isinstance(element, DictionaryObject) and element.get("/Type") == NameObject(
            "/StructElem"
        ):
            if element["/S"] == NameObject(tag):
                found.append(element)
            found += _elements(element, tag)
    return found


def test_a_note_reads_as_one_line_with_its_plus_ones_goal_conflict_and_author(documented):
    Note.objects.filter(text=SUMMARY_NOTE).update(is_goal_conflict=True)

    text = " ".join(_page_texts(_staff_pdf(documented)))

    assert f"{PUBLIC_NOTES[0]} (+3) – {AUTHOR}" in text
    assert f"{SUMMARY_NOTE} Målkonflikt – {AUTHOR}" in text


def test_each_note_is_its_own_list_item_under_its_frame_in_the_tagged_pdf(documented):
    reader = _staff_pdf(documented)
    catalog = reader.root_object
    tree, marks = catalog["/StructTreeRoot"].get_object(), catalog["/MarkInfo"].get_object()
    assert isinstance(tree, DictionaryObject) and isinstance(marks, DictionaryObject)
    frames = [div for div in _elements(tree, "/Div") if _elements(div, "/H4")]
    items_per_frame = [
        len(_elements(notes, "/LI")) for frame in frames for notes in _elements(frame, "/L")
    ]

    assert marks["/Marked"]
    assert str(catalog["/Lang"]) == "sv"
    # The public board: three notes in the first frame and one in the summary; one note each
    # on the hidden board and on the private workshop's board.
    assert items_per_frame == [3, 1, 1, 1]


def test_every_page_after_the_cover_has_its_number_and_the_documents_title(documented):
    pages = _page_texts(_staff_pdf(documented))

    assert "/ " not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"{number} / {len(pages)}" in text
        assert "Hållbara livsmiljöer – dokumentationen" in text


def test_the_cycle_collector_pauses_while_the_pdf_is_set_and_resumes_after(documented, monkeypatch):
    collector_on_during_build = []

    def set_pdf(**kwargs):
        collector_on_during_build.append(gc.isenabled())
        return pdf_from_html(**kwargs)

    monkeypatch.setattr(export_pdf, "pdf_from_html", set_pdf)
    _staff_pdf(documented)

    assert collector_on_during_build == [False]
    assert gc.isenabled()


def test_the_cycle_collector_resumes_when_setting_the_pdf_fails(documented, monkeypatch):
    def fail(**kwargs):
        raise OSError("Pango is gone")

    monkeypatch.setattr(export_pdf, "pdf_from_html", fail)
    with pytest.raises(OSError):
        _staff_pdf(documented)

    assert gc.isenabled()
