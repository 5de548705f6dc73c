import io
import json
from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from larlabb.core.models import OutboxMessage
from larlabb.registration.gdpr import (
    ERASED_NAME,
    anonymise_expired_task,
    person_erase,
    personal_data_expire,
)
from larlabb.registration.models import (
    ExportLogEntry,
    OrganisationApplication,
    OrganisationRegistration,
    Participant,
    RemovedParticipant,
    WorkshopRules,
    WorkshopSignup,
)
from larlabb.registration.reminders import reminders_send
from larlabb.registration.services import (
    ParticipantData,
    organisation_application_accept,
    registration_confirm,
    registration_participants_update,
    registration_submit,
    registration_withdraw,
)
from larlabb.registration.signups import SignupAnswer, participants_invite, workshop_signup_answer
from larlabb.registration.tests.factories import ProjectFactory, WorkshopFactory
from larlabb.registration.tests.helpers import registration_data
from larlabb.registration.tokens import manage_token, participant_token
from tests.personal_data import personal_data_found

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


def test_everyone_is_anonymised_the_configured_days_after_the_last_workshop(settings, confirmed):
    settings.GDPR_ANONYMISE_AFTER_DAYS = 30
    last_end = max(w.ends_at for w in confirmed.project.workshops.all())

    call_command("anonymise_expired", stdout=io.StringIO())  # not ended yet: nobody touched
    assert not confirmed.participants.filter(name=ERASED_NAME).exists()
    assert personal_data_expire(now=last_end + timedelta(days=29)) == 0

    erased = personal_data_expire(now=last_end + timedelta(days=31))

    assert erased == 4, "two participants, the contact and the manager"
    assert set(confirmed.participants.values_list("name", flat=True)) == {ERASED_NAME}
    registration = OrganisationRegistration.objects.get(pk=confirmed.pk)
    assert (registration.contact_name, registration.manager_name) == (ERASED_NAME, ERASED_NAME)


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


# --- One click that cannot be undone asks first ---------------------------------------------


def test_anonymising_asks_first_and_says_what_goes_and_what_stays(staff, confirmed):
    participant = confirmed.participants.get(email="person0@example.org")
    url = reverse("staff:person_anonymise", args=[confirmed.pk, participant.pk])
    detail = staff.get(reverse("staff:registration_detail", args=[confirmed.pk])).content.decode()
    assert f'href="{url}"' in detail, "the detail page links to the question, no form erases"

    page = staff.get(url)

    html = page.content.decode()
    assert page.status_code == 200
    assert "Anonymisera Person 0?" in html and "Det går inte att ångra." in html
    assert "Region Östergötland" in html and ": deltagare</li>" in html
    assert "Det här tas bort" in html and "Det här finns kvar" in html
    assert "organisationsnummer, fakturaadress, fakturareferens" in html
    assert f'<form method="post" action="{url}">' in html
    participant.refresh_from_db()
    assert (participant.name, participant.erased_at) == ("Person 0", None)

    assert staff.post(url)["Location"] == reverse("staff:registration_detail", args=[confirmed.pk])
    participant.refresh_from_db()
    assert participant.name == ERASED_NAME
    detail = staff.get(reverse("staff:registration_detail", args=[confirmed.pk])).content.decode()
    assert participant_token(participant.pk) not in detail, "no dead personal link is offered"
    assert url not in detail


def test_the_question_names_every_registration_the_address_is_in(
    staff, confirmed, project, organisation
):
    other_project = ProjectFactory.create(network=project.network, title="Grön omställning")
    WorkshopFactory.create(project=other_project, number=1)
    registration_submit(
        project=other_project,
        data=registration_data(organisation, participants=1),
        submission_key="other",
        language="sv",
    )

    html = staff.get(
        reverse("staff:person_anonymise", args=[confirmed.pk, "kontakt"])
    ).content.decode()

    assert "Var personen finns" in html
    assert html.count(": kontaktperson</li>") == 2 and "Grön omställning" in html


def test_anonymising_someone_already_anonymised_is_not_found(staff, confirmed):
    person_erase(email="per@example.org")
    url = reverse("staff:person_anonymise", args=[confirmed.pk, "chef"])
    assert staff.get(url).status_code == 404
    assert staff.post(url).status_code == 404


# --- Anonymised people leave waiting lists and are never promoted or mailed -------------------


@pytest.fixture
def full_workshop(confirmed, project):
    """Workshop 2 with one seat, held by Person 0; Person 1 waits for it."""
    workshop = project.workshops.get(number=2)
    WorkshopRules.objects.update_or_create(workshop=workshop, defaults={"capacity": 1})
    waiting = confirmed.participants.get(email="person1@example.org")
    workshop_signup_answer(participant=waiting, workshop=workshop, answer=SignupAnswer("on_site"))
    assert waiting.signups.get().status == WorkshopSignup.Status.WAITING
    return workshop


def _mails_to_erased() -> list[str]:
    return list(
        OutboxMessage.objects.filter(to__endswith="@invalid.invalid").values_list(
            "template", flat=True
        )
    )


def test_an_anonymised_person_leaves_the_waiting_list_and_is_not_given_a_freed_seat(
    confirmed, full_workshop
):
    person_erase(email="person1@example.org")
    seated = confirmed.participants.get(email="person0@example.org")

    workshop_signup_answer(participant=seated, workshop=full_workshop, answer=SignupAnswer("no"))

    assert not WorkshopSignup.objects.filter(status=WorkshopSignup.Status.WAITING).exists()
    assert not OutboxMessage.objects.filter(template__endswith="signup_promoted").exists()
    assert _mails_to_erased() == []


def test_the_seat_of_an_anonymised_person_goes_to_the_next_in_line(confirmed, full_workshop):
    person_erase(email="person0@example.org")

    waiting = confirmed.participants.get(email="person1@example.org").signups.get()
    assert waiting.status == WorkshopSignup.Status.ATTENDING
    promoted = OutboxMessage.objects.get(template__endswith="signup_promoted")
    assert promoted.to == "person1@example.org"
    assert _mails_to_erased() == []


def test_an_anonymised_person_left_on_a_waiting_list_is_never_promoted(confirmed, full_workshop):
    waiting = confirmed.participants.get(email="person1@example.org")
    # As a sign-up erased before erasure released seats would have been left.
    Participant.objects.filter(pk=waiting.pk).update(
        email="borttagen-deltagare@invalid.invalid", erased_at=timezone.now()
    )
    seated = confirmed.participants.get(email="person0@example.org")

    workshop_signup_answer(participant=seated, workshop=full_workshop, answer=SignupAnswer("no"))

    assert waiting.signups.get().status == WorkshopSignup.Status.WAITING
    assert _mails_to_erased() == []


def test_anonymised_people_get_no_reminders(project, confirmed):
    workshop = project.workshops.get(number=2)
    OutboxMessage.objects.all().delete()
    person_erase(email="person0@example.org")  # signed up for workshop 2: would hear "soon"
    person_erase(email="person1@example.org")  # had not answered: would be reminded to
    person_erase(email="karin@example.org")  # the contact: would be reminded to name people

    reminders_send(now=workshop.starts_at - timedelta(days=9))
    reminders_send(now=workshop.starts_at - timedelta(days=2))

    assert list(OutboxMessage.objects.values_list("to", flat=True)) == []


def test_anonymised_people_get_no_invitation_confirmation_or_withdrawal_mail(
    project, organisation, django_capture_on_commit_callbacks
):
    registration = registration_submit(
        project=project,
        data=registration_data(organisation, participants=2),
        submission_key="unconfirmed",
        language="sv",
    )
    person_erase(email="person0@example.org")
    person_erase(email="per@example.org")
    OutboxMessage.objects.all().delete()

    registration_confirm(registration=registration)  # confirmation and invitations
    participant = registration.participants.get(email__endswith="@invalid.invalid")
    participants_invite(participants=[participant])  # a resent invitation
    person_erase(email="karin@example.org")
    registration.refresh_from_db()
    registration_withdraw(registration=registration)  # the contact would be told

    to_people = OutboxMessage.objects.exclude(to=project.network.contact_email)
    assert list(to_people.values_list("to", flat=True)) == ["person1@example.org"]
    assert _mails_to_erased() == []
    assert not OutboxMessage.objects.filter(to__in=["per@example.org", "karin@example.org"])


def test_an_anonymised_manager_gets_no_approval_link_when_staff_accept_the_organisation(
    project, staff_user
):
    registration = registration_submit(
        project=project,
        data=replace(
            registration_data(None, participants=1),
            new_organisation_name="Region Gotland",
            new_organisation_kind="region",
        ),
        submission_key="new-organisation",
        language="sv",
    )
    person_erase(email="per@example.org")

    organisation_application_accept(
        application=OrganisationApplication.objects.get(registration=registration),
        by_user=staff_user,
        relationship="member",
    )

    assert not OutboxMessage.objects.filter(template__endswith="approval_request").exists()
    assert _mails_to_erased() == []


# --- A participant removed from the group -----------------------------------------------------


def test_a_removed_participant_is_told_and_staff_still_find_export_and_erase_them(
    staff, staff_user, confirmed
):
    registration_participants_update(
        registration=confirmed,
        participants=[ParticipantData("Person 1", "person1@example.org", "Roll")],
    )
    removed = RemovedParticipant.objects.get()
    assert (removed.name, removed.email) == ("Person 0", "person0@example.org")
    told = OutboxMessage.objects.get(to="person0@example.org", template__endswith="removed")
    assert "Du är inte längre anmäld" in told.subject and "Hej Person 0!" in told.body

    found = staff.get(
        reverse("staff:project_registrations", args=[confirmed.project.slug]), {"q": "person0"}
    ).content.decode()
    assert "1 anmälan matchar" in found
    detail = staff.get(reverse("staff:registration_detail", args=[confirmed.pk])).content.decode()
    key = f"tidigare-{removed.pk}"
    assert "Person 0 (borttagen ur gruppen" in detail
    data = json.loads(
        staff.get(reverse("staff:person_data_json", args=[confirmed.pk, key])).content
    )
    assert data["removed_from_groups"][0]["name"] == "Person 0"
    assert any(mail["subject"].startswith("Du är inte längre") for mail in data["mails"])

    staff.post(reverse("staff:person_anonymise", args=[confirmed.pk, key]))

    assert personal_data_found("Person 0", "person0@example.org") == []
    assert not RemovedParticipant.objects.exists()


def test_removing_an_anonymised_participant_keeps_nothing_and_mails_nobody(confirmed):
    person_erase(email="person0@example.org")
    OutboxMessage.objects.all().delete()

    registration_participants_update(
        registration=OrganisationRegistration.objects.get(pk=confirmed.pk),
        participants=[ParticipantData("Person 1", "person1@example.org", "Roll")],
    )

    assert not RemovedParticipant.objects.exists()
    assert not OutboxMessage.objects.exists()
