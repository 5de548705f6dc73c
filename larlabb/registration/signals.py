"""Signals for apps above registration that keep their own copies of a person's data."""

from django.dispatch import Signal

# Sent with `participant` after a participant has been anonymised, so that copies made
# elsewhere (a workshop member's name, for instance) are anonymised as well.
participant_erased = Signal()
