"""The sockets of a live workshop: one per board, and the facilitator's overview.

Consumers are thin: they find out who is connecting, join the Channels groups, check and
throttle what the browser sends, hand commands to the services and forward events. Every
database call goes through a selector or service in the process's database thread.
"""

import json
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from typing import Any, Final

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.db import connections
from django.utils.translation import gettext as _

from larlabb.workshops import selectors, services
from larlabb.workshops.access import Viewer, member_secret_get
from larlabb.workshops.channel_groups import board_channel, facilitator_channel, session_channel
from larlabb.workshops.commands import board_command_run
from larlabb.workshops.event_pump import pump_start
from larlabb.workshops.payloads import event_for_viewer
from larlabb.workshops.protocol import (
    MAX_MESSAGE_CHARS,
    Command,
    ProtocolError,
    Sync,
    TimeSync,
    command_parse,
)
from larlabb.workshops.throttle import TokenBucket

# Close codes the browser acts on: 4403 and 4404 stop reconnecting, 4000 follows a move.
CLOSE_FORBIDDEN: Final = 4403
CLOSE_NOT_FOUND: Final = 4404
CLOSE_MOVED: Final = 4000
CLOSE_FLOODING: Final = 4429
CLOSE_TOO_BIG: Final = 1009
# A burst of 20 messages, then 5 a second: far above a person writing notes, far below a loop.
BUCKET_CAPACITY: Final = 20
BUCKET_PER_SECOND: Final = 5
# Messages refused in a row before the socket is closed.
FLOOD_LIMIT: Final = 100


def _now_ms() -> int:
    return int(time.time() * 1000)


def _in_database_thread[**P, R](function: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """Run `function` in the thread that does every socket's database work in this process,
    keeping that thread's one connection open between calls.

    Channels' database_sync_to_async closes the connection after every call, as CONN_MAX_AGE
    asks: right for requests, which Django runs each in a thread of its own, but here it cost
    a new connection (PostgreSQL) or a reopened file (SQLite) for every note. This thread
    lives as long as the process, so its connection is reused, and closed only when an error
    has left it unusable.
    """

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        finally:
            for connection in connections.all(initialized_only=True):
                if connection.errors_occurred and not connection.is_usable():
                    connection.close()

    return sync_to_async(call, thread_sensitive=True)


class _CheckedConsumer(AsyncJsonWebsocketConsumer, ABC):
    """Size limit, token bucket and protocol check before anything else sees a message."""

    async def websocket_connect(self, message: dict[str, Any]) -> None:
        pump_start()
        self.closed = False
        self.bucket = TokenBucket(capacity=BUCKET_CAPACITY, per_second=BUCKET_PER_SECOND)
        self.refused = 0
        self.joined: list[str] = []
        await super().websocket_connect(message)

    async def dispatch(self, message: dict[str, Any]) -> None:
        """As Channels dispatches, without closing "old" database connections first.

        Channels does that before every message, in the thread that does every socket's
        database work: each note delivered to each member queued behind the notes being
        written, and reopened the connection that thread keeps (see _in_database_thread)."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        self.closed = True
        await super().close(code=code, reason=reason)

    async def send_json(self, content: Any, close: bool = False) -> None:
        # Events still on their way to a socket this side has closed have nowhere to go: the
        # server would refuse them, and log this consumer as crashed.
        if self.closed:
            return
        await super().send_json(content, close=close)

    async def _join(self, *names: str) -> None:
        for name in names:
            await self.channel_layer.group_add(name, self.channel_name)
            self.joined.append(name)

    async def _refuse(self, code: int) -> None:
        await self.accept()
        await self.close(code=code)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None or len(text_data) > MAX_MESSAGE_CHARS:
            await self.close(code=CLOSE_TOO_BIG)
            return
        if not self.bucket.take():
            self.refused += 1
            if self.refused >= FLOOD_LIMIT:
                await self.close(code=CLOSE_FLOODING)
            elif self.refused == 1:
                await self.send_json(
                    {
                        "type": "error",
                        "code": "throttled",
                        "message": _(
                            "Du skickar många ändringar på kort tid. Vänta ett ögonblick."
                        ),
                    }
                )
            return
        self.refused = 0
        try:
            command = command_parse(json.loads(text_data))
        except (ValueError, ProtocolError) as error:
            await self.send_json({"type": "error", "code": "protocol", "message": str(error)})
            return
        if isinstance(command, TimeSync):
            # For the browser's estimate of the server clock, so every screen shows the
            # same time left whatever its own clock says.
            await self.send_json({"type": "time", "t0": command.t0, "now": _now_ms()})
            return
        await self.handle(command)

    @abstractmethod
    async def handle(self, command: Command) -> None:
        """What the board or the facilitator's socket does with a checked command."""

    async def disconnect(self, code: int) -> None:
        for name in self.joined:
            await self.channel_layer.group_discard(name, self.channel_name)


def _board_open(scope: dict[str, Any], group_id: int) -> tuple[Viewer, bool] | None:
    group = selectors.group_get(pk=group_id)
    if group is None:
        return None
    secret = member_secret_get(scope["session"], group.session_id)
    viewer = services.board_connect(group_id=group_id, user=scope["user"], member_secret=secret)
    if viewer is None:
        return None
    session = selectors.session_get(pk=group.session_id)
    hidden = bool(session and session.hides_notes and not viewer.is_facilitator)
    return viewer, hidden


def _board_sync(viewer: Viewer, group_id: int, since: int | None) -> dict[str, Any]:
    group = selectors.group_get(pk=group_id)
    if group is None:
        return {"type": "error", "code": "gone"}
    return selectors.board_catchup(viewer=viewer, group=group, since=since)


class BoardConsumer(_CheckedConsumer):
    """One breakout group's board. A member may open only their own group's board; a
    facilitator may open any."""

    viewer: Viewer | None = None

    async def connect(self) -> None:
        self.group_id = int(self.scope["url_route"]["kwargs"]["group_id"])
        opened = await _in_database_thread(_board_open)(self.scope, self.group_id)
        if opened is None:
            await self._refuse(CLOSE_FORBIDDEN)
            return
        self.viewer, self.hidden = opened
        await self._join(board_channel(self.group_id), session_channel(self.viewer.session_id))
        await self.accept()

    async def handle(self, command: Command) -> None:
        viewer = self.viewer
        if viewer is None:
            return
        if isinstance(command, Sync):
            await self._send_sync(viewer, command.since)
            return
        reply = await _in_database_thread(board_command_run)(
            viewer=viewer, group_id=self.group_id, command=command
        )
        await self.send_json(reply)

    async def _send_sync(self, viewer: Viewer, since: int | None) -> None:
        payload = await _in_database_thread(_board_sync)(viewer, self.group_id, since)
        if "session" in payload:
            self.hidden = payload["session"]["hidden"] and not viewer.is_facilitator
        await self.send_json(payload)

    async def board_event(self, message: dict[str, Any]) -> None:
        viewer = self.viewer
        if viewer is None:
            return
        event: dict[str, Any] = message["event"]
        if event["type"] == "session":
            await self._session_event(viewer, event)
        elif event.get("group") == self.group_id:
            await self.send_json(
                event_for_viewer(
                    event,
                    member_id=viewer.member_id,
                    is_facilitator=viewer.is_facilitator,
                    hidden=self.hidden,
                )
            )

    async def _session_event(self, viewer: Viewer, event: dict[str, Any]) -> None:
        moves: dict[str, Any] = event.get("moves") or {}
        key = str(viewer.member_id)
        if not viewer.is_facilitator and key in moves:
            target = moves[key]
            if target is None or target["group"] != self.group_id:
                await self.send_json(
                    {"type": "moved", "number": target["number"] if target else None}
                )
                await self.close(code=CLOSE_MOVED)
                return
        await self.send_json({k: v for k, v in event.items() if k != "moves"})
        hidden = bool(event["state"]["hidden"]) and not viewer.is_facilitator
        if hidden != self.hidden:
            # Notes appear or disappear for this viewer: the whole board, not a diff.
            await self._send_sync(viewer, None)

    async def disconnect(self, code: int) -> None:
        await super().disconnect(code)
        if self.viewer is not None:
            await _in_database_thread(services.board_disconnect)(viewer=self.viewer)


def _overview_live(session_id: int) -> dict[str, Any] | None:
    session = selectors.session_get(pk=session_id)
    if session is None:
        return None
    live: dict[str, Any] = selectors.session_overview(session=session)["live"]
    return {"type": "overview", **live}


class FacilitatorConsumer(_CheckedConsumer):
    """Every group's events for the facilitator's overview. Staff only."""

    async def connect(self) -> None:
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        user = self.scope["user"]
        if not (user.is_authenticated and user.is_staff and user.is_active):
            await self._refuse(CLOSE_FORBIDDEN)
            return
        if await _in_database_thread(selectors.session_get)(pk=self.session_id) is None:
            await self._refuse(CLOSE_NOT_FOUND)
            return
        await self._join(facilitator_channel(self.session_id), session_channel(self.session_id))
        await self.accept()

    async def handle(self, command: Command) -> None:
        if isinstance(command, Sync):
            payload = await _in_database_thread(_overview_live)(self.session_id)
            await self.send_json(payload or {"type": "error", "code": "gone"})
        else:
            await self.send_json(
                {"type": "error", "code": "protocol", "message": "read-only socket"}
            )

    async def board_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])
