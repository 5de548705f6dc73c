"""Writes for exercises: the templates the project ships, building exercises in Kansliet, and
the copy each session runs. A session runs its own copy, so an exercise that a session uses
is never edited in place."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from larlabb.programme.models import Workshop
from larlabb.workshops.models import Exercise, Frame, Phase, Session

EXERCISE_IN_USE: Final = _(
    "Övningen används av ett workshoppass och ändras inte, så passets tavlor förblir som de "
    "var. Gör en kopia och ändra den i stället."
)
NO_QUESTIONS: Final = _("Övningen behöver minst en fråga.")
NO_PHASES: Final = _("Övningen behöver minst en fas.")


@dataclass(frozen=True)
class PhaseRow:
    title: str
    minutes: int
    hides_others: bool = False


def exercise_in_use(*, exercise: Exercise) -> bool:
    return Session.objects.filter(exercise=exercise).exists()


@transaction.atomic
def exercise_save(
    *,
    exercise: Exercise | None,
    title: str,
    workshop: Workshop | None,
    is_template: bool,
    instruction: str,
    steps: Sequence[str],
    closing_note: str,
    group_size: int,
    questions: Sequence[str],
    summary: str,
    bonus: str,
    phases: Sequence[PhaseRow],
) -> Exercise:
    """Create an exercise, or replace an unused one's contents: its frames in the order given
    (questions, then the summary, then the bonus question if any) and its phases."""
    if not questions:
        raise ValidationError(NO_QUESTIONS, code="no_questions")
    if not phases:
        raise ValidationError(NO_PHASES, code="no_phases")
    if exercise is None:
        exercise = Exercise()
    else:
        # Locked so a session cannot be started from it while its frames are being replaced.
        exercise = Exercise.objects.select_for_update().get(pk=exercise.pk)
        if exercise_in_use(exercise=exercise):
            raise ValidationError(EXERCISE_IN_USE, code="in_use")
    exercise.title = title.strip()
    exercise.workshop = workshop
    exercise.is_template = is_template
    exercise.instruction = instruction.strip()
    exercise.steps = "\n".join(step.strip() for step in steps if step.strip())
    exercise.closing_note = closing_note.strip()
    exercise.group_size = group_size
    exercise.full_clean()
    exercise.save()
    frames = [(Frame.Kind.QUESTION, question.strip()) for question in questions]
    frames.append((Frame.Kind.SUMMARY, summary.strip()))
    if bonus.strip():
        frames.append((Frame.Kind.BONUS, bonus.strip()))
    # An unused exercise has no notes, so its frames can be replaced rather than matched up.
    exercise.frames.all().delete()
    exercise.phases.all().delete()
    Frame.objects.bulk_create(
        Frame(exercise=exercise, kind=kind, title=text, position=position)
        for position, (kind, text) in enumerate(frames)
    )
    Phase.objects.bulk_create(
        Phase(
            exercise=exercise,
            title=phase.title.strip(),
            minutes=phase.minutes,
            hides_others=phase.hides_others,
            position=position,
        )
        for position, phase in enumerate(phases)
    )
    return exercise


@dataclass(frozen=True)
class ExerciseSpec:
    title: str
    instruction: str
    steps: tuple[str, ...]
    questions: tuple[str, ...]
    summary: str
    phases: tuple[tuple[str, int], ...]
    bonus: str = ""
    closing_note: str = ""
    group_size: int = 4


def exercise_template_ensure(*, spec: ExerciseSpec) -> Exercise:
    """The template built from `spec`, created once; staff edits to it are kept."""
    existing = Exercise.objects.filter(
        is_template=True, workshop__isnull=True, title=spec.title
    ).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        exercise = Exercise.objects.create(
            title=spec.title,
            instruction=spec.instruction,
            steps="\n".join(spec.steps),
            closing_note=spec.closing_note,
            group_size=spec.group_size,
            is_template=True,
        )
        frames = [(Frame.Kind.QUESTION, question) for question in spec.questions]
        frames.append((Frame.Kind.SUMMARY, spec.summary))
        if spec.bonus:
            frames.append((Frame.Kind.BONUS, spec.bonus))
        Frame.objects.bulk_create(
            Frame(exercise=exercise, kind=kind, title=title, position=position)
            for position, (kind, title) in enumerate(frames)
        )
        Phase.objects.bulk_create(
            Phase(exercise=exercise, title=title, minutes=minutes, position=position)
            for position, (title, minutes) in enumerate(spec.phases)
        )
    return exercise


@transaction.atomic
def exercise_copy(*, source: Exercise, workshop: Workshop | None) -> Exercise:
    exercise = Exercise.objects.create(
        workshop=workshop,
        title=source.title,
        instruction=source.instruction,
        steps=source.steps,
        closing_note=source.closing_note,
        group_size=source.group_size,
        is_template=False,
    )
    Frame.objects.bulk_create(
        Frame(exercise=exercise, kind=frame.kind, title=frame.title, position=frame.position)
        for frame in source.frames.all()
    )
    Phase.objects.bulk_create(
        Phase(
            exercise=exercise,
            title=phase.title,
            minutes=phase.minutes,
            position=phase.position,
            hides_others=phase.hides_others,
        )
        for phase in source.phases.all()
    )
    return exercise
