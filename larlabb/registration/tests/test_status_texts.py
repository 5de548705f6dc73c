"""A status inside a sentence reads as Swedish (and English): "Anmälan väntar på …", never
"Anmälan är väntar på …"."""

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from larlabb.registration.models import OrganisationApplication, OrganisationRegistration
from larlabb.registration.services import (
    manage_url,
    registration_confirm,
    registration_decline,
    registration_submit,
    registration_withdraw,
)
from larlabb.registration.signups import participant_url
from larlabb.registration.status_texts import APPLICATION_PHRASES, REGISTRATION_PHRASES
from larlabb.registration.tests.helpers import registration_data

pytestmark = pytest.mark.django_db

Status = OrganisationRegistration.Status


def test_every_status_has_a_phrase_in_both_languages():
    assert set(REGISTRATION_PHRASES) == set(Status.values)
    assert set(APPLICATION_PHRASES) == set(OrganisationApplication.Status.values)
    for phrases in (REGISTRATION_PHRASES, APPLICATION_PHRASES):
        swedish = [str(p) for p in phrases.values()]
        with translation.override("en"):
            english = [str(p) for p in phrases.values()]
        assert all(s != e for s, e in zip(swedish, english, strict=True)), english


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def registration(project, organisation):
    return registration_submit(
        project=project, data=registration_data(organisation), submission_key="s", language="sv"
    )


def test_a_participant_of_an_unapproved_registration_reads_a_whole_sentence(client, registration):
    participant = registration.participants.get()
    html = client.get(_path(participant_url(participant))).content.decode()
    assert "Organisationens anmälan väntar på chefens godkännande, så du kan inte" in html
    assert "anmälan är väntar" not in html


def test_the_contact_of_a_withdrawn_registration_reads_a_whole_sentence(client, registration):
    registration_withdraw(registration=registration)
    html = client.get(_path(manage_url(registration))).content.decode()
    assert "Anmälan är återtagen och kan inte längre ändras här." in html


def test_declining_a_confirmed_registration_says_why_in_a_whole_sentence(registration):
    registration_confirm(registration=registration)
    with pytest.raises(ValidationError) as raised:
        registration_decline(registration=registration)
    assert raised.value.messages == ["Anmälan väntar inte längre på godkännande: den är bekräftad."]
    with translation.override("en"):
        assert "is confirmed" in raised.value.messages[0]


def test_staff_read_the_new_organisations_application_as_a_sentence(staff, project):
    data = replace(
        registration_data(None),
        new_organisation_name="Kommunförbundet Skåne",
        new_organisation_kind="other",
    )
    registration = registration_submit(
        project=project, data=data, submission_key="app", language="sv"
    )
    html = staff.get(reverse("staff:registration_detail", args=[registration.pk])).content.decode()
    assert "Ansökan väntar på att kansliet prövar den." in html
    assert "Ansökan är väntar" not in html
