from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, Count, Prefetch, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from larlabb.network.models import Network
from larlabb.programme.models import (
    BudgetLine,
    LearningProject,
    ProgrammeBlock,
    ProjectContact,
    ProjectLeader,
    Workshop,
)

PUBLIC_STATUSES = (LearningProject.Status.PUBLISHED, LearningProject.Status.CLOSED)


@dataclass(frozen=True)
class ProgrammeSection:
    """A programme block with the workshops that share its text, in programme order."""

    block: ProgrammeBlock
    workshops: list[Workshop]

    @property
    def numbers_label(self) -> str:
        numbers = [w.number for w in self.workshops]
        if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"{numbers[0]}–{numbers[-1]}"
        return ", ".join(str(n) for n in numbers)


def _workshops_prefetch() -> Prefetch[str, QuerySet[Workshop], str]:
    return Prefetch(
        "workshops", queryset=Workshop.objects.select_related("block").prefetch_related("changes")
    )


def _project_queryset() -> QuerySet[LearningProject]:
    return LearningProject.objects.select_related("network").prefetch_related(
        _workshops_prefetch(),
        Prefetch(
            "leaders",
            queryset=ProjectLeader.objects.select_related("person", "person__organisation"),
        ),
        Prefetch("contacts", queryset=ProjectContact.objects.select_related("person")),
        "collaborators",
    )


def projects_for_public(*, network: Network) -> QuerySet[LearningProject]:
    """Published and closed projects with their workshops: open ones first, newest first."""
    return (
        network.projects.filter(status__in=PUBLIC_STATUSES)
        .prefetch_related(_workshops_prefetch())
        .alias(
            open_first=Case(
                When(status=LearningProject.Status.PUBLISHED, then=Value(0)), default=Value(1)
            )
        )
        .order_by("open_first", "-registration_deadline", "title")
    )


def projects_for_staff(*, network: Network) -> QuerySet[LearningProject]:
    """Every project of the network with its number of workshops: open ones first."""
    return network.projects.annotate(
        workshop_count=Count("workshops"),
        status_order=Case(
            When(status=LearningProject.Status.PUBLISHED, then=Value(0)),
            When(status=LearningProject.Status.DRAFT, then=Value(1)),
            default=Value(2),
        ),
    ).order_by("status_order", "-registration_deadline", "title")


def project_for_staff(*, slug: str) -> LearningProject:
    project = LearningProject.objects.select_related("network").filter(slug=slug).first()
    if project is None:
        raise Http404("No such project.")
    return project


def workshops_for_staff(*, project: LearningProject) -> QuerySet[Workshop]:
    return project.workshops.select_related("block").prefetch_related("changes")


def budget_lines_for_project(*, project: LearningProject) -> QuerySet[BudgetLine]:
    return project.budget_lines.all()


def project_for_viewer(*, slug: str, viewer_is_staff: bool) -> LearningProject:
    """A project as a public page shows it; staff may preview drafts."""
    queryset = _project_queryset()
    if not viewer_is_staff:
        queryset = queryset.filter(status__in=PUBLIC_STATUSES)
    project = queryset.filter(slug=slug).first()
    if project is None:
        raise Http404("No such project.")
    return project


def programme_sections(*, project: LearningProject) -> list[ProgrammeSection]:
    """Group the (prefetched) workshops by their text block, ordered by first workshop."""
    sections: dict[int, ProgrammeSection] = {}
    for workshop in project.workshops.all():
        section = sections.get(workshop.block_id)
        if section is None:
            sections[workshop.block_id] = ProgrammeSection(block=workshop.block, workshops=[])
            section = sections[workshop.block_id]
        section.workshops.append(workshop)
    return list(sections.values())


def workshop_in_project(*, project: LearningProject, number: int) -> Workshop:
    for workshop in project.workshops.all():
        if workshop.number == number:
            return workshop
    raise Http404("No such workshop.")


def project_span(*, project: LearningProject) -> tuple[datetime, datetime] | None:
    workshops = list(project.workshops.all())
    if not workshops:
        return None
    return min(w.starts_at for w in workshops), max(w.ends_at for w in workshops)


def project_content_version(*, project: LearningProject, registration_open: bool) -> str:
    """A key that changes whenever anything a public project page shows changes.

    Every programme service marks the project as changed; workshops carry their own time
    stamp, the network its texts'. Status and whether registration is open are part of it.
    """
    stamps = [project.updated_at, project.network.texts_updated_at]
    stamps += [workshop.updated_at for workshop in project.workshops.all()]
    newest = max(stamps).timestamp()
    return f"{project.pk}-{project.status}-{int(registration_open)}-{newest}"


def registration_is_open(*, project: LearningProject, today: date | None = None) -> bool:
    """Open until the end of the deadline day in Europe/Stockholm."""
    today = today or timezone.localdate()
    return project.status == LearningProject.Status.PUBLISHED and today <= (
        project.registration_deadline
    )
