from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from larlabb.network.models import Person
from larlabb.programme import services
from larlabb.programme.models import BudgetLine, LearningProject, Workshop, WorkshopChange

SEED = "hallbara-livsmiljoer-2024"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db


def _workshop(number: int) -> Workshop:
    return Workshop.objects.select_related("project", "block").get(
        project__slug=SEED, number=number
    )


def test_each_changed_place_field_is_recorded_with_its_old_and_new_value(demo):
    workshop = _workshop(2)
    old_city, old_venue = workshop.city, workshop.venue
    services.workshop_update(
        workshop=workshop,
        fields={"city": "Malmö", "venue": "Malmö Live", "address": "Dag Hammarskjölds torg 4"},
        changed_by=None,
    )
    changes = {c.field: (c.old_value, c.new_value) for c in workshop.changes.all()}
    assert changes == {
        "city": (old_city, "Malmö"),
        "venue": (old_venue, "Malmö Live"),
        "address": ("", "Dag Hammarskjölds torg 4"),
    }
    workshop.refresh_from_db()
    assert workshop.sequence == 1


def test_start_and_end_moving_together_are_one_time_change(demo):
    workshop = _workshop(1)
    services.workshop_update(
        workshop=workshop,
        fields={
            "starts_at": workshop.starts_at + timedelta(days=7),
            "ends_at": workshop.ends_at + timedelta(days=7),
        },
        changed_by=None,
    )
    change = workshop.changes.get()
    assert change.field == WorkshopChange.TIME
    assert change.field_label == "Tid"
    assert change.new_value == "3 september 2024, kl. 9–11.30"


def test_changes_are_written_in_swedish_whatever_language_the_editor_uses(demo):
    workshop = _workshop(1)
    with translation.override("en"):
        services.workshop_update(
            workshop=workshop,
            fields={
                "starts_at": datetime(2024, 8, 27, 10, 0, tzinfo=STOCKHOLM),
                "format": "hybrid",
            },
            changed_by=None,
        )
    changes = {c.field: (c.old_value, c.new_value) for c in workshop.changes.all()}
    assert changes["time"] == ("27 augusti 2024, kl. 9–11.30", "27 augusti 2024, kl. 10–11.30")
    assert changes["format"] == ("Digital träff", "Digital/fysisk träff")


def test_changes_outside_time_place_and_form_are_not_recorded(demo):
    workshop = _workshop(1)
    services.workshop_update(
        workshop=workshop, fields={"title": "Ny rubrik", "note": "Ny notering"}, changed_by=None
    )
    workshop.refresh_from_db()
    assert workshop.title == "Ny rubrik"
    assert workshop.sequence == 0
    assert not WorkshopChange.objects.exists()


def test_a_closed_projects_workshop_changes_are_recorded_too(demo):
    LearningProject.objects.filter(slug=SEED).update(status=LearningProject.Status.CLOSED)
    workshop = _workshop(1)
    services.workshop_update(workshop=workshop, fields={"city": "Umeå"}, changed_by=None)
    assert workshop.changes.count() == 1


def test_an_invalid_workshop_update_saves_nothing(demo):
    workshop = _workshop(1)
    with pytest.raises(ValidationError):
        services.workshop_update(
            workshop=workshop,
            fields={"ends_at": workshop.starts_at - timedelta(hours=1), "city": "Luleå"},
            changed_by=None,
        )
    stored = _workshop(1)
    assert stored.city != "Luleå"
    assert stored.sequence == 0
    assert not WorkshopChange.objects.exists()


def test_publishing_is_refused_without_workshops_and_stamps_the_first_publication(demo):
    project = LearningProject.objects.get(slug=SEED)
    services.project_unpublish(project=project)
    assert project.published_at is None
    services.project_publish(project=project)
    first = project.published_at
    assert first is not None
    services.project_close(project=project)
    services.project_publish(project=project)  # reopening keeps the first publication
    assert project.published_at == first

    services.project_unpublish(project=project)
    project.workshops.all().delete()
    with pytest.raises(ValidationError) as refused:
        services.project_publish(project=project)
    assert refused.value.messages == ["Lägg till minst en workshop innan projektet publiceras."]


def test_publishing_is_refused_without_a_deadline(demo):
    project = LearningProject.objects.get(slug=SEED)
    project.registration_deadline = None  # type: ignore[assignment]
    assert services.project_publish_problems(project=project) == [
        "Ange sista anmälningsdag under ”Uppgifter och texter” innan projektet publiceras."
    ]


def test_only_a_published_project_can_be_closed(demo):
    project = LearningProject.objects.get(slug=SEED)
    services.project_unpublish(project=project)
    with pytest.raises(ValidationError):
        services.project_close(project=project)
    assert LearningProject.objects.get(slug=SEED).status == LearningProject.Status.DRAFT


def test_workshop_move_returns_the_new_number_and_stops_at_the_ends(demo):
    last = _workshop(6)
    assert services.workshop_move(workshop=last, offset=1).number == 6
    assert services.workshop_move(workshop=last, offset=-1).number == 5
    assert _workshop(6).display_title == "Aktuella målkonflikter, metoder och dialog"


def test_people_are_matched_on_name_and_email(demo):
    project = LearningProject.objects.get(slug="larlabb-hallbar-utveckling")
    people = Person.objects.count()
    services.project_people_replace(
        project=project,
        leaders=[{"name": "Anna Ny", "email": "anna@example.se", "role": "processledare"}],
        contacts=[{"name": "Anna Ny", "email": "anna@example.se", "topic": "allt"}],
        collaborators=[{"name": "Vinnova"}],
    )
    assert Person.objects.count() == people + 1
    assert project.leaders.get().person == project.contacts.get().person


def test_budget_lines_are_replaced_in_order(demo):
    project = LearningProject.objects.get(slug=SEED)
    services.budget_lines_replace(
        project=project,
        lines=[{"label": "B", "amount_sek": 2}, {"label": "A", "amount_sek": 1}],
    )
    assert list(BudgetLine.objects.filter(project=project).values_list("label", "position")) == [
        ("B", 0),
        ("A", 1),
    ]
