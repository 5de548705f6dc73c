"""Counted words agree with their number, and no select shows Django's English blank choice."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from larlabb.network.forms import OrganisationForm
from larlabb.registration.services import registration_submit
from larlabb.registration.tests.helpers import registration_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("minimum", "swedish", "english"),
    [
        (1, "Anmäl minst 1 deltagare.", "Register at least 1 participant."),
        (2, "Anmäl minst 2 deltagare.", "Register at least 2 participants."),
    ],
)
def test_too_few_participants_is_worded_for_the_number(
    project, organisation, minimum, swedish, english
):
    project.min_participants_per_organisation = minimum
    project.save()
    with pytest.raises(ValidationError) as raised:
        registration_submit(
            project=project,
            data=registration_data(organisation, participants=0),
            submission_key="k",
            language="sv",
        )
    assert raised.value.messages == [swedish]
    with translation.override("en"):
        assert raised.value.messages == [english]


@pytest.mark.parametrize(
    ("maximum", "english"),
    [(1, "Register at most 1 participant."), (4, "Register at most 4 participants.")],
)
def test_too_many_participants_is_worded_for_the_number(project, organisation, maximum, english):
    project.max_participants_per_organisation = maximum
    project.save()
    with pytest.raises(ValidationError) as raised:
        registration_submit(
            project=project,
            data=registration_data(organisation, participants=maximum + 1),
            submission_key="k",
            language="sv",
        )
    assert raised.value.messages == [f"Anmäl högst {maximum} deltagare."]
    with translation.override("en"):
        assert raised.value.messages == [english]


def test_the_staff_list_counts_one_organisation_in_the_singular(staff, project):
    project.min_organisations = 1
    project.save()
    html = staff.get(reverse("staff:project_registrations", args=[project.slug])).content
    assert "0 av minst 1 organisation<" in html.decode()


def test_a_select_without_its_own_empty_choice_offers_valj_in_swedish_and_choose_in_english(
    project,
):
    form = OrganisationForm(network=project.network)
    html = str(form["kind"])
    assert '<option value="" selected>Välj</option>' in html
    assert "Select an option" not in html and "---------" not in html
    with translation.override("en"):
        assert '<option value="" selected>Choose</option>' in str(form["kind"])
