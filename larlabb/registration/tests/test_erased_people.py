"""An anonymised participant is no longer offered anywhere as a person to keep, edit or open:
not on the contact's page, not among the staff's personal links."""

import pytest
from django.urls import reverse

from larlabb.registration.gdpr import ERASED_NAME, person_erase
from larlabb.registration.services import (
    ParticipantData,
    manage_url,
    registration_participants_update,
    registration_submit,
)
from larlabb.registration.tests.helpers import participant_rows, registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(project, organisation):
    registration = registration_submit(
        project=project,
        data=registration_data(organisation, participants=2),
        submission_key="erased",
        language="sv",
    )
    person_erase(email="person1@example.org")
    return registration


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_the_contacts_page_has_no_row_for_an_anonymised_participant(client, registration):
    html = client.get(_path(manage_url(registration))).content.decode()
    assert 'value="Person 0"' in html
    assert ERASED_NAME not in html
    assert "@invalid.invalid" not in html


def test_saving_the_group_keeps_the_anonymised_participants_record(client, registration):
    rows = participant_rows([("Person 0", "person0@example.org", "Roll")], initial=1)
    response = client.post(_path(manage_url(registration)) + "deltagare/", rows)
    assert response.status_code == 302
    assert sorted(p.name for p in registration.participants.all()) == [ERASED_NAME, "Person 0"]


def test_an_anonymised_participant_does_not_count_towards_the_limit(project, registration):
    project.max_participants_per_organisation = 2
    project.save()
    people = [
        ParticipantData("Person 0", "person0@example.org", "Roll"),
        ParticipantData("Lena Berg", "lena@example.org", "Strateg"),
    ]
    registration_participants_update(registration=registration, participants=people)
    assert registration.participants.filter(erased_at__isnull=True).count() == 2


def test_staff_see_no_personal_link_for_an_anonymised_participant(staff, registration):
    html = staff.get(reverse("staff:registration_detail", args=[registration.pk])).content.decode()
    assert "Person 0" in html
    assert ERASED_NAME not in html
    assert "Anonymiserad deltagare" in html
