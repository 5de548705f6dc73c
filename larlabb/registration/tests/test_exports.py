import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from larlabb.registration.models import ExportLogEntry, OrganisationRegistration
from larlabb.registration.services import registration_confirm, registration_submit
from larlabb.registration.signups import SignupAnswer, workshop_signup_answer
from larlabb.registration.tests.factories import OrganisationFactory
from larlabb.registration.tests.helpers import registration_data

pytestmark = pytest.mark.django_db


def _register(project, organisation, *, key: str, participants: int = 1, confirm: bool = True):
    registration = registration_submit(
        project=project,
        data=registration_data(organisation, participants=participants),
        submission_key=key,
        language="sv",
    )
    if confirm:
        registration_confirm(registration=registration)
    return registration


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_invoicing_csv_has_one_row_per_confirmed_organisation_and_escapes_formulas(
    staff, staff_user, project, organisation
):
    confirmed = _register(project, organisation, key="a")
    OrganisationRegistration.objects.filter(pk=confirmed.pk).update(
        invoice_reference="=cmd|'/c calc'!A1", einvoice_id="0007:2321000040"
    )
    other = OrganisationFactory.create(network=project.network, name="Region Gävleborg")
    _register(project, other, key="b", confirm=False)

    response = staff.get(f"/kansliet/projekt/{project.slug}/export/fakturaunderlag.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = _csv_rows(response.content)
    assert header == [
        "Organisation",
        "Organisationsnummer",
        "Fakturaadress",
        "Referens",
        "PEPPOL-id",
        "Avgift (kr)",
        "Status",
        "Godkänd",
        "Återtagen",
        "Att fakturera (kr)",
    ]
    assert rows == [
        [
            "Region Östergötland",
            "232100-0040",
            "Linköping",
            "'=cmd|'/c calc'!A1",
            "0007:2321000040",
            str(project.fee_sek),
            "Bekräftad",
            timezone.localdate().isoformat(),
            "",
            str(project.fee_sek),
        ]
    ]
    entry = ExportLogEntry.objects.get()
    assert (entry.kind, entry.by_user) == (ExportLogEntry.Kind.INVOICING_CSV, staff_user)


def test_invoicing_xlsx_holds_the_same_rows_with_the_fee_as_a_number(staff, project, organisation):
    _register(project, organisation, key="a")

    response = staff.get(f"/kansliet/projekt/{project.slug}/export/fakturaunderlag.xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Organisation"
    assert rows[1][:2] == ("Region Östergötland", "232100-0040")
    assert rows[1][5] == project.fee_sek
    assert ExportLogEntry.objects.get().kind == ExportLogEntry.Kind.INVOICING_XLSX


def test_an_unknown_export_format_is_not_found_and_not_logged(staff, project):
    response = staff.get(f"/kansliet/projekt/{project.slug}/export/fakturaunderlag.ods")

    assert response.status_code == 404
    assert not ExportLogEntry.objects.exists()


def test_participant_list_shows_who_comes_with_their_needs(staff, project, organisation):
    registration = _register(project, organisation, key="a", participants=2)
    first, second = registration.participants.all()
    workshop = project.workshops.get(number=2)
    workshop_signup_answer(
        participant=first,
        workshop=workshop,
        answer=SignupAnswer("on_site", "Vegetarisk", "Hörslinga"),
    )
    workshop_signup_answer(participant=second, workshop=workshop, answer=SignupAnswer("no", "", ""))

    response = staff.get(f"/kansliet/projekt/{project.slug}/export/deltagare-workshop-2.csv")

    assert response.status_code == 200
    _header, *rows = _csv_rows(response.content)
    assert rows == [
        [first.name, "Region Östergötland", "Kommer på plats", "Vegetarisk", "Hörslinga"]
    ]
    entry = ExportLogEntry.objects.get()
    assert (entry.kind, entry.detail) == (ExportLogEntry.Kind.PARTICIPANTS_CSV, "Workshop 2")


def test_name_badges_fit_eight_to_an_a4_page(staff, project, organisation):
    for number in range(3):
        organisation = OrganisationFactory.create(network=project.network, name=f"Kommun {number}")
        _register(project, organisation, key=str(number), participants=3)

    response = staff.get(f"/kansliet/projekt/{project.slug}/export/namnbrickor.pdf")

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2  # nine participants: eight, then one
    text = reader.pages[0].extract_text()
    assert "Person 0" in text and "Kommun 0" in text
    assert ExportLogEntry.objects.get().kind == ExportLogEntry.Kind.BADGES_PDF


def test_the_exports_page_shows_who_exported_what(staff, project, organisation):
    staff.get(f"/kansliet/projekt/{project.slug}/export/fakturaunderlag.csv")

    page = staff.get(f"/kansliet/projekt/{project.slug}/export/").content.decode()

    assert "Fakturaunderlag (CSV)" in page
    assert "handlaggare" in page


def test_exports_are_for_staff_only(client, project):
    response = client.get(f"/kansliet/projekt/{project.slug}/export/fakturaunderlag.csv")

    assert response.status_code in {302, 403}
    assert not ExportLogEntry.objects.exists()
