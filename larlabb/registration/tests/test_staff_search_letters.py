"""Staff searches fold Å, Ä and Ö like any other letter, on SQLite as on PostgreSQL: Django's
icontains and iexact fold only A–Z on SQLite."""

import pytest
from django.urls import reverse

from larlabb.core.models import OutboxMessage
from larlabb.registration.gdpr import person_data, person_places
from larlabb.registration.links import personal_links_send
from larlabb.registration.services import registration_confirm, registration_submit
from larlabb.registration.signups import SignupAnswer, workshop_signup_answer
from larlabb.registration.tests.helpers import registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def asa(project, organisation, django_capture_on_commit_callbacks):
    """Åsa Öberg of Region Östergötland, confirmed and signed up for workshop 2."""
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_submit(
            project=project,
            data=registration_data(organisation, participants=1),
            submission_key="bokstäver",
            language="sv",
        )
        registration_confirm(registration=registration)
    participant = registration.participants.get()
    participant.name, participant.email = "Åsa Öberg", "åsa.öberg@example.se"
    participant.save(update_fields=["name", "email"])
    workshop_signup_answer(
        participant=participant,
        workshop=project.workshops.get(number=2),
        answer=SignupAnswer("on_site"),
    )
    return participant


def test_the_registration_list_search_finds_aasa_and_oestergoetland_in_any_case(
    staff, project, asa
):
    url = reverse("staff:project_registrations", args=[project.slug])
    for typed in ("åsa", "ÅSA ÖBERG", "ÖSTERGÖTLAND", "region östergötland"):
        html = staff.get(url, {"q": typed}).content.decode()
        assert "1 anmälan matchar" in html, typed
    assert "Ingen anmälan matchar" in staff.get(url, {"q": "älg"}).content.decode()


def test_the_per_workshop_search_finds_aasa_and_oestergoetland_in_any_case(staff, project, asa):
    url = reverse("staff:workshop_signups", args=[project.slug, 2])
    for typed in ("åsa", "ÖBERG", "ÖSTERGÖTLAND"):
        assert "Åsa Öberg" in staff.get(url, {"q": typed}).content.decode(), typed
    assert "Åsa Öberg" not in staff.get(url, {"q": "älg"}).content.decode()


def test_the_outbox_search_finds_a_subject_with_aa_ae_oe_in_any_case(staff, asa):
    OutboxMessage.objects.create(to="x@example.se", subject="Välkommen till Östergötland", body="")
    url = reverse("staff:outbox_list")
    assert "Välkommen till Östergötland" in staff.get(url, {"q": "VÄLKOMMEN"}).content.decode()
    assert "Välkommen till Östergötland" in staff.get(url, {"q": "östergötland"}).content.decode()
    assert "Välkommen till Östergötland" not in staff.get(url, {"q": "älg"}).content.decode()


def test_the_organisation_search_finds_oestergoetland_in_any_case(staff, organisation):
    url = reverse("staff:organisation_list")
    assert "Region Östergötland" in staff.get(url, {"q": "ÖSTERGÖTLAND"}).content.decode()
    assert "Region Östergötland" in staff.get(url, {"q": "östergötland"}).content.decode()


def test_the_gdpr_tools_find_an_address_with_aa_and_oe_typed_in_capitals(asa):
    places = person_places(email="ÅSA.ÖBERG@EXAMPLE.SE")
    assert [place.registration.pk for place in places] == [asa.registration_id]
    data = person_data(email="ÅSA.ÖBERG@EXAMPLE.SE")
    assert [row["name"] for row in data["participations"]] == ["Åsa Öberg"]


def test_a_lost_link_is_sent_to_an_address_with_aa_and_oe_typed_in_capitals(asa):
    assert personal_links_send(email="ÅSA.ÖBERG@EXAMPLE.SE", language="sv") == 1
