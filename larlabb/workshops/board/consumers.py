"""The sockets of a live workshop: one per board, and the facilitator's overview.

Consumers are thin: they find out who is connecting, join the Channels groups, check and
throttle what the browser sends, hand commands to the services and forward events. Every
database call goes through a selector or service in the process's database thread.
"""

import asyncio
import random
import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import SessionBase
from django.db import connections
from django.http import HttpRequest
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from larlabb.core.access import is_staff
from larlabb.workshops.access import Viewer, member_secret_get
from larlabb.workshops.board import selectors, services
from larlabb.workshops.board.channel_groups import (
    board_channel,
    facilitator_channel,
    login_channel,
    member_channel,
    session_channel,
)
from larlabb.workshops.board.commands import board_command_run
from larlabb.workshops.board.event_pump import pump_start
from larlabb.workshops.board.payloads import event_for_viewer, payload_encode
from larlabb.workshops.board.protocol import (
    MAX_MESSAGE_CHARS,
    Command,
    ProtocolError,
    Sync,
    TimeSync,
    command_decode,
    command_ref,
)
from larlabb.workshops.board.throttle import PersonLimit, person_key, person_limits

# Close codes the browser acts on: 4403 and 4404 stop reconnecting, 4000 follows a move.
CLOSE_FORBIDDEN: Final = 4403
CLOSE_NOT_FOUND: Final = 4404
CLOSE_MOVED: Final = 4000
CLOSE_FLOODING: Final = 4429
CLOSE_TOO_BIG: Final = 1009
# How often an open socket checks that the browser's session still gives it access: logging
# out and erasure close sockets at once (access_end.py); this catches a session that expired
# or was ended some other way. Run beside the sockets' database thread, never in it.
ACCESS_CHECK_SECONDS = 60.0


def _now_ms() -> int:
    return int(time.time() * 1000)


def _keeping_connection[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """`function`, leaving its thread's database connection open afterwards unless an error
    has left it unusable."""

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        finally:
            for connection in connections.all(initialized_only=True):
                if connection.errors_occurred and not connection.is_usable():
                    connection.close()

    return call


def _in_database_thread[**P, R](function: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """Run `function` in the thread that does every socket's database work in this process,
    keeping that thread's one connection open between calls.

    Channels' database_sync_to_async closes the connection after every call, as CONN_MAX_AGE
    asks: right for requests, which Django runs each in a thread of its own, but here it cost
    a new connection (PostgreSQL) or a reopened file (SQLite) for every note. This thread
    lives as long as the process, so its connection is reused, and closed only when an error
    has left it unusable.
    """
    return sync_to_async(_keeping_connection(function), thread_sensitive=True)


# One thread, with its one connection, for the periodic access checks: they must not queue
# behind the notes in the sockets' database thread, nor open a connection per check.
_access_checks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="board-access")


def _in_access_thread[**P, R](function: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    return sync_to_async(
        _keeping_connection(function), thread_sensitive=False, executor=_access_checks
    )


def _session_now(session_key: str | None) -> SessionBase:
    """The browser's session as the store holds it now, not as the socket first read it."""
    store: SessionBase = import_string(f"{settings.SESSION_ENGINE}.SessionStore")(session_key)
    return store


def _user_now(session: SessionBase) -> AbstractBaseUser | AnonymousUser:
    request = HttpRequest()
    request.session = session
    return auth.get_user(request)


class _CheckedConsumer(AsyncJsonWebsocketConsumer, ABC):
    """Size limit, the person's flood limit and protocol check before anything else sees a
    message; and the socket closes when the person's access ends."""

    async def websocket_connect(self, message: dict[str, Any]) -> None:
        pump_start()
        self.closed = False
        self.ended = False
        # The socket's own limit until connect() knows whose socket it is.
        self.limit = PersonLimit()
        self.told_throttled = False
        self.joined: list[str] = []
        self.watch: asyncio.Task[None] | None = None
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
        # Messages already queued behind a close (a flood's) must not close it again: the
        # server refuses a second close and logs the consumer as crashed.
        if self.closed:
            return
        self.closed = True
        self._stop_watching()
        await super().close(code=code, reason=reason)

    def _stop_watching(self) -> None:
        watch = getattr(self, "watch", None)
        if watch is not None and watch is not asyncio.current_task():
            watch.cancel()

    @classmethod
    async def encode_json(cls, content: Any) -> str:
        return payload_encode(content)

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

    async def _in_turn[**P, R](
        self, function: Callable[P, R], *args: P.args, **kwargs: P.kwargs
    ) -> R:
        """`function` in the sockets' database thread, once no other socket of this person
        has a call waiting there (PersonLimit.turn)."""
        async with self.limit.turn:
            return await _in_database_thread(function)(*args, **kwargs)

    async def _refuse(self, code: int) -> None:
        await self.accept()
        await self.close(code=code)

    @property
    def _session_key(self) -> str | None:
        key = self.scope["session"].session_key
        return key if isinstance(key, str) and key else None

    def _person_limit(self) -> PersonLimit | None:
        """The flood limit of whoever opens this socket; None for a browser without a
        session, which no board accepts."""
        user = self.scope["user"]
        key = person_key(
            user_id=user.pk if user.is_authenticated else None, browser_session=self._session_key
        )
        return person_limits.get(key, browser_session=self._session_key) if key else None

    async def _refused_at_once(self) -> bool:
        """Refuse, before the socket costs the sockets' database thread anything, a browser
        without a session (a made-up cookie: no board admits it) and a person barred for
        flooding: a flood of reconnects would otherwise cost a presence update each.
        (FloodGate turns most flooders away sooner, by their browser's session.)"""
        limit = self._person_limit()
        if limit is None:
            await self._refuse(CLOSE_FORBIDDEN)
            return True
        self.limit = limit
        if not limit.flooding:
            return False
        await self._refuse(CLOSE_FLOODING)
        return True

    async def _admit(self, *, member_id: int | None) -> None:
        """Accept the socket as this person's: their flood limit, the channels that end
        their access, and the periodic check of their session."""
        self.limit = self._person_limit() or self.limit
        if self._session_key:
            await self._join(login_channel(self._session_key))
        if member_id is not None:
            await self._join(member_channel(member_id))
        await self.accept()
        self.watch = asyncio.get_running_loop().create_task(self._watch_access())

    async def _watch_access(self) -> None:
        # Spread over the interval, so sockets opened together do not all check together.
        await asyncio.sleep(ACCESS_CHECK_SECONDS * random.uniform(0.5, 1.0))
        while not self.closed:
            if not await _in_access_thread(self.access_holds)():
                await self.access_end({"type": "access.end"})
                return
            await asyncio.sleep(ACCESS_CHECK_SECONDS)

    @abstractmethod
    def access_holds(self) -> bool:
        """Whether the browser's session, as it is now, still gives this socket its access.
        Runs in the access-check thread."""

    async def access_end(self, message: dict[str, Any]) -> None:
        """The person logged out, was erased or lost their access: nothing more is handled
        or delivered, and the browser is told not to reconnect."""
        self.ended = True
        await self.send_json(
            {
                "type": "error",
                "code": "forbidden",
                "message": _("Du har inte längre tillgång till den här tavlan. Ladda om sidan."),
            }
        )
        await self.close(code=CLOSE_FORBIDDEN)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.ended or self.closed:
            return
        if text_data is None or len(text_data) > MAX_MESSAGE_CHARS:
            await self.close(code=CLOSE_TOO_BIG)
            return
        if not self.limit.take():
            await self._over_limit()
            return
        self.told_throttled = False
        try:
            command = command_decode(text_data)
        except ProtocolError as error:
            # With the message's ref the browser puts back what the person typed, with the reason.
            reply = {"type": "error", "code": "protocol", "message": str(error)}
            if ref := command_ref(text_data):
                reply["ref"] = ref
            await self.send_json(reply)
            return
        if isinstance(command, TimeSync):
            # For the browser's estimate of the server clock, so every screen shows the
            # same time left whatever its own clock says.
            await self.send_json({"type": "time", "t0": command.t0, "now": _now_ms()})
            return
        await self.handle(command)

    async def _over_limit(self) -> None:
        if self.limit.flooding:
            await self.send_json(
                {
                    "type": "error",
                    "code": "flooding",
                    "message": _(
                        "Tavlan har tagit emot för många ändringar från dig på kort tid och "
                        "kopplar ner dig en stund. Det du har skrivit finns kvar."
                    ),
                }
            )
            # The reason tells the browser how long to wait before it comes back.
            await self.close(code=CLOSE_FLOODING, reason=str(self.limit.barred_seconds))
        elif not self.told_throttled:
            self.told_throttled = True
            await self.send_json(
                {
                    "type": "error",
                    "code": "throttled",
                    "message": _("Du skickar många ändringar på kort tid. Vänta ett ögonblick."),
                }
            )

    @abstractmethod
    async def handle(self, command: Command) -> None:
        """What the board or the facilitator's socket does with a checked command."""

    async def disconnect(self, code: int) -> None:
        self._stop_watching()
        for name in self.joined:
            await self.channel_layer.group_discard(name, self.channel_name)


# Each member's board sockets open in this process. Only a member's first socket here and
# the last one to close write their presence: fifty sockets of one person opened and closed
# together cost two presence writes in the sockets' database thread, not a hundred queued
# before everyone else's notes. Member.sockets then counts processes, and presence only asks
# whether it is above zero. Touched only in the database thread, so never by two at once.
_member_sockets: Counter[int] = Counter()


def _first_socket(member_id: int) -> bool:
    return member_id not in _member_sockets


def _board_close(viewer: Viewer) -> None:
    if viewer.is_facilitator or viewer.member_id is None:
        return
    _member_sockets[viewer.member_id] -= 1
    if _member_sockets[viewer.member_id] <= 0:
        del _member_sockets[viewer.member_id]
        services.board_disconnect(viewer=viewer)


def _board_open(scope: dict[str, Any], group_id: int) -> tuple[Viewer, bool] | None:
    group = selectors.group_get(pk=group_id)
    if group is None:
        return None
    secret = member_secret_get(scope["session"], group.session_id)
    viewer = services.board_connect(
        group_id=group_id, user=scope["user"], member_secret=secret, first_socket=_first_socket
    )
    if viewer is None:
        return None
    # Counted once the connection's transaction has committed, so a failed one counts nothing.
    if not viewer.is_facilitator and viewer.member_id is not None:
        _member_sockets[viewer.member_id] += 1
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
        if await self._refused_at_once():
            return
        opened = await self._in_turn(_board_open, self.scope, self.group_id)
        if opened is None:
            await self._refuse(CLOSE_FORBIDDEN)
            return
        self.viewer, self.hidden = opened
        await self._join(board_channel(self.group_id), session_channel(self.viewer.session_id))
        await self._admit(member_id=self.viewer.member_id)

    def access_holds(self) -> bool:
        viewer = self.viewer
        group = selectors.group_get(pk=self.group_id)
        if viewer is None or group is None:
            return False
        session = _session_now(self._session_key)
        current = selectors.viewer_for(
            session=group.session,
            user=_user_now(session),
            member_secret=member_secret_get(session, group.session_id),
        )
        if current is None or current.is_facilitator != viewer.is_facilitator:
            return False
        # A member moved to another group is told so by the session's events, not here.
        return viewer.is_facilitator or current.member_id == viewer.member_id

    async def handle(self, command: Command) -> None:
        viewer = self.viewer
        if viewer is None:
            return
        if isinstance(command, Sync):
            await self._send_sync(viewer, command.since)
            return
        reply = await self._in_turn(
            board_command_run, viewer=viewer, group_id=self.group_id, command=command
        )
        await self.send_json(reply)

    async def _send_sync(self, viewer: Viewer, since: int | None) -> None:
        payload = await self._in_turn(_board_sync, viewer, self.group_id, since)
        if "session" in payload:
            self.hidden = payload["session"]["hidden"] and not viewer.is_facilitator
        await self.send_json(payload)

    async def board_event(self, message: dict[str, Any]) -> None:
        viewer = self.viewer
        if viewer is None or self.ended:
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
            await self._in_turn(_board_close, self.viewer)


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
        if not is_staff(user):
            await self._refuse(CLOSE_FORBIDDEN)
            return
        if await self._refused_at_once():
            return
        if await self._in_turn(selectors.session_get, pk=self.session_id) is None:
            await self._refuse(CLOSE_NOT_FOUND)
            return
        await self._join(facilitator_channel(self.session_id), session_channel(self.session_id))
        await self._admit(member_id=None)

    def access_holds(self) -> bool:
        user = _user_now(_session_now(self._session_key))
        return is_staff(user) and user.pk == self.scope["user"].pk

    async def handle(self, command: Command) -> None:
        if isinstance(command, Sync):
            payload = await self._in_turn(_overview_live, self.session_id)
            await self.send_json(payload or {"type": "error", "code": "gone"})
        else:
            await self.send_json(
                {"type": "error", "code": "protocol", "message": "read-only socket"}
            )

    async def board_event(self, message: dict[str, Any]) -> None:
        if not self.ended:
            await self.send_json(message["event"])
