"""The request body caps, driven through the real ASGI application as uvicorn would call it."""

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import pytest
from asgiref.sync import async_to_sync

from config.asgi import PUBLIC_BODY_BYTES, application

pytestmark = pytest.mark.django_db(transaction=True)

CHUNK = 64 * 1024
PUBLIC_FORM = "/projekt/godt-liv/anmalan/"
STAFF_UPLOAD = "/kansliet/projekt/godt-liv/dokumentation/1/bilagor/"


@dataclass
class Exchange:
    """One HTTP request: what the client offered, how much the server read, what came back."""

    read_bytes: int = 0
    messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> int:
        return int(self.messages[0]["status"])

    @property
    def body(self) -> str:
        return b"".join(m.get("body", b"") for m in self.messages[1:]).decode()


def _post(path: str, chunks: Iterator[bytes], *, content_length: int | None) -> Exchange:
    exchange = Exchange()
    headers = [
        (b"host", b"127.0.0.1"),
        (b"content-type", b"multipart/form-data; boundary=x"),
    ]
    if content_length is not None:
        headers.append((b"content-length", str(content_length).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    pending = iter(chunks)
    upcoming = next(pending, None)

    async def receive() -> dict[str, Any]:
        nonlocal upcoming
        if upcoming is None:
            # The body is over; like a server, wait until the client goes away.
            return await asyncio.get_running_loop().create_future()  # type: ignore[no-any-return]
        chunk, upcoming = upcoming, next(pending, None)
        exchange.read_bytes += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": upcoming is not None}

    async def send(message: dict[str, Any]) -> None:
        exchange.messages.append(message)

    async def call() -> None:
        await application(scope, receive, send)

    async_to_sync(call)()
    return exchange


def _body(total: int) -> Iterator[bytes]:
    for start in range(0, total, CHUNK):
        yield b"x" * min(CHUNK, total - start)


def test_a_huge_declared_body_to_a_public_form_is_refused_before_a_byte_is_read():
    exchange = _post(PUBLIC_FORM, repeat(b"x" * CHUNK), content_length=400 * 1024 * 1024)

    assert exchange.status == 413
    assert exchange.read_bytes == 0
    assert "Det du skickade är för stort" in exchange.body
    assert "Inget är sparat" in exchange.body


def test_a_huge_declared_body_to_a_staff_upload_route_is_refused_before_a_byte_is_read():
    exchange = _post(STAFF_UPLOAD, repeat(b"x" * CHUNK), content_length=400 * 1024 * 1024)

    assert exchange.status == 413
    assert exchange.read_bytes == 0
    assert "högst 25,2\xa0MB" in exchange.body


def test_a_chunked_body_without_a_length_is_cut_off_at_the_public_limit():
    exchange = _post(PUBLIC_FORM, repeat(b"x" * CHUNK), content_length=None)

    assert exchange.status == 413
    assert exchange.read_bytes <= PUBLIC_BODY_BYTES + CHUNK
    assert "Det du skickade är för stort" in exchange.body


def test_a_staff_upload_route_reads_a_body_larger_than_a_public_form_may_send():
    size = 2 * 1024 * 1024
    public = _post(PUBLIC_FORM, _body(size), content_length=size)
    upload = _post(STAFF_UPLOAD, _body(size), content_length=size)

    assert public.status == 413 and public.read_bytes == 0
    # Read in full and handed to Django, which refuses a post without its CSRF cookie.
    assert upload.read_bytes == size
    assert upload.status == 403
