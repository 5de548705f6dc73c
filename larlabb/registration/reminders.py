"""Reminders that the task worker sends: each at most once per person, kind and workshop."""

from datetime import datetime, timedelta
from typing import Final

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.tasks import task
from django.utils import timezone

from larlabb.core.mail import mail_send
from larlabb.programme.models import Workshop
from larlabb.registration.models import (
    OrganisationRegistration,
    Participant,
    ReminderSent,
    WorkshopSignup,
)
from larlabb.registration.selectors import STOCKHOLM, signup_closes_on, workshop_rules
from larlabb.registration.services import manage_url
from larlabb.registration.signups import participant_url

# How many days before a sign-up deadline, and before a workshop, the reminders go out.
DAYS_BEFORE_DEADLINE: Final = 3
DAYS_BEFORE_WORKSHOP: Final = 3

Kind = ReminderSent.Kind


def _claim(
    *,
    kind: str,
    registration: OrganisationRegistration,
    participant: Participant | None = None,
    workshop: Workshop | None = None,
) -> bool:
    """Record the reminder first; a second run (or a parallel worker) finds it taken."""
    key = f"{kind}:{registration.pk}:{participant.pk if participant else ''}:"
    key += str(workshop.pk) if workshop else ""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                key=key,
                kind=kind,
                registration=registration,
                participant=participant,
                workshop=workshop,
            )
    except IntegrityError:
        return False
    return True


def _confirmed_participants(workshop: Workshop) -> list[Participant]:
    return list(
        Participant.objects.filter(
            registration__project_id=workshop.project_id,
            registration__status=OrganisationRegistration.Status.CONFIRMED,
            erased_at__isnull=True,
        ).select_related("registration__project__network")
    )


def _remind_contacts(now: datetime) -> int:
    sent = 0
    registrations = (
        OrganisationRegistration.objects.filter(
            status=OrganisationRegistration.Status.CONFIRMED,
            contact_erased_at__isnull=True,
        )
        .annotate(named=Count("participants"))
        .filter(named=0)
        .select_related("project__network", "organisation", "application")
    )
    for registration in registrations:
        if registration.project.workshops.filter(starts_at__lt=now).exists():
            continue
        with transaction.atomic():
            if not _claim(kind=Kind.NAME_PARTICIPANTS, registration=registration):
                continue
            mail_send(
                to=registration.contact_email,
                template="registration/mail/reminder_name_participants",
                context={
                    "registration": registration,
                    "project": registration.project,
                    "network": registration.project.network,
                    "manage_url": manage_url(registration),
                },
                language=registration.language,
                organisation_id=registration.organisation_id,
                registration_id=registration.pk,
            )
        sent += 1
    return sent


def _participant_mail(
    participant: Participant, *, kind: str, workshop: Workshop, context: dict[str, object]
) -> bool:
    registration = participant.registration
    with transaction.atomic():
        if not _claim(
            kind=kind, registration=registration, participant=participant, workshop=workshop
        ):
            return False
        mail_send(
            to=participant.email,
            template=f"registration/mail/reminder_{kind}",
            context={
                "participant": participant,
                "workshop": workshop,
                "project": registration.project,
                "network": registration.project.network,
                "participant_url": participant_url(participant),
                **context,
            },
            language=registration.language,
            organisation_id=registration.organisation_id,
            registration_id=registration.pk,
        )
    return True


def _remind_participants(now: datetime) -> int:
    sent = 0
    today = now.astimezone(STOCKHOLM).date()
    workshops = Workshop.objects.filter(starts_at__gt=now).select_related(
        "project", "block", "signup_rules"
    )
    for workshop in workshops:
        closes_on = signup_closes_on(workshop=workshop, rules=workshop_rules(workshop))
        if today <= closes_on <= today + timedelta(days=DAYS_BEFORE_DEADLINE):
            answered = set(
                WorkshopSignup.objects.filter(workshop=workshop).values_list(
                    "participant_id", flat=True
                )
            )
            for participant in _confirmed_participants(workshop):
                if participant.pk not in answered and _participant_mail(
                    participant,
                    kind=Kind.ANSWER_WORKSHOP,
                    workshop=workshop,
                    context={"closes_on": closes_on},
                ):
                    sent += 1
        if workshop.starts_at <= now + timedelta(days=DAYS_BEFORE_WORKSHOP):
            signups = WorkshopSignup.objects.filter(
                workshop=workshop,
                status=WorkshopSignup.Status.ATTENDING,
                participant__erased_at__isnull=True,
                participant__registration__status=OrganisationRegistration.Status.CONFIRMED,
            ).select_related("participant__registration__project__network")
            for signup in signups:
                if _participant_mail(
                    signup.participant,
                    kind=Kind.WORKSHOP_SOON,
                    workshop=workshop,
                    context={"signup": signup},
                ):
                    sent += 1
    return sent


def reminders_send(*, now: datetime | None = None) -> int:
    """Send every reminder that is due and not yet sent; returns how many went out."""
    now = now or timezone.now()
    return _remind_contacts(now) + _remind_participants(now)


@task
def send_reminders_task() -> int:
    return reminders_send()
