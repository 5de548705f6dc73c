"""Staff's decisions about a synthesis' themes, carried into every synthesis built later on the
same notes: a re-run of the same scope, or a wider one (a workshop's after its sessions').

A run finds its themes afresh, so a decision names its theme by the notes the theme held when
staff decided, and applies to the later theme whose notes overlap those most (Jaccard, counted
only over the notes the earlier synthesis covered, so a wider theme that also holds other
sessions' notes still matches).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import msgspec
from msgspec.structs import replace

from larlabb.core.codec import struct_from_json, struct_to_json
from larlabb.synthesis.engine import Cited, SynthesisResult

# How much a later theme's notes must overlap a decided theme's to count as the same theme.
SAME_THEME_OVERLAP: Final = 0.5


class ThemeDecision(msgspec.Struct, frozen=True):
    """One decision: the theme deleted, renamed (`label`), or its summary rewritten
    (`summary`, the whole summary as staff left it)."""

    note_ids: tuple[str, ...]
    deleted: bool = False
    label: str | None = None
    summary: tuple[Cited, ...] | None = None


@dataclass(frozen=True)
class DecisionsMade:
    """The decisions of one earlier synthesis and the notes that synthesis covered."""

    decisions: tuple[ThemeDecision, ...]
    covered: frozenset[str]


def decisions_to_json(decisions: Sequence[ThemeDecision]) -> list[object]:
    return [struct_to_json(decision) for decision in decisions]


def decisions_from_json(data: object) -> tuple[ThemeDecision, ...]:
    try:
        return struct_from_json(data or [], tuple[ThemeDecision, ...])
    except msgspec.ValidationError:
        return ()


def covered_note_ids(result: SynthesisResult) -> frozenset[str]:
    """Every note a synthesis was made of: each has a point in its picture."""
    ids = {point.note_id for point in result.points}
    for theme in result.themes:
        ids.update(theme.note_ids)
    return frozenset(ids)


def theme_decision(result: SynthesisResult, key: str, text: str | None) -> ThemeDecision | None:
    """The decision an edit of statement `key` (with `text`, None for a removal) makes about a
    theme of `result`, the synthesis as it was before the edit; None for other statements."""
    parts = key.split("-")
    if parts[0] != "theme" or not parts[1:] or not parts[1].isdigit():
        return None
    index = int(parts[1])
    if not 0 <= index < len(result.themes):
        return None
    theme = result.themes[index]
    if len(parts) == 2 and text is None:
        return ThemeDecision(note_ids=theme.note_ids, deleted=True)
    if len(parts) == 3 and parts[2] == "label" and text is not None:
        return ThemeDecision(note_ids=theme.note_ids, label=text)
    if len(parts) == 4 and parts[2] == "summary" and parts[3].isdigit():
        summary = list(theme.summary)
        at = int(parts[3])
        if not 0 <= at < len(summary):
            return None
        if text is None:
            del summary[at]
        else:
            summary[at] = replace(summary[at], text=text)
        return ThemeDecision(note_ids=theme.note_ids, summary=tuple(summary))
    return None


def theme_overlap(decided: frozenset[str], theme: Iterable[str], covered: frozenset[str]) -> float:
    seen = {note_id for note_id in theme if note_id in covered}
    union = decided | seen
    return len(decided & seen) / len(union) if union else 0.0


def _matching_theme(
    result: SynthesisResult, decision: ThemeDecision, covered: frozenset[str]
) -> int | None:
    decided = frozenset(decision.note_ids)
    best: tuple[float, int | None] = (0.0, None)
    for index, theme in enumerate(result.themes):
        overlap = theme_overlap(decided, theme.note_ids, covered)
        if overlap >= SAME_THEME_OVERLAP and overlap > best[0]:
            best = (overlap, index)
    return best[1]


def theme_removed(result: SynthesisResult, index: int) -> SynthesisResult:
    # Points name their theme by position, so those after the removed one move up by one.
    points = tuple(
        replace(p, theme=-1 if p.theme == index else p.theme - (p.theme > index))
        for p in result.points
    )
    themes = result.themes[:index] + result.themes[index + 1 :]
    return replace(result, themes=themes, points=points)


def decisions_apply(
    result: SynthesisResult, made: Sequence[DecisionsMade]
) -> tuple[SynthesisResult, int]:
    """`result` with every earlier decision applied to its matching theme, oldest first so a
    later decision wins; and how many found a theme to apply to."""
    applied = 0
    for earlier in made:
        for decision in earlier.decisions:
            index = _matching_theme(result, decision, earlier.covered)
            if index is None:
                continue
            applied += 1
            if decision.deleted:
                result = theme_removed(result, index)
                continue
            theme = result.themes[index]
            if decision.label is not None:
                theme = replace(theme, label=decision.label)
            if decision.summary is not None:
                theme = replace(theme, summary=decision.summary)
            themes = (*result.themes[:index], theme, *result.themes[index + 1 :])
            result = replace(result, themes=themes)
    return result, applied
