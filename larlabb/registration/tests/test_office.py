"""The office is told: a mail per event, and a to-do list on the staff start page."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from larlabb.core.models import OutboxMessage
from larlabb.network.models import Organisation
from larlabb.registration.models import (
    ApprovalRequest,
    OrganisationApplication,
    RegistrationEvent,
)
from larlabb.registration.office import approvals_expired_report
from larlabb.registration.reminders import reminders_send
from larlabb.registration.services import (
    approval_decide,
    approval_link_resend,
    organisation_application_accept,
    registration_confirm,
    registration_submit,
    registration_withdraw,
)
from larlabb.registration.tests.helpers import mail_to, registration_data

pytestmark = pytest.mark.django_db
OFFICE = "kansliet@reglab.example"


def _register(project, organisation, *, key: str = "a", new_name: str = ""):
    data = registration_data(organisation)
    if organisation is None:
        data = replace(data, new_organisation_name=new_name, new_organisation_kind="other")
    return registration_submit(project=project, data=data, submission_key=key, language="sv")


def _office_mails() -> list[str]:
    """Subjects of the office's mail in the outbox (sent once the transaction commits)."""
    return list(
        OutboxMessage.objects.filter(to=OFFICE).order_by("id").values_list("subject", flat=True)
    )


def _office_mail(subject_start: str) -> OutboxMessage:
    [message] = OutboxMessage.objects.filter(to=OFFICE, subject__startswith=subject_start)
    return message


def _expire(registration) -> None:
    registration.approval_requests.update(expires_at=timezone.now() - timedelta(minutes=1))


# --- Mail to the office ----------------------------------------------------------------------


def test_the_office_is_told_when_an_unknown_organisation_asks_to_join(
    project, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = _register(project, None, new_name="Mälardalsrådet")

    message = mail_to(OFFICE, "Ny organisation vill anmäla sig: Mälardalsrådet")
    assert "Karin Holm (karin@example.org)" in message.body
    assert reverse("staff:registration_detail", args=[registration.pk]) in message.body


def test_a_known_organisation_registering_does_not_mail_the_office(project, organisation):
    _register(project, organisation)
    assert _office_mails() == []


def test_the_office_is_told_when_the_manager_approves_or_declines_but_not_when_staff_approve(
    project, organisation, staff_user
):
    approving = _register(project, organisation)
    approval_decide(approval=approving.approval_requests.get(), approve=True)
    other = Organisation.objects.create(network=project.network, name="Region Gävleborg")
    declining = _register(project, other, key="b")
    approval_decide(approval=declining.approval_requests.get(), approve=False)
    third = Organisation.objects.create(network=project.network, name="Region Skåne")
    registration_confirm(
        registration=_register(project, third, key="c"), approved_by_staff=staff_user
    )

    assert _office_mails() == [
        f"Chefen har godkänt: Region Östergötland – {project.title}",
        f"Chefen har avböjt: Region Gävleborg – {project.title}",
    ]


def test_the_office_is_told_once_when_a_managers_link_runs_out_unanswered(project, organisation):
    registration = _register(project, organisation)
    assert approvals_expired_report() == 0
    _expire(registration)

    reminders_send()
    reminders_send()

    message = _office_mail("Chefen har inte svarat: Region Östergötland")
    assert "per@example.org" in message.body
    assert registration.events.filter(kind=RegistrationEvent.Kind.APPROVAL_EXPIRED).count() == 1


def test_a_new_link_that_still_works_keeps_the_office_from_being_told(
    project, organisation, staff_user
):
    registration = _register(project, organisation)
    _expire(registration)
    approval_link_resend(registration=registration, by_user=staff_user)

    assert approvals_expired_report() == 0
    assert _office_mails() == []

    # The new link runs out too: now the office hears, once, about the newest.
    _expire(registration)
    assert approvals_expired_report() == 1
    assert approvals_expired_report() == 0
    newest = ApprovalRequest.objects.filter(registration=registration).first()
    assert newest is not None and newest.expiry_reported_at is not None


def test_a_network_without_an_office_address_gets_no_office_mail(project):
    project.network.contact_email = ""
    project.network.save()

    _register(project, None, new_name="Mälardalsrådet")

    assert list(OutboxMessage.objects.values_list("to", flat=True)) == ["karin@example.org"]


# --- The to-do list ----------------------------------------------------------------------------


def _dashboard(staff) -> str:
    response = staff.get(reverse("staff:dashboard"))
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_start_page_says_nothing_waits_when_nothing_does(staff, project):
    assert "Inget väntar på kansliet just nu." in _dashboard(staff)


def test_a_new_organisation_waits_on_the_to_do_list_until_staff_decide(staff, staff_user, project):
    registration = _register(project, None, new_name="Mälardalsrådet")
    detail = reverse("staff:registration_detail", args=[registration.pk])

    html = _dashboard(staff)
    assert "Mälardalsrådet vill anmäla sig till" in html
    assert f'href="{detail}">Pröva organisationen</a>' in html
    assert "Kom nyss." in html and "Väntar sedan" not in html, "no “0 minutes” while it is new"
    an_hour_ago = timezone.now() - timedelta(hours=1)
    type(registration.application).objects.filter(pk=registration.application.pk).update(
        created_at=an_hour_ago
    )
    html = _dashboard(staff)
    assert f"Väntar sedan {timezone.localtime(an_hour_ago):%-d}" in html and "(1\xa0timme)" in html

    organisation_application_accept(
        application=registration.application, by_user=staff_user, relationship="partner"
    )
    html = _dashboard(staff)
    assert "vill anmäla sig till" not in html
    # Now it waits for the manager instead.
    assert "Mälardalsrådet väntar på chefens godkännande (Per Lindqvist)" in html


def test_an_approval_waits_on_the_to_do_list_until_the_manager_answers(
    staff, project, organisation
):
    registration = _register(project, organisation)
    html = _dashboard(staff)
    assert "Region Östergötland väntar på chefens godkännande (Per Lindqvist)" in html
    assert reverse("staff:registration_detail", args=[registration.pk]) in html

    approval_decide(approval=registration.approval_requests.get(), approve=True)

    assert "väntar på chefens godkännande" not in _dashboard(staff)


def test_a_withdrawal_waits_on_the_to_do_list_until_staff_mark_it_handled(
    staff, project, organisation
):
    registration = _register(project, organisation)
    registration_confirm(registration=registration)
    registration_withdraw(registration=registration)
    assert "Region Östergötland har återtagit sin anmälan" in _dashboard(staff)

    response = staff.post(reverse("staff:withdrawal_handled", args=[registration.pk]), follow=True)

    assert "Återtagandet är markerat som hanterat." in response.content.decode()
    assert "har återtagit sin anmälan" not in _dashboard(staff)
    registration.refresh_from_db()
    assert registration.withdrawal_handled_at is not None
    assert registration.events.filter(kind=RegistrationEvent.Kind.WITHDRAWAL_HANDLED).exists()
    again = staff.post(reverse("staff:withdrawal_handled", args=[registration.pk]), follow=True)
    assert "Det finns inget återtagande som väntar på kansliet." in again.content.decode()


def test_the_to_do_list_is_oldest_first_in_a_constant_number_of_queries(
    staff, project, django_assert_max_num_queries
):
    for number in range(3):
        _register(project, None, key=str(number), new_name=f"Förbund {number}")
    for number in range(3):
        organisation = Organisation.objects.create(network=project.network, name=f"Kommun {number}")
        registration = _register(project, organisation, key=f"k{number}")
        if number == 0:
            registration_confirm(registration=registration)
            registration_withdraw(registration=registration)
    OrganisationApplication.objects.filter(name="Förbund 2").update(
        created_at=timezone.now() - timedelta(days=5)
    )

    with django_assert_max_num_queries(12):
        html = _dashboard(staff)

    assert html.index("Förbund 2") < html.index("Förbund 0")
