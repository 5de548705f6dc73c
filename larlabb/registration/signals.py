"""Signals for apps above registration that keep their own copies of a person's data.

Both are sent inside the erasing transaction, so a receiver's own erasure commits or rolls
back with it; a receiver that acts outside the database (closing a person's open sockets,
say) should do so in transaction.on_commit. Every erasure sends them: a request handled by
staff and the retention job alike (`reason` is "request" or "retention").
"""

from django.dispatch import Signal

# A participant has been anonymised: one still in a group, or one the contact had removed
# (whose participant row is gone; `participant_id` is the id it had).
# Arguments: participant_id, registration_id, project_id, reason.
participant_erased = Signal()

# A registration's contact person or manager has been anonymised.
# Arguments: registration_id, project_id, role ("contact" or "manager"), reason.
registration_person_erased = Signal()

# A participant no longer takes part: the contact removed them from the group (their row is
# gone; `participant_id` is the id it had) or the organisation withdrew. Sent inside the
# transaction that made it so. Arguments: participant_id, registration_id, project_id.
participant_left = Signal()
