"""Placing an imported board export's notes under their frames, for the import page of the
workshops app (wired in config/staff_urls.py, since workshops sits below synthesis and cannot
import it)."""

from collections.abc import Sequence

from larlabb.synthesis.engine.placement import place_in_export_order
from larlabb.workshops.transcription.board_export import (
    FrameRef,
    ItemKind,
    ParsedExport,
    Placement,
    notes_place_lexical,
)


def notes_place_by_meaning(frames: Sequence[FrameRef], parsed: ParsedExport) -> Placement:
    """Each note under its frame, read from the export's order (a frame's notes stand together
    around its title) and the notes' meaning where that is sure enough to overrule the order."""
    frame_list = list(frames)
    if not frame_list or not parsed.notes:
        return notes_place_lexical(frames, parsed)
    position = {frame.id: index for index, frame in enumerate(frame_list)}
    sequence: list[int | str] = []
    for item in parsed.items:
        if item.kind == ItemKind.FRAME and item.frame_id in position:
            sequence.append(position[item.frame_id])
        elif item.kind == ItemKind.NOTE:
            sequence.append(item.text)
    chosen = place_in_export_order([frame.title for frame in frame_list], sequence)
    placed = {
        note.index: frame_list[index].id
        for note, index in zip(parsed.notes, chosen, strict=True)
        if index is not None
    }
    unplaced = tuple(note.index for note in parsed.notes if note.index not in placed)
    return Placement(placed=placed, unplaced=unplaced)
