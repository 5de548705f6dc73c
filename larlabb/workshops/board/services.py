"""Writes on the live board: opening and closing it, the group's leader and marks, and notes.

Board writes lock their group's row first, so writes to one board are applied one at a time
and their events carry the order the database applied them in; each then records and sends
its event after commit (see events.py). A write that changes nothing sends nothing, so a
message resent after a lost connection is harmless.
"""

import hashlib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from larlabb.workshops.access import (
    Viewer,
    board_access_check,
    group_lead_check,
    leader_change_check,
    may_view_board,
    member_secret_new,
    note_edit_check,
    writer_check,
)
from larlabb.workshops.board import selectors
from larlabb.workshops.board.event_pump import Event
from larlabb.workshops.board.events import group_event_record, session_event_record
from larlabb.workshops.board.new_note_context import new_note_context_locked
from larlabb.workshops.board.payloads import (
    NoteGroupPayload,
    NotePayload,
    note_group_payload,
    note_payload,
)
from larlabb.workshops.models import (
    NOTE_GROUP_NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    BreakoutGroup,
    Frame,
    Member,
    Note,
    NoteGroup,
    NoteVote,
    Session,
)

NOTE_EMPTY: Final = _("Skriv något på lappen först.")
NOTE_TOO_LONG: Final = _(
    "En lapp får vara högst %(limit)d tecken och den här är %(length)d. Korta texten eller "
    "dela upp den på två lappar – det du har skrivit finns kvar."
)
NOTE_GONE: Final = _("Lappen finns inte längre; någon har tagit bort den.")
FRAME_NOT_ON_BOARD: Final = _("Rutan finns inte på den här tavlan.")
UNKNOWN_COLOUR: Final = _("Välj en av färgerna i listan.")
MEMBER_NOT_IN_GROUP: Final = _("Personen är inte med i gruppen.")
CLIENT_ID_TAKEN: Final = _("Lappen kunde inte sparas. Spara den en gång till.")
CONFLICT_MARKER: Final = _("Samtidig ändring från %(name)s:")
NOTE_GROUP_GONE: Final = _("Gruppen finns inte längre; någon har tagit isär den.")
NOTE_GROUP_SAME_NOTE: Final = _("Släpp lappen på en annan lapp för att göra en grupp av dem.")
NOTE_GROUP_NAME_TOO_LONG: Final = _(
    "Ett gruppnamn får vara högst %(limit)d tecken och det här är %(length)d. Korta namnet – "
    "det du har skrivit finns kvar."
)
BEFORE_NOT_IN_FRAME: Final = _(
    "Lappen du ville lägga den framför finns inte längre i rutan. Flytta lappen en gång till."
)


def group_locked(pk: int) -> BreakoutGroup:
    """The group, locked for this transaction, with its session and phase read in the same
    query: changing a note needs both (who may see it, whether the group is reporting back),
    and a query less per note matters on a busy board."""
    return (
        BreakoutGroup.objects.select_for_update(of=("self",))
        .select_related("session__current_phase")
        .get(pk=pk)
    )


def group_changed(group: BreakoutGroup, **extra: object) -> Event:
    return group_event_record(
        group=group,
        event={"type": "group", "state": selectors.group_state(group=group), **extra},
    )


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
                secret=member_secret_new(),
            )
    except IntegrityError:
        # Two tabs opened at once; the other one created it.
        return Member.objects.get(session=session, user_id=user.pk)


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
    group = group_locked(group_id) if group_id is not None else None
    members = Member.objects.filter(pk=member_id)
    if change < 0:
        members = members.filter(sockets__gt=0)
    if not members.update(sockets=F("sockets") + change):
        return
    sockets = Member.objects.values_list("sockets", flat=True).get(pk=member_id)
    # Only the first socket opening and the last one closing change who is present.
    if group is not None and sockets == (1 if change > 0 else 0):
        group_changed(group)


@transaction.atomic
def group_leader_appoint(*, viewer: Viewer, group_id: int, member_id: int | None) -> BreakoutGroup:
    """Give the group `member_id` as its leader, or none. Who may is leader_change_check's;
    every change is announced to the group and the facilitator with who made it."""
    group = group_locked(group_id)
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
    group_changed(
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
    group = group_locked(group_id)
    group_lead_check(viewer, group)
    if group.summary_done != done:
        group.summary_done = done
        group.save(update_fields=["summary_done"])
        group_changed(group)
    return group


@transaction.atomic
def group_ready_mark(*, viewer: Viewer, group_id: int, ready: bool) -> BreakoutGroup:
    group = group_locked(group_id)
    group_lead_check(viewer, group)
    if group.ready_to_report != ready:
        group.ready_to_report = ready
        group.save(update_fields=["ready_to_report"])
        group_changed(group)
    return group


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


def _note_event(
    group: BreakoutGroup,
    note: Note,
    payload: NotePayload | None = None,
    *,
    order: list[int] | None = None,
) -> Event:
    """Record the note's change for the group. `group` comes from group_locked in this
    transaction; `payload` is the note as it now is, when the caller has it at hand; `order`
    the live notes of the note's frame in board order, when the change moved notes there."""
    event: Event = {
        "type": "note",
        "note": payload or note_payload(selectors.note_with_details(pk=note.pk)),
    }
    if order is not None:
        event["order"] = {"frame": note.frame_id, "notes": order}
    event = group_event_record(group=group, event=event)
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
    group = group_locked(group_id)
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
        position=group.sequence + 1,
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
                    "position": group.sequence + 1,
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


def _note_place(
    group: BreakoutGroup,
    note: Note,
    frame_id: int,
    *,
    before: int | None = None,
    index: int | None = None,
) -> list[int]:
    """Put `note` into `frame_id` before the note `before`, at `index` among the frame's
    other live notes, or last, and return the frame's new order. The note's new position is
    set on it; the caller saves it with its frame.

    Only the moved note changes while there is room between its new neighbours; otherwise
    the frame is spread out again, below the group's sequence (see Note.position)."""
    old = dict(selectors.frame_places(group_id=group.pk, frame_id=frame_id))
    others = [pk for pk in old if pk != note.pk]
    if before is not None:
        if before not in others:
            raise ValidationError(BEFORE_NOT_IN_FRAME, code="before")
        at = others.index(before)
    elif index is not None:
        at = min(index, len(others))
    else:
        at = len(others)
    lower = old[others[at - 1]] if at > 0 else -1
    upper = old[others[at]] if at < len(others) else None
    others.insert(at, note.pk)
    if upper is None:
        note.position = group.sequence + 1
    elif upper - lower >= 2:
        note.position = (lower + upper) // 2
    else:
        step = max(1, group.sequence // (len(others) + 1))
        spread = {pk: (place + 1) * step for place, pk in enumerate(others)}
        Note.objects.bulk_update(
            [
                Note(pk=pk, position=spread[pk])
                for pk in others
                if pk != note.pk and old[pk] != spread[pk]
            ],
            ["position"],
        )
        note.position = spread[note.pk]
    return others


@transaction.atomic
def note_move(
    *,
    viewer: Viewer,
    note_id: int,
    frame_id: int,
    before: int | None = None,
    index: int | None = None,
) -> NoteWrite:
    """Anyone in the group may sort notes between frames and within one, as on a paper
    board. Without `before` or `index` the note goes last in another frame and stays put in
    its own. The last move wins: the moves of one board are applied one at a time, and each
    sends the frame's new order. A move leaves the text and version alone, so an edit made
    meanwhile is kept too."""
    group, note = _note_locked(viewer, note_id)
    writer_check(viewer, group)
    if note.deleted_at is not None:
        raise ValidationError(NOTE_GONE, code="gone")
    same_frame = note.frame_id == frame_id
    if same_frame and before is None and index is None:
        return NoteWrite(note=note, changed=False)
    if before == note.pk:
        return NoteWrite(note=note, changed=False)
    if not same_frame:
        _frame_check(group, frame_id)
    from_group = note.note_group_id if not same_frame else None
    previous = (note.frame_id, note.position)
    order = _note_place(group, note, frame_id, before=before, index=index)
    if same_frame and note.position == previous[1]:
        return NoteWrite(note=note, changed=False)
    note.frame_id = frame_id
    # A named group lives in one frame: a note moved out of it leaves the group.
    note.note_group_id = None if from_group else note.note_group_id
    note.save(update_fields=["frame", "position", "note_group", "updated_at"])
    _note_event(group, note, order=order)
    if from_group is not None:
        note_group_left(group, from_group)
    return NoteWrite(note=note, changed=True)


def note_group_changed(
    group: BreakoutGroup, note_group: NoteGroup, *, dissolved: bool = False
) -> Event:
    """Record a change of a named group for the board, as a group event that carries it:
    browsers already number and apply group events."""
    if dissolved:
        payload = note_group_payload(note_group, [], dissolved=True)
    else:
        payload = selectors.note_group_state(note_group=note_group)
    return group_changed(group, note_group=payload)


def note_group_left(group: BreakoutGroup, note_group_id: int) -> None:
    """A note has left the named group: a group with fewer than two live notes left
    dissolves, as in Miro and Parabol, and its last note stays where it is, ungrouped."""
    note_group = NoteGroup.objects.filter(pk=note_group_id).first()
    if note_group is None:
        return
    remaining = list(
        Note.objects.select_for_update(of=("self",)).filter(
            note_group=note_group, deleted_at__isnull=True
        )
    )
    if len(remaining) >= 2:
        note_group_changed(group, note_group)
        return
    Note.objects.filter(note_group=note_group).update(note_group=None)
    NoteGroup.objects.filter(pk=note_group.pk).delete()
    for note in remaining:
        note.note_group_id = None
        _note_event(group, note)
    note_group_changed(group, note_group, dissolved=True)


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
    group = group_locked(group.pk)
    made: list[Note] = []
    for index, (frame_id, text) in enumerate(notes):
        _frame_check(group, frame_id)
        note, created = Note.objects.get_or_create(
            group=group,
            client_id=f"{key}-{index}",
            defaults={
                "frame_id": frame_id,
                "position": group.sequence + 1,
                "text": note_text_clean(text),
            },
        )
        if created:
            _note_event(group, note)
        made.append(note)
    return made


@dataclass(frozen=True)
class NoteGroupWrite:
    note_group: NoteGroupPayload
    changed: bool


def note_group_name_clean(name: str) -> str:
    """The name as kept: on one line, without control characters; it may be empty."""
    name = " ".join(
        "".join(
            char for char in name if unicodedata.category(char) != "Cc" or char in "\n\t"
        ).split()
    )
    if len(name) > NOTE_GROUP_NAME_MAX_LENGTH:
        raise ValidationError(
            NOTE_GROUP_NAME_TOO_LONG,
            code="too_long",
            params={"limit": NOTE_GROUP_NAME_MAX_LENGTH, "length": len(name)},
        )
    return name


def _note_group_locked(viewer: Viewer, note_group_id: int) -> tuple[BreakoutGroup, NoteGroup]:
    """The named group and its board's group, locked in the order notes lock them, if the
    viewer may write on that board."""
    group_id = NoteGroup.objects.filter(pk=note_group_id).values_list("group_id", flat=True).first()
    if group_id is None:
        raise ValidationError(NOTE_GROUP_GONE, code="gone")
    group = group_locked(group_id)
    board_access_check(viewer, group)
    writer_check(viewer, group)
    note_group = NoteGroup.objects.select_for_update(of=("self",)).filter(pk=note_group_id).first()
    if note_group is None:
        raise ValidationError(NOTE_GROUP_GONE, code="gone")
    return group, note_group


def _live_note_on(viewer: Viewer, group: BreakoutGroup, note_id: int) -> Note:
    """A live note of this board that the viewer may see, locked; its group is locked."""
    locked_group, note = _note_locked(viewer, note_id)
    if locked_group.pk != group.pk or note.deleted_at is not None:
        raise ValidationError(NOTE_GONE, code="gone")
    return note


def _note_join(group: BreakoutGroup, note: Note, note_group: NoteGroup, after: Note) -> None:
    """Put `note` into `note_group`, in its frame right after `after`, and send the change."""
    others = [
        pk
        for pk in selectors.frame_order(group_id=group.pk, frame_id=note_group.frame_id)
        if pk != note.pk
    ]
    index = others.index(after.pk) + 1 if after.pk in others else None
    from_group = note.note_group_id
    order = _note_place(group, note, note_group.frame_id, index=index)
    note.frame_id = note_group.frame_id
    note.note_group_id = note_group.pk
    note.save(update_fields=["frame", "position", "note_group", "updated_at"])
    _note_event(group, note, order=order)
    if from_group is not None:
        note_group_left(group, from_group)


@transaction.atomic
def note_group_create(
    *, viewer: Viewer, note_id: int, onto_id: int, name: str = "", client_id: str
) -> NoteGroupWrite:
    """Group two notes, as when one is dropped on the other: `note_id` goes right after
    `onto_id` in its frame. Dropped on a note that is already grouped, it joins that group.
    The same `client_id` sent again returns the group already made."""
    name = note_group_name_clean(name)
    if note_id == onto_id:
        raise ValidationError(NOTE_GROUP_SAME_NOTE, code="same_note")
    group, onto = _note_locked(viewer, onto_id)
    writer_check(viewer, group)
    existing = NoteGroup.objects.filter(group=group, client_id=client_id).first()
    if existing is not None:
        return NoteGroupWrite(selectors.note_group_state(note_group=existing), changed=False)
    if onto.deleted_at is not None:
        raise ValidationError(NOTE_GONE, code="gone")
    note = _live_note_on(viewer, group, note_id)
    if onto.note_group_id is not None:
        target = NoteGroup.objects.select_for_update(of=("self",)).get(pk=onto.note_group_id)
        if note.note_group_id == target.pk:
            return NoteGroupWrite(selectors.note_group_state(note_group=target), changed=False)
    else:
        target = NoteGroup.objects.create(
            group=group, frame_id=onto.frame_id, name=name, client_id=client_id
        )
        onto.note_group_id = target.pk
        onto.save(update_fields=["note_group", "updated_at"])
        _note_event(group, onto)
    _note_join(group, note, target, after=onto)
    note_group_changed(group, target)
    return NoteGroupWrite(selectors.note_group_state(note_group=target), changed=True)


@transaction.atomic
def note_group_rename(*, viewer: Viewer, note_group_id: int, name: str) -> NoteGroupWrite:
    name = note_group_name_clean(name)
    group, note_group = _note_group_locked(viewer, note_group_id)
    if note_group.name == name:
        return NoteGroupWrite(selectors.note_group_state(note_group=note_group), changed=False)
    note_group.name = name
    note_group.save(update_fields=["name", "updated_at"])
    event = note_group_changed(group, note_group)
    return NoteGroupWrite(event["note_group"], changed=True)


@transaction.atomic
def note_group_note_add(*, viewer: Viewer, note_group_id: int, note_id: int) -> NoteGroupWrite:
    """Put a note into a named group, after the group's last note, moving it to the group's
    frame if it is elsewhere."""
    group, note_group = _note_group_locked(viewer, note_group_id)
    note = _live_note_on(viewer, group, note_id)
    if note.note_group_id == note_group.pk:
        return NoteGroupWrite(selectors.note_group_state(note_group=note_group), changed=False)
    last = (
        Note.objects.filter(note_group=note_group, deleted_at__isnull=True)
        .order_by("position", "created_at", "pk")
        .last()
    )
    if last is None:
        raise ValidationError(NOTE_GROUP_GONE, code="gone")
    _note_join(group, note, note_group, after=last)
    event = note_group_changed(group, note_group)
    return NoteGroupWrite(event["note_group"], changed=True)


@transaction.atomic
def note_group_note_remove(*, viewer: Viewer, note_id: int) -> NoteWrite:
    """Take a note out of its named group; it stays where it is. Taking out a note that is
    in no group changes nothing, so a message sent again is harmless."""
    group, note = _note_locked(viewer, note_id)
    writer_check(viewer, group)
    if note.deleted_at is not None:
        raise ValidationError(NOTE_GONE, code="gone")
    from_group = note.note_group_id
    if from_group is None:
        return NoteWrite(note=note, changed=False)
    note.note_group_id = None
    note.save(update_fields=["note_group", "updated_at"])
    _note_event(group, note)
    note_group_left(group, from_group)
    return NoteWrite(note=note, changed=True)


@transaction.atomic
def note_group_move(*, viewer: Viewer, note_group_id: int, frame_id: int) -> NoteGroupWrite:
    """Move a named group with all its notes, in their order, to the end of another frame."""
    group, note_group = _note_group_locked(viewer, note_group_id)
    if note_group.frame_id == frame_id:
        return NoteGroupWrite(selectors.note_group_state(note_group=note_group), changed=False)
    _frame_check(group, frame_id)
    notes = list(
        Note.objects.select_for_update(of=("self",))
        .filter(note_group=note_group)
        .order_by("position", "created_at", "pk")
    )
    for note in notes:
        if note.deleted_at is not None:
            # Set aside: it goes with its group, so undoing the deletion puts it back there.
            note.frame_id = frame_id
            note.save(update_fields=["frame", "updated_at"])
            continue
        order = _note_place(group, note, frame_id)
        note.frame_id = frame_id
        note.save(update_fields=["frame", "position", "updated_at"])
        _note_event(group, note, order=order)
    note_group.frame_id = frame_id
    note_group.save(update_fields=["frame", "updated_at"])
    event = note_group_changed(group, note_group)
    return NoteGroupWrite(event["note_group"], changed=True)


def permission_message(error: PermissionDenied) -> str:
    return str(error.args[0]) if error.args else _t("Det får du inte göra här.")
