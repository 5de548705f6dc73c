"""The flat board exports of the evaluation set and their truth, for the placement's tests and
for bench/synthesis_quality.py.

Each board is `exports/<name>.txt` (the export as a whiteboard tool gives it) beside
`exports/<name>.json` (its frames in board order, the frame of every note, and the exercise's
instruction and board title where the export repeats them).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from larlabb.workshops.transcription.board_export import (
    FrameRef,
    ParsedExport,
    Placement,
    board_export_parse,
)

EXPORTS = Path(__file__).resolve().parent / "exports"


@dataclass(frozen=True)
class ExportBoard:
    name: str
    frames: tuple[FrameRef, ...]
    parsed: ParsedExport
    right_frame: dict[int, int]  # note index in the export → its frame's id

    def accuracy(self, place: Callable[[list[FrameRef], ParsedExport], Placement]) -> float:
        """The share of the board's notes that `place` puts under their right frame."""
        placed = place(list(self.frames), self.parsed).placed
        right = sum(1 for index, frame in self.right_frame.items() if placed.get(index) == frame)
        return right / len(self.right_frame)


def export_boards() -> list[ExportBoard]:
    boards = []
    for truth_path in sorted(EXPORTS.glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        frames = tuple(FrameRef(id=n, title=title) for n, title in enumerate(truth["frames"]))
        parsed = board_export_parse(
            truth_path.with_suffix(".txt").read_text(encoding="utf-8"),
            frames=frames,
            instruction=truth.get("instruction", ""),
            board_title=truth.get("board_title", ""),
        )
        right = {
            note.index: truth["frames"].index(truth["notes"][note.text]) for note in parsed.notes
        }
        boards.append(ExportBoard(truth_path.stem, frames, parsed, right))
    return boards
