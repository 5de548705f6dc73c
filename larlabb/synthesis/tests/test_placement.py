"""The import page's placement by the export's order and the notes' meaning, against the seed
board's own export and the flat exports of the evaluation set."""

from pathlib import Path

import pytest
from django.urls import resolve, reverse

from larlabb.demo import seed_board
from larlabb.demo.sessions import FRAME_ORDER
from larlabb.synthesis.engine.placement import place_in_export_order
from larlabb.synthesis.evaluation.export_boards import export_boards
from larlabb.synthesis.placement import notes_place_by_meaning
from larlabb.workshops.transcription.board_export import (
    FrameRef,
    board_export_parse,
    notes_place_lexical,
)

SEED_EXPORT = (
    Path(__file__).resolve().parents[2] / "workshops/transcription/tests/data/seed_board_export.txt"
).read_text()
FRAMES = [FrameRef(id=100 + n, title=title) for n, title in enumerate(FRAME_ORDER)]
RIGHT_FRAME = {
    text: FRAMES[FRAME_ORDER.index(title)].id
    for title, texts in seed_board.NOTES_BY_FRAME.items()
    for text in texts
}


def _parsed():
    instruction = "\n".join([seed_board.INSTRUCTION, *seed_board.STEPS, seed_board.CLOSING_NOTE])
    return board_export_parse(
        SEED_EXPORT, frames=FRAMES, instruction=instruction, board_title=seed_board.EXERCISE_TITLE
    )


def _right(placement, parsed) -> int:
    return sum(
        1 for note in parsed.notes if placement.placed.get(note.index) == RIGHT_FRAME[note.text]
    )


def test_every_note_of_the_seed_export_lands_under_its_frame():
    parsed = _parsed()
    placement = notes_place_by_meaning(FRAMES, parsed)
    assert len(parsed.notes) == 21
    assert _right(placement, parsed) == 21


@pytest.mark.parametrize("board", export_boards(), ids=lambda board: board.name)
def test_placement_is_never_worse_than_the_export_order_alone(board):
    assert board.accuracy(notes_place_by_meaning) >= board.accuracy(notes_place_lexical)


def test_meaning_moves_notes_where_the_export_lists_titles_after_their_notes():
    (board,) = [board for board in export_boards() if board.name == "kompetens_rubrik_sist"]
    assert board.accuracy(notes_place_lexical) == 0
    assert board.accuracy(notes_place_by_meaning) >= 0.8


def test_a_single_frame_takes_every_note_and_no_frame_leaves_them_for_staff():
    assert place_in_export_order(["Bostäder"], ["Det saknas hyresrätter"]) == [0]
    assert place_in_export_order([], ["Det saknas hyresrätter"]) == [None]


def test_the_import_page_places_notes_by_meaning():
    match = resolve(reverse("staff:session_import", args=[1]))
    assert match.kwargs["place"] is notes_place_by_meaning
