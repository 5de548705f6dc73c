"""How much one person may send over the board's sockets: bursts are fine, a flood is not.

The limit belongs to the person, not the socket: one guest with fifty sockets open gets the
same allowance as with one. Each process keeps its people's limits in memory, shared by every
socket of that person in the process. Behind a proxy with several processes a person whose
sockets land on different processes gets one allowance per process; that is accepted: the
processes are few, a person's allowance is far below what a process's database thread takes,
and a limit kept in Redis would add a round trip to every message on the hot path.
"""

import asyncio
import hashlib
import math
import time
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from typing import Any, Final

from channels.security.websocket import WebsocketDenier
from django.conf import settings

# A burst of 60 messages, then 5 a second. A reconnect sends three clock pings, a sync and
# whatever was queued offline; someone writing, voting and sorting notes stays far below.
BUCKET_CAPACITY: Final = 60
BUCKET_PER_SECOND: Final = 5
# Refused messages a person may have pending before their socket is closed. The count drains
# as fast as the bucket refills, so a browser resending its queue after "throttled" never
# reaches it, while a paced flood (which a count of refusals in a row, reset by every message
# let through, never caught) does within seconds.
FLOOD_LIMIT: Final = 150
# How long a person found flooding is turned away. Long enough that a script reconnecting at
# once gets nothing but cheap refusals; short enough that a browser, which comes back after
# several seconds and then at most every 15 (static/js/board/socket.js), is back within a
# minute with nothing lost.
BARRED_SECONDS: Final = 30.0
# A person's limit is forgotten this long after their last message, once there are many.
IDLE_SECONDS: Final = 120.0
_PRUNE_ABOVE: Final = 4096


class TokenBucket:
    def __init__(
        self,
        *,
        capacity: float,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = capacity
        self.per_second = per_second
        self._clock = clock
        self._tokens = capacity
        self._last = clock()

    def take(self) -> bool:
        """Spend one token if there is one; False means the caller is over the limit."""
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.per_second)
        self._last = now
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False


class PersonLimit:
    """One person's allowance: a token bucket for messages, and a count of refused messages
    that drains at the bucket's rate and, once full, bars the person for BARRED_SECONDS."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.bucket = TokenBucket(
            capacity=BUCKET_CAPACITY, per_second=BUCKET_PER_SECOND, clock=clock
        )
        self._refused = 0.0
        self._barred_until = 0.0
        self.last_used = clock()
        # Held while one of the person's sockets waits for the sockets' database thread,
        # which takes its work first come, first served: fifty sockets of one person would
        # otherwise queue fifty calls ahead of everyone else's next note. With it a person
        # has one call in that queue at a time, however many sockets they open.
        self.turn = asyncio.Lock()

    def take(self) -> bool:
        now = self._clock()
        # A barred person's messages still in flight cost nothing more: no refill, no count.
        if now < self._barred_until:
            return False
        self._refused = max(0.0, self._refused - (now - self.last_used) * BUCKET_PER_SECOND)
        self.last_used = now
        if self.bucket.take():
            return True
        self._refused += 1
        if self._refused >= FLOOD_LIMIT:
            # The bar ends by the clock: the person's sockets are refused at the door while
            # it lasts, so no message of theirs could ever lift it.
            self._barred_until = now + BARRED_SECONDS
            self._refused = 0.0
        return False

    @property
    def flooding(self) -> bool:
        return self._clock() < self._barred_until

    @property
    def barred_seconds(self) -> int:
        """Whole seconds until the bar ends; 0 when there is none."""
        return max(0, math.ceil(self._barred_until - self._clock()))


class PersonLimits:
    """Every person's limit in this process, by a key naming the person, and by the browser
    session their sockets came with, so a flooding browser can be turned away at the door.
    Browsers are known by a digest of their session cookie (browser_digest), so this table
    in memory holds no key that would open anyone's session."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._limits: dict[str, PersonLimit] = {}
        self._browsers: dict[str, PersonLimit] = {}

    def get(self, key: str, *, browser_session: str | None = None) -> PersonLimit:
        limit = self._limits.get(key)
        if limit is None:
            if len(self._limits) > _PRUNE_ABOVE:
                self._prune()
            limit = self._limits[key] = PersonLimit(clock=self._clock)
        if browser_session:
            self._browsers[browser_digest(browser_session)] = limit
        return limit

    def browser_flooding(self, digest: str) -> bool:
        limit = self._browsers.get(digest)
        return limit is not None and limit.flooding

    def _prune(self) -> None:
        cutoff = self._clock() - IDLE_SECONDS
        self._limits = {k: v for k, v in self._limits.items() if v.last_used > cutoff}
        self._browsers = {k: v for k, v in self._browsers.items() if v.last_used > cutoff}

    def clear(self) -> None:
        self._limits.clear()
        self._browsers.clear()


person_limits = PersonLimits()


def person_key(*, user_id: int | None, browser_session: str | None) -> str | None:
    """What names one person across their sockets: their account when logged in, otherwise
    their browser's session (a guest, or a participant who came by their personal link:
    the session holds what makes them a member). None without either: no board admits
    such a socket."""
    if user_id is not None:
        return f"user:{user_id}"
    if browser_session:
        return f"browser:{browser_session}"
    return None


def browser_digest(session_cookie: str) -> str:
    return hashlib.blake2b(session_cookie.encode(), digest_size=16).hexdigest()


def _browser_session(scope: dict[str, Any]) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            try:
                morsel = SimpleCookie(value.decode("latin1")).get(settings.SESSION_COOKIE_NAME)
            except CookieError:
                return None
            return morsel.value if morsel is not None else None
    return None


class FloodGate:
    """ASGI middleware turning away, before the session is read, a WebSocket from a browser
    whose person is barred for flooding. Reading the session costs a query in the thread that
    writes every note; a script reconnecting at once after each close cost the other
    groups their speed. The cookie is taken as sent, unchecked: a browser sending someone
    else's cookie is turned away only if it holds that person's live session key, and a
    made-up cookie is a browser without a session, which the board turns away by itself
    (see BoardConsumer.connect).

    A browser's handshakes also pass one at a time, each once the one before is accepted or
    refused: fifty sockets opened at once would otherwise queue fifty session reads in that
    thread ahead of everyone else's notes, and those behind a flood are turned away here."""

    def __init__(self, application: Any) -> None:
        self.application = application
        # Per browser: the lock its handshakes take turns by, and how many hold or await it.
        self._opening: dict[str, tuple[asyncio.Lock, list[int]]] = {}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        browser = _browser_session(scope) if scope["type"] == "websocket" else None
        if not browser:
            return await self.application(scope, receive, send)
        digest = browser_digest(browser)
        lock, users = self._opening.setdefault(digest, (asyncio.Lock(), [0]))
        users[0] += 1
        await lock.acquire()
        done = False

        def release() -> None:
            nonlocal done
            if done:
                return
            done = True
            lock.release()
            users[0] -= 1
            if users[0] == 0:
                del self._opening[digest]

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] in ("websocket.accept", "websocket.close"):
                release()
            await send(message)

        try:
            if person_limits.browser_flooding(digest):
                return await WebsocketDenier()(scope, receive, sending)
            return await self.application(scope, receive, sending)
        finally:
            release()
