"""The documentation as a Word document (python-docx) that staff can go on editing: Word's own
Title, Heading 1–5 and List Bullet styles, so the navigation pane, a table of contents and the
styles all work as if the document had been written in Word."""

import io
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import IO, Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from larlabb.core.markdown import render_markdown
from larlabb.documentation.content import GroupDoc, NoteDoc, ProjectDoc, SessionDoc, WorkshopDoc
from larlabb.documentation.export_common import Progress, Syntheses, stored_bytes
from larlabb.documentation.selectors import PublicStatement, PublicSynthesis

# python-docx reads only these image formats; the others are named in a caption instead.
_DOCX_IMAGES = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"BM")
_IMAGE_WIDTH_CM = 14
_WHITESPACE = re.compile(r"\s+")


class _Writer:
    """The few Document methods this export uses, with the styles looked up once.

    python-docx looks a style up by its name on every styled paragraph (an XPath query and a
    scan of every style for the default one) and finds the end of the body by scanning all of
    it for each new paragraph: a project of 6,000 notes took minutes. Here each style's id is
    found once, and paragraphs go straight before the closing section properties.
    """

    def __init__(self, document: Any) -> None:
        from docx.text.paragraph import Paragraph

        self.document = document
        self._paragraph = Paragraph
        self._body = document.element.body
        # A new document ends with its section properties; paragraphs go before them.
        self._section = self._body.sectPr
        self._style_ids: dict[str, str] = {}

    def add_paragraph(self, text: str = "", style: str | None = None) -> Any:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        element = OxmlElement("w:p")
        if style is not None:
            if style not in self._style_ids:
                self._style_ids[style] = self.document.styles[style].style_id
            style_element = OxmlElement("w:pStyle")
            style_element.set(qn("w:val"), self._style_ids[style])
            element.get_or_add_pPr().append(style_element)
        if self._section is not None:
            self._section.addprevious(element)
        else:
            self._body.append(element)
        paragraph = self._paragraph(element, self.document._body)
        if text:
            paragraph.add_run(text)
        return paragraph

    def add_heading(self, text: str = "", level: int = 1) -> Any:
        return self.add_paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def add_picture(self, image: IO[bytes], **size: Any) -> Any:
        return self.document.add_picture(image, **size)

    @property
    def inline_shapes(self) -> Any:
        return self.document.inline_shapes


class _MarkdownToDocx(HTMLParser):
    """The sanitised HTML of a Markdown text (core.markdown) as Word paragraphs.

    The sanitiser leaves a small set of tags; each maps to a Word style, bold and italic to runs.
    """

    def __init__(self, document: Any) -> None:
        super().__init__()
        self.document = document
        self.paragraph: Any = None
        self.lists: list[str] = []
        self.bold = self.italic = 0
        self.href = ""

    def _new(self, style: str | None = None) -> None:
        self.paragraph = self.document.add_paragraph(style=style)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"h2", "h3", "h4", "h5", "h6"}:
            self.paragraph = self.document.add_heading(level=min(int(tag[1]), 9))
        elif tag in {"ul", "ol"}:
            self.lists.append(tag)
        elif tag == "li":
            depth = min(len(self.lists), 3)
            kind = "List Number" if self.lists and self.lists[-1] == "ol" else "List Bullet"
            self._new(kind if depth <= 1 else f"{kind} {depth}")
        elif tag == "p" and not (self.lists and self.paragraph is not None):
            self._new()
        elif tag == "blockquote":
            self._new("Quote")
        elif tag == "strong":
            self.bold += 1
        elif tag == "em":
            self.italic += 1
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()

    def handle_endtag(self, tag: str) -> None:
        if tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
            self.paragraph = None
        elif tag == "strong":
            self.bold -= 1
        elif tag == "em":
            self.italic -= 1
        elif tag == "a":
            if self.href and self.paragraph is not None:
                self.paragraph.add_run(f" ({self.href})")
            self.href = ""
        elif tag == "li" or (
            tag in {"p", "blockquote", "h2", "h3", "h4", "h5", "h6"} and not self.lists
        ):
            self.paragraph = None

    def handle_data(self, data: str) -> None:
        # Line breaks in HTML source are spaces; between blocks they are nothing at all.
        data = _WHITESPACE.sub(" ", data)
        if self.paragraph is None:
            if not data.strip():
                return
            self._new()
        if not self.paragraph.text:
            data = data.lstrip()
        run = self.paragraph.add_run(data)
        run.bold = self.bold > 0 or None
        run.italic = self.italic > 0 or None


def _markdown(document: Any, text: str, *, top_heading: int) -> None:
    if text.strip():
        parser = _MarkdownToDocx(document)
        parser.feed(str(render_markdown(text, top_heading=top_heading)))
        parser.close()


def _language(document: Any) -> None:
    """Mark the text Swedish (or English), so Word checks the spelling in the right language."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    code = "sv-SE" if (get_language() or "sv").startswith("sv") else "en-GB"
    run_properties = document.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), code)
    run_properties.append(lang)


def _picture(document: Any, name: str, description: str) -> None:
    from docx.shared import Cm

    data = stored_bytes(name)
    if data is None or not data.startswith(_DOCX_IMAGES):
        document.add_paragraph(_("Bild: %(description)s") % {"description": description})
        return
    document.add_picture(io.BytesIO(data), width=Cm(_IMAGE_WIDTH_CM))
    picture = document.inline_shapes[-1]
    # The description is the picture's alternative text, read by screen readers in Word.
    picture._inline.docPr.set("descr", description)
    document.add_paragraph(description, style="Caption")


def _statements(
    document: Any, title: str, statements: tuple[PublicStatement, ...], *, subheading: str = ""
) -> None:
    if statements:
        document.add_heading(title, level=3)
        if subheading:
            document.add_heading(subheading, level=4)
    for statement in statements:
        numbers = statement.citation_numbers
        document.add_paragraph(
            f"{statement.text} [{numbers}]" if numbers else statement.text, "List Bullet"
        )


def _synthesis(document: Any, synthesis: PublicSynthesis, *, title: str) -> None:
    document.add_heading(title, level=2)
    if synthesis.approved_at:
        document.add_paragraph(
            _("Godkänd av kansliet %(date)s. Siffrorna hänvisar till lapparna under Källor.")
            % {"date": date_format(timezone.localtime(synthesis.approved_at), "j F Y")}
        )
    for theme in synthesis.themes:
        _statements(document, theme.label, theme.summary, subheading=theme.summary_heading)
    for heading, statements in synthesis.lists:
        _statements(document, heading, statements)
    if synthesis.citations:
        document.add_heading(_("Källor"), level=3)
    for citation in synthesis.citations:
        document.add_paragraph(f"[{citation.number}] {citation.text}")


def _group(document: Any, group: GroupDoc) -> None:
    document.add_heading(_("Grupp %(number)d") % {"number": group.number}, level=3)
    if group.leader:
        document.add_paragraph(_("Gruppledare: %(name)s") % {"name": group.leader})
    for photo in group.photos:
        _picture(document, photo.name, photo.description)
    for frame in group.frames:
        document.add_heading(frame.title, level=4)
        if not frame.notes:
            document.add_paragraph(_("Inga lappar."))
        grouped = frame.grouped_notes()
        for note_group, notes in grouped:
            document.add_heading(_("Grupp: %(name)s") % {"name": note_group.title}, level=5)
            _notes(document, notes)
        ungrouped = frame.ungrouped_notes
        if grouped and ungrouped:
            document.add_heading(_("Lappar utan grupp"), level=5)
        _notes(document, ungrouped)


def _notes(document: Any, notes: Iterable[NoteDoc]) -> None:
    for note in notes:
        item = document.add_paragraph(style="List Bullet")
        item.add_run(note.text)
        if note.votes:
            item.add_run(f" (+{note.votes})")
        if note.is_goal_conflict:
            item.add_run(f" {_('Målkonflikt')}").bold = True
        if note.author:
            item.add_run(f" – {note.author}").italic = True


def _session(document: Any, session: SessionDoc) -> None:
    document.add_heading(session.exercise_title, level=2)
    _markdown(document, session.instruction, top_heading=3)
    for step in session.steps:
        document.add_paragraph(step, style="List Number")
    for group in session.groups:
        _group(document, group)


def _workshop(document: Any, workshop: WorkshopDoc, synthesis: PublicSynthesis | None) -> None:
    document.add_heading(
        _("Workshop %(number)s. %(title)s") % {"number": workshop.number, "title": workshop.title},
        level=1,
    )
    facts = " · ".join(filter(None, (workshop.date_text, workshop.format, workshop.place)))
    document.add_paragraph(facts).runs[0].italic = True
    if workshop.agenda_as_run:
        document.add_heading(_("Agendan som den genomfördes"), level=2)
        _markdown(document, workshop.agenda_as_run, top_heading=3)
    if workshop.conclusions:
        document.add_heading(_("Slutsatser"), level=2)
        _markdown(document, workshop.conclusions, top_heading=3)
    if synthesis is not None:
        _synthesis(document, synthesis, title=_("Sammanställning"))
    if workshop.attachments:
        document.add_heading(_("Bilagor"), level=2)
        for attachment in workshop.attachments:
            document.add_paragraph(
                f"{attachment.title} ({attachment.filename})", style="List Bullet"
            )
        for attachment in workshop.attachments:
            if attachment.is_image:
                _picture(document, attachment.name, attachment.title)
    if workshop.recordings:
        document.add_heading(_("Inspelningar"), level=2)
        for recording in workshop.recordings:
            document.add_paragraph(f"{recording.title}: {recording.url}", style="List Bullet")
    for session in workshop.sessions:
        _session(document, session)


def documentation_docx(
    doc: ProjectDoc,
    out: IO[bytes],
    *,
    progress: Progress | None = None,
    syntheses: Syntheses | None = None,
) -> None:
    # Imported here: only this download needs python-docx.
    from docx import Document
    from docx.enum.text import WD_BREAK

    word = Document()
    _language(word)
    properties = word.core_properties
    properties.title = doc.full_title
    properties.author = doc.network
    properties.language = "sv-SE" if (get_language() or "sv").startswith("sv") else "en-GB"
    properties.created = timezone.now()
    document = _Writer(word)
    document.add_heading(doc.title, level=0)
    if doc.subtitle:
        document.add_paragraph(doc.subtitle, style="Subtitle")
    document.add_paragraph(doc.network)
    document.add_paragraph(
        _("Offentlig dokumentation")
        if doc.public
        else _("Fullständig dokumentation för kansliet, med det som inte är publikt")
    )
    _markdown(document, doc.intro, top_heading=2)
    syntheses = syntheses or {}
    if (project_synthesis := syntheses.get(None)) is not None:
        _synthesis(document, project_synthesis, title=_("Sammanställning av hela projektet"))
    total = len(doc.workshops) or 1
    for index, workshop in enumerate(doc.workshops):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _workshop(document, workshop, syntheses.get(workshop.number))
        if progress:
            progress(90 * (index + 1) // total, _("Skriver Word-dokumentet"))
    word.save(out)
    if progress:
        progress(100, _("Klar"))
