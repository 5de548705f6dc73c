from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from larlabb.network.models import Organisation
from larlabb.programme.models import LearningProject, Workshop, WorkshopChange
from larlabb.registration.models import OrganisationRegistration

SEED = "hallbara-livsmiljoer-2024"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db


def _workshop_post(workshop: Workshop, **changes: str) -> dict[str, str]:
    start = workshop.starts_at.astimezone(STOCKHOLM)
    end = workshop.ends_at.astimezone(STOCKHOLM)
    data = {
        "number": str(workshop.number),
        "block": str(workshop.block_id),
        "title": workshop.title,
        "format": workshop.format,
        "start_date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "end_date": end.date().isoformat() if end.date() != start.date() else "",
        "end_time": end.strftime("%H:%M"),
        "city": workshop.city,
        "venue": workshop.venue,
        "address": workshop.address,
        "online_url": workshop.online_url,
        "note": workshop.note,
    }
    if workshop.lunch_to_lunch:
        data["lunch_to_lunch"] = "on"
    if workshop.is_preliminary:
        data["is_preliminary"] = "on"
    data.update(changes)
    return data


def test_anonymous_visitors_are_sent_to_the_staff_login(client, demo):
    response = client.get(reverse("staff:project_programme", args=[SEED]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


def test_non_staff_users_cannot_reach_the_staff_area(client, demo, django_user_model):
    client.force_login(django_user_model.objects.create_user("deltagare", password="x" * 12))
    assert client.get(reverse("staff:dashboard")).status_code == 302


def test_creating_a_project_with_bad_input_keeps_what_was_typed(staff_client):
    response = staff_client.post(
        reverse("staff:project_create"),
        {
            "title": "Nytt lärprojekt om vatten",
            "slug": SEED,  # taken
            "lead": "En ingress som inte får försvinna.",
            "registration_deadline": "2027-05-01",
            "fee_sek": "-5",
            "min_organisations": "10",
            "min_participants_per_organisation": "3",
            "max_participants_per_organisation": "2",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Det kortnamnet används redan av ett annat projekt." in html
    assert "Högsta antalet kan inte vara lägre än lägsta antalet." in html
    assert "Nytt lärprojekt om vatten" in html
    assert "En ingress som inte får försvinna." in html
    assert LearningProject.objects.filter(title="Nytt lärprojekt om vatten").count() == 0


def test_a_new_project_starts_as_a_draft_and_cannot_be_published_without_workshops(
    staff_client,
):
    response = staff_client.post(
        reverse("staff:project_create"),
        {
            "title": "Vatten",
            "slug": "vatten",
            "registration_deadline": "2027-05-01",
            "fee_sek": "15000",
            "min_organisations": "10",
            "min_participants_per_organisation": "1",
            "max_participants_per_organisation": "4",
        },
    )
    assert response.status_code == 302
    project = LearningProject.objects.get(slug="vatten")
    assert project.status == LearningProject.Status.DRAFT
    response = staff_client.post(
        reverse("staff:project_status", args=["vatten"]), {"action": "publish"}, follow=True
    )
    assert "Lägg till minst en workshop innan projektet publiceras." in response.content.decode()
    project.refresh_from_db()
    assert project.status == LearningProject.Status.DRAFT


def test_publishing_a_project_with_workshops_sets_its_publication_time(staff_client):
    LearningProject.objects.filter(slug=SEED).update(status="draft", published_at=None)
    staff_client.post(reverse("staff:project_status", args=[SEED]), {"action": "publish"})
    project = LearningProject.objects.get(slug=SEED)
    assert project.status == LearningProject.Status.PUBLISHED
    assert project.published_at is not None


def test_moving_a_workshop_up_swaps_numbers_and_keeps_them_unique(staff_client):
    project = LearningProject.objects.get(slug=SEED)
    fourth = project.workshops.get(number=4)
    staff_client.post(reverse("staff:workshop_move", args=[SEED, 4]), {"to": "up"})
    fourth.refresh_from_db()
    assert fourth.number == 3
    assert sorted(project.workshops.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_moving_through_htmx_returns_only_the_table(staff_client):
    response = staff_client.post(
        reverse("staff:workshop_move", args=[SEED, 2]), {"to": "down"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'id="workshop-table"' in html
    assert "<html" not in html


def test_changing_a_published_workshops_date_is_recorded_and_raises_the_sequence(staff_client):
    workshop = Workshop.objects.get(project__slug=SEED, number=1)
    response = staff_client.post(
        reverse("staff:workshop_edit", args=[SEED, 1]),
        _workshop_post(workshop, start_date="2024-08-28", end_date=""),
    )
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.starts_at == datetime(2024, 8, 28, 9, 0, tzinfo=STOCKHOLM)
    assert workshop.sequence == 1
    change = WorkshopChange.objects.get(workshop=workshop)
    assert change.old_value == "27 augusti 2024, kl. 9–11.30"
    assert change.new_value == "28 augusti 2024, kl. 9–11.30"
    assert change.changed_by is not None
    assert change.changed_by.username == "kansliet"
    public = staff_client.get(reverse("programme:workshop", args=[SEED, 1])).content.decode()
    assert "27 augusti 2024, kl. 9–11.30 ändrades till 28 augusti 2024, kl. 9–11.30" in public


def test_changing_a_draft_workshop_is_not_recorded(staff_client):
    LearningProject.objects.filter(slug=SEED).update(status="draft")
    workshop = Workshop.objects.get(project__slug=SEED, number=2)
    staff_client.post(
        reverse("staff:workshop_edit", args=[SEED, 2]), _workshop_post(workshop, city="Göteborg")
    )
    workshop.refresh_from_db()
    assert workshop.city == "Göteborg"
    assert workshop.sequence == 0
    assert not WorkshopChange.objects.exists()


def test_workshop_must_end_after_it_starts(staff_client):
    workshop = Workshop.objects.get(project__slug=SEED, number=1)
    response = staff_client.post(
        reverse("staff:workshop_edit", args=[SEED, 1]), _workshop_post(workshop, end_time="08:00")
    )
    assert "Slutet måste komma efter starten." in response.content.decode()


def test_a_block_in_use_cannot_be_deleted(staff_client):
    block = Workshop.objects.get(project__slug=SEED, number=3).block
    response = staff_client.post(reverse("staff:block_delete", args=[SEED, block.pk]), follow=True)
    assert "kan inte tas bort" in response.content.decode()
    assert type(block).objects.filter(pk=block.pk).exists()


def test_people_page_replaces_leaders_and_contacts(staff_client):
    data = {
        "leaders-TOTAL_FORMS": "1",
        "leaders-INITIAL_FORMS": "0",
        "leaders-0-name": "Ny Ledare",
        "leaders-0-role": "processledare",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-0-name": "Ny Kontakt",
        "contacts-0-email": "ny@example.se",
        "contacts-0-topic": "allt",
        "collaborators-TOTAL_FORMS": "1",
        "collaborators-INITIAL_FORMS": "0",
        "collaborators-0-name": "Boverket",
    }
    staff_client.post(reverse("staff:project_people", args=[SEED]), data)
    project = LearningProject.objects.get(slug=SEED)
    assert [lead.person.name for lead in project.leaders.all()] == ["Ny Ledare"]
    assert [(c.person.email, c.topic) for c in project.contacts.all()] == [
        ("ny@example.se", "allt")
    ]
    assert [c.name for c in project.collaborators.all()] == ["Boverket"]


def _confirm(project: LearningProject, count: int) -> None:
    for organisation in Organisation.objects.all()[:count]:
        OrganisationRegistration.objects.create(
            project=project,
            organisation=organisation,
            status=OrganisationRegistration.Status.CONFIRMED,
        )


def test_budget_page_shows_viability_as_a_figure_and_a_chart(staff_client):
    project = LearningProject.objects.get(slug=SEED)
    _confirm(project, 12)
    html = staff_client.get(reverse("staff:project_budget", args=[SEED])).content.decode()
    assert "12 av minst 15 organisationer" in html
    assert "3 organisationer saknas för att nå minsta antalet." in html
    assert "Budgeten går ihop vid 15 organisationer." in html
    assert 'role="img"' in html


def test_edited_accessibility_statement_is_shown_publicly(staff_client, client):
    form = staff_client.get(reverse("staff:network_texts")).context["form"]
    data = {name: value or "" for name, value in form.initial.items() if name in form.fields}
    data["accessibility_statement"] = "Vi har rättat **kontrasten** i sidfoten."
    response = staff_client.post(reverse("staff:network_texts"), data)
    assert response.status_code == 302
    html = client.get(reverse("network:accessibility")).content.decode()
    assert "Vi har rättat <strong>kontrasten</strong> i sidfoten." in html


def test_organisations_can_be_searched_and_filtered(staff_client):
    url = reverse("staff:organisation_list")
    html = staff_client.get(url, {"kind": "agency"}).content.decode()
    assert "Tillväxtverket" in html
    assert "Region Skåne" not in html
    html = staff_client.get(url, {"q": "skåne"}).content.decode()
    assert "Region Skåne" in html


def test_duplicate_organisation_name_is_refused_with_a_clear_message(staff_client):
    response = staff_client.post(
        reverse("staff:organisation_create"),
        {"name": "region skåne", "kind": "region", "relationship": "member"},
    )
    assert "Organisationen finns redan i nätverket." in response.content.decode()


def test_public_pages_show_staff_edits_at_once_despite_the_page_cache(staff_client, client):
    invitation = reverse("programme:invitation", args=[SEED])
    assert "Göteborg" not in client.get(invitation).content.decode()
    workshop = Workshop.objects.get(project__slug=SEED, number=2)
    staff_client.post(
        reverse("staff:workshop_edit", args=[SEED, 2]), _workshop_post(workshop, city="Göteborg")
    )
    assert "Göteborg" in client.get(invitation).content.decode()
    block = workshop.block
    staff_client.post(
        reverse("staff:block_edit", args=[SEED, block.pk]),
        {"title": "Ny rubrik för blocket", "intro": "", "agenda": "En punkt"},
    )
    assert "Ny rubrik för blocket" in client.get(invitation).content.decode()
    staff_client.post(reverse("staff:workshop_move", args=[SEED, 6]), {"to": "up"})
    fifth = client.get(reverse("programme:workshop", args=[SEED, 5])).content.decode()
    assert "Workshop 5. Kunskap till handling" in fifth
