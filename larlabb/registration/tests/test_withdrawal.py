"""Withdrawing: a confirmation that says what it costs, mail to all concerned, and the
invoicing export that keeps the organisation with its withdrawal date."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from larlabb.core.models import OutboxMessage
from larlabb.network.models import Organisation
from larlabb.registration.models import OrganisationRegistration
from larlabb.registration.selectors import STOCKHOLM
from larlabb.registration.services import (
    registration_confirm,
    registration_submit,
    registration_withdraw,
)
from larlabb.registration.tests.helpers import registration_data
from larlabb.registration.tokens import manage_token

pytestmark = pytest.mark.django_db
Status = OrganisationRegistration.Status


def _register(project, organisation, *, key: str = "a", confirm: bool = True):
    registration = registration_submit(
        project=project,
        data=registration_data(organisation, participants=2),
        submission_key=key,
        language="sv",
    )
    if confirm:
        registration_confirm(registration=registration)
    return registration


def _withdraw_url(registration) -> str:
    return reverse("registration:manage_withdraw", args=[manage_token(registration.pk)])


def _outbox(to: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(to=to, subject__startswith="Anmälan återtagen"))


# --- The confirmation step ---------------------------------------------------------------------


def test_the_manage_page_leads_to_a_confirmation_instead_of_withdrawing_at_once(
    client, project, organisation
):
    registration = _register(project, organisation)
    page = client.get(reverse("registration:manage", args=[manage_token(registration.pk)]))

    html = page.content.decode()
    assert f'href="{_withdraw_url(registration)}"' in html
    assert 'name="confirm"' not in html


def test_before_the_deadline_the_confirmation_says_withdrawing_is_free_until_it(
    client, project, organisation
):
    registration = _register(project, organisation)

    response = client.get(_withdraw_url(registration))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Återta anmälan av Region Östergötland?" in html
    assert "Avgiften är 23\xa0000\xa0kr." in html
    deadline = f"{project.registration_deadline.day} "
    assert f"senast sista anmälningsdag, {deadline}" in html
    assert "De 2 deltagarna förlorar sina platser" in html
    assert "chefen som godkände anmälan (Per Lindqvist)" in html
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_after_the_deadline_the_confirmation_says_the_fee_is_invoiced_anyway(
    client, project, organisation
):
    registration = _register(project, organisation)
    project.registration_deadline = timezone.localdate() - timedelta(days=1)
    project.save()

    html = client.get(_withdraw_url(registration)).content.decode()

    assert "avgiften på 23\xa0000\xa0kr faktureras även om ni återtar den" in html


def test_before_the_manager_approves_the_confirmation_says_nothing_is_invoiced(
    client, project, organisation
):
    registration = _register(project, organisation, confirm=False)

    html = client.get(_withdraw_url(registration)).content.decode()

    assert "Chefen har inte godkänt anmälan ännu, så ingen avgift faktureras." in html


def test_withdrawing_without_ticking_the_box_keeps_the_registration_and_explains(
    client, project, organisation
):
    registration = _register(project, organisation)

    response = client.post(_withdraw_url(registration), {})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kryssa i rutan för att bekräfta att ni återtar anmälan." in html
    assert "Avgiften är 23\xa0000\xa0kr." in html
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_a_closed_registration_goes_back_to_its_page_instead_of_the_confirmation(
    client, project, organisation
):
    registration = _register(project, organisation)
    registration_withdraw(registration=registration)

    response = client.get(_withdraw_url(registration))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "registration:manage", args=[manage_token(registration.pk)]
    )


# --- Who is told -----------------------------------------------------------------------------


def test_a_withdrawal_after_approval_tells_the_contact_the_manager_and_the_office(
    client, project, organisation
):
    registration = _register(project, organisation)

    response = client.post(_withdraw_url(registration), {"confirm": "on"})

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Status.WITHDRAWN
    [contact] = _outbox("karin@example.org")
    assert "ingen avgift faktureras" in contact.body
    [manager] = _outbox("per@example.org")
    assert "som du godkände som chef, har återtagits av kontaktpersonen Karin Holm" in manager.body
    [office] = _outbox("kansliet@reglab.example")
    assert "Chefen hade godkänt anmälan. Avgiften är 23\xa0000\xa0kr" in office.body
    assert "ingen avgift ska faktureras" in office.body
    assert "står kvar i fakturaunderlaget" in office.body


def test_a_withdrawal_after_the_deadline_tells_everyone_the_fee_is_still_invoiced(
    project, organisation
):
    registration = _register(project, organisation)
    after = datetime.combine(
        project.registration_deadline + timedelta(days=1), datetime.min.time(), tzinfo=STOCKHOLM
    )

    registration_withdraw(registration=registration, now=after)

    assert "så avgiften på 23\xa0000\xa0kr faktureras ändå" in _outbox("per@example.org")[0].body
    assert "avgiften ska faktureras" in _outbox("kansliet@reglab.example")[0].body


def test_a_withdrawal_before_approval_does_not_mail_the_manager(project, organisation):
    registration = _register(project, organisation, confirm=False)

    registration_withdraw(registration=registration)

    assert _outbox("per@example.org") == []
    assert "inte godkänd av chefen" in _outbox("kansliet@reglab.example")[0].body


# --- The invoicing export --------------------------------------------------------------------


def _csv(staff, project) -> list[list[str]]:
    response = staff.get(f"/kansliet/projekt/{project.slug}/export/fakturaunderlag.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _setup_withdrawals(project, organisation):
    """One confirmed, one withdrawn before and one after the deadline, one never approved."""
    _register(project, organisation)
    early = _register(
        project, Organisation.objects.create(network=project.network, name="Boverket"), key="b"
    )
    registration_withdraw(registration=early)
    late = _register(
        project, Organisation.objects.create(network=project.network, name="Vinnova"), key="c"
    )
    after = datetime.combine(
        project.registration_deadline + timedelta(days=2), datetime.min.time(), tzinfo=STOCKHOLM
    ).replace(hour=10)
    registration_withdraw(registration=late, now=after)
    never = _register(
        project,
        Organisation.objects.create(network=project.network, name="Region Skåne"),
        key="d",
        confirm=False,
    )
    registration_withdraw(registration=never)
    return after.date()


def test_the_invoicing_csv_keeps_organisations_that_withdrew_after_approval(
    staff, project, organisation
):
    withdrawn_late = _setup_withdrawals(project, organisation)
    today = timezone.localdate()

    header, *rows = _csv(staff, project)

    assert header[6:] == ["Status", "Godkänd", "Återtagen", "Att fakturera (kr)"]
    summary = [(row[0], row[5], *row[6:]) for row in rows]
    assert summary == [
        ("Region Östergötland", "23000", "Bekräftad", today.isoformat(), "", "23000"),
        ("Boverket", "23000", "Återtagen", today.isoformat(), today.isoformat(), "0"),
        ("Vinnova", "23000", "Återtagen", today.isoformat(), withdrawn_late.isoformat(), "23000"),
    ]


def test_the_invoicing_xlsx_shows_the_same_with_dates_and_numbers(staff, project, organisation):
    withdrawn_late = _setup_withdrawals(project, organisation)

    response = staff.get(f"/kansliet/projekt/{project.slug}/export/fakturaunderlag.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][6:] == ("Status", "Godkänd", "Återtagen", "Att fakturera (kr)")
    vinnova = next(row for row in rows if row[0] == "Vinnova")
    assert vinnova[6] == "Återtagen"
    withdrawn_cell = vinnova[8]
    assert isinstance(withdrawn_cell, datetime | date)
    withdrawn_day = (
        withdrawn_cell.date() if isinstance(withdrawn_cell, datetime) else withdrawn_cell
    )
    assert withdrawn_day == withdrawn_late
    assert vinnova[9] == 23000
    assert [row[0] for row in rows[1:]] == ["Region Östergötland", "Boverket", "Vinnova"]


def test_a_second_withdrawal_of_the_same_registration_is_refused_and_tells_no_one_again(
    project, organisation
):
    registration = _register(project, organisation)
    stale = OrganisationRegistration.objects.get(pk=registration.pk)
    registration_withdraw(registration=registration)

    with pytest.raises(ValidationError):
        registration_withdraw(registration=stale)

    assert len(_outbox("kansliet@reglab.example")) == 1
