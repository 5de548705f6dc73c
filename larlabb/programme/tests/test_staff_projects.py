import pytest
from django.test import Client
from django.urls import reverse

from larlabb.network.models import Organisation, Person
from larlabb.programme.forms import PROJECT_FIELDSETS
from larlabb.programme.models import LearningProject
from larlabb.registration.models import OrganisationRegistration

SEED = "hallbara-livsmiljoer-2024"
pytestmark = pytest.mark.django_db

VALID = {
    "title": "Vatten i regionerna",
    "subtitle": "klimatanpassning tillsammans",
    "lead": "En ingress.",
    "registration_deadline": "2027-05-01",
    "fee_sek": "15000",
    "min_organisations": "10",
    "min_participants_per_organisation": "1",
    "max_participants_per_organisation": "4",
}


def test_creating_a_project_with_bad_input_keeps_every_typed_value_and_explains_each_error(
    staff_client,
):
    typed = {
        "title": "Nytt lärprojekt om vatten",
        "subtitle": "en undertitel som ska stå kvar",
        "slug": SEED,  # taken
        "lead": "En ingress som inte får försvinna.",
        "background": "Bakgrund med **fetstil**.",
        "registration_deadline": "2027-05-01",
        "fee_sek": "-5",
        "min_organisations": "10",
        "min_participants_per_organisation": "3",
        "max_participants_per_organisation": "2",
        "costs_note": "Resor betalas av var och en.",
    }
    response = staff_client.post(reverse("staff:project_create"), typed)
    assert response.status_code == 200
    html = response.content.decode()
    errors = {
        "slug": "Det kortnamnet används redan av ett annat projekt.",
        "fee_sek": "Avgiften kan inte vara negativ.",
        "max_participants_per_organisation": (
            "Högsta antalet kan inte vara lägre än lägsta antalet."
        ),
    }
    for field, message in errors.items():
        # Beside the field, and tied to it for screen readers.
        assert f'<ul class="errorlist" id="id_{field}_error"><li>{message}</li></ul>' in html
        assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in html or (
            f'aria-describedby="id_{field}_error"' in html
        )
    for name in ("title", "subtitle", "slug", "registration_deadline", "costs_note"):
        assert f'value="{typed[name]}"' in html, name
    assert "En ingress som inte får försvinna." in html
    assert "Bakgrund med **fetstil**." in html
    assert 'value="-5"' in html
    assert not LearningProject.objects.filter(title="Nytt lärprojekt om vatten").exists()


@pytest.mark.parametrize(
    ("low", "high", "field", "message"),
    [
        ("0", "4", "min_participants_per_organisation", "Ange ett antal från 1 till 4."),
        ("1", "5", "max_participants_per_organisation", "Ange ett antal från 1 till 4."),
        ("4", "3", "max_participants_per_organisation", "Högsta antalet kan inte vara lägre"),
    ],
)
def test_participants_per_organisation_stay_within_one_to_four(
    staff_client, low, high, field, message
):
    data = VALID | {
        "min_participants_per_organisation": low,
        "max_participants_per_organisation": high,
    }
    response = staff_client.post(reverse("staff:project_create"), data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])


def test_a_new_project_gets_its_address_from_the_title_and_starts_as_a_draft(staff_client):
    response = staff_client.post(reverse("staff:project_create"), VALID)
    project = LearningProject.objects.get(title="Vatten i regionerna")
    assert project.slug == "vatten-i-regionerna"
    assert project.status == LearningProject.Status.DRAFT
    assert project.published_at is None
    assert response["Location"] == reverse("staff:project_programme", args=[project.slug])


def test_an_address_from_a_title_already_in_use_asks_for_an_own_one(staff_client):
    data = VALID | {"title": "Hallbara livsmiljoer 2024"}
    response = staff_client.post(reverse("staff:project_create"), data)
    assert response.status_code == 200
    assert "som titeln ger används redan" in str(response.context["form"].errors["slug"])


def test_the_project_form_groups_every_field_in_the_invitations_order(staff_client):
    html = staff_client.get(reverse("staff:project_edit", args=[SEED])).content.decode()
    form_fields = {f.name for f in LearningProject._meta.get_fields() if f.editable} - {
        "id",
        "network",
        "status",
        "published_at",
        "created_at",
        "updated_at",
    }
    grouped = [name for _legend, names in PROJECT_FIELDSETS for name in names]
    assert set(grouped) == {
        name for name in form_fields if not LearningProject._meta.get_field(name).auto_created
    }
    positions = [html.index(f'name="{name}"') for name in grouped]
    assert positions == sorted(positions)
    assert html.count("<fieldset") == len(PROJECT_FIELDSETS)
    assert "Markdown: **fet**, *kursiv*, - punktlista" in html


def test_editing_a_project_saves_every_field(staff_client):
    url = reverse("staff:project_edit", args=[SEED])
    form = staff_client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("on" if v is True else "" if v in (None, False) else v) for k, v in data.items()}
    data |= {
        "purpose": "Ett nytt syfte.",
        "fee_sek": "25000",
        "registration_deadline": "2024-08-20",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302
    project = LearningProject.objects.get(slug=SEED)
    assert project.purpose == "Ett nytt syfte."
    assert project.fee_sek == 25_000
    assert str(project.registration_deadline) == "2024-08-20"


def test_a_new_project_cannot_be_published_without_workshops(staff_client):
    staff_client.post(reverse("staff:project_create"), VALID)
    url = reverse("staff:project_programme", args=["vatten-i-regionerna"])
    assert "Lägg till minst en workshop innan projektet publiceras." in (
        staff_client.get(url).content.decode()
    )
    response = staff_client.post(
        reverse("staff:project_status", args=["vatten-i-regionerna"]),
        {"action": "publish"},
        follow=True,
    )
    assert "Lägg till minst en workshop innan projektet publiceras." in response.content.decode()
    project = LearningProject.objects.get(slug="vatten-i-regionerna")
    assert project.status == LearningProject.Status.DRAFT
    assert project.published_at is None


def test_publish_unpublish_and_close_are_explicit_actions(staff_client):
    client = Client()  # staff_client is pytest-django's client, signed in
    url = reverse("staff:project_status", args=[SEED])
    invitation = reverse("programme:invitation", args=[SEED])
    staff_client.post(url, {"action": "unpublish"})
    project = LearningProject.objects.get(slug=SEED)
    assert project.status == LearningProject.Status.DRAFT
    assert project.published_at is None
    assert client.get(invitation).status_code == 404
    assert staff_client.get(invitation).status_code == 200  # staff preview the draft

    response = staff_client.post(url, {"action": "close"}, follow=True)
    assert "Bara ett publicerat projekt kan avslutas." in response.content.decode()

    staff_client.post(url, {"action": "publish"})
    project.refresh_from_db()
    assert project.status == LearningProject.Status.PUBLISHED
    assert project.published_at is not None
    assert client.get(invitation).status_code == 200

    staff_client.post(url, {"action": "close"})
    project.refresh_from_db()
    assert project.status == LearningProject.Status.CLOSED


def test_an_unknown_status_action_changes_nothing(staff_client):
    before = LearningProject.objects.get(slug=SEED).status
    staff_client.post(reverse("staff:project_status", args=[SEED]), {"action": "delete"})
    assert LearningProject.objects.get(slug=SEED).status == before


def _people_data(**rows: str) -> dict[str, str]:
    data = {
        "leaders-TOTAL_FORMS": "1",
        "leaders-INITIAL_FORMS": "0",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "collaborators-TOTAL_FORMS": "1",
        "collaborators-INITIAL_FORMS": "0",
    }
    return data | rows


def test_people_page_replaces_leaders_contacts_and_collaborators(staff_client):
    skane = Organisation.objects.get(name="Region Skåne")
    data = _people_data(
        **{
            "leaders-0-name": "Ny Ledare",
            "leaders-0-role": "processledare",
            "leaders-0-organisation": str(skane.pk),
            "contacts-0-name": "Ny Kontakt",
            "contacts-0-email": "ny@example.se",
            "contacts-0-topic": "allt",
            "collaborators-0-name": "Boverket",
        }
    )
    response = staff_client.post(reverse("staff:project_people", args=[SEED]), data)
    assert response.status_code == 302
    project = LearningProject.objects.get(slug=SEED)
    assert [(lead.person.name, lead.person.organisation) for lead in project.leaders.all()] == [
        ("Ny Ledare", skane)
    ]
    assert [(c.person.email, c.topic) for c in project.contacts.all()] == [
        ("ny@example.se", "allt")
    ]
    assert [c.name for c in project.collaborators.all()] == ["Boverket"]


def test_a_contact_with_a_known_name_and_email_reuses_the_person(staff_client):
    existing = LearningProject.objects.get(slug=SEED).contacts.first()
    assert existing is not None
    person = existing.person
    people = Person.objects.count()
    data = _people_data(
        **{
            "contacts-0-name": person.name,
            "contacts-0-email": person.email,
            "contacts-0-topic": "allt om anmälan",
        }
    )
    staff_client.post(reverse("staff:project_people", args=["larlabb-hallbar-utveckling"]), data)
    contact = LearningProject.objects.get(slug="larlabb-hallbar-utveckling").contacts.get()
    assert contact.person == person
    assert Person.objects.count() == people


def test_a_contact_without_email_is_refused_beside_the_field(staff_client):
    data = _people_data(**{"contacts-0-name": "Utan Adress", "contacts-0-topic": "frågor"})
    response = staff_client.post(reverse("staff:project_people", args=[SEED]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_contacts-0-email_error"' in html
    assert 'value="Utan Adress"' in html


def test_dashboard_lists_projects_with_status_deadline_workshops_and_viability(staff_client):
    project = LearningProject.objects.get(slug=SEED)
    for n in range(3):
        OrganisationRegistration.objects.create(
            project=project,
            organisation=Organisation.objects.create(
                network=project.network,
                name=f"Kommun {n}",
                kind="municipality",
                relationship="member",
            ),
            status=OrganisationRegistration.Status.CONFIRMED,
            fee_sek=project.fee_sek,
        )
    html = staff_client.get(reverse("staff:dashboard")).content.decode()
    row = html[html.index(reverse("staff:project_programme", args=[SEED])) :]
    row = row[: row.index("</tr>")]
    assert project.get_status_display() in row
    assert "14 augusti 2024" in row
    assert '<td class="number">6</td>' in row
    assert "3 av minst 15 organisationer" in row
    assert "Minsta antalet är inte nått" in row
    for name in ("project_edit", "project_budget"):
        assert reverse(f"staff:{name}", args=[SEED]) in row
    assert reverse("programme:invitation", args=[SEED]) in row
