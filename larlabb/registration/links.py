"""Personal links sent again: to a person who lost the mail, or by staff.

A person types their e-mail address and gets one mail with every link that address still
has: the contact's page of each active registration, the participant's page in each confirmed
one, and a new approval link for a manager whose registration waits for an answer. The
public page answers the same whichever the address, and the lookup and the mail happen in a
background task, so neither the answer nor its timing tells whether an address is known.
Anonymised people, removed participants and closed registrations get nothing.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from larlabb.core.mail import mail_send
from larlabb.core.tasks import background_task
from larlabb.programme.models import LearningProject
from larlabb.registration.models import OrganisationRegistration, Participant, RegistrationEvent
from larlabb.registration.services import approval_request_new, manage_url
from larlabb.registration.signups import participant_url

Status = OrganisationRegistration.Status
ACTIVE: Final = (Status.AWAITING_ORGANISATION, Status.AWAITING_APPROVAL, Status.CONFIRMED)

CONTACT_LINK_CLOSED: Final = _(
    "Kontaktpersonens länk går inte att skicka: anmälan är avslutad eller personen anonymiserad."
)
PARTICIPANT_LINK_CLOSED: Final = _(
    "Deltagarens länk går inte att skicka: anmälan är inte bekräftad eller personen är "
    "anonymiserad."
)
TOO_MANY_RESENDS: Final = _(
    "Länkarna har begärts många gånger på kort tid. Vänta en timme och försök sedan igen – "
    "det du har skrivit finns kvar."
)

type Role = Literal["contact", "participant", "manager"]


@dataclass(frozen=True)
class PersonalLink:
    project: LearningProject
    organisation_name: str
    role: Role
    url: str
    expires_at: datetime | None = None


def _contacts(email: str) -> list[OrganisationRegistration]:
    return list(
        OrganisationRegistration.objects.filter(
            contact_email__ifold_exact=email, contact_erased_at__isnull=True, status__in=ACTIVE
        )
        .select_related("project__network", "organisation", "application")
        .order_by("created_at")
    )


def _participants(email: str) -> list[Participant]:
    return list(
        Participant.objects.filter(
            email__ifold_exact=email, erased_at__isnull=True, registration__status=Status.CONFIRMED
        )
        .select_related(
            "registration__project__network",
            "registration__organisation",
            "registration__application",
        )
        .order_by("registration__created_at", "position")
    )


def _managers(email: str) -> list[OrganisationRegistration]:
    return list(
        OrganisationRegistration.objects.filter(
            manager_email__ifold_exact=email, status=Status.AWAITING_APPROVAL
        )
        .select_related("project__network", "organisation", "application")
        .order_by("created_at")
    )


def _resent(registration: OrganisationRegistration, note: str, by_user: User | None) -> None:
    RegistrationEvent.objects.create(
        registration=registration,
        kind=RegistrationEvent.Kind.LINK_RESENT,
        by_user=by_user,
        note=note[:500],
    )


def _links_mail(
    *,
    to: str,
    links: list[PersonalLink],
    language: str,
    registration: OrganisationRegistration | None,
    by_staff: bool,
) -> None:
    mail_send(
        to=to,
        template="registration/mail/personal_links",
        context={
            "email": to,
            "links": links,
            "by_staff": by_staff,
            "network": links[0].project.network,
        },
        language=language,
        organisation_id=registration.organisation_id if registration else None,
        registration_id=registration.pk if registration else None,
    )


@transaction.atomic
def personal_links_send(*, email: str, language: str) -> int:
    """Mail `email` every personal link it still has; returns how many (0: no mail)."""
    email = email.strip()
    links: list[PersonalLink] = []
    registrations: list[OrganisationRegistration] = []
    for registration in _contacts(email):
        links.append(
            PersonalLink(
                registration.project,
                registration.organisation_name,
                "contact",
                manage_url(registration),
            )
        )
        registrations.append(registration)
    for participant in _participants(email):
        registration = participant.registration
        links.append(
            PersonalLink(
                registration.project,
                registration.organisation_name,
                "participant",
                participant_url(participant),
            )
        )
        registrations.append(registration)
    for registration in _managers(email):
        # The approval link is stored only as a hash, so the manager gets a new one.
        approval, url = approval_request_new(registration)
        if url is None:
            continue
        links.append(
            PersonalLink(
                registration.project,
                registration.organisation_name,
                "manager",
                url,
                approval.expires_at,
            )
        )
        registrations.append(registration)
    if not links:
        return 0
    for registration in {r.pk: r for r in registrations}.values():
        _resent(registration, email, None)
    # One mail, filed in the outbox under the first registration it concerns.
    _links_mail(
        to=email, links=links, language=language, registration=registrations[0], by_staff=False
    )
    return len(links)


@background_task()
def personal_links_send_task(*, email: str, language: str) -> int:
    return personal_links_send(email=email, language=language)


@transaction.atomic
def contact_link_resend(*, registration: OrganisationRegistration, by_user: User) -> None:
    """Staff send the contact their personal link again."""
    if registration.contact_erased_at is not None or not registration.is_active:
        raise ValidationError(CONTACT_LINK_CLOSED, code="contact_link_closed")
    link = PersonalLink(
        registration.project, registration.organisation_name, "contact", manage_url(registration)
    )
    _resent(registration, registration.contact_email, by_user)
    _links_mail(
        to=registration.contact_email,
        links=[link],
        language=registration.language,
        registration=registration,
        by_staff=True,
    )


@transaction.atomic
def participant_link_resend(*, participant: Participant, by_user: User) -> None:
    """Staff send one participant their personal link again."""
    registration = participant.registration
    if participant.erased_at is not None or registration.status != Status.CONFIRMED:
        raise ValidationError(PARTICIPANT_LINK_CLOSED, code="participant_link_closed")
    link = PersonalLink(
        registration.project,
        registration.organisation_name,
        "participant",
        participant_url(participant),
    )
    _resent(registration, participant.email, by_user)
    _links_mail(
        to=participant.email,
        links=[link],
        language=registration.language,
        registration=registration,
        by_staff=True,
    )
