import json

from django.utils.translation import gettext_lazy, override

from larlabb.workshops.board.payloads import payload_encode


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
