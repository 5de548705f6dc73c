"""Every write of the synthesis app: note embeddings, running a synthesis, staff's review of it,
and the planning of a next workshop from what earlier ones produced.

A synthesis runs as a background task (tasks.py); `synthesis_start` only records it and
enqueues the task once the transaction commits, so the page can show its progress at once.
"""

import hashlib
import itertools
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import Final

import numpy as np
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from msgspec.structs import replace

from larlabb.core.tasks import WORKER_LOST, orphaned_tasks_recover
from larlabb.programme.models import LearningProject, Workshop
from larlabb.synthesis import engine
from larlabb.synthesis.decisions import (
    decisions_apply,
    decisions_from_json,
    decisions_to_json,
    theme_decision,
    theme_removed,
)
from larlabb.synthesis.engine import Cited, ExerciseDraft, InputNote, SynthesisResult
from larlabb.synthesis.engine.types import cited_list_to_json
from larlabb.synthesis.models import NoteEmbedding, Synthesis, WorkshopPlan
from larlabb.synthesis.selectors import (
    Scope,
    decisions_for_scope,
    notes_for_scope,
    scope_of,
    synthesis_result,
    workshop_label,
)
from larlabb.workshops.models import Exercise, Frame, Note, Phase

logger = logging.getLogger(__name__)

NO_NOTES: Final = _("Det finns inga lappar att sammanställa här ännu.")
STILL_RUNNING: Final = _("Sammanställningen pågår fortfarande; vänta tills den är klar.")
NOT_FINISHED: Final = _("Sammanställningen är inte klar, så den kan inte ändras eller godkännas.")
UNKNOWN_STATEMENT: Final = _("Påståendet finns inte längre; någon kan ha tagit bort det.")
STATEMENT_EMPTY: Final = _("Skriv en text, eller ta bort påståendet i stället.")
STATEMENT_TOO_LONG: Final = _("Texten får vara högst %(limit)d tecken.")
NOT_EDITABLE: Final = _("Det här påståendet kan bara tas bort, inte skrivas om.")
ALREADY_APPROVED: Final = _("Sammanställningen är redan godkänd.")
FAILED_MESSAGE: Final = _("Sammanställningen kunde inte göras. Försök igen om en stund.")
STALLED_MESSAGE: Final = _("Arbetet avbröts: bakgrundsarbetet slutade svara. Försök igen.")
# A run that has reported nothing for this long has lost its worker (stopped, or killed);
# every step reports far more often, a batch of 64 embeddings included.
STALLED_AFTER: Final = timedelta(minutes=15)
PLAN_HAS_EXERCISE: Final = _("Det finns redan ett utkast till övning från det här förslaget.")
PLAN_NO_QUESTIONS: Final = _("Förslaget har inga frågor att göra en övning av.")
PLAN_FAILED: Final = _("Förslagen kunde inte tas fram. Försök igen om en stund.")
STATEMENT_MAX_LENGTH: Final = 1000
EMBED_BATCH: Final = 64
SUMMARY_FRAME_TITLE: Final = _("Att tänka på till nästa gång")
DRAFT_PHASES: Final = ((_("Tänk själv, diskutera i gruppen"), 30), (_("Sammanfatta"), 10))


# --- Embeddings ----------------------------------------------------------------------------


def note_text_digest(text: str) -> str:
    """What an embedding remembers of its note's text, to tell when the text has changed."""
    return hashlib.sha256(text.encode()).hexdigest()


def embeddings_outdated_delete(*, project_id: int) -> int:
    """Delete the vectors of the project's notes whose text has changed since (an erasure
    replaced a name in it): a vector computed from a name is derived personal data. The next
    synthesis computes them again from the present text."""
    rows = NoteEmbedding.objects.filter(
        note__group__session__exercise__workshop__project_id=project_id
    ).values_list("pk", "text_digest", "note__text")
    outdated = [pk for pk, digest, text in rows if digest != note_text_digest(text)]
    return NoteEmbedding.objects.filter(pk__in=outdated).delete()[0]


def _vector(embedding: NoteEmbedding) -> np.ndarray:
    return np.frombuffer(bytes(embedding.vector), dtype=np.float32)


def _stale(notes: Sequence[Note]) -> list[Note]:
    """Those of `notes` with no vector computed by the present model from their present text."""
    current = dict(
        NoteEmbedding.objects.filter(
            note__in=[note.pk for note in notes], model=engine.EMBEDDING_MODEL
        ).values_list("note_id", "text_digest")
    )
    return [note for note in notes if current.get(note.pk) != note_text_digest(note.text)]


def _embed(
    notes: Sequence[Note], progress: Callable[[float, str], None] | None = None
) -> dict[str, np.ndarray]:
    """Compute and store the vectors of `notes`, in batches; `progress` hears the share done
    after each batch."""
    vectors: dict[str, np.ndarray] = {}
    for start in range(0, len(notes), EMBED_BATCH):
        batch = notes[start : start + EMBED_BATCH]
        computed = engine.embed_texts([note.text for note in batch])
        for note, vector in zip(batch, computed, strict=True):
            vector32 = np.asarray(vector, dtype=np.float32)
            NoteEmbedding.objects.update_or_create(
                note_id=note.pk,
                defaults={
                    "vector": vector32.tobytes(),
                    "model": engine.EMBEDDING_MODEL,
                    "text_digest": note_text_digest(note.text),
                },
            )
            vectors[str(note.pk)] = vector32
        if progress is not None:
            progress(
                (start + len(batch)) / len(notes), _t("Beräknar hur lapparna liknar varandra …")
            )
    return vectors


def embeddings_ensure(
    *, notes: Sequence[Note], progress: Callable[[float, str], None] | None = None
) -> dict[str, np.ndarray]:
    """Stored vectors for `notes`, computing (in batches) and storing the missing or stale ones;
    `progress` hears the share done after each batch."""
    stale = _stale(notes)
    stale_ids = {note.pk for note in stale}
    current = NoteEmbedding.objects.filter(
        note__in=[note.pk for note in notes if note.pk not in stale_ids]
    )
    vectors = {str(embedding.note_id): _vector(embedding) for embedding in current}
    return vectors | _embed(stale, progress)


def notes_embedding_refresh(*, note_ids: Sequence[int]) -> int:
    """Embed those of `note_ids` whose stored vector is missing or stale (deleted notes are
    left out); returns how many were computed."""
    notes = list(Note.objects.filter(pk__in=note_ids, deleted_at__isnull=True).order_by("pk"))
    stale = _stale(notes)
    _embed(stale)
    return len(stale)


def embeddings_backfill(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Embed every note that has no up-to-date vector; returns how many were computed."""
    notes = list(Note.objects.filter(deleted_at__isnull=True).order_by("pk"))
    # In slices: one query naming every note of the database could pass SQLite's limit.
    chunks = itertools.batched(notes, 5000, strict=False)
    todo = [note for chunk in chunks for note in _stale(chunk)]
    if progress is None:
        _embed(todo)
    else:
        total = len(todo)
        _embed(todo, lambda share, _message: progress(round(share * total), total))
    return len(todo)


# --- Running a synthesis -------------------------------------------------------------------


def synthesis_start_check(*, scope: Scope) -> None:
    if not notes_for_scope(scope=scope).exists():
        raise ValidationError(NO_NOTES, code="no_notes")


def synthesis_record(*, scope: Scope, by_user: AbstractBaseUser | None) -> Synthesis:
    """A synthesis of `scope` waiting to run; `synthesis_run` does the work."""
    synthesis_start_check(scope=scope)
    return Synthesis.objects.create(
        scope=scope.kind,
        project=scope.project,
        workshop=scope.workshop,
        session=scope.session,
        group=scope.group,
        progress=0,
        progress_message=_t("Väntar på att starta …"),
        created_by_id=by_user.pk if by_user is not None else None,
    )


def synthesis_start(*, scope: Scope, by_user: AbstractBaseUser | None) -> Synthesis:
    """Record a synthesis of `scope` and run it in the background once this commits."""
    # Imported here because the task module imports this one.
    from larlabb.synthesis.tasks import synthesis_run_task

    synthesis = synthesis_record(scope=scope, by_user=by_user)
    transaction.on_commit(partial(synthesis_run_task.enqueue, synthesis_id=synthesis.pk))
    return synthesis


def input_notes(*, notes: Sequence[Note], wide: bool) -> list[InputNote]:
    """The engine's view of the notes: text, group, frame, workshop, +1s and the conflict tag."""
    made = []
    for note in notes:
        group = _t("Grupp %(number)d") % {"number": note.group.number}
        if wide:
            group = f"{group} ({note.group.session.join_code})"
        workshop = note.group.session.exercise.workshop
        made.append(
            InputNote(
                id=str(note.pk),
                text=note.text,
                group=group,
                frame=note.frame.title,
                workshop=workshop_label(workshop) if workshop is not None else "",
                votes=getattr(note, "vote_count", 0),
                tagged_conflict=note.is_goal_conflict,
            )
        )
    return made


class _Progress:
    """Writes progress to the row only when it moves a whole percent or says something new,
    so a fast engine does not turn into thousands of writes."""

    def __init__(self, synthesis_id: int) -> None:
        self.synthesis_id = synthesis_id
        self.last: tuple[int, str] = (-1, "")

    def __call__(self, percent: float, message: str) -> None:
        value = max(0, min(100, int(percent)))
        if (value, message) == self.last:
            return
        self.last = (value, message)
        Synthesis.objects.filter(pk=self.synthesis_id).update(
            progress=value, progress_message=message[:300], progress_at=timezone.now()
        )

    def within(self, start: float, end: float) -> Callable[[float, str], None]:
        """The engine reports 0–1; it gets the part of the bar between `start` and `end`."""
        return lambda fraction, message: self(
            start + (end - start) * max(0.0, min(1.0, fraction)), message
        )


def synthesis_run(*, synthesis_id: int) -> Synthesis | None:
    """The task's work: gather the scope's notes, embed, synthesise, store. Never raises for
    an engine failure: the synthesis is marked failed and says so."""
    synthesis = (
        Synthesis.objects.select_related("project", "workshop", "session", "group")
        .filter(pk=synthesis_id)
        .first()
    )
    # Gone (its board or project was deleted while it waited) or already done by a retry.
    if synthesis is None or synthesis.status != Synthesis.Status.RUNNING:
        return synthesis
    progress = _Progress(synthesis.pk)
    try:
        progress(2, _t("Hämtar lapparna …"))
        scope = scope_of(synthesis)
        notes = list(notes_for_scope(scope=scope))
        wide = scope.kind in {Synthesis.Scope.WORKSHOP, Synthesis.Scope.PROJECT}
        progress(10, _t("Beräknar hur lapparna liknar varandra …"))
        embeddings = embeddings_ensure(notes=notes, progress=progress.within(10, 40))
        progress(40, _t("Söker teman, målkonflikter och goda exempel …"))
        result = engine.synthesize(
            input_notes(notes=notes, wide=wide),
            embeddings=embeddings,
            llm=engine.llm_from_settings(),
            progress=progress.within(40, 95),
        )
        result = decisions_carried(result, scope=scope, synthesis=synthesis)
    except Exception as error:
        # Whatever went wrong, the page must stop waiting and tell staff; the log keeps why.
        logger.exception("Synthesis %s failed", synthesis_id)
        Synthesis.objects.filter(pk=synthesis_id, status=Synthesis.Status.RUNNING).update(
            status=Synthesis.Status.FAILED,
            error=str(FAILED_MESSAGE),
            progress_message=str(error)[:300] or error.__class__.__name__,
            finished_at=timezone.now(),
        )
        return synthesis_refreshed(synthesis)
    # Unless, silent too long, it was given up as stalled meanwhile.
    Synthesis.objects.filter(pk=synthesis_id, status=Synthesis.Status.RUNNING).update(
        status=Synthesis.Status.DRAFT,
        result=result.to_json(),
        note_count=len(notes),
        progress=100,
        progress_message=_t("Klar."),
        finished_at=timezone.now(),
    )
    return synthesis_refreshed(synthesis)


def decisions_carried(
    result: SynthesisResult, *, scope: Scope, synthesis: Synthesis
) -> SynthesisResult:
    """`result` with staff's earlier decisions about themes in `scope` applied, and a notice
    saying how many were, so staff know the themes are not all fresh."""
    result, applied = decisions_apply(result, decisions_for_scope(scope=scope, before=synthesis))
    if not applied:
        return result
    notice = ngettext(
        "%(count)d av kansliets ändringar av teman i tidigare sammanställningar är förd vidare.",
        "%(count)d av kansliets ändringar av teman i tidigare sammanställningar är förda vidare.",
        applied,
    ) % {"count": applied}
    return replace(result, notices=(*result.notices, notice))


def stalled_runs_fail(*, now: datetime | None = None) -> int:
    """Give up the syntheses that have reported nothing, and the plans not finished, for
    STALLED_AFTER, so their pages stop waiting and say to start again; returns how many. The
    pages call this: with the worker gone, nothing in the background would."""
    now = now or timezone.now()
    # A worker known to be gone gives its runs up at once (see synthesis_abandon), or hands
    # them to the next worker; only a worker that is alive but silent waits for STALLED_AFTER.
    orphaned_tasks_recover()
    since = now - STALLED_AFTER
    syntheses = Synthesis.objects.filter(
        status=Synthesis.Status.RUNNING, progress_at__lt=since
    ).update(
        status=Synthesis.Status.FAILED,
        error=str(STALLED_MESSAGE),
        progress_message=str(STALLED_MESSAGE),
        finished_at=now,
    )
    plans = WorkshopPlan.objects.filter(
        status=WorkshopPlan.Status.RUNNING, created_at__lt=since
    ).update(status=WorkshopPlan.Status.FAILED, error=str(STALLED_MESSAGE))
    return syntheses + plans


def synthesis_abandon(*, synthesis_id: int) -> None:
    """Its task was given up because the worker running it died: the page stops waiting."""
    Synthesis.objects.filter(pk=synthesis_id, status=Synthesis.Status.RUNNING).update(
        status=Synthesis.Status.FAILED,
        error=str(WORKER_LOST),
        progress_message=str(WORKER_LOST),
        finished_at=timezone.now(),
    )


def plan_abandon(*, plan_id: int) -> None:
    WorkshopPlan.objects.filter(pk=plan_id, status=WorkshopPlan.Status.RUNNING).update(
        status=WorkshopPlan.Status.FAILED, error=str(WORKER_LOST)
    )


def synthesis_refreshed(synthesis: Synthesis) -> Synthesis:
    synthesis.refresh_from_db()
    return synthesis


# --- Staff's review --------------------------------------------------------------------------


def _reviewable(synthesis: Synthesis) -> SynthesisResult:
    result = synthesis_result(synthesis)
    if synthesis.is_running:
        raise ValidationError(STILL_RUNNING, code="running")
    if result is None:
        raise ValidationError(NOT_FINISHED, code="not_finished")
    return result


def _index(part: str) -> int:
    if not part.isdigit():
        raise ValidationError(UNKNOWN_STATEMENT, code="unknown")
    return int(part)


def _replace_at[T](items: tuple[T, ...], index: int, item: T | None) -> tuple[T, ...]:
    if not 0 <= index < len(items):
        raise ValidationError(UNKNOWN_STATEMENT, code="unknown")
    if item is None:
        return items[:index] + items[index + 1 :]
    return (*items[:index], item, *items[index + 1 :])


def _cited_edit(items: tuple[Cited, ...], index: int, text: str | None) -> tuple[Cited, ...]:
    if not 0 <= index < len(items):
        raise ValidationError(UNKNOWN_STATEMENT, code="unknown")
    return _replace_at(items, index, None if text is None else replace(items[index], text=text))


def _theme_removed(result: SynthesisResult, index: int) -> SynthesisResult:
    if not 0 <= index < len(result.themes):
        raise ValidationError(UNKNOWN_STATEMENT, code="unknown")
    return theme_removed(result, index)


def statement_edited(result: SynthesisResult, key: str, text: str | None) -> SynthesisResult:
    """`result` with the statement `key` given a new text, or removed when `text` is None.

    Only the text changes: every statement keeps the note ids it cites. Keys are those the
    report gives its statements: theme-T, theme-T-label, theme-T-summary-S, frame-F-S,
    conflict-C, question-Q, example-E, duplicate-D.
    """
    parts = key.split("-")
    kind, numbers = parts[0], parts[1:]
    removable_only = {"example", "duplicate"}
    if text is not None and (kind in removable_only or (kind == "theme" and len(numbers) == 1)):
        raise ValidationError(NOT_EDITABLE, code="not_editable")
    if kind == "theme" and len(numbers) == 1:
        return _theme_removed(result, _index(numbers[0]))
    if kind == "theme" and len(numbers) == 2 and numbers[1] == "label":
        t = _index(numbers[0])
        if text is None:
            raise ValidationError(NOT_EDITABLE, code="not_editable")
        if not 0 <= t < len(result.themes):
            raise ValidationError(UNKNOWN_STATEMENT, code="unknown")
        theme = replace(result.themes[t], label=text)
        return replace(result, themes=_replace_at(result.themes, t, theme))
    if kind == "theme" and len(numbers) == 3 and numbers[1] == "summary":
        t, s = _index(numbers[0]), _index(numbers[2])
        if not 0 <= t < len(result.themes):
            raise ValidationError(UNKNOWN_STATEMENT, code="unknown")
        theme = result.themes[t]
        theme = replace(theme, summary=_cited_edit(theme.summary, s, text))
        return replace(result, themes=_replace_at(result.themes, t, theme))
    if kind == "frame" and len(numbers) == 2:
        f, s = _index(numbers[0]), _index(numbers[1])
        if not 0 <= f < len(result.frame_summaries):
            raise ValidationError(UNKNOWN_STATEMENT, code="unknown")
        frame = result.frame_summaries[f]
        entry = replace(frame, summary=_cited_edit(frame.summary, s, text))
        return replace(result, frame_summaries=_replace_at(result.frame_summaries, f, entry))
    if kind == "conflict" and len(numbers) == 1:
        c = _index(numbers[0])
        if not 0 <= c < len(result.conflicts):
            raise ValidationError(UNKNOWN_STATEMENT, code="unknown")
        conflict = None if text is None else replace(result.conflicts[c], description=text)
        return replace(result, conflicts=_replace_at(result.conflicts, c, conflict))
    if kind == "question" and len(numbers) == 1:
        return replace(
            result, open_questions=_cited_edit(result.open_questions, _index(numbers[0]), text)
        )
    if kind == "example" and len(numbers) == 1:
        return replace(
            result, good_examples=_replace_at(result.good_examples, _index(numbers[0]), None)
        )
    if kind == "duplicate" and len(numbers) == 1:
        return replace(result, duplicates=_replace_at(result.duplicates, _index(numbers[0]), None))
    raise ValidationError(UNKNOWN_STATEMENT, code="unknown")


def statement_text_clean(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationError(STATEMENT_EMPTY, code="empty")
    if len(text) > STATEMENT_MAX_LENGTH:
        raise ValidationError(
            STATEMENT_TOO_LONG, code="too_long", params={"limit": STATEMENT_MAX_LENGTH}
        )
    return text


def _locked(synthesis: Synthesis) -> Synthesis:
    return Synthesis.objects.select_for_update().get(pk=synthesis.pk)


def _save_edit(
    synthesis: Synthesis,
    before: SynthesisResult,
    result: SynthesisResult,
    *,
    key: str,
    text: str | None,
    by_user: AbstractBaseUser,
) -> None:
    # A decision about a theme is kept so later syntheses of the same notes honour it.
    decision = theme_decision(before, key, text)
    if decision is not None:
        decisions = (*decisions_from_json(synthesis.staff_decisions), decision)
        synthesis.staff_decisions = decisions_to_json(decisions)
    # An edit after approval is a new version that staff must approve again.
    synthesis.result = result.to_json()
    synthesis.edited_by_id = by_user.pk
    synthesis.edited_at = timezone.now()
    if synthesis.status == Synthesis.Status.APPROVED:
        synthesis.status = Synthesis.Status.DRAFT
        synthesis.approved_by = None
        synthesis.approved_at = None
    synthesis.save(
        update_fields=[
            "result",
            "staff_decisions",
            "edited_by",
            "edited_at",
            "status",
            "approved_by",
            "approved_at",
        ]
    )


@transaction.atomic
def synthesis_statement_edit(
    *, synthesis: Synthesis, key: str, text: str, by_user: AbstractBaseUser
) -> Synthesis:
    text = statement_text_clean(text)
    synthesis = _locked(synthesis)
    before = _reviewable(synthesis)
    result = statement_edited(before, key, text)
    _save_edit(synthesis, before, result, key=key, text=text, by_user=by_user)
    return synthesis


@transaction.atomic
def synthesis_statement_remove(
    *, synthesis: Synthesis, key: str, by_user: AbstractBaseUser
) -> Synthesis:
    synthesis = _locked(synthesis)
    before = _reviewable(synthesis)
    result = statement_edited(before, key, None)
    _save_edit(synthesis, before, result, key=key, text=None, by_user=by_user)
    return synthesis


@transaction.atomic
def synthesis_approve(*, synthesis: Synthesis, by_user: AbstractBaseUser) -> Synthesis:
    synthesis = _locked(synthesis)
    _reviewable(synthesis)
    if synthesis.status == Synthesis.Status.APPROVED:
        raise ValidationError(ALREADY_APPROVED, code="approved")
    synthesis.status = Synthesis.Status.APPROVED
    synthesis.approved_by_id = by_user.pk
    synthesis.approved_at = timezone.now()
    synthesis.save(update_fields=["status", "approved_by", "approved_at"])
    return synthesis


# --- Planning the next workshop ------------------------------------------------------------


def project_aims(project: LearningProject) -> str:
    """The project's own words about what it wants to achieve."""
    parts = (
        project.title,
        project.subtitle,
        project.purpose,
        project.expected_results,
        project.about,
        project.target_group,
    )
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def plan_record(*, project: LearningProject, by_user: AbstractBaseUser | None) -> WorkshopPlan:
    """A plan for `project` waiting to be worked out; `plan_run` does the work."""
    return WorkshopPlan.objects.create(
        project=project,
        status=WorkshopPlan.Status.RUNNING,
        created_by_id=by_user.pk if by_user is not None else None,
    )


def plan_start(*, project: LearningProject, by_user: AbstractBaseUser | None) -> WorkshopPlan:
    """Record a plan and work it out in the background once this commits: with a language
    model it can take as long as the model's timeout, too long for a request."""
    # Imported here because the task module imports this one.
    from larlabb.synthesis.tasks import plan_run_task

    plan = plan_record(project=project, by_user=by_user)
    transaction.on_commit(partial(plan_run_task.enqueue, plan_id=plan.pk))
    return plan


def plan_run(*, plan_id: int) -> WorkshopPlan | None:
    """The task's work: questions and a draft exercise for the next workshop, from the aims
    and every note the project's workshops produced so far. A failure marks the plan failed."""
    plan = WorkshopPlan.objects.select_related("project").filter(pk=plan_id).first()
    if plan is None or plan.status != WorkshopPlan.Status.RUNNING:
        return plan
    running = WorkshopPlan.objects.filter(pk=plan_id, status=WorkshopPlan.Status.RUNNING)
    try:
        notes = list(
            notes_for_scope(scope=Scope(kind=Synthesis.Scope.PROJECT, project=plan.project))
        )
        questions, draft = engine.suggest_next_workshop(
            project_aims(plan.project),
            input_notes(notes=notes, wide=True),
            llm=engine.llm_from_settings(),
        )
    except Exception:
        # Whatever went wrong, the page must stop waiting and tell staff; the log keeps why.
        logger.exception("Workshop plan %s failed", plan_id)
        running.update(status=WorkshopPlan.Status.FAILED, error=str(PLAN_FAILED))
    else:
        running.update(
            status=WorkshopPlan.Status.DONE,
            questions=cited_list_to_json(questions),
            draft=draft.to_json(),
            note_count=len(notes),
        )
    plan.refresh_from_db()
    return plan


@transaction.atomic
def plan_exercise_create(*, plan: WorkshopPlan, workshop: Workshop | None) -> Exercise:
    """An exercise (not a template) built from the plan's draft: one frame per question, a
    summary frame and two phases, for staff to adjust before a session runs it."""
    plan = WorkshopPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.exercise_id is not None:
        raise ValidationError(PLAN_HAS_EXERCISE, code="exists")
    draft = ExerciseDraft.from_json(plan.draft if isinstance(plan.draft, dict) else {})
    if not draft.questions:
        raise ValidationError(PLAN_NO_QUESTIONS, code="no_questions")
    exercise = Exercise.objects.create(
        workshop=workshop,
        title=draft.title[:200] or _t("Övning inför nästa workshop"),
        instruction=draft.instruction,
        is_template=False,
    )
    titles = [(Frame.Kind.QUESTION, q[:300]) for q in draft.questions]
    titles.append((Frame.Kind.SUMMARY, str(SUMMARY_FRAME_TITLE)))
    Frame.objects.bulk_create(
        Frame(exercise=exercise, kind=kind, title=title, position=position)
        for position, (kind, title) in enumerate(titles)
    )
    Phase.objects.bulk_create(
        Phase(exercise=exercise, title=str(title), minutes=minutes, position=position)
        for position, (title, minutes) in enumerate(DRAFT_PHASES)
    )
    plan.exercise = exercise
    plan.save(update_fields=["exercise"])
    return exercise
