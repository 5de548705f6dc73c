"""Placing an imported board export's notes under their frames by meaning, for the import
page of the workshops app (wired in config/staff_urls.py, since workshops sits below
synthesis and cannot import it)."""

from collections.abc import Sequence

from larlabb.synthesis.engine import place_notes
from larlabb.workshops.transcription.board_export import (
    FrameRef,
    ParsedExport,
    Placement,
    notes_place_lexical,
)


def notes_place_by_meaning(frames: Sequence[FrameRef], parsed: ParsedExport) -> Placement:
    """Each note under the frame whose title it is closest to in meaning, with the frame
    title nearest before it in the export as a hint; notes where no frame stands out are
    left for staff to place."""
    frame_list = list(frames)
    notes = parsed.notes
    if not frame_list or not notes:
        return notes_place_lexical(frames, parsed)
    position = {frame.id: index for index, frame in enumerate(frame_list)}
    before = notes_place_lexical(frames, parsed).placed
    # Notes before any recognised title lean towards the first title the export shows: an
    # export lists a frame's notes around its title, not always after it.
    first_title = next(
        (item.frame_id for item in parsed.items if item.frame_id in position), frame_list[0].id
    )
    nearby = [position.get(before.get(note.index, first_title)) for note in notes]
    chosen = place_notes(
        [frame.title for frame in frame_list], [note.text for note in notes], nearby_title=nearby
    )
    placed = {
        note.index: frame_list[index].id
        for note, index in zip(notes, chosen, strict=True)
        if index is not None
    }
    unplaced = tuple(note.index for note in notes if note.index not in placed)
    return Placement(placed=placed, unplaced=unplaced)
