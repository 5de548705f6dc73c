"""A cap on the size of request bodies, enforced before Django reads a byte of them.

Django's ASGI handler reads the whole body into a temporary file before any middleware or
view runs, so a 400 MB POST to a public form was written to disk in full before it could be
refused. This guard sits in front of it: a declared Content-Length over the route's limit is
refused at once, and a body without one (chunked) is counted as it streams and cut off at the
limit. Either way Django is then called once more, with an empty body and the limit in the
scope, so the refusal is a readable page (`RequestTooLargeMiddleware`) in the visitor's
language rather than a reset connection.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

from django.urls import Resolver404, resolve

type Scope = dict[str, Any]
type Message = Mapping[str, Any]
type Receive = Callable[[], Awaitable[Message]]
type Send = Callable[[Message], Awaitable[None]]
type ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Where the refused request carries its limit to Django; a client cannot set scope keys.
REFUSED_SCOPE_KEY: Final = "larlabb.body_limit_refused"
_BODY_HEADERS: Final = {b"content-length", b"transfer-encoding"}


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class RequestBodyLimit:
    """Refuse HTTP requests whose body is larger than their route allows.

    `default_bytes` holds for every route not named in `route_bytes`, whose keys are URL
    names ("staff:group_photo_add") or whole namespaces ("staff:").
    """

    def __init__(self, app: ASGIApp, *, default_bytes: int, route_bytes: Mapping[str, int]) -> None:
        self.app = app
        self.default_bytes = default_bytes
        self.route_bytes = dict(route_bytes)

    def limit_for(self, path: str) -> int:
        try:
            match = resolve(path)
        except Resolver404:
            return self.default_bytes
        for key in (match.view_name, *(f"{ns}:" for ns in match.namespaces)):
            if key in self.route_bytes:
                return self.route_bytes[key]
        return self.default_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"].removeprefix(scope.get("root_path", "")) or "/"
        # Resolving the route costs a little; only bodies over the default need it.
        limit = self.default_bytes
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            limit = self.limit_for(path)
            if declared > limit:
                await self._refuse(scope, send, limit)
                return

        received = 0
        refused = False
        route_checked = limit != self.default_bytes

        async def counted() -> Message:
            nonlocal received, refused, limit, route_checked
            message = await receive()
            if message["type"] != "http.request":
                return message
            received += len(message.get("body", b""))
            if received > limit and not route_checked:
                limit, route_checked = self.limit_for(path), True
            if received > limit:
                # Django stops reading at a disconnect and sends nothing; the refusal follows.
                refused = True
                return {"type": "http.disconnect"}
            return message

        await self.app(scope, counted, send)
        if refused:
            await self._refuse(scope, send, limit)

    async def _refuse(self, scope: Scope, send: Send, limit: int) -> None:
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() not in _BODY_HEADERS]
        refused_scope = {
            **scope,
            "headers": [*headers, (b"content-length", b"0")],
            REFUSED_SCOPE_KEY: limit,
        }
        delivered = False

        async def empty_body() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": b"", "more_body": False}
            # The rest of the real body is never read; Django stops listening for a disconnect
            # once it has sent the page.
            never: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
            return await never

        await self.app(refused_scope, empty_body, send)
