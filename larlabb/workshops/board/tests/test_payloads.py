import json

from django.utils.translation import gettext_lazy, override

from larlabb.workshops.board.payloads import event_for_viewer, payload_encode


def test_a_socket_message_reads_back_as_it_was_sent():
    message = {
        "type": "note",
        "seq": 7,
        "note": {"id": 3, "text": 'Målkonflikt: "bostäder" mot åkermark', "voters": [1, 2]},
        "ends_at": None,
        "t0": 12.5,
        "hidden": False,
    }
    assert json.loads(payload_encode(message)) == message


def test_a_lazy_swedish_message_is_written_as_its_text():
    with override("sv"):
        text = payload_encode({"message": gettext_lazy("Kom nyss.")})
    assert json.loads(text) == {"message": "Kom nyss."}


def test_while_members_write_alone_a_named_groups_event_comes_without_its_name_and_notes():
    event = {
        "type": "group",
        "group": 4,
        "seq": 9,
        "state": {"id": 4, "members": []},
        "note_group": {"id": 2, "name": "Budget", "notes": [11, 12]},
    }
    hidden = event_for_viewer(event, member_id=7, is_facilitator=False, hidden=True)
    assert hidden == {key: value for key, value in event.items() if key != "note_group"}
    assert event_for_viewer(event, member_id=7, is_facilitator=False, hidden=False) == event
    assert event_for_viewer(event, member_id=None, is_facilitator=True, hidden=True) == event
