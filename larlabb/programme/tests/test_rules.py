"""A project's and a workshop's rules hold in the services, whoever calls them, and the
staff pages show each broken rule beside its field, keeping what was typed."""

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from larlabb.network.selectors import network_current
from larlabb.programme import services
from larlabb.programme.models import LearningProject, Workshop

SEED = "hallbara-livsmiljoer-2024"  # deadline 14 August 2024, first workshop 27 August 2024
STOCKHOLM = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db

PROJECT = {
    "title": "Vatten i regionerna",
    "registration_deadline": date(2027, 5, 1),
    "min_organisations": 2,
    "min_participants_per_organisation": 1,
    "max_participants_per_organisation": 4,
}


def _refused(call: Any, **kwargs: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        call(**kwargs)
    return error.value.message_dict


def _error_beside(html: str, field: str) -> str:
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert match is not None, f"no error beside {field}"
    return match.group(1)


def _seed() -> LearningProject:
    return LearningProject.objects.get(slug=SEED)


def _workshop(number: int) -> Workshop:
    return Workshop.objects.select_related("project").get(project__slug=SEED, number=number)


# --- Projects, through the service alone -----------------------------------------------------


def test_the_service_refuses_a_slug_another_project_has(demo):
    errors = _refused(
        services.project_create, network=network_current(), fields=PROJECT | {"slug": SEED}
    )
    assert errors == {"slug": ["Det kortnamnet används redan av ett annat projekt."]}


def test_the_service_takes_an_empty_slug_from_the_title_unless_that_one_is_taken(demo):
    project = services.project_create(network=network_current(), fields=PROJECT)
    assert project.slug == "vatten-i-regionerna"
    errors = _refused(services.project_create, network=network_current(), fields=PROJECT)
    assert errors == {
        "slug": ["Kortnamnet ”vatten-i-regionerna” som titeln ger används redan. Skriv ett eget."]
    }


@pytest.mark.parametrize(
    ("low", "high", "errors"),
    [
        (0, 4, {"min_participants_per_organisation": ["Ange ett antal från 1 till 4."]}),
        (1, 5, {"max_participants_per_organisation": ["Ange ett antal från 1 till 4."]}),
        (
            4,
            3,
            {
                "max_participants_per_organisation": [
                    "Högsta antalet kan inte vara lägre än lägsta antalet."
                ]
            },
        ),
    ],
)
def test_the_service_keeps_participants_per_organisation_within_one_to_four(
    demo, low, high, errors
):
    fields = PROJECT | {
        "min_participants_per_organisation": low,
        "max_participants_per_organisation": high,
    }
    assert _refused(services.project_create, network=network_current(), fields=fields) == errors
    assert not LearningProject.objects.filter(title=PROJECT["title"]).exists()


def test_the_service_asks_for_at_least_one_organisation(demo):
    errors = _refused(services.project_update, project=_seed(), fields={"min_organisations": 0})
    assert errors == {"min_organisations": ["Ange minst 1 organisation."]}
    assert _seed().min_organisations > 0


def test_the_service_refuses_a_deadline_after_the_first_workshop(demo):
    errors = _refused(
        services.project_update,
        project=_seed(),
        fields={"registration_deadline": date(2024, 8, 28)},
    )
    assert errors == {
        "registration_deadline": [
            "Sista anmälningsdag kan inte vara efter första workshopen, 27 augusti 2024."
        ]
    }
    assert _seed().registration_deadline == date(2024, 8, 14)
    services.project_update(project=_seed(), fields={"registration_deadline": date(2024, 8, 27)})
    assert _seed().registration_deadline == date(2024, 8, 27)


# --- Workshops, through the service alone ----------------------------------------------------


def _new_workshop(**changes: Any) -> dict[str, Any]:
    first = _workshop(1)
    return {
        "number": 7,
        "block": first.block,
        "format": Workshop.Format.DIGITAL,
        "starts_at": datetime(2025, 3, 4, 9, 0, tzinfo=STOCKHOLM),
        "ends_at": datetime(2025, 3, 4, 11, 30, tzinfo=STOCKHOLM),
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"number": 2}, {"number": ["Det finns redan en workshop med det numret."]}),
        ({"number": 0}, {"number": ["Numret måste vara 1 eller högre."]}),
        (
            {"ends_at": datetime(2025, 3, 4, 8, 0, tzinfo=STOCKHOLM)},
            {"ends_at": ["Slutet måste komma efter starten."]},
        ),
        (
            {
                "starts_at": datetime(2024, 8, 13, 9, 0, tzinfo=STOCKHOLM),
                "ends_at": datetime(2024, 8, 13, 11, 0, tzinfo=STOCKHOLM),
            },
            {
                "starts_at": [
                    "Workshopen kan inte vara före sista anmälningsdag, 14 augusti 2024. Ändra "
                    "datumet, eller sista anmälningsdag under ”Uppgifter och texter”."
                ]
            },
        ),
    ],
)
def test_the_service_refuses_a_new_workshop_that_breaks_a_rule(demo, changes, errors):
    fields = _new_workshop(**changes)
    assert _refused(services.workshop_create, project=_seed(), fields=fields) == errors
    assert not Workshop.objects.filter(project__slug=SEED, starts_at=fields["starts_at"]).exists()


def test_the_service_refuses_moving_a_workshop_to_a_taken_number_or_before_the_deadline(demo):
    workshop = _workshop(1)
    errors = _refused(
        services.workshop_update,
        workshop=workshop,
        fields={"number": 2, "starts_at": workshop.starts_at - timedelta(days=20)},
        changed_by=None,
    )
    assert set(errors) == {"number", "starts_at"}
    stored = _workshop(1)
    assert (stored.number, stored.starts_at) == (1, datetime(2024, 8, 27, 9, 0, tzinfo=STOCKHOLM))


# --- The staff pages ---------------------------------------------------------------------------


def _project_post(project: LearningProject, **changes: str) -> dict[str, str]:
    return {
        "title": project.title,
        "slug": project.slug,
        "registration_deadline": project.registration_deadline.isoformat(),
        "fee_sek": str(project.fee_sek),
        "min_organisations": str(project.min_organisations),
        "min_participants_per_organisation": str(project.min_participants_per_organisation),
        "max_participants_per_organisation": str(project.max_participants_per_organisation),
        **changes,
    }


def test_the_project_page_shows_a_late_deadline_and_too_few_organisations_beside_their_fields(
    staff_client,
):
    typed = _project_post(
        _seed(), registration_deadline="2024-09-01", min_organisations="0", fee_sek="-1"
    )
    response = staff_client.post(reverse("staff:project_edit", args=[SEED]), typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "efter första workshopen, 27 augusti 2024" in _error_beside(
        html, "registration_deadline"
    )
    assert "Ange minst 1 organisation." in _error_beside(html, "min_organisations")
    assert "Avgiften kan inte vara negativ." in _error_beside(html, "fee_sek")
    for kept in ('value="2024-09-01"', 'value="0"', 'value="-1"'):
        assert kept in html
    assert _seed().registration_deadline == date(2024, 8, 14)


def test_the_new_project_page_shows_a_taken_slug_even_while_other_fields_have_errors(
    staff_client,
):
    typed = {
        "title": "Vatten",
        "slug": SEED,
        "registration_deadline": "inte ett datum",
        "fee_sek": "0",
        "min_organisations": "1",
        "min_participants_per_organisation": "1",
        "max_participants_per_organisation": "4",
    }
    response = staff_client.post(reverse("staff:project_create"), typed)
    html = response.content.decode()
    assert "används redan" in _error_beside(html, "slug")
    assert _error_beside(html, "registration_deadline")
    assert 'value="inte ett datum"' in html


def _workshop_post(workshop: Workshop, **changes: str) -> dict[str, str]:
    start = workshop.starts_at.astimezone(STOCKHOLM)
    end = workshop.ends_at.astimezone(STOCKHOLM)
    return {
        "number": str(workshop.number),
        "block": str(workshop.block_id),
        "title": workshop.title,
        "format": workshop.format,
        "start_date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "end_date": "",
        "end_time": end.strftime("%H:%M"),
        "city": workshop.city,
        "venue": workshop.venue,
        "address": workshop.address,
        "online_url": workshop.online_url,
        "note": workshop.note,
        **changes,
    }


def test_the_workshop_page_shows_a_date_before_the_deadline_beside_the_date(staff_client):
    typed = _workshop_post(_workshop(1), start_date="2024-08-01", note="flyttad")
    response = staff_client.post(reverse("staff:workshop_edit", args=[SEED, 1]), typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "före sista anmälningsdag, 14 augusti 2024" in _error_beside(html, "start_date")
    assert 'value="2024-08-01"' in html and 'value="flyttad"' in html
    assert _workshop(1).note != "flyttad"


def test_the_workshop_page_shows_number_zero_and_a_bad_address_at_once(staff_client):
    typed = _workshop_post(_workshop(1), number="0", online_url="inte en länk")
    response = staff_client.post(reverse("staff:workshop_edit", args=[SEED, 1]), typed)
    html = response.content.decode()
    assert "Numret måste vara 1 eller högre." in _error_beside(html, "number")
    assert "https://" in _error_beside(html, "online_url")
    assert 'value="0"' in html and 'value="inte en länk"' in html
    assert _workshop(1).number == 1
