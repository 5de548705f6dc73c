"""Writes to learning projects and their programme. Views call these; nothing else saves."""

from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from larlabb.core.formatting import format_time_span
from larlabb.network.models import Network, Organisation, Person
from larlabb.programme.models import (
    BudgetLine,
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
    "publish_without_deadline": _(
        "Ange sista anmälningsdag under ”Uppgifter och texter” innan projektet publiceras."
    ),
    "close_unpublished": _("Bara ett publicerat projekt kan avslutas."),
    "block_in_use": _("Blocket används av en eller flera workshopar och kan inte tas bort."),
}

# The rules for a project's and a workshop's fields. Each error is keyed by the model field
# it concerns, so a form shows it beside that field (core.service_errors).
SLUG_TAKEN: Final = _("Det kortnamnet används redan av ett annat projekt.")
SLUG_FROM_TITLE_TAKEN: Final = _(
    "Kortnamnet ”%(slug)s” som titeln ger används redan. Skriv ett eget."
)
SLUG_FROM_TITLE_EMPTY: Final = _("Skriv ett kortnamn med bokstäverna a–z, siffror och -.")
PARTICIPANTS_OUT_OF_RANGE: Final = _("Ange ett antal från 1 till 4.")
PARTICIPANTS_MAX_BELOW_MIN: Final = _("Högsta antalet kan inte vara lägre än lägsta antalet.")
MIN_ORGANISATIONS_TOO_LOW: Final = _("Ange minst 1 organisation.")
DEADLINE_AFTER_FIRST_WORKSHOP: Final = _(
    "Sista anmälningsdag kan inte vara efter första workshopen, %(date)s."
)
WORKSHOP_NUMBER_TOO_LOW: Final = _("Numret måste vara 1 eller högre.")
WORKSHOP_NUMBER_TAKEN: Final = _("Det finns redan en workshop med det numret.")
WORKSHOP_ENDS_BEFORE_START: Final = _("Slutet måste komma efter starten.")
WORKSHOP_BEFORE_DEADLINE: Final = _(
    "Workshopen kan inte vara före sista anmälningsdag, %(date)s. Ändra datumet, eller sista "
    "anmälningsdag under ”Uppgifter och texter”."
)
# A project's participants per organisation: the registration form has at most four rows.
PARTICIPANT_LIMITS: Final = range(1, 5)
PROJECT_RULE_FIELDS: Final = (
    "slug",
    "title",
    "min_participants_per_organisation",
    "max_participants_per_organisation",
    "min_organisations",
    "registration_deadline",
)
WORKSHOP_RULE_FIELDS: Final = ("number", "starts_at", "ends_at")

# The fields whose change a participant must hear about: time, place and form.
TRACKED_WORKSHOP_FIELDS: Final = ("starts_at", "ends_at", "format", "city", "venue", "address")


def _content_changed(project: LearningProject) -> None:
    """Mark the project's public content as changed, so cached pages render anew."""
    LearningProject.objects.filter(pk=project.pk).update(updated_at=timezone.now())


def _slug_from_title(title: str) -> str:
    return slugify(title)[:80].strip("-")


def _errors_raise(errors: dict[str, ValidationError]) -> None:
    if errors:
        raise ValidationError(errors)


def project_check(*, fields: Mapping[str, Any], project: LearningProject | None = None) -> None:
    """The rules a project's fields must keep, each error keyed by its field.

    A rule whose fields are missing is skipped: a form passes what it could read, so the
    person sees every broken rule at once. An empty slug is taken from the title.
    """
    errors: dict[str, ValidationError] = {}
    if "slug" in fields:
        typed = fields["slug"]
        slug = typed or _slug_from_title(fields.get("title") or "")
        others = LearningProject.objects.all()
        if project is not None:
            others = others.exclude(pk=project.pk)
        if not slug and fields.get("title"):
            errors["slug"] = ValidationError(SLUG_FROM_TITLE_EMPTY, code="slug_empty")
        elif slug and others.filter(slug=slug).exists():
            errors["slug"] = (
                ValidationError(SLUG_TAKEN, code="slug_taken")
                if typed
                else ValidationError(
                    SLUG_FROM_TITLE_TAKEN, code="slug_taken", params={"slug": slug}
                )
            )
    limits = {}
    for name in ("min_participants_per_organisation", "max_participants_per_organisation"):
        if fields.get(name) is not None:
            if fields[name] in PARTICIPANT_LIMITS:
                limits[name] = fields[name]
            else:
                errors[name] = ValidationError(PARTICIPANTS_OUT_OF_RANGE, code="out_of_range")
    if (
        len(limits) == 2
        and limits["min_participants_per_organisation"]
        > limits["max_participants_per_organisation"]
    ):
        errors["max_participants_per_organisation"] = ValidationError(
            PARTICIPANTS_MAX_BELOW_MIN, code="max_below_min"
        )
    if fields.get("min_organisations") is not None and fields["min_organisations"] < 1:
        errors["min_organisations"] = ValidationError(MIN_ORGANISATIONS_TOO_LOW, code="too_low")
    deadline = fields.get("registration_deadline")
    first = project.workshops.order_by("starts_at").first() if project and project.pk else None
    if deadline is not None and first is not None:
        first_day = timezone.localdate(first.starts_at)
        if deadline > first_day:
            errors["registration_deadline"] = ValidationError(
                DEADLINE_AFTER_FIRST_WORKSHOP,
                code="deadline_after_workshop",
                params={"date": date_format(first_day, "j F Y")},
            )
    _errors_raise(errors)


def _project_save(project: LearningProject) -> LearningProject:
    project.full_clean()
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError:
        # Another project took the slug between the check and this save.
        raise ValidationError({"slug": ValidationError(SLUG_TAKEN, code="slug_taken")}) from None
    return project


def project_create(*, network: Network, fields: Mapping[str, Any]) -> LearningProject:
    fields = {"slug": "", **fields}
    project_check(fields=fields)
    project = LearningProject(network=network, **fields)
    project.slug = project.slug or _slug_from_title(project.title)
    return _project_save(project)


def project_update(*, project: LearningProject, fields: Mapping[str, Any]) -> LearningProject:
    stored = {name: getattr(project, name) for name in PROJECT_RULE_FIELDS}
    project_check(fields=stored | dict(fields), project=project)
    for name, value in fields.items():
        setattr(project, name, value)
    project.slug = project.slug or _slug_from_title(project.title)
    return _project_save(project)


def project_publish_problems(*, project: LearningProject) -> list[str]:
    """What stands between the project and publication, as messages for staff."""
    problems = []
    if not project.workshops.exists():
        problems.append(str(ERRORS["publish_without_workshops"]))
    if project.registration_deadline is None:
        problems.append(str(ERRORS["publish_without_deadline"]))
    return problems


def project_publish(*, project: LearningProject) -> LearningProject:
    """Publish a draft, or reopen a closed project; the first publication is time-stamped."""
    problems = project_publish_problems(project=project)
    if problems:
        raise ValidationError(problems, code="not_publishable")
    project.status = LearningProject.Status.PUBLISHED
    project.published_at = project.published_at or timezone.now()
    project.save(update_fields=["status", "published_at", "updated_at"])
    return project


def project_unpublish(*, project: LearningProject) -> LearningProject:
    """Back to draft: the public pages disappear, and a later publication is a new one."""
    project.status = LearningProject.Status.DRAFT
    project.published_at = None
    project.save(update_fields=["status", "published_at", "updated_at"])
    return project


def project_close(*, project: LearningProject) -> LearningProject:
    # A closed project stays public; closing a draft would publish it past the checks.
    if project.status != LearningProject.Status.PUBLISHED:
        raise ValidationError(ERRORS["close_unpublished"], code="not_published")
    project.status = LearningProject.Status.CLOSED
    project.save(update_fields=["status", "updated_at"])
    return project


@transaction.atomic
def project_people_replace(
    *,
    project: LearningProject,
    leaders: Sequence[Mapping[str, Any]],
    contacts: Sequence[Mapping[str, Any]],
    collaborators: Sequence[Mapping[str, Any]],
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
    for position, collaborator in enumerate(collaborators):
        Collaborator.objects.create(
            project=project,
            name=collaborator["name"],
            organisation=collaborator.get("organisation"),
            position=position,
        )
    _content_changed(project)


def _person_for(*, name: str, email: str, organisation: Organisation | None) -> Person:
    person = Person.objects.filter(name=name, email=email).first() or Person(name=name, email=email)
    if organisation is not None or person.pk is None:
        person.organisation = organisation
    person.save()
    return person


@transaction.atomic
def budget_lines_replace(*, project: LearningProject, lines: Sequence[Mapping[str, Any]]) -> None:
    """Replace the project's cost lines with the given ones, in order."""
    project.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(
            project=project, label=line["label"], amount_sek=line["amount_sek"], position=position
        )
        for position, line in enumerate(lines)
    )


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


def workshop_check(
    *, project: LearningProject, fields: Mapping[str, Any], workshop: Workshop | None = None
) -> None:
    """The rules a workshop's fields must keep, each error keyed by its field; a rule whose
    fields are missing is skipped, as in `project_check`."""
    errors: dict[str, ValidationError] = {}
    number = fields.get("number")
    if number is not None:
        others = project.workshops.all()
        if workshop is not None:
            others = others.exclude(pk=workshop.pk)
        if number < 1:
            errors["number"] = ValidationError(WORKSHOP_NUMBER_TOO_LOW, code="too_low")
        elif others.filter(number=number).exists():
            errors["number"] = ValidationError(WORKSHOP_NUMBER_TAKEN, code="taken")
    starts_at, ends_at = fields.get("starts_at"), fields.get("ends_at")
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = ValidationError(WORKSHOP_ENDS_BEFORE_START, code="ends_before_start")
    deadline = project.registration_deadline
    if starts_at is not None and deadline is not None and timezone.localdate(starts_at) < deadline:
        errors["starts_at"] = ValidationError(
            WORKSHOP_BEFORE_DEADLINE,
            code="before_deadline",
            params={"date": date_format(deadline, "j F Y")},
        )
    _errors_raise(errors)


def _workshop_save(workshop: Workshop) -> None:
    try:
        with transaction.atomic():
            workshop.save()
    except IntegrityError:
        # Another workshop took the number between the check and this save.
        raise ValidationError(
            {"number": ValidationError(WORKSHOP_NUMBER_TAKEN, code="taken")}
        ) from None


def workshop_create(*, project: LearningProject, fields: Mapping[str, Any]) -> Workshop:
    workshop_check(project=project, fields=fields)
    workshop = Workshop(project=project, **fields)
    workshop.full_clean()
    _workshop_save(workshop)
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
    *, workshop: Workshop, fields: Mapping[str, Any], changed_by: User | None
) -> Workshop:
    """Save a workshop; on a public project record each change of time, place or form.

    The calendar SEQUENCE rises with every recorded change so calendar programs that imported
    the .ics replace the event instead of keeping the old time.
    """
    before = Workshop.objects.select_related("project").get(pk=workshop.pk)
    stored = {name: getattr(before, name) for name in WORKSHOP_RULE_FIELDS}
    workshop_check(project=before.project, fields=stored | dict(fields), workshop=workshop)
    for name, value in fields.items():
        setattr(workshop, name, value)
    workshop.full_clean()
    changed = [f for f in TRACKED_WORKSHOP_FIELDS if getattr(before, f) != getattr(workshop, f)]
    if changed and before.project.is_public:
        recorded: set[str] = set()
        # The log is read by Swedish participants whatever language the editor uses.
        with translation.override("sv"):
            for field in changed:
                # Start and end are shown as one time span: record it once.
                name = WorkshopChange.TIME if field in {"starts_at", "ends_at"} else field
                if name in recorded:
                    continue
                recorded.add(name)
                WorkshopChange.objects.create(
                    workshop=workshop,
                    changed_by=changed_by,
                    field=name,
                    old_value=_describe(before, field),
                    new_value=_describe(workshop, field),
                )
        workshop.sequence += 1
    _workshop_save(workshop)
    _content_changed(workshop.project)
    return workshop


def workshop_delete(*, workshop: Workshop) -> None:
    workshop.delete()
    _content_changed(workshop.project)


@transaction.atomic
def workshop_move(*, workshop: Workshop, offset: int) -> Workshop:
    """Swap a workshop's number with its neighbour's (offset -1 earlier, +1 later).

    Returns the workshop with its new number; at either end of the programme nothing moves.
    """
    siblings = list(
        Workshop.objects.select_for_update().filter(project=workshop.project).order_by("number")
    )
    index = next(i for i, w in enumerate(siblings) if w.pk == workshop.pk)
    target = index + offset
    if not 0 <= target < len(siblings):
        return siblings[index]
    first, second = siblings[index], siblings[target]
    numbers = first.number, second.number
    # The unique (project, number) constraint forbids a direct swap: park one number first.
    parked = siblings[-1].number + 1
    Workshop.objects.filter(pk=first.pk).update(number=parked)
    Workshop.objects.filter(pk=second.pk).update(number=numbers[0], updated_at=timezone.now())
    Workshop.objects.filter(pk=first.pk).update(number=numbers[1], updated_at=timezone.now())
    _content_changed(workshop.project)
    first.number = numbers[1]
    return first
