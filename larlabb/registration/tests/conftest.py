import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from larlabb.network.models import Organisation
from larlabb.programme.models import LearningProject
from larlabb.registration.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    ProjectFactory,
    WorkshopFactory,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    # The rate limit counts in the cache; every test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def project(db) -> LearningProject:
    network = NetworkFactory.create()
    project = ProjectFactory.create(network=network)
    WorkshopFactory.create(project=project, number=1)
    WorkshopFactory.create(project=project, number=2, format="physical", city="Stockholm")
    return project


@pytest.fixture
def organisation(project) -> Organisation:
    return OrganisationFactory.create(network=project.network, name="Region Östergötland")


@pytest.fixture
def partner(project) -> Organisation:
    return OrganisationFactory.create(
        network=project.network,
        name="Tillväxtverket",
        kind=Organisation.Kind.AGENCY,
        relationship=Organisation.Relationship.PARTNER,
    )


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(username="handlaggare", password="x", is_staff=True)


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client
