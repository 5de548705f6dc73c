"""A person's rights under GDPR: their data on request, and erasure by anonymisation.

Erasure keeps what Swedish bookkeeping law (bokföringslagen) requires to be kept for the
invoice — organisation, organisation number, invoice address, reference, fee and dates —
and removes everything that identifies the person.
"""

from datetime import datetime, timedelta
from typing import Any, Final

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from larlabb.core.models import OutboxMessage
from larlabb.core.tasks import background_task
from larlabb.programme.models import LearningProject
from larlabb.registration.exports import export_log_create
from larlabb.registration.models import (
    ApprovalRequest,
    ExportLogEntry,
    OrganisationRegistration,
    Participant,
    WorkshopSignup,
)
from larlabb.registration.signals import participant_erased

ERASED_NAME: Final = "Borttagen person"


def _placeholder_email(kind: str, pk: int) -> str:
    # Unique per row, so the database's one-address-per-group rule still holds after erasure.
    return f"borttagen-{kind}-{pk}@invalid.invalid"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def person_data(*, email: str) -> dict[str, Any]:
    """Everything stored about the e-mail address, as JSON-safe data."""
    address = email.strip()
    registrations = (
        OrganisationRegistration.objects.filter(
            Q(contact_email__iexact=address) | Q(manager_email__iexact=address)
        )
        .select_related("project", "organisation", "application")
        .order_by("created_at")
    )
    participants = (
        Participant.objects.filter(email__iexact=address)
        .select_related("registration__project", "registration__organisation")
        .prefetch_related("signups__workshop")
        .order_by("created_at")
    )
    mails = OutboxMessage.objects.filter(to__iexact=address).order_by("created_at")
    return {
        "email": address,
        "registrations": [
            {
                "project": str(registration.project),
                "organisation": registration.organisation_name,
                "status": registration.status,
                "as_contact": registration.contact_email.lower() == address.lower(),
                "as_manager": registration.manager_email.lower() == address.lower(),
                "contact_name": registration.contact_name,
                "contact_email": registration.contact_email,
                "contact_phone": registration.contact_phone,
                "contact_role": registration.contact_role,
                "manager_name": registration.manager_name,
                "manager_email": registration.manager_email,
                "organisation_number": registration.organisation_number,
                "invoice_address": registration.invoice_address,
                "invoice_reference": registration.invoice_reference,
                "einvoice_id": registration.einvoice_id,
                "fee_sek": registration.fee_sek,
                "created_at": _iso(registration.created_at),
                "confirmed_at": _iso(registration.confirmed_at),
            }
            for registration in registrations
        ],
        "participations": [
            {
                "project": str(participant.registration.project),
                "organisation": participant.registration.organisation_name,
                "name": participant.name,
                "email": participant.email,
                "role": participant.role,
                "added_at": _iso(participant.created_at),
                "workshops": [
                    {
                        "workshop": str(signup.workshop),
                        "answer": signup.answer,
                        "status": signup.status,
                        "dietary_needs": signup.dietary_needs,
                        "accessibility_needs": signup.accessibility_needs,
                        "answered_at": _iso(signup.created_at),
                    }
                    for signup in participant.signups.all()
                ],
            }
            for participant in participants
        ],
        "mails": [
            {"subject": mail.subject, "body": mail.body, "created_at": _iso(mail.created_at)}
            for mail in mails
        ],
    }


def person_data_export(*, email: str, project: LearningProject, by_user: User) -> dict[str, Any]:
    export_log_create(
        project=project, kind=ExportLogEntry.Kind.PERSON_JSON, by_user=by_user, detail=email
    )
    return person_data(email=email)


def _participant_erase(participant: Participant, *, now: datetime) -> None:
    participant.name = ERASED_NAME
    participant.email = _placeholder_email("deltagare", participant.pk)
    participant.role = ""
    participant.erased_at = now
    participant.save(update_fields=["name", "email", "role", "erased_at"])
    WorkshopSignup.objects.filter(participant=participant).update(
        dietary_needs="", accessibility_needs=""
    )
    participant_erased.send(sender=Participant, participant=participant)


@transaction.atomic
def person_erase(*, email: str, now: datetime | None = None) -> int:
    """Anonymise every trace of the address; returns how many records were changed."""
    now = now or timezone.now()
    address = email.strip()
    changed = 0
    for participant in Participant.objects.select_for_update().filter(email__iexact=address):
        _participant_erase(participant, now=now)
        changed += 1
    contacts = OrganisationRegistration.objects.select_for_update().filter(
        contact_email__iexact=address
    )
    for registration in contacts:
        registration.contact_name = ERASED_NAME
        registration.contact_email = _placeholder_email("kontakt", registration.pk)
        registration.contact_phone = ""
        registration.contact_role = ""
        registration.contact_erased_at = now
        registration.save(
            update_fields=[
                "contact_name",
                "contact_email",
                "contact_phone",
                "contact_role",
                "contact_erased_at",
            ]
        )
        changed += 1
    managers = OrganisationRegistration.objects.select_for_update().filter(
        manager_email__iexact=address
    )
    for registration in managers:
        registration.manager_name = ERASED_NAME
        registration.manager_email = _placeholder_email("chef", registration.pk)
        registration.save(update_fields=["manager_name", "manager_email"])
        # An approval link still in the manager's mailbox must not work any more.
        ApprovalRequest.objects.filter(registration=registration, used_at__isnull=True).update(
            used_at=now
        )
        changed += 1
    changed += OutboxMessage.objects.filter(to__iexact=address).delete()[0]
    return changed


def participants_anonymise_expired(*, now: datetime | None = None) -> int:
    """Anonymise participants of projects whose last workshop ended long enough ago."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.GDPR_ANONYMISE_AFTER_DAYS)
    expired_projects = (
        LearningProject.objects.annotate(last_end=Max("workshops__ends_at"))
        .filter(last_end__lt=cutoff)
        .values("pk")
    )
    erased = 0
    participants = Participant.objects.filter(
        registration__project__in=expired_projects, erased_at__isnull=True
    )
    for participant in participants:
        with transaction.atomic():
            _participant_erase(participant, now=now)
        erased += 1
    return erased


@background_task()
def anonymise_expired_task() -> int:
    return participants_anonymise_expired()
