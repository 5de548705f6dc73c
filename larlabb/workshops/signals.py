"""Signals the workshops app sends about its own rows."""

from django.dispatch import Signal

# Sent after the transaction that anonymised a participant's workshop members has committed,
# so that their open board sockets can be closed. Arguments: member_ids, session_ids and
# group_ids (lists of ints; a member not yet in a group has none) and participant_id.
members_erased = Signal()
