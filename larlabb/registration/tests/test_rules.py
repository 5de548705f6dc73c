"""The rules of a registration hold in the services, and every form shows their errors beside
the field or participant row they concern, keeping what was typed."""

import re
from dataclasses import replace

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from larlabb.network.models import Organisation
from larlabb.registration.models import OrganisationRegistration
from larlabb.registration.services import (
    ParticipantData,
    organisation_application_accept,
    registration_participants_update,
    registration_submit,
)
from larlabb.registration.tests.helpers import (
    link_in,
    mail_to,
    participant_rows,
    registration_data,
    registration_post,
)

pytestmark = pytest.mark.django_db

CONTACT = "karin.holm@ostergotland.example"
DUPLICATE = "Samma e-postadress finns redan på en annan deltagare."


def _error_beside(html: str, field_id: str) -> str:
    """The text of the error list shown beside the field with this id."""
    match = re.search(rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', html, re.S)
    assert match is not None, f"no error beside {field_id}"
    return match.group(1)


def _submit(project, data):
    return registration_submit(project=project, data=data, submission_key="k", language="sv")


def _errors(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return {key: [e.code or "" for e in value] for key, value in raised.value.error_dict.items()}


# --- At the service -------------------------------------------------------------------------


def test_two_participants_with_one_email_are_refused_by_the_service_on_the_second_row(
    project, organisation
):
    data = registration_data(organisation, participants=2)
    twin = replace(data.participants[1], email="PERSON0@example.org")
    with pytest.raises(ValidationError) as raised:
        _submit(project, replace(data, participants=(data.participants[0], twin)))
    assert _errors(raised) == {"participants.1.email": ["duplicate_participant"]}
    assert not OrganisationRegistration.objects.exists()


def test_the_manager_may_not_be_the_contact_at_the_service(project, organisation):
    data = replace(registration_data(organisation), manager_email="KARIN@example.org")
    with pytest.raises(ValidationError) as raised:
        _submit(project, data)
    assert _errors(raised) == {"manager_email": ["manager_is_contact"]}


@pytest.mark.parametrize(("count", "code"), [(0, "too_few"), (5, "too_many")])
def test_the_service_keeps_the_group_within_the_projects_limits(project, organisation, count, code):
    with pytest.raises(ValidationError) as raised:
        _submit(project, registration_data(organisation, participants=count))
    assert _errors(raised) == {"participants": [code]}


def test_a_new_organisation_needs_a_kind_and_a_name_not_already_listed(project, organisation):
    data = replace(
        registration_data(None),
        new_organisation_name="REGION ÖSTERGÖTLAND",
        new_organisation_kind="",
    )
    with pytest.raises(ValidationError) as raised:
        _submit(project, data)
    assert _errors(raised) == {
        "new_organisation_name": ["new_organisation_exists"],
        "new_organisation_kind": ["new_organisation_kind"],
    }


def test_a_registration_names_one_organisation_not_none_and_not_two(project, organisation):
    with pytest.raises(ValidationError) as neither:
        _submit(project, registration_data(None))
    assert _errors(neither) == {"organisation": ["no_organisation"]}
    both = replace(
        registration_data(organisation),
        new_organisation_name="Kommunförbundet Skåne",
        new_organisation_kind="other",
    )
    with pytest.raises(ValidationError) as raised:
        _submit(project, both)
    assert _errors(raised) == {"new_organisation_name": ["both_organisations"]}


def test_the_contacts_changes_to_the_group_follow_the_same_rules(project, organisation):
    registration = _submit(project, registration_data(organisation, participants=2))
    people = [
        ParticipantData("Lena Berg", "lena@example.org", "Strateg"),
        ParticipantData("Oskar Dahl", "Lena@Example.org", "Analytiker"),
    ]
    with pytest.raises(ValidationError) as duplicate:
        registration_participants_update(registration=registration, participants=people)
    assert _errors(duplicate) == {"participants.1.email": ["duplicate_participant"]}
    with pytest.raises(ValidationError) as none:
        registration_participants_update(registration=registration, participants=[])
    assert _errors(none) == {"participants": ["too_few"]}
    assert [p.name for p in registration.participants.all()] == ["Person 0", "Person 1"]


# --- Where people type ----------------------------------------------------------------------


def test_two_participants_with_one_email_get_an_error_beside_the_rows_on_the_public_form(
    client, project, organisation
):
    rows = [
        ("Karin Holm", "karin.holm@ostergotland.example", "Strateg"),
        ("", "", ""),
        ("Åsa Öberg-Lindqvist", "Karin.Holm@ostergotland.example", "Planerare"),
    ]
    response = client.post(
        reverse("registration:register", args=[project.slug]),
        registration_post(organisation, participants=rows, contact_name="Lena Berg"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert DUPLICATE in _error_beside(html, "id_participants-2-email")
    assert 'id="id_participants-0-email_error"' not in html
    for typed in (
        'value="Lena Berg"',
        'value="Åsa Öberg-Lindqvist"',
        'value="Karin.Holm@ostergotland.example"',
        'value="Planerare"',
        'value="232100-0040"',
    ):
        assert typed in html
    assert not OrganisationRegistration.objects.exists()
    assert mail.outbox == []


def test_the_manager_as_contact_is_shown_beside_the_managers_address(client, project, organisation):
    response = client.post(
        reverse("registration:register", args=[project.slug]),
        registration_post(organisation, manager_email="KARIN.HOLM@ostergotland.example"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chefen som godkänner ska vara en annan person" in _error_beside(
        html, "id_manager_email"
    )
    assert 'value="KARIN.HOLM@ostergotland.example"' in html


def test_a_new_organisation_without_a_kind_is_told_beside_the_kind(client, project):
    response = client.post(
        reverse("registration:register", args=[project.slug]),
        registration_post(None, new_organisation_name="Kommunförbundet Skåne"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Välj vilken typ av organisation" in _error_beside(html, "id_new_organisation_kind")
    assert 'value="Kommunförbundet Skåne"' in html


def test_too_many_rows_posted_are_told_above_the_rows(client, project, organisation):
    five = [(f"Person {n}", f"person{n}@example.org", "Roll") for n in range(5)]
    response = client.post(
        reverse("registration:register", args=[project.slug]),
        registration_post(organisation) | participant_rows(five, total=5),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="participants-errors"' in html
    assert not OrganisationRegistration.objects.exists()


def test_staff_adding_a_late_registration_see_the_duplicate_beside_the_row(
    staff, project, organisation
):
    rows = [("Karin Holm", CONTACT, "Strateg"), ("Ahmed Nasser", CONTACT, "Planerare")]
    response = staff.post(
        reverse("staff:registration_late_create", args=[project.slug]),
        registration_post(organisation, participants=rows),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert DUPLICATE in _error_beside(html, "id_participants-1-email")
    assert 'value="Ahmed Nasser"' in html
    assert not OrganisationRegistration.objects.exists()


@pytest.fixture
def manage_path(client, project, organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registration:register", args=[project.slug]),
            registration_post(organisation),
        )
    assert response.status_code == 302
    return link_in(mail_to(CONTACT).body, "/anmalan/hantera/")


def test_two_participants_with_one_email_get_an_error_beside_the_rows_on_the_contacts_page(
    client, manage_path
):
    rows = [
        ("Karin Holm", CONTACT, "Strateg"),
        ("Zoë D'Artagnan", CONTACT.upper(), "Utvecklare"),
    ]
    response = client.post(manage_path + "deltagare/", participant_rows(rows, initial=2))
    assert response.status_code == 200
    html = response.content.decode()
    assert DUPLICATE in _error_beside(html, "id_participants-1-email")
    assert "Zoë D&#x27;Artagnan" in html
    assert f'value="{CONTACT.upper()}"' in html
    registration = OrganisationRegistration.objects.get()
    assert [p.name for p in registration.participants.all()] == ["Karin Holm", "Ahmed Nasser"]


def test_the_contact_emptying_every_row_is_told_above_the_rows(client, manage_path):
    response = client.post(manage_path + "deltagare/", participant_rows([], initial=2))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anmäl minst 1 deltagare." in html
    assert 'id="participants-errors"' in html
    assert OrganisationRegistration.objects.get().participants.count() == 2


def test_a_duplicate_is_shown_together_with_the_other_fields_errors(client, project, organisation):
    rows = [("Karin Holm", CONTACT, "Strateg"), ("Ahmed Nasser", CONTACT, "Planerare")]
    response = client.post(
        reverse("registration:register", args=[project.slug]),
        registration_post(organisation, participants=rows, contact_phone="ring mig"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv ett telefonnummer med siffror" in _error_beside(html, "id_contact_phone")
    assert DUPLICATE in _error_beside(html, "id_participants-1-email")


def test_staff_see_a_duplicate_together_with_the_other_fields_errors(staff, project, organisation):
    rows = [("Karin Holm", CONTACT, "Strateg"), ("Ahmed Nasser", CONTACT, "Planerare")]
    response = staff.post(
        reverse("staff:registration_late_create", args=[project.slug]),
        registration_post(organisation, participants=rows, manager_email=""),
    )
    html = response.content.decode()
    assert 'id="id_manager_email_error"' in html
    assert DUPLICATE in _error_beside(html, "id_participants-1-email")


def test_accepting_a_new_organisation_uses_one_listed_meanwhile_in_other_case(project, staff_user):
    data = replace(
        registration_data(None),
        new_organisation_name="Kommunförbundet Skåne",
        new_organisation_kind="other",
    )
    registration = _submit(project, data)
    listed = Organisation.objects.create(
        network=project.network, name="KOMMUNFÖRBUNDET SKÅNE", kind="other", relationship="member"
    )
    organisation_application_accept(
        application=registration.application, by_user=staff_user, relationship="partner"
    )
    registration.refresh_from_db()
    assert registration.organisation == listed
    assert Organisation.objects.filter(network=project.network).count() == 1
