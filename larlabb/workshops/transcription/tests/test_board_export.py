"""Reading a flat board export, against the seed board's own export."""

from pathlib import Path

from larlabb.demo import seed_board
from larlabb.demo.sessions import FRAME_ORDER
from larlabb.workshops.transcription.board_export import (
    FrameRef,
    ItemKind,
    board_export_parse,
    notes_place_lexical,
)

SEED_EXPORT = (Path(__file__).parent / "data" / "seed_board_export.txt").read_text()
FRAMES = [FrameRef(id=100 + n, title=title) for n, title in enumerate(FRAME_ORDER)]
INSTRUCTION = "\n".join([seed_board.INSTRUCTION, *seed_board.STEPS, seed_board.CLOSING_NOTE])
SEED_NOTES = {text: title for title, texts in seed_board.NOTES_BY_FRAME.items() for text in texts}


def _frame_id(title: str) -> int:
    return FRAMES[FRAME_ORDER.index(title)].id


def _parse(text: str = SEED_EXPORT):
    return board_export_parse(
        text, frames=FRAMES, instruction=INSTRUCTION, board_title=seed_board.EXERCISE_TITLE
    )


def test_every_one_of_the_21_seed_notes_is_parsed_and_nothing_else_is_a_note():
    notes = [item.text for item in _parse().notes]
    assert len(SEED_NOTES) == 21
    assert sorted(notes) == sorted(SEED_NOTES)


def test_all_five_frame_titles_are_recognised_with_their_summary_and_bonus_labels():
    frames = [item for item in _parse().items if item.kind == ItemKind.FRAME]
    assert [item.frame_id for item in frames] == [
        _frame_id(seed_board.QUESTIONS[1]),
        _frame_id(seed_board.QUESTIONS[2]),
        _frame_id(seed_board.QUESTIONS[0]),
        _frame_id(seed_board.SUMMARY_FRAME),
        _frame_id(seed_board.BONUS_FRAME),
    ]
    assert frames[3].text == "Sammanfattning: Att tänka på inför Lärlabb"
    assert frames[4].text.startswith("BONUS: ")


def test_the_questions_listed_in_the_instruction_are_not_taken_for_frame_titles():
    items = _parse().items
    instruction = [item for item in items if item.kind == ItemKind.INSTRUCTION]
    assert instruction[0].text == "Instruktion"
    assert any("**Vilka förväntningar har du på Lärlabb?**" in item.text for item in instruction)
    assert instruction[-1].index < min(i.index for i in items if i.kind == ItemKind.FRAME)


def test_board_headings_in_capitals_are_not_notes():
    headings = [item.text for item in _parse().items if item.kind == ItemKind.HEADING]
    assert headings == [
        "LÄRLABB Workshop i Stockholm 8 juni",
        "LÄRLABB Workshop i Stockholm 24 augusti",
    ]


def test_notes_after_a_frame_title_are_placed_under_it():
    parsed = _parse()
    placement = notes_place_lexical(FRAMES, parsed)
    by_text = {item.text: placement.placed.get(item.index) for item in parsed.notes}
    assert by_text["En arena för samtal"] == _frame_id(seed_board.QUESTIONS[0])
    assert by_text[
        "Diskussionen behöver föras på fler nivåer, på GD, direktörsnivå - chefer."
    ] == _frame_id(seed_board.SUMMARY_FRAME)
    summary = [t for t, f in by_text.items() if f == _frame_id(seed_board.SUMMARY_FRAME)]
    assert sorted(summary) == sorted(seed_board.NOTES_BY_FRAME[seed_board.SUMMARY_FRAME])


def test_notes_before_any_frame_title_are_left_for_staff_to_place():
    parsed = _parse()
    placement = notes_place_lexical(FRAMES, parsed)
    unplaced = [item.text for item in parsed.notes if item.index in placement.unplaced]
    assert unplaced == list(seed_board.NOTES_BY_FRAME[seed_board.QUESTIONS[1]][:4])
    assert len(placement.placed) + len(placement.unplaced) == 21


def test_the_lexical_placement_agrees_with_a_reader_on_13_of_the_seed_notes():
    # The figure the smarter placement of the synthesis app is measured against.
    parsed = _parse()
    placement = notes_place_lexical(FRAMES, parsed)
    right = sum(
        1
        for item in parsed.notes
        if placement.placed.get(item.index) == _frame_id(SEED_NOTES[item.text])
    )
    assert right == 13


def test_a_title_with_a_typo_is_still_recognised_and_a_short_one_needs_an_exact_match():
    frames = [FrameRef(1, "Vad vill du veta om myndigheterna?"), FrameRef(2, "Idéer")]
    parsed = board_export_parse(
        "Vad vill du veta om myndigheterma\n\nEn lapp\n\nideer\n\nIdéer:\n\nEn till",
        frames=frames,
    )
    kinds = [(item.kind, item.frame_id) for item in parsed.items]
    assert kinds == [
        (ItemKind.FRAME, 1),
        (ItemKind.NOTE, None),
        (ItemKind.NOTE, None),
        (ItemKind.FRAME, 2),
        (ItemKind.NOTE, None),
    ]


def test_a_note_over_several_lines_stays_one_note_and_windows_line_ends_are_read():
    text = "Fråga ett\r\n\r\nFörsta raden\r\nandra raden\r\n\r\nSKR:s rapport om roller\r\n"
    parsed = board_export_parse(text, frames=[FrameRef(7, "Fråga ett")])
    assert [item.text for item in parsed.notes] == [
        "Första raden\nandra raden",
        "SKR:s rapport om roller",
    ]
    assert notes_place_lexical([FrameRef(7, "Fråga ett")], parsed).unplaced == ()


def test_an_export_without_an_instruction_starts_with_its_notes():
    parsed = board_export_parse(
        "Presentera er.\n\nFråga ett\n\nSvar", frames=[FrameRef(7, "Fråga ett")], instruction=""
    )
    assert [item.kind for item in parsed.items] == [ItemKind.NOTE, ItemKind.FRAME, ItemKind.NOTE]
