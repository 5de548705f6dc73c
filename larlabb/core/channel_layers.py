"""The in-memory channel layer of the embedded default, made to keep up with many sockets.

Channels' InMemoryChannelLayer sweeps every channel and every group membership for expired
entries on each receive and on each group_send. With 1,000 board sockets that sweep took more
than a quarter of the server's time under bench/board_load.py. Messages expire after a minute
and group memberships after a day, so sweeping at most once a second changes nothing anyone
can notice. group_send also puts each copy straight onto its queue, as send does, instead of
through a task per member.
"""

import contextlib
from time import monotonic
from typing import Any

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer as ChannelsInMemoryChannelLayer


class InMemoryChannelLayer(ChannelsInMemoryChannelLayer):
    sweep_interval_s = 1.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._next_sweep = 0.0

    def _clean_expired(self) -> None:
        now = monotonic()
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.sweep_interval_s
        super()._clean_expired()

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        assert isinstance(message, dict), "Message is not a dict"
        self.require_valid_group_name(group)
        self._clean_expired()
        for channel in list(self.groups.get(group, {})):
            # As Channels does: a member that has fallen this far behind misses the message,
            # and the board's sequence numbers make it catch up.
            with contextlib.suppress(ChannelFull):
                await self.send(channel, message)
