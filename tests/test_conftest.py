"""What conftest.py promises every test: Django's async-safety guard, and tiers that add up."""

import asyncio
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import SynchronousOnlyOperation

from conftest import pytest_collection_modifyitems


@pytest.mark.django_db
def test_the_orm_refuses_to_run_inside_an_event_loop_outside_the_browser_tests():
    async def count_users() -> int:
        return get_user_model().objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(count_users())


@dataclass
class _Item:
    nodeid: str
    markers: list[str] = field(default_factory=list)

    def iter_markers(self):
        return [getattr(pytest.mark, name) for name in self.markers]


def test_a_test_marked_both_browser_and_scaleout_stops_the_run_before_it_runs_twice():
    items = [
        _Item("tests/a.py::test_page", ["browser"]),
        _Item("tests/b.py::test_both", ["browser", "django_db", "scaleout"]),
        _Item("tests/c.py::test_servers", ["scaleout"]),
    ]
    with pytest.raises(pytest.UsageError, match=r"tests/b\.py::test_both$"):
        pytest_collection_modifyitems(items)  # type: ignore[arg-type]


def test_tests_in_one_tier_each_are_let_through():
    items = [_Item("tests/a.py::test_page", ["browser"]), _Item("x.py::test_unit", [])]
    pytest_collection_modifyitems(items)  # type: ignore[arg-type]


@pytest.mark.parametrize("turn", ["first", "second"])
def test_every_test_starts_in_swedish_whatever_the_test_before_chose(turn):
    from django.utils import translation

    # Both turns run in one process, one after the other: the second starts in the first's
    # English unless the language is reset between tests.
    assert translation.get_language() == "sv"
    translation.activate("en")
