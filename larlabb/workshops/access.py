"""Who may read and write which board. Every service and consumer asks these few functions."""

from dataclasses import dataclass
from secrets import token_urlsafe
from typing import Final

from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from larlabb.workshops.models import BreakoutGroup, Note

MEMBERS_SESSION_KEY: Final = "workshops.members"

NOT_YOUR_GROUP: Final = _("Du kan bara se och skriva på din egen grupps tavla.")
NOT_YOUR_NOTE: Final = _("Du kan bara ändra och ta bort dina egna lappar.")
NOT_LEADER: Final = _("Bara gruppledaren eller samtalsledaren kan markera det.")
NOT_A_MEMBER: Final = _("Du behöver delta i passet för att skriva på tavlan.")
LEADER_IS_CHOSEN: Final = _(
    "Gruppen har redan en gruppledare. Bara samtalsledaren kan byta eller ta bort gruppledaren."
)
ONLY_YOURSELF: Final = _("Du kan bara ta rollen som gruppledare själv. Samtalsledaren utser andra.")


@dataclass(frozen=True)
class Viewer:
    """Who is looking at a session: a member of one group, or a facilitator who sees all."""

    session_id: int
    member_id: int | None
    group_id: int | None
    is_facilitator: bool


def may_view_board(viewer: Viewer, group: BreakoutGroup) -> bool:
    if viewer.session_id != group.session_id:
        return False
    return viewer.is_facilitator or (viewer.group_id is not None and viewer.group_id == group.pk)


def board_access_check(viewer: Viewer, group: BreakoutGroup) -> None:
    if not may_view_board(viewer, group):
        raise PermissionDenied(NOT_YOUR_GROUP)


def writer_check(viewer: Viewer, group: BreakoutGroup) -> int:
    """The member id that writes on this board; a viewer without one cannot write."""
    board_access_check(viewer, group)
    if viewer.member_id is None:
        raise PermissionDenied(NOT_A_MEMBER)
    return viewer.member_id


def may_edit_note(viewer: Viewer, note: Note) -> bool:
    if viewer.is_facilitator:
        return True
    return note.author_id is not None and note.author_id == viewer.member_id


def note_edit_check(viewer: Viewer, note: Note) -> None:
    if not may_edit_note(viewer, note):
        raise PermissionDenied(NOT_YOUR_NOTE)


def group_lead_check(viewer: Viewer, group: BreakoutGroup) -> None:
    board_access_check(viewer, group)
    if viewer.is_facilitator:
        return
    if group.leader_id is None or group.leader_id != viewer.member_id:
        raise PermissionDenied(NOT_LEADER)


def notes_hidden() -> Q:
    """Notes only their writer and the facilitators may read now: those of a session whose
    current phase has everyone write alone first, until the facilitator shows them."""
    return Q(group__session__current_phase__hides_others=True, group__session__notes_revealed=False)


def notes_readable(*, viewer: Viewer | None) -> Q:
    """The notes `viewer` may read: a facilitator every note, a member the notes shown and
    their own. None stands for everyone else (public pages, documentation and its exports,
    the search, syntheses): only the notes shown."""
    if viewer is not None and viewer.is_facilitator:
        return Q()
    shown = ~notes_hidden()
    if viewer is not None and viewer.member_id is not None:
        return shown | Q(author_id=viewer.member_id)
    return shown


def leader_change_check(viewer: Viewer, group: BreakoutGroup, member_id: int | None) -> None:
    """A member may take the leader role while the group has none, and a leader may step
    down; appointing someone else, or changing or removing a leader, is the facilitator's."""
    board_access_check(viewer, group)
    if viewer.is_facilitator:
        return
    if member_id is None:
        if group.leader_id is None or group.leader_id != viewer.member_id:
            raise PermissionDenied(LEADER_IS_CHOSEN)
        return
    if member_id != viewer.member_id:
        raise PermissionDenied(ONLY_YOURSELF)
    if group.leader_id is not None:
        raise PermissionDenied(LEADER_IS_CHOSEN)


def member_secret_new() -> str:
    return token_urlsafe(32)


def member_secret_get(session: SessionBase, session_id: int) -> str | None:
    secrets = session.get(MEMBERS_SESSION_KEY) or {}
    secret = secrets.get(str(session_id)) if isinstance(secrets, dict) else None
    return secret if isinstance(secret, str) else None


def member_secret_remember(session: SessionBase, session_id: int, secret: str) -> None:
    secrets = dict(session.get(MEMBERS_SESSION_KEY) or {})
    secrets[str(session_id)] = secret
    session[MEMBERS_SESSION_KEY] = secrets
