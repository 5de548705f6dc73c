"""Reads for the documentation pages. Whether something is public is decided in
`public_*` functions here and in content.py, and nowhere else."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

import msgspec
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from larlabb.documentation.content import (
    FROZEN_FORMAT,
    ProjectDoc,
    documentation_version,
    project_documentation,
    project_from_json,
    project_to_json,
)
from larlabb.documentation.models import Attachment, RecordingLink, WorkshopDocumentation
from larlabb.programme.models import LearningProject, Workshop
from larlabb.programme.selectors import PUBLIC_STATUSES
from larlabb.synthesis.presentation import Statement, synthesis_report
from larlabb.synthesis.selectors import approved_synthesis_for
from larlabb.workshops.models import Note, Session


@dataclass(frozen=True)
class DocumentationRow:
    """One workshop on the staff's documentation overview."""

    workshop: Workshop
    documentation: WorkshopDocumentation | None
    attachments: int
    recordings: int
    sessions: int
    notes: int

    @property
    def is_public(self) -> bool:
        return bool(self.documentation and self.documentation.is_public)

    @property
    def has_texts(self) -> bool:
        doc = self.documentation
        return bool(doc and (doc.agenda_as_run or doc.conclusions))


def documentation_rows_for_staff(*, project: LearningProject) -> list[DocumentationRow]:
    workshops = (
        project.workshops.select_related("block", "documentation")
        .annotate(
            attachment_count=Count("attachments", distinct=True),
            recording_count=Count("recording_links", distinct=True),
            session_count=Count("exercises__sessions", distinct=True),
        )
        .order_by("number")
    )
    note_counts = dict(
        Note.objects.filter(
            group__session__exercise__workshop__project=project, deleted_at__isnull=True
        )
        .values_list("group__session__exercise__workshop")
        .annotate(count=Count("pk"))
        .values_list("group__session__exercise__workshop", "count")
    )
    return [
        DocumentationRow(
            workshop=workshop,
            documentation=getattr(workshop, "documentation", None),
            attachments=workshop.attachment_count,
            recordings=workshop.recording_count,
            sessions=workshop.session_count,
            notes=note_counts.get(workshop.pk, 0),
        )
        for workshop in workshops
    ]


def workshop_for_staff(*, project: LearningProject, number: int) -> Workshop:
    workshop = (
        project.workshops.select_related("block")
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
            "recording_links",
        )
        .filter(number=number)
        .first()
    )
    if workshop is None:
        raise Http404("No such workshop.")
    return workshop


def sessions_of_workshop(*, workshop: Workshop) -> QuerySet[Session]:
    return (
        Session.objects.filter(exercise__workshop=workshop)
        .select_related("exercise")
        .annotate(
            group_count=Count("groups", distinct=True),
            note_count=Count("groups__notes", filter=Q(groups__notes__deleted_at=None)),
        )
        .order_by("created_at", "pk")
    )


# Ten minutes, as the programme's pages: the version moves with every change to the content,
# and the time limit bounds how long a name changed elsewhere (an erasure) can linger.
DOCUMENTATION_CACHE_SECONDS: Final = 600


def documentation_cache_key(*, project: LearningProject, public: bool) -> str:
    version = documentation_version(project=project)
    return f"documentation:{FROZEN_FORMAT}:{project.pk}:{int(public)}:{get_language()}:{version}"


def documentation_for_audience(*, project: LearningProject, public: bool) -> ProjectDoc:
    """The project's documentation (the content package) for one audience, kept in the cache
    under its version: a large project's read model takes seconds to build, and every page and
    search needs it.

    The cache holds the frozen JSON rather than pickled structs, so an entry written before the
    model changed is checked, found not to fit and built again instead of failing the page."""
    key = documentation_cache_key(project=project, public=public)
    cached = cache.get(key)
    if cached is not None:
        try:
            return project_from_json(cached)
        except msgspec.ValidationError:
            pass
    doc = project_documentation(project=project, public=public)
    cache.set(key, project_to_json(doc), timeout=DOCUMENTATION_CACHE_SECONDS)
    return doc


def public_project(*, slug: str) -> LearningProject:
    """A project whose documentation the public may read: published or closed."""
    project = (
        LearningProject.objects.select_related("network")
        .filter(slug=slug, status__in=PUBLIC_STATUSES)
        .first()
    )
    if project is None:
        raise Http404("No such project.")
    return project


def public_workshop_numbers(*, project: LearningProject) -> list[int]:
    return list(
        project.workshops.filter(documentation__is_public=True)
        .order_by("number")
        .values_list("number", flat=True)
    )


def project_has_public_documentation(*, project: LearningProject) -> bool:
    """Whether the project's public pages should point to its documentation."""
    return project.is_public and project.workshops.filter(documentation__is_public=True).exists()


def public_attachment(*, slug: str, number: int, pk: int) -> Attachment:
    """An attachment anyone may download: public itself, of a public workshop documentation
    in a public project. Anything else is a 404, so private files cannot be probed for."""
    attachment = Attachment.objects.filter(
        pk=pk,
        is_public=True,
        workshop__number=number,
        workshop__project__slug=slug,
        workshop__project__status__in=PUBLIC_STATUSES,
        workshop__documentation__is_public=True,
    ).first()
    if attachment is None:
        raise Http404("No such attachment.")
    return attachment


def attachment_for_staff(*, workshop: Workshop, pk: int) -> Attachment:
    attachment = (
        Attachment.objects.select_related("workshop").filter(workshop=workshop, pk=pk).first()
    )
    if attachment is None:
        raise Http404("No such attachment.")
    return attachment


def recording_for_staff(*, workshop: Workshop, pk: int) -> RecordingLink:
    link = RecordingLink.objects.select_related("workshop").filter(workshop=workshop, pk=pk).first()
    if link is None:
        raise Http404("No such recording.")
    return link


# --- The approved synthesis, as the public may read it -----------------------------------------


@dataclass(frozen=True)
class Citation:
    number: int  # the note's number in the list of citations, as shown: [1], [2] …
    text: str
    url: str  # the note on the documentation page


@dataclass(frozen=True)
class PublicStatement:
    text: str
    citations: tuple[Citation, ...]

    @property
    def citation_numbers(self) -> str:
        """ "1, 3": the citations as a document without links shows them."""
        return ", ".join(str(citation.number) for citation in self.citations)


@dataclass(frozen=True)
class PublicTheme:
    label: str
    summary: tuple[PublicStatement, ...]
    summary_heading: str  # "Representativa lappar" unless a language model wrote a summary


@dataclass(frozen=True)
class PublicSynthesis:
    approved_at: datetime | None
    themes: tuple[PublicTheme, ...]
    conflicts: tuple[PublicStatement, ...]
    open_questions: tuple[PublicStatement, ...]
    good_examples: tuple[PublicStatement, ...]
    citations: tuple[Citation, ...]

    @property
    def lists(self) -> tuple[tuple[str, tuple[PublicStatement, ...]], ...]:
        """The lists after the themes, each under its heading, in the order every page and
        export shows them."""
        return (
            (_("Målkonflikter"), self.conflicts),
            (_("Goda exempel"), self.good_examples),
            (_("Öppna frågor"), self.open_questions),
        )


def public_synthesis(
    *,
    workshop: Workshop | None = None,
    project: LearningProject | None = None,
    visible_notes: Mapping[int, str],
) -> PublicSynthesis | None:
    """The synthesis staff approved for a workshop (or the whole project), with citations of
    only the notes in `visible_notes` (note id → its address on the public pages).

    Staff approved the statements' text for publication; the notes behind it may still lie
    on a hidden board, and a citation of such a note is left out rather than linked.
    """
    synthesis = approved_synthesis_for(workshop=workshop, project=project)
    if synthesis is None:
        return None
    report = synthesis_report(synthesis=synthesis)
    if report is None:
        return None
    numbers: dict[int, Citation] = {}

    def statement(item: Statement) -> PublicStatement:
        cited = []
        for note in item.notes:
            if note.pk not in visible_notes:
                continue
            if note.pk not in numbers:
                numbers[note.pk] = Citation(len(numbers) + 1, note.text, visible_notes[note.pk])
            cited.append(numbers[note.pk])
        return PublicStatement(text=item.text, citations=tuple(cited))

    themes = tuple(
        PublicTheme(
            label=theme.label.text,
            summary=tuple(statement(item) for item in theme.summary),
            summary_heading=theme.summary_heading,
        )
        for theme in report.themes
    )
    return PublicSynthesis(
        approved_at=synthesis.approved_at,
        themes=themes,
        conflicts=tuple(statement(view.statement) for view in report.explicit_conflicts),
        open_questions=tuple(statement(item) for item in report.open_questions),
        good_examples=tuple(
            statement(item)
            for item in report.good_examples
            if any(note.pk in visible_notes for note in item.notes)
        ),
        citations=tuple(numbers.values()),
    )
