from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import translation
from pytest_django import DjangoDbBlocker

from larlabb.network.models import Network
from tests.demo_database import demo_database, table_counts

# `make test` runs three tiers: -m "not browser and not scaleout", -m scaleout, -m browser.
TIER_MARKERS = frozenset({"browser", "scaleout"})


@pytest.fixture(scope="session")
def clean_table_counts(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> dict[str, int]:
    """The rows in each table of the freshly migrated test database (of this xdist worker)."""
    with django_db_blocker.unblock():
        return table_counts() if connection.vendor == "sqlite" else {}


@pytest.fixture
def demo(db: None, clean_table_counts: dict[str, int]) -> Network:
    """Both seed projects, the demo organisations and the demo staff login."""
    return demo_database(clean_counts=clean_table_counts)


@pytest.fixture
def demo_syntheses(db: None, clean_table_counts: dict[str, int]) -> Network:
    """The demo with the larger demo workshop and the demo's syntheses."""
    return demo_database(clean_counts=clean_table_counts, syntheses=True)


@pytest.fixture
def staff_client(client, demo):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    from larlabb.demo.loader import STAFF_USERNAME

    client.force_login(get_user_model().objects.get(username=STAFF_USERNAME))
    return client


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    # Cached page fragments must not leak from one test's database into the next.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _swedish_first() -> Iterator[None]:
    # A request leaves the language it chose active in the thread (as Django's LocaleMiddleware
    # does): after a test that asked for English, the next test on that xdist worker would
    # otherwise get English messages.
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _empty_file_storage() -> Iterator[None]:
    # The in-memory file storage lives as long as the process: an export one test built would
    # be found ready by the next test on the same xdist worker, and not by one on another.
    with override_settings(STORAGES=settings.STORAGES):
        yield


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test in both marked tiers would run twice and the tiers would no longer add up.
    both = [item.nodeid for item in items if _markers(item) >= TIER_MARKERS]
    if both:
        raise pytest.UsageError("Marked both browser and scaleout: " + ", ".join(both))


def _markers(item: pytest.Item) -> set[str]:
    return {marker.name for marker in item.iter_markers()}
