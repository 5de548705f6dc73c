import pytest

from larlabb.demo import seed_board
from larlabb.demo.loader import demo_load
from larlabb.workshops.models import Exercise, Note, Session

pytestmark = pytest.mark.django_db


def test_the_demo_session_holds_the_seed_boards_21_notes_under_their_frames():
    demo_load()
    session = Session.objects.get(join_code="LARLAB")
    workshop = session.exercise.workshop
    assert workshop is not None
    assert (workshop.project.slug, workshop.number) == ("larlabb-hallbar-utveckling", 1)
    assert session.allow_guests
    notes = Note.objects.filter(group__session=session, group__number=1).select_related("frame")
    assert notes.count() == 21
    by_frame = {
        title: [n.text for n in notes if n.frame.title == title]
        for title in seed_board.NOTES_BY_FRAME
    }
    assert by_frame == {title: list(texts) for title, texts in seed_board.NOTES_BY_FRAME.items()}
    kinds = [frame.kind for frame in session.exercise.frames.all()]
    assert kinds == ["question", "question", "question", "summary", "bonus"]
    assert [(p.title, p.minutes) for p in session.exercise.phases.all()] == list(seed_board.PHASES)


def test_loading_the_demo_again_adds_no_session_exercise_or_note():
    demo_load()
    counts = (Session.objects.count(), Exercise.objects.count(), Note.objects.count())
    demo_load()
    assert (Session.objects.count(), Exercise.objects.count(), Note.objects.count()) == counts
    assert Exercise.objects.filter(is_template=True).count() == 1
