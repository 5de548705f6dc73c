"""Two sessions' boards with Swedish notes, and a logged-in staff client."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from larlabb.programme.models import Workshop
from larlabb.registration.tests.factories import WorkshopFactory
from larlabb.workshops.exercises.services import ExerciseSpec, exercise_template_ensure
from larlabb.workshops.models import BreakoutGroup, Exercise, Frame, Note, Session
from larlabb.workshops.sessions.services import session_create

SPEC = ExerciseSpec(
    title="Hållbara livsmiljöer",
    instruction="Skriv en tanke per lapp.",
    steps=("Presentera er.",),
    questions=("Vilka målkonflikter möter ni?", "Vad behöver ni från myndigheterna?"),
    summary="Att ta med",
    bonus="Goda exempel",
    phases=(("Diskutera", 30),),
)

GROUP_1 = (
    (0, "Nya bostäder på jordbruksmark mot att skydda åkermarken för livsmedelsförsörjningen."),
    (0, "Bostadsbyggande på åkermark mot att bevara jordbruksmarken i växande kommuner."),
    (0, "Vindkraft ger förnybar el men möter motstånd från rennäringen och friluftslivet."),
    (1, "Samordnade besked från Boverket och Naturvårdsverket i stället för olika yttranden."),
    (1, "Långsiktiga medel i stället för korta projektmedel som tar slut för tidigt."),
    (2, "Hur vet vi när en avvägning är rimlig och vem som ska göra den?"),
)
GROUP_2 = (
    (0, "Förtätning i staden minskar bilresorna men tar grönytor som behövs för klimatet."),
    (0, "Landsbygdens service mot effektivitet när skolor koncentreras till centralorten."),
    (1, "Myndigheterna behöver delta i de regionala arenorna och inte bara skicka remissvar."),
    (1, "Gemensamma underlag och data om markanvändning som alla regioner kan använda."),
    (3, "Region Skåne har en strukturbild som kommunerna själva har varit med och tagit fram."),
)
OTHER_SESSION = (
    (0, "Turismen i fjällen ger jobb men sliter på naturen och höjer bostadspriserna."),
    (1, "Mindre detaljstyrning i hur statliga medel får användas regionalt."),
)


@dataclass
class Boards:
    workshop: Workshop
    session: Session
    group_1: BreakoutGroup
    group_2: BreakoutGroup
    other_session: Session
    other_group: BreakoutGroup
    other_project_group: BreakoutGroup

    def notes(self, group: BreakoutGroup) -> list[Note]:
        return list(Note.objects.filter(group=group).order_by("pk"))


def _write(group: BreakoutGroup, notes: tuple[tuple[int, str], ...]) -> None:
    frames = list(Frame.objects.filter(exercise=group.session.exercise))
    for index, (position, text) in enumerate(notes):
        Note.objects.create(
            group=group,
            frame=frames[position],
            text=text,
            client_id=f"test-{group.pk}-{index}",
            is_goal_conflict=index == 0,
        )


def _session(workshop: Workshop, template: Exercise) -> Session:
    return session_create(workshop=workshop, source=template, created_by=None, allow_guests=True)


@pytest.fixture
def boards(db) -> Boards:
    workshop = WorkshopFactory.create()
    template = exercise_template_ensure(spec=SPEC)
    session = _session(workshop, template)
    group_1 = BreakoutGroup.objects.create(session=session, number=1)
    group_2 = BreakoutGroup.objects.create(session=session, number=2)
    _write(group_1, GROUP_1)
    _write(group_2, GROUP_2)
    other_session = _session(WorkshopFactory.create(project=workshop.project), template)
    other_group = BreakoutGroup.objects.create(session=other_session, number=1)
    _write(other_group, OTHER_SESSION)
    other_project_session = _session(WorkshopFactory.create(), template)
    other_project_group = BreakoutGroup.objects.create(session=other_project_session, number=1)
    _write(other_project_group, (OTHER_SESSION[0],))
    return Boards(
        workshop=workshop,
        session=session,
        group_1=group_1,
        group_2=group_2,
        other_session=other_session,
        other_group=other_group,
        other_project_group=other_project_group,
    )


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(
        username="analys", password="x", is_staff=True, first_name="Karin", last_name="Kansli"
    )


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client
