"""Quoted notes in an approved synthesis are headed as what they are in every export."""

from django.template.loader import render_to_string
from docx import Document

from larlabb.documentation.export_docx import _synthesis
from larlabb.documentation.export_markdown import synthesis_markdown
from larlabb.documentation.selectors import (
    Citation,
    PublicStatement,
    PublicSynthesis,
    PublicTheme,
)
from larlabb.synthesis.presentation import summary_heading

NOTE = Citation(1, "Nya bostäder på jordbruksmark", "/lapp/1")


def synthesis(*, quotes_notes: bool) -> PublicSynthesis:
    theme = PublicTheme(
        label="Bostäder på jordbruksmark",
        summary=(PublicStatement(text=NOTE.text, citations=(NOTE,)),),
        summary_heading=summary_heading(quotes_notes=quotes_notes),
    )
    return PublicSynthesis(
        approved_at=None,
        themes=(theme,),
        conflicts=(),
        open_questions=(),
        good_examples=(),
        citations=(NOTE,),
    )


def test_markdown_heads_quoted_notes_as_representative_notes():
    text = "".join(synthesis_markdown(synthesis(quotes_notes=True), title="Sammanställning"))
    assert "#### Representativa lappar" in text
    assert "Sammanfattning" not in text


def test_word_heads_quoted_notes_as_representative_notes():
    document = Document()
    _synthesis(document, synthesis(quotes_notes=True), title="Sammanställning")
    headings = [
        p.text for p in document.paragraphs if p.style and p.style.name.startswith("Heading")
    ]
    assert "Representativa lappar" in headings
    assert "Sammanfattning" not in headings


def test_the_page_and_pdf_head_quoted_notes_as_representative_notes():
    for template in (
        "documentation/includes/_synthesis.html",
        "documentation/export/document.html#synthesis",
    ):
        html = render_to_string(template, {"synthesis": synthesis(quotes_notes=True)})
        assert "Representativa lappar" in html, template
        assert "Sammanfattning" not in html, template


def test_a_summary_a_language_model_wrote_is_headed_summary():
    text = "".join(synthesis_markdown(synthesis(quotes_notes=False), title="Sammanställning"))
    assert "#### Sammanfattning" in text
