import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from larlabb.synthesis import presentation, selectors, services
from larlabb.synthesis.engine import Point, SynthesisResult, Theme
from larlabb.synthesis.models import Synthesis


def test_up_to_24_themes_each_get_their_own_colour_and_shape():
    markers = [presentation.theme_marker(index) for index in range(24)]
    assert len(set(markers)) == 24
    assert presentation.theme_marker(-1) == (presentation.NO_THEME_COLOUR, "disc")


@pytest.mark.django_db
def test_the_picture_draws_discs_rings_and_squares_inside_the_drawing(boards, staff_user):
    notes = boards.notes(boards.group_1)
    themes = tuple(
        Theme(
            label=f"Tema {index}",
            keywords=(),
            note_ids=(str(notes[index % len(notes)].pk),),
            summary=(),
            groups=(),
            workshops=(),
        )
        for index in range(17)
    )
    points = tuple(
        Point(note_id=str(note.pk), x=float(i), y=float(i % 3), theme=(0, 8, 16, -1)[i % 4])
        for i, note in enumerate(notes)
    )
    result = SynthesisResult(
        themes=themes,
        duplicates=(),
        conflicts=(),
        good_examples=(),
        open_questions=(),
        frame_summaries=(),
        points=points,
        method="embeddings",
        notices=(),
    )
    scope = selectors.scope_get(kind=Synthesis.Scope.GROUP, pk=boards.group_1.pk)
    assert scope is not None
    synthesis = services.synthesis_record(scope=scope, by_user=staff_user)
    synthesis.status = Synthesis.Status.DRAFT
    synthesis.result = result.to_json()
    synthesis.save()
    report = presentation.synthesis_report(synthesis=synthesis)
    assert report is not None
    assert {dot.shape for dot in report.dots} == {"disc", "ring", "square"}
    assert {dot.theme for dot in report.dots} >= {"Tema 0", "Tema 8", "Tema 16", "Utan tema"}
    for dot in report.dots:
        assert (
            0 <= dot.x <= presentation.PICTURE_WIDTH and 0 <= dot.y <= presentation.PICTURE_HEIGHT
        )
    request = RequestFactory().get("/")
    request.user = staff_user
    html = render_to_string(
        "synthesis/includes/_report.html",
        {
            "report": report,
            "synthesis": synthesis,
            "forms": {},
            "can_edit": True,
            "picture_width": presentation.PICTURE_WIDTH,
            "picture_height": presentation.PICTURE_HEIGHT,
        },
        request=request,
    )
    assert html.count("<rect ") == 1 + sum(dot.shape == "square" for dot in report.dots)
    assert 'stroke-width="3"' in html
    assert "Tema 16" in html
