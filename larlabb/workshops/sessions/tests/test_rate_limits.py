"""Joining a workshop: a room behind one address joins, a flood or a hammered link does not."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from larlabb.core.ratelimit import address_limit_exceeded, person_limit_exceeded
from larlabb.registration.models import Participant
from larlabb.workshops.models import Member
from larlabb.workshops.sessions.tests.test_personal_link import _link, _registered

pytestmark = pytest.mark.django_db


def _join(client, session, name):
    data = {"code": session.join_code, "name": name, "organisation": "", "kind": ""}
    return client.post(reverse("workshops:join"), data)


def _already_joined_from_this_address(times: int) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    for _ in range(times):
        address_limit_exceeded(request=request, scope="workshop-join", limit=10**6)


def test_a_whole_room_on_the_venues_wifi_joins_and_a_flood_beyond_it_is_refused(client, session):
    _already_joined_from_this_address(998)
    assert _join(client, session, "Deltagare 999").status_code == 302
    assert _join(client, session, "Deltagare 1000").status_code == 302

    refused = _join(client, session, "Deltagare 1001")
    assert refused.status_code == 429
    assert "Vänta tio minuter" in refused.content.decode()
    assert 'value="Deltagare 1001"' in refused.content.decode()


def test_a_hammered_personal_join_link_is_refused_and_a_colleague_still_joins(
    client, session, organisations
):
    anna = _registered(session, organisations["Region Skåne"], "Anna")
    bo = Participant.objects.create(
        registration=anna.registration, name="Bo", email="bo@example.se", role="Strateg"
    )
    for _ in range(30):
        person_limit_exceeded(person=f"participant:{anna.pk}", scope="workshop-join")

    refused = client.post(_link(anna), {"session": session.pk})
    assert refused.status_code == 429
    assert "Vänta tio minuter" in refused.content.decode()
    assert not Member.objects.filter(display_name="Anna").exists()

    assert client.post(_link(bo), {"session": session.pk}).status_code == 302
