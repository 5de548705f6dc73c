"""Reads for joining and listing sessions: finding one by its join code, a participant's
sessions and Kansliet's list, with their queries in place."""

from django.db.models import Count, Q, QuerySet

from larlabb.registration.models import OrganisationRegistration, Participant
from larlabb.workshops.models import Session


def join_code_normalise(code: str) -> str:
    return "".join(code.split()).upper()


def session_for_code(*, code: str) -> Session | None:
    return (
        Session.objects.select_related("exercise__workshop")
        .exclude(status=Session.Status.FINISHED)
        .filter(join_code=join_code_normalise(code))
        .first()
    )


def sessions_for_participant(*, participant: Participant) -> QuerySet[Session]:
    """The sessions a registered participant may join with their personal link: those not
    yet finished at a workshop of their project, once their organisation is confirmed."""
    registration = participant.registration
    if registration.status != OrganisationRegistration.Status.CONFIRMED:
        return Session.objects.none()
    return (
        Session.objects.select_related("exercise__workshop__project", "exercise__workshop__block")
        .exclude(status=Session.Status.FINISHED)
        .filter(exercise__workshop__project_id=registration.project_id)
        .order_by("exercise__workshop__starts_at", "created_at", "pk")
    )


def sessions_for_staff() -> QuerySet[Session]:
    return Session.objects.select_related(
        "exercise__workshop__project", "exercise__workshop__block", "current_phase"
    ).annotate(member_count=Count("members", filter=Q(members__is_facilitator=False)))
