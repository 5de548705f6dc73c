"""Reads for the live board: who is viewing, the group and its notes, the session state every
board shows, and catching a reconnecting board up, with their queries in place."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Final

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from larlabb.core.access import is_staff
from larlabb.workshops.access import Viewer, notes_readable
from larlabb.workshops.board.payloads import (
    GroupPayload,
    NoteGroupPayload,
    NotePayload,
    ReportingPayload,
    SessionPayload,
    event_for_viewer,
    group_payload,
    note_group_payload,
    note_payload,
    note_visible,
    session_payload,
)
from larlabb.workshops.models import (
    BreakoutGroup,
    Frame,
    GroupEvent,
    Member,
    Note,
    NoteGroup,
    NoteVote,
    Phase,
    Session,
)

# Beyond this many missed events a fresh state is smaller than the list of changes.
CATCHUP_LIMIT: Final = 300


def viewer_for(
    *, session: Session, user: AbstractBaseUser | AnonymousUser, member_secret: str | None
) -> Viewer | None:
    """Staff are facilitators of every session; anyone else is the member whose secret
    their browser's session holds."""
    if is_staff(user):
        member_id = (
            Member.objects.filter(session=session, user_id=user.pk)
            .values_list("pk", flat=True)
            .first()
        )
        return Viewer(
            session_id=session.pk, member_id=member_id, group_id=None, is_facilitator=True
        )
    if not member_secret:
        return None
    member = Member.objects.filter(session=session, secret=member_secret).first()
    if member is None:
        return None
    return Viewer(
        session_id=session.pk,
        member_id=member.pk,
        group_id=member.group_id,
        is_facilitator=member.is_facilitator,
    )


def member_get(*, viewer: Viewer) -> Member | None:
    if viewer.member_id is None:
        return None
    return Member.objects.select_related("group").filter(pk=viewer.member_id).first()


def member_name(*, member_id: int | None) -> str:
    if member_id is None:
        return ""
    return Member.objects.filter(pk=member_id).values_list("display_name", flat=True).first() or ""


def group_for_board(*, session: Session, number: int) -> BreakoutGroup | None:
    return BreakoutGroup.objects.filter(session=session, number=number).first()


def group_get(*, pk: int) -> BreakoutGroup | None:
    return BreakoutGroup.objects.select_related("session").filter(pk=pk).first()


def frames_for(*, session: Session) -> list[Frame]:
    return list(Frame.objects.filter(exercise_id=session.exercise_id))


def phases_for(*, session: Session) -> list[Phase]:
    return list(Phase.objects.filter(exercise_id=session.exercise_id))


def notes_for_board(*, group_id: int) -> QuerySet[Note]:
    return (
        Note.objects.filter(group_id=group_id, deleted_at__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("votes", queryset=NoteVote.objects.only("note_id", "member_id")))
    )


def frame_places(*, group_id: int, frame_id: int) -> list[tuple[int, int]]:
    """The live notes of one frame of a group's board, in board order, each as (id, position)."""
    return list(
        Note.objects.filter(group_id=group_id, frame_id=frame_id, deleted_at__isnull=True)
        .order_by("position", "created_at", "pk")
        .values_list("pk", "position")
    )


def frame_order(*, group_id: int, frame_id: int) -> list[int]:
    """The live notes of one frame of a group's board, in board order."""
    return [pk for pk, _position in frame_places(group_id=group_id, frame_id=frame_id)]


def note_groups_for_board(
    *, group_id: int, frame_id: int | None = None, visible: set[int] | None = None
) -> list[NoteGroupPayload]:
    """The named groups of a group's board (or of one frame) that have live notes, each with
    those notes in board order; with `visible`, only those notes, and only groups that keep
    one. (A group whose notes are all set aside comes back when one is restored.)"""
    note_groups = NoteGroup.objects.filter(group_id=group_id)
    if frame_id is not None:
        note_groups = note_groups.filter(frame_id=frame_id)
    members: dict[int, list[int]] = defaultdict(list)
    for note_id, note_group_id in (
        Note.objects.filter(note_group__in=note_groups, deleted_at__isnull=True)
        .order_by("position", "created_at", "pk")
        .values_list("pk", "note_group_id")
    ):
        if visible is None or note_id in visible:
            members[note_group_id].append(note_id)
    return [
        note_group_payload(note_group, members[note_group.pk])
        for note_group in note_groups
        if members[note_group.pk]
    ]


def note_group_state(*, note_group: NoteGroup) -> NoteGroupPayload:
    notes = Note.objects.filter(note_group=note_group, deleted_at__isnull=True).order_by(
        "position", "created_at", "pk"
    )
    return note_group_payload(note_group, list(notes.values_list("pk", flat=True)))


def note_with_details(*, pk: int) -> Note:
    return (
        Note.objects.select_related("author")
        .prefetch_related(Prefetch("votes", queryset=NoteVote.objects.only("note_id", "member_id")))
        .get(pk=pk)
    )


def group_members(*, group_id: int) -> list[Member]:
    return list(Member.objects.filter(group_id=group_id, is_facilitator=False))


def group_state(*, group: BreakoutGroup) -> GroupPayload:
    return group_payload(group, group_members(group_id=group.pk))


def summary_frame(*, session: Session) -> Frame | None:
    """The frame a group reports back from: the summary, or the last frame if the exercise
    has none."""
    frames = frames_for(session=session)
    summary = next((frame for frame in frames if frame.kind == Frame.Kind.SUMMARY), None)
    return summary or (frames[-1] if frames else None)


def session_reporting(*, session: Session) -> ReportingPayload | None:
    """The reporting group's summary as every screen shows it during report-back."""
    if session.reporting_group_id is None:
        return None
    numbers = list(
        BreakoutGroup.objects.filter(session_id=session.pk)
        .order_by("number")
        .values_list("pk", "number")
    )
    position = next(
        (i for i, (pk, _n) in enumerate(numbers) if pk == session.reporting_group_id), None
    )
    frame = summary_frame(session=session)
    if position is None or frame is None:
        return None
    # Every screen shows these, so only notes shown to everyone.
    notes = notes_for_board(group_id=session.reporting_group_id).filter(
        notes_readable(viewer=None), frame=frame
    )
    return {
        "group": session.reporting_group_id,
        "number": numbers[position][1],
        "position": position + 1,
        "count": len(numbers),
        "frame": frame.pk,
        "frame_title": frame.title,
        "notes": [note_payload(note) for note in notes],
        "note_groups": note_groups_for_board(
            group_id=session.reporting_group_id,
            frame_id=frame.pk,
            visible={note.pk for note in notes},
        ),
    }


def session_state(*, session: Session) -> SessionPayload:
    return session_payload(session, phases_for(session=session), session_reporting(session=session))


def board_state(*, viewer: Viewer, group: BreakoutGroup) -> dict[str, Any]:
    """Everything a board shows, as one payload. The sequence is read before the notes: the
    notes may then be newer than it, never older, and replaying newer events is harmless."""
    session = Session.objects.select_related("current_phase").get(pk=group.session_id)
    group = BreakoutGroup.objects.get(pk=group.pk)
    hidden = session.hides_notes and not viewer.is_facilitator
    notes: list[NotePayload] = [
        payload
        for payload in map(note_payload, notes_for_board(group_id=group.pk))
        if note_visible(payload, member_id=viewer.member_id, hidden=hidden)
    ]
    return {
        "type": "state",
        "group": group.pk,
        "seq": group.sequence,
        "notes": notes,
        "note_groups": note_groups_for_board(
            group_id=group.pk, visible={note["id"] for note in notes} if hidden else None
        ),
        "group_state": group_state(group=group),
        "session": session_state(session=session),
        "session_seq": session.sequence,
    }


def board_catchup(*, viewer: Viewer, group: BreakoutGroup, since: int | None) -> dict[str, Any]:
    """What a reconnecting client missed since `since`: the events themselves while they are
    few and all kept, otherwise the whole board."""
    if since is None:
        return board_state(viewer=viewer, group=group)
    events = list(
        GroupEvent.objects.filter(group=group, sequence__gt=since)
        .order_by("sequence")
        .values_list("payload", flat=True)[: CATCHUP_LIMIT + 1]
    )
    complete = not events or events[0]["seq"] == since + 1
    if len(events) > CATCHUP_LIMIT or not complete:
        return board_state(viewer=viewer, group=group)
    session = Session.objects.select_related("current_phase").get(pk=group.session_id)
    hidden = session.hides_notes and not viewer.is_facilitator
    return {
        "type": "catchup",
        "group": group.pk,
        "events": [
            event_for_viewer(
                event,
                member_id=viewer.member_id,
                is_facilitator=viewer.is_facilitator,
                hidden=hidden,
            )
            for event in events
        ],
        "session": session_state(session=session),
        "session_seq": session.sequence,
    }


def session_get(*, pk: int) -> Session | None:
    return (
        Session.objects.select_related(
            "exercise__workshop__project", "exercise__workshop__block", "current_phase"
        )
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class GroupRow:
    group: BreakoutGroup
    members: list[Member]
    counts: list[tuple[int, int]]
    total: int
    conflicts: int

    @property
    def online(self) -> int:
        return sum(member.sockets > 0 for member in self.members)


def session_overview(*, session: Session) -> dict[str, Any]:
    """The facilitator's view of every group: members, counts per frame, status; and a map
    of each live note to its frame, so live events can keep the counts right."""
    frames = frames_for(session=session)
    groups = list(
        BreakoutGroup.objects.filter(session=session)
        .select_related("leader")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Member.objects.filter(is_facilitator=False),
                to_attr="participants",
            )
        )
    )
    note_frames: dict[int, dict[int, int]] = defaultdict(dict)
    conflicts: dict[int, list[int]] = defaultdict(list)
    for note_id, group_id, frame_id, is_conflict in Note.objects.filter(
        group__session=session, deleted_at__isnull=True
    ).values_list("pk", "group_id", "frame_id", "is_goal_conflict"):
        note_frames[group_id][note_id] = frame_id
        if is_conflict:
            conflicts[group_id].append(note_id)
    rows: list[GroupRow] = []
    for group in groups:
        per_frame = defaultdict(int, _counts(note_frames[group.pk]))
        rows.append(
            GroupRow(
                group=group,
                members=group.participants,
                counts=[(frame.pk, per_frame[frame.pk]) for frame in frames],
                total=len(note_frames[group.pk]),
                conflicts=len(conflicts[group.pk]),
            )
        )
    waiting = list(session.members.filter(group__isnull=True, is_facilitator=False))
    state = session_state(session=session)
    return {
        "session": state,
        "session_seq": session.sequence,
        "frames": frames,
        "rows": rows,
        "waiting": waiting,
        "live": {
            "groups": {
                str(row.group.pk): {
                    "seq": row.group.sequence,
                    "notes": {str(k): v for k, v in note_frames[row.group.pk].items()},
                    "conflicts": conflicts[row.group.pk],
                    "state": group_payload(row.group, row.members),
                }
                for row in rows
            },
            "frames": [frame.pk for frame in frames],
            "session": state,
            "session_seq": session.sequence,
        },
    }


def _counts(note_frames: dict[int, int]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for frame_id in note_frames.values():
        counts[frame_id] += 1
    return counts
