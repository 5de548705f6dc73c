"""Writes that run a workshop session: creating it, its phases and report-back, people
joining, and dealing them into groups. Changes reach every board through board/events.py,
after commit; group rows are locked with the board's own `group_locked`, in the same order."""

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Final

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from larlabb.core.validators import name_validate
from larlabb.network.models import Organisation
from larlabb.network.selectors import organisation_named
from larlabb.programme.models import Workshop
from larlabb.registration.models import Participant
from larlabb.workshops.access import member_secret_new
from larlabb.workshops.board.events import session_event_record
from larlabb.workshops.board.services import MEMBER_NOT_IN_GROUP, group_changed, group_locked
from larlabb.workshops.exercises.services import exercise_copy
from larlabb.workshops.models import (
    BreakoutGroup,
    Exercise,
    Member,
    Note,
    Phase,
    Session,
)
from larlabb.workshops.sessions.assignment import Attendee, latecomer_group
from larlabb.workshops.sessions.assignment import groups_assign as deal_groups

MESSAGE_EMPTY: Final = _("Skriv ett meddelande först.")
ALREADY_STARTED: Final = _("Övningen har redan startat.")
NOT_RUNNING: Final = _("Övningen pågår inte.")
ALREADY_PAUSED: Final = _("Tiden är redan pausad.")
NOT_PAUSED: Final = _("Tiden är inte pausad.")
NO_PHASES: Final = _("Övningen har inga faser. Lägg till minst en fas först.")
NOTHING_HIDDEN: Final = _("Inga lappar är dolda just nu.")
NOT_REPORTING: Final = _("Redovisningen pågår inte.")
ALREADY_REPORTING: Final = _("Redovisningen pågår redan.")
EXTEND_MINUTES: Final = _("Förläng med minst en minut.")
GROUPS_HAVE_NOTES: Final = _(
    "Grupperna har redan börjat skriva. Flytta enskilda personer i stället för att dela in "
    "alla på nytt."
)
NOBODY_TO_ASSIGN: Final = _("Ingen deltagare har anslutit ännu.")
NO_GROUPS_YET: Final = _("Dela in grupperna först.")
GUESTS_NOT_ALLOWED: Final = _(
    "Det här passet tar inte emot gäster. Använd din personliga länk eller fråga samtalsledaren."
)
NAME_REQUIRED: Final = _("Skriv ditt namn, så vet gruppen vem som skriver.")
SESSION_FINISHED: Final = _("Passet är avslutat.")
JOIN_CODE_ALPHABET: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH: Final = 6


def join_code_new() -> str:
    # Letters and digits that cannot be mistaken for each other when read off a screen.
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not Session.objects.filter(join_code=code).exists():
            return code


@transaction.atomic
def session_create(
    *,
    workshop: Workshop,
    source: Exercise,
    created_by: AbstractBaseUser | None,
    allow_guests: bool,
    join_code: str = "",
) -> Session:
    """A session at `workshop` running its own copy of `source`."""
    exercise = exercise_copy(source=source, workshop=workshop)
    return Session.objects.create(
        exercise=exercise,
        join_code=join_code or join_code_new(),
        allow_guests=allow_guests,
        created_by_id=created_by.pk if created_by is not None else None,
    )


def _session_locked(pk: int) -> Session:
    return (
        Session.objects.select_for_update(of=("self",)).select_related("current_phase").get(pk=pk)
    )


def _phases(session: Session) -> list[Phase]:
    return list(Phase.objects.filter(exercise_id=session.exercise_id))


@transaction.atomic
def session_guests_allow(*, session: Session, allow: bool) -> Session:
    session = _session_locked(session.pk)
    if session.allow_guests != allow:
        session.allow_guests = allow
        session.save(update_fields=["allow_guests"])
    return session


@transaction.atomic
def session_message_send(*, session: Session, text: str, now: datetime | None = None) -> Session:
    text = text.strip()
    if not text:
        raise ValidationError(MESSAGE_EMPTY, code="empty")
    session = _session_locked(session.pk)
    session.message = text
    session.message_sent_at = now or timezone.now()
    session.save(update_fields=["message", "message_sent_at"])
    session_event_record(session=session)
    return session


@transaction.atomic
def phase_start(*, session: Session, now: datetime | None = None) -> Session:
    session = _session_locked(session.pk)
    if session.status != Session.Status.WAITING:
        raise ValidationError(ALREADY_STARTED, code="started")
    phases = _phases(session)
    if not phases:
        raise ValidationError(NO_PHASES, code="no_phases")
    _phase_begin(session, phases[0], now or timezone.now())
    session.status = Session.Status.RUNNING
    session.save()
    session_event_record(session=session)
    return session


def _phase_begin(session: Session, phase: Phase, now: datetime) -> None:
    session.current_phase = phase
    session.phase_ends_at = now + phase.duration
    session.paused_remaining = None
    session.notes_revealed = False


def _running(session: Session) -> None:
    if session.status != Session.Status.RUNNING:
        raise ValidationError(NOT_RUNNING, code="not_running")


@transaction.atomic
def phase_pause(*, session: Session, now: datetime | None = None) -> Session:
    session = _session_locked(session.pk)
    _running(session)
    if session.is_paused or session.phase_ends_at is None:
        raise ValidationError(ALREADY_PAUSED, code="paused")
    session.paused_remaining = max(session.phase_ends_at - (now or timezone.now()), timedelta(0))
    session.phase_ends_at = None
    session.save(update_fields=["paused_remaining", "phase_ends_at"])
    session_event_record(session=session)
    return session


@transaction.atomic
def phase_resume(*, session: Session, now: datetime | None = None) -> Session:
    session = _session_locked(session.pk)
    _running(session)
    if session.paused_remaining is None:
        raise ValidationError(NOT_PAUSED, code="not_paused")
    session.phase_ends_at = (now or timezone.now()) + session.paused_remaining
    session.paused_remaining = None
    session.save(update_fields=["paused_remaining", "phase_ends_at"])
    session_event_record(session=session)
    return session


@transaction.atomic
def phase_extend(*, session: Session, minutes: int, now: datetime | None = None) -> Session:
    if minutes < 1:
        raise ValidationError(EXTEND_MINUTES, code="minutes")
    session = _session_locked(session.pk)
    _running(session)
    extra = timedelta(minutes=minutes)
    if session.paused_remaining is not None:
        session.paused_remaining += extra
    elif session.phase_ends_at is not None:
        # Time that has already run out is extended from now, not from when it ran out.
        session.phase_ends_at = max(session.phase_ends_at, now or timezone.now()) + extra
    session.save(update_fields=["paused_remaining", "phase_ends_at"])
    session_event_record(session=session)
    return session


@transaction.atomic
def phase_next(*, session: Session, now: datetime | None = None) -> Session:
    """The next phase, with its full time; after the last one the session is finished."""
    session = _session_locked(session.pk)
    _running(session)
    phases = _phases(session)
    ids = [phase.pk for phase in phases]
    index = ids.index(session.current_phase_id) if session.current_phase_id in ids else -1
    if index + 1 < len(phases):
        _phase_begin(session, phases[index + 1], now or timezone.now())
    else:
        session.status = Session.Status.FINISHED
        session.phase_ends_at = None
        session.paused_remaining = None
        session.notes_revealed = True
    session.save()
    session_event_record(session=session)
    return session


@transaction.atomic
def phase_reveal(*, session: Session) -> Session:
    """Show everyone's notes during a "write alone first" phase."""
    session = _session_locked(session.pk)
    if not session.hides_notes:
        raise ValidationError(NOTHING_HIDDEN, code="nothing_hidden")
    session.notes_revealed = True
    session.save(update_fields=["notes_revealed"])
    session_event_record(session=session)
    return session


def _groups_in_order(session: Session) -> list[int]:
    return list(
        BreakoutGroup.objects.filter(session=session)
        .order_by("number")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def report_start(*, session: Session) -> Session:
    """Report-back: every screen shows the first group's summary."""
    session = _session_locked(session.pk)
    if session.reporting_group_id is not None:
        raise ValidationError(ALREADY_REPORTING, code="reporting")
    groups = _groups_in_order(session)
    if not groups:
        raise ValidationError(NO_GROUPS_YET, code="no_groups")
    session.reporting_group_id = groups[0]
    session.save(update_fields=["reporting_group"])
    session_event_record(session=session)
    return session


@transaction.atomic
def report_step(*, session: Session, step: int) -> Session:
    """The next (`step` 1) or previous (`step` -1) group reports; the ends stay put."""
    session = _session_locked(session.pk)
    groups = _groups_in_order(session)
    if session.reporting_group_id not in groups:
        raise ValidationError(NOT_REPORTING, code="not_reporting")
    index = groups.index(session.reporting_group_id) + step
    target = groups[max(0, min(index, len(groups) - 1))]
    if target != session.reporting_group_id:
        session.reporting_group_id = target
        session.save(update_fields=["reporting_group"])
        session_event_record(session=session)
    return session


@transaction.atomic
def report_end(*, session: Session) -> Session:
    session = _session_locked(session.pk)
    if session.reporting_group_id is None:
        raise ValidationError(NOT_REPORTING, code="not_reporting")
    session.reporting_group_id = None
    session.save(update_fields=["reporting_group"])
    session_event_record(session=session)
    return session


def _attendee(member: Member) -> Attendee[int]:
    return Attendee(
        key=member.pk, organisation=member.organisation_name, kind=member.organisation_kind
    )


def _move_entry(group: BreakoutGroup | None) -> dict[str, int] | None:
    return {"group": group.pk, "number": group.number} if group else None


def _place(session: Session, members: Sequence[Member]) -> dict[str, dict[str, int] | None]:
    """Latecomers into the smallest suitable groups, one at a time."""
    # Groups are locked before any member row, in the order presence changes lock them.
    groups = list(
        BreakoutGroup.objects.select_for_update(of=("self",)).filter(session=session).order_by("pk")
    )
    if not groups or not members:
        return {}
    present: list[list[Attendee[int]]] = [[] for _ in groups]
    index_of = {group.pk: index for index, group in enumerate(groups)}
    for member in Member.objects.filter(group__in=groups, is_facilitator=False):
        if member.group_id is not None:
            present[index_of[member.group_id]].append(_attendee(member))
    moves: dict[str, dict[str, int] | None] = {}
    changed: set[int] = set()
    for member in members:
        index = latecomer_group(_attendee(member), present)
        if index is None:
            continue
        present[index].append(_attendee(member))
        member.group = groups[index]
        member.save(update_fields=["group"])
        moves[str(member.pk)] = _move_entry(groups[index])
        changed.add(index)
    for index in sorted(changed):
        group_changed(groups[index])
    return moves


def _organisation_match(session: Session, name: str) -> Organisation | None:
    workshop = session.exercise.workshop
    if workshop is None or not name:
        return None
    return organisation_named(network_id=workshop.project.network_id, name=name)


@transaction.atomic
def member_join_guest(
    *, session: Session, name: str, organisation_name: str = "", organisation_kind: str = ""
) -> Member:
    """A guest joins with a name; once groups exist they are placed at once."""
    session = _session_locked(session.pk)
    if not session.allow_guests:
        raise ValidationError(GUESTS_NOT_ALLOWED, code="no_guests")
    if session.status == Session.Status.FINISHED:
        raise ValidationError(SESSION_FINISHED, code="finished")
    name = name.strip()
    if not name:
        raise ValidationError(NAME_REQUIRED, code="name")
    name_validate(name)
    organisation_name = organisation_name.strip()
    name_validate(organisation_name)
    known = _organisation_match(session, organisation_name)
    if known is not None:
        organisation_name, organisation_kind = known.name, organisation_kind or known.kind
    member = Member.objects.create(
        session=session,
        display_name=name[:120],
        organisation_name=organisation_name,
        organisation_kind=organisation_kind,
        is_guest=True,
        secret=member_secret_new(),
    )
    moves = _place(session, [member])
    if moves:
        session_event_record(session=session, extra={"moves": moves})
    return member


def participant_secret(session: Session, participant: Participant) -> str:
    # Derived, not random: the same personal link opened on a second device finds the same
    # member instead of adding the person twice. 64 hex characters, as the field holds.
    return salted_hmac(
        "larlabb.workshops.participant", f"{session.pk}:{participant.pk}", algorithm="sha256"
    ).hexdigest()


@transaction.atomic
def member_join_registered(*, session: Session, participant: Participant) -> Member:
    """A registered participant joins through their personal link: no code, no name to type;
    their organisation comes from the registration, so the groups can mix regions and
    agencies. Joining again returns the same member."""
    session = _session_locked(session.pk)
    secret = participant_secret(session, participant)
    existing = Member.objects.filter(session=session, secret=secret).first()
    if existing is not None:
        return existing
    if session.status == Session.Status.FINISHED:
        raise ValidationError(SESSION_FINISHED, code="finished")
    organisation = participant.registration.organisation
    member = Member.objects.create(
        session=session,
        display_name=participant.name[:120],
        organisation_name=organisation.name if organisation else "",
        organisation_kind=organisation.kind if organisation else "",
        is_guest=False,
        secret=secret,
    )
    moves = _place(session, [member])
    if moves:
        session_event_record(session=session, extra={"moves": moves})
    return member


@transaction.atomic
def groups_assign(*, session: Session, group_size: int) -> list[BreakoutGroup]:
    """Everyone who has joined into mixed groups of about `group_size`, from scratch."""
    session = _session_locked(session.pk)
    if Note.objects.filter(group__session=session).exists():
        raise ValidationError(GROUPS_HAVE_NOTES, code="has_notes")
    members = list(session.members.filter(is_facilitator=False))
    if not members:
        raise ValidationError(NOBODY_TO_ASSIGN, code="nobody")
    BreakoutGroup.objects.filter(session=session).delete()
    groups: list[BreakoutGroup] = []
    moves: dict[str, dict[str, int] | None] = {}
    for number, attendees in enumerate(
        deal_groups([_attendee(m) for m in members], group_size=group_size), start=1
    ):
        group = BreakoutGroup.objects.create(session=session, number=number)
        groups.append(group)
        keys = [attendee.key for attendee in attendees]
        Member.objects.filter(pk__in=keys).update(group=group)
        moves.update({str(key): _move_entry(group) for key in keys})
    session_event_record(session=session, extra={"moves": moves})
    return groups


@transaction.atomic
def members_place_waiting(*, session: Session) -> int:
    """Place everyone still waiting for a group; returns how many were placed."""
    session = _session_locked(session.pk)
    if not BreakoutGroup.objects.filter(session=session).exists():
        raise ValidationError(NO_GROUPS_YET, code="no_groups")
    waiting = list(
        session.members.filter(group__isnull=True, is_facilitator=False).order_by("joined_at", "pk")
    )
    moves = _place(session, waiting)
    if moves:
        session_event_record(session=session, extra={"moves": moves})
    return len(moves)


@transaction.atomic
def member_move(*, session: Session, member: Member, group: BreakoutGroup | None) -> Member:
    session = _session_locked(session.pk)
    member = Member.objects.get(pk=member.pk, session=session)
    if group is not None and group.session_id != session.pk:
        raise ValidationError(MEMBER_NOT_IN_GROUP, code="other_session")
    old_id = member.group_id
    new_id = group.pk if group else None
    if old_id == new_id:
        return member
    for pk in sorted(pk for pk in (old_id, new_id) if pk is not None):
        group_locked(pk)
    member.group = group
    member.save(update_fields=["group"])
    if old_id is not None:
        old = group_locked(old_id)
        if old.leader_id == member.pk:
            old.leader = None
            old.save(update_fields=["leader"])
            change = {"kind": "moved", "leader": "", "previous": member.display_name}
            group_changed(old, leader_change=change)
        else:
            group_changed(old)
    if group is not None:
        group_changed(group_locked(group.pk))
    session_event_record(session=session, extra={"moves": {str(member.pk): _move_entry(group)}})
    return member
