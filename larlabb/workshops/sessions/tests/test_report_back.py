"""Report-back: the facilitator steps through the groups and every screen shows the reporting
group's summary, as session state that a reconnecting screen gets too."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from larlabb.workshops.board import selectors
from larlabb.workshops.board import services as board_services
from larlabb.workshops.models import Frame, Session
from larlabb.workshops.sessions import services
from larlabb.workshops.tests.helpers import as_member, facilitator_viewer, two_groups, viewer_of

pytestmark = pytest.mark.django_db


def _summary(session: Session) -> Frame:
    return Frame.objects.get(exercise=session.exercise, kind=Frame.Kind.SUMMARY)


def _write(member, group, frame: Frame, text: str, client_id: str):
    return board_services.note_create(
        viewer=viewer_of(member),
        group_id=group.pk,
        frame_id=frame.pk,
        text=text,
        colour="",
        client_id=client_id,
    )


def test_report_back_steps_through_the_groups_and_shows_only_the_summary(session):
    group_1, group_2, (anna, _bo, cecilia) = two_groups(session)
    summary = _summary(session)
    _write(anna, group_1, summary, "Samverkan över gränser", "a")
    _write(anna, group_1, session.exercise.frames.first(), "Inte i sammanfattningen", "b")
    _write(cecilia, group_2, summary, "Tydliga roller", "c")
    session = services.report_start(session=session)
    reporting = selectors.session_state(session=session)["reporting"]
    assert reporting is not None
    assert (reporting["number"], reporting["position"], reporting["count"]) == (1, 1, 2)
    assert reporting["frame_title"] == "Att tänka på"
    assert [note["text"] for note in reporting["notes"]] == ["Samverkan över gränser"]
    session = services.report_step(session=session, step=1)
    reporting = selectors.session_state(session=session)["reporting"]
    assert reporting is not None
    assert reporting["number"] == 2
    assert [note["text"] for note in reporting["notes"]] == ["Tydliga roller"]
    services.report_step(session=session, step=1)
    session.refresh_from_db()
    assert session.reporting_group == group_2
    services.report_step(session=session, step=-1)
    session.refresh_from_db()
    assert session.reporting_group == group_1
    session = services.report_end(session=session)
    assert selectors.session_state(session=session)["reporting"] is None


def test_report_back_needs_groups_and_cannot_be_ended_twice(session):
    with pytest.raises(ValidationError):
        services.report_start(session=session)
    two_groups(session)
    services.report_start(session=session)
    with pytest.raises(ValidationError):
        services.report_start(session=session)
    services.report_end(session=session)
    with pytest.raises(ValidationError):
        services.report_end(session=session)
    with pytest.raises(ValidationError):
        services.report_step(session=session, step=1)


def test_every_step_is_sent_as_session_state(session):
    two_groups(session)
    before = Session.objects.get(pk=session.pk).sequence
    services.report_start(session=session)
    services.report_step(session=session, step=1)
    services.report_end(session=session)
    assert Session.objects.get(pk=session.pk).sequence == before + 3


def test_a_summary_note_written_during_report_back_is_sent_to_every_screen(session):
    group_1, group_2, (anna, _bo, cecilia) = two_groups(session)
    session = services.report_start(session=session)
    before = Session.objects.get(pk=session.pk).sequence
    _write(cecilia, group_2, _summary(session), "Inte den som redovisar", "x")
    assert Session.objects.get(pk=session.pk).sequence == before
    _write(anna, group_1, _summary(session), "Skrivet under redovisningen", "y")
    assert Session.objects.get(pk=session.pk).sequence == before + 1
    reporting = selectors.session_state(session=session)["reporting"]
    assert reporting is not None
    assert [note["text"] for note in reporting["notes"]] == ["Skrivet under redovisningen"]


def test_a_board_that_reconnects_gets_the_report_back_state(session):
    group_1, group_2, (_anna, _bo, cecilia) = two_groups(session)
    services.report_start(session=session)
    state = selectors.board_catchup(viewer=viewer_of(cecilia), group=group_2, since=None)
    assert state["session"]["reporting"]["group"] == group_1.pk
    catchup = selectors.board_catchup(
        viewer=facilitator_viewer(session), group=group_2, since=group_2.sequence
    )
    assert catchup["session"]["reporting"]["group"] == group_1.pk


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user(username="samtal", password="x", is_staff=True)
    client.force_login(user)
    return client


def test_the_facilitator_runs_report_back_from_their_page(staff, session):
    group_1, group_2, (anna, *_) = two_groups(session)
    _write(anna, group_1, _summary(session), "Samverkan över gränser", "a")
    url = reverse("staff:session_report", args=[session.pk])
    page = staff.get(reverse("staff:session_facilitate", args=[session.pk])).content.decode()
    assert "Starta redovisningen" in page
    staff.post(url, {"action": "start"})
    page = staff.get(reverse("staff:session_facilitate", args=[session.pk])).content.decode()
    assert "Grupp 1 redovisar (1 av 2)" in page
    assert "Samverkan över gränser" in page
    assert "Nästa grupp" in page
    staff.post(url, {"action": "next"})
    session.refresh_from_db()
    assert session.reporting_group == group_2
    staff.post(url, {"action": "end"})
    session.refresh_from_db()
    assert session.reporting_group is None
    assert staff.post(url, {"action": "jump"}).status_code == 400


def test_a_board_loaded_during_report_back_shows_the_summary_instead_of_the_board(client, session):
    group_1, _group_2, (anna, _bo, cecilia) = two_groups(session)
    _write(anna, group_1, _summary(session), "Samverkan över gränser", "a")
    services.report_start(session=session)
    as_member(client, cecilia)
    html = client.get(reverse("workshops:board", args=[session.pk, 2])).content.decode()
    assert "Grupp 1 redovisar (1 av 2)" in html
    assert "Samverkan över gränser" in html
    assert 'class="board__layout" data-slot="layout" hidden' in html
