from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from larlabb.core.models import OutboxMessage
from larlabb.core.ratelimit import address_limit_exceeded
from larlabb.network.models import Organisation
from larlabb.registration.models import (
    ApprovalRequest,
    OrganisationRegistration,
    RegistrationEvent,
)
from larlabb.registration.tests.helpers import (
    link_in,
    mail_to,
    participant_rows,
    registration_post,
)

Status = OrganisationRegistration.Status
MANAGER = "per.lindqvist@ostergotland.example"
CONTACT = "karin.holm@ostergotland.example"
pytestmark = pytest.mark.django_db


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """Post like a browser and run what waits for the commit (the mail tasks)."""

    def post(url: str, data: dict[str, str], **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **kwargs)

    return post


def _register(project, organisation, submit, **changes):
    response = submit(
        reverse("registration:register", args=[project.slug]),
        registration_post(organisation, **changes),
    )
    assert response.status_code == 302, response.content.decode()
    return response


def test_invitation_offers_registration_while_it_is_open(client, project):
    html = client.get(reverse("programme:invitation", args=[project.slug])).content.decode()
    assert html.count(reverse("registration:register", args=[project.slug])) == 2
    project.registration_deadline = timezone.localdate() - timedelta(days=1)
    project.save()
    html = client.get(reverse("programme:invitation", args=[project.slug])).content.decode()
    assert reverse("registration:register", args=[project.slug]) not in html


def test_form_lists_members_and_partners_and_shows_the_privacy_notice(
    client, project, organisation, partner
):
    html = client.get(reverse("registration:register", args=[project.slug])).content.decode()
    assert '<optgroup label="Medlemmar">' in html
    assert '<optgroup label="Partner">' in html
    assert "Region Östergötland" in html and "Tillväxtverket" in html
    for heading in ("Personuppgiftsansvarig", "Ändamål", "Rättslig grund", "Hur länge"):
        assert heading in html
    assert reverse("network:privacy") in html
    assert html.count('name="participants-') >= 4 * 3


def test_registration_flow_from_form_to_approval_to_confirmation_with_calendar(
    client, submit, project, organisation
):
    response = _register(project, organisation, submit)
    assert response["Location"] == reverse("registration:sent", args=[project.slug])
    sent = client.get(response["Location"]).content.decode()
    assert "Per Lindqvist" in sent and MANAGER in sent

    registration = OrganisationRegistration.objects.get()
    assert registration.status == Status.AWAITING_APPROVAL
    assert registration.fee_sek == 23_000
    assert [p.name for p in registration.participants.all()] == ["Karin Holm", "Ahmed Nasser"]
    assert OutboxMessage.objects.filter(registration_id=registration.pk).count() == 2
    assert all(m.sent_at for m in OutboxMessage.objects.all())
    assert mail_to(CONTACT, "Anmälan mottagen")
    approval_mail = mail_to(MANAGER, "Godkänn anmälan")
    html_body = str(approval_mail.alternatives[0][0])
    assert "23\u00a0000\u00a0kr" in approval_mail.body and "Karin Holm" in html_body

    approval_path = link_in(approval_mail.body, "/anmalan/godkannande/")
    page = client.get(approval_path)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    text = page.content.decode()
    for shown in ("Hållbara livsmiljöer", "23\u00a0000\u00a0kr", "Ahmed Nasser", "Godkänn anmälan"):
        assert shown in text

    done = submit(approval_path, {"decision": "approve"})
    assert done.status_code == 200
    assert "Anmälan är godkänd" in done.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert registration.confirmed_at is not None
    assert registration.approved_by_staff is None

    confirmation = mail_to(CONTACT, "Anmälan bekräftad")
    [(filename, content, mimetype)] = confirmation.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    events = Calendar.from_ical(content).walk("VEVENT")
    assert [str(event["summary"]).split(".")[0] for event in events] == [
        "Workshop 1",
        "Workshop 2",
    ]

    again = client.get(approval_path)
    assert again.status_code == 410
    assert "Länken har redan använts" in again.content.decode()
    assert "bekräftad" in again.content.decode()
    again_post = submit(approval_path, {"decision": "decline"})
    assert again_post.status_code == 410
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_manager_who_declines_stops_the_registration_and_the_contact_is_told(
    client, submit, project, organisation
):
    _register(project, organisation, submit)
    path = link_in(mail_to(MANAGER).body, "/anmalan/godkannande/")
    response = submit(path, {"decision": "decline"})
    assert "Anmälan är avböjd" in response.content.decode()
    registration = OrganisationRegistration.objects.get()
    assert registration.status == Status.DECLINED
    assert "Per Lindqvist har avböjt" in mail_to(CONTACT, "Anmälan avböjd").body


def test_expired_and_tampered_approval_links_get_a_clear_page(
    client, submit, project, organisation
):
    _register(project, organisation, submit)
    path = link_in(mail_to(MANAGER).body, "/anmalan/godkannande/")
    tampered = client.get(path[:-3] + "xyz/")
    assert tampered.status_code == 404
    assert "Länken fungerar inte" in tampered.content.decode()

    ApprovalRequest.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get(path)
    assert expired.status_code == 410
    assert "Länken har gått ut" in expired.content.decode()
    assert submit(path, {"decision": "approve"}).status_code == 410
    assert OrganisationRegistration.objects.get().status == Status.AWAITING_APPROVAL


def test_form_errors_stand_beside_their_fields_and_keep_what_was_typed(
    client, submit, project, organisation
):
    data = registration_post(
        organisation,
        organisation_number="232100-0041",
        manager_email="",
        contact_phone="ring mig",
        participants=[("Ahmed Nasser", "inte-en-adress", "Planerare")],
    )
    response = submit(reverse("registration:register", args=[project.slug]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "kontrollsiffran" in html
    assert 'id="id_organisation_number_error"' in html
    assert 'aria-describedby="id_organisation_number_helptext id_organisation_number_error"' in html
    assert "Skriv e-postadressen till chefen som godkänner anmälan." in html
    assert "Skriv ett telefonnummer med siffror" in html
    assert 'id="id_participants-0-email_error"' in html
    assert "Skriv en e-postadress som namn@organisation.se." in html
    for typed in ('value="232100-0041"', 'value="ring mig"', 'value="inte-en-adress"'):
        assert typed in html
    assert "Region Östergötland\n581 91 Linköping</textarea>" in html
    assert not OrganisationRegistration.objects.exists()
    assert mail.outbox == []


def test_empty_participant_rows_are_ignored_but_at_least_one_participant_is_needed(
    submit, project, organisation
):
    response = submit(
        reverse("registration:register", args=[project.slug]),
        registration_post(organisation, participants=[]),
    )
    assert "Anmäl minst 1 deltagare." in response.content.decode()
    assert not OrganisationRegistration.objects.exists()


def test_a_double_click_makes_one_registration(client, submit, project, organisation):
    first = _register(project, organisation, submit)
    second = _register(project, organisation, submit)
    assert first["Location"] == second["Location"]
    assert OrganisationRegistration.objects.count() == 1
    assert len(mail.outbox) == 2


def test_a_second_registration_for_the_same_organisation_is_refused_beside_the_field(
    submit, project, organisation
):
    _register(project, organisation, submit)
    again = submit(
        reverse("registration:register", args=[project.slug]),
        registration_post(organisation, submission_key="f" * 32, contact_name="Lena Berg"),
    )
    html = again.content.decode()
    assert again.status_code == 200
    assert 'id="id_organisation_error"' in html
    assert "Region Östergötland är redan anmäld till lärprojektet" in html
    assert 'value="Lena Berg"' in html
    assert OrganisationRegistration.objects.count() == 1


def test_after_the_deadline_the_form_says_so_and_keeps_what_was_typed(
    client, submit, project, organisation
):
    project.registration_deadline = timezone.localdate() - timedelta(days=1)
    project.save()
    url = reverse("registration:register", args=[project.slug])
    closed = client.get(url).content.decode()
    assert "Anmälan är stängd" in closed
    assert 'name="contact_name"' not in closed

    response = submit(url, registration_post(organisation, contact_name="Lena Berg"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sista anmälningsdag var" in html and "anmälan är nu stängd" in html
    assert 'value="Lena Berg"' in html
    assert not OrganisationRegistration.objects.exists()


def test_the_registration_form_refuses_an_address_over_200_submissions_in_ten_minutes(
    submit, project, organisation
):
    url = reverse("registration:register", args=[project.slug])
    # 199 submissions from this address already, counted as the form counts them.
    flood = RequestFactory().post(url, REMOTE_ADDR="127.0.0.1")
    for _ in range(199):
        address_limit_exceeded(request=flood, scope="registration")
    bad = registration_post(organisation, manager_email="")
    assert submit(url, bad).status_code == 200
    last = submit(url, registration_post(organisation))
    assert last.status_code == 429
    assert "Vänta tio minuter" in last.content.decode()
    assert 'value="Karin Holm"' in last.content.decode()
    assert not OrganisationRegistration.objects.exists()


def test_forms_need_the_csrf_token(project, organisation):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("registration:register", args=[project.slug]), registration_post(organisation)
    )
    assert response.status_code == 403
    assert not OrganisationRegistration.objects.exists()


def test_contact_swaps_and_adds_participants_within_the_limits_through_the_personal_link(
    client, submit, project, organisation
):
    _register(project, organisation, submit)
    manage_path = link_in(mail_to(CONTACT).body, "/anmalan/hantera/")
    page = client.get(manage_path)
    assert page.status_code == 200
    assert 'value="ahmed.nasser@ostergotland.example"' in page.content.decode()

    rows = [
        ("Karin Holm", CONTACT, "Strateg och kontaktperson"),
        ("Lena Berg", "lena.berg@ostergotland.example", "Folkhälsostrateg"),
        ("Oskar Dahl", "oskar.dahl@ostergotland.example", "Analytiker"),
    ]
    saved = submit(manage_path + "deltagare/", participant_rows(rows, initial=2))
    assert saved.status_code == 302
    registration = OrganisationRegistration.objects.get()
    assert [(p.name, p.role) for p in registration.participants.all()] == [
        ("Karin Holm", "Strateg och kontaktperson"),
        ("Lena Berg", "Folkhälsostrateg"),
        ("Oskar Dahl", "Analytiker"),
    ]
    event = registration.events.get(kind=RegistrationEvent.Kind.PARTICIPANTS_CHANGED)
    assert "+ Lena Berg" in event.note and "− Ahmed Nasser" in event.note

    emptied = submit(manage_path + "deltagare/", participant_rows([], initial=3))
    assert emptied.status_code == 200
    assert "Anmäl minst 1 deltagare." in emptied.content.decode()
    assert registration.participants.count() == 3

    five = [(f"Person {n}", f"person{n}@example.org", "Roll") for n in range(5)]
    too_many = submit(manage_path + "deltagare/", participant_rows(five, total=5))
    assert too_many.status_code == 200
    assert registration.participants.count() == 3


def test_contact_updates_invoice_details_and_withdraws(client, submit, project, organisation):
    _register(project, organisation, submit)
    manage_path = link_in(mail_to(CONTACT).body, "/anmalan/hantera/")
    invoice = {
        "organisation_number": "16 2321000040",
        "invoice_address": "Region Östergötland\nFakturor\n581 91 Linköping",
        "invoice_reference": "kst 4411",
        "einvoice_id": "0007:2321000040",
    }
    assert submit(manage_path + "faktura/", invoice).status_code == 302
    registration = OrganisationRegistration.objects.get()
    assert registration.organisation_number == "232100-0040"
    assert registration.invoice_reference == "kst 4411"

    unconfirmed = submit(manage_path + "aterta/", {})
    assert unconfirmed.status_code == 200
    assert "Kryssa i rutan" in unconfirmed.content.decode()
    assert submit(manage_path + "aterta/", {"confirm": "on"}).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.WITHDRAWN
    assert mail_to(CONTACT, "Anmälan återtagen")
    page = client.get(manage_path).content.decode()
    assert "kan inte längre ändras" in page
    assert 'action="' + manage_path + 'deltagare/"' not in page
    approval_path = link_in(mail_to(MANAGER).body, "/anmalan/godkannande/")
    assert client.get(approval_path).status_code == 410


def test_a_made_up_manage_link_gets_a_clear_page(client, project):
    response = client.get(reverse("registration:manage", args=["1:forged"]))
    assert response.status_code == 404
    assert "Länken fungerar inte" in response.content.decode()


def test_staff_approve_on_the_managers_behalf_and_the_log_says_who(
    client, submit, project, organisation, staff_user
):
    _register(project, organisation, submit)
    registration = OrganisationRegistration.objects.get()
    client.force_login(staff_user)
    detail = client.get(reverse("staff:registration_detail", args=[registration.pk]))
    assert "Godkänn för chefens räkning" in detail.content.decode()

    response = submit(reverse("staff:registration_approve", args=[registration.pk]), {})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert registration.approved_by_staff == staff_user
    event = registration.events.get(kind=RegistrationEvent.Kind.APPROVED_BY_STAFF)
    assert event.by_user == staff_user
    assert mail_to(CONTACT, "Anmälan bekräftad").attachments

    detail = client.get(reverse("staff:registration_detail", args=[registration.pk]))
    html = detail.content.decode()
    assert "Godkänd av kansliet (handlaggare)" in html
    assert "handlaggare (kansliet)" in html
    manager_path = link_in(mail_to(MANAGER).body, "/anmalan/godkannande/")
    assert client.get(manager_path).status_code == 410


def test_an_organisation_outside_the_list_waits_for_staff_who_accept_it(
    client, submit, project, organisation, staff_user
):
    _register(
        project,
        None,
        submit,
        new_organisation_name="Mälardalsrådet",
        new_organisation_kind=Organisation.Kind.OTHER,
    )
    registration = OrganisationRegistration.objects.get()
    assert registration.status == Status.AWAITING_ORGANISATION
    assert registration.organisation is None
    # The contact hears that staff decide first; the office, that there is something to decide.
    assert [m.to for m in mail.outbox] == [[CONTACT], ["kansliet@reglab.example"]]

    client.force_login(staff_user)
    listing = client.get(reverse("staff:project_registrations", args=[project.slug]))
    assert "Nya organisationer att pröva" in listing.content.decode()
    response = submit(
        reverse("staff:application_decide", args=[registration.application.pk]),
        {"decision": "accept", "relationship": "partner"},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.AWAITING_APPROVAL
    assert registration.organisation is not None
    assert registration.organisation.name == "Mälardalsrådet"
    assert registration.organisation.relationship == "partner"
    assert mail_to(MANAGER, "Godkänn anmälan: Mälardalsrådet")


def test_staff_refuse_an_organisation_outside_the_list_and_the_contact_is_told(
    client, submit, project, staff_user
):
    _register(
        project,
        None,
        submit,
        new_organisation_name="Konsultbolaget AB",
        new_organisation_kind=Organisation.Kind.OTHER,
    )
    registration = OrganisationRegistration.objects.get()
    client.force_login(staff_user)
    submit(
        reverse("staff:application_decide", args=[registration.application.pk]),
        {"decision": "refuse", "relationship": "partner"},
    )
    registration.refresh_from_db()
    assert registration.status == Status.ORGANISATION_REFUSED
    assert not Organisation.objects.filter(name="Konsultbolaget AB").exists()
    assert "kan tyvärr inte ta emot" in mail_to(CONTACT, "Anmälan kan inte tas emot").body


def test_a_new_organisation_with_a_listed_name_is_pointed_to_the_list(
    submit, project, organisation
):
    response = submit(
        reverse("registration:register", args=[project.slug]),
        registration_post(
            None, new_organisation_name="region östergötland", new_organisation_kind="region"
        ),
    )
    assert "Organisationen finns redan i listan ovan" in response.content.decode()


def test_staff_add_a_late_registration_after_the_deadline(
    client, submit, project, organisation, staff_user
):
    project.registration_deadline = timezone.localdate() - timedelta(days=3)
    project.save()
    client.force_login(staff_user)
    url = reverse("staff:registration_late_create", args=[project.slug])
    assert "Lägg till en efteranmälan" in client.get(url).content.decode()
    response = submit(url, registration_post(organisation))
    registration = OrganisationRegistration.objects.get()
    assert response["Location"] == reverse("staff:registration_detail", args=[registration.pk])
    assert registration.is_late
    assert registration.events.get(kind=RegistrationEvent.Kind.LATE_ADDED).by_user == staff_user
    assert mail_to(MANAGER, "Godkänn anmälan")


def test_staff_see_registrations_with_status_contact_and_group_size_and_filter_them(
    client, submit, project, organisation, partner, staff_user
):
    _register(project, organisation, submit)
    _register(
        project,
        partner,
        submit,
        submission_key="e" * 32,
        contact_email="sara@tillvaxtverket.example",
        manager_email="chef@tillvaxtverket.example",
        participants=[("Sara Åkesson", "sara@tillvaxtverket.example", "Handläggare")],
    )
    partner_registration = OrganisationRegistration.objects.get(organisation=partner)
    manage_path = link_in(mail_to("sara@tillvaxtverket.example").body, "/anmalan/hantera/")
    submit(manage_path + "aterta/", {"confirm": "on"})

    client.force_login(staff_user)
    url = reverse("staff:project_registrations", args=[project.slug])
    html = client.get(url).content.decode()
    assert "0 av minst 15 organisationer" in html
    assert "Region Östergötland" in html and "Tillväxtverket" in html
    assert "Återtagen" in html and "Väntar på chefens godkännande" in html
    assert '<td class="number">2</td>' in html and '<td class="number">1</td>' in html
    withdrawn = client.get(url, {"status": "withdrawn"}).content.decode()
    assert "Tillväxtverket" in withdrawn and "Region Östergötland" not in withdrawn
    detail = client.get(reverse("staff:registration_detail", args=[partner_registration.pk]))
    assert "Återtagen" in detail.content.decode()


def test_staff_read_every_mail_in_the_outbox_with_its_attachment(
    client, submit, project, organisation, staff_user
):
    _register(project, organisation, submit)
    registration = OrganisationRegistration.objects.get()
    client.force_login(staff_user)
    submit(reverse("staff:registration_approve", args=[registration.pk]), {})
    listing = client.get(reverse("staff:outbox_list")).content.decode()
    # Received, approval request, confirmation, and one invitation per participant.
    assert listing.count("<tr>") == 1 + 5
    assert "Anmälan bekräftad" in listing and "1 bilaga" in listing
    confirmation = OutboxMessage.objects.get(subject__startswith="Anmälan bekräftad")
    detail = client.get(reverse("staff:outbox_detail", args=[confirmation.pk])).content.decode()
    assert "Hej Karin Holm!" in detail
    attachment = confirmation.attachments.get()
    download = client.get(reverse("staff:outbox_attachment", args=[confirmation.pk, attachment.pk]))
    assert download["Content-Type"] == "text/calendar"
    assert b"BEGIN:VCALENDAR" in download.content
    searched = client.get(reverse("staff:outbox_list"), {"q": "Godkänn"}).content.decode()
    assert searched.count("<tr>") == 2


def test_outbox_and_registrations_are_for_staff_only(client, project):
    for url in (
        reverse("staff:outbox_list"),
        reverse("staff:project_registrations", args=[project.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("staff:login") in response["Location"]


def test_staff_search_registrations_by_organisation_contact_or_participant(
    client, submit, project, organisation, partner, staff_user
):
    _register(project, organisation, submit)
    _register(
        project,
        partner,
        submit,
        submission_key="f" * 32,
        contact_name="Sara Åkesson",
        contact_email="sara@tillvaxtverket.example",
        manager_email="chef@tillvaxtverket.example",
        participants=[("Sara Åkesson", "sara@tillvaxtverket.example", "Handläggare")],
    )
    client.force_login(staff_user)
    url = reverse("staff:project_registrations", args=[project.slug])

    by_participant = client.get(url, {"q": "ahmed.nasser"}).content.decode()
    by_contact = client.get(url, {"q": "sara åkesson"}).content.decode()
    by_organisation = client.get(url, {"q": "tillväxt", "status": "confirmed"}).content.decode()

    assert "Region Östergötland" in by_participant and "Tillväxtverket" not in by_participant
    # Found through one participant, the organisation still shows both of its participants.
    assert '<td class="number">2</td>' in by_participant
    assert "1 anmälan matchar" in by_participant
    assert "Tillväxtverket" in by_contact and "Region Östergötland" not in by_contact
    assert "Ingen anmälan matchar sökningen." in by_organisation
