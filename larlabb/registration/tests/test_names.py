"""Every name typed in registration refuses hidden direction and control characters."""

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from larlabb.registration.forms import ParticipantForm, RegistrationForm
from larlabb.registration.models import OrganisationRegistration
from larlabb.registration.services import (
    ParticipantData,
    registration_participants_update,
    registration_submit,
)
from larlabb.registration.tests.helpers import registration_data, registration_post

pytestmark = pytest.mark.django_db

OVERRIDE = "Anna\u202eBerg"
ZERO_WIDTH = "\u200b\u200b"
GOOD = ["Åsa Öberg-Lindqvist", "Zoë D'Artagnan", "Nguyễn Văn An"]


@pytest.mark.parametrize("field", ["contact_name", "manager_name", "new_organisation_name"])
@pytest.mark.parametrize(
    ("typed", "message"),
    [(OVERRIDE, "skrivriktningen"), (ZERO_WIDTH, "osynliga tecken"), ("A\x07B", "styrtecken")],
)
def test_the_registration_forms_names_refuse_hidden_characters(organisation, field, typed, message):
    form = RegistrationForm(
        registration_post(organisation) | {field: typed}, organisations=[organisation]
    )
    assert not form.is_valid()
    assert message in str(form.errors[field])


@pytest.mark.parametrize("name", GOOD)
def test_the_registration_forms_names_take_ordinary_names(organisation, name):
    data = registration_post(organisation, contact_name=name, manager_name=name)
    form = RegistrationForm(data, organisations=[organisation])
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("typed", "valid"), [(OVERRIDE, False), (ZERO_WIDTH, False), *((name, True) for name in GOOD)]
)
def test_a_participants_name_refuses_hidden_characters(typed, valid):
    form = ParticipantForm({"name": typed, "email": "a@example.org", "role": "Strateg"})
    assert form.is_valid() is valid
    assert ("name" in form.errors) is not valid


def test_the_service_refuses_hidden_characters_in_every_name(project, organisation):
    data = registration_data(organisation, participants=2)
    bad = replace(
        data,
        contact_name=OVERRIDE,
        manager_name=ZERO_WIDTH,
        participants=(data.participants[0], replace(data.participants[1], name=OVERRIDE)),
    )
    with pytest.raises(ValidationError) as raised:
        registration_submit(project=project, data=bad, submission_key="k", language="sv")
    assert set(raised.value.error_dict) == {"contact_name", "manager_name", "participants.1.name"}
    registration = registration_submit(
        project=project, data=data, submission_key="k", language="sv"
    )
    with pytest.raises(ValidationError) as changed:
        registration_participants_update(
            registration=registration,
            participants=[ParticipantData(ZERO_WIDTH, "x@example.org", "Roll")],
        )
    assert set(changed.value.error_dict) == {"participants.0.name"}


def test_the_public_form_shows_the_names_error_beside_it_and_keeps_the_rest(
    client, project, organisation
):
    response = client.post(
        reverse("registration:register", args=[project.slug]),
        registration_post(organisation, contact_name=OVERRIDE, manager_name="Zoë D'Artagnan"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_contact_name_error"' in html
    assert "vänder på skrivriktningen" in html
    assert "Zoë D&#x27;Artagnan" in html
    assert not OrganisationRegistration.objects.exists()
