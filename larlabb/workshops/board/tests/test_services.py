import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from larlabb.workshops.board import selectors, services
from larlabb.workshops.board.event_pump import events_send
from larlabb.workshops.models import BreakoutGroup, GroupEvent, Note, NoteVote, Phase, Session
from larlabb.workshops.sessions import services as session_services
from larlabb.workshops.tests.helpers import facilitator_viewer, guest, two_groups, viewer_of

pytestmark = pytest.mark.django_db


def _frames(session: Session) -> list[int]:
    return [frame.pk for frame in selectors.frames_for(session=session)]


def _write(member, group, text="En arena för samtal", client_id="c1", frame=None):
    return services.note_create(
        viewer=viewer_of(member),
        group_id=group.pk,
        frame_id=frame or _frames(group.session)[0],
        text=text,
        colour="",
        client_id=client_id,
    )


def test_sending_a_note_twice_with_one_client_id_keeps_one_note(session):
    group, _, (anna, *_) = two_groups(session)
    first = _write(anna, group)
    again = _write(anna, group, text="Annan text")
    assert again.note.pk == first.note.pk
    assert not again.changed
    assert Note.objects.filter(group=group).count() == 1
    assert Note.objects.get().text == "En arena för samtal"


def test_each_board_write_takes_the_groups_next_sequence_and_is_kept(session):
    group, _, (anna, bo, _) = two_groups(session)
    before = BreakoutGroup.objects.get(pk=group.pk).sequence
    note = _write(anna, group).note
    services.note_vote(viewer=viewer_of(bo), note_id=note.pk, on=True)
    _write(anna, group)  # the same client id again: nothing new
    events = list(GroupEvent.objects.filter(group=group, sequence__gt=before))
    assert [e.sequence for e in events] == [before + 1, before + 2]
    assert events[-1].payload["note"]["voters"] == [bo.pk]


def test_an_edit_from_an_older_version_keeps_both_texts(session):
    group, _, (anna, *_) = two_groups(session)
    note = _write(anna, group, text="Tid att lära känna varandra").note
    services.note_update(viewer=viewer_of(anna), note_id=note.pk, text="Första", version=1)
    result = services.note_update(
        viewer=viewer_of(anna), note_id=note.pk, text="Andra fliken", version=1
    )
    note.refresh_from_db()
    assert result.conflict
    assert "Första" in note.text
    assert "Andra fliken" in note.text
    assert "Samtidig ändring från Anna" in note.text
    assert note.version == 3


def test_a_conflict_too_long_to_merge_becomes_a_note_beside_it(session):
    group, _, (anna, *_) = two_groups(session)
    note = _write(anna, group, text="a" * 300).note
    services.note_update(viewer=viewer_of(anna), note_id=note.pk, text="b" * 300, version=1)
    result = services.note_update(
        viewer=viewer_of(anna), note_id=note.pk, text="c" * 300, version=1
    )
    note.refresh_from_db()
    assert note.text == "b" * 300
    [sibling] = result.extra
    assert sibling.text == "c" * 300
    assert sibling.frame_id == note.frame_id
    again = services.note_update(viewer=viewer_of(anna), note_id=note.pk, text="c" * 300, version=1)
    assert again.extra[0].pk == sibling.pk
    assert Note.objects.filter(group=group).count() == 2


def test_the_same_edit_sent_again_changes_nothing(session):
    group, _, (anna, *_) = two_groups(session)
    note = _write(anna, group).note
    services.note_update(viewer=viewer_of(anna), note_id=note.pk, text="Ny text", version=1)
    again = services.note_update(viewer=viewer_of(anna), note_id=note.pk, text="Ny text", version=1)
    note.refresh_from_db()
    assert not again.changed
    assert (note.text, note.version) == ("Ny text", 2)


def test_a_note_over_500_characters_is_refused_with_how_long_it_is(session):
    group, _, (anna, *_) = two_groups(session)
    with pytest.raises(ValidationError) as error:
        _write(anna, group, text="x" * 523)
    assert "högst 500 tecken och den här är 523" in error.value.messages[0]
    assert not Note.objects.exists()


def test_a_note_of_only_spaces_is_refused(session):
    group, _, (anna, *_) = two_groups(session)
    with pytest.raises(ValidationError, match="Skriv något"):
        _write(anna, group, text="   \n ")


def test_a_member_cannot_write_on_another_groups_board(session):
    group_1, _group_2, (anna, _, cecilia) = two_groups(session)
    with pytest.raises(PermissionDenied):
        _write(cecilia, group_1)
    note = _write(anna, group_1).note
    for attempt in (
        lambda: services.note_vote(viewer=viewer_of(cecilia), note_id=note.pk, on=True),
        lambda: services.note_move(
            viewer=viewer_of(cecilia), note_id=note.pk, frame_id=_frames(session)[1]
        ),
        lambda: services.note_delete(viewer=viewer_of(cecilia), note_id=note.pk),
    ):
        with pytest.raises(PermissionDenied):
            attempt()


def test_a_member_can_open_only_their_own_groups_board(session):
    group_1, _group_2, (anna, _, cecilia) = two_groups(session)
    anonymous = AnonymousUser()
    assert (
        services.board_connect(group_id=group_1.pk, user=anonymous, member_secret=_secret(cecilia))
        is None
    )
    assert services.board_connect(group_id=group_1.pk, user=anonymous, member_secret=None) is None
    viewer = services.board_connect(
        group_id=group_1.pk, user=anonymous, member_secret=_secret(anna)
    )
    assert viewer is not None
    assert (viewer.member_id, viewer.is_facilitator) == (anna.pk, False)


def _secret(member):
    member.refresh_from_db()
    return member.secret


def test_the_facilitator_may_open_and_write_on_every_board(session):
    group_1, group_2, _ = two_groups(session)
    staff = get_user_model().objects.create_user(username="samtal", password="x", is_staff=True)
    for group in (group_1, group_2):
        viewer = services.board_connect(group_id=group.pk, user=staff, member_secret=None)
        assert viewer is not None and viewer.is_facilitator
        services.note_create(
            viewer=viewer,
            group_id=group.pk,
            frame_id=_frames(session)[0],
            text="Från samtalsledaren",
            colour="blue",
            client_id="f1",
        )
    assert Note.objects.filter(author__user=staff).count() == 2


def test_only_the_writer_or_the_facilitator_may_edit_a_note_but_anyone_in_the_group_moves_it(
    session,
):
    group, _, (anna, bo, _) = two_groups(session)
    note = _write(anna, group).note
    with pytest.raises(PermissionDenied):
        services.note_update(viewer=viewer_of(bo), note_id=note.pk, text="Bo skriver", version=1)
    services.note_move(viewer=viewer_of(bo), note_id=note.pk, frame_id=_frames(session)[2])
    note.refresh_from_db()
    assert note.frame_id == _frames(session)[2]
    services.note_update(
        viewer=facilitator_viewer(session), note_id=note.pk, text="Rättat", version=1
    )
    note.refresh_from_db()
    assert note.text == "Rättat"


def test_a_note_cannot_be_moved_to_a_frame_of_another_exercise(session, workshop, template):
    other = session_services.session_create(
        workshop=workshop, source=template, created_by=None, allow_guests=True
    )
    group, _, (anna, *_) = two_groups(session)
    note = _write(anna, group).note
    with pytest.raises(ValidationError, match="Rutan finns inte"):
        services.note_move(viewer=viewer_of(anna), note_id=note.pk, frame_id=_frames(other)[1])


def test_a_note_cannot_be_written_in_a_frame_of_another_exercise(session, workshop, template):
    other = session_services.session_create(
        workshop=workshop, source=template, created_by=None, allow_guests=True
    )
    group, _, (anna, *_) = two_groups(session)
    with pytest.raises(ValidationError, match="Rutan finns inte"):
        _write(anna, group, frame=_frames(other)[1])
    assert not Note.objects.filter(group=group).exists()


def test_a_new_notes_event_names_its_author_and_organisation(session):
    group, _, (anna, *_) = two_groups(session)
    anna.organisation_name = "Region Norrbotten"
    anna.save(update_fields=["organisation_name"])
    written = _write(anna, group)
    kept = GroupEvent.objects.filter(group=group).latest("sequence")
    assert kept.payload["note"]["author_name"] == anna.display_name
    assert kept.payload["note"]["author_organisation"] == "Region Norrbotten"
    assert kept.payload["note"] == written.payload


def test_deleting_a_note_can_be_undone(session):
    group, _, (anna, *_) = two_groups(session)
    note = _write(anna, group).note
    services.note_delete(viewer=viewer_of(anna), note_id=note.pk)
    assert not selectors.notes_for_board(group_id=group.pk).exists()
    services.note_restore(viewer=viewer_of(anna), note_id=note.pk)
    assert list(selectors.notes_for_board(group_id=group.pk)) == [note]


def test_a_plus_one_sent_twice_counts_once(session):
    group, _, (anna, bo, _) = two_groups(session)
    note = _write(anna, group).note
    services.note_vote(viewer=viewer_of(bo), note_id=note.pk, on=True)
    again = services.note_vote(viewer=viewer_of(bo), note_id=note.pk, on=True)
    assert not again.changed
    assert NoteVote.objects.filter(note=note).count() == 1
    services.note_vote(viewer=viewer_of(bo), note_id=note.pk, on=False)
    assert not NoteVote.objects.exists()


def test_anyone_in_the_group_tags_a_note_as_a_goal_conflict_and_takes_it_off(session):
    group, _, (anna, bo, cecilia) = two_groups(session)
    note = _write(anna, group).note
    before = GroupEvent.objects.filter(group=group).count()
    result = services.note_goal_conflict_mark(viewer=viewer_of(bo), note_id=note.pk, on=True)
    assert result.changed
    event = GroupEvent.objects.filter(group=group).last()
    assert event is not None
    assert event.payload["note"]["goal_conflict"] is True
    again = services.note_goal_conflict_mark(viewer=viewer_of(anna), note_id=note.pk, on=True)
    assert not again.changed
    assert GroupEvent.objects.filter(group=group).count() == before + 1
    with pytest.raises(PermissionDenied):
        services.note_goal_conflict_mark(viewer=viewer_of(cecilia), note_id=note.pk, on=False)
    services.note_goal_conflict_mark(viewer=facilitator_viewer(session), note_id=note.pk, on=False)
    assert not Note.objects.get(pk=note.pk).is_goal_conflict


def test_writing_alone_first_hides_the_others_notes_until_they_are_revealed(session):
    Phase.objects.filter(exercise=session.exercise, position=0).update(hides_others=True)
    session = session_services.phase_start(session=session)
    group, _, (anna, bo, _) = two_groups(session)
    _write(anna, group, text="Annas lapp", client_id="a")
    _write(bo, group, text="Bos lapp", client_id="b")

    def texts(viewer):
        state = selectors.board_state(viewer=viewer, group=group)
        return sorted(note["text"] for note in state["notes"])

    assert texts(viewer_of(anna)) == ["Annas lapp"]
    assert texts(facilitator_viewer(session)) == ["Annas lapp", "Bos lapp"]
    bo_note = Note.objects.get(text="Bos lapp")
    with pytest.raises(ValidationError):
        services.note_vote(viewer=viewer_of(anna), note_id=bo_note.pk, on=True)
    session_services.phase_reveal(session=session)
    assert texts(viewer_of(anna)) == ["Annas lapp", "Bos lapp"]


def test_groups_are_not_dealt_again_once_they_have_notes(session):
    for name in ("Anna", "Bo", "Cecilia", "David"):
        guest(session, name)
    [group, *_] = session_services.groups_assign(session=session, group_size=2)
    anna = session.members.get(display_name="Anna")
    anna_group = BreakoutGroup.objects.get(members=anna)
    _write(anna, anna_group)
    with pytest.raises(ValidationError, match="redan börjat skriva"):
        session_services.groups_assign(session=session, group_size=2)
    assert group.pk in set(BreakoutGroup.objects.values_list("pk", flat=True))


def test_only_the_leader_or_the_facilitator_marks_the_summary_done_and_ready(session):
    group, _, (anna, bo, _) = two_groups(session)
    with pytest.raises(PermissionDenied):
        services.group_summary_mark(viewer=viewer_of(anna), group_id=group.pk, done=True)
    services.group_leader_appoint(viewer=viewer_of(anna), group_id=group.pk, member_id=anna.pk)
    services.group_summary_mark(viewer=viewer_of(anna), group_id=group.pk, done=True)
    with pytest.raises(PermissionDenied):
        services.group_ready_mark(viewer=viewer_of(bo), group_id=group.pk, ready=True)
    services.group_ready_mark(viewer=facilitator_viewer(session), group_id=group.pk, ready=True)
    group.refresh_from_db()
    assert group.summary_done and group.ready_to_report


def test_a_leader_must_be_in_the_group(session):
    group_1, _, (_, _, cecilia) = two_groups(session)
    with pytest.raises(ValidationError):
        services.group_leader_appoint(
            viewer=facilitator_viewer(session), group_id=group_1.pk, member_id=cecilia.pk
        )


def test_events_are_sent_only_after_the_write_commits(session, django_capture_on_commit_callbacks):
    group, _, (anna, *_) = two_groups(session)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        _write(anna, group, text="x" * 600)
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        _write(anna, group)
    # Other apps may hook their own work onto the commit; the board sends exactly once.
    sends = [c for c in callbacks if getattr(c, "func", None) is events_send]
    assert len(sends) == 1


def test_catching_up_returns_the_events_after_a_sequence_or_the_whole_board(session):
    group, _, (anna, *_) = two_groups(session)
    since = BreakoutGroup.objects.get(pk=group.pk).sequence
    _write(anna, group, client_id="a", text="Ett")
    _write(anna, group, client_id="b", text="Två")
    catchup = selectors.board_catchup(viewer=viewer_of(anna), group=group, since=since)
    assert catchup["type"] == "catchup"
    assert [e["note"]["text"] for e in catchup["events"]] == ["Ett", "Två"]
    GroupEvent.objects.filter(group=group, sequence=since + 1).delete()
    fallback = selectors.board_catchup(viewer=viewer_of(anna), group=group, since=since)
    assert fallback["type"] == "state"
    assert sorted(n["text"] for n in fallback["notes"]) == ["Ett", "Två"]


def test_many_moves_to_the_front_keep_the_frame_in_order_and_new_notes_go_last(session):
    group, _, (anna, *_) = two_groups(session)
    frame = _frames(session)[0]
    viewer = viewer_of(anna)
    notes = [_write(anna, group, f"Lapp {n}", f"n{n}").note for n in range(4)]
    expected = [note.pk for note in notes]
    # Enough moves between the same two places to use up every gap between them.
    for _ in range(40):
        last = expected.pop()
        expected.insert(1, last)
        services.note_move(viewer=viewer, note_id=last, frame_id=frame, index=1)
        assert selectors.frame_order(group_id=group.pk, frame_id=frame) == expected
    newest = _write(anna, group, "Senast", "n-last").note
    assert selectors.frame_order(group_id=group.pk, frame_id=frame) == [*expected, newest.pk]
