"""What conftest.py promises every test: Django's async-safety guard and a Swedish start."""

import asyncio

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import SynchronousOnlyOperation


@pytest.mark.django_db
def test_the_orm_refuses_to_run_inside_an_event_loop_outside_the_browser_tests():
    async def count_users() -> int:
        return get_user_model().objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(count_users())


@pytest.mark.parametrize("turn", ["first", "second"])
def test_every_test_starts_in_swedish_whatever_the_test_before_chose(turn):
    from django.utils import translation

    # Both turns run in one process, one after the other: the second starts in the first's
    # English unless the language is reset between tests.
    assert translation.get_language() == "sv"
    translation.activate("en")
