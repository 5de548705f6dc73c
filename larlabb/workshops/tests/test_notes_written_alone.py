"""While a group writes alone first, each member reads only their own notes, wherever notes
are read: the board and its outline, the leader's type-in page, a reconnecting board's
catch-up, report-back on every screen, a synthesis, and a note sent with someone else's
client id. The facilitator reads them all, and everyone once they are shown."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from larlabb.programme.models import Workshop
from larlabb.synthesis.models import Synthesis
from larlabb.synthesis.selectors import Scope, notes_for_scope
from larlabb.workshops.board import selectors
from larlabb.workshops.board import services as board_services
from larlabb.workshops.models import BreakoutGroup, Member, Phase, Session
from larlabb.workshops.sessions import services
from larlabb.workshops.tests.helpers import as_member, facilitator_viewer, two_groups, viewer_of

pytestmark = pytest.mark.django_db

ANNAS = "Annas egen tanke"
BOS = "Bos hemliga tanke"


@pytest.fixture
def alone(session: Session) -> tuple[Session, BreakoutGroup, Member, Member]:
    """Group 1 (Anna, leader, and Bo) writing alone first, a note each."""
    Phase.objects.filter(exercise=session.exercise, position=0).update(hides_others=True)
    session = services.phase_start(session=session)
    group, _, (anna, bo, _) = two_groups(session)
    frame = selectors.frames_for(session=session)[0].pk
    for member, text in ((anna, ANNAS), (bo, BOS)):
        board_services.note_create(
            viewer=viewer_of(member),
            group_id=group.pk,
            frame_id=frame,
            text=text,
            colour="",
            client_id=f"c-{member.pk}",
        )
    group.leader = anna
    group.save(update_fields=["leader"])
    return session, group, anna, bo


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_board_and_its_outline_show_a_member_only_their_own_notes(client, alone):
    session, group, anna, _ = alone
    as_member(client, anna)
    board = reverse("workshops:board", args=[session.pk, group.number])
    for url in (board, f"{board}?visning=disposition"):
        html = _page(client, url)
        assert ANNAS in html
        assert BOS not in html


def test_the_leaders_type_in_page_shows_only_the_leaders_own_notes_until_shown(client, alone):
    session, group, anna, _ = alone
    as_member(client, anna)
    url = reverse("workshops:leader_transcribe", args=[session.pk, group.number])
    html = _page(client, url)
    assert ANNAS in html
    assert BOS not in html
    services.phase_reveal(session=session)
    assert BOS in _page(client, url)


def test_a_reconnecting_member_catches_up_without_the_others_notes(alone):
    session, group, anna, _ = alone
    catchup = selectors.board_catchup(viewer=viewer_of(anna), group=group, since=0)
    assert catchup["type"] == "catchup"
    texts = [e["note"]["text"] for e in catchup["events"] if e["type"] == "note"]
    assert texts == [ANNAS]
    assert "skip" in {event["type"] for event in catchup["events"]}
    everything = selectors.board_catchup(viewer=facilitator_viewer(session), group=group, since=0)
    assert BOS in [e["note"]["text"] for e in everything["events"] if e["type"] == "note"]


def test_report_back_shows_no_note_written_alone_on_every_screen(alone):
    session, _group, _anna, bo = alone
    summary = selectors.summary_frame(session=session)
    assert summary is not None
    board_services.note_move(viewer=viewer_of(bo), note_id=bo.notes.get().pk, frame_id=summary.pk)
    session = services.report_start(session=session)
    reporting = selectors.session_state(session=session)["reporting"]
    assert reporting is not None
    assert reporting["notes"] == []
    session = services.phase_reveal(session=session)
    reporting = selectors.session_state(session=session)["reporting"]
    assert reporting is not None
    assert [note["text"] for note in reporting["notes"]] == [BOS]


def test_a_synthesis_reads_no_note_written_alone_until_shown(alone):
    session, group, anna, _ = alone
    workshop = session.exercise.workshop
    assert isinstance(workshop, Workshop)
    scope = Scope(
        kind=Synthesis.Scope.GROUP,
        project=workshop.project,
        workshop=workshop,
        session=session,
        group=group,
    )
    assert list(notes_for_scope(scope=scope)) == []
    own = notes_for_scope(scope=scope, viewer=viewer_of(anna))
    assert [note.text for note in own] == [ANNAS]
    services.phase_reveal(session=session)
    assert sorted(note.text for note in notes_for_scope(scope=scope)) == [ANNAS, BOS]


def test_a_note_sent_with_someone_elses_client_id_never_returns_their_note(alone):
    _session, group, anna, bo = alone
    bos_note = bo.notes.get()
    with pytest.raises(ValidationError) as refused:
        board_services.note_create(
            viewer=viewer_of(anna),
            group_id=group.pk,
            frame_id=bos_note.frame_id,
            text="Gissning",
            colour="",
            client_id=bos_note.client_id,
        )
    assert BOS not in str(refused.value)
    assert refused.value.code == "client_id"
    again = board_services.note_create(
        viewer=viewer_of(bo),
        group_id=group.pk,
        frame_id=bos_note.frame_id,
        text=BOS,
        colour="",
        client_id=bos_note.client_id,
    )
    assert again.note.pk == bos_note.pk
    assert not again.changed
