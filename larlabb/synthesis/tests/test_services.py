import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from larlabb.synthesis import engine, presentation, selectors, services
from larlabb.synthesis.models import NoteEmbedding, Synthesis, WorkshopPlan
from larlabb.synthesis.selectors import Scope, scope_get
from larlabb.workshops.access import Viewer
from larlabb.workshops.models import Frame, Note

pytestmark = pytest.mark.django_db


def _scope(kind: str, pk: int) -> Scope:
    scope = scope_get(kind=kind, pk=pk)
    assert scope is not None
    return scope


def _run(scope: Scope, user=None) -> Synthesis:
    synthesis = services.synthesis_record(scope=scope, by_user=user)
    services.synthesis_run(synthesis_id=synthesis.pk)
    synthesis.refresh_from_db()
    return synthesis


def _cited_ids(synthesis: Synthesis) -> set[str]:
    result = selectors.synthesis_result(synthesis)
    assert result is not None
    return result.note_ids()


# --- Embeddings --------------------------------------------------------------------------


def test_a_saved_note_gets_its_embedding_after_commit(boards, django_capture_on_commit_callbacks):
    frame = Frame.objects.filter(exercise=boards.session.exercise)[0]
    with django_capture_on_commit_callbacks(execute=True):
        note = Note.objects.create(
            group=boards.group_1, frame=frame, text="Cykelvägar mellan byarna", client_id="n1"
        )
    embedding = NoteEmbedding.objects.get(note=note)
    assert embedding.model == engine.EMBEDDING_MODEL
    assert np.frombuffer(bytes(embedding.vector), dtype=np.float32).shape == (384,)


def test_changing_a_notes_text_embeds_it_again(boards, django_capture_on_commit_callbacks):
    note = boards.notes(boards.group_1)[0]
    with django_capture_on_commit_callbacks(execute=True):
        note.save()
    before = bytes(NoteEmbedding.objects.get(note=note).vector)
    note.text = "Kollektivtrafik på landsbygden är avgörande för att kunna bo kvar."
    with django_capture_on_commit_callbacks(execute=True):
        note.save(update_fields=["text", "updated_at"])
    assert bytes(NoteEmbedding.objects.get(note=note).vector) != before


def test_moving_or_deleting_a_note_enqueues_no_embedding(
    boards, django_capture_on_commit_callbacks
):
    note = boards.notes(boards.group_1)[0]
    with django_capture_on_commit_callbacks() as callbacks:
        note.save(update_fields=["frame", "updated_at"])
        note.deleted_at = note.created_at
        note.save()
    assert callbacks == []


def test_backfill_embeds_every_note_without_a_current_vector_once(boards):
    total = Note.objects.filter(deleted_at__isnull=True).count()
    assert services.embeddings_backfill() == total
    assert NoteEmbedding.objects.count() == total
    assert services.embeddings_backfill() == 0


# --- Running a synthesis -----------------------------------------------------------------


def test_starting_runs_the_task_after_commit_and_stores_a_draft(
    boards, staff_user, django_capture_on_commit_callbacks
):
    scope = _scope(Synthesis.Scope.SESSION, boards.session.pk)
    with django_capture_on_commit_callbacks(execute=True):
        synthesis = services.synthesis_start(scope=scope, by_user=staff_user)
    synthesis.refresh_from_db()
    assert synthesis.status == Synthesis.Status.DRAFT
    assert synthesis.progress == 100
    assert synthesis.note_count == 11
    assert synthesis.created_by == staff_user
    result = selectors.synthesis_result(synthesis)
    assert result is not None and result.themes
    # The run stored every note's vector, so the next one computes none.
    assert NoteEmbedding.objects.filter(note__group__session=boards.session).count() == 11


def test_a_scope_without_notes_cannot_be_started(boards, staff_user):
    Note.objects.filter(group=boards.group_2).delete()
    scope = _scope(Synthesis.Scope.GROUP, boards.group_2.pk)
    with pytest.raises(ValidationError) as error:
        services.synthesis_start(scope=scope, by_user=staff_user)
    assert error.value.code == "no_notes"


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        ("group", {"group_1"}),
        ("session", {"group_1", "group_2"}),
        ("workshop", {"group_1", "group_2"}),
        ("project", {"group_1", "group_2", "other_group"}),
    ],
)
def test_citations_point_only_at_existing_notes_inside_the_scope(boards, kind, allowed):
    target = {
        "group": boards.group_1,
        "session": boards.session,
        "workshop": boards.workshop,
        "project": boards.workshop.project,
    }[kind]
    synthesis = _run(_scope(kind, target.pk))
    inside = {
        str(pk)
        for name in allowed
        for pk in Note.objects.filter(group=getattr(boards, name)).values_list("pk", flat=True)
    }
    cited = _cited_ids(synthesis)
    assert cited
    assert cited <= inside


def test_deleted_notes_are_left_out(boards):
    deleted = boards.notes(boards.group_1)[2]
    deleted.deleted_at = deleted.created_at
    deleted.save()
    synthesis = _run(_scope(Synthesis.Scope.GROUP, boards.group_1.pk))
    assert synthesis.note_count == 5
    assert str(deleted.pk) not in _cited_ids(synthesis)


def test_a_note_id_from_elsewhere_in_a_stored_result_is_never_shown(boards):
    synthesis = _run(_scope(Synthesis.Scope.GROUP, boards.group_1.pk))
    foreign = boards.notes(boards.group_2)[0]
    assert isinstance(synthesis.result, dict)
    data = dict(synthesis.result)
    data["good_examples"] = [str(foreign.pk)]
    data["open_questions"] = [{"text": "Smugglad", "note_ids": [str(foreign.pk)]}]
    synthesis.result = data
    synthesis.save()
    report = presentation.synthesis_report(synthesis=synthesis)
    assert report is not None
    shown = {
        note.pk
        for statement in report.open_questions + report.good_examples
        for note in statement.notes
    }
    assert foreign.pk not in shown
    assert report.good_examples == []


def test_a_facilitator_sees_only_their_session_and_a_member_only_their_group(boards):
    scope = _scope(Synthesis.Scope.PROJECT, boards.workshop.project.pk)
    facilitator = Viewer(
        session_id=boards.session.pk, member_id=None, group_id=None, is_facilitator=True
    )
    member = Viewer(
        session_id=boards.session.pk, member_id=1, group_id=boards.group_2.pk, is_facilitator=False
    )
    seen_by_facilitator = set(selectors.notes_for_scope(scope=scope, viewer=facilitator))
    seen_by_member = set(selectors.notes_for_scope(scope=scope, viewer=member))
    assert seen_by_facilitator == set(boards.notes(boards.group_1) + boards.notes(boards.group_2))
    assert seen_by_member == set(boards.notes(boards.group_2))


def test_an_engine_failure_marks_the_synthesis_failed_and_says_so(boards, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("klustringen föll")

    monkeypatch.setattr(engine, "synthesize", broken)
    synthesis = _run(_scope(Synthesis.Scope.GROUP, boards.group_1.pk))
    assert synthesis.status == Synthesis.Status.FAILED
    assert synthesis.error == str(services.FAILED_MESSAGE)
    assert synthesis.result is None


# --- Review ------------------------------------------------------------------------------


@pytest.fixture
def draft(boards) -> Synthesis:
    return _run(_scope(Synthesis.Scope.SESSION, boards.session.pk))


def test_editing_a_theme_summary_changes_its_text_and_keeps_its_citations(draft, staff_user):
    before = selectors.synthesis_result(draft)
    assert before is not None
    cited = before.themes[0].summary[0].note_ids
    services.synthesis_statement_edit(
        synthesis=draft,
        key="theme-0-summary-0",
        text="  Bostäder  mot åkermark ",
        by_user=staff_user,
    )
    draft.refresh_from_db()
    after = selectors.synthesis_result(draft)
    assert after is not None
    assert after.themes[0].summary[0].text == "Bostäder mot åkermark"
    assert after.themes[0].summary[0].note_ids == cited
    assert draft.edited_by == staff_user and draft.edited_at is not None


def test_renaming_a_theme_keeps_its_notes(draft, staff_user):
    before = selectors.synthesis_result(draft)
    assert before is not None
    services.synthesis_statement_edit(
        synthesis=draft, key="theme-0-label", text="Mark och bostäder", by_user=staff_user
    )
    draft.refresh_from_db()
    after = selectors.synthesis_result(draft)
    assert after is not None
    assert after.themes[0].label == "Mark och bostäder"
    assert after.themes[0].note_ids == before.themes[0].note_ids


def test_removing_a_theme_moves_its_points_to_no_theme(draft, staff_user):
    before = selectors.synthesis_result(draft)
    assert before is not None
    services.synthesis_statement_remove(synthesis=draft, key="theme-0", by_user=staff_user)
    draft.refresh_from_db()
    after = selectors.synthesis_result(draft)
    assert after is not None
    assert len(after.themes) == len(before.themes) - 1
    for old, new in zip(before.points, after.points, strict=True):
        assert new.theme == (-1 if old.theme == 0 else old.theme - (old.theme > 0))


@pytest.mark.parametrize(
    ("key", "text", "code"),
    [
        ("theme-99-label", "Ny", "unknown"),
        ("nonsense", "Ny", "unknown"),
        ("theme-0-summary-x", "Ny", "unknown"),
        ("theme-0", "Ny", "not_editable"),
        ("theme-0-label", "   ", "empty"),
    ],
)
def test_an_edit_of_something_that_is_not_there_is_refused(draft, staff_user, key, text, code):
    with pytest.raises(ValidationError) as error:
        services.synthesis_statement_edit(synthesis=draft, key=key, text=text, by_user=staff_user)
    assert error.value.code == code


def test_approving_records_who_and_when_and_an_edit_needs_approval_again(draft, staff_user):
    assert selectors.approved_synthesis_for(workshop=draft.workshop) is None
    services.synthesis_approve(synthesis=draft, by_user=staff_user)
    draft.refresh_from_db()
    assert draft.status == Synthesis.Status.APPROVED
    assert draft.approved_by == staff_user and draft.approved_at is not None
    with pytest.raises(ValidationError):
        services.synthesis_approve(synthesis=draft, by_user=staff_user)
    services.synthesis_statement_edit(
        synthesis=draft, key="theme-0-label", text="Mark", by_user=staff_user
    )
    draft.refresh_from_db()
    assert draft.status == Synthesis.Status.DRAFT
    assert draft.approved_at is None


def test_only_an_approved_workshop_or_project_synthesis_is_offered_for_publishing(
    boards, staff_user
):
    workshop_draft = _run(_scope(Synthesis.Scope.WORKSHOP, boards.workshop.pk))
    project_draft = _run(_scope(Synthesis.Scope.PROJECT, boards.workshop.project.pk))
    group = _run(_scope(Synthesis.Scope.GROUP, boards.group_1.pk))
    for synthesis in (project_draft, group):
        services.synthesis_approve(synthesis=synthesis, by_user=staff_user)
    assert selectors.approved_synthesis_for(workshop=boards.workshop) is None
    services.synthesis_approve(synthesis=workshop_draft, by_user=staff_user)
    assert selectors.approved_synthesis_for(workshop=boards.workshop) == workshop_draft
    assert selectors.approved_synthesis_for(project=boards.workshop.project) == project_draft
    assert selectors.approved_synthesis_for() is None


def test_a_running_synthesis_cannot_be_edited_or_approved(boards, staff_user):
    running = services.synthesis_record(
        scope=_scope(Synthesis.Scope.GROUP, boards.group_1.pk), by_user=staff_user
    )
    with pytest.raises(ValidationError) as error:
        services.synthesis_approve(synthesis=running, by_user=staff_user)
    assert error.value.code == "running"


# --- Planning ----------------------------------------------------------------------------


def test_a_plan_cites_project_notes_and_becomes_an_exercise_draft_once(boards, staff_user):
    recorded = services.plan_record(project=boards.workshop.project, by_user=staff_user)
    assert recorded.status == WorkshopPlan.Status.RUNNING
    plan = services.plan_run(plan_id=recorded.pk)
    assert plan is not None
    assert plan.status == WorkshopPlan.Status.DONE
    project_notes = {
        str(pk)
        for pk in Note.objects.filter(
            group__session__exercise__workshop__project=boards.workshop.project
        ).values_list("pk", flat=True)
    }
    assert plan.questions
    for question in plan.questions:
        assert question["note_ids"]
        assert set(question["note_ids"]) <= project_notes
    exercise = services.plan_exercise_create(plan=plan, workshop=boards.workshop)
    assert exercise.workshop == boards.workshop
    assert not exercise.is_template
    titles = list(exercise.frames.values_list("title", flat=True))
    assert titles[: len(plan.draft["questions"])] == plan.draft["questions"]
    assert exercise.phases.count() == 2
    with pytest.raises(ValidationError):
        services.plan_exercise_create(plan=plan, workshop=None)
    assert WorkshopPlan.objects.get().exercise == exercise


def test_a_plan_is_worked_out_in_the_background_once_the_request_commits(
    boards, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        plan = services.plan_start(project=boards.workshop.project, by_user=staff_user)
    assert WorkshopPlan.objects.get(pk=plan.pk).status == WorkshopPlan.Status.RUNNING
    for callback in callbacks:
        callback()
    plan.refresh_from_db()
    assert plan.status == WorkshopPlan.Status.DONE
    assert plan.questions


def test_a_plan_that_cannot_be_worked_out_says_so(boards, staff_user, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the model answered nonsense")

    monkeypatch.setattr(engine, "suggest_next_workshop", broken)
    recorded = services.plan_record(project=boards.workshop.project, by_user=staff_user)
    plan = services.plan_run(plan_id=recorded.pk)
    assert plan is not None
    assert plan.status == WorkshopPlan.Status.FAILED
    assert plan.error == str(services.PLAN_FAILED)


def test_a_synthesis_in_one_transaction_does_not_enqueue_before_commit(boards, staff_user):
    scope = _scope(Synthesis.Scope.GROUP, boards.group_1.pk)
    with transaction.atomic():
        synthesis = services.synthesis_start(scope=scope, by_user=staff_user)
    synthesis.refresh_from_db()
    # pytest-django's test transaction never commits, so the task has not run.
    assert synthesis.status == Synthesis.Status.RUNNING
