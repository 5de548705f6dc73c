"""Writes to learning projects and their programme. Views call these; nothing else saves."""

from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from larlabb.core.formatting import format_time_span
from larlabb.network.models import Network, Organisation, Person
from larlabb.programme.models import (
    Collaborator,
    LearningProject,
    ProgrammeBlock,
    ProjectContact,
    ProjectLeader,
    Workshop,
    WorkshopChange,
)

ERRORS: Final = {
    "publish_without_workshops": _("Lägg till minst en workshop innan projektet publiceras."),
    "block_in_use": _("Blocket används av en eller flera workshopar och kan inte tas bort."),
}

# The fields whose change a participant must hear about: time, place and form.
TRACKED_WORKSHOP_FIELDS: Final = ("starts_at", "ends_at", "format", "city", "venue", "address")


def _content_changed(project: LearningProject) -> None:
    """Mark the project's public content as changed, so cached pages render anew."""
    LearningProject.objects.filter(pk=project.pk).update(updated_at=timezone.now())


def project_create(*, network: Network, fields: Mapping[str, Any]) -> LearningProject:
    project = LearningProject(network=network, **fields)
    project.full_clean()
    project.save()
    return project


def project_update(*, project: LearningProject, fields: Mapping[str, Any]) -> LearningProject:
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    return project


def project_publish(*, project: LearningProject) -> LearningProject:
    if not project.workshops.exists():
        raise ValidationError(ERRORS["publish_without_workshops"], code="no_workshops")
    project.status = LearningProject.Status.PUBLISHED
    project.published_at = project.published_at or timezone.now()
    project.save(update_fields=["status", "published_at", "updated_at"])
    return project


def project_unpublish(*, project: LearningProject) -> LearningProject:
    project.status = LearningProject.Status.DRAFT
    project.save(update_fields=["status", "updated_at"])
    return project


def project_close(*, project: LearningProject) -> LearningProject:
    project.status = LearningProject.Status.CLOSED
    project.save(update_fields=["status", "updated_at"])
    return project


@transaction.atomic
def project_people_replace(
    *,
    project: LearningProject,
    leaders: Sequence[Mapping[str, Any]],
    contacts: Sequence[Mapping[str, Any]],
    collaborators: Sequence[str],
) -> None:
    """Replace leaders, contacts and collaborators with the given lists, in order.

    People are matched on name and e-mail so a person who leads one project and is a contact
    in another stays one Person.
    """
    project.leaders.all().delete()
    for position, leader in enumerate(leaders):
        person = _person_for(
            name=leader["name"],
            email=leader.get("email", ""),
            organisation=leader.get("organisation"),
        )
        ProjectLeader.objects.create(
            project=project, person=person, role=leader["role"], position=position
        )
    project.contacts.all().delete()
    for position, contact in enumerate(contacts):
        person = _person_for(name=contact["name"], email=contact["email"], organisation=None)
        ProjectContact.objects.create(
            project=project, person=person, topic=contact["topic"], position=position
        )
    project.collaborators.all().delete()
    for position, name in enumerate(collaborators):
        Collaborator.objects.create(project=project, name=name, position=position)
    _content_changed(project)


def _person_for(*, name: str, email: str, organisation: Organisation | None) -> Person:
    person = Person.objects.filter(name=name, email=email).first() or Person(name=name, email=email)
    if organisation is not None or person.pk is None:
        person.organisation = organisation
    person.save()
    return person


def block_save(
    *, project: LearningProject, block: ProgrammeBlock | None, fields: Mapping[str, Any]
) -> ProgrammeBlock:
    block = block or ProgrammeBlock(project=project)
    for name, value in fields.items():
        setattr(block, name, value)
    block.full_clean()
    block.save()
    _content_changed(project)
    return block


def block_delete(*, block: ProgrammeBlock) -> None:
    if block.workshops.exists():
        raise ValidationError(ERRORS["block_in_use"], code="block_in_use")
    block.delete()
    _content_changed(block.project)


def workshop_create(*, project: LearningProject, fields: Mapping[str, Any]) -> Workshop:
    workshop = Workshop(project=project, **fields)
    workshop.full_clean()
    workshop.save()
    _content_changed(project)
    return workshop


def _describe(workshop: Workshop, field: str) -> str:
    if field in {"starts_at", "ends_at"}:
        return format_time_span(
            workshop.starts_at, workshop.ends_at, lunch_to_lunch=workshop.lunch_to_lunch
        )
    if field == "format":
        return str(workshop.get_format_display())
    return str(getattr(workshop, field) or "")


@transaction.atomic
def workshop_update(
    *,
    workshop: Workshop,
    fields: Mapping[str, Any],
    changed_by: AbstractBaseUser | None,
) -> Workshop:
    """Save a workshop; on a public project record each change of time, place or form.

    The calendar SEQUENCE rises with every recorded change so calendar programs that imported
    the .ics replace the event instead of keeping the old time.
    """
    before = Workshop.objects.get(pk=workshop.pk)
    for name, value in fields.items():
        setattr(workshop, name, value)
    workshop.full_clean()
    changed = [f for f in TRACKED_WORKSHOP_FIELDS if getattr(before, f) != getattr(workshop, f)]
    if changed and workshop.project.is_public:
        described: set[str] = set()
        for field in changed:
            # Start and end are shown as one time span: record it once.
            label = "time" if field in {"starts_at", "ends_at"} else field
            if label in described:
                continue
            described.add(label)
            WorkshopChange.objects.create(
                workshop=workshop,
                changed_by=changed_by,  # type: ignore[misc]
                field=label,
                old_value=_describe(before, field),
                new_value=_describe(workshop, field),
            )
        workshop.sequence += 1
    workshop.save()
    _content_changed(workshop.project)
    return workshop


def workshop_delete(*, workshop: Workshop) -> None:
    workshop.delete()
    _content_changed(workshop.project)


@transaction.atomic
def workshop_move(*, workshop: Workshop, offset: int) -> None:
    """Swap a workshop's number with its neighbour's (offset -1 earlier, +1 later)."""
    siblings = list(
        Workshop.objects.select_for_update().filter(project=workshop.project).order_by("number")
    )
    index = next(i for i, w in enumerate(siblings) if w.pk == workshop.pk)
    target = index + offset
    if not 0 <= target < len(siblings):
        return
    first, second = siblings[index], siblings[target]
    numbers = first.number, second.number
    # The unique (project, number) constraint forbids a direct swap: park one number first.
    parked = max(w.number for w in siblings) + 1
    Workshop.objects.filter(pk=first.pk).update(number=parked)
    Workshop.objects.filter(pk=second.pk).update(number=numbers[0])
    Workshop.objects.filter(pk=first.pk).update(number=numbers[1])
    _content_changed(workshop.project)
