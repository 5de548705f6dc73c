"""Loads the demo: the network, organisations, a staff login and both seed projects.

Idempotent: every object is found by a natural key and brought up to date, so `make run`
can load it at every start without duplicating anything or undoing a staff edit of texts
that the demo does not own.
"""

from datetime import date, datetime
from typing import Final
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from larlabb.demo import (
    documentation,
    registrations,
    seed_board,
    seed_invitation,
    sessions,
    site_texts,
)
from larlabb.demo.syntheses import demo_syntheses_load
from larlabb.network.models import Network, Organisation, Person
from larlabb.programme.models import (
    BudgetLine,
    Collaborator,
    LearningProject,
    ProgrammeBlock,
    ProjectContact,
    ProjectLeader,
    Workshop,
)

STOCKHOLM: Final = ZoneInfo("Europe/Stockholm")
STAFF_USERNAME: Final = "kansliet"
STAFF_PASSWORD: Final = "larlabb-demo"

Kind = Organisation.Kind
Rel = Organisation.Relationship
ORGANISATIONS: Final = (
    ("Region Östergötland", Kind.REGION, Rel.MEMBER),
    ("Region Stockholm", Kind.REGION, Rel.MEMBER),
    ("Region Västerbotten", Kind.REGION, Rel.MEMBER),
    ("Region Skåne", Kind.REGION, Rel.MEMBER),
    ("Västra Götalandsregionen", Kind.REGION, Rel.MEMBER),
    ("Region Norrbotten", Kind.REGION, Rel.MEMBER),
    ("Region Gävleborg", Kind.REGION, Rel.MEMBER),
    ("Region Jönköpings län", Kind.REGION, Rel.MEMBER),
    ("Tillväxtverket", Kind.AGENCY, Rel.PARTNER),
    ("Boverket", Kind.AGENCY, Rel.PARTNER),
    ("Folkhälsomyndigheten", Kind.AGENCY, Rel.PARTNER),
    ("Naturvårdsverket", Kind.AGENCY, Rel.PARTNER),
    ("Vinnova", Kind.AGENCY, Rel.PARTNER),
    ("Luleå kommun", Kind.MUNICIPALITY, Rel.PARTNER),
    ("Sveriges Kommuner och Regioner", Kind.OTHER, Rel.PARTNER),
)


def _at(parts: tuple[int, int, int, int, int]) -> datetime:
    return datetime(*parts, tzinfo=STOCKHOLM)


@transaction.atomic
def demo_load(*, syntheses: bool = False) -> Network:
    """`syntheses` also loads the larger demo workshop and runs the demo's syntheses once;
    `load_demo` asks for them, while tests that only need the projects stay fast without."""
    network = _load_network()
    _load_staff_user()
    _load_hallbara_livsmiljoer(network)
    _load_larlabb_hallbar_utveckling(network)
    registrations.demo_registrations_load(network=network)
    sessions.demo_sessions_load()
    if syntheses:
        demo_syntheses_load()
    documentation.demo_documentation_load()
    return network


def _load_network() -> Network:
    network, _ = Network.objects.get_or_create(
        slug="reglab",
        defaults={
            "name": "Reglab",
            "tagline": "Lärprojekt där regioner och myndigheter utvecklar kunskap tillsammans.",
            "contact_email": "kansliet@reglab.example",
            "accessibility_statement": site_texts.ACCESSIBILITY_STATEMENT,
            "privacy_notice": site_texts.PRIVACY_NOTICE,
        },
    )
    for name, kind, relationship in ORGANISATIONS:
        Organisation.objects.update_or_create(
            network=network, name=name, defaults={"kind": kind, "relationship": relationship}
        )
    return network


def _load_staff_user() -> None:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=STAFF_USERNAME,
        defaults={"first_name": "Kansliet", "is_staff": True, "email": "kansliet@reglab.example"},
    )
    if created:
        user.set_password(STAFF_PASSWORD)
        user.save()


def _person(name: str, *, email: str = "", organisation: Organisation | None = None) -> Person:
    person, _ = Person.objects.update_or_create(
        name=name, defaults={"email": email, "organisation": organisation}
    )
    return person


def _load_hallbara_livsmiljoer(network: Network) -> LearningProject:
    seed = seed_invitation
    project, _ = LearningProject.objects.update_or_create(
        slug=seed.SLUG,
        defaults={
            "network": network,
            "title": seed.TITLE,
            "subtitle": seed.SUBTITLE,
            "lead": seed.LEAD,
            "background": seed.BACKGROUND,
            "about": seed.ABOUT,
            "purpose": seed.PURPOSE,
            "expected_results": seed.EXPECTED_RESULTS,
            "target_group": seed.TARGET_GROUP,
            "way_of_working": seed.WAY_OF_WORKING,
            "leadership": seed.LEADERSHIP,
            "programme_intro": seed.PROGRAMME_INTRO,
            "registration_info": seed.REGISTRATION_INFO,
            "costs_note": seed.COSTS_NOTE,
            "documentation_info": seed.DOCUMENTATION_INFO,
            "fee_sek": seed.FEE_SEK,
            "min_organisations": seed.MIN_ORGANISATIONS,
            "min_participants_per_organisation": 1,
            "max_participants_per_organisation": 4,
            "registration_deadline": date(*seed.DEADLINE),
            "status": LearningProject.Status.CLOSED,
            "programme_is_preliminary": True,
        },
    )
    project.leaders.all().delete()
    for position, (name, organisation_name, role, email) in enumerate(seed.LEADERS):
        organisation = Organisation.objects.filter(network=network, name=organisation_name).first()
        person = _person(name, email=email, organisation=organisation)
        ProjectLeader.objects.create(project=project, person=person, role=role, position=position)
    project.contacts.all().delete()
    for position, (name, email, topic) in enumerate(seed.CONTACTS):
        person = _person(name, email=email)
        ProjectContact.objects.create(
            project=project, person=person, topic=topic, position=position
        )
    project.collaborators.all().delete()
    for position, name in enumerate(seed.COLLABORATORS):
        Collaborator.objects.create(project=project, name=name, position=position)
    project.budget_lines.all().delete()
    for position, (label, amount) in enumerate(seed.BUDGET_LINES):
        BudgetLine.objects.create(
            project=project, label=label, amount_sek=amount, position=position
        )
    _load_programme(project, seed.BLOCKS, seed.WORKSHOPS)
    return project


def _load_programme(
    project: LearningProject,
    blocks: tuple[seed_invitation.BlockSpec, ...],
    workshops: tuple[seed_invitation.WorkshopSpec, ...],
) -> None:
    blocks_by_key: dict[str, ProgrammeBlock] = {}
    for spec in blocks:
        block = project.blocks.filter(title=spec.title).first() or ProgrammeBlock(project=project)
        block.title = spec.title
        block.intro = spec.intro
        block.agenda = "\n".join(spec.agenda)
        block.save()
        blocks_by_key[spec.key] = block
    for workshop in workshops:
        Workshop.objects.update_or_create(
            project=project,
            number=workshop.number,
            defaults={
                "block": blocks_by_key[workshop.block_key],
                "format": workshop.format,
                "starts_at": _at(workshop.start),
                "ends_at": _at(workshop.end),
                "lunch_to_lunch": workshop.lunch_to_lunch,
                "city": workshop.city,
                "is_preliminary": workshop.preliminary,
                "note": workshop.note,
            },
        )


def _load_larlabb_hallbar_utveckling(network: Network) -> LearningProject:
    # The seed board names the project and its two Stockholm workshops (8 June, 24 August) but
    # no year, times, fee or deadline; the demo places them in 2023 with a working day's hours.
    project, _ = LearningProject.objects.update_or_create(
        slug="larlabb-hallbar-utveckling",
        defaults={
            "network": network,
            "title": "Lärlabb Hållbar utveckling",
            "subtitle": "regioner och myndigheter genomför strategin tillsammans",
            "lead": seed_board.INSTRUCTION,
            "purpose": (
                "Att regioner och myndigheter med uppdrag inom regional utveckling träffas, lär "
                "känna varandra och hittar former för att tillsammans genomföra den nationella "
                "strategin för hållbar regional utveckling."
            ),
            "target_group": "RUS-samordnare och andra med uppdrag inom regional utveckling.",
            "way_of_working": (
                "Två workshopar i Stockholm med övningar i blandade grupper av regioner och "
                "myndigheter. Varje grupp utser en gruppledare som håller tiden och delar "
                "samtalet med alla."
            ),
            "fee_sek": 0,
            "min_organisations": 1,
            "registration_deadline": date(2023, 5, 31),
            "status": LearningProject.Status.CLOSED,
            "programme_is_preliminary": False,
        },
    )
    block = project.blocks.first() or ProgrammeBlock(project=project)
    block.title = "Lärlabb: Hållbar utveckling"
    block.intro = "Regioner och myndigheter träffas och lär känna varandra."
    block.agenda = "\n".join(seed_board.QUESTIONS)
    block.save()
    for number, day in ((1, (2023, 6, 8)), (2, (2023, 8, 24))):
        Workshop.objects.update_or_create(
            project=project,
            number=number,
            defaults={
                "block": block,
                "title": f"Workshop i Stockholm {'8 juni' if number == 1 else '24 augusti'}",
                "format": Workshop.Format.PHYSICAL,
                "starts_at": datetime(*day, 9, 30, tzinfo=STOCKHOLM),
                "ends_at": datetime(*day, 16, 0, tzinfo=STOCKHOLM),
                "city": "Stockholm",
            },
        )
    return project
