"""An item on the staff's to-do list: what waits, since when, and where it is handled.

The list is shown on the staff start page, which belongs to a lower floor than the apps that
know what waits; they build these items and config passes them in.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class TodoItem:
    kind: str
    text: str
    since: datetime
    url: str
    action: str

    @property
    def waited_a_minute(self) -> bool:
        """Whether "waiting for …" has anything to say: under a minute it would read "0 minutes"."""
        return timezone.now() - self.since >= timedelta(minutes=1)
