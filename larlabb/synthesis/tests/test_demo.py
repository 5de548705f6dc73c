import pytest

from larlabb.demo import synthesis_board
from larlabb.demo.loader import demo_load
from larlabb.synthesis import presentation
from larlabb.synthesis.models import Synthesis
from larlabb.workshops.models import Note, NoteVote

pytestmark = pytest.mark.django_db


def test_the_demo_holds_syntheses_of_the_seed_board_and_of_the_larger_workshop_once():
    demo_load(syntheses=True)
    drafts = Synthesis.objects.filter(status=Synthesis.Status.DRAFT)
    assert sorted(drafts.values_list("scope", flat=True)) == ["group", "workshop"]
    workshop = drafts.get(scope=Synthesis.Scope.WORKSHOP)
    assert workshop.note_count == len(synthesis_board.NOTES)
    report = presentation.synthesis_report(synthesis=workshop)
    assert report is not None
    assert len(report.themes) >= 3
    assert report.explicit_conflicts
    assert report.good_examples
    assert any(dot.r > 5 for dot in report.dots)  # sized by the demo's +1s
    counts = (Synthesis.objects.count(), Note.objects.count(), NoteVote.objects.count())
    demo_load(syntheses=True)
    assert (Synthesis.objects.count(), Note.objects.count(), NoteVote.objects.count()) == counts
