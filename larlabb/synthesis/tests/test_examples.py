"""Good examples: something done somewhere, in any tense, or written where they are asked for."""

import pytest

from larlabb.synthesis.engine.examples import good_examples
from larlabb.synthesis.engine.types import InputNote


@pytest.mark.parametrize(
    "text",
    [
        "Region Jämtland Härjedalen och kommunerna tog fram en gemensam plan för besöksnäringen.",
        "Region Västerbotten har tagit fram en bostadsmarknadsanalys med kommunerna.",
        "Region Gävleborg tar fram en gemensam cykelplan med kommunerna.",
        "Länsstyrelsen i Dalarna genomförde en serie dialogmöten om vindkraft 2023.",
        "I Ånge har kommunen inventerat tomma hus och förmedlat kontakt med inflyttare.",
    ],
)
def test_a_practice_done_somewhere_counts_in_any_tense(text):
    assert good_examples([InputNote(id="1", text=text)]) == ["1"]


@pytest.mark.parametrize(
    "text",
    [
        "Region Skåne borde ta fram en plan för bostäderna.",
        "Vi behöver fler bussar, t.ex. på kvällen.",
        "Trafikverket måste samordna sina yttranden med regionerna.",
        "Vad kan vi lära av Region Skåne?",
    ],
)
def test_a_wish_or_a_question_naming_an_actor_is_no_example(text):
    assert good_examples([InputNote(id="1", text=text)]) == []


def test_a_note_in_a_frame_asking_for_good_examples_counts():
    frame = "Goda exempel på samverkan mellan myndigheter och regioner"
    notes = [
        InputNote(id="told", text="Gemensamt kansli för samhällsomvandlingen.", frame=frame),
        InputNote(id="asked", text="Finns det något bra exempel?", frame=frame),
        InputNote(id="lack", text="Vi saknar goda exempel här.", frame=frame),
        InputNote(
            id="elsewhere", text="Gemensamt kansli för samhällsomvandlingen.", frame="Övrigt"
        ),
    ]
    assert good_examples(notes) == ["told"]
