"""The request body caps, driven through the real ASGI application as uvicorn would call it."""

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.urls import reverse

from config.asgi import PUBLIC_BODY_BYTES, application
from harness.servers import ROOT, AsgiServer, asgi_server_running
from larlabb.core.bodylimit import RequestBodyLimit

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


@pytest.fixture
def uvicorn_server(tmp_path: Path) -> Iterator[AsgiServer]:
    """The application in uvicorn, as it is served, on a database of its own."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {"DJANGO_SETTINGS_MODULE": "config.test_settings", "SQLITE_PATH": str(tmp_path / "db")}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    with asgi_server_running(env) as server:
        yield server


def test_uvicorn_answers_a_400_mb_upload_with_the_page_before_the_body_is_sent(uvicorn_server):
    with socket.create_connection(("127.0.0.1", uvicorn_server.port), timeout=30) as connection:
        connection.sendall(
            b"POST /projekt/godt-liv/anmalan/ HTTP/1.1\r\n"
            b"Host: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 419430400\r\n\r\n" + b"x" * CHUNK
        )
        answer = b""
        while b"</html>" not in answer:
            received = connection.recv(CHUNK)
            if not received:
                break
            answer += received

    head, _, page = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 ")
    assert "Det du skickade är för stort" in page.decode()


@pytest.mark.parametrize(
    ("route", "args", "limit_bytes"),
    [
        ("registration:register", ["godt-liv"], PUBLIC_BODY_BYTES),
        ("workshops:join", [], PUBLIC_BODY_BYTES),
        ("staff:project_edit", ["godt-liv"], 1024 * 1024),
        ("admin:login", [], 1024 * 1024),
        ("staff:group_photo_add", [1, 1], (10 * 1024 + 256) * 1024),
        ("workshops:leader_photo_add", [1, 1], (10 * 1024 + 256) * 1024),
        ("staff:documentation_attachment_upload", ["godt-liv", 1], (25 * 1024 + 256) * 1024),
        ("staff:session_import", [1], (2 * 1024 + 256) * 1024),
    ],
)
def test_each_kind_of_route_has_its_body_limit(route, args, limit_bytes):
    guard = application.application_mapping["http"]
    assert isinstance(guard, RequestBodyLimit)
    assert guard.limit_for(reverse(route, args=args)) == limit_bytes
