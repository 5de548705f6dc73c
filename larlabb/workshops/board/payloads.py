"""The one serialiser for everything a board shows, used by the page and by the socket alike,
so HTTP and WebSocket output cannot drift. Payloads are plain JSON: ids, text, numbers and
epoch milliseconds; never HTML.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final, TypedDict

import msgspec
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from larlabb.workshops.models import BreakoutGroup, Member, Note, NoteGroup, Phase, Session


class NotePayload(TypedDict):
    id: int
    client_id: str
    frame: int
    text: str
    colour: str
    author: int | None
    author_name: str
    author_organisation: str
    version: int
    voters: list[int]
    goal_conflict: bool
    deleted: bool
    created_at: int
    # The note's place in its frame (lowest first) and its named group, if any.
    position: int
    note_group: int | None


class NoteGroupPayload(TypedDict):
    """A named group of notes in one frame; `notes` are its live notes in board order.
    A dissolved group is sent once more, with `dissolved` set and no notes."""

    id: int
    frame: int
    name: str
    # The name, or "Namnlös grupp" for a group without one, in the viewer's language.
    title: str
    notes: list[int]
    dissolved: bool


class MemberPayload(TypedDict):
    id: int
    name: str
    organisation: str
    kind: str
    online: bool


class GroupPayload(TypedDict):
    id: int
    number: int
    leader: int | None
    summary_done: bool
    ready_to_report: bool
    members: list[MemberPayload]


class PhasePayload(TypedDict):
    id: int
    title: str
    minutes: int
    number: int
    count: int
    hides_others: bool


class MessagePayload(TypedDict):
    text: str
    sent_at: int


class ReportingPayload(TypedDict):
    """The group reporting back and its summary frame, shown on every screen."""

    group: int
    number: int
    position: int
    count: int
    frame: int
    frame_title: str
    notes: list[NotePayload]
    note_groups: list[NoteGroupPayload]


class SessionPayload(TypedDict):
    id: int
    status: str
    phase: PhasePayload | None
    next_phase: str | None
    ends_at: int | None
    paused_remaining: int | None
    hidden: bool
    message: MessagePayload | None
    reporting: ReportingPayload | None
    server_now: int


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def note_payload(
    note: Note,
    *,
    author_name: str | None = None,
    author_organisation: str = "",
    voters: list[int] | None = None,
) -> NotePayload:
    """A note as every client sees it. Needs `author` selected and `votes` prefetched, unless
    the caller passes the author's name and the voters (a note just made has none)."""
    if author_name is None:
        author = note.author if note.author_id is not None else None
        author_name = author.display_name if author else ""
        author_organisation = author.organisation_name if author else ""
    if voters is None:
        voters = sorted(vote.member_id for vote in note.votes.all())
    return {
        "id": note.pk,
        "client_id": note.client_id,
        "frame": note.frame_id,
        "text": note.text,
        "colour": note.colour,
        "author": note.author_id,
        "author_name": author_name,
        "author_organisation": author_organisation,
        "version": note.version,
        "voters": voters,
        "goal_conflict": note.is_goal_conflict,
        "deleted": note.deleted_at is not None,
        "created_at": epoch_ms(note.created_at),
        "position": note.position,
        "note_group": note.note_group_id,
    }


def note_group_title(name: str) -> str:
    return name or _("Namnlös grupp")


def note_group_payload(
    note_group: NoteGroup, note_ids: Sequence[int], *, dissolved: bool = False
) -> NoteGroupPayload:
    return {
        "id": note_group.pk,
        "frame": note_group.frame_id,
        "name": note_group.name,
        "title": note_group_title(note_group.name),
        "notes": list(note_ids),
        "dissolved": dissolved,
    }


def member_payload(member: Member) -> MemberPayload:
    return {
        "id": member.pk,
        "name": member.display_name,
        "organisation": member.organisation_name,
        "kind": member.organisation_kind,
        "online": member.sockets > 0,
    }


def group_payload(group: BreakoutGroup, members: Sequence[Member]) -> GroupPayload:
    return {
        "id": group.pk,
        "number": group.number,
        "leader": group.leader_id,
        "summary_done": group.summary_done,
        "ready_to_report": group.ready_to_report,
        "members": [member_payload(member) for member in members],
    }


def session_payload(
    session: Session, phases: Sequence[Phase], reporting: ReportingPayload | None = None
) -> SessionPayload:
    """The whole of a session's shared state: sent in full on every change, so a client
    only needs the newest one."""
    current = session.current_phase
    phase: PhasePayload | None = None
    next_title: str | None = phases[0].title if phases and current is None else None
    if current is not None:
        index = next((i for i, p in enumerate(phases) if p.pk == current.pk), 0)
        phase = {
            "id": current.pk,
            "title": current.title,
            "minutes": current.minutes,
            "number": index + 1,
            "count": len(phases),
            "hides_others": current.hides_others,
        }
        if index + 1 < len(phases):
            next_title = phases[index + 1].title
    if session.status == Session.Status.FINISHED:
        next_title = None
    message: MessagePayload | None = None
    if session.message and session.message_sent_at:
        message = {"text": session.message, "sent_at": epoch_ms(session.message_sent_at)}
    remaining = session.paused_remaining
    return {
        "id": session.pk,
        "status": session.status,
        "phase": phase,
        "next_phase": next_title,
        "ends_at": epoch_ms(session.phase_ends_at) if session.phase_ends_at else None,
        "paused_remaining": int(remaining.total_seconds() * 1000) if remaining else None,
        "hidden": session.hides_notes,
        "message": message,
        "reporting": reporting,
        "server_now": epoch_ms(timezone.now()),
    }


def note_visible(note: NotePayload, *, member_id: int | None, hidden: bool) -> bool:
    """While the group writes alone first, a member sees only their own notes."""
    return not hidden or (note["author"] is not None and note["author"] == member_id)


def event_for_viewer(
    event: dict[str, Any], *, member_id: int | None, is_facilitator: bool, hidden: bool
) -> dict[str, Any]:
    """The event as this viewer may see it. A hidden note still uses up its sequence number,
    so the viewer gets a bare "skip" and never mistakes the gap for a lost message. A named
    group's name and notes may tell what others wrote: while hidden, its group event comes
    without them, and the whole board is sent again once the notes are shown."""
    if is_facilitator:
        return event
    if event.get("type") == "group" and "note_group" in event and hidden:
        return {key: value for key, value in event.items() if key != "note_group"}
    if event.get("type") != "note":
        return event
    if note_visible(event["note"], member_id=member_id, hidden=hidden):
        return event
    return {"type": "skip", "group": event["group"], "seq": event["seq"]}


def _lazy_text(value: object) -> str:
    if isinstance(value, Promise):  # a gettext_lazy message
        return str(value)
    raise NotImplementedError(f"{type(value).__name__} is not JSON")


_encoder: Final = msgspec.json.Encoder(enc_hook=_lazy_text)


def payload_encode(content: object) -> str:
    """A message for a board's socket as JSON text. msgspec writes it many times faster than
    json.dumps (bench/codecs.py), and every change is written once for each screen it reaches."""
    return _encoder.encode(content).decode()
