import pytest

from larlabb.network.models import Organisation
from larlabb.programme.models import Workshop
from larlabb.registration.tests.factories import OrganisationFactory, WorkshopFactory
from larlabb.workshops.exercises.services import ExerciseSpec, exercise_template_ensure
from larlabb.workshops.models import Exercise, Session
from larlabb.workshops.sessions.services import session_create

SPEC = ExerciseSpec(
    title="Förväntningar",
    instruction="Presentera er och *diskutera*.",
    steps=("Presentera er.", "Utse en gruppledare."),
    questions=("Vad förväntar du dig?", "Vad vill du veta?"),
    summary="Att tänka på",
    bonus="Goda exempel",
    phases=(("Diskutera", 30), ("Sammanfatta", 10)),
    closing_note="Ni har 40 minuter.",
    group_size=3,
)


@pytest.fixture
def workshop(db: None) -> Workshop:
    return WorkshopFactory.create()


@pytest.fixture
def template(db: None) -> Exercise:
    return exercise_template_ensure(spec=SPEC)


@pytest.fixture
def session(workshop: Workshop, template: Exercise) -> Session:
    return session_create(workshop=workshop, source=template, created_by=None, allow_guests=True)


@pytest.fixture
def organisations(workshop: Workshop) -> dict[str, Organisation]:
    network = workshop.project.network
    return {
        "Region Östergötland": OrganisationFactory.create(
            network=network, name="Region Östergötland"
        ),
        "Region Skåne": OrganisationFactory.create(network=network, name="Region Skåne"),
        "Tillväxtverket": OrganisationFactory.create(
            network=network,
            name="Tillväxtverket",
            kind=Organisation.Kind.AGENCY,
            relationship=Organisation.Relationship.PARTNER,
        ),
    }
