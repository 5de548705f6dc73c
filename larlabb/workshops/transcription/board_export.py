"""Reading a flat board export: the text a whiteboard tool gives when a board is exported,
one paragraph per item (the instruction, frame titles, post-its and board headings), in the
tool's export order, which is not the order a person reads the board in.

Pure functions over plain data, so the import page, the tests and a smarter placement (one
that reads the notes' meaning) can all use them without a database.
"""

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

# How alike a line and a frame title must be to count as that title with a typo or two.
TITLE_SIMILARITY: Final = 0.9
# How many of a line's words must occur in the exercise's instruction for it to count as part
# of the instruction, and how many words it needs before that share means anything.
INSTRUCTION_WORD_SHARE: Final = 0.85
INSTRUCTION_MIN_WORDS: Final = 4
# The instruction block may hold a few lines that are not in the exercise's own instruction
# ("Gör så här:"); this many in a row end it.
INSTRUCTION_MAX_GAP: Final = 2
INSTRUCTION_HEADINGS: Final = frozenset({"instruktion", "instruktioner", "instruction"})
# Board headings are written in capitals ("LÄRLABB Workshop i Stockholm 8 juni"); a note may
# start with a short acronym ("SKR:s rapport"), so only words of this length count.
HEADING_CAPITALS_MIN: Final = 4

_LIST_MARKER = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")
_WORD = re.compile(r"\w+")


class ItemKind(StrEnum):
    NOTE = "note"
    FRAME = "frame"
    INSTRUCTION = "instruction"
    HEADING = "heading"


@dataclass(frozen=True)
class FrameRef:
    """A frame of the exercise the export is read against."""

    id: int
    title: str


@dataclass(frozen=True)
class ExportItem:
    """One paragraph of the export, in export order; `frame_id` is set for a frame title."""

    index: int
    text: str
    kind: ItemKind
    frame_id: int | None = None


@dataclass(frozen=True)
class ParsedExport:
    items: tuple[ExportItem, ...]

    @property
    def notes(self) -> list[ExportItem]:
        return [item for item in self.items if item.kind == ItemKind.NOTE]

    @property
    def frame_ids_found(self) -> set[int]:
        return {item.frame_id for item in self.items if item.frame_id is not None}


@dataclass(frozen=True)
class Placement:
    """Where each note goes (note index → frame id) and the notes left for staff to place."""

    placed: dict[int, int] = field(default_factory=dict)
    unplaced: tuple[int, ...] = ()


type Placer = Callable[[Sequence[FrameRef], ParsedExport], Placement]


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _plain(text: str) -> str:
    """Lower case words only: no list markers, Markdown, punctuation or extra spaces."""
    return " ".join(words(_LIST_MARKER.sub("", text)))


def paragraphs(text: str) -> list[str]:
    """The export's items: runs of lines separated by blank lines, trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = re.split(r"\n\s*\n", text)
    return [block.strip() for block in blocks if block.strip()]


def _title_candidates(text: str) -> list[str]:
    # "Sammanfattning: Att tänka på …" and "BONUS: Goda exempel …" carry a label before the
    # title itself.
    candidates = [_plain(text)]
    if ":" in text:
        candidates.append(_plain(text.split(":", 1)[1]))
    return [candidate for candidate in candidates if candidate]


def frame_for_title(text: str, frames: Sequence[FrameRef]) -> int | None:
    """The frame whose title this item is, exactly or nearly, or None."""
    if "\n" in text.strip():
        return None
    titles = [(frame.id, _plain(frame.title)) for frame in frames]
    candidates = _title_candidates(text)
    for candidate in candidates:
        for frame_id, title in titles:
            if title and candidate == title:
                return frame_id
    best: tuple[float, int | None] = (0.0, None)
    for candidate in candidates:
        for frame_id, title in titles:
            if len(title) < 10:
                continue
            ratio = difflib.SequenceMatcher(None, candidate, title).ratio()
            if ratio >= TITLE_SIMILARITY and ratio > best[0]:
                best = (ratio, frame_id)
    return best[1]


class _Instruction:
    def __init__(self, instruction: str) -> None:
        self.text = f" {_plain(instruction)} "
        self.words = set(words(instruction))

    def line_matches(self, line: str) -> bool:
        plain = _plain(line)
        if not plain or not self.words:
            return False
        if len(plain) >= 8 and f" {plain} " in self.text:
            return True
        line_words = plain.split()
        if len(line_words) < INSTRUCTION_MIN_WORDS:
            return False
        shared = sum(1 for word in line_words if word in self.words)
        return shared / len(line_words) >= INSTRUCTION_WORD_SHARE

    def matches(self, paragraph: str) -> bool:
        lines = [line for line in paragraph.splitlines() if line.strip()]
        return sum(1 for line in lines if self.line_matches(line)) * 2 >= len(lines)


def _is_instruction_heading(paragraph: str) -> bool:
    return _plain(paragraph) in INSTRUCTION_HEADINGS


def _instruction_block(items: Sequence[str], instruction: _Instruction) -> range:
    """The leading items that are the exercise's instruction as the board shows it."""
    if not items or not (_is_instruction_heading(items[0]) or instruction.matches(items[0])):
        return range(0)
    end = 0
    gap = 0
    for index in range(1, len(items)):
        if instruction.matches(items[index]):
            end, gap = index, 0
        else:
            gap += 1
            if gap > INSTRUCTION_MAX_GAP:
                break
    return range(end + 1)


def _is_heading(paragraph: str, board_title: str) -> bool:
    if board_title and _plain(paragraph) == _plain(board_title):
        return True
    first = paragraph.split(maxsplit=1)[0].strip(":.,;!?")
    letters = [char for char in first if char.isalpha()]
    return (
        len(letters) >= HEADING_CAPITALS_MIN
        and len(letters) == len(first)
        and first == first.upper()
    )


def board_export_parse(
    text: str, *, frames: Sequence[FrameRef], instruction: str = "", board_title: str = ""
) -> ParsedExport:
    """Every paragraph of `text`, classified: the instruction block at the start (recognised
    by the words of `instruction`), frame titles (recognised by `frames`' titles), board
    headings in capitals or equal to `board_title`, and everything else a note."""
    items = paragraphs(text)
    block = _instruction_block(items, _Instruction(instruction))
    parsed: list[ExportItem] = []
    for index, paragraph in enumerate(items):
        if index in block:
            parsed.append(ExportItem(index, paragraph, ItemKind.INSTRUCTION))
            continue
        frame_id = frame_for_title(paragraph, frames)
        if frame_id is not None:
            parsed.append(ExportItem(index, paragraph, ItemKind.FRAME, frame_id))
        elif _is_heading(paragraph, board_title):
            parsed.append(ExportItem(index, paragraph, ItemKind.HEADING))
        else:
            parsed.append(ExportItem(index, paragraph, ItemKind.NOTE))
    return ParsedExport(items=tuple(parsed))


def notes_place_lexical(frames: Sequence[FrameRef], parsed: ParsedExport) -> Placement:
    """The default placement: a note goes under the frame title nearest before it in the
    export; notes before any recognised title are left for staff to place.

    Exports list a frame's title among its notes rather than always first, so some notes land
    under the frame before their own; the review step shows every placement to correct."""
    known = {frame.id for frame in frames}
    placed: dict[int, int] = {}
    unplaced: list[int] = []
    current: int | None = None
    for item in parsed.items:
        if item.kind == ItemKind.FRAME and item.frame_id in known:
            current = item.frame_id
        elif item.kind == ItemKind.NOTE:
            if current is None:
                unplaced.append(item.index)
            else:
                placed[item.index] = current
    return Placement(placed=placed, unplaced=tuple(unplaced))
