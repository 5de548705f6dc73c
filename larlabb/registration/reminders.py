"""Reminders that the task worker sends: each at most once per person, kind and workshop.

The same functions choose who gets a reminder when the worker sends it and when staff look
at the project's reminder page, so what the page promises is what goes out.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from larlabb.core.mail import mail_send
from larlabb.core.tasks import background_task
from larlabb.programme.models import LearningProject, Workshop
from larlabb.registration.models import (
    OrganisationRegistration,
    Participant,
    ReminderKind,
    ReminderSent,
    WorkshopSignup,
)
from larlabb.registration.office import approvals_expired_report
from larlabb.registration.reminder_texts import (
    MAIL_TEMPLATE,
    ReminderWording,
    reminder_default,
    reminder_mail_context,
    reminder_render,
    reminder_wordings,
    wording_language,
)
from larlabb.registration.selectors import STOCKHOLM, signup_closes_on, workshop_rules
from larlabb.registration.services import manage_url
from larlabb.registration.signups import participant_url

# How many days before a sign-up deadline, and before a workshop, the reminders go out.
DAYS_BEFORE_DEADLINE: Final = 3
DAYS_BEFORE_WORKSHOP: Final = 3

Kind = ReminderKind
Confirmed = OrganisationRegistration.Status.CONFIRMED


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


# --- Who gets each reminder --------------------------------------------------------------------


def _reminded(kind: str, *, workshop: Workshop | None = None, by: str) -> Exists:
    sent = ReminderSent.objects.filter(kind=kind, **{by: OuterRef("pk")})
    if workshop is not None:
        sent = sent.filter(workshop=workshop)
    return Exists(sent)


def contacts_to_remind(
    *, project: LearningProject | None = None
) -> QuerySet[OrganisationRegistration]:
    """Confirmed organisations without any participant whose contact has not been reminded."""
    registrations = (
        OrganisationRegistration.objects.filter(status=Confirmed, contact_erased_at__isnull=True)
        .annotate(named=Count("participants"))
        .filter(named=0)
        .exclude(_reminded(Kind.NAME_PARTICIPANTS, by="registration"))
        .select_related("project__network", "organisation", "application")
    )
    if project is not None:
        registrations = registrations.filter(project=project)
    return registrations


def participants_to_remind_to_answer(*, workshop: Workshop) -> QuerySet[Participant]:
    """Participants of confirmed organisations who have not answered for the workshop."""
    return (
        Participant.objects.filter(
            registration__project_id=workshop.project_id,
            registration__status=Confirmed,
            erased_at__isnull=True,
        )
        .exclude(signups__workshop=workshop)
        .exclude(_reminded(Kind.ANSWER_WORKSHOP, workshop=workshop, by="participant"))
        .select_related("registration__project__network")
    )


def signups_to_remind_before(*, workshop: Workshop) -> QuerySet[WorkshopSignup]:
    """Everyone coming to the workshop (on site or online) who has not heard it is soon."""
    return (
        WorkshopSignup.objects.filter(
            workshop=workshop,
            status=WorkshopSignup.Status.ATTENDING,
            participant__erased_at__isnull=True,
            participant__registration__status=Confirmed,
        )
        .exclude(
            Exists(
                ReminderSent.objects.filter(
                    kind=Kind.WORKSHOP_SOON,
                    workshop=workshop,
                    participant=OuterRef("participant"),
                )
            )
        )
        .select_related("participant__registration__project__network")
    )


# --- When each reminder goes out ---------------------------------------------------------------


def _stockholm_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=STOCKHOLM)


def answer_window(workshop: Workshop) -> tuple[datetime, datetime]:
    """From midnight a few days before the last sign-up day, through that day (Stockholm)."""
    closes_on = signup_closes_on(workshop=workshop, rules=workshop_rules(workshop))
    opens = _stockholm_midnight(closes_on - timedelta(days=DAYS_BEFORE_DEADLINE))
    closes = min(_stockholm_midnight(closes_on + timedelta(days=1)), workshop.starts_at)
    return opens, closes


def soon_window(workshop: Workshop) -> tuple[datetime, datetime]:
    return workshop.starts_at - timedelta(days=DAYS_BEFORE_WORKSHOP), workshop.starts_at


def _in_window(window: tuple[datetime, datetime], now: datetime) -> bool:
    opens, closes = window
    return opens <= now < closes


# --- Sending -----------------------------------------------------------------------------------


class _Wordings:
    """Staff's wordings for the projects in one run, read once; defaults for the rest."""

    def __init__(self, project_ids: set[int]) -> None:
        self.stored = reminder_wordings(project_ids=project_ids)

    def get(self, *, project_id: int, kind: str, language: str) -> ReminderWording:
        stored = self.stored.get((project_id, kind, language))
        return stored or reminder_default(kind=kind, language=language)


def workshop_text(workshop: Workshop) -> str:
    """The workshop's number, title, time and place as every mail about it shows them."""
    return render_to_string(
        "registration/mail/includes/_workshop.txt", {"workshop": workshop}
    ).strip()


def contact_values(registration: OrganisationRegistration) -> dict[str, str]:
    return {
        "namn": registration.contact_name,
        "organisation": registration.organisation_name,
        "projekt": registration.project.title,
        "länk": manage_url(registration),
    }


def workshop_values(*, workshop: Workshop, online: bool) -> dict[str, str]:
    """Values about the workshop; call inside the recipient's language."""
    closes_on = signup_closes_on(workshop=workshop, rules=workshop_rules(workshop))
    meeting = ""
    # The meeting link goes only to the person taking part online, never to everyone.
    if online and workshop.online_url:
        meeting = f"{_('Länk till mötet (bara för dig):')} {workshop.online_url}"
    return {
        "projekt": workshop.project.title,
        "nummer": str(workshop.number),
        "workshop": workshop_text(workshop),
        "sista_svarsdag": date_format(closes_on, "j F Y"),
        "möteslänk": meeting,
    }


def participant_values(
    participant: Participant, *, workshop: Workshop, online: bool = False
) -> dict[str, str]:
    return {
        **workshop_values(workshop=workshop, online=online),
        "namn": participant.name,
        "länk": participant_url(participant),
    }


def _send(
    *,
    to: str,
    kind: str,
    registration: OrganisationRegistration,
    wordings: _Wordings,
    values: dict[str, str],
) -> None:
    language = wording_language(registration.language)
    wording = wordings.get(project_id=registration.project_id, kind=kind, language=language)
    mail_send(
        to=to,
        template=MAIL_TEMPLATE,
        context=reminder_mail_context(wording, values=values, network=registration.project.network),
        language=registration.language,
        organisation_id=registration.organisation_id,
        registration_id=registration.pk,
    )


def _remind_contacts(now: datetime, wordings: _Wordings) -> int:
    sent = 0
    for registration in contacts_to_remind():
        if registration.project.workshops.filter(starts_at__lt=now).exists():
            continue
        with transaction.atomic():
            if not _claim(kind=Kind.NAME_PARTICIPANTS, registration=registration):
                continue
            with translation.override(wording_language(registration.language)):
                values = contact_values(registration)
            _send(
                to=registration.contact_email,
                kind=Kind.NAME_PARTICIPANTS,
                registration=registration,
                wordings=wordings,
                values=values,
            )
        sent += 1
    return sent


def _participant_mail(
    participant: Participant,
    *,
    kind: str,
    workshop: Workshop,
    wordings: _Wordings,
    online: bool = False,
) -> bool:
    registration = participant.registration
    with transaction.atomic():
        if not _claim(
            kind=kind, registration=registration, participant=participant, workshop=workshop
        ):
            return False
        with translation.override(wording_language(registration.language)):
            values = participant_values(participant, workshop=workshop, online=online)
        _send(
            to=participant.email,
            kind=kind,
            registration=registration,
            wordings=wordings,
            values=values,
        )
    return True


def _remind_participants(now: datetime, wordings: _Wordings) -> int:
    sent = 0
    workshops = Workshop.objects.filter(starts_at__gt=now).select_related(
        "project", "block", "signup_rules"
    )
    for workshop in workshops:
        if _in_window(answer_window(workshop), now):
            for participant in participants_to_remind_to_answer(workshop=workshop):
                if _participant_mail(
                    participant, kind=Kind.ANSWER_WORKSHOP, workshop=workshop, wordings=wordings
                ):
                    sent += 1
        if _in_window(soon_window(workshop), now):
            for signup in signups_to_remind_before(workshop=workshop):
                if _participant_mail(
                    signup.participant,
                    kind=Kind.WORKSHOP_SOON,
                    workshop=workshop,
                    wordings=wordings,
                    online=signup.answer == WorkshopSignup.Answer.ONLINE,
                ):
                    sent += 1
    return sent


def reminders_send(*, now: datetime | None = None) -> int:
    """Send every reminder that is due and not yet sent; returns how many went out.

    The same hourly run tells the office about managers' links that ran out unanswered
    (not counted here: those mails go to the office, not to the people reminded)."""
    now = now or timezone.now()
    approvals_expired_report(now=now)
    wordings = _Wordings(set(LearningProject.objects.values_list("pk", flat=True)))
    return _remind_contacts(now, wordings) + _remind_participants(now, wordings)


@background_task()
def send_reminders_task() -> int:
    return reminders_send()


# --- What staff see ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderRun:
    """One reminder for one workshop (or the whole project): when, to how many."""

    workshop: Workshop | None
    opens: datetime | None
    closes: datetime | None
    state: str  # "ahead", "open" or "over"
    recipients_now: int
    sent: int


@dataclass(frozen=True)
class ReminderOverview:
    kind: str
    label: str
    runs: list[ReminderRun]
    customised: bool


def _state(window: tuple[datetime, datetime], now: datetime) -> str:
    opens, closes = window
    if now < opens:
        return "ahead"
    return "open" if now < closes else "over"


def reminder_overview(*, project: LearningProject, now: datetime) -> list[ReminderOverview]:
    """Each reminder with its next sending times and how many it would reach now."""
    workshops = list(
        Workshop.objects.filter(project=project).select_related("project", "signup_rules")
    )
    sent_counts: dict[tuple[str, int | None], int] = {
        (row["kind"], row["workshop_id"]): row["count"]
        for row in ReminderSent.objects.filter(registration__project=project)
        .values("kind", "workshop_id")
        .annotate(count=Count("id"))
    }
    customised = set(project.reminder_texts.values_list("kind", flat=True))
    first_start = min((w.starts_at for w in workshops), default=None)
    contact_state = "over" if first_start is not None and first_start <= now else "open"
    contacts = ReminderRun(
        workshop=None,
        opens=None,
        closes=first_start,
        state=contact_state,
        recipients_now=contacts_to_remind(project=project).count(),
        sent=sent_counts.get((Kind.NAME_PARTICIPANTS, None), 0),
    )
    answer_runs, soon_runs = [], []
    for workshop in workshops:
        window = answer_window(workshop)
        answer_runs.append(
            ReminderRun(
                workshop=workshop,
                opens=window[0],
                closes=window[1],
                state=_state(window, now),
                recipients_now=participants_to_remind_to_answer(workshop=workshop).count(),
                sent=sent_counts.get((Kind.ANSWER_WORKSHOP, workshop.pk), 0),
            )
        )
        window = soon_window(workshop)
        soon_runs.append(
            ReminderRun(
                workshop=workshop,
                opens=window[0],
                closes=window[1],
                state=_state(window, now),
                recipients_now=signups_to_remind_before(workshop=workshop).count(),
                sent=sent_counts.get((Kind.WORKSHOP_SOON, workshop.pk), 0),
            )
        )
    return [
        ReminderOverview(
            kind=kind,
            label=str(Kind(kind).label),
            runs=runs,
            customised=kind in customised,
        )
        for kind, runs in (
            (Kind.NAME_PARTICIPANTS, [contacts]),
            (Kind.ANSWER_WORKSHOP, answer_runs),
            (Kind.WORKSHOP_SOON, soon_runs),
        )
    ]


def reminder_preview(
    *, project: LearningProject, kind: str, language: str, wording: ReminderWording, now: datetime
) -> tuple[str, str]:
    """The mail as an example person would get it: the project's next workshop, sample names.

    The example person takes part online, so the meeting link shows where the text has it.
    """
    workshops = Workshop.objects.filter(project=project).select_related(
        "project", "block", "signup_rules"
    )
    workshop = workshops.filter(starts_at__gt=now).first() or workshops.first()
    with translation.override(language):
        values = {
            "namn": _("Anna Exempel"),
            "organisation": _("Exempelkommunen"),
            "projekt": project.title,
            "länk": f"{settings.SITE_URL}{reverse('registration:participant', args=['exempel'])}",
        }
        if workshop is not None:
            values |= workshop_values(workshop=workshop, online=True)
    return reminder_render(wording, values=values, network=project.network, language=language)
