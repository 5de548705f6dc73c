"""Staff exports of a project's registrations: invoicing basis, participant lists, name badges.

Each builder logs the export first, so the log cannot miss a file that left the system.
"""

import io
from datetime import date, datetime
from typing import Final

from django.contrib.auth.models import User
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from larlabb.core.pdf import pdf_from_html
from larlabb.core.spreadsheets import spreadsheet_csv_bytes, spreadsheet_safe
from larlabb.programme.models import LearningProject, Workshop
from larlabb.registration.models import (
    ExportLogEntry,
    OrganisationRegistration,
    Participant,
    WorkshopSignup,
)
from larlabb.registration.selectors import STOCKHOLM, withdrawal_terms

BADGES_PER_PAGE: Final = 8


def export_log_create(
    *, project: LearningProject, kind: str, by_user: User, detail: str = ""
) -> ExportLogEntry:
    return ExportLogEntry.objects.create(project=project, kind=kind, by_user=by_user, detail=detail)


def _invoicing_header() -> list[str]:
    return [
        _("Organisation"),
        _("Organisationsnummer"),
        _("Fakturaadress"),
        _("Referens"),
        _("PEPPOL-id"),
        _("Avgift (kr)"),
        _("Status"),
        _("Godkänd"),
        _("Återtagen"),
        _("Att fakturera (kr)"),
    ]


def _local_date(moment: datetime | None) -> date | None:
    return moment.astimezone(STOCKHOLM).date() if moment is not None else None


def _invoicing_rows(project: LearningProject) -> list[list[object]]:
    """Every organisation the manager approved: confirmed ones, and those that withdrew
    afterwards, with the date they did and what is still owed under the withdrawal terms."""
    Status = OrganisationRegistration.Status
    registrations = (
        OrganisationRegistration.objects.filter(project=project)
        .filter(
            Q(status=Status.CONFIRMED)
            | Q(status=Status.WITHDRAWN, confirmed_at__isnull=False, closed_at__isnull=False)
        )
        .select_related("project", "organisation", "application")
        .order_by("status", "organisation__name", "id")
    )
    rows: list[list[object]] = []
    for registration in registrations:
        withdrawn_at = registration.closed_at if registration.status == Status.WITHDRAWN else None
        if withdrawn_at is None:
            due = registration.fee_sek
        else:
            terms = withdrawal_terms(registration=registration, at=withdrawn_at)
            due = registration.fee_sek if terms.fee_due else 0
        rows.append(
            [
                registration.organisation_name,
                registration.organisation_number,
                registration.invoice_address,
                registration.invoice_reference,
                registration.einvoice_id,
                registration.fee_sek,
                registration.get_status_display(),
                _local_date(registration.confirmed_at),
                _local_date(withdrawn_at),
                due,
            ]
        )
    return rows


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else value


def invoicing_csv(*, project: LearningProject, by_user: User) -> bytes:
    export_log_create(project=project, kind=ExportLogEntry.Kind.INVOICING_CSV, by_user=by_user)
    rows = [[_csv_cell(cell) for cell in row] for row in _invoicing_rows(project)]
    return spreadsheet_csv_bytes(header=_invoicing_header(), rows=rows)


def invoicing_xlsx(*, project: LearningProject, by_user: User) -> bytes:
    # Imported here: only this download needs the spreadsheet library.
    from openpyxl import Workbook

    export_log_create(project=project, kind=ExportLogEntry.Kind.INVOICING_XLSX, by_user=by_user)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = _("Fakturaunderlag")
    sheet.append(_invoicing_header())
    for row in _invoicing_rows(project):
        # Text cells are escaped as in the CSV; fees stay numbers to sum, dates stay dates.
        sheet.append([spreadsheet_safe(cell) if isinstance(cell, str) else cell for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _attending(workshop: Workshop) -> list[WorkshopSignup]:
    return list(
        WorkshopSignup.objects.filter(
            workshop=workshop,
            status=WorkshopSignup.Status.ATTENDING,
            participant__registration__status=OrganisationRegistration.Status.CONFIRMED,
        )
        .select_related(
            "participant__registration__organisation", "participant__registration__application"
        )
        .order_by("participant__name", "id")
    )


def participants_csv(*, workshop: Workshop, by_user: User) -> bytes:
    export_log_create(
        project=workshop.project,
        kind=ExportLogEntry.Kind.PARTICIPANTS_CSV,
        by_user=by_user,
        detail=_("Workshop %(number)s") % {"number": workshop.number},
    )
    header = [
        _("Namn"),
        _("Organisation"),
        _("Deltar"),
        _("Kost"),
        _("Tillgänglighet"),
    ]
    # Needs are stored only when the person gave them for an on-site day (their consent).
    # An anonymised person's attendance stays a row, so counts are right, but names no one.
    anonymised = _("Anonymiserad deltagare")
    rows = [
        [
            anonymised if signup.participant.erased_at else signup.participant.name,
            ""
            if signup.participant.erased_at
            else signup.participant.registration.organisation_name,
            signup.get_answer_display(),
            signup.dietary_needs,
            signup.accessibility_needs,
        ]
        for signup in _attending(workshop)
    ]
    return spreadsheet_csv_bytes(header=header, rows=rows)


def badges_pdf(*, project: LearningProject, by_user: User, base_url: str) -> bytes:
    """A4 sheets of eight name badges: every participant of a confirmed organisation who has
    not been anonymised."""
    export_log_create(project=project, kind=ExportLogEntry.Kind.BADGES_PDF, by_user=by_user)
    participants = list(
        Participant.objects.filter(
            registration__project=project,
            registration__status=OrganisationRegistration.Status.CONFIRMED,
            # An anonymised person cannot come, and has no name to print.
            erased_at__isnull=True,
        )
        .select_related("registration__organisation", "registration__application")
        .order_by("registration__organisation__name", "position", "id")
    )
    pages = [
        participants[start : start + BADGES_PER_PAGE]
        for start in range(0, len(participants), BADGES_PER_PAGE)
    ]
    html = render_to_string(
        "registration/staff/badges_print.html", {"project": project, "pages": pages}
    )
    return pdf_from_html(html=html, base_url=base_url)
