"""Workshop members copy a registered participant's name when they join; erasing the
participant in registration erases that copy too, ends their access to the boards, and tells
whoever holds the members' open sockets which members are gone."""

import secrets
from typing import Any, Final

from django.db import transaction
from django.utils import timezone

from larlabb.registration.models import Participant
from larlabb.workshops.access_end import sockets_close
from larlabb.workshops.channel_groups import member_channel
from larlabb.workshops.models import Member, Note, Session
from larlabb.workshops.services import participant_secret
from larlabb.workshops.signals import members_erased

ERASED_MEMBER_NAME: Final = "Borttagen deltagare"


def members_of_participant_erase(*, participant_id: int, project_id: int) -> list[Member]:
    """Anonymise the participant's member rows in every session of their project and end
    their access: the secret their browser holds no longer finds the member, and their open
    sockets are closed once the erasure commits."""
    sessions = Session.objects.filter(exercise__workshop__project_id=project_id)
    # Only the id goes into the secret, so a participant row already deleted (removed from
    # the group) is found the same way.
    keys = [participant_secret(session, Participant(pk=participant_id)) for session in sessions]
    members = list(Member.objects.filter(secret__in=keys))
    for member in members:
        Member.objects.filter(pk=member.pk).update(
            display_name=ERASED_MEMBER_NAME, person=None, secret=secrets.token_urlsafe(32)
        )
        sockets_close(channel=member_channel(member.pk))
    # Pages and exports that show a note's author are cached under a version that follows
    # the notes' times, not the members': moving the times stops the old name being served.
    Note.objects.filter(author__in=members).update(updated_at=timezone.now())
    return members


def on_participant_erased(
    sender: type[Participant], participant_id: int, project_id: int, **_: Any
) -> None:
    members = members_of_participant_erase(participant_id=participant_id, project_id=project_id)
    if not members:
        return
    erased = {
        "member_ids": [member.pk for member in members],
        "session_ids": sorted({member.session_id for member in members}),
        "group_ids": sorted({member.group_id for member in members if member.group_id}),
        "participant_id": participant_id,
    }
    transaction.on_commit(lambda: members_erased.send(sender=Member, **erased), robust=True)
