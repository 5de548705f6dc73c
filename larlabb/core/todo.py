"""An item on the staff's to-do list: what waits, since when, and where it is handled.

The list is shown on the staff start page, which belongs to a lower floor than the apps that
know what waits; they build these items and config passes them in.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TodoItem:
    kind: str
    text: str
    since: datetime
    url: str
    action: str
