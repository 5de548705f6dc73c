"""A person's rights under GDPR: their data on request, and erasure by anonymisation.

Erasure keeps what Swedish bookkeeping law (bokföringslagen) requires to be kept for the
invoice — organisation, organisation number, invoice address, reference, fee and dates —
and removes everything that identifies the person: their own rows here, the mails sent to
them, and every copy of their name, e-mail and phone elsewhere (mails to others, board
events, logs), which core.erasure finds in every table. Retention does the same for every
person of a project some time after its last workshop.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.core.erasure import Replacement, personal_data_replace
from larlabb.core.models import OutboxMessage
from larlabb.core.tasks import background_task, finished_tasks_prune
from larlabb.programme.models import LearningProject
from larlabb.registration.exports import export_log_create
from larlabb.registration.models import (
    ApprovalRequest,
    ExportLogEntry,
    OrganisationRegistration,
    Participant,
    RegistrationEvent,
    RemovedParticipant,
    WorkshopSignup,
)
from larlabb.registration.signals import participant_erased, registration_person_erased
from larlabb.registration.signups import signups_release

ERASED_NAME: Final = "Borttagen person"
# Where an address or number was quoted in a text, not held in a field of its own.
ERASED_EMAIL: Final = "borttagen@invalid.invalid"
ERASED_PHONE: Final = "(borttaget nummer)"
# Who erased, in the registration's event log, when no one on staff did. Stored, not shown
# through gettext: the log keeps what was written at the time, as it does the contact's name.
RETENTION_LABEL: Final = "Gallring efter projektets slut"
# Kept by bokföringslagen; the contact's name in an invoice reference stays with the invoice.
INVOICING_FIELDS: Final = (
    "organisation_number",
    "invoice_address",
    "invoice_reference",
    "einvoice_id",
)


class Reason(StrEnum):
    REQUEST = "request"
    RETENTION = "retention"


@dataclass(frozen=True)
class _Identity:
    """What an erased person was called and reached at, to find the copies of it."""

    name: str
    email: str
    phone: str = ""


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
            Q(contact_email__ifold_exact=address) | Q(manager_email__ifold_exact=address)
        )
        .select_related("project", "organisation", "application")
        .order_by("created_at")
    )
    participants = (
        Participant.objects.filter(email__ifold_exact=address)
        .select_related("registration__project", "registration__organisation")
        .prefetch_related("signups__workshop")
        .order_by("created_at")
    )
    removed = (
        RemovedParticipant.objects.filter(email__ifold_exact=address)
        .select_related("registration__project", "registration__organisation")
        .order_by("removed_at")
    )
    mails = OutboxMessage.objects.filter(to__ifold_exact=address).order_by("created_at")
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
        "removed_from_groups": [
            {
                "project": str(person.registration.project),
                "organisation": person.registration.organisation_name,
                "name": person.name,
                "email": person.email,
                "role": person.role,
                "removed_at": _iso(person.removed_at),
            }
            for person in removed
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


def _erasure_log(registration_id: int, role: str, *, by_user: User | None) -> None:
    """Accountability without the person: who erased whom by role, or that retention did."""
    RegistrationEvent.objects.create(
        registration_id=registration_id,
        kind=RegistrationEvent.Kind.PERSON_ERASED,
        by_user=by_user,
        by_label="" if by_user else RETENTION_LABEL,
        note=role,
    )


def _participant_erase(
    participant: Participant, *, now: datetime, reason: Reason, by_user: User | None = None
) -> _Identity:
    identity = _Identity(participant.name, participant.email)
    _erasure_log(participant.registration_id, "deltagare", by_user=by_user)
    # Off the waiting lists and out of the seats of workshops still to come, which go to the
    # next in line; past sign-ups stay as anonymous attendance.
    signups_release(participants=[participant], ending_after=now)
    participant.name = ERASED_NAME
    participant.email = _placeholder_email("deltagare", participant.pk)
    participant.role = ""
    participant.erased_at = now
    participant.save(update_fields=["name", "email", "role", "erased_at"])
    WorkshopSignup.objects.filter(participant=participant).update(
        dietary_needs="", accessibility_needs=""
    )
    participant_erased.send(
        sender=Participant,
        participant_id=participant.pk,
        registration_id=participant.registration_id,
        project_id=participant.registration.project_id,
        reason=reason,
    )
    return identity


def _removed_participant_erase(
    removed: RemovedParticipant, *, reason: Reason, by_user: User | None = None
) -> _Identity:
    identity = _Identity(removed.name, removed.email)
    _erasure_log(removed.registration_id, "borttagen deltagare", by_user=by_user)
    # The row exists only so that staff can find the person; erased, there is nothing to find.
    removed.delete()
    participant_erased.send(
        sender=Participant,
        participant_id=removed.participant_id,
        registration_id=removed.registration_id,
        project_id=removed.registration.project_id,
        reason=reason,
    )
    return identity


def _contact_erase(
    registration: OrganisationRegistration,
    *,
    now: datetime,
    reason: Reason,
    by_user: User | None = None,
) -> _Identity:
    identity = _Identity(
        registration.contact_name, registration.contact_email, registration.contact_phone
    )
    _erasure_log(registration.pk, "kontaktperson", by_user=by_user)
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
    registration_person_erased.send(
        sender=OrganisationRegistration,
        registration_id=registration.pk,
        project_id=registration.project_id,
        role="contact",
        reason=reason,
    )
    return identity


def _manager_erase(
    registration: OrganisationRegistration,
    *,
    now: datetime,
    reason: Reason,
    by_user: User | None = None,
) -> _Identity:
    identity = _Identity(registration.manager_name, registration.manager_email)
    _erasure_log(registration.pk, "chef", by_user=by_user)
    registration.manager_name = ERASED_NAME
    registration.manager_email = _placeholder_email("chef", registration.pk)
    registration.manager_erased_at = now
    registration.save(update_fields=["manager_name", "manager_email", "manager_erased_at"])
    # An approval link still in the manager's mailbox must not work any more.
    ApprovalRequest.objects.filter(registration=registration, used_at__isnull=True).update(
        used_at=now
    )
    registration_person_erased.send(
        sender=OrganisationRegistration,
        registration_id=registration.pk,
        project_id=registration.project_id,
        role="manager",
        reason=reason,
    )
    return identity


def _in_use(field: str, value: str) -> bool:
    """Whether someone not erased still goes by the name, address or phone.

    Retention erases a project's people, and someone may also be in a project still running;
    two people may share a name. Their rows must keep it, so it is not replaced elsewhere."""
    if field == "phone":
        return OrganisationRegistration.objects.filter(
            contact_erased_at__isnull=True, contact_phone__ifold_exact=value
        ).exists()
    return (
        Participant.objects.filter(
            erased_at__isnull=True, **{f"{field}__ifold_exact": value}
        ).exists()
        or RemovedParticipant.objects.filter(**{f"{field}__ifold_exact": value}).exists()
        or OrganisationRegistration.objects.filter(
            Q(contact_erased_at__isnull=True, **{f"contact_{field}__ifold_exact": value})
            | Q(manager_erased_at__isnull=True, **{f"manager_{field}__ifold_exact": value})
        ).exists()
    )


def _copies_erase(identities: Iterable[_Identity], *, registration_ids: Iterable[int] = ()) -> int:
    """Delete the mails to the people (and, for retention, every mail of their registrations)
    and replace every other copy of their name, e-mail and phone with a placeholder."""
    replacements: dict[str, Replacement] = {}
    addresses: set[str] = set()
    for identity in identities:
        for field, value, placeholder in (
            ("name", identity.name, ERASED_NAME),
            ("email", identity.email, ERASED_EMAIL),
            ("phone", identity.phone, ERASED_PHONE),
        ):
            value = value.strip()
            if value and value.casefold() not in replacements and not _in_use(field, value):
                replacements[value.casefold()] = Replacement(value, placeholder)
                if field == "email":
                    addresses.add(value)
    # Longest first, so a full name is replaced before a shorter name inside it.
    ordered = sorted(replacements.values(), key=lambda r: len(r.value), reverse=True)
    mails = Q(registration_id__in=list(registration_ids))
    for address in addresses:
        mails |= Q(to__ifold_exact=address)
    changed: int = OutboxMessage.objects.filter(mails).delete()[0]
    keep = [
        field
        for field in OrganisationRegistration._meta.concrete_fields
        if field.name in INVOICING_FIELDS
    ]
    return changed + personal_data_replace(replacements=ordered, keep=keep)


@transaction.atomic
def person_erase(*, email: str, by_user: User | None = None, now: datetime | None = None) -> int:
    """Anonymise every trace of the address; returns how many records were changed."""
    now = now or timezone.now()
    address = email.strip()
    identities = [_Identity("", address)]
    for participant in Participant.objects.select_for_update().filter(
        email__ifold_exact=address, erased_at__isnull=True
    ):
        identities.append(
            _participant_erase(participant, now=now, reason=Reason.REQUEST, by_user=by_user)
        )
    for removed in RemovedParticipant.objects.select_related("registration").filter(
        email__ifold_exact=address
    ):
        identities.append(
            _removed_participant_erase(removed, reason=Reason.REQUEST, by_user=by_user)
        )
    for registration in OrganisationRegistration.objects.select_for_update().filter(
        contact_email__ifold_exact=address, contact_erased_at__isnull=True
    ):
        identities.append(
            _contact_erase(registration, now=now, reason=Reason.REQUEST, by_user=by_user)
        )
    for registration in OrganisationRegistration.objects.select_for_update().filter(
        manager_email__ifold_exact=address, manager_erased_at__isnull=True
    ):
        identities.append(
            _manager_erase(registration, now=now, reason=Reason.REQUEST, by_user=by_user)
        )
    return len(identities) - 1 + _copies_erase(identities)


def _registration_expire(registration: OrganisationRegistration, *, now: datetime) -> int:
    reason = Reason.RETENTION
    identities = [
        _participant_erase(participant, now=now, reason=reason)
        for participant in registration.participants.filter(erased_at__isnull=True)
    ]
    identities += [
        _removed_participant_erase(removed, reason=reason)
        for removed in registration.removed_participants.select_related("registration")
    ]
    if registration.contact_erased_at is None:
        identities.append(_contact_erase(registration, now=now, reason=reason))
    if registration.manager_erased_at is None:
        identities.append(_manager_erase(registration, now=now, reason=reason))
    _copies_erase(identities, registration_ids=[registration.pk])
    return len(identities)


def personal_data_expire(*, now: datetime | None = None) -> int:
    """Anonymise everyone registered for a project whose last workshop ended long enough ago:
    participants, removed participants, contact persons and managers, and their mails; and
    forget the finished background tasks, whose arguments carry addresses. Returns how many
    people were anonymised."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.GDPR_ANONYMISE_AFTER_DAYS)
    expired_projects = (
        LearningProject.objects.annotate(last_end=Max("workshops__ends_at"))
        .filter(last_end__lt=cutoff)
        .values("pk")
    )
    pending = (
        OrganisationRegistration.objects.filter(project__in=expired_projects)
        .filter(
            Q(participants__erased_at__isnull=True, participants__isnull=False)
            | Q(removed_participants__isnull=False)
            | Q(contact_erased_at__isnull=True)
            | Q(manager_erased_at__isnull=True)
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    erased = 0
    # One transaction per registration: a large project does not hold one long lock.
    for pk in list(pending):
        with transaction.atomic():
            registration = OrganisationRegistration.objects.select_for_update().get(pk=pk)
            erased += _registration_expire(registration, now=now)
    finished_tasks_prune(now=now)
    return erased


@background_task()
def anonymise_expired_task() -> int:
    return personal_data_expire()


@dataclass(frozen=True)
class PersonPlace:
    """A registration the address is in, and as whom (translated labels)."""

    registration: OrganisationRegistration
    roles: list[str]


def person_places(*, email: str) -> list[PersonPlace]:
    """Every registration the address is in: erasure by address reaches them all."""
    address = email.strip().casefold()
    registrations = (
        OrganisationRegistration.objects.filter(
            Q(contact_email__ifold_exact=address, contact_erased_at__isnull=True)
            | Q(manager_email__ifold_exact=address, manager_erased_at__isnull=True)
            | Q(participants__email__ifold_exact=address, participants__erased_at__isnull=True)
            | Q(removed_participants__email__ifold_exact=address)
        )
        .select_related("project", "organisation", "application")
        .prefetch_related("participants", "removed_participants")
        .distinct()
        .order_by("created_at")
    )
    places = []
    for registration in registrations:
        roles = []
        if (
            registration.contact_erased_at is None
            and registration.contact_email.casefold() == address
        ):
            roles.append(str(_("kontaktperson")))
        if (
            registration.manager_erased_at is None
            and registration.manager_email.casefold() == address
        ):
            roles.append(str(_("chef")))
        if any(p.email.casefold() == address for p in registration.participants.all()):
            roles.append(str(_("deltagare")))
        if any(p.email.casefold() == address for p in registration.removed_participants.all()):
            roles.append(str(_("borttagen ur gruppen")))
        places.append(PersonPlace(registration, roles))
    return places
