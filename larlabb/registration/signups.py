"""Writes for step 2 of registration: each participant answers for each workshop.

A participant of a confirmed organisation comes on site, takes part online (hybrid and
digital workshops) or does not come. When a workshop has a cap on seats on site, the rest
wait in the order they answered; a freed seat goes to the first in line at once, and they are
told. Seat decisions lock the workshop's rules row, so two answers cannot take the last seat.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from larlabb.core.mail import Attachment
from larlabb.programme.calendar import calendar_bytes
from larlabb.programme.models import Workshop
from larlabb.registration.mail import registration_mail_send
from larlabb.registration.models import (
    OrganisationRegistration,
    Participant,
    WorkshopRules,
    WorkshopSignup,
)
from larlabb.registration.selectors import (
    answers_offered,
    seats_taken,
    signup_closes_on,
    signup_open_at,
    waiting_list,
    waiting_position,
    workshop_rules,
)
from larlabb.registration.tokens import participant_token

Answer = WorkshopSignup.Answer
Status = WorkshopSignup.Status

NOT_CONFIRMED: Final = _(
    "Organisationens anmälan är inte bekräftad, så du kan inte anmäla dig till workshoparna."
)
SIGNUP_CLOSED: Final = _(
    "Anmälan till workshop %(number)d stängde %(date)s. Kontakta kansliet om du behöver "
    "ändra något."
)
ANSWER_NOT_OFFERED: Final = _("Det svaret går inte att välja för den här workshopen.")


@dataclass(frozen=True)
class SignupAnswer:
    answer: str
    dietary_needs: str = ""
    accessibility_needs: str = ""


def participant_url(participant: Participant) -> str:
    path = reverse("registration:participant", kwargs={"token": participant_token(participant.pk)})
    return f"{settings.SITE_URL}{path}"


def _workshop_calendar(signup: WorkshopSignup) -> Attachment:
    workshop = signup.workshop
    content = calendar_bytes(
        name=f"{workshop.project.full_title}: Workshop {workshop.number}",
        workshops=[workshop],
        # The meeting link goes only to the person taking part online, never to a public page.
        include_online_url=signup.answer == Answer.ONLINE,
    )
    return Attachment(f"workshop-{workshop.number}.ics", content, "text/calendar")


def _mail_participant(
    participant: Participant,
    template: str,
    *,
    context: dict[str, object] | None = None,
    attachments: Iterable[Attachment] = (),
) -> None:
    if participant.erased_at is not None:
        # An anonymised person's address is a placeholder, and they asked to hear no more.
        return
    registration = participant.registration
    registration_mail_send(
        registration=registration,
        to=participant.email,
        template=template,
        context={
            "participant": participant,
            "participant_url": participant_url(participant),
            **(context or {}),
        },
        attachments=list(attachments),
    )


def _mail_signup(signup: WorkshopSignup, template: str) -> None:
    attachments = [_workshop_calendar(signup)] if signup.status == Status.ATTENDING else []
    position = waiting_position(signup=signup) if signup.status == Status.WAITING else None
    _mail_participant(
        signup.participant,
        template,
        context={"signup": signup, "workshop": signup.workshop, "waiting_position": position},
        attachments=attachments,
    )


def participants_invite(*, participants: Iterable[Participant]) -> None:
    """Send each participant of a confirmed organisation their own link to the workshops."""
    for participant in participants:
        registration = participant.registration
        workshops = [
            (workshop, signup_closes_on(workshop=workshop, rules=workshop_rules(workshop)))
            for workshop in Workshop.objects.filter(project_id=registration.project_id)
            .select_related("signup_rules", "block")
            .order_by("number")
        ]
        _mail_participant(participant, "participant_invitation", context={"workshops": workshops})


# --- A participant answers -------------------------------------------------------------------


def signup_check(
    *, participant: Participant, workshop: Workshop, answer: SignupAnswer, now: datetime
) -> None:
    if participant.registration.status != OrganisationRegistration.Status.CONFIRMED:
        raise ValidationError(NOT_CONFIRMED, code="not_confirmed")
    rules = workshop_rules(workshop)
    if not signup_open_at(workshop=workshop, rules=rules, now=now):
        closes_on = signup_closes_on(workshop=workshop, rules=rules)
        raise ValidationError(
            SIGNUP_CLOSED,
            code="closed",
            params={"number": workshop.number, "date": date_format(closes_on, "j F Y")},
        )
    if answer.answer not in answers_offered(workshop):
        raise ValidationError(ANSWER_NOT_OFFERED, code="answer")


def _rules_locked(workshop: Workshop) -> WorkshopRules:
    WorkshopRules.objects.get_or_create(workshop=workshop)
    return WorkshopRules.objects.select_for_update().get(workshop=workshop)


def _has_free_seat(rules: WorkshopRules, workshop: Workshop) -> bool:
    return rules.capacity is None or seats_taken(workshop=workshop) < rules.capacity


def workshop_signup_answer(
    *,
    participant: Participant,
    workshop: Workshop,
    answer: SignupAnswer,
    now: datetime | None = None,
) -> WorkshopSignup:
    """Record the answer; give or queue a seat on site; free a seat given up."""
    now = now or timezone.now()
    signup_check(participant=participant, workshop=workshop, answer=answer, now=now)
    with transaction.atomic():
        rules = _rules_locked(workshop)
        signup = WorkshopSignup.objects.filter(participant=participant, workshop=workshop).first()
        before = (signup.answer, signup.status) if signup else None
        had_seat = signup is not None and signup.holds_seat
        if signup is None:
            signup = WorkshopSignup(participant=participant, workshop=workshop)
        on_site = answer.answer == Answer.ON_SITE
        signup.answer = answer.answer
        signup.dietary_needs = answer.dietary_needs if on_site else ""
        signup.accessibility_needs = answer.accessibility_needs if on_site else ""
        if not on_site:
            signup.status = Status.NOT_ATTENDING if answer.answer == Answer.NO else Status.ATTENDING
            signup.waiting_since = None
        elif not had_seat and signup.status != Status.WAITING:
            if _has_free_seat(rules, workshop):
                signup.status = Status.ATTENDING
            else:
                signup.status = Status.WAITING
                signup.waiting_since = now
        signup.save()
        if had_seat and not signup.holds_seat:
            _waiting_list_move_up(workshop=workshop, rules=rules)
        if (signup.answer, signup.status) != before:
            template = {
                Status.ATTENDING: "signup_confirmed",
                Status.WAITING: "signup_waiting",
                Status.NOT_ATTENDING: "signup_cancelled",
            }[Status(signup.status)]
            if before is not None or signup.status != Status.NOT_ATTENDING:
                _mail_signup(signup, template)
    return signup


def _waiting_list_move_up(*, workshop: Workshop, rules: WorkshopRules) -> None:
    """Give free seats to those first in line, and tell them."""
    while _has_free_seat(rules, workshop):
        signup = waiting_list(workshop=workshop).select_related("participant__registration").first()
        if signup is None:
            return
        signup.status = Status.ATTENDING
        signup.waiting_since = None
        signup.save(update_fields=["status", "waiting_since", "updated_at"])
        _mail_signup(signup, "signup_promoted")


def signups_release(
    *, participants: Iterable[Participant], ending_after: datetime | None = None
) -> None:
    """The participants no longer come (removed, withdrawn or erased): free their seats on
    site, of every workshop or only of those ending after `ending_after`."""
    signups = WorkshopSignup.objects.filter(participant__in=list(participants)).exclude(
        status=Status.NOT_ATTENDING
    )
    if ending_after is not None:
        signups = signups.filter(workshop__ends_at__gt=ending_after)
    freed = {signup.workshop_id for signup in signups if signup.holds_seat}
    signups.update(
        answer=Answer.NO,
        status=Status.NOT_ATTENDING,
        waiting_since=None,
        dietary_needs="",
        accessibility_needs="",
        updated_at=timezone.now(),
    )
    for workshop in Workshop.objects.filter(pk__in=freed):
        _waiting_list_move_up(workshop=workshop, rules=_rules_locked(workshop))


# --- Staff set the rules ---------------------------------------------------------------------


@transaction.atomic
def workshop_rules_update(
    *, workshop: Workshop, closes_days_before: int, capacity: int | None
) -> WorkshopRules:
    """Change the deadline or the seats; more seats go to the waiting list at once."""
    rules = _rules_locked(workshop)
    rules.closes_days_before = closes_days_before
    rules.capacity = capacity
    rules.save()
    _waiting_list_move_up(workshop=workshop, rules=rules)
    return rules
