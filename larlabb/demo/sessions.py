"""The live board of the seed "Lärlabb Hållbar utveckling": the seed exercise as a template
staff can start from, and a session on the project's first workshop whose group 1 holds the
seed board's 21 post-its under their frames. Guests join it with the code LARLAB.
"""

from typing import Final

from larlabb.demo import seed_board
from larlabb.programme.models import Workshop
from larlabb.workshops.board.services import notes_import
from larlabb.workshops.exercises.services import ExerciseSpec, exercise_template_ensure
from larlabb.workshops.models import BreakoutGroup, Frame, Session
from larlabb.workshops.sessions.services import session_create

DEMO_JOIN_CODE: Final = "LARLAB"
PROJECT_SLUG: Final = "larlabb-hallbar-utveckling"
FRAME_ORDER: Final = (*seed_board.QUESTIONS, seed_board.SUMMARY_FRAME, seed_board.BONUS_FRAME)


def seed_exercise_spec() -> ExerciseSpec:
    return ExerciseSpec(
        title=seed_board.EXERCISE_TITLE,
        instruction=seed_board.INSTRUCTION,
        steps=seed_board.STEPS,
        closing_note=seed_board.CLOSING_NOTE,
        questions=seed_board.QUESTIONS,
        summary=seed_board.SUMMARY_FRAME,
        bonus=seed_board.BONUS_FRAME,
        phases=seed_board.PHASES,
        group_size=4,
    )


def demo_sessions_load() -> Session:
    template = exercise_template_ensure(spec=seed_exercise_spec())
    session = Session.objects.filter(join_code=DEMO_JOIN_CODE).first()
    if session is None:
        session = session_create(
            workshop=Workshop.objects.get(project__slug=PROJECT_SLUG, number=1),
            source=template,
            created_by=None,
            allow_guests=True,
            join_code=DEMO_JOIN_CODE,
        )
    group, _ = BreakoutGroup.objects.get_or_create(session=session, number=1)
    # By position rather than title, so a frame staff have renamed still gets its notes.
    frames = list(Frame.objects.filter(exercise=session.exercise))
    notes = [
        (frames[FRAME_ORDER.index(title)].pk, text)
        for title, texts in seed_board.NOTES_BY_FRAME.items()
        for text in texts
    ]
    notes_import(group=group, notes=notes, key="seed")
    return session
