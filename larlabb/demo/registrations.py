"""An open copy of the seed project, with organisations registered at different steps.

The seed project's deadline (14 August 2024) has passed, so it stays closed as published. The
copy moves its whole programme ahead by the fewest whole years that put the deadline on or
after today, so a newcomer can register, approve and manage a group in `make run`. A year is
counted in whole weeks (52 or 53, whichever lands nearer the same date), so every workshop
keeps its weekday: a Tuesday workshop in the seed is a Tuesday workshop in the copy, never a
weekend. Its texts name the years of the programme, so those move too.

Loading is idempotent: a registration is found by its fixed submission key and only moved
along when it is still at the step before, and a participant answers for a workshop only if
they have not yet; what a newcomer did in the demo stays.
"""

import re
from datetime import date, datetime, timedelta
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from larlabb.demo import seed_invitation
from larlabb.network.models import Network, Organisation
from larlabb.programme.models import (
    BudgetLine,
    Collaborator,
    LearningProject,
    ProgrammeBlock,
    ProjectContact,
    ProjectLeader,
    Workshop,
)
from larlabb.registration.models import (
    OrganisationRegistration,
    Participant,
    WorkshopRules,
    WorkshopSignup,
)
from larlabb.registration.services import (
    InvoiceData,
    ParticipantData,
    RegistrationData,
    registration_confirm,
    registration_decline,
    registration_submit,
    registration_withdraw,
)
from larlabb.registration.signups import SignupAnswer, workshop_signup_answer

STOCKHOLM: Final = ZoneInfo("Europe/Stockholm")
DEMO_SLUG: Final = "hallbara-livsmiljoer-demo"

_TEXT_FIELDS: Final = (
    "title",
    "subtitle",
    "lead",
    "background",
    "about",
    "purpose",
    "expected_results",
    "target_group",
    "way_of_working",
    "leadership",
    "programme_intro",
    "registration_info",
    "costs_note",
    "documentation_info",
)
_COPIED_FIELDS: Final = (
    "fee_sek",
    "min_organisations",
    "min_participants_per_organisation",
    "max_participants_per_organisation",
    "programme_is_preliminary",
)
_WORKSHOP_FIELDS: Final = (
    "title",
    "format",
    "lunch_to_lunch",
    "city",
    "venue",
    "address",
    "is_preliminary",
    "note",
)


class DemoRegistration(NamedTuple):
    organisation: str
    new_organisation_kind: str
    step: str
    contact: tuple[str, str, str, str]
    manager: tuple[str, str]
    organisation_number: str
    invoice_address: str
    invoice_reference: str
    participants: tuple[tuple[str, str, str], ...]


CONFIRMED: Final = "confirmed"
CONFIRMED_BY_STAFF: Final = "confirmed_by_staff"
AWAITING_APPROVAL: Final = "awaiting_approval"
AWAITING_ORGANISATION: Final = "awaiting_organisation"
DECLINED: Final = "declined"
WITHDRAWN: Final = "withdrawn"

REGISTRATIONS: Final[tuple[DemoRegistration, ...]] = (
    DemoRegistration(
        "Region Östergötland",
        "",
        CONFIRMED,
        ("Karin Holm", "karin.holm@ostergotland.example", "010-103 00 00", "Strateg"),
        ("Per Lindqvist", "per.lindqvist@ostergotland.example"),
        "232100-0040",
        "Region Östergötland\nRegional utveckling\n581 91 Linköping",
        "Karin Holm, kostnadsställe 4410",
        (
            ("Karin Holm", "karin.holm@ostergotland.example", "Strateg"),
            ("Ahmed Nasser", "ahmed.nasser@ostergotland.example", "Samhällsplanerare"),
            ("Lena Berg", "lena.berg@ostergotland.example", "Folkhälsostrateg"),
        ),
    ),
    DemoRegistration(
        "Region Skåne",
        "",
        CONFIRMED_BY_STAFF,
        ("Johan Ek", "johan.ek@skane.example", "044-309 30 00", "Utvecklingsledare"),
        ("Maria Sandberg", "maria.sandberg@skane.example"),
        "232100-0255",
        "Region Skåne\nFakturaskanning\nBox 1\n291 21 Kristianstad",
        "Johan Ek",
        (
            ("Johan Ek", "johan.ek@skane.example", "Utvecklingsledare"),
            ("Sofia Lund", "sofia.lund@skane.example", "Kulturstrateg"),
        ),
    ),
    DemoRegistration(
        "Region Västerbotten",
        "",
        AWAITING_APPROVAL,
        ("Erik Nilsson", "erik.nilsson@vasterbotten.example", "090-785 70 00", "Planerare"),
        ("Anna Öberg", "anna.oberg@vasterbotten.example"),
        "232100-0222",
        "Region Västerbotten\n901 89 Umeå",
        "Erik Nilsson, projekt 77",
        (
            ("Erik Nilsson", "erik.nilsson@vasterbotten.example", "Planerare"),
            ("Maja Lindgren", "maja.lindgren@vasterbotten.example", "Miljöstrateg"),
            ("Oskar Berg", "oskar.berg@vasterbotten.example", "Analytiker"),
            ("Ida Strand", "ida.strand@vasterbotten.example", "Jämställdhetsstrateg"),
        ),
    ),
    DemoRegistration(
        "Tillväxtverket",
        "",
        DECLINED,
        ("Sara Åkesson", "sara.akesson@tillvaxtverket.example", "08-681 91 00", "Handläggare"),
        ("Mats Engström", "mats.engstrom@tillvaxtverket.example"),
        "202100-5489",
        "Tillväxtverket\nFE 6\n838 73 Frösön",
        "Sara Åkesson",
        (("Sara Åkesson", "sara.akesson@tillvaxtverket.example", "Handläggare"),),
    ),
    DemoRegistration(
        "Boverket",
        "",
        WITHDRAWN,
        ("David Holmberg", "david.holmberg@boverket.example", "0455-35 30 00", "Arkitekt"),
        ("Eva Nyström", "eva.nystrom@boverket.example"),
        "202100-4227",
        "Boverket\nBox 534\n371 23 Karlskrona",
        "David Holmberg",
        (("David Holmberg", "david.holmberg@boverket.example", "Arkitekt"),),
    ),
    DemoRegistration(
        "Mälardalsrådet",
        Organisation.Kind.OTHER,
        AWAITING_ORGANISATION,
        ("Linnea Falk", "linnea.falk@malardalsradet.example", "08-700 00 00", "Samordnare"),
        ("Henrik Sjöberg", "henrik.sjoberg@malardalsradet.example"),
        "802004-1235",
        "Mälardalsrådet\nBox 1\n111 11 Stockholm",
        "Linnea Falk",
        (
            ("Linnea Falk", "linnea.falk@malardalsradet.example", "Samordnare"),
            ("Nils Dahl", "nils.dahl@malardalsradet.example", "Utredare"),
        ),
    ),
)


def demo_registrations_load(*, network: Network, today: date | None = None) -> LearningProject:
    seed = LearningProject.objects.get(slug=seed_invitation.SLUG)
    staff_user = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    today = today or timezone.localdate()
    years, weeks = years_ahead(deadline=seed.registration_deadline, today=today)
    project = _open_copy(seed=seed, network=network, years=years, weeks=weeks)
    for number, spec in enumerate(REGISTRATIONS):
        _registration_load(project=project, spec=spec, number=number, staff_user=staff_user)
    _signups_load(project=project)
    return project


def _weeks_in_years(day: date, years: int) -> int:
    """The whole weeks that come nearest to `years` calendar years after `day`."""
    try:
        same_date = day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        same_date = day.replace(year=day.year + years, day=28)
    return round((same_date - day).days / 7)


def years_ahead(*, deadline: date, today: date) -> tuple[int, int]:
    """The fewest whole years (at least one) that put `deadline` on or after `today`, and
    those years as whole weeks: the shift that keeps every date on its weekday."""
    years = max(1, today.year - deadline.year)
    while deadline + timedelta(weeks=_weeks_in_years(deadline, years)) < today:
        years += 1
    return years, _weeks_in_years(deadline, years)


def _shift_moment(moment: datetime, weeks: int) -> datetime:
    # The same wall-clock time in Stockholm, whichever side of summer time it falls.
    local = moment.astimezone(STOCKHOLM)
    shifted = local.date() + timedelta(weeks=weeks)
    return datetime.combine(shifted, local.time(), tzinfo=STOCKHOLM)


def _shift_texts(text: str, years: int, programme_years: set[int]) -> str:
    pattern = r"\b(" + "|".join(str(year) for year in sorted(programme_years)) + r")\b"
    return re.sub(pattern, lambda match: str(int(match.group(1)) + years), text)


def _open_copy(
    *, seed: LearningProject, network: Network, years: int, weeks: int
) -> LearningProject:
    workshops = list(seed.workshops.select_related("block").order_by("number"))
    programme_years = {seed.registration_deadline.year}
    programme_years |= {w.starts_at.astimezone(STOCKHOLM).year for w in workshops}
    programme_years |= {w.ends_at.astimezone(STOCKHOLM).year for w in workshops}
    defaults: dict[str, object] = {
        field: _shift_texts(getattr(seed, field), years, programme_years) for field in _TEXT_FIELDS
    }
    defaults.update({field: getattr(seed, field) for field in _COPIED_FIELDS})
    defaults.update(
        network=network,
        registration_deadline=seed.registration_deadline + timedelta(weeks=weeks),
        status=LearningProject.Status.PUBLISHED,
        is_demo=True,
    )
    project, _ = LearningProject.objects.update_or_create(slug=DEMO_SLUG, defaults=defaults)
    if project.published_at is None:
        project.published_at = timezone.now()
        project.save(update_fields=["published_at"])
    _copy_people(seed=seed, project=project)
    blocks: dict[int, ProgrammeBlock] = {}
    for workshop in workshops:
        source = workshop.block
        if source.pk not in blocks:
            block = project.blocks.filter(title=source.title).first() or ProgrammeBlock(
                project=project, title=source.title
            )
            block.intro = _shift_texts(source.intro, years, programme_years)
            block.agenda = _shift_texts(source.agenda, years, programme_years)
            block.save()
            blocks[source.pk] = block
        Workshop.objects.update_or_create(
            project=project,
            number=workshop.number,
            defaults={
                **{field: getattr(workshop, field) for field in _WORKSHOP_FIELDS},
                "block": blocks[source.pk],
                "starts_at": _shift_moment(workshop.starts_at, weeks),
                "ends_at": _shift_moment(workshop.ends_at, weeks),
            },
        )
    return project


def _copy_people(*, seed: LearningProject, project: LearningProject) -> None:
    project.leaders.all().delete()
    ProjectLeader.objects.bulk_create(
        ProjectLeader(project=project, person=leader.person, role=leader.role, position=i)
        for i, leader in enumerate(seed.leaders.all())
    )
    project.contacts.all().delete()
    ProjectContact.objects.bulk_create(
        ProjectContact(project=project, person=contact.person, topic=contact.topic, position=i)
        for i, contact in enumerate(seed.contacts.all())
    )
    project.collaborators.all().delete()
    Collaborator.objects.bulk_create(
        Collaborator(project=project, name=c.name, organisation=c.organisation, position=i)
        for i, c in enumerate(seed.collaborators.all())
    )
    project.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(project=project, label=line.label, amount_sek=line.amount_sek, position=i)
        for i, line in enumerate(seed.budget_lines.all())
    )


def _registration_load(
    *, project: LearningProject, spec: DemoRegistration, number: int, staff_user: User | None
) -> None:
    organisation = None
    if not spec.new_organisation_kind:
        organisation = Organisation.objects.get(
            network_id=project.network_id, name=spec.organisation
        )
    name, email, phone, role = spec.contact
    data = RegistrationData(
        organisation=organisation,
        new_organisation_name="" if organisation else spec.organisation,
        new_organisation_kind=spec.new_organisation_kind,
        contact_name=name,
        contact_email=email,
        contact_phone=phone,
        contact_role=role,
        manager_name=spec.manager[0],
        manager_email=spec.manager[1],
        invoice=InvoiceData(
            organisation_number=spec.organisation_number,
            invoice_address=spec.invoice_address,
            invoice_reference=spec.invoice_reference,
            einvoice_id="",
        ),
        participants=tuple(ParticipantData(*participant) for participant in spec.participants),
    )
    try:
        registration = registration_submit(
            project=project,
            data=data,
            submission_key=f"demo-{project.slug}-{number}",
            language="sv",
        )
    except ValidationError:
        # Someone registered this organisation in the demo before the demo data did.
        return
    if registration.status != OrganisationRegistration.Status.AWAITING_APPROVAL:
        return
    if spec.step == CONFIRMED:
        registration_confirm(registration=registration)
    elif spec.step == CONFIRMED_BY_STAFF:
        registration_confirm(registration=registration, approved_by_staff=staff_user)
    elif spec.step == DECLINED:
        registration_decline(registration=registration)
    elif spec.step == WITHDRAWN:
        registration_withdraw(registration=registration)


# Workshop 2 (Stockholm, lunch–lunch) has four seats in the demo, so the fifth person waits.
SEATS_AT_WORKSHOP_2: Final = 4
SIGNUPS: Final = (
    ("karin.holm@ostergotland.example", 1, WorkshopSignup.Answer.ONLINE, ""),
    ("karin.holm@ostergotland.example", 2, WorkshopSignup.Answer.ON_SITE, "Vegetarisk"),
    ("ahmed.nasser@ostergotland.example", 2, WorkshopSignup.Answer.ON_SITE, ""),
    ("lena.berg@ostergotland.example", 2, WorkshopSignup.Answer.ON_SITE, "Laktosfri"),
    ("johan.ek@skane.example", 2, WorkshopSignup.Answer.ON_SITE, ""),
    ("sofia.lund@skane.example", 2, WorkshopSignup.Answer.ON_SITE, ""),
    ("sofia.lund@skane.example", 1, WorkshopSignup.Answer.NO, ""),
)


def _signups_load(*, project: LearningProject) -> None:
    workshops = {w.number: w for w in project.workshops.all()}
    WorkshopRules.objects.get_or_create(
        workshop=workshops[2], defaults={"capacity": SEATS_AT_WORKSHOP_2}
    )
    for email, number, answer, dietary in SIGNUPS:
        participant = Participant.objects.filter(
            registration__project=project,
            registration__status=OrganisationRegistration.Status.CONFIRMED,
            email=email,
        ).first()
        if participant is None or participant.signups.filter(workshop=workshops[number]).exists():
            continue
        workshop_signup_answer(
            participant=participant,
            workshop=workshops[number],
            answer=SignupAnswer(answer=answer, dietary_needs=dietary),
        )
