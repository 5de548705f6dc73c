"""The documentation as Markdown: a zip with index.md, one file per workshop and images/."""

import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO

from django.utils.translation import gettext as _

from larlabb.core.markdown import markdown_source_safe, url_is_safe
from larlabb.documentation.content import GroupDoc, NoteDoc, ProjectDoc, SessionDoc, WorkshopDoc
from larlabb.documentation.export_common import (
    Progress,
    Syntheses,
    attachment_path,
    photo_path,
    stored_bytes,
    workshop_stem,
)
from larlabb.documentation.selectors import PublicStatement, PublicSynthesis

# Characters that would turn a participant's plain text into Markdown syntax.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!])")
_BULLET_START = re.compile(r"^(\s*)([-+])(\s)")
_NUMBER_START = re.compile(r"^(\s*)(\d+)\.(\s)")


def markdown_escape(text: str) -> str:
    """A note as literal text: every line escaped, so "# Rubrik" or "1. punkt" stay words."""
    lines = [_MARKDOWN_SPECIAL.sub(r"\\\1", line) for line in text.splitlines() or [""]]
    lines = [_BULLET_START.sub(r"\1\\\2\3", line) for line in lines]
    return "\n".join(_NUMBER_START.sub(r"\1\2\\.\3", line) for line in lines)


def _destination(url: str) -> str:
    """An address inside <…>: an angle bracket or line break in it would end the link early
    and let the rest be read as HTML."""
    return url.replace("<", "%3C").replace(">", "%3E").replace("\n", "%0A").replace("\r", "%0D")


def _list_item(text: str) -> str:
    # Continuation lines are indented to stay inside the list item.
    return "- " + text.replace("\n", "\n  ")


def _workshop_heading(workshop: WorkshopDoc) -> str:
    return _("Workshop %(number)s. %(title)s") % {
        "number": workshop.number,
        "title": workshop.title,
    }


def _group_lines(workshop: WorkshopDoc, session: SessionDoc, group: GroupDoc) -> Iterator[str]:
    yield f"### {_('Grupp %(number)d') % {'number': group.number}}\n"
    if group.leader:
        yield _("Gruppledare: %(name)s") % {"name": markdown_escape(group.leader)} + "\n"
    for index, photo in enumerate(group.photos):
        path = photo_path(workshop, session, group, index)
        yield f"![{markdown_escape(photo.description)}]({path})\n"
    for frame in group.frames:
        yield f"#### {markdown_escape(frame.title)}\n"
        if not frame.notes:
            yield f"*{_('Inga lappar.')}*\n"
            continue
        grouped = frame.grouped_notes()
        for note_group, notes in grouped:
            yield f"##### {markdown_escape(_('Grupp: %(name)s') % {'name': note_group.title})}\n"
            yield _note_list(notes)
        if ungrouped := frame.ungrouped_notes:
            if grouped:
                yield f"##### {_('Lappar utan grupp')}\n"
            yield _note_list(ungrouped)


def _note_list(notes: Iterable[NoteDoc]) -> str:
    items = []
    for note in notes:
        line = markdown_escape(note.text)
        if note.votes:
            line += f" (+{note.votes})"
        if note.is_goal_conflict:
            line += f" **{_('Målkonflikt')}**"
        if note.author:
            line += f" – *{markdown_escape(note.author)}*"
        items.append(_list_item(line))
    return "\n".join(items) + "\n"


def _statements(
    title: str, statements: tuple[PublicStatement, ...], *, subheading: str = ""
) -> list[str]:
    if not statements:
        return []
    items = []
    for statement in statements:
        numbers = statement.citation_numbers
        text = markdown_escape(statement.text)
        items.append(f"- {text} [{numbers}]" if numbers else f"- {text}")
    heading = [f"### {markdown_escape(title)}\n"]
    if subheading:
        heading.append(f"#### {markdown_escape(subheading)}\n")
    return [*heading, "\n".join(items) + "\n"]


def synthesis_markdown(synthesis: PublicSynthesis, *, title: str) -> list[str]:
    lines = [f"## {title}\n"]
    for theme in synthesis.themes:
        lines += _statements(theme.label, theme.summary, subheading=theme.summary_heading)
    for heading, statements in synthesis.lists:
        lines += _statements(heading, statements)
    if synthesis.citations:
        lines.append(f"### {_('Källor')}\n")
        lines.append(
            "\n".join(f"{c.number}. {markdown_escape(c.text)}" for c in synthesis.citations) + "\n"
        )
    return lines


def workshop_markdown(workshop: WorkshopDoc, synthesis: PublicSynthesis | None = None) -> str:
    lines = [f"# {markdown_escape(_workshop_heading(workshop))}\n"]
    facts = " · ".join(
        part for part in (workshop.date_text, workshop.format, workshop.place) if part
    )
    lines.append(f"*{markdown_escape(facts)}*\n")
    if workshop.agenda_as_run:
        lines += [
            f"## {_('Agendan som den genomfördes')}\n",
            markdown_source_safe(workshop.agenda_as_run.strip()) + "\n",
        ]
    if workshop.conclusions:
        lines += [
            f"## {_('Slutsatser')}\n",
            markdown_source_safe(workshop.conclusions.strip()) + "\n",
        ]
    if synthesis is not None:
        lines += synthesis_markdown(synthesis, title=_("Sammanställning"))
    if workshop.attachments:
        lines.append(f"## {_('Bilagor')}\n")
        items = []
        for attachment in workshop.attachments:
            title = markdown_escape(attachment.title)
            if attachment.is_image:
                path = attachment_path(workshop, attachment, folder="images")
                items.append(f"- ![{title}](<{path}>)")
            else:
                items.append(f"- {title} ({markdown_escape(attachment.filename)})")
        lines.append("\n".join(items) + "\n")
    if workshop.recordings:
        lines.append(f"## {_('Inspelningar')}\n")
        lines.append(
            "\n".join(
                f"- [{markdown_escape(r.title)}](<{_destination(r.url)}>)"
                if url_is_safe(r.url)
                else f"- {markdown_escape(r.title)}"
                for r in workshop.recordings
            )
            + "\n"
        )
    for session in workshop.sessions:
        lines.append(f"## {markdown_escape(session.exercise_title)}\n")
        if session.instruction:
            lines.append(markdown_source_safe(session.instruction.strip()) + "\n")
        if session.steps:
            lines.append(
                "\n".join(f"{i}. {markdown_escape(s)}" for i, s in enumerate(session.steps, 1))
                + "\n"
            )
        for group in session.groups:
            lines.extend(_group_lines(workshop, session, group))
    return "\n".join(lines)


def index_markdown(doc: ProjectDoc, synthesis: PublicSynthesis | None = None) -> str:
    lines = [f"# {markdown_escape(doc.full_title)}\n", f"*{markdown_escape(doc.network)}*\n"]
    if doc.intro:
        lines.append(markdown_source_safe(doc.intro.strip()) + "\n")
    if synthesis is not None:
        lines += synthesis_markdown(synthesis, title=_("Sammanställning av hela projektet"))
    lines.append(f"## {_('Workshopar')}\n")
    if doc.workshops:
        lines.append(
            "\n".join(
                f"- [{markdown_escape(_workshop_heading(w))}]({workshop_stem(w)}.md)"
                f" – {markdown_escape(w.date_text)}"
                for w in doc.workshops
            )
            + "\n"
        )
    else:
        lines.append(f"*{_('Ingen workshop är dokumenterad ännu.')}*\n")
    return "\n".join(lines)


def markdown_entries(
    doc: ProjectDoc, syntheses: Syntheses | None = None
) -> Iterator[tuple[str, bytes]]:
    """Every file of the Markdown export as (path, bytes), for this zip and the archive's."""
    syntheses = syntheses or {}
    yield "index.md", index_markdown(doc, syntheses.get(None)).encode()
    for workshop in doc.workshops:
        text = workshop_markdown(workshop, syntheses.get(workshop.number))
        yield f"{workshop_stem(workshop)}.md", text.encode()
        for attachment in workshop.attachments:
            if attachment.is_image and (data := stored_bytes(attachment.name)) is not None:
                yield attachment_path(workshop, attachment, folder="images"), data
        for session in workshop.sessions:
            for group in session.groups:
                for index, photo in enumerate(group.photos):
                    if (data := stored_bytes(photo.name)) is not None:
                        yield photo_path(workshop, session, group, index), data


def documentation_markdown_zip(
    doc: ProjectDoc,
    out: IO[bytes],
    *,
    progress: Progress | None = None,
    syntheses: Syntheses | None = None,
) -> None:
    total = 2 + len(doc.workshops)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, (path, data) in enumerate(markdown_entries(doc, syntheses), start=1):
            # Images are compressed already; deflating them again only costs time.
            kind = zipfile.ZIP_STORED if path.startswith("images/") else zipfile.ZIP_DEFLATED
            archive.writestr(path, data, compress_type=kind)
            if progress and path.endswith(".md"):
                progress(min(99, 100 * done // total), _("Skriver Markdown"))
    if progress:
        progress(100, _("Klar"))
