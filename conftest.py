import pytest

from larlabb.network.models import Network


@pytest.fixture
def demo(db: None) -> Network:
    """Both seed projects, the demo organisations and the demo staff login."""
    from larlabb.demo.loader import demo_load

    return demo_load()


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
