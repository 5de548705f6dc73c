"""Kansliet builds exercises: the form, its rows, copies, and sessions that keep their own."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from larlabb.workshops.exercises import services as exercise_services
from larlabb.workshops.exercises.services import PhaseRow
from larlabb.workshops.models import Exercise, Frame, Session
from larlabb.workshops.sessions.services import session_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user(username="kansli", password="x", is_staff=True)
    client.force_login(user)
    return client


def _management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "1",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _post_data(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Samverkan i praktiken",
        "workshop": "",
        "instruction": "Presentera er och *diskutera*.",
        "steps": "1. Presentera er.\n2. Utse en gruppledare.\n\n",
        "closing_note": "Ni har 95 minuter.",
        "summary": "Att ta med sig",
        "bonus": "Goda exempel",
        "group_size": "5",
        **_management("questions", 3),
        "questions-0-title": "Vad fungerar?",
        "questions-0-ORDER": "2",
        "questions-1-title": "Vad saknas?",
        "questions-1-ORDER": "1",
        "questions-2-title": "",
        "questions-2-ORDER": "",
        **_management("phases", 2),
        "phases-0-title": "Skriv själv",
        "phases-0-minutes": "5",
        "phases-0-hides_others": "on",
        "phases-0-ORDER": "1",
        "phases-1-title": "Diskutera",
        "phases-1-minutes": "90",
        "phases-1-ORDER": "2",
    }
    data.update(overrides)
    return data


def test_an_exercise_is_built_with_ordered_frames_and_phases_without_a_cap_on_minutes(staff):
    response = staff.post(reverse("staff:exercise_create"), _post_data())
    exercise = Exercise.objects.get(title="Samverkan i praktiken")
    assert response["Location"] == reverse("staff:exercise_edit", args=[exercise.pk])
    assert [(f.kind, f.title) for f in exercise.frames.all()] == [
        (Frame.Kind.QUESTION, "Vad saknas?"),
        (Frame.Kind.QUESTION, "Vad fungerar?"),
        (Frame.Kind.SUMMARY, "Att ta med sig"),
        (Frame.Kind.BONUS, "Goda exempel"),
    ]
    assert [(p.title, p.minutes, p.hides_others) for p in exercise.phases.all()] == [
        ("Skriv själv", 5, True),
        ("Diskutera", 90, False),
    ]
    assert exercise.step_list == ["Presentera er.", "Utse en gruppledare."]
    assert exercise.group_size == 5


def test_a_question_marked_for_removal_is_dropped_and_the_bonus_frame_is_optional(staff):
    data = _post_data(bonus="", **{"questions-0-DELETE": "on"})
    staff.post(reverse("staff:exercise_create"), data)
    exercise = Exercise.objects.get(title="Samverkan i praktiken")
    assert [f.title for f in exercise.frames.all()] == ["Vad saknas?", "Att ta med sig"]


def test_errors_are_shown_in_swedish_beside_the_fields_and_nothing_typed_is_lost(staff):
    data = _post_data(title="", **{"phases-1-minutes": "0", "questions-1-title": "x" * 301})
    response = staff.post(reverse("staff:exercise_create"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Ge övningen en rubrik." in page
    assert "En fas tar minst en minut." in page
    assert "Frågan får vara högst 300 tecken." in page
    assert "Presentera er och *diskutera*." in page
    assert "Vad fungerar?" in page
    assert "Ni har 95 minuter." in page
    assert not Exercise.objects.exists()


def test_an_exercise_needs_at_least_one_question_and_one_phase(staff):
    data = _post_data(
        **{
            "questions-0-title": "",
            "questions-1-title": "",
            "questions-0-ORDER": "",
            "questions-1-ORDER": "",
            "phases-0-DELETE": "on",
            "phases-1-DELETE": "on",
        }
    )
    response = staff.post(reverse("staff:exercise_create"), data)
    assert response.status_code == 400
    assert response.content.decode().count("Övningen behöver minst en rad här.") >= 2
    assert not Exercise.objects.exists()


def test_adding_a_row_keeps_what_was_typed_shows_no_errors_and_saves_nothing(staff):
    data = _post_data(title="", add="questions", **{"questions-2-title": "Vad nu?"})
    response = staff.post(reverse("staff:exercise_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Något behöver rättas" not in page
    assert "Vad nu?" in page and "Vad saknas?" in page
    assert 'name="questions-TOTAL_FORMS" value="4"' in page
    assert not Exercise.objects.exists()


def test_editing_keeps_the_rows_and_replaces_frames(staff, template):
    page = staff.get(reverse("staff:exercise_edit", args=[template.pk])).content.decode()
    assert 'value="Vad förväntar du dig?"' in page
    response = staff.post(reverse("staff:exercise_edit", args=[template.pk]), _post_data())
    assert response.status_code == 302
    assert [f.title for f in template.frames.all()][:2] == ["Vad saknas?", "Vad fungerar?"]


def test_editing_a_template_never_changes_a_session_started_from_it(staff, template, session):
    before = [f.title for f in session.exercise.frames.all()]
    staff.post(reverse("staff:exercise_edit", args=[template.pk]), _post_data())
    session.refresh_from_db()
    assert [f.title for f in session.exercise.frames.all()] == before
    assert session.exercise_id != template.pk


def test_an_exercise_a_session_runs_is_not_edited_but_offered_as_a_copy(staff, session):
    exercise = session.exercise
    url = reverse("staff:exercise_edit", args=[exercise.pk])
    response = staff.post(url, _post_data())
    page = response.content.decode()
    assert "Gör en kopia att ändra" in page
    assert exercise.title != "Samverkan i praktiken"
    assert Exercise.objects.get(pk=exercise.pk).title == exercise.title
    with pytest.raises(ValidationError, match="används av ett workshoppass"):
        exercise_services.exercise_save(
            exercise=exercise,
            title="Nytt",
            workshop=None,
            is_template=False,
            instruction="",
            steps=[],
            closing_note="",
            group_size=4,
            questions=["Fråga"],
            summary="Summa",
            bonus="",
            phases=[PhaseRow(title="Fas", minutes=10)],
        )


def test_starting_from_the_template_makes_a_copy_to_edit(staff, template):
    response = staff.post(reverse("staff:exercise_copy"), {"source": template.pk})
    copy = Exercise.objects.exclude(pk=template.pk).get()
    assert response["Location"] == reverse("staff:exercise_edit", args=[copy.pk])
    assert not copy.is_template
    assert [f.title for f in copy.frames.all()] == [f.title for f in template.frames.all()]


def test_an_exercise_from_an_earlier_workshop_is_copied_into_another(staff, session, workshop):
    source = session.exercise
    staff.post(reverse("staff:exercise_copy"), {"source": source.pk, "workshop": workshop.pk})
    copy = Exercise.objects.latest("pk")
    assert copy.pk != source.pk and copy.workshop == workshop
    assert not Session.objects.filter(exercise=copy).exists()
    assert [(p.title, p.minutes) for p in copy.phases.all()] == [
        (p.title, p.minutes) for p in source.phases.all()
    ]


def test_copying_without_choosing_an_exercise_explains_it_in_swedish(staff, template):
    response = staff.post(reverse("staff:exercise_copy"), {"source": ""})
    assert response.status_code == 400
    assert "Välj övningen som ska kopieras." in response.content.decode()


def test_the_list_shows_templates_first_and_links_each_session_to_its_boards(staff, session):
    page = staff.get(reverse("staff:exercise_list")).content.decode()
    assert "Börja från mallen ”Förväntningar”" in page
    assert reverse("staff:session_boards", args=[session.pk]) in page


def test_a_session_starts_from_a_built_exercise_with_its_own_copy(staff, workshop):
    staff.post(reverse("staff:exercise_create"), _post_data())
    exercise = Exercise.objects.get(title="Samverkan i praktiken")
    session = session_create(
        workshop=workshop, source=exercise, created_by=None, allow_guests=False
    )
    assert session.exercise_id != exercise.pk
    assert [p.hides_others for p in session.exercise.phases.all()] == [True, False]


def test_the_builder_is_for_staff_only(client, template):
    response = client.get(reverse("staff:exercise_edit", args=[template.pk]))
    assert response.status_code == 302
    assert reverse("staff:login") in response["Location"]
