"""Workshop members copy a registered participant's name when they join; erasing the
participant in registration erases that copy too."""

from typing import Any, Final

from larlabb.registration.models import Participant
from larlabb.workshops.models import Member, Session
from larlabb.workshops.services import participant_secret

ERASED_MEMBER_NAME: Final = "Borttagen deltagare"


def members_of_participant_erase(*, participant: Participant) -> int:
    """Anonymise the participant's member rows in every session of their project."""
    sessions = Session.objects.filter(
        exercise__workshop__project_id=participant.registration.project_id
    )
    secrets = [participant_secret(session, participant) for session in sessions]
    return Member.objects.filter(secret__in=secrets).update(
        display_name=ERASED_MEMBER_NAME, person=None
    )


def on_participant_erased(sender: type[Participant], participant: Participant, **_: Any) -> None:
    members_of_participant_erase(participant=participant)
