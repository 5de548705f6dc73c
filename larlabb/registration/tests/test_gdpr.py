import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from larlabb.core.models import OutboxMessage
from larlabb.registration.gdpr import (
    ERASED_NAME,
    anonymise_expired_task,
    participants_anonymise_expired,
    person_erase,
)
from larlabb.registration.models import (
    ExportLogEntry,
    OrganisationRegistration,
    RegistrationEvent,
)
from larlabb.registration.services import registration_confirm, registration_submit
from larlabb.registration.signups import SignupAnswer, workshop_signup_answer
from larlabb.registration.tests.factories import ProjectFactory, WorkshopFactory
from larlabb.registration.tests.helpers import registration_data
from larlabb.registration.tokens import manage_token, participant_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(project, organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_submit(
            project=project,
            data=registration_data(organisation, participants=2),
            submission_key="gdpr",
            language="sv",
        )
        registration_confirm(registration=registration)
    participant = registration.participants.get(email="person0@example.org")
    workshop_signup_answer(
        participant=participant,
        workshop=project.workshops.get(number=2),
        answer=SignupAnswer("on_site", "Glutenfri", "Rullstol"),
    )
    return registration


def test_the_json_export_holds_the_persons_data_and_logs_who_exported(staff, staff_user, confirmed):
    participant = confirmed.participants.get(email="person0@example.org")

    response = staff.get(
        f"/kansliet/anmalningar/{confirmed.pk}/person/{participant.pk}/uppgifter.json"
    )

    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["email"] == "person0@example.org"
    [participation] = data["participations"]
    assert participation["name"] == "Person 0"
    assert participation["workshops"][0]["dietary_needs"] == "Glutenfri"
    assert data["mails"], "the mails sent to the person are part of their data"
    entry = ExportLogEntry.objects.get()
    assert (entry.kind, entry.by_user, entry.detail) == (
        ExportLogEntry.Kind.PERSON_JSON,
        staff_user,
        "person0@example.org",
    )


def test_the_contacts_json_export_holds_the_registration_they_made(staff, confirmed):
    response = staff.get(f"/kansliet/anmalningar/{confirmed.pk}/person/kontakt/uppgifter.json")

    [registration] = json.loads(response.content)["registrations"]
    assert registration["as_contact"] is True
    assert registration["contact_phone"] == "010-103 00 00"


def test_erasure_keeps_invoicing_facts_and_removes_the_rest(staff, confirmed):
    participant = confirmed.participants.get(email="person0@example.org")
    staff.post(f"/kansliet/anmalningar/{confirmed.pk}/person/kontakt/anonymisera/")
    staff.post(f"/kansliet/anmalningar/{confirmed.pk}/person/{participant.pk}/anonymisera/")

    registration = OrganisationRegistration.objects.get(pk=confirmed.pk)
    assert (registration.contact_name, registration.contact_phone, registration.contact_role) == (
        ERASED_NAME,
        "",
        "",
    )
    assert "karin" not in registration.contact_email
    assert (
        registration.organisation_id,
        registration.organisation_number,
        registration.invoice_address,
        registration.invoice_reference,
        registration.fee_sek,
        registration.created_at,
        registration.confirmed_at,
    ) == (
        confirmed.organisation_id,
        "232100-0040",
        "Linköping",
        "kst 1",
        confirmed.fee_sek,
        confirmed.created_at,
        confirmed.confirmed_at,
    )
    participant.refresh_from_db()
    assert (participant.name, participant.role) == (ERASED_NAME, "")
    assert "person0" not in participant.email
    signup = participant.signups.get()
    assert (signup.dietary_needs, signup.accessibility_needs) == ("", "")
    assert not OutboxMessage.objects.filter(to__in=["karin@example.org", "person0@example.org"])
    other = confirmed.participants.get(email="person1@example.org")
    assert other.name == "Person 1", "only the person asked for is anonymised"


def test_erasure_makes_the_persons_links_stop_working(client, confirmed):
    participant = confirmed.participants.get(email="person0@example.org")
    participant_path = reverse("registration:participant", args=[participant_token(participant.pk)])
    person_erase(email="person0@example.org")
    person_erase(email="karin@example.org")

    assert client.get(participant_path).status_code == 404
    manage = client.get(reverse("registration:manage", args=[manage_token(confirmed.pk)]))
    assert manage.status_code in {404, 410}


def test_participants_are_anonymised_the_configured_days_after_the_last_workshop(
    settings, confirmed
):
    settings.GDPR_ANONYMISE_AFTER_DAYS = 30
    last_end = max(w.ends_at for w in confirmed.project.workshops.all())

    call_command("anonymise_expired", stdout=io.StringIO())  # not ended yet: nobody touched
    assert not confirmed.participants.filter(name=ERASED_NAME).exists()
    assert participants_anonymise_expired(now=last_end + timedelta(days=29)) == 0

    erased = participants_anonymise_expired(now=last_end + timedelta(days=31))

    assert erased == 2
    assert set(confirmed.participants.values_list("name", flat=True)) == {ERASED_NAME}
    assert OrganisationRegistration.objects.get(pk=confirmed.pk).contact_name == "Karin Holm"


def test_the_task_anonymises_participants_of_long_ended_projects(settings, confirmed):
    settings.GDPR_ANONYMISE_AFTER_DAYS = 0
    confirmed.project.workshops.update(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2)
    )

    anonymise_expired_task.enqueue()

    assert set(confirmed.participants.values_list("name", flat=True)) == {ERASED_NAME}


def test_the_worker_run_that_serve_schedules_anonymises_only_expired_projects_people(
    settings, confirmed, organisation, django_capture_on_commit_callbacks
):
    """The command serve.py runs daily, through the real database queue and db_worker."""
    settings.GDPR_ANONYMISE_AFTER_DAYS = 30
    ended = timezone.now() - timedelta(days=31)
    confirmed.project.workshops.update(starts_at=ended - timedelta(hours=6), ends_at=ended)
    running = ProjectFactory.create(network=confirmed.project.network)
    WorkshopFactory.create(project=running, number=1)
    with django_capture_on_commit_callbacks(execute=True):
        current = registration_submit(
            project=running,
            data=registration_data(organisation, participants=1),
            submission_key="running",
            language="sv",
        )
        registration_confirm(registration=current)
    invoice_facts = ("organisation_number", "invoice_address", "invoice_reference", "fee_sek")
    kept = OrganisationRegistration.objects.values(*invoice_facts, "confirmed_at").get(
        pk=confirmed.pk
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    call_command("anonymise_expired", "--enqueue", stdout=io.StringIO())
    assert set(confirmed.participants.values_list("name", flat=True)) == {"Person 0", "Person 1"}
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    assert set(confirmed.participants.values_list("name", flat=True)) == {ERASED_NAME}
    signup = confirmed.participants.get(signups__isnull=False).signups.get()
    assert (signup.dietary_needs, signup.accessibility_needs) == ("", "")
    assert list(current.participants.values_list("name", flat=True)) == ["Person 0"]
    after = OrganisationRegistration.objects.values(*invoice_facts, "confirmed_at").get(
        pk=confirmed.pk
    )
    assert after == kept
    assert kept["organisation_number"] == "232100-0040" and kept["fee_sek"] == 23_000


def test_anonymising_asks_first_and_says_it_reaches_every_registration_of_the_address(
    staff, confirmed, project
):
    other = ProjectFactory.create(network=project.network)
    registration_submit(
        project=other,
        data=registration_data(confirmed.organisation),
        submission_key="other",
        language="sv",
    )
    detail = staff.get(reverse("staff:registration_detail", args=[confirmed.pk])).content.decode()
    url = reverse("staff:person_anonymise", args=[confirmed.pk, "kontakt"])
    assert f'<a href="{url}">Anonymisera Karin Holm …</a>' in detail

    page = staff.get(url)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Anonymisera Karin Holm?" in html
    assert "alla 2 anmälningar där adressen finns, även i andra lärprojekt" in html
    assert "Det går inte att ångra." in html
    assert f'action="{url}"' in html
    confirmed.refresh_from_db()
    assert confirmed.contact_name == "Karin Holm", "asking changes nothing"

    staff.post(url)
    confirmed.refresh_from_db()
    assert confirmed.contact_name == ERASED_NAME


def test_anonymising_removes_the_address_and_name_from_the_event_log(confirmed):
    person_erase(email="KARIN@example.org")
    person_erase(email="per@example.org")

    events = list(RegistrationEvent.objects.filter(registration=confirmed))
    assert events, "what happened is kept"
    for event in events:
        for trace in ("karin@example.org", "Karin Holm", "per@example.org", "Per Lindqvist"):
            assert trace not in event.by_label and trace not in event.note, event.kind
    submitted = next(e for e in events if e.kind == RegistrationEvent.Kind.SUBMITTED)
    assert submitted.by_label == ERASED_NAME
