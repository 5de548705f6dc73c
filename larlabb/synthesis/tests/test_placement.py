"""The import page's placement by meaning, against the seed board's own export."""

from pathlib import Path

from django.urls import resolve, reverse

from larlabb.demo import seed_board
from larlabb.demo.sessions import FRAME_ORDER
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


def test_placing_by_meaning_puts_more_seed_notes_under_their_frame_than_the_export_order():
    parsed = _parsed()
    by_meaning = notes_place_by_meaning(FRAMES, parsed)
    assert len(by_meaning.placed) + len(by_meaning.unplaced) == 21
    assert _right(by_meaning, parsed) > _right(notes_place_lexical(FRAMES, parsed), parsed)


def test_the_import_page_places_notes_by_meaning():
    match = resolve(reverse("staff:session_import", args=[1]))
    assert match.kwargs["place"] is notes_place_by_meaning
