"""Every write to exercises, sessions, groups and boards.

Board writes lock their group's row first, so writes to one board are applied one at a time
and their events carry the order the database applied them in; each then records and sends
its event after commit (see events.py). A write that changes nothing sends nothing, so a
message resent after a lost connection is harmless.
"""

import hashlib
import secrets
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from larlabb.core.validators import name_validate
from larlabb.network.models import Organisation
from larlabb.network.selectors import organisation_named
from larlabb.programme.models import Workshop
from larlabb.registration.models import Participant
from larlabb.workshops.access import (
    Viewer,
    board_access_check,
    group_lead_check,
    leader_change_check,
    may_view_board,
    note_edit_check,
    writer_check,
)
from larlabb.workshops.board.event_pump import Event
from larlabb.workshops.board.events import group_event_record, session_event_record
from larlabb.workshops.board.new_note_context import new_note_context_locked
from larlabb.workshops.board.payloads import NotePayload, note_payload
from larlabb.workshops.models import (
    NOTE_MAX_LENGTH,
    BreakoutGroup,
    Exercise,
    Frame,
    Member,
    Note,
    NoteVote,
    Phase,
    Session,
)
from larlabb.workshops.sessions import selectors
from larlabb.workshops.sessions.assignment import Attendee, latecomer_group
from larlabb.workshops.sessions.assignment import groups_assign as deal_groups

NOTE_EMPTY: Final = _("Skriv något på lappen först.")
NOTE_TOO_LONG: Final = _(
    "En lapp får vara högst %(limit)d tecken och den här är %(length)d. Korta texten eller "
    "dela upp den på två lappar – det du har skrivit finns kvar."
)
NOTE_GONE: Final = _("Lappen finns inte längre; någon har tagit bort den.")
FRAME_NOT_ON_BOARD: Final = _("Rutan finns inte på den här tavlan.")
UNKNOWN_COLOUR: Final = _("Välj en av färgerna i listan.")
MEMBER_NOT_IN_GROUP: Final = _("Personen är inte med i gruppen.")
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
CLIENT_ID_TAKEN: Final = _("Lappen kunde inte sparas. Spara den en gång till.")
CONFLICT_MARKER: Final = _("Samtidig ändring från %(name)s:")
JOIN_CODE_ALPHABET: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH: Final = 6


# --- Exercises ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseSpec:
    title: str
    instruction: str
    steps: tuple[str, ...]
    questions: tuple[str, ...]
    summary: str
    phases: tuple[tuple[str, int], ...]
    bonus: str = ""
    closing_note: str = ""
    group_size: int = 4


def exercise_template_ensure(*, spec: ExerciseSpec) -> Exercise:
    """The template built from `spec`, created once; staff edits to it are kept."""
    existing = Exercise.objects.filter(
        is_template=True, workshop__isnull=True, title=spec.title
    ).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        exercise = Exercise.objects.create(
            title=spec.title,
            instruction=spec.instruction,
            steps="\n".join(spec.steps),
            closing_note=spec.closing_note,
            group_size=spec.group_size,
            is_template=True,
        )
        frames = [(Frame.Kind.QUESTION, question) for question in spec.questions]
        frames.append((Frame.Kind.SUMMARY, spec.summary))
        if spec.bonus:
            frames.append((Frame.Kind.BONUS, spec.bonus))
        Frame.objects.bulk_create(
            Frame(exercise=exercise, kind=kind, title=title, position=position)
            for position, (kind, title) in enumerate(frames)
        )
        Phase.objects.bulk_create(
            Phase(exercise=exercise, title=title, minutes=minutes, position=position)
            for position, (title, minutes) in enumerate(spec.phases)
        )
    return exercise


@transaction.atomic
def exercise_copy(*, source: Exercise, workshop: Workshop | None) -> Exercise:
    exercise = Exercise.objects.create(
        workshop=workshop,
        title=source.title,
        instruction=source.instruction,
        steps=source.steps,
        closing_note=source.closing_note,
        group_size=source.group_size,
        is_template=False,
    )
    Frame.objects.bulk_create(
        Frame(exercise=exercise, kind=frame.kind, title=frame.title, position=frame.position)
        for frame in source.frames.all()
    )
    Phase.objects.bulk_create(
        Phase(
            exercise=exercise,
            title=phase.title,
            minutes=phase.minutes,
            position=phase.position,
            hides_others=phase.hides_others,
        )
        for phase in source.phases.all()
    )
    return exercise


# --- Sessions ----------------------------------------------------------------------------


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


# --- Members and groups ------------------------------------------------------------------


def _group_locked(pk: int) -> BreakoutGroup:
    """The group, locked for this transaction, with its session and phase read in the same
    query: changing a note needs both (who may see it, whether the group is reporting back),
    and a query less per note matters on a busy board."""
    return (
        BreakoutGroup.objects.select_for_update(of=("self",))
        .select_related("session__current_phase")
        .get(pk=pk)
    )


def _group_changed(group: BreakoutGroup, **extra: object) -> Event:
    return group_event_record(
        group=group,
        event={"type": "group", "state": selectors.group_state(group=group), **extra},
    )


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
        _group_changed(groups[index])
    return moves


def _secret() -> str:
    return secrets.token_urlsafe(32)


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
        secret=_secret(),
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


def facilitator_member_ensure(*, session: Session, user: AbstractBaseUser) -> Member:
    """The facilitator's own member row, so what they write on a board has an author."""
    member = Member.objects.filter(session=session, user_id=user.pk).first()
    if member is not None:
        return member
    name = getattr(user, "get_full_name", lambda: "")() or user.get_username()
    try:
        with transaction.atomic():
            return Member.objects.create(
                session=session,
                user_id=user.pk,
                display_name=name,
                is_facilitator=True,
                secret=_secret(),
            )
    except IntegrityError:
        # Two tabs opened at once; the other one created it.
        return Member.objects.get(session=session, user_id=user.pk)


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
        _group_locked(pk)
    member.group = group
    member.save(update_fields=["group"])
    if old_id is not None:
        old = _group_locked(old_id)
        if old.leader_id == member.pk:
            old.leader = None
            old.save(update_fields=["leader"])
            change = {"kind": "moved", "leader": "", "previous": member.display_name}
            _group_changed(old, leader_change=change)
        else:
            _group_changed(old)
    if group is not None:
        _group_changed(_group_locked(group.pk))
    session_event_record(session=session, extra={"moves": {str(member.pk): _move_entry(group)}})
    return member


@transaction.atomic
def board_connect(
    *,
    group_id: int,
    user: AbstractBaseUser | AnonymousUser,
    member_secret: str | None,
    first_socket: Callable[[int], bool] = lambda member_id: True,
) -> Viewer | None:
    """Who is opening this group's board over a socket, or None if they may not. A member
    counts as present in the group while at least one of their sockets is open; the caller
    may keep count of a member's sockets itself and say, by `first_socket`, which one is the
    first, so that only it writes the presence."""
    group = selectors.group_get(pk=group_id)
    if group is None:
        return None
    viewer = selectors.viewer_for(session=group.session, user=user, member_secret=member_secret)
    if viewer is None:
        return None
    if viewer.is_facilitator and viewer.member_id is None and isinstance(user, AbstractBaseUser):
        member = facilitator_member_ensure(session=group.session, user=user)
        viewer = Viewer(
            session_id=viewer.session_id,
            member_id=member.pk,
            group_id=None,
            is_facilitator=True,
        )
    if not may_view_board(viewer, group):
        return None
    if (
        not viewer.is_facilitator
        and viewer.member_id is not None
        and first_socket(viewer.member_id)
    ):
        _presence(viewer.member_id, group_id, +1)
    return viewer


@transaction.atomic
def board_disconnect(*, viewer: Viewer) -> None:
    if viewer.is_facilitator or viewer.member_id is None:
        return
    group_id = Member.objects.filter(pk=viewer.member_id).values_list("group_id", flat=True).first()
    _presence(viewer.member_id, group_id, -1)


def _presence(member_id: int, group_id: int | None, change: int) -> None:
    group = _group_locked(group_id) if group_id is not None else None
    members = Member.objects.filter(pk=member_id)
    if change < 0:
        members = members.filter(sockets__gt=0)
    if not members.update(sockets=F("sockets") + change):
        return
    sockets = Member.objects.values_list("sockets", flat=True).get(pk=member_id)
    # Only the first socket opening and the last one closing change who is present.
    if group is not None and sockets == (1 if change > 0 else 0):
        _group_changed(group)


@transaction.atomic
def group_leader_appoint(*, viewer: Viewer, group_id: int, member_id: int | None) -> BreakoutGroup:
    """Give the group `member_id` as its leader, or none. Who may is leader_change_check's;
    every change is announced to the group and the facilitator with who made it."""
    group = _group_locked(group_id)
    leader_change_check(viewer, group, member_id)
    if (
        member_id is not None
        and not Member.objects.filter(pk=member_id, group=group, is_facilitator=False).exists()
    ):
        raise ValidationError(MEMBER_NOT_IN_GROUP, code="not_in_group")
    previous = group.leader_id
    if previous == member_id:
        return group
    group.leader_id = member_id
    group.save(update_fields=["leader"])
    if viewer.is_facilitator:
        kind = "appointed" if member_id is not None else "removed"
    else:
        kind = "took" if member_id is not None else "stepped_down"
    _group_changed(
        group,
        leader_change={
            "kind": kind,
            "leader": selectors.member_name(member_id=member_id),
            "previous": selectors.member_name(member_id=previous),
        },
    )
    return group


@transaction.atomic
def group_summary_mark(*, viewer: Viewer, group_id: int, done: bool) -> BreakoutGroup:
    group = _group_locked(group_id)
    group_lead_check(viewer, group)
    if group.summary_done != done:
        group.summary_done = done
        group.save(update_fields=["summary_done"])
        _group_changed(group)
    return group


@transaction.atomic
def group_ready_mark(*, viewer: Viewer, group_id: int, ready: bool) -> BreakoutGroup:
    group = _group_locked(group_id)
    group_lead_check(viewer, group)
    if group.ready_to_report != ready:
        group.ready_to_report = ready
        group.save(update_fields=["ready_to_report"])
        _group_changed(group)
    return group


# --- Notes -------------------------------------------------------------------------------


def note_text_clean(text: str) -> str:
    """The text as kept: control characters other than line breaks and tabs removed, and
    checked against the limit with a message that says how far over it is."""
    text = "".join(
        char for char in text if char in "\n\t" or unicodedata.category(char) != "Cc"
    ).strip()
    if not text:
        raise ValidationError(NOTE_EMPTY, code="empty")
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            NOTE_TOO_LONG, code="too_long", params={"limit": NOTE_MAX_LENGTH, "length": len(text)}
        )
    return text


def _colour_clean(colour: str, *, default: str = "") -> str:
    if not colour:
        return default
    if colour not in Note.Colour.values:
        raise ValidationError(UNKNOWN_COLOUR, code="colour")
    return colour


def _frame_check(group: BreakoutGroup, frame_id: int) -> None:
    if not Frame.objects.filter(pk=frame_id, exercise_id=group.session.exercise_id).exists():
        raise ValidationError(FRAME_NOT_ON_BOARD, code="frame")


def _note_event(group: BreakoutGroup, note: Note, payload: NotePayload | None = None) -> Event:
    """Record the note's change for the group. `group` comes from _group_locked in this
    transaction; `payload` is the note as it now is, when the caller has it at hand."""
    event = group_event_record(
        group=group,
        event={
            "type": "note",
            "note": payload or note_payload(selectors.note_with_details(pk=note.pk)),
        },
    )
    # During report-back every screen shows the reporting group's summary; a note the group
    # still changes there must reach them all, not only the group.
    if group.session.reporting_group_id == group.pk:
        reporting = Session.objects.select_related("current_phase").get(pk=group.session_id)
        session_event_record(session=reporting)
    return event


def _note_locked(viewer: Viewer, note_id: int) -> tuple[BreakoutGroup, Note]:
    """The note and its group, locked in that order, if the viewer may see the note."""
    group_id = Note.objects.filter(pk=note_id).values_list("group_id", flat=True).first()
    if group_id is None:
        raise ValidationError(NOTE_GONE, code="gone")
    group = _group_locked(group_id)
    board_access_check(viewer, group)
    note = Note.objects.select_for_update(of=("self",)).get(pk=note_id)
    hidden = group.session.hides_notes and not viewer.is_facilitator
    if hidden and note.author_id != viewer.member_id:
        raise ValidationError(NOTE_GONE, code="gone")
    return group, note


@dataclass(frozen=True)
class NoteWrite:
    note: Note
    changed: bool
    conflict: bool = False
    extra: list[Note] = field(default_factory=list)
    # The note as its event showed it, when nothing can have changed it since: the writer's
    # reply reuses it instead of reading the note again.
    payload: NotePayload | None = None


@transaction.atomic
def note_create(
    *, viewer: Viewer, group_id: int, frame_id: int, text: str, colour: str, client_id: str
) -> NoteWrite:
    """A new note; the same `client_id` sent again returns the note already made."""
    text = note_text_clean(text)
    colour = _colour_clean(colour, default=Note.Colour.YELLOW)
    context = new_note_context_locked(
        group_id=group_id, client_id=client_id, frame_id=frame_id, author_id=viewer.member_id or 0
    )
    group = context.group
    author_id = writer_check(viewer, group)
    if context.existing_note_id is not None:
        return NoteWrite(note=Note.objects.get(pk=context.existing_note_id), changed=False)
    if context.client_id_taken:
        raise ValidationError(CLIENT_ID_TAKEN, code="client_id")
    if not context.frame_on_board:
        raise ValidationError(FRAME_NOT_ON_BOARD, code="frame")
    note = Note.objects.create(
        group=group,
        frame_id=frame_id,
        author_id=author_id,
        text=text,
        colour=colour,
        client_id=client_id,
    )
    # A new note has no votes, and its author is the writer: no need to read it back.
    payload = note_payload(
        note,
        author_name=context.author_name,
        author_organisation=context.author_organisation,
        voters=[],
    )
    event = _note_event(group, note, payload)
    return NoteWrite(note=note, changed=True, payload=event["note"])


def _conflict_client_id(note: Note, version: int, text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return f"conflict-{note.pk}-{version}-{digest}"


@transaction.atomic
def note_update(
    *, viewer: Viewer, note_id: int, text: str, version: int, colour: str = ""
) -> NoteWrite:
    """Change a note's text and colour. `version` is the one the writer started from; if
    someone saved in between, both texts are kept: the new one is added under a marker, or
    as a note of its own beside it when together they would be too long."""
    text = note_text_clean(text)
    colour = _colour_clean(colour)
    group, note = _note_locked(viewer, note_id)
    note_edit_check(viewer, note)
    if note.deleted_at is not None:
        raise ValidationError(NOTE_GONE, code="gone")
    if version == note.version:
        changed = text != note.text or bool(colour and colour != note.colour)
        note.text = text
        note.colour = colour or note.colour
        conflict = False
    elif text in note.text:
        # Already there: the same edit sent again, or saved from another tab.
        return NoteWrite(note=note, changed=False)
    else:
        conflict = changed = True
        name = selectors.member_name(member_id=viewer.member_id)
        merged = f"{note.text}\n\n{str(CONFLICT_MARKER) % {'name': name}}\n{text}"
        if len(merged) > NOTE_MAX_LENGTH:
            sibling, created = Note.objects.get_or_create(
                group=group,
                client_id=_conflict_client_id(note, version, text),
                defaults={
                    "frame_id": note.frame_id,
                    "author_id": viewer.member_id,
                    "text": text,
                    "colour": colour or note.colour,
                },
            )
            if created:
                _note_event(group, sibling)
            return NoteWrite(note=note, changed=created, conflict=True, extra=[sibling])
        note.text = merged
    if changed:
        note.version += 1
        note.save(update_fields=["text", "colour", "version", "updated_at"])
        _note_event(group, note)
    return NoteWrite(note=note, changed=changed, conflict=conflict)


@transaction.atomic
def note_move(*, viewer: Viewer, note_id: int, frame_id: int) -> NoteWrite:
    """Anyone in the group may sort notes between frames, as on a paper board."""
    group, note = _note_locked(viewer, note_id)
    writer_check(viewer, group)
    if note.deleted_at is not None:
        raise ValidationError(NOTE_GONE, code="gone")
    if note.frame_id == frame_id:
        return NoteWrite(note=note, changed=False)
    _frame_check(group, frame_id)
    note.frame_id = frame_id
    note.save(update_fields=["frame", "updated_at"])
    _note_event(group, note)
    return NoteWrite(note=note, changed=True)


@transaction.atomic
def note_delete(*, viewer: Viewer, note_id: int, now: datetime | None = None) -> NoteWrite:
    """Set aside, not erased, so the writer can undo it."""
    group, note = _note_locked(viewer, note_id)
    note_edit_check(viewer, note)
    if note.deleted_at is not None:
        return NoteWrite(note=note, changed=False)
    note.deleted_at = now or timezone.now()
    note.save(update_fields=["deleted_at", "updated_at"])
    _note_event(group, note)
    return NoteWrite(note=note, changed=True)


@transaction.atomic
def note_restore(*, viewer: Viewer, note_id: int) -> NoteWrite:
    group, note = _note_locked(viewer, note_id)
    note_edit_check(viewer, note)
    if note.deleted_at is None:
        return NoteWrite(note=note, changed=False)
    note.deleted_at = None
    note.save(update_fields=["deleted_at", "updated_at"])
    _note_event(group, note)
    return NoteWrite(note=note, changed=True)


@transaction.atomic
def note_vote(*, viewer: Viewer, note_id: int, on: bool) -> NoteWrite:
    """Set (not toggle) the viewer's +1, so sending it twice counts once."""
    group, note = _note_locked(viewer, note_id)
    member_id = writer_check(viewer, group)
    if note.deleted_at is not None:
        raise ValidationError(NOTE_GONE, code="gone")
    if on:
        _, changed = NoteVote.objects.get_or_create(note=note, member_id=member_id)
    else:
        changed = bool(NoteVote.objects.filter(note=note, member_id=member_id).delete()[0])
    if changed:
        _note_event(group, note)
    return NoteWrite(note=note, changed=changed)


@transaction.atomic
def note_goal_conflict_mark(*, viewer: Viewer, note_id: int, on: bool) -> NoteWrite:
    """Tag a note as a goal conflict ("Målkonflikt"), or take the tag off. Anyone in the
    group may, as with +1; setting it twice changes nothing."""
    # _note_locked has checked that the viewer may see this board; the tag needs no author.
    group, note = _note_locked(viewer, note_id)
    if note.deleted_at is not None:
        raise ValidationError(NOTE_GONE, code="gone")
    if note.is_goal_conflict == on:
        return NoteWrite(note=note, changed=False)
    note.is_goal_conflict = on
    note.save(update_fields=["is_goal_conflict", "updated_at"])
    _note_event(group, note)
    return NoteWrite(note=note, changed=True)


@transaction.atomic
def notes_import(*, group: BreakoutGroup, notes: Sequence[tuple[int, str]], key: str) -> list[Note]:
    """Notes typed in from a physical board, without an author. Each gets the client id
    `key`-n, so importing the same list again adds nothing."""
    group = _group_locked(group.pk)
    made: list[Note] = []
    for index, (frame_id, text) in enumerate(notes):
        _frame_check(group, frame_id)
        note, created = Note.objects.get_or_create(
            group=group,
            client_id=f"{key}-{index}",
            defaults={"frame_id": frame_id, "text": note_text_clean(text)},
        )
        if created:
            _note_event(group, note)
        made.append(note)
    return made


def permission_message(error: PermissionDenied) -> str:
    return str(error.args[0]) if error.args else _t("Det får du inte göra här.")
