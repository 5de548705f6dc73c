"""A guest's name and organisation on the board refuse hidden direction and control
characters, on the join page and in the service behind it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from larlabb.workshops.models import Member
from larlabb.workshops.sessions import services

pytestmark = pytest.mark.django_db


def _join(client, session, **fields):
    data = {"code": session.join_code, "name": "Anna", "organisation": "", "kind": ""}
    return client.post(reverse("workshops:join"), data | fields)


@pytest.mark.parametrize("field", ["name", "organisation"])
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Anna\u202eBerg", "skrivriktningen"),
        ("\u200b\u2060", "osynliga tecken"),
        ("Anna\u061cBerg", "skrivriktningen"),
        ("Anna\u200bBerg", "styrtecken"),
    ],
)
def test_a_guests_name_and_organisation_refuse_hidden_characters_beside_the_field(
    client, session, field, typed, message
):
    response = _join(client, session, **{field: typed, "code": session.join_code})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert not Member.objects.exists()


@pytest.mark.parametrize("name", ["Åsa Öberg-Lindqvist", "Zoë D'Artagnan", "Nguyễn Văn An"])
def test_a_guest_with_an_ordinary_name_joins(client, session, name):
    assert _join(client, session, name=name).status_code == 302
    assert Member.objects.get().display_name == name


def test_the_join_service_refuses_a_hidden_direction_change_too(session):
    with pytest.raises(ValidationError) as raised:
        services.member_join_guest(session=session, name="Anna\u202dBerg")
    assert raised.value.code == "name_direction_control"
    with pytest.raises(ValidationError):
        services.member_join_guest(session=session, name="Anna", organisation_name="\ufeff")
    assert not Member.objects.exists()


def test_a_guests_organisation_in_other_case_is_the_listed_one_with_swedish_letters(
    session, organisations
):
    member = services.member_join_guest(
        session=session, name="Anna", organisation_name="region östergötland"
    )
    assert member.organisation_name == "Region Östergötland"
    assert member.organisation_kind == "region"
