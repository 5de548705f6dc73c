from datetime import datetime, time, timedelta

from django.utils import timezone
from factory.declarations import LazyAttribute, LazyFunction, SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from larlabb.network.models import Network, Organisation
from larlabb.programme.models import LearningProject, ProgrammeBlock, Workshop
from larlabb.registration.selectors import STOCKHOLM


class NetworkFactory(DjangoModelFactory[Network]):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    name = "Reglab"
    slug = "reglab"
    contact_email = "kansliet@reglab.example"


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    network = SubFactory(NetworkFactory)
    name = Sequence(lambda n: f"Region {n}")
    kind = Organisation.Kind.REGION
    relationship = Organisation.Relationship.MEMBER


class ProjectFactory(DjangoModelFactory[LearningProject]):
    class Meta:
        model = LearningProject

    network = SubFactory(NetworkFactory)
    slug = Sequence(lambda n: f"larprojekt-{n}")
    title = "Hållbara livsmiljöer"
    subtitle = "regionerna kliver fram"
    fee_sek = 23_000
    min_organisations = 15
    min_participants_per_organisation = 1
    max_participants_per_organisation = 4
    registration_deadline = LazyFunction(lambda: timezone.localdate() + timedelta(30))
    status = LearningProject.Status.PUBLISHED


class BlockFactory(DjangoModelFactory[ProgrammeBlock]):
    class Meta:
        model = ProgrammeBlock

    project = SubFactory(ProjectFactory)
    title = Sequence(lambda n: f"Block {n}")
    agenda = "Introduktion\nDialog"


def _start(workshop: Workshop) -> datetime:
    day = workshop.project.registration_deadline + timedelta(days=14 * workshop.number)
    return datetime.combine(day, time(9), tzinfo=STOCKHOLM)


class WorkshopFactory(DjangoModelFactory[Workshop]):
    class Meta:
        model = Workshop

    project = SubFactory(ProjectFactory)
    block = SubFactory(BlockFactory, project=SelfAttribute("..project"))
    number = Sequence(lambda n: n + 1)
    format = Workshop.Format.DIGITAL
    starts_at = LazyAttribute(_start)
    ends_at = LazyAttribute(lambda w: _start(w) + timedelta(hours=2, minutes=30))
