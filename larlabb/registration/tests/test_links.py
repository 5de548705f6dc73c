"""A lost personal link sent again: by the person from a public page, or by staff."""

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from larlabb.core.models import OutboxMessage
from larlabb.registration.gdpr import person_erase
from larlabb.registration.links import personal_links_send
from larlabb.registration.models import ApprovalRequest, OrganisationRegistration, RegistrationEvent
from larlabb.registration.services import (
    ParticipantData,
    registration_confirm,
    registration_participants_update,
    registration_submit,
    registration_withdraw,
)
from larlabb.registration.tests.factories import OrganisationFactory, ProjectFactory
from larlabb.registration.tests.helpers import link_in, mail_to, registration_data

pytestmark = pytest.mark.django_db
KARIN = "karin@example.org"
RESEND_URL = "/anmalan/skicka-min-lank/"


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the mail tasks) as a worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _register(project, organisation, *, key: str, confirm: bool = True, participants: int = 1):
    registration = registration_submit(
        project=project,
        data=registration_data(organisation, participants=participants),
        submission_key=key,
        language="sv",
    )
    if confirm:
        registration_confirm(registration=registration)
    return registration


def _links_mail(address: str):
    return mail_to(address, "Dina personliga länkar")


# --- The service ---------------------------------------------------------------------------------


def test_a_person_gets_every_current_link_of_their_address_in_one_mail_and_each_works(
    client, project, organisation, run_on_commit
):
    confirmed = _register(project, organisation, key="a")
    # Karin is also a participant of a confirmed registration in another project ...
    other_project = ProjectFactory.create(network=project.network, title="Smart specialisering")
    other = _register(other_project, organisation, key="b")
    registration_participants_update(
        registration=other, participants=[ParticipantData("Karin Holm", KARIN.upper(), "Strateg")]
    )
    # ... and the manager who has yet to approve a third registration.
    third = OrganisationFactory.create(network=project.network, name="Region Gävleborg")
    waiting = registration_submit(
        project=project,
        data=replace(
            registration_data(third),
            manager_name="Karin Holm",
            manager_email=KARIN,
            contact_email="lena@example.org",
        ),
        submission_key="c",
        language="sv",
    )
    mail.outbox.clear()

    with run_on_commit():
        # Contact of two registrations, participant in one, manager of one.
        assert personal_links_send(email="Karin@Example.org", language="sv") == 4

    message = _links_mail("Karin@Example.org")
    assert len(mail.outbox) == 1
    body = message.body
    assert "Hållbara livsmiljöer" in body and "Smart specialisering" in body
    assert client.get(link_in(body, "/anmalan/hantera/")).status_code == 200
    assert "Karin Holm" in client.get(link_in(body, "/anmalan/deltagare/")).content.decode()
    approval_page = client.get(link_in(body, "/anmalan/godkannande/"))
    assert approval_page.status_code == 200
    assert "Region Gävleborg" in approval_page.content.decode()
    assert (
        RegistrationEvent.objects.filter(
            kind=RegistrationEvent.Kind.LINK_RESENT, registration__in=[confirmed, other, waiting]
        ).count()
        == 3
    )


def test_an_unknown_address_gets_no_mail(project, organisation, run_on_commit):
    _register(project, organisation, key="a")
    mail.outbox.clear()

    with run_on_commit():
        assert personal_links_send(email="someone.else@example.org", language="sv") == 0

    assert mail.outbox == []


def test_withdrawn_anonymised_and_removed_people_get_nothing(project, organisation, run_on_commit):
    withdrawn = _register(project, organisation, key="a")
    registration_withdraw(registration=withdrawn)
    other = OrganisationFactory.create(network=project.network, name="Region Gävleborg")
    kept = registration_submit(
        project=project,
        data=replace(registration_data(other, participants=2), contact_email="lena@example.org"),
        submission_key="b",
        language="sv",
    )
    registration_confirm(registration=kept)
    first, second = kept.participants.all()
    registration_participants_update(
        registration=kept, participants=[ParticipantData(first.name, first.email, first.role)]
    )
    person_erase(email=first.email)
    waiting = registration_submit(
        project=project,
        data=replace(
            registration_data(OrganisationFactory.create(network=project.network)),
            contact_email="nils@example.org",
            manager_email="eva@example.org",
        ),
        submission_key="c",
        language="sv",
    )
    person_erase(email="eva@example.org")
    assert waiting.approval_requests.exists()
    mail.outbox.clear()

    with run_on_commit():
        # Karin's registration is withdrawn; person0 and the manager Eva are anonymised;
        # person1 was removed.
        for address in (KARIN, first.email, second.email, "eva@example.org"):
            assert personal_links_send(email=address, language="sv") == 0

    assert mail.outbox == []


def test_a_contact_whose_registration_waits_for_the_manager_gets_their_link(
    project, organisation, run_on_commit
):
    _register(project, organisation, key="a", confirm=False)
    mail.outbox.clear()

    with run_on_commit():
        assert personal_links_send(email=KARIN, language="en") == 1

    message = mail_to(KARIN, "Your personal links")
    assert "/anmalan/hantera/" in message.body
    # A participant has no page of their own before the organisation is confirmed.
    assert personal_links_send(email="person0@example.org", language="sv") == 0


# --- The public page ---------------------------------------------------------------------------


def _post(client, email: str, *, address: str = "192.0.2.1", **kwargs):
    return client.post(RESEND_URL, {"email": email}, REMOTE_ADDR=address, **kwargs)


def test_the_page_answers_a_known_and_an_unknown_address_alike(
    client, project, organisation, run_on_commit
):
    _register(project, organisation, key="a")
    mail.outbox.clear()

    pages = []
    for address in (KARIN, "nobody@example.org"):
        with run_on_commit():
            response = _post(client, address, follow=True)
        assert response.redirect_chain == [(reverse("registration:resend_link_sent"), 302)]
        assert response.status_code == 200
        page = response.content.decode().replace(address, "ADDRESS")
        # Only the CSRF tokens (new per session) and the script nonces (new per response) differ.
        pages.append(
            re.sub(r'(X-CSRFToken": "|csrfmiddlewaretoken" value="|nonce=")[\w-]+', "", page)
        )

    assert pages[0] == pages[1]
    assert "Titta i din inkorg" in pages[0]
    assert [m.to for m in mail.outbox] == [[KARIN]]


def test_a_mistyped_address_gets_a_clear_error_and_keeps_what_was_typed(client, project):
    response = _post(client, "karin.example.org")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv en e-postadress som namn@organisation.se." in html
    assert 'value="karin.example.org"' in html
    assert not OutboxMessage.objects.exists()


def test_one_address_may_ask_five_times_an_hour_and_then_gets_a_clear_error(
    client, project, organisation, run_on_commit
):
    _register(project, organisation, key="a")
    mail.outbox.clear()
    with run_on_commit():
        for attempt in range(5):
            # From different machines: the limit follows the address typed.
            assert _post(client, KARIN, address=f"192.0.2.{attempt}").status_code == 302
        refused = _post(client, KARIN.upper(), address="192.0.2.99")

    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Vänta en timme" in html
    assert f'value="{KARIN.upper()}"' in html
    assert len(mail.outbox) == 5
    assert _post(client, "nils@example.org", address="192.0.2.99").status_code == 302


def test_one_network_address_may_ask_sixty_times_an_hour(client, project):
    for number in range(60):
        assert _post(client, f"person{number}@example.org").status_code == 302

    refused = _post(client, "person60@example.org")

    assert refused.status_code == 429
    assert "Vänta en timme" in refused.content.decode()
    assert _post(client, "person60@example.org", address="192.0.2.2").status_code == 302


def test_the_pages_where_a_link_is_missed_lead_to_the_resend_page(client, project, organisation):
    resend = reverse("registration:resend_link")
    pages = [
        reverse("programme:invitation", args=[project.slug]),
        reverse("registration:register", args=[project.slug]),
        reverse("registration:sent", args=[project.slug]),
        reverse("registration:manage", args=["1:forged"]),
        reverse("registration:participant", args=["1:forged"]),
    ]
    for page in pages:
        assert resend in client.get(page).content.decode(), page
    project.registration_deadline = timezone.localdate() - timedelta(days=1)
    project.save()
    assert (
        resend in client.get(reverse("registration:register", args=[project.slug])).content.decode()
    )


def test_the_resend_page_links_back_to_the_project_it_came_from(client, project):
    html = client.get(f"{RESEND_URL}?projekt={project.slug}").content.decode()
    assert reverse("programme:invitation", args=[project.slug]) in html
    assert client.get(f"{RESEND_URL}?projekt=finns-inte").status_code == 200


# --- Staff --------------------------------------------------------------------------------------


def _resend(staff, registration, person: str, run_on_commit):
    url = reverse("staff:link_resend", args=[registration.pk, person])
    with run_on_commit():
        return staff.post(url, follow=True)


def test_staff_send_the_contact_their_link_again_with_a_message_and_an_outbox_entry(
    staff, project, organisation, run_on_commit
):
    registration = _register(project, organisation, key="a")
    mail.outbox.clear()

    response = _resend(staff, registration, "kontakt", run_on_commit)

    html = response.content.decode()
    assert f"Kontaktpersonens länk är skickad igen till {KARIN}." in html
    message = mail_to(KARIN, "Din personliga länk")
    assert "Kansliet skickar dig din personliga länk igen." in message.body
    assert "/anmalan/hantera/" in message.body
    outbox = OutboxMessage.objects.get(to=KARIN, template="registration/mail/personal_links")
    assert outbox.registration_id == registration.pk
    assert reverse("staff:outbox_detail", args=[outbox.pk]) in html
    assert registration.events.filter(kind=RegistrationEvent.Kind.LINK_RESENT).exists()


def test_staff_send_a_participant_their_link_again(staff, project, organisation, run_on_commit):
    registration = _register(project, organisation, key="a", participants=2)
    second = registration.participants.get(email="person1@example.org")
    mail.outbox.clear()

    response = _resend(staff, registration, str(second.pk), run_on_commit)

    assert "Person 1 har fått sin länk igen till person1@example.org." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["person1@example.org"]]
    assert "/anmalan/deltagare/" in mail.outbox[0].body


def test_staff_send_the_manager_a_new_approval_link_only_while_approval_is_pending(
    client, staff, project, organisation, run_on_commit
):
    registration = _register(project, organisation, key="a", confirm=False)
    mail.outbox.clear()

    response = _resend(staff, registration, "chef", run_on_commit)

    assert "En ny länk för att godkänna är skickad till chefen" in response.content.decode()
    message = mail_to("per@example.org", "Godkänn anmälan")
    assert ApprovalRequest.objects.filter(registration=registration).count() == 2
    assert client.get(link_in(message.body, "/anmalan/godkannande/")).status_code == 200

    registration_confirm(registration=registration)
    mail.outbox.clear()
    refused = _resend(staff, registration, "chef", run_on_commit)
    assert "Anmälan väntar inte längre på godkännande" in refused.content.decode()
    assert mail.outbox == []


def test_staff_cannot_send_a_link_to_an_anonymised_or_unknown_person(
    staff, project, organisation, run_on_commit
):
    registration = _register(project, organisation, key="a", participants=2)
    first = registration.participants.first()
    assert first is not None
    person_erase(email=first.email)
    mail.outbox.clear()

    refused = _resend(staff, registration, str(first.pk), run_on_commit)
    assert "Deltagarens länk går inte att skicka" in refused.content.decode()
    assert (
        staff.post(reverse("staff:link_resend", args=[registration.pk, "999"])).status_code == 404
    )
    person_erase(email=KARIN)
    refused = _resend(staff, registration, "kontakt", run_on_commit)
    assert "Kontaktpersonens länk går inte att skicka" in refused.content.decode()
    assert mail.outbox == []


def test_the_staff_page_offers_a_resend_button_for_each_link(staff, project, organisation):
    registration = _register(project, organisation, key="a", participants=2)
    html = staff.get(reverse("staff:registration_detail", args=[registration.pk])).content.decode()
    assert reverse("staff:link_resend", args=[registration.pk, "kontakt"]) in html
    for participant in registration.participants.all():
        assert reverse("staff:link_resend", args=[registration.pk, participant.pk]) in html
    assert reverse("staff:link_resend", args=[registration.pk, "chef"]) not in html

    OrganisationRegistration.objects.filter(pk=registration.pk).update(
        status=OrganisationRegistration.Status.AWAITING_APPROVAL
    )
    html = staff.get(reverse("staff:registration_detail", args=[registration.pk])).content.decode()
    assert reverse("staff:link_resend", args=[registration.pk, "chef"]) in html
