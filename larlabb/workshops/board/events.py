"""Numbering, keeping and sending board events.

The sequence number is raised with an UPDATE inside the writing transaction, so concurrent
writes to one group are ordered by the database and their numbers follow commit order.
Events are sent only once the transaction commits: a rolled-back write is never seen.
"""

from collections.abc import Sequence
from functools import partial

from django.db import transaction
from django.db.models import F

from larlabb.workshops.board import selectors
from larlabb.workshops.board.channel_groups import (
    board_channel,
    facilitator_channel,
    session_channel,
)
from larlabb.workshops.board.event_pump import Event, events_send
from larlabb.workshops.models import BreakoutGroup, GroupEvent, Session


def _send_on_commit(channels: Sequence[str], event: Event) -> None:
    # A channel layer that is down must not undo a note that is already saved; the client
    # catches up from the kept events when it reconnects.
    transaction.on_commit(partial(events_send, channels, event), robust=True)


def group_event_record(*, group: BreakoutGroup, event: Event) -> Event:
    """Number the event with the group's next sequence, keep it, and send it after commit.

    `group` must have been read under its row lock in this transaction (the services'
    group_locked): its sequence is then the current one, so the next number needs no
    read. Were it stale, the unique (group, sequence) constraint refuses the event."""
    group.sequence += 1
    BreakoutGroup.objects.filter(pk=group.pk).update(sequence=group.sequence)
    numbered = {**event, "group": group.pk, "seq": group.sequence}
    GroupEvent.objects.create(group=group, sequence=group.sequence, payload=numbered)
    _send_on_commit([board_channel(group.pk), facilitator_channel(group.session_id)], numbered)
    return numbered


def session_event_record(*, session: Session, extra: Event | None = None) -> Event:
    """Send the session's whole shared state, numbered with its next sequence, after commit."""
    Session.objects.filter(pk=session.pk).update(sequence=F("sequence") + 1)
    session.sequence = Session.objects.values_list("sequence", flat=True).get(pk=session.pk)
    event: Event = {
        "type": "session",
        "session": session.pk,
        "seq": session.sequence,
        "state": dict(selectors.session_state(session=session)),
        **(extra or {}),
    }
    _send_on_commit([session_channel(session.pk)], event)
    return event
