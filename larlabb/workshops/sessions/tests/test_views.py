import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from larlabb.workshops.access import member_secret_remember
from larlabb.workshops.board import services as board_services
from larlabb.workshops.models import BreakoutGroup, Exercise, Member, Session
from larlabb.workshops.sessions import services
from larlabb.workshops.tests.helpers import two_groups, viewer_of

pytestmark = pytest.mark.django_db


def _join(client: Client, session: Session, name: str = "Anna", **extra: str):
    data = {"code": session.join_code, "name": name, "organisation": "", "kind": "", **extra}
    return client.post(reverse("workshops:join"), data)


def _board_url(session: Session, number: int) -> str:
    return reverse("workshops:board", args=[session.pk, number])


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user(username="samtal", password="x", is_staff=True)
    client.force_login(user)
    return client


def test_a_guest_joins_with_the_code_and_waits_for_a_group(client, session):
    response = _join(client, session, code=f" {session.join_code.lower()} ")
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == reverse(
        "workshops:waiting", args=[session.pk]
    )
    page = client.get(reverse("workshops:waiting", args=[session.pk]))
    assert "Välkommen, Anna!" in page.content.decode()


def test_a_guest_who_joins_after_the_groups_goes_straight_to_a_board(client, session):
    BreakoutGroup.objects.create(session=session, number=1)
    response = _join(client, session)
    home = client.get(response["Location"])
    assert home["Location"] == _board_url(session, 1)
    assert client.get(home["Location"]).status_code == 200


def test_the_waiting_page_sends_htmx_on_to_the_board_once_placed(client, session):
    _join(client, session)
    BreakoutGroup.objects.create(session=session, number=1)
    services.members_place_waiting(session=session)
    response = client.get(reverse("workshops:waiting", args=[session.pk]), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == _board_url(session, 1)


def test_a_wrong_code_is_explained_beside_the_field_and_the_name_is_kept(client, session):
    response = _join(client, session, code="XXXXXX", name="Anna Andersson")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Det finns inget pågående pass med den koden" in html
    assert 'value="Anna Andersson"' in html
    assert 'aria-describedby="id_code_helptext id_code_error"' in html


def test_guests_are_turned_away_when_the_facilitator_does_not_allow_them(client, session):
    services.session_guests_allow(session=session, allow=False)
    response = _join(client, session)
    assert "tar inte emot gäster" in response.content.decode()
    assert not Member.objects.exists()


def test_a_member_sees_their_own_board_and_not_another_groups(client, session):
    group_1, group_2 = (BreakoutGroup.objects.create(session=session, number=n) for n in (1, 2))
    _join(client, session)
    anna = Member.objects.get()
    services.member_move(session=session, member=anna, group=group_1)
    assert client.get(_board_url(session, 1)).status_code == 200
    refused = client.get(_board_url(session, 2))
    assert refused.status_code == 403
    assert "annan grupps tavla" in refused.content.decode()
    assert group_2.members.count() == 0


def test_a_visitor_without_a_session_is_sent_to_the_join_page(client, session):
    BreakoutGroup.objects.create(session=session, number=1)
    response = client.get(_board_url(session, 1))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workshops:join"))


def _as_member(client: Client, member: Member) -> None:
    member.refresh_from_db()
    store = client.session
    member_secret_remember(store, member.session_id, member.secret)
    store.save()


def test_the_board_shows_the_instruction_and_one_named_region_per_frame(client, session):
    _, _, (anna, *_) = two_groups(session)
    _as_member(client, anna)
    html = client.get(_board_url(session, 1)).content.decode()
    assert "Presentera er och <em>diskutera</em>." in html
    assert "Utse en gruppledare." in html
    for frame in session.exercise.frames.all():
        assert f'aria-labelledby="frame-{frame.pk}-title"' in html
        assert f'id="frame-{frame.pk}-title"' in html
    assert len(re.findall(r'data-action="new"', html)) == 4


def test_note_text_reaches_the_page_as_text_never_as_html(client, session):
    group_1, _, (anna, *_) = two_groups(session)
    frame = session.exercise.frames.first()
    board_services.note_create(
        viewer=viewer_of(anna),
        group_id=group_1.pk,
        frame_id=frame.pk,
        text='<script>alert("x")</script>',
        colour="",
        client_id="x",
    )
    _as_member(client, anna)
    html = client.get(_board_url(session, 1)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    found = re.search(
        r'<script id="board-state" type="application/json">(.*?)</script>', html, re.S
    )
    assert found is not None
    state = json.loads(found[1])
    assert state["notes"][0]["text"] == '<script>alert("x")</script>'


def test_staff_create_a_session_from_the_template_and_facilitate_it(staff, session, template):
    workshop = session.exercise.workshop
    response = staff.post(
        reverse("staff:session_list"),
        {"workshop": workshop.pk, "source": template.pk, "allow_guests": "on"},
    )
    created = Session.objects.exclude(pk=session.pk).get()
    assert response["Location"] == reverse("staff:session_facilitate", args=[created.pk])
    assert created.exercise.workshop == workshop
    assert created.allow_guests
    page = staff.get(response["Location"])
    html = page.content.decode()
    assert created.join_code in html
    assert "Starta övningen" in html
    assert Exercise.objects.filter(is_template=True).count() == 1


def test_the_facilitator_starts_extends_and_moves_to_the_next_phase(staff, session):
    url = reverse("staff:session_phase", args=[session.pk])
    staff.post(url, {"action": "start"})
    session.refresh_from_db()
    started = session.phase_ends_at
    staff.post(url, {"action": "extend", "minutes": "5"})
    session.refresh_from_db()
    assert (session.phase_ends_at - started).total_seconds() == 300
    staff.post(url, {"action": "next"})
    session.refresh_from_db()
    assert session.current_phase.title == "Sammanfatta"
    page = staff.get(reverse("staff:session_facilitate", args=[session.pk]))
    assert "Avsluta övningen" in page.content.decode()


def test_extending_without_minutes_is_explained_beside_the_field(staff, session):
    services.phase_start(session=session)
    response = staff.post(
        reverse("staff:session_phase", args=[session.pk]), {"action": "extend", "minutes": ""}
    )
    assert response.status_code == 400
    assert "Ange hur många minuter" in response.content.decode()


def test_the_facilitator_assigns_groups_and_moves_a_person(staff, session):
    for name in ("Anna", "Bo", "Cecilia", "David"):
        services.member_join_guest(session=session, name=name)
    staff.post(reverse("staff:session_assign", args=[session.pk]), {"group_size": "2"})
    assert session.groups.count() == 2
    anna = Member.objects.get(display_name="Anna")
    other = session.groups.exclude(members=anna).get()
    staff.post(
        reverse("staff:session_move", args=[session.pk]),
        {"member": anna.pk, "group": other.pk},
    )
    anna.refresh_from_db()
    assert anna.group == other
    page = staff.get(reverse("staff:session_facilitate", args=[session.pk]))
    assert _board_url(session, 1) in page.content.decode()


def test_a_message_to_all_groups_must_have_text(staff, session):
    response = staff.post(reverse("staff:session_message", args=[session.pk]), {"text": ""})
    assert response.status_code == 400
    assert "Skriv ett meddelande först." in response.content.decode()
    staff.post(reverse("staff:session_message", args=[session.pk]), {"text": "Fem minuter kvar"})
    session.refresh_from_db()
    assert session.message == "Fem minuter kvar"


def test_the_facilitator_pages_are_for_staff_only(client, session):
    response = client.get(reverse("staff:session_facilitate", args=[session.pk]))
    assert response.status_code == 302
    assert "logga-in" in response["Location"]
