"""The organisation number and PEPPOL id on every form that asks for them: the public
registration, the contact's invoice page and kansliet's late registration."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from larlabb.registration.models import OrganisationRegistration
from larlabb.registration.tests.helpers import link_in, mail_to, registration_post

pytestmark = pytest.mark.django_db

CONTACT = "karin.holm@ostergotland.example"
NOT_PEPPOL = "inte ett peppol-id !!"


def _error_beside(html: str, field_id: str) -> str:
    match = re.search(rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', html, re.S)
    assert match is not None, f"no error beside {field_id}"
    return match.group(1)


@pytest.fixture
def register_url(project):
    return reverse("registration:register", args=[project.slug])


@pytest.fixture
def late_url(project):
    return reverse("staff:registration_late_create", args=[project.slug])


@pytest.mark.parametrize("page", ["public", "late"])
@pytest.mark.parametrize(
    ("number", "einvoice_id", "stored_number", "stored_id"),
    [
        ("556732-1707", "0007:5567321707", "556732-1707", "0007:5567321707"),
        ("5567321707", "iso6523-actorid-upis::0007:556732-1707", "556732-1707", "0007:5567321707"),
        ("16556732-1707", "9955:SE556732170701", "556732-1707", "9955:SE556732170701"),
        ("232100-0040", "0088:7300010000001", "232100-0040", "0088:7300010000001"),
        ("232100-0040", "", "232100-0040", ""),
    ],
)
def test_registration_forms_store_valid_numbers_in_one_form(
    client,
    staff,
    organisation,
    register_url,
    late_url,
    page,
    number,
    einvoice_id,
    stored_number,
    stored_id,
):
    browser, url = (client, register_url) if page == "public" else (staff, late_url)
    response = browser.post(
        url, registration_post(organisation, organisation_number=number, einvoice_id=einvoice_id)
    )
    assert response.status_code == 302, response.content.decode()
    registration = OrganisationRegistration.objects.get()
    assert (registration.organisation_number, registration.einvoice_id) == (
        stored_number,
        stored_id,
    )


@pytest.mark.parametrize("page", ["public", "late"])
@pytest.mark.parametrize(
    ("number", "einvoice_id", "number_error", "id_error"),
    [
        ("556732-1708", NOT_PEPPOL, "kontrollsiffran", "schemats fyra siffror, kolon och numret"),
        ("5567-321707", "1234:5567321707", "med tio siffror", "1234 är inget schema i PEPPOL"),
        (
            "17556732-1707",
            "0007:5567321708",
            "med tio siffror",
            "inte ett giltigt svenskt organisationsnummer",
        ),
    ],
)
def test_registration_forms_refuse_invalid_numbers_beside_the_field_keeping_them(
    client,
    staff,
    organisation,
    register_url,
    late_url,
    page,
    number,
    einvoice_id,
    number_error,
    id_error,
):
    browser, url = (client, register_url) if page == "public" else (staff, late_url)
    response = browser.post(
        url, registration_post(organisation, organisation_number=number, einvoice_id=einvoice_id)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert number_error in _error_beside(html, "id_organisation_number")
    assert id_error in _error_beside(html, "id_einvoice_id")
    assert f'value="{escape(number)}"' in html
    assert f'value="{escape(einvoice_id)}"' in html
    assert not OrganisationRegistration.objects.exists()


@pytest.fixture
def invoice_url(client, project, organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registration:register", args=[project.slug]),
            registration_post(organisation),
        )
    assert response.status_code == 302
    return link_in(mail_to(CONTACT).body, "/anmalan/hantera/") + "faktura/"


def _invoice(**changes: str) -> dict[str, str]:
    return {
        "organisation_number": "232100-0040",
        "invoice_address": "Region Östergötland\n581 91 Linköping",
        "invoice_reference": "kst 4411",
        "einvoice_id": "",
        **changes,
    }


def test_the_contact_changes_the_peppol_id_and_it_is_stored_in_its_short_form(client, invoice_url):
    typed = _invoice(organisation_number="5567321707", einvoice_id="0007:556732-1707")
    assert client.post(invoice_url, typed).status_code == 302
    registration = OrganisationRegistration.objects.get()
    assert registration.organisation_number == "556732-1707"
    assert registration.einvoice_id == "0007:5567321707"


def test_the_contact_sees_an_invalid_peppol_id_refused_beside_the_field(client, invoice_url):
    response = client.post(
        invoice_url, _invoice(organisation_number="556732-1708", einvoice_id=NOT_PEPPOL)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "kontrollsiffran" in _error_beside(html, "id_organisation_number")
    assert "till exempel 0007:5567321707" in _error_beside(html, "id_einvoice_id")
    assert f'value="{escape(NOT_PEPPOL)}"' in html
    registration = OrganisationRegistration.objects.get()
    assert (registration.organisation_number, registration.einvoice_id) == ("232100-0040", "")
