"""A synthesis made ready to show: what the staff page (and the public documentation) show of a
stored result.

Every note a page shows is looked up again here, inside the synthesis' own scope, so a note id
in a stored result that does not belong there (or no longer exists) is never shown.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

import msgspec
from django.urls import reverse
from django.utils.translation import gettext as _

from larlabb.synthesis.engine import SynthesisResult
from larlabb.synthesis.engine.types import cited_list_from_json
from larlabb.synthesis.models import Synthesis, WorkshopPlan
from larlabb.synthesis.selectors import (
    Scope,
    notes_for_scope,
    scope_of,
    synthesis_result,
    workshop_label,
)
from larlabb.workshops.access import Viewer
from larlabb.workshops.models import Note

# Theme colours for the picture; each has at least 3:1 contrast against the white background.
THEME_COLOURS: Final = (
    "#1f5f99",
    "#b3471d",
    "#2e7d32",
    "#8e2a8e",
    "#a31c3a",
    "#6b5b00",
    "#00707a",
    "#5b4636",
)
NO_THEME_COLOUR: Final = "#6e6e6e"
# After the colours run out the same colours come back as rings, then as squares, so no two of
# up to 24 themes look alike in the picture or its legend.
THEME_SHAPES: Final = ("disc", "ring", "square")
PICTURE_WIDTH: Final = 640
PICTURE_HEIGHT: Final = 420
PICTURE_MARGIN: Final = 24

logger = logging.getLogger(__name__)


def theme_marker(index: int) -> tuple[str, str]:
    """The colour and shape that stand for theme `index`; -1 (no theme) is a grey disc."""
    if index < 0:
        return NO_THEME_COLOUR, THEME_SHAPES[0]
    colours = len(THEME_COLOURS)
    return THEME_COLOURS[index % colours], THEME_SHAPES[index // colours % len(THEME_SHAPES)]


@dataclass(frozen=True)
class CitedNote:
    pk: int
    text: str
    group: str
    frame: str
    workshop: str
    votes: int
    board_path: str
    session_id: int
    group_number: int


@dataclass(frozen=True)
class BoardLink:
    label: str
    url: str


@dataclass(frozen=True)
class Statement:
    key: str
    text: str
    notes: tuple[CitedNote, ...]
    boards: tuple[BoardLink, ...]
    editable: bool = True


@dataclass(frozen=True)
class FoldedNote:
    note: CitedNote
    alike: tuple[CitedNote, ...]


def summary_heading(*, quotes_notes: bool) -> str:
    """Notes quoted as they were written are no summary, and are never called one."""
    return _("Representativa lappar") if quotes_notes else _("Sammanfattning")


@dataclass(frozen=True)
class ThemeView:
    index: int
    key: str
    label: Statement
    keywords: tuple[str, ...]
    size: int
    groups: tuple[str, ...]
    workshops: tuple[str, ...]
    summary: tuple[Statement, ...]
    notes: tuple[FoldedNote, ...]
    colour: str
    shape: str
    summary_heading: str
    from_board_group: bool

    # A class rather than a style attribute: the Content-Security-Policy allows no inline styles.
    @property
    def colour_class(self) -> str:
        return f"theme-colour-{self.index % len(THEME_COLOURS)}"


@dataclass(frozen=True)
class ConflictView:
    statement: Statement
    kind: str
    score: float


@dataclass(frozen=True)
class Dot:
    note: CitedNote
    x: float
    y: float
    r: float
    colour: str
    shape: str
    theme: str

    # A square marker of about the same area as the disc, centred on the point.
    @property
    def side(self) -> float:
        return round(self.r * 1.8, 1)

    @property
    def left(self) -> float:
        return round(self.x - self.side / 2, 1)

    @property
    def top(self) -> float:
        return round(self.y - self.side / 2, 1)


@dataclass
class Report:
    themes: list[ThemeView] = field(default_factory=list)
    frame_summaries: list[tuple[str, list[Statement]]] = field(default_factory=list)
    duplicates: list[Statement] = field(default_factory=list)
    explicit_conflicts: list[ConflictView] = field(default_factory=list)
    candidate_conflicts: list[ConflictView] = field(default_factory=list)
    good_examples: list[Statement] = field(default_factory=list)
    open_questions: list[Statement] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    method: str = ""
    notices: tuple[str, ...] = ()


def _group_label(note: Note, wide: bool) -> str:
    label = _("Grupp %(number)d") % {"number": note.group.number}
    if wide:
        return f"{label} ({note.group.session.join_code})"
    return label


def cited_notes(
    *, scope: Scope, ids: Iterable[str], viewer: Viewer | None = None
) -> dict[str, CitedNote]:
    """The notes behind `ids` that lie in `scope` and that `viewer` may see, by id string."""
    wanted = {int(i) for i in ids if i.isdigit()}
    if not wanted:
        return {}
    wide = scope.kind in {Synthesis.Scope.WORKSHOP, Synthesis.Scope.PROJECT}
    found: dict[str, CitedNote] = {}
    for note in notes_for_scope(scope=scope, viewer=viewer).filter(pk__in=wanted):
        session = note.group.session
        workshop = session.exercise.workshop
        found[str(note.pk)] = CitedNote(
            pk=note.pk,
            text=note.text,
            group=_group_label(note, wide),
            frame=note.frame.title,
            workshop=workshop_label(workshop) if workshop else "",
            votes=getattr(note, "vote_count", 0),
            board_path=reverse("workshops:board", args=[session.pk, note.group.number]),
            session_id=session.pk,
            group_number=note.group.number,
        )
    return found


def board_links(notes: Sequence[CitedNote]) -> tuple[BoardLink, ...]:
    """One link per board the notes are on, asking the board to highlight them."""
    by_board: dict[str, list[CitedNote]] = defaultdict(list)
    for note in notes:
        by_board[note.board_path].append(note)
    return tuple(
        BoardLink(
            label=_("Visa på tavlan: %(group)s") % {"group": on_board[0].group},
            url=f"{path}?markera={','.join(str(n.pk) for n in on_board)}",
        )
        for path, on_board in by_board.items()
    )


def _statement(
    key: str, text: str, ids: Sequence[str], notes: dict[str, CitedNote], editable: bool = True
) -> Statement:
    cited = tuple(notes[i] for i in dict.fromkeys(ids) if i in notes)
    return Statement(key=key, text=text, notes=cited, boards=board_links(cited), editable=editable)


def synthesis_report(*, synthesis: Synthesis, viewer: Viewer | None = None) -> Report | None:
    """Everything the synthesis page shows, every note id resolved within the scope."""
    result = synthesis_result(synthesis)
    if result is None:
        return None
    scope = scope_of(synthesis)
    notes = cited_notes(scope=scope, ids=result.note_ids(), viewer=viewer)
    report = Report(method=result.method, notices=result.notices)
    alike: dict[str, tuple[str, ...]] = {}
    for group in result.duplicates:
        for note_id in group:
            alike[note_id] = group
    for index, theme in enumerate(result.themes):
        colour, shape = theme_marker(index)
        folded: list[FoldedNote] = []
        shown: set[str] = set()
        for note_id in theme.note_ids:
            if note_id in shown or note_id not in notes:
                continue
            siblings = tuple(
                notes[other]
                for other in alike.get(note_id, ())
                if other != note_id and other in notes and other in theme.note_ids
            )
            shown.update(alike.get(note_id, (note_id,)))
            shown.add(note_id)
            folded.append(FoldedNote(note=notes[note_id], alike=siblings))
        report.themes.append(
            ThemeView(
                index=index,
                key=f"theme-{index}",
                label=_statement(f"theme-{index}-label", theme.label, theme.note_ids, notes),
                keywords=theme.keywords,
                size=sum(1 for i in theme.note_ids if i in notes),
                groups=theme.groups,
                workshops=theme.workshops,
                summary=tuple(
                    _statement(f"theme-{index}-summary-{j}", c.text, c.note_ids, notes)
                    for j, c in enumerate(theme.summary)
                ),
                notes=tuple(folded),
                colour=colour,
                shape=shape,
                summary_heading=summary_heading(quotes_notes=theme.summary_is_notes),
                from_board_group=theme.from_board_group,
            )
        )
    for i, frame in enumerate(result.frame_summaries):
        report.frame_summaries.append(
            (
                frame.frame,
                [
                    _statement(f"frame-{i}-{j}", c.text, c.note_ids, notes)
                    for j, c in enumerate(frame.summary)
                ],
            )
        )
    for i, group in enumerate(result.duplicates):
        present = [note_id for note_id in group if note_id in notes]
        if len(present) > 1:
            text = notes[present[0]].text
            report.duplicates.append(_statement(f"duplicate-{i}", text, present, notes, False))
    for i, conflict in enumerate(result.conflicts):
        view = ConflictView(
            statement=_statement(f"conflict-{i}", conflict.description, conflict.note_ids, notes),
            kind=conflict.kind,
            score=conflict.score,
        )
        if conflict.kind == "explicit":
            report.explicit_conflicts.append(view)
        else:
            report.candidate_conflicts.append(view)
    report.candidate_conflicts.sort(key=lambda view: -view.score)
    for i, note_id in enumerate(result.good_examples):
        if note_id in notes:
            report.good_examples.append(
                _statement(f"example-{i}", notes[note_id].text, (note_id,), notes, False)
            )
    report.open_questions = [
        _statement(f"question-{i}", c.text, c.note_ids, notes)
        for i, c in enumerate(result.open_questions)
    ]
    report.dots = _dots(result, notes)
    return report


def _dots(result: SynthesisResult, notes: dict[str, CitedNote]) -> list[Dot]:
    """The picture's points, scaled into the drawing, sized by +1s."""
    points = [point for point in result.points if point.note_id in notes]
    if not points:
        return []
    xs = [p.x for p in points]
    ys = [p.y for p in points]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    inner_w = PICTURE_WIDTH - 2 * PICTURE_MARGIN
    inner_h = PICTURE_HEIGHT - 2 * PICTURE_MARGIN
    dots = []
    for point in points:
        note = notes[point.note_id]
        in_theme = 0 <= point.theme < len(result.themes)
        colour, shape = theme_marker(point.theme if in_theme else -1)
        dots.append(
            Dot(
                note=note,
                x=round(PICTURE_MARGIN + (point.x - min(xs)) / span_x * inner_w, 1),
                y=round(PICTURE_MARGIN + (point.y - min(ys)) / span_y * inner_h, 1),
                r=5.0 + 2.0 * min(note.votes, 6),
                colour=colour,
                shape=shape,
                theme=result.themes[point.theme].label if in_theme else _("Utan tema"),
            )
        )
    # Larger dots first, so small ones drawn later stay visible on top.
    dots.sort(key=lambda dot: -dot.r)
    return dots


def plan_questions(*, plan: WorkshopPlan) -> list[Statement]:
    """The plan's suggested questions, each with the project's notes it rests on."""
    try:
        questions = cited_list_from_json(plan.questions or [])
    except msgspec.ValidationError:
        logger.exception("Workshop plan %s has stored questions that do not fit", plan.pk)
        questions = ()
    scope = Scope(kind=Synthesis.Scope.PROJECT, project=plan.project)
    notes = cited_notes(scope=scope, ids={i for q in questions for i in q.note_ids})
    return [
        _statement(f"plan-{index}", q.text, q.note_ids, notes, False)
        for index, q in enumerate(questions)
    ]
