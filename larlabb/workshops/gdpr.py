"""Workshop members copy a registered participant's name when they join; erasing the
participant in registration erases that copy too, and ends their access to the boards."""

import secrets
from typing import Any, Final

from django.db import transaction

from larlabb.registration.models import Participant
from larlabb.workshops.access_end import sockets_close
from larlabb.workshops.channel_groups import member_channel
from larlabb.workshops.models import Member, Session
from larlabb.workshops.services import participant_secret

ERASED_MEMBER_NAME: Final = "Borttagen deltagare"


@transaction.atomic
def members_of_participant_erase(*, participant: Participant) -> int:
    """Anonymise the participant's member rows in every session of their project, and end
    their access: the secret their browser holds no longer finds the member, and their open
    sockets are closed."""
    sessions = Session.objects.filter(
        exercise__workshop__project_id=participant.registration.project_id
    )
    keys = [participant_secret(session, participant) for session in sessions]
    member_ids = list(Member.objects.filter(secret__in=keys).values_list("pk", flat=True))
    for member_id in member_ids:
        Member.objects.filter(pk=member_id).update(
            display_name=ERASED_MEMBER_NAME, person=None, secret=secrets.token_urlsafe(32)
        )
        sockets_close(channel=member_channel(member_id))
    return len(member_ids)


def on_participant_erased(sender: type[Participant], participant: Participant, **_: Any) -> None:
    members_of_participant_erase(participant=participant)
