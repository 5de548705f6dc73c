"""The demo's syntheses: of the seed board (group 1 of the session LARLAB) and of a larger
demo workshop, the six groups of the session LIVMIL at the second workshop of "Hållbara
livsmiljöer". Each is run once, synchronously, and kept; loading again adds nothing.
"""

import secrets

from larlabb.demo import synthesis_board as board
from larlabb.demo.seed_invitation import SLUG as LIVSMILJOER_SLUG
from larlabb.demo.sessions import DEMO_JOIN_CODE
from larlabb.programme.models import Workshop
from larlabb.synthesis import selectors as synthesis_selectors
from larlabb.synthesis import services as synthesis_services
from larlabb.synthesis.models import Synthesis
from larlabb.workshops.board.services import notes_import
from larlabb.workshops.exercises.services import ExerciseSpec, exercise_template_ensure
from larlabb.workshops.models import BreakoutGroup, Frame, Member, Note, NoteVote, Session
from larlabb.workshops.sessions.services import session_create


def _exercise_spec() -> ExerciseSpec:
    return ExerciseSpec(
        title=board.EXERCISE_TITLE,
        instruction=board.INSTRUCTION,
        steps=board.STEPS,
        questions=board.QUESTIONS,
        summary=board.SUMMARY_FRAME,
        bonus=board.BONUS_FRAME,
        phases=board.PHASES,
        closing_note=board.CLOSING_NOTE,
        group_size=4,
    )


def demo_workshop_load() -> Session:
    """The larger demo workshop's session with its six groups' notes, +1s and tags."""
    session = Session.objects.filter(join_code=board.JOIN_CODE).first()
    if session is None:
        session = session_create(
            workshop=Workshop.objects.get(project__slug=LIVSMILJOER_SLUG, number=2),
            source=exercise_template_ensure(spec=_exercise_spec()),
            created_by=None,
            allow_guests=True,
            join_code=board.JOIN_CODE,
        )
    frames = list(Frame.objects.filter(exercise=session.exercise))
    numbers = sorted({group for group, *_rest in board.NOTES})
    for number in numbers:
        group, _ = BreakoutGroup.objects.get_or_create(session=session, number=number)
        rows = [row for row in board.NOTES if row[0] == number]
        notes = notes_import(
            group=group,
            notes=[(frames[position].pk, text) for _g, position, text, _v, _t in rows],
            key="demo",
        )
        voters = _voters(session, group, max(row[3] for row in rows))
        tagged = [note.pk for note, row in zip(notes, rows, strict=True) if row[4]]
        Note.objects.filter(pk__in=tagged).update(is_goal_conflict=True)
        NoteVote.objects.bulk_create(
            [
                NoteVote(note=note, member=voter)
                for note, row in zip(notes, rows, strict=True)
                for voter in voters[: row[3]]
            ],
            ignore_conflicts=True,
        )
    return session


def _voters(session: Session, group: BreakoutGroup, count: int) -> list[Member]:
    voters = []
    for index in range(1, count + 1):
        member, _ = Member.objects.get_or_create(
            session=session,
            display_name=f"Deltagare {group.number}.{index}",
            defaults={"group": group, "is_guest": True, "secret": secrets.token_urlsafe(32)},
        )
        voters.append(member)
    return voters


def _synthesis_ensure(kind: str, pk: int) -> None:
    scope = synthesis_selectors.scope_get(kind=kind, pk=pk)
    if (
        scope is None
        or synthesis_selectors.syntheses_for_scope(scope=scope)
        .filter(status__in=[Synthesis.Status.DRAFT, Synthesis.Status.APPROVED])
        .exists()
    ):
        return
    synthesis = synthesis_services.synthesis_record(scope=scope, by_user=None)
    synthesis_services.synthesis_run(synthesis_id=synthesis.pk)


def demo_syntheses_load() -> None:
    session = demo_workshop_load()
    seed_group = BreakoutGroup.objects.get(session__join_code=DEMO_JOIN_CODE, number=1)
    _synthesis_ensure(Synthesis.Scope.GROUP, seed_group.pk)
    workshop = session.exercise.workshop
    if workshop is not None:
        _synthesis_ensure(Synthesis.Scope.WORKSHOP, workshop.pk)
