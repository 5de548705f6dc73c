"""Search on the embedded default, SQLite FTS5; PostgreSQL's is in tests/scaleout/."""

import pytest
from django.test import Client
from django.urls import reverse

from larlabb.documentation.search import search_documentation
from larlabb.documentation.tests.boards import (
    HIDDEN_NOTE,
    PRIVATE_NOTE,
    SUMMARY_NOTE,
    Documented,
)
from larlabb.workshops.models import Note

pytestmark = pytest.mark.django_db


def texts(documented: Documented, query: str, *, public: bool = True) -> list[str]:
    hits = search_documentation(project=documented.project, query=query, public=public)
    return [str(hit.snippet) for hit in hits]


def add_note(documented: Documented, text: str) -> Note:
    return Note.objects.create(
        group=documented.group, frame=documented.notes[0].frame, text=text, client_id=text[:60]
    )


def test_samverkan_finds_samverkansparter_with_the_hit_marked(documented: Documented) -> None:
    hits = search_documentation(project=documented.project, query="samverkan", public=True)
    note = documented.notes[0]
    hit = next(hit for hit in hits if hit.kind == "note")
    assert "<mark>samverkansparter</mark>" in hit.snippet
    assert hit.url == (
        reverse("documentation:workshop", args=[documented.project.slug, 1]) + f"#lapp-{note.pk}"
    )
    assert "Grupp 1" in hit.title


def test_a_query_word_is_cut_to_its_stem_so_other_inflections_are_found(
    documented: Documented,
) -> None:
    # "regionens" and "regionerna" share the Snowball stem "region".
    assert any("<mark>regionerna</mark>" in text for text in texts(documented, "regionens"))
    add_note(documented, "Vi samverkade redan förra året")
    assert any("<mark>samverkade</mark>" in text for text in texts(documented, "samverka"))


def test_fts5_does_not_find_a_word_inside_a_compound(documented: Documented) -> None:
    add_note(documented, "Flernivåsamverkan är nyckeln")
    assert not any("Flernivå" in text for text in texts(documented, "samverkan"))


def test_every_word_of_the_query_must_match(documented: Documented) -> None:
    assert texts(documented, "samverkansparter arena")
    assert not texts(documented, "samverkansparter budget")


def test_private_content_is_never_found_publicly_but_is_found_by_staff(
    documented: Documented,
) -> None:
    for private in (HIDDEN_NOTE, PRIVATE_NOTE, "Intern budgetbilaga", "Intern inspelning"):
        word = private.split()[-1]
        assert not any(word in text for text in texts(documented, word)), private
    assert any("lönesamtal" in text for text in texts(documented, "lönesamtal", public=False))
    assert any("budgetbilaga" in text for text in texts(documented, "budgetbilaga", public=False))


def test_texts_files_and_recordings_are_found_with_anchors(documented: Documented) -> None:
    page = reverse("documentation:workshop", args=[documented.project.slug, 1])
    urls = {
        hit.kind: hit.url
        for query in ("fika", "dagen", "kom fram")
        for hit in search_documentation(project=documented.project, query=query, public=True)
    }
    assert urls["agenda"] == f"{page}#agenda"
    assert urls["conclusions"] == f"{page}#slutsatser"
    assert urls["attachment"].startswith(f"{page}#bilaga-")
    assert urls["recording"] == f"{page}#inspelning-1"


def test_markup_in_a_note_is_escaped_in_the_snippet(documented: Documented) -> None:
    add_note(documented, "<script>alert('samverkan')</script>")
    snippets = texts(documented, "alert")
    assert snippets
    assert all("<script>" not in text for text in snippets)
    assert any("&lt;script&gt;" in text for text in snippets)


def test_an_empty_or_symbol_only_query_finds_nothing(documented: Documented) -> None:
    assert texts(documented, "") == []
    assert texts(documented, '"*"') == []


def test_the_search_page_lists_hits_that_link_into_the_page(
    client: Client, documented: Documented
) -> None:
    response = client.get(
        reverse("documentation:search", args=[documented.project.slug]), {"q": "målbild"}
    )
    html = response.content.decode()
    summary = next(note for note in documented.notes if note.text == SUMMARY_NOTE)
    assert f"#lapp-{summary.pk}" in html
    assert "<mark>målbild</mark>" in html
    assert "1 träff på ”målbild”." in html
    empty = client.get(
        reverse("documentation:search", args=[documented.project.slug]), {"q": "lönesamtal"}
    )
    assert "0 träffar" in empty.content.decode()
    assert "lönesamtal</" not in empty.content.decode()
