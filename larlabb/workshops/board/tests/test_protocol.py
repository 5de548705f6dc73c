import json

import pytest

from larlabb.workshops.board.protocol import (
    GoalConflictMark,
    LeaderAppoint,
    NoteCreate,
    NoteUpdate,
    NoteVote,
    ProtocolError,
    Sync,
    TimeSync,
    command_decode,
    command_parse,
    command_ref,
)
from larlabb.workshops.board.throttle import TokenBucket


def test_a_well_formed_note_is_parsed():
    command = command_parse(
        {
            "type": "note.create",
            "ref": "r1",
            "client_id": "5f1c-aa",
            "frame": 3,
            "text": "Hej",
            "colour": "blue",
        }
    )
    assert command == NoteCreate(ref="r1", client_id="5f1c-aa", frame=3, text="Hej", colour="blue")


@pytest.mark.parametrize(
    "message",
    [
        [],
        {"type": "drop.tables"},
        {"type": "note.create", "client_id": "x", "frame": "3", "text": "a", "colour": ""},
        {"type": "note.create", "client_id": "x y", "frame": 3, "text": "a", "colour": ""},
        {"type": "note.create", "client_id": "x", "frame": True, "text": "a", "colour": ""},
        {"type": "note.create", "client_id": "x", "frame": 3, "text": None, "colour": ""},
        {"type": "note.create", "client_id": "x", "frame": 3, "text": "a" * 2001, "colour": ""},
        {"type": "note.vote", "note": 1, "on": "yes"},
        {"type": "note.goal_conflict", "note": 1, "on": 1},
        {"type": "note.goal_conflict", "note": 0, "on": True},
        {"type": "sync", "since": -1},
        {"type": "time", "t0": "now"},
    ],
)
def test_a_malformed_message_is_refused(message):
    with pytest.raises(ProtocolError):
        command_parse(message)
    with pytest.raises(ProtocolError, match="Tavlan kunde inte ta emot ändringen"):
        command_decode(json.dumps(message))


@pytest.mark.parametrize("text", ["", "{", "not json", '{"type": "sync", "since": NaN}'])
def test_text_that_is_not_json_is_refused(text):
    with pytest.raises(ProtocolError):
        command_decode(text)


def test_the_socket_text_decodes_to_the_same_command_as_the_parsed_object():
    message = {"type": "note.create", "client_id": "c1", "frame": 3, "text": "Hej", "colour": ""}
    assert command_decode(json.dumps(message)) == command_parse(message)


def test_fields_a_message_does_not_define_are_ignored():
    # The board sends the note's frame with an update, which the update does not use.
    message = {"type": "note.update", "note": 4, "frame": 3, "text": "Ny", "version": 2}
    assert command_decode(json.dumps({**message, "colour": "red"})) == NoteUpdate(
        ref="", note=4, text="Ny", version=2, colour="red"
    )


def test_a_refused_message_still_gives_its_ref_back_when_it_has_a_valid_one():
    too_long = {"type": "note.create", "ref": "r-9", "client_id": "c", "frame": 3}
    text = json.dumps({**too_long, "text": "a" * 2001, "colour": ""})
    with pytest.raises(ProtocolError, match=r"\$\.text"):
        command_decode(text)
    assert command_ref(text) == "r-9"
    assert command_ref(json.dumps({"ref": "no spaces allowed"})) == ""
    assert command_ref("[]") == ""


def test_votes_goal_conflicts_sync_and_time_are_parsed():
    assert command_parse({"type": "note.vote", "note": 7, "on": False}) == NoteVote(
        ref="", note=7, on=False
    )
    assert command_parse(
        {"type": "note.goal_conflict", "ref": "g1", "note": 7, "on": True}
    ) == GoalConflictMark(ref="g1", note=7, on=True)
    assert command_parse({"type": "sync"}) == Sync(since=None)
    assert command_parse({"type": "time", "t0": 12}) == TimeSync(t0=12.0)


def test_the_token_bucket_allows_a_burst_then_its_rate():
    now = [0.0]
    bucket = TokenBucket(capacity=3, per_second=2, clock=lambda: now[0])
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    now[0] += 0.5
    assert [bucket.take() for _ in range(2)] == [True, False]
    now[0] += 100
    assert sum(bucket.take() for _ in range(10)) == 3


def test_a_leader_change_names_a_member_or_none():
    assert command_parse({"type": "group.leader", "member": 7}) == LeaderAppoint(ref="", member=7)
    assert command_parse({"type": "group.leader", "member": None}) == LeaderAppoint(
        ref="", member=None
    )
    with pytest.raises(ProtocolError):
        command_parse({"type": "group.leader", "member": "7"})
