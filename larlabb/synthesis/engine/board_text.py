"""Reads a flat board export: the instruction, then frame titles and notes in export order.

An export lists a board's text objects in the order they were created, not in reading order,
so a note may come before its frame's title. What can be recognised is the titles: each
repeats a line of the instruction (a question, "Att tänka på inför Lärlabb", the bonus
question), sometimes behind a label such as "Sammanfattning:" or "BONUS:". Everything else
after the instruction is a note, except board headings in capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_LABEL = re.compile(r"^[A-ZÅÄÖa-zåäö]+:\s+")
_MARKUP = re.compile(r"^\s*(?:[-*•]\s+|\d+[.)]\s+)?|\*\*|__|\*")
_HEADING = re.compile(r"^[A-ZÅÄÖ]{4,}\b")
TITLE_MATCH = 0.8


@dataclass(frozen=True)
class BoardText:
    instruction: tuple[str, ...]
    frame_titles: tuple[str, ...]
    notes: tuple[str, ...]
    # Per note, the frame title nearest before it in the export (the next one when none
    # precedes it): a weak hint, since exports mostly but not always keep a frame together.
    nearby_title: tuple[int | None, ...] = ()
    # The titles (as indexes into frame_titles) and notes in export order, for placing by
    # order and meaning together (placement.place_in_export_order).
    sequence: tuple[int | str, ...] = ()


def _clean(line: str) -> str:
    return " ".join(_MARKUP.sub("", line).split()).strip()


def _key(text: str) -> str:
    return re.sub(r"[^\wåäö ]", "", text.lower()).strip()


def _instruction_phrases(lines: list[str]) -> list[str]:
    phrases = []
    for line in lines:
        cleaned = _clean(line)
        phrases.append(cleaned)
        # "… i figuren: Att tänka på inför Lärlabb." names a frame after the colon.
        if ":" in cleaned:
            phrases.append(cleaned.rsplit(":", 1)[1].strip())
    return [p for p in phrases if len(p.split()) >= 3]


def _title_for(line: str, phrases: list[str]) -> str | None:
    # The label-less wording first: "BONUS: Goda exempel …" is titled "Goda exempel …".
    candidates = [_LABEL.sub("", line, count=1), line] if _LABEL.match(line) else [line]
    for candidate in candidates:
        key = _key(candidate)
        if len(key.split()) < 3:
            continue
        for phrase in phrases:
            other = _key(phrase)
            if key == other:
                return candidate
            # "Samla goda exempel på samverkan …" in the instruction, "Goda exempel på
            # samverkan …" on the board: the title is all but contained in the phrase.
            match = SequenceMatcher(None, key, other).find_longest_match()
            if match.size >= TITLE_MATCH * len(key):
                return candidate
    return None


def _is_heading(line: str) -> bool:
    return bool(_HEADING.match(line)) and len(line) < 80


def _nearby(lines: list[str], wanted: dict[str, str]) -> tuple[int | None, ...]:
    order = list(wanted)
    current: int | None = None
    result: list[int | None] = []
    for line in lines:
        key = _key(_LABEL.sub("", line, count=1))
        if _key(line) in wanted or key in wanted:
            current = order.index(_key(line) if _key(line) in wanted else key)
        elif not _is_heading(line):
            result.append(current)
    return tuple(0 if r is None else r for r in result)


def _sequence(lines: list[str], wanted: dict[str, str]) -> tuple[int | str, ...]:
    order = list(wanted)
    sequence: list[int | str] = []
    for line in lines:
        key = _key(_LABEL.sub("", line, count=1))
        if _key(line) in wanted or key in wanted:
            sequence.append(order.index(_key(line) if _key(line) in wanted else key))
        elif not _is_heading(line):
            sequence.append(_clean(line))
    return tuple(sequence)


def parse_board_text(text: str, *, frame_titles: tuple[str, ...] = ()) -> BoardText:
    """With `frame_titles` given, those lines are the titles and no instruction is needed."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if frame_titles:
        wanted = {_key(t): t for t in frame_titles}
        notes = tuple(
            _clean(line)
            for line in lines
            if _key(line) not in wanted
            and not any(_key(_LABEL.sub("", line, count=1)) == k for k in wanted)
            and not _is_heading(line)
        )
        return BoardText(
            instruction=(),
            frame_titles=tuple(frame_titles),
            notes=notes,
            nearby_title=_nearby(lines, wanted),
            sequence=_sequence(lines, wanted),
        )
    end = next((i for i, line in enumerate(lines) if _is_heading(line)), -1)
    instruction = lines[:end] if end > 0 else []
    phrases = _instruction_phrases(instruction)
    titles: list[str] = []
    notes_list: list[str] = []
    previous: list[int | None] = []
    sequence: list[int | str] = []
    for line in lines[end + 1 if end >= 0 else 0 :]:
        title = _title_for(line, phrases) if phrases else None
        if title is None and _is_heading(line):
            continue
        if title is not None:
            if title not in titles:
                titles.append(title)
            sequence.append(titles.index(title))
        else:
            notes_list.append(_clean(line))
            sequence.append(notes_list[-1])
            previous.append(len(titles) - 1 if titles else None)
    first = 0 if titles else None
    return BoardText(
        instruction=tuple(instruction),
        frame_titles=tuple(titles),
        notes=tuple(notes_list),
        nearby_title=tuple(first if p is None else p for p in previous),
        sequence=tuple(sequence),
    )
