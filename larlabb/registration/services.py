"""Writes for step 1 of registration: the organisation, its manager's approval, its group.

Each public action is split into a check (raises a ValidationError with a named message, or
`ApprovalLinkError` for a link that no longer works) and a write that then sends mail. Mail
goes through the outbox in the same transaction and leaves once it commits.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from larlabb.core.mail import Attachment
from larlabb.core.validators import name_validate
from larlabb.network.models import Organisation
from larlabb.network.selectors import organisation_named
from larlabb.programme.calendar import project_calendar_bytes
from larlabb.programme.models import LearningProject
from larlabb.registration.mail import registration_mail_send
from larlabb.registration.models import (
    ApprovalRequest,
    OrganisationApplication,
    OrganisationRegistration,
    Participant,
    RegistrationEvent,
    RemovedParticipant,
)
from larlabb.registration.office import office_mail_send
from larlabb.registration.selectors import (
    project_with_programme,
    registration_open_at,
    withdrawal_terms,
)
from larlabb.registration.signals import participant_left
from larlabb.registration.signups import participants_invite, signups_release
from larlabb.registration.status_texts import registration_status_phrase
from larlabb.registration.tokens import APPROVAL_VALID_FOR, manage_token, token_hash, token_new

Status = OrganisationRegistration.Status
Event = RegistrationEvent.Kind

DEADLINE_PASSED: Final = _(
    "Sista anmälningsdag var %(date)s och anmälan är nu stängd. Kontakta kansliet om ni vill "
    "efteranmäla er."
)
ALREADY_REGISTERED: Final = _(
    "%(organisation)s är redan anmäld till lärprojektet. Kontaktpersonen ändrar anmälan via "
    "sin personliga länk i mejlet; kontakta kansliet om ni inte hittar den."
)
RESENT_FOR_OTHER_PROJECT: Final = _(
    "Formuläret har redan skickats. Ladda om sidan och fyll i det igen."
)
NOT_AWAITING_APPROVAL: Final = _("Anmälan väntar inte längre på godkännande: den %(status)s.")
NOT_ACTIVE: Final = _("Anmälan %(status)s och kan inte längre ändras.")
APPLICATION_DECIDED: Final = _("Ansökan är redan prövad.")
NO_ORGANISATION: Final = _(
    "Välj organisationen i listan, eller skriv dess namn under ”Finns organisationen inte i "
    "listan?”."
)
BOTH_ORGANISATIONS: Final = _(
    "Du har också valt en organisation i listan. Töm det här fältet, eller välj ”Välj "
    "organisation” i listan."
)
NEW_ORGANISATION_KIND: Final = _("Välj vilken typ av organisation det är.")
NEW_ORGANISATION_EXISTS: Final = _("Organisationen finns redan i listan ovan – välj den där.")
MANAGER_IS_CONTACT: Final = _(
    "Chefen som godkänner ska vara en annan person än kontaktpersonen. Skriv chefens egen "
    "e-postadress."
)
DUPLICATE_PARTICIPANT: Final = _(
    "Samma e-postadress finns redan på en annan deltagare. Varje deltagare behöver en egen "
    "e-postadress."
)
TOO_FEW_PARTICIPANTS: Final = ngettext_lazy(
    "Anmäl minst %(minimum)d deltagare.", "Anmäl minst %(minimum)d deltagare.", "minimum"
)
TOO_MANY_PARTICIPANTS: Final = ngettext_lazy(
    "Anmäl högst %(maximum)d deltagare.", "Anmäl högst %(maximum)d deltagare.", "maximum"
)

# Where a business rule's error belongs, so a form can show it beside the right field: the
# keys of a ValidationError's dict are RegistrationData's field names, PARTICIPANTS for the
# group as a whole, or participant_field() for one participant's field.
PARTICIPANTS: Final = "participants"


def participant_field(index: int, field: str) -> str:
    """The error key for `field` ("name", "email", "role") of the index-th participant."""
    return f"{PARTICIPANTS}.{index}.{field}"


def participant_field_parse(key: str) -> tuple[int, str] | None:
    """The participant's index and field an error key names, or None for any other key."""
    prefix, _dot, rest = key.partition(".")
    index, _dot, field = rest.partition(".")
    if prefix != PARTICIPANTS or not index.isdigit() or not field:
        return None
    return int(index), field


WITHDRAWAL_NOT_WAITING: Final = _("Det finns inget återtagande som väntar på kansliet.")


@dataclass(frozen=True)
class ParticipantData:
    name: str
    email: str
    role: str


@dataclass(frozen=True)
class InvoiceData:
    organisation_number: str
    invoice_address: str
    invoice_reference: str
    einvoice_id: str


@dataclass(frozen=True)
class RegistrationData:
    organisation: Organisation | None
    new_organisation_name: str
    new_organisation_kind: str
    contact_name: str
    contact_email: str
    contact_phone: str
    contact_role: str
    manager_name: str
    manager_email: str
    invoice: InvoiceData
    participants: tuple[ParticipantData, ...]


class ApprovalLinkProblem(StrEnum):
    INVALID = "invalid"
    EXPIRED = "expired"
    USED = "used"
    HANDLED = "handled"


class ApprovalLinkError(Exception):
    """The manager's link does not work (any more); the page says why."""

    def __init__(self, problem: ApprovalLinkProblem, approval: ApprovalRequest | None = None):
        super().__init__(problem.value)
        self.problem = problem
        self.approval = approval


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def manage_url(registration: OrganisationRegistration) -> str:
    return _absolute(
        reverse("registration:manage", kwargs={"token": manage_token(registration.pk)})
    )


def _event(
    registration: OrganisationRegistration,
    kind: RegistrationEvent.Kind,
    *,
    by_user: User | None = None,
    by_label: str = "",
    note: str = "",
) -> None:
    RegistrationEvent.objects.create(
        registration=registration,
        kind=kind,
        by_user=by_user,
        by_label=by_label[:300],
        note=note[:500],
    )


def _contact_label(registration: OrganisationRegistration) -> str:
    return f"{registration.contact_name} <{registration.contact_email}>"


def _manager_label(registration: OrganisationRegistration) -> str:
    return f"{registration.manager_name} <{registration.manager_email}>"


def _mail_contact(
    registration: OrganisationRegistration,
    template: str,
    *,
    attachments: Sequence[Attachment] = (),
    context: dict[str, object] | None = None,
) -> None:
    if registration.contact_erased_at is not None:
        # An anonymised contact's address is a placeholder, and they asked to hear no more.
        return
    registration_mail_send(
        registration=registration,
        to=registration.contact_email,
        template=template,
        context={
            "participants": list(registration.participants.filter(erased_at__isnull=True)),
            "manage_url": manage_url(registration),
            **(context or {}),
        },
        attachments=attachments,
    )


# --- The rules of a registration ----------------------------------------------------------------


type _Errors = dict[str, list[ValidationError]]


def _add(errors: _Errors, key: str, error: ValidationError) -> None:
    errors.setdefault(key, []).append(error)


def _name_check(errors: _Errors, key: str, name: str) -> None:
    try:
        name_validate(name)
    except ValidationError as error:
        _add(errors, key, error)


def _participants_check(
    errors: _Errors, *, project: LearningProject, participants: Sequence[ParticipantData]
) -> None:
    """1–4 people (the project's limits), each with a name and an address of their own."""
    seen: set[str] = set()
    for index, participant in enumerate(participants):
        _name_check(errors, participant_field(index, "name"), participant.name)
        email = participant.email.casefold()
        if email in seen:
            _add(
                errors,
                participant_field(index, "email"),
                ValidationError(DUPLICATE_PARTICIPANT, code="duplicate_participant"),
            )
        seen.add(email)
    minimum = project.min_participants_per_organisation
    maximum = project.max_participants_per_organisation
    if len(participants) < minimum:
        _add(
            errors,
            PARTICIPANTS,
            ValidationError(TOO_FEW_PARTICIPANTS, code="too_few", params={"minimum": minimum}),
        )
    elif len(participants) > maximum:
        _add(
            errors,
            PARTICIPANTS,
            ValidationError(TOO_MANY_PARTICIPANTS, code="too_many", params={"maximum": maximum}),
        )


def _organisation_check(
    errors: _Errors, *, project: LearningProject, data: RegistrationData
) -> None:
    """A listed organisation of the project's network, or a new one by name and kind."""
    chosen, new_name = data.organisation, data.new_organisation_name
    if chosen is not None and chosen.network_id != project.network_id:
        _add(errors, "organisation", ValidationError(NO_ORGANISATION, code="other_network"))
    elif chosen is not None and new_name:
        _add(
            errors,
            "new_organisation_name",
            ValidationError(BOTH_ORGANISATIONS, code="both_organisations"),
        )
    elif chosen is None and not new_name:
        _add(errors, "organisation", ValidationError(NO_ORGANISATION, code="no_organisation"))
    elif chosen is None:
        _name_check(errors, "new_organisation_name", new_name)
        if data.new_organisation_kind not in Organisation.Kind.values:
            _add(
                errors,
                "new_organisation_kind",
                ValidationError(NEW_ORGANISATION_KIND, code="new_organisation_kind"),
            )
        if organisation_named(network_id=project.network_id, name=new_name) is not None:
            _add(
                errors,
                "new_organisation_name",
                ValidationError(NEW_ORGANISATION_EXISTS, code="new_organisation_exists"),
            )


def registration_participants_check(
    *, project: LearningProject, participants: Sequence[ParticipantData]
) -> None:
    """The group's rules alone, so a form with other errors can show these at the same time."""
    errors: _Errors = {}
    _participants_check(errors, project=project, participants=participants)
    if errors:
        raise ValidationError(errors)


def registration_check(*, project: LearningProject, data: RegistrationData) -> None:
    """Raise a ValidationError keyed by field (see PARTICIPANTS) for every broken rule."""
    errors: _Errors = {}
    _organisation_check(errors, project=project, data=data)
    _name_check(errors, "contact_name", data.contact_name)
    _name_check(errors, "manager_name", data.manager_name)
    if data.contact_email.casefold() == data.manager_email.casefold():
        _add(
            errors,
            "manager_email",
            ValidationError(MANAGER_IS_CONTACT, code="manager_is_contact"),
        )
    _participants_check(errors, project=project, participants=data.participants)
    if errors:
        raise ValidationError(errors)


# --- Submitting ----------------------------------------------------------------------------


def registration_submit(
    *,
    project: LearningProject,
    data: RegistrationData,
    submission_key: str,
    language: str,
    by_staff: User | None = None,
    now: datetime | None = None,
) -> OrganisationRegistration:
    """Store a registration that awaits approval; a resent form returns the first one.

    Staff (`by_staff`) may add a registration also after the deadline: a late registration.
    """
    now = now or timezone.now()
    earlier = OrganisationRegistration.objects.filter(submission_key=submission_key).first()
    if earlier is not None:
        if earlier.project_id != project.pk:
            raise ValidationError(RESENT_FOR_OTHER_PROJECT, code="resent")
        return earlier
    is_open = registration_open_at(project=project, now=now)
    if by_staff is None and not is_open:
        raise ValidationError(
            DEADLINE_PASSED,
            code="deadline",
            params={"date": date_format(project.registration_deadline, "j F Y")},
        )
    registration_check(project=project, data=data)
    if data.organisation is not None:
        _check_not_registered(project=project, organisation=data.organisation)
    try:
        with transaction.atomic():
            return _registration_create(
                project=project,
                data=data,
                submission_key=submission_key,
                language=language,
                by_staff=by_staff,
                is_late=not is_open,
            )
    except IntegrityError:
        # A double click or a parallel submission got there first; the database said no.
        earlier = OrganisationRegistration.objects.filter(submission_key=submission_key).first()
        if earlier is not None:
            return earlier
        if data.organisation is not None:
            _check_not_registered(project=project, organisation=data.organisation)
        raise


def _check_not_registered(*, project: LearningProject, organisation: Organisation) -> None:
    if OrganisationRegistration.objects.filter(project=project, organisation=organisation).exists():
        raise ValidationError(
            {
                "organisation": ValidationError(
                    ALREADY_REGISTERED,
                    code="already_registered",
                    params={"organisation": organisation.name},
                )
            }
        )


def _registration_create(
    *,
    project: LearningProject,
    data: RegistrationData,
    submission_key: str,
    language: str,
    by_staff: User | None,
    is_late: bool,
) -> OrganisationRegistration:
    registration = OrganisationRegistration.objects.create(
        project=project,
        organisation=data.organisation,
        status=Status.AWAITING_APPROVAL if data.organisation else Status.AWAITING_ORGANISATION,
        contact_name=data.contact_name,
        contact_email=data.contact_email,
        contact_phone=data.contact_phone,
        contact_role=data.contact_role,
        manager_name=data.manager_name,
        manager_email=data.manager_email,
        organisation_number=data.invoice.organisation_number,
        invoice_address=data.invoice.invoice_address,
        invoice_reference=data.invoice.invoice_reference,
        einvoice_id=data.invoice.einvoice_id,
        fee_sek=project.fee_sek,
        language=language,
        is_late=is_late,
        submission_key=submission_key,
    )
    Participant.objects.bulk_create(
        Participant(
            registration=registration,
            name=participant.name,
            email=participant.email,
            role=participant.role,
            position=position,
        )
        for position, participant in enumerate(data.participants)
    )
    if data.organisation is None:
        OrganisationApplication.objects.create(
            registration=registration,
            name=data.new_organisation_name,
            kind=data.new_organisation_kind,
        )
    if by_staff is not None:
        _event(registration, Event.LATE_ADDED if is_late else Event.SUBMITTED, by_user=by_staff)
    else:
        _event(registration, Event.SUBMITTED, by_label=_contact_label(registration))
    _mail_contact(registration, "received")
    if registration.status == Status.AWAITING_APPROVAL:
        _approval_request_send(registration)
    else:
        office_mail_send(registration=registration, template="office_application")
    return registration


def approval_request_new(
    registration: OrganisationRegistration, *, by_user: User | None = None
) -> tuple[ApprovalRequest, str | None]:
    """A new approval link for the manager (the database keeps only its hash) and its URL;
    no URL for an anonymised manager, whose link is never sent.

    Earlier links keep working until they expire: the manager may answer from any of them,
    and the first answer closes them all.
    """
    token = token_new()
    approval = ApprovalRequest.objects.create(
        registration=registration,
        token_hash=token_hash(token),
        expires_at=timezone.now() + APPROVAL_VALID_FOR,
    )
    if registration.manager_erased_at is not None:
        # The link is never sent: staff approve on an anonymised manager's behalf.
        return approval, None
    url = _absolute(
        reverse("registration:approval", kwargs={"approval_id": approval.pk, "token": token})
    )
    _event(registration, Event.APPROVAL_REQUESTED, by_user=by_user, note=registration.manager_email)
    return approval, url


def _approval_request_send(
    registration: OrganisationRegistration, *, by_user: User | None = None
) -> ApprovalRequest:
    approval, url = approval_request_new(registration, by_user=by_user)
    if url is None:
        return approval
    registration_mail_send(
        registration=registration,
        to=registration.manager_email,
        template="approval_request",
        context={
            "participants": list(registration.participants.filter(erased_at__isnull=True)),
            "approval_url": url,
            "expires_at": approval.expires_at,
        },
    )
    return approval


def approval_link_resend(
    *, registration: OrganisationRegistration, by_user: User
) -> ApprovalRequest:
    """Staff send the manager a new approval link while the registration waits for one."""
    if registration.status != Status.AWAITING_APPROVAL:
        raise ValidationError(
            NOT_AWAITING_APPROVAL,
            code="not_awaiting_approval",
            params={"status": registration.get_status_display().lower()},
        )
    return _approval_request_send(registration, by_user=by_user)


# --- The manager's decision ---------------------------------------------------------------------


def approval_check(
    *, approval: ApprovalRequest | None, now: datetime | None = None
) -> ApprovalRequest:
    """Raise ApprovalLinkError unless the link may still approve or decline."""
    now = now or timezone.now()
    if approval is None:
        raise ApprovalLinkError(ApprovalLinkProblem.INVALID)
    if approval.used_at is not None:
        raise ApprovalLinkError(ApprovalLinkProblem.USED, approval)
    if approval.registration.status != Status.AWAITING_APPROVAL:
        raise ApprovalLinkError(ApprovalLinkProblem.HANDLED, approval)
    if approval.expires_at <= now:
        raise ApprovalLinkError(ApprovalLinkProblem.EXPIRED, approval)
    return approval


@transaction.atomic
def approval_decide(
    *, approval: ApprovalRequest, approve: bool, now: datetime | None = None
) -> OrganisationRegistration:
    """The manager approves or declines through the link, which then stops working."""
    now = now or timezone.now()
    approval_check(approval=approval, now=now)
    # Single use is decided by the database: of two clicks, only one finds the link unused.
    used = ApprovalRequest.objects.filter(
        pk=approval.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if used != 1:
        raise ApprovalLinkError(ApprovalLinkProblem.USED, approval)
    registration = approval.registration
    if approve:
        registration_confirm(registration=registration, now=now)
    else:
        registration_decline(registration=registration, now=now)
    office_mail_send(registration=registration, template="office_manager_decided")
    return registration


def _participants_with_project(registration: OrganisationRegistration) -> list[Participant]:
    return list(
        registration.participants.select_related("registration__project__network").order_by(
            "position"
        )
    )


def _approval_requests_close(registration: OrganisationRegistration, now: datetime) -> None:
    registration.approval_requests.filter(used_at__isnull=True).update(used_at=now)


@transaction.atomic
def registration_confirm(
    *,
    registration: OrganisationRegistration,
    approved_by_staff: User | None = None,
    now: datetime | None = None,
) -> OrganisationRegistration:
    """Confirm a registration, by its manager or by staff on the manager's behalf."""
    now = now or timezone.now()
    changed = OrganisationRegistration.objects.filter(
        pk=registration.pk, status=Status.AWAITING_APPROVAL
    ).update(
        status=Status.CONFIRMED,
        confirmed_at=now,
        approved_by_staff=approved_by_staff,
        updated_at=now,
    )
    if changed != 1:
        registration.refresh_from_db(fields=["status"])
        raise ValidationError(
            NOT_AWAITING_APPROVAL,
            code="not_awaiting_approval",
            params={"status": registration_status_phrase(registration)},
        )
    registration.refresh_from_db()
    _approval_requests_close(registration, now)
    if approved_by_staff is not None:
        _event(registration, Event.APPROVED_BY_STAFF, by_user=approved_by_staff)
    else:
        _event(registration, Event.APPROVED_BY_MANAGER, by_label=_manager_label(registration))
    project = project_with_programme(project_id=registration.project_id)
    calendar = Attachment(
        filename=f"{project.slug}.ics",
        content=project_calendar_bytes(project),
        mimetype="text/calendar",
    )
    _mail_contact(registration, "confirmed", attachments=[calendar])
    participants_invite(participants=_participants_with_project(registration))
    return registration


@transaction.atomic
def registration_decline(
    *, registration: OrganisationRegistration, now: datetime | None = None
) -> OrganisationRegistration:
    now = now or timezone.now()
    changed = OrganisationRegistration.objects.filter(
        pk=registration.pk, status=Status.AWAITING_APPROVAL
    ).update(status=Status.DECLINED, closed_at=now, updated_at=now)
    if changed != 1:
        registration.refresh_from_db(fields=["status"])
        raise ValidationError(
            NOT_AWAITING_APPROVAL,
            code="not_awaiting_approval",
            params={"status": registration_status_phrase(registration)},
        )
    registration.refresh_from_db()
    _approval_requests_close(registration, now)
    _event(registration, Event.DECLINED, by_label=_manager_label(registration))
    _mail_contact(registration, "declined")
    return registration


# --- The contact manages the group -----------------------------------------------------------


def _check_active(registration: OrganisationRegistration) -> None:
    if not registration.is_active:
        raise ValidationError(
            NOT_ACTIVE,
            code="not_active",
            params={"status": registration_status_phrase(registration)},
        )


def _participant_removed(participant: Participant) -> None:
    """Keep who was removed for staff's GDPR tools, and tell the person."""
    if participant.erased_at is not None:
        # Already anonymised: nobody is left to find or to tell.
        return
    registration = participant.registration
    RemovedParticipant.objects.create(
        registration=registration,
        participant_id=participant.pk,
        name=participant.name,
        email=participant.email,
        role=participant.role,
    )
    registration_mail_send(
        registration=registration,
        to=participant.email,
        template="participant_removed",
        context={"participant": participant},
    )


@transaction.atomic
def registration_participants_update(
    *, registration: OrganisationRegistration, participants: Sequence[ParticipantData]
) -> OrganisationRegistration:
    """Replace the group: same e-mail keeps the person, a new one is added, a missing one goes."""
    _check_active(registration)
    registration_participants_check(project=registration.project, participants=participants)
    # An erased participant is no longer anyone the contact can see, keep or remove.
    named = registration.participants.filter(erased_at__isnull=True)
    existing = {p.email.casefold(): p for p in named}
    wanted = {p.email.casefold() for p in participants}
    removed = [p for key, p in existing.items() if key not in wanted]
    signups_release(participants=removed)
    for participant in removed:
        _participant_removed(participant)
    Participant.objects.filter(pk__in=[p.pk for p in removed]).delete()
    for participant in removed:
        participant_left.send(
            sender=Participant,
            participant_id=participant.pk,
            registration_id=registration.pk,
            project_id=registration.project_id,
        )
    added: list[Participant] = []
    for position, data in enumerate(participants):
        current = existing.get(data.email.casefold())
        if current is None:
            added.append(
                Participant.objects.create(
                    registration=registration,
                    name=data.name,
                    email=data.email,
                    role=data.role,
                    position=position,
                )
            )
        elif (current.name, current.role, current.position) != (data.name, data.role, position):
            current.name, current.role, current.position = data.name, data.role, position
            current.save(update_fields=["name", "role", "position"])
    notes = [f"+ {p.name}" for p in added] + [f"− {p.name}" for p in removed]
    _event(
        registration,
        Event.PARTICIPANTS_CHANGED,
        by_label=_contact_label(registration),
        note="; ".join(notes),
    )
    if registration.status == Status.CONFIRMED:
        participants_invite(participants=added)
    return registration


@transaction.atomic
def registration_invoice_update(
    *, registration: OrganisationRegistration, invoice: InvoiceData
) -> OrganisationRegistration:
    _check_active(registration)
    registration.organisation_number = invoice.organisation_number
    registration.invoice_address = invoice.invoice_address
    registration.invoice_reference = invoice.invoice_reference
    registration.einvoice_id = invoice.einvoice_id
    registration.save(
        update_fields=[
            "organisation_number",
            "invoice_address",
            "invoice_reference",
            "einvoice_id",
            "updated_at",
        ]
    )
    _event(registration, Event.INVOICE_CHANGED, by_label=_contact_label(registration))
    return registration


@transaction.atomic
def registration_withdraw(
    *, registration: OrganisationRegistration, now: datetime | None = None
) -> OrganisationRegistration:
    """The contact withdraws. The contact, the office and (once they had approved) the manager
    are told what it means for the fee; the registration stays in the invoicing export."""
    now = now or timezone.now()
    _check_active(registration)
    # Of two clicks, only one finds the registration active: the office is told once.
    changed = OrganisationRegistration.objects.filter(
        pk=registration.pk,
        status__in=[Status.AWAITING_ORGANISATION, Status.AWAITING_APPROVAL, Status.CONFIRMED],
    ).update(status=Status.WITHDRAWN, closed_at=now, updated_at=now)
    registration.refresh_from_db()
    if changed != 1:
        _check_active(registration)
    _approval_requests_close(registration, now)
    signups_release(participants=registration.participants.all())
    for participant_id in registration.participants.values_list("pk", flat=True):
        participant_left.send(
            sender=Participant,
            participant_id=participant_id,
            registration_id=registration.pk,
            project_id=registration.project_id,
        )
    _event(registration, Event.WITHDRAWN, by_label=_contact_label(registration))
    terms = withdrawal_terms(registration=registration, at=now)
    _mail_contact(registration, "withdrawn", context={"terms": terms})
    if terms.was_confirmed and registration.manager_erased_at is None:
        registration_mail_send(
            registration=registration,
            to=registration.manager_email,
            template="withdrawn_manager",
            context={"terms": terms},
        )
    office_mail_send(
        registration=registration, template="office_withdrawn", context={"terms": terms}
    )
    return registration


@transaction.atomic
def registration_withdrawal_handle(
    *, registration: OrganisationRegistration, by_user: User, now: datetime | None = None
) -> OrganisationRegistration:
    """Staff have dealt with a withdrawal; it leaves their to-do list."""
    now = now or timezone.now()
    changed = OrganisationRegistration.objects.filter(
        pk=registration.pk, status=Status.WITHDRAWN, withdrawal_handled_at__isnull=True
    ).update(withdrawal_handled_at=now)
    if changed != 1:
        raise ValidationError(WITHDRAWAL_NOT_WAITING, code="withdrawal_not_waiting")
    registration.refresh_from_db()
    _event(registration, Event.WITHDRAWAL_HANDLED, by_user=by_user)
    return registration


# --- Staff decide on organisations outside the list ---------------------------------------------


def _check_pending(application: OrganisationApplication) -> None:
    if application.status != OrganisationApplication.Status.PENDING:
        raise ValidationError(APPLICATION_DECIDED, code="decided")


@transaction.atomic
def organisation_application_accept(
    *, application: OrganisationApplication, by_user: User, relationship: str
) -> OrganisationRegistration:
    """Add the organisation to the network and send the registration to the manager."""
    _check_pending(application)
    registration = application.registration
    project = registration.project
    organisation = organisation_named(network_id=project.network_id, name=application.name)
    if organisation is None:
        organisation = Organisation.objects.create(
            network_id=project.network_id,
            name=application.name,
            kind=application.kind,
            relationship=relationship,
        )
    _check_not_registered(project=project, organisation=organisation)
    application.status = OrganisationApplication.Status.ACCEPTED
    application.decided_at = timezone.now()
    application.decided_by = by_user
    application.save(update_fields=["status", "decided_at", "decided_by"])
    registration.organisation = organisation
    registration.status = Status.AWAITING_APPROVAL
    registration.save(update_fields=["organisation", "status", "updated_at"])
    _event(registration, Event.ORGANISATION_ACCEPTED, by_user=by_user)
    _approval_request_send(registration)
    return registration


@transaction.atomic
def organisation_application_refuse(
    *, application: OrganisationApplication, by_user: User
) -> OrganisationRegistration:
    _check_pending(application)
    now = timezone.now()
    application.status = OrganisationApplication.Status.REFUSED
    application.decided_at = now
    application.decided_by = by_user
    application.save(update_fields=["status", "decided_at", "decided_by"])
    registration = application.registration
    registration.status = Status.ORGANISATION_REFUSED
    registration.closed_at = now
    registration.save(update_fields=["status", "closed_at", "updated_at"])
    _event(registration, Event.ORGANISATION_REFUSED, by_user=by_user)
    _mail_contact(registration, "organisation_refused")
    return registration
