from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from larlabb.core.lookups import contains_any
from larlabb.core.todo import TodoItem
from larlabb.network.models import Organisation
from larlabb.programme.models import LearningProject, Workshop
from larlabb.programme.selectors import registration_is_open
from larlabb.registration.models import (
    ApprovalRequest,
    ExportLogEntry,
    OrganisationApplication,
    OrganisationRegistration,
    Participant,
    RegistrationEvent,
    RemovedParticipant,
    WorkshopRules,
    WorkshopSignup,
)
from larlabb.registration.tokens import (
    manage_token_registration_id,
    participant_token_participant_id,
    token_matches,
)

STOCKHOLM: Final = ZoneInfo("Europe/Stockholm")


def confirmed_organisation_count(*, project: LearningProject) -> int:
    return OrganisationRegistration.objects.filter(
        project=project, status=OrganisationRegistration.Status.CONFIRMED
    ).count()


def confirmed_organisation_counts() -> dict[int, int]:
    """Confirmed organisations per project id, in one query; projects without any are absent."""
    rows = (
        OrganisationRegistration.objects.filter(status=OrganisationRegistration.Status.CONFIRMED)
        .values("project_id")
        .annotate(count=Count("id"))
        .values_list("project_id", "count")
    )
    return dict(rows)


def registration_open_at(*, project: LearningProject, now: datetime) -> bool:
    """Open through the deadline day as the clock reads in Stockholm, summer or winter."""
    return registration_is_open(project=project, today=now.astimezone(STOCKHOLM).date())


@dataclass(frozen=True)
class WithdrawalTerms:
    """What withdrawing means for the fee: free through the registration deadline, and once
    the manager has approved, the full fee after it. The invoicing export follows the same
    rule, so what the contact is told is what bookkeeping sees."""

    fee_sek: int
    deadline: date
    was_confirmed: bool
    before_deadline: bool

    @property
    def fee_due(self) -> bool:
        return self.was_confirmed and not self.before_deadline and self.fee_sek > 0


def withdrawal_terms(*, registration: OrganisationRegistration, at: datetime) -> WithdrawalTerms:
    """The terms for a withdrawal made (or about to be made) at `at`."""
    deadline = registration.project.registration_deadline
    return WithdrawalTerms(
        fee_sek=registration.fee_sek,
        deadline=deadline,
        was_confirmed=registration.confirmed_at is not None,
        before_deadline=at.astimezone(STOCKHOLM).date() <= deadline,
    )


def staff_todo() -> list[TodoItem]:
    """What waits for staff across projects, oldest first; each item leaves the list once it
    is handled: an application decided, a withdrawal marked handled, a manager's answer."""
    Status = OrganisationRegistration.Status
    items: list[TodoItem] = []
    applications = OrganisationApplication.objects.filter(
        status=OrganisationApplication.Status.PENDING
    ).select_related("registration__project")
    for application in applications:
        registration = application.registration
        items.append(
            TodoItem(
                kind="application",
                text=_(
                    "%(organisation)s vill anmäla sig till %(project)s men finns inte i "
                    "nätverkets lista."
                )
                % {"organisation": application.name, "project": registration.project.full_title},
                since=application.created_at,
                url=reverse("staff:registration_detail", kwargs={"pk": registration.pk}),
                action=_("Pröva organisationen"),
            )
        )
    withdrawn = OrganisationRegistration.objects.filter(
        status=Status.WITHDRAWN, withdrawal_handled_at__isnull=True, closed_at__isnull=False
    ).select_related("project", "organisation", "application")
    for registration in withdrawn:
        assert registration.closed_at is not None  # filtered above
        items.append(
            TodoItem(
                kind="withdrawal",
                text=_("%(organisation)s har återtagit sin anmälan till %(project)s.")
                % {
                    "organisation": registration.organisation_name,
                    "project": registration.project.full_title,
                },
                since=registration.closed_at,
                url=reverse("staff:registration_detail", kwargs={"pk": registration.pk}),
                action=_("Hantera återtagandet"),
            )
        )
    awaiting = (
        OrganisationRegistration.objects.filter(status=Status.AWAITING_APPROVAL)
        .annotate(asked_at=Max("approval_requests__created_at"))
        .select_related("project", "organisation", "application")
    )
    for registration in awaiting:
        items.append(
            TodoItem(
                kind="approval",
                text=_(
                    "%(organisation)s väntar på chefens godkännande (%(manager)s) för %(project)s."
                )
                % {
                    "organisation": registration.organisation_name,
                    "manager": registration.manager_name,
                    "project": registration.project.full_title,
                },
                since=registration.asked_at or registration.created_at,
                url=reverse("staff:registration_detail", kwargs={"pk": registration.pk}),
                action=_("Påminn chefen eller godkänn"),
            )
        )
    return sorted(items, key=lambda item: item.since)


def organisations_for_registration(*, project: LearningProject) -> QuerySet[Organisation]:
    """The network's members and partners: the organisations that may register."""
    return Organisation.objects.filter(
        network_id=project.network_id,
        relationship__in=[Organisation.Relationship.MEMBER, Organisation.Relationship.PARTNER],
    ).order_by("relationship", "name")


def _registration_queryset() -> QuerySet[OrganisationRegistration]:
    return OrganisationRegistration.objects.select_related(
        "project", "project__network", "organisation", "application", "approved_by_staff"
    ).prefetch_related(Prefetch("participants", queryset=Participant.objects.order_by("position")))


def registration_for_manage_token(*, token: str) -> OrganisationRegistration | None:
    registration_id = manage_token_registration_id(token)
    if registration_id is None:
        return None
    return (
        _registration_queryset().filter(pk=registration_id, contact_erased_at__isnull=True).first()
    )


def approval_request_for_link(*, approval_id: int, token: str) -> ApprovalRequest | None:
    """The approval request the link names, if its token is right (compared in constant time)."""
    approval = (
        ApprovalRequest.objects.select_related(
            "registration__project__network", "registration__organisation"
        )
        .prefetch_related("registration__participants")
        .filter(pk=approval_id)
        .first()
    )
    if approval is None or not token_matches(token, approval.token_hash):
        return None
    return approval


def registrations_for_project(
    *, project: LearningProject, status: str = "", query: str = ""
) -> QuerySet[OrganisationRegistration]:
    registrations = (
        OrganisationRegistration.objects.filter(project=project)
        .select_related("organisation", "application")
        .annotate(participant_count=Count("participants"))
        .order_by("created_at")
    )
    if status:
        registrations = registrations.filter(status=status)
    if query := query.strip():
        people = Participant.objects.filter(
            contains_any(query, ("name", "email")), registration__project=project
        ).values("registration_id")
        # Someone removed from a group can still ask for their data or its erasure.
        removed = RemovedParticipant.objects.filter(
            contains_any(query, ("name", "email")), registration__project=project
        ).values("registration_id")
        texts = contains_any(
            query,
            (
                "organisation__name",
                "application__name",
                "contact_name",
                "contact_email",
                "manager_name",
                "manager_email",
                "organisation_number",
            ),
        )
        registrations = registrations.filter(texts | Q(pk__in=people) | Q(pk__in=removed))
    return registrations


def applications_pending(*, project: LearningProject) -> QuerySet[OrganisationApplication]:
    return OrganisationApplication.objects.filter(
        registration__project=project, status=OrganisationApplication.Status.PENDING
    ).select_related("registration")


def registration_get(*, pk: int) -> OrganisationRegistration | None:
    return _registration_queryset().filter(pk=pk).first()


def registration_for_staff(*, pk: int) -> OrganisationRegistration | None:
    return (
        _registration_queryset()
        .prefetch_related(
            Prefetch("events", queryset=RegistrationEvent.objects.select_related("by_user"))
        )
        .filter(pk=pk)
        .first()
    )


def project_with_programme(*, project_id: int) -> LearningProject:
    """The project with its workshops ready for a calendar file."""
    return LearningProject.objects.prefetch_related(
        Prefetch("workshops", queryset=Workshop.objects.select_related("block", "project"))
    ).get(pk=project_id)


# --- Step 2: each participant and each workshop ----------------------------------------------


@dataclass(frozen=True)
class WorkshopOffer:
    """A workshop as one participant sees it: when sign-up closes and what they answered."""

    workshop: Workshop
    rules: WorkshopRules
    closes_on: date
    is_open: bool
    signup: WorkshopSignup | None
    waiting_position: int | None


@dataclass(frozen=True)
class WorkshopSignupSummary:
    workshop: Workshop
    rules: WorkshopRules
    closes_on: date
    on_site: int
    online: int
    waiting: int
    not_attending: int
    unanswered: int


def workshop_rules(workshop: Workshop) -> WorkshopRules:
    """The workshop's rules, or the defaults when staff have set none."""
    rules = getattr(workshop, "signup_rules", None)
    return rules if rules is not None else WorkshopRules(workshop=workshop)


def signup_closes_on(*, workshop: Workshop, rules: WorkshopRules) -> date:
    first_day = workshop.starts_at.astimezone(STOCKHOLM).date()
    return first_day - timedelta(days=rules.closes_days_before)


def signup_open_at(*, workshop: Workshop, rules: WorkshopRules, now: datetime) -> bool:
    """Open through the last sign-up day as the clock reads in Stockholm."""
    return now.astimezone(STOCKHOLM).date() <= signup_closes_on(workshop=workshop, rules=rules)


def answers_offered(workshop: Workshop) -> list[str]:
    Answer = WorkshopSignup.Answer
    by_format = {
        Workshop.Format.PHYSICAL: [Answer.ON_SITE, Answer.NO],
        Workshop.Format.DIGITAL: [Answer.ONLINE, Answer.NO],
        Workshop.Format.HYBRID: [Answer.ON_SITE, Answer.ONLINE, Answer.NO],
    }
    return [str(answer) for answer in by_format[Workshop.Format(workshop.format)]]


def participant_for_token(*, token: str) -> Participant | None:
    participant_id = participant_token_participant_id(token)
    if participant_id is None:
        return None
    return (
        Participant.objects.select_related(
            "registration__project__network", "registration__organisation"
        )
        .filter(pk=participant_id, erased_at__isnull=True)
        .first()
    )


def _project_workshops(project_id: int) -> QuerySet[Workshop]:
    return Workshop.objects.filter(project_id=project_id).select_related(
        "block", "project", "signup_rules"
    )


def workshop_offers(*, participant: Participant, now: datetime) -> list[WorkshopOffer]:
    signups = {signup.workshop_id: signup for signup in participant.signups.all()}
    offers = []
    for workshop in _project_workshops(participant.registration.project_id):
        rules = workshop_rules(workshop)
        signup = signups.get(workshop.pk)
        position = None
        if signup is not None and signup.status == WorkshopSignup.Status.WAITING:
            position = waiting_position(signup=signup)
        offers.append(
            WorkshopOffer(
                workshop=workshop,
                rules=rules,
                closes_on=signup_closes_on(workshop=workshop, rules=rules),
                is_open=signup_open_at(workshop=workshop, rules=rules, now=now),
                signup=signup,
                waiting_position=position,
            )
        )
    return offers


def waiting_list(*, workshop: Workshop) -> QuerySet[WorkshopSignup]:
    # Erasure takes a person off the list; the filter keeps an anonymised one from ever
    # being given a seat should a sign-up have been left behind.
    return WorkshopSignup.objects.filter(
        workshop=workshop, status=WorkshopSignup.Status.WAITING, participant__erased_at__isnull=True
    ).order_by("waiting_since", "id")


def waiting_position(*, signup: WorkshopSignup) -> int:
    ahead = waiting_list(workshop=signup.workshop).filter(
        Q(waiting_since__lt=signup.waiting_since)
        | Q(waiting_since=signup.waiting_since, id__lt=signup.pk)
    )
    return ahead.count() + 1


def seats_taken(*, workshop: Workshop) -> int:
    return WorkshopSignup.objects.filter(
        workshop=workshop,
        answer=WorkshopSignup.Answer.ON_SITE,
        status=WorkshopSignup.Status.ATTENDING,
    ).count()


def workshop_signup_summaries(*, project: LearningProject) -> list[WorkshopSignupSummary]:
    """Per workshop: who comes on site or online, who waits, who has not answered."""
    confirmed = Q(
        signups__participant__registration__status=OrganisationRegistration.Status.CONFIRMED
    )
    Answer, Status = WorkshopSignup.Answer, WorkshopSignup.Status
    workshops = _project_workshops(project.pk).annotate(
        on_site=Count(
            "signups",
            filter=confirmed & Q(signups__answer=Answer.ON_SITE, signups__status=Status.ATTENDING),
        ),
        online=Count("signups", filter=confirmed & Q(signups__answer=Answer.ONLINE)),
        waiting=Count("signups", filter=confirmed & Q(signups__status=Status.WAITING)),
        not_attending=Count("signups", filter=confirmed & Q(signups__answer=Answer.NO)),
    )
    participants = Participant.objects.filter(
        registration__project=project,
        registration__status=OrganisationRegistration.Status.CONFIRMED,
    ).count()
    summaries = []
    for workshop in workshops:
        rules = workshop_rules(workshop)
        counts = {
            key: int(getattr(workshop, key))
            for key in ("on_site", "online", "waiting", "not_attending")
        }
        summaries.append(
            WorkshopSignupSummary(
                workshop=workshop,
                rules=rules,
                closes_on=signup_closes_on(workshop=workshop, rules=rules),
                unanswered=participants - sum(counts.values()),
                **counts,
            )
        )
    return summaries


def workshop_signups_for_staff(*, workshop: Workshop, query: str = "") -> QuerySet[WorkshopSignup]:
    signups = (
        WorkshopSignup.objects.filter(
            workshop=workshop,
            participant__registration__status=OrganisationRegistration.Status.CONFIRMED,
        )
        .select_related(
            "participant__registration__organisation", "participant__registration__application"
        )
        .order_by("waiting_since", "participant__name", "id")
    )
    if workshop.ends_at > timezone.now():
        # An anonymised person cannot come: their seat was given on, and the list is for
        # whoever may still attend. Past workshops keep them as anonymous attendance.
        signups = signups.filter(participant__erased_at__isnull=True)
    if query := query.strip():
        # A search looks for someone by name; an anonymised person has none to find.
        signups = signups.filter(participant__erased_at__isnull=True).filter(
            contains_any(
                query,
                (
                    "participant__name",
                    "participant__email",
                    "participant__registration__organisation__name",
                    "participant__registration__application__name",
                ),
            )
        )
    return signups


def needs_summary(signups: list[WorkshopSignup]) -> list[tuple[str, int]]:
    """How many on site asked for each diet, most asked first: what the caterer orders."""
    counts: dict[str, tuple[str, int]] = {}
    for signup in signups:
        need = signup.dietary_needs.strip()
        if need:
            key = need.casefold()
            shown, count = counts.get(key, (need, 0))
            counts[key] = (shown, count + 1)
    return sorted(counts.values(), key=lambda item: (-item[1], item[0].casefold()))


def workshop_in_project(*, project: LearningProject, number: int) -> Workshop | None:
    return _project_workshops(project.pk).filter(number=number).first()


def workshops_for_project(*, project: LearningProject) -> QuerySet[Workshop]:
    return _project_workshops(project.pk)


def export_log_for_project(*, project: LearningProject) -> QuerySet[ExportLogEntry]:
    return ExportLogEntry.objects.filter(project=project).select_related("by_user")
