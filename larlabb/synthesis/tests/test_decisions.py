"""Staff's decisions about themes outlive the synthesis they were made in: a re-run of the
same scope and a wider synthesis built on the same notes apply them."""

import pytest
from django.urls import reverse

from larlabb.synthesis import selectors, services
from larlabb.synthesis.decisions import (
    SAME_THEME_OVERLAP,
    DecisionsMade,
    ThemeDecision,
    covered_note_ids,
    decisions_apply,
    theme_overlap,
)
from larlabb.synthesis.engine import SynthesisResult
from larlabb.synthesis.models import Synthesis

pytestmark = pytest.mark.django_db


def _run(kind: str, pk: int, user=None) -> tuple[Synthesis, SynthesisResult]:
    scope = selectors.scope_get(kind=kind, pk=pk)
    assert scope is not None
    synthesis = services.synthesis_record(scope=scope, by_user=user)
    done = services.synthesis_run(synthesis_id=synthesis.pk)
    assert done is not None and done.status == Synthesis.Status.DRAFT
    result = selectors.synthesis_result(done)
    assert result is not None and result.themes
    return done, result


def _theme_notes(result: SynthesisResult) -> list[frozenset[str]]:
    return [frozenset(theme.note_ids) for theme in result.themes]


def test_a_theme_deleted_in_a_session_synthesis_stays_deleted_in_the_workshop_synthesis(
    boards, staff_user
):
    session, result = _run(Synthesis.Scope.SESSION, boards.session.pk)
    deleted = frozenset(result.themes[0].note_ids)
    covered = covered_note_ids(result)

    def same_theme(themes_of: SynthesisResult) -> list[str]:
        return [
            theme.label
            for theme in themes_of.themes
            if theme_overlap(deleted, theme.note_ids, covered) >= SAME_THEME_OVERLAP
        ]

    _, before_deletion = _run(Synthesis.Scope.WORKSHOP, boards.workshop.pk)
    assert same_theme(before_deletion)
    services.synthesis_statement_remove(synthesis=session, key="theme-0", by_user=staff_user)
    _, workshop_result = _run(Synthesis.Scope.WORKSHOP, boards.workshop.pk)
    assert same_theme(workshop_result) == []
    assert any("förd" in notice for notice in workshop_result.notices)


def test_a_renamed_theme_keeps_its_name_when_the_synthesis_runs_again(boards, staff_user):
    first, result = _run(Synthesis.Scope.SESSION, boards.session.pk)
    services.synthesis_statement_edit(
        synthesis=first, key="theme-0-label", text="Mark, bostäder och jordbruk", by_user=staff_user
    )
    _, again = _run(Synthesis.Scope.SESSION, boards.session.pk)
    renamed = [t for t in again.themes if t.label == "Mark, bostäder och jordbruk"]
    assert len(renamed) == 1
    assert set(renamed[0].note_ids) & set(result.themes[0].note_ids)


def test_a_rewritten_summary_is_kept_and_a_decision_without_its_theme_changes_nothing():
    from larlabb.synthesis.engine import Cited, Theme

    theme = Theme(
        label="Bostäder",
        keywords=(),
        note_ids=("1", "2", "3"),
        summary=(Cited(text="Maskinens text", note_ids=("1",)),),
        groups=(),
        workshops=(),
    )
    other = Theme(
        label="Trafik", keywords=(), note_ids=("7", "8"), summary=(), groups=(), workshops=()
    )
    result = SynthesisResult(
        themes=(theme, other),
        duplicates=(),
        conflicts=(),
        good_examples=(),
        open_questions=(),
        frame_summaries=(),
        points=(),
        method="lexical",
        notices=(),
    )
    staff_summary = (Cited(text="Kansliets text", note_ids=("1", "2")),)
    made = DecisionsMade(
        decisions=(
            ThemeDecision(note_ids=("1", "2"), summary=staff_summary),
            ThemeDecision(note_ids=("40", "41"), deleted=True),
        ),
        covered=frozenset({"1", "2", "7", "8", "40", "41"}),
    )
    changed, applied = decisions_apply(result, [made])
    assert applied == 1
    assert changed.themes[0].summary == staff_summary
    assert changed.themes[1] == other


def test_the_scope_page_says_whether_a_new_run_starts_from_scratch(staff, boards, staff_user):
    url = reverse("staff:synthesis_scope", args=["pass", boards.session.pk])
    page = staff.get(url).content.decode()
    assert "Den nya sammanställningen börjar från början." in page
    synthesis, _ = _run(Synthesis.Scope.SESSION, boards.session.pk)
    services.synthesis_statement_remove(synthesis=synthesis, key="theme-0", by_user=staff_user)
    page = staff.get(url).content.decode()
    assert "Den nya sammanställningen börjar från början." not in page
    assert "Kansliets 1 ändring av teman i tidigare sammanställningar här förs vidare" in page
    workshop = staff.get(reverse("staff:synthesis_scope", args=["workshop", boards.workshop.pk]))
    assert "förs vidare" in workshop.content.decode()
    other = staff.get(reverse("staff:synthesis_scope", args=["pass", boards.other_session.pk]))
    assert "Den nya sammanställningen börjar från början." in other.content.decode()
