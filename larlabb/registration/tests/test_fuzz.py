"""Ordinary slips on every public and personal-link form of registration: a field left
empty or out, only spaces, a pasted novel, odd Unicode, rows twice. None may end in a server
error; each gets a page that says what to fix."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from larlabb.registration.models import Participant
from larlabb.registration.services import manage_url, registration_confirm
from larlabb.registration.signups import participant_url
from larlabb.registration.tests.helpers import (
    link_in,
    mail_to,
    participant_rows,
    registration_post,
)

pytestmark = pytest.mark.django_db

SLIPS = {
    "only spaces": "  \t  ",
    "very long": "Åsa Öberg-Lindqvist " * 400,
    "a direction override": "\u202eAnna Berg\u202c",
    "only zero-width": "\u200b\u2060\ufeff",
    "a null character": "Anna\x00Berg",
    "emoji and Vietnamese": "Zoë 🙂 Nguyễn",
}
MANAGEMENT = {
    "participants-TOTAL_FORMS": ["abc", "-1", "1000000"],
    "participants-INITIAL_FORMS": ["abc", "9"],
}


def _variants(base: dict[str, str]) -> Iterator[tuple[str, dict[str, str]]]:
    yield "nothing at all", {}
    yield "every value empty", dict.fromkeys(base, "")
    for key in base:
        yield f"no {key}", {k: v for k, v in base.items() if k != key}
        for slip, value in SLIPS.items():
            yield f"{key}: {slip}", base | {key: value}
        for value in MANAGEMENT.get(key, []):
            yield f"{key}: {value!r}", base | {key: value}


def _no_server_error(client: Client, path: str, base: dict[str, str]) -> None:
    failures = []
    for name, data in _variants(base):
        # Every slip counts as a submission; the rate limit is not what is tested here.
        cache.clear()
        response = client.post(path, data)
        if response.status_code >= 500:
            failures.append(f"{name}: {response.status_code}")
    assert failures == []


DUPLICATE_ROWS = participant_rows(
    [
        ("Karin Holm", "karin@example.org", "Strateg"),
        ("Karin Holm", "karin@example.org", "Strateg"),
        ("Karin Holm", "KARIN@example.org", "Strateg"),
    ]
)


def test_slips_on_the_registration_form_never_give_a_server_error(client, project, organisation):
    path = reverse("registration:register", args=[project.slug])
    _no_server_error(client, path, registration_post(organisation) | DUPLICATE_ROWS)


def test_slips_on_the_staff_late_registration_form_never_give_a_server_error(
    staff, project, organisation
):
    path = reverse("staff:registration_late_create", args=[project.slug])
    new = registration_post(None, new_organisation_name="Ny förening", new_organisation_kind="x")
    _no_server_error(staff, path, new)


@pytest.fixture
def registered(client, project, organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("registration:register", args=[project.slug]),
            registration_post(organisation),
        )
    return organisation.registrations.get()


def test_slips_on_the_managers_approval_never_give_a_server_error(client, registered):
    path = link_in(mail_to("per.lindqvist@ostergotland.example").body, "/anmalan/godkannande/")
    _no_server_error(client, path, {"decision": "neither"})
    _no_server_error(client, path + "x/", {"decision": "approve"})


def test_slips_on_the_contacts_pages_never_give_a_server_error(client, registered):
    path = manage_url(registered).split("://", 1)[1].split("/", 1)[1]
    path = "/" + path
    rows = participant_rows(
        [
            ("Karin Holm", "karin.holm@ostergotland.example", "Strateg"),
            ("Ahmed Nasser", "ahmed.nasser@ostergotland.example", "Planerare"),
        ],
        initial=2,
    )
    _no_server_error(client, path + "deltagare/", rows)
    _no_server_error(client, path + "deltagare/", DUPLICATE_ROWS)
    invoice = {
        "organisation_number": "232100-0040",
        "invoice_address": "Linköping",
        "invoice_reference": "kst 1",
        "einvoice_id": "",
    }
    _no_server_error(client, path + "faktura/", invoice)
    # Withdrawing works on the first good post; the slips after it meet a closed registration.
    _no_server_error(client, path + "aterta/", {"confirm": "on"})


def test_slips_on_a_participants_workshop_answers_never_give_a_server_error(
    client, registered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration_confirm(registration=registered)
    participant = Participant.objects.filter(registration=registered).first()
    assert participant is not None
    page = "/" + participant_url(participant).split("://", 1)[1].split("/", 1)[1]
    for number in (1, 2):
        base = {
            f"workshop-{number}-answer": "on_site",
            f"workshop-{number}-dietary_needs": "Vegetarisk",
            f"workshop-{number}-accessibility_needs": "Hörslinga",
            f"workshop-{number}-needs_consent": "on",
        }
        _no_server_error(client, f"{page}workshop/{number}/", base)
    _no_server_error(client, f"{page}workshop/99/", {"workshop-99-answer": "no"})
