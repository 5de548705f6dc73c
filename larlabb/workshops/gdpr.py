"""Workshop members copy a registered participant's name when they join; erasing the
participant in registration erases that copy too and ends their access to the boards, their
open sockets included. A participant who leaves (removed from the group, or their
organisation withdrew) loses their access to the boards the same way, and keeps their name."""

from typing import Any, Final

from django.utils import timezone
from django.utils.crypto import salted_hmac

from larlabb.registration.models import Participant
from larlabb.workshops.board.access_end import sockets_close
from larlabb.workshops.board.channel_groups import member_channel
from larlabb.workshops.models import Member, Note, Session
from larlabb.workshops.sessions.services import participant_secret

ERASED_MEMBER_NAME: Final = "Borttagen deltagare"


def _removed_secret(session_id: int, participant_id: int) -> str:
    # Derived like the live secret but never handed to a browser: the person's browser no
    # longer finds the member, while a later erasure of the removed person still does.
    return salted_hmac(
        "larlabb.workshops.participant-removed",
        f"{session_id}:{participant_id}",
        algorithm="sha256",
    ).hexdigest()


def participant_access_end(*, participant_id: int, project_id: int) -> list[Member]:
    """End a participant's access to every board of their project: the secret their browser
    holds no longer finds their member rows, and their open sockets are closed once the
    transaction commits. Their notes stay, under the name they had."""
    sessions = Session.objects.filter(exercise__workshop__project_id=project_id)
    # Only the id goes into the secret, so a participant row already deleted (removed from
    # the group) is found the same way.
    keys = [participant_secret(session, Participant(pk=participant_id)) for session in sessions]
    keys += [_removed_secret(session.pk, participant_id) for session in sessions]
    members = list(Member.objects.filter(secret__in=keys))
    for member in members:
        Member.objects.filter(pk=member.pk).update(
            secret=_removed_secret(member.session_id, participant_id)
        )
        sockets_close(channel=member_channel(member.pk))
    return members


def members_of_participant_erase(*, participant_id: int, project_id: int) -> list[Member]:
    """End the participant's access to the boards and anonymise their member rows in every
    session of their project."""
    members = participant_access_end(participant_id=participant_id, project_id=project_id)
    Member.objects.filter(pk__in=[member.pk for member in members]).update(
        display_name=ERASED_MEMBER_NAME, person=None
    )
    # Pages and exports that show a note's author are cached under a version that follows
    # the notes' times, not the members': moving the times stops the old name being served.
    Note.objects.filter(author__in=members).update(updated_at=timezone.now())
    return members


def on_participant_left(
    sender: type[Participant], participant_id: int, project_id: int, **_: Any
) -> None:
    participant_access_end(participant_id=participant_id, project_id=project_id)


def on_participant_erased(
    sender: type[Participant], participant_id: int, project_id: int, **_: Any
) -> None:
    members_of_participant_erase(participant_id=participant_id, project_id=project_id)
