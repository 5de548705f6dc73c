"""Rate limits that stop abuse, not colleagues: people behind one office address."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from larlabb.registration.models import WorkshopSignup
from larlabb.registration.services import registration_confirm, registration_submit
from larlabb.registration.tests.factories import WorkshopFactory
from larlabb.registration.tests.helpers import link_in, registration_data, registration_post
from larlabb.registration.tokens import manage_token

pytestmark = pytest.mark.django_db

OFFICE = "192.0.2.10"


@pytest.fixture
def confirmed(project, organisation, django_capture_on_commit_callbacks):
    """Two colleagues, confirmed, in a project of eight workshops taking online answers."""
    for number in range(3, 9):
        WorkshopFactory.create(
            project=project, number=number, format="hybrid", online_url="https://meet.example.org"
        )
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_submit(
            project=project,
            data=registration_data(organisation, participants=2),
            submission_key="office",
            language="sv",
        )
        registration_confirm(registration=registration)
    return registration


def _personal_page(email: str) -> str:
    [invitation] = [
        m
        for m in mail.outbox
        if m.to == [email] and m.subject.startswith("Anmäl dig till workshoparna")
    ]
    return link_in(invitation.body, "/anmalan/deltagare/")


def _answer(client: Client, page: str, number: int, answer: str) -> int:
    response = client.post(
        f"{page}workshop/{number}/", {f"workshop-{number}-answer": answer}, REMOTE_ADDR=OFFICE
    )
    return response.status_code


def test_two_colleagues_behind_one_address_each_answer_every_workshop_twice(client, confirmed):
    statuses = []
    for email in ("person0@example.org", "person1@example.org"):
        page = _personal_page(email)
        for answer in ("online", "no"):
            statuses += [_answer(client, page, number, answer) for number in range(3, 9)]

    assert statuses == [302] * 24
    assert WorkshopSignup.objects.filter(answer="no").count() == 12


def test_one_person_hammering_their_link_is_stopped_and_their_colleague_is_not(client, confirmed):
    page = _personal_page("person0@example.org")
    statuses = [_answer(client, page, 3 + i % 6, "online") for i in range(31)]
    assert statuses == [302] * 30 + [429]
    refused = client.post(
        f"{page}workshop/4/", {"workshop-4-answer": "no"}, REMOTE_ADDR=OFFICE
    ).content.decode()
    assert "Vänta tio minuter" in refused

    colleague = _personal_page("person1@example.org")
    assert _answer(client, colleague, 3, "online") == 302


def test_the_contacts_page_is_limited_per_registration_not_per_address(client, confirmed):
    manage = reverse("registration:manage", args=[manage_token(confirmed.pk)])
    invoice = {
        "organisation_number": "232100-0040",
        "invoice_address": "Region Östergötland\n581 91 Linköping",
        "invoice_reference": "Karin Holm",
        "einvoice_id": "",
    }
    statuses = [
        client.post(f"{manage}faktura/", invoice, REMOTE_ADDR=f"198.51.100.{i}").status_code
        for i in range(31)
    ]
    assert statuses == [302] * 30 + [429]


def test_one_contact_sending_the_registration_from_many_addresses_is_limited(
    client, project, organisation
):
    url = reverse("registration:register", args=[project.slug])
    unfinished = registration_post(organisation, manager_email="")
    statuses = [
        client.post(url, unfinished, REMOTE_ADDR=f"198.51.100.{i}").status_code for i in range(31)
    ]
    assert statuses == [200] * 30 + [429]

    colleague = registration_post(
        organisation, manager_email="", contact_email="ahmed.nasser@ostergotland.example"
    )
    assert client.post(url, colleague, REMOTE_ADDR="198.51.100.99").status_code == 200
