"""Hands committed board events to the channel layer without making the writer wait.

Every socket's database work runs in one thread per process. Sending an event from that
thread with async_to_sync waited for the event loop, which on a busy board is busy with every
socket of the process: the database thread stood idle, and the next note waited behind it.
Instead the thread drops the event into a queue on the loop and goes on; one task on the loop
sends the queued events in the order they were committed, so a group's events leave the
process in sequence order.

Code that runs where no socket has started the pump (a management command, a test without a
server) sends as before, waiting for the send.
"""

import asyncio
import logging
import threading
from collections.abc import Sequence
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

type Event = dict[str, Any]
type Outgoing = tuple[Sequence[str], Event]


async def _send(channels: Sequence[str], event: Event) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for name in channels:
        await layer.group_send(name, {"type": "board.event", "event": event})


class _Pump:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.queue: asyncio.Queue[Outgoing] = asyncio.Queue()
        self.task = loop.create_task(self._run())

    async def _run(self) -> None:
        while True:
            channels, event = await self.queue.get()
            try:
                await _send(channels, event)
            except Exception:
                # A channel layer that is down must not stop the events behind this one;
                # clients catch up from the kept events when they reconnect.
                logger.exception("A board event could not be sent.")

    def running(self) -> bool:
        return self.loop.is_running() and not self.loop.is_closed() and not self.task.done()


_pump: _Pump | None = None
_pump_lock = threading.Lock()


def pump_start() -> None:
    """Start the pump on the running loop; a socket calls this as it connects."""
    global _pump
    loop = asyncio.get_running_loop()
    with _pump_lock:
        if _pump is None or _pump.loop is not loop or _pump.task.done():
            _pump = _Pump(loop)


def events_send(channels: Sequence[str], event: Event) -> None:
    """Send `event` to `channels`: through the pump when this process has one running,
    otherwise now, waiting for the send."""
    pump = _pump
    if pump is not None and pump.running():
        try:
            pump.loop.call_soon_threadsafe(pump.queue.put_nowait, (channels, event))
            return
        except RuntimeError:
            # The loop closed between the check and the call.
            pass
    async_to_sync(_send)(channels, event)
