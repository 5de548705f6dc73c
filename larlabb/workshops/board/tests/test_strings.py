"""Counted words agree with their number on the board and the facilitator's page, in Swedish
and English."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from larlabb.workshops.board.page import board_strings
from larlabb.workshops.models import BreakoutGroup
from larlabb.workshops.sessions import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user(username="samtal", password="x", is_staff=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("minutes", "swedish", "english"),
    [
        (1, "Tiden är förlängd med 1 minut.", "The time has been extended by 1 minute."),
        (5, "Tiden är förlängd med 5 minuter.", "The time has been extended by 5 minutes."),
    ],
)
def test_extending_the_time_says_minute_or_minutes(staff, session, minutes, swedish, english):
    services.phase_start(session=session)
    url = reverse("staff:session_phase", args=[session.pk])
    response = staff.post(url, {"action": "extend", "minutes": str(minutes)})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [swedish]
    staff.cookies.load({"django_language": "en"})
    response = staff.post(url, {"action": "extend", "minutes": str(minutes)})
    # The Swedish message from before has not been shown yet, so it is still first.
    assert [str(m) for m in get_messages(response.wsgi_request)] == [swedish, english]


def test_the_board_has_a_singular_for_each_counted_announcement():
    for language in ("sv", "en"):
        with translation.override(language):
            strings = board_strings()
        assert "%(count)s" not in strings["marked_one"]
        assert "%(minutes)s" not in strings["phase_changed_one"]
        assert strings["marked_one"] != strings["marked"]
    with translation.override("en"):
        assert board_strings()["marked_one"] == "One note is highlighted from the synthesis."


def test_the_facilitator_opens_a_groups_board_by_a_grammatical_link(staff, session):
    BreakoutGroup.objects.create(session=session, number=1)
    html = staff.get(reverse("staff:session_facilitate", args=[session.pk])).content.decode()
    assert "Öppna tavlan för grupp 1" in html
    assert "grupp 1s" not in html
