"""Two web processes serve one live session through PostgreSQL and Redis, as a deployment
behind a load balancer would: whichever process a browser reaches, it sees the same board.

Everything is real: uvicorn subprocesses with the production settings module, guests joining
through the join page and the staff logging in through the login page, WebSockets from the
`websockets` client, and the phase changed through the facilitator's form.
"""

import asyncio
import http.client
import json
import re
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from harness.servers import ROOT, AsgiServer, ScaleOutServers, asgi_server_running
from tests.event_loops import run_in_own_loop

pytestmark = pytest.mark.scaleout

# A bound so a missing message fails the test instead of hanging it; not a speed target.
WAIT_SECONDS = 20
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# A session of its own on the demo's exercise, with one group, so the other scale-out tests'
# use of the demo session cannot change what this one sees.
SESSION_SETUP = textwrap.dedent(
    """
    import json, django
    django.setup()
    from larlabb.demo.sessions import DEMO_JOIN_CODE
    from larlabb.workshops.models import BreakoutGroup, Session
    from larlabb.workshops.sessions.services import session_create

    demo = Session.objects.select_related("exercise__workshop").get(join_code=DEMO_JOIN_CODE)
    session = session_create(
        workshop=demo.exercise.workshop, source=demo.exercise, created_by=None, allow_guests=True
    )
    group = BreakoutGroup.objects.create(session=session, number=1)
    frames = list(session.exercise.frames.values_list("pk", flat=True))
    print(json.dumps({
        "session": session.pk, "group": group.pk, "code": session.join_code, "frames": frames,
    }))
    """
)


class Browser:
    """One person's browser over HTTP/1.1: a cookie jar and the CSRF token from each form."""

    def __init__(self, server: AsgiServer) -> None:
        self.server = server
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        headers = {"Host": f"127.0.0.1:{self.server.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = headers["Referer"] = self.server.http
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.read().decode()
        finally:
            connection.close()

    def submit(self, path: str, form: dict[str, str]) -> int:
        """Fetch the page for its CSRF token, then post the form as the page would."""
        status, page = self.request("GET", path)
        assert status == 200, f"GET {path}: HTTP {status}"
        token = CSRF_INPUT.search(page)
        assert token is not None, f"no CSRF token on {path}"
        status, _ = self.request("POST", path, {"csrfmiddlewaretoken": token.group(1), **form})
        return status


@dataclass(frozen=True)
class Board:
    session: int
    group: int
    code: str
    frames: list[int]


@dataclass(frozen=True)
class Deployment:
    servers: ScaleOutServers
    a: AsgiServer
    b: AsgiServer
    board: Board


@pytest.fixture(scope="module")
def deployment(deployed: ScaleOutServers) -> Iterator[Deployment]:
    environment = deployed.environment() | {"LOG_LEVEL": "WARNING"}
    setup = subprocess.run(
        [sys.executable, "-c", SESSION_SETUP],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert setup.returncode == 0, setup.stderr
    board = Board(**json.loads(setup.stdout.strip().splitlines()[-1]))
    with ExitStack() as stack:
        a = stack.enter_context(asgi_server_running(environment))
        b = stack.enter_context(asgi_server_running(environment))
        yield Deployment(servers=deployed, a=a, b=b, board=board)


def _guest(server: AsgiServer, board: Board, name: str) -> str:
    """Join as a guest through the join page; the session cookie the browser now holds."""
    browser = Browser(server)
    status = browser.submit(
        f"/ovning/delta/?kod={board.code}",
        {"code": board.code, "name": name, "organisation": "", "kind": ""},
    )
    assert status == 302, f"joining as {name}: HTTP {status}"
    return browser.cookies["sessionid"]


def _staff(server: AsgiServer) -> Browser:
    browser = Browser(server)
    status = browser.submit(
        "/kansliet/logga-in/", {"username": "kansliet", "password": "larlabb-demo"}
    )
    assert status == 302, f"staff login: HTTP {status}"
    return browser


def _socket(server: AsgiServer, path: str, cookie: str) -> Any:
    return connect(
        f"{server.ws}{path}",
        origin=Origin(server.http),
        additional_headers={"Cookie": f"sessionid={cookie}"},
    )


async def _until(
    socket: ClientConnection, matches: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    """The first message that matches, skipping the others (presence, acks, time)."""
    async with asyncio.timeout(WAIT_SECONDS):
        while True:
            message: dict[str, Any] = json.loads(await socket.recv())
            if matches(message):
                return message


def _note_with(client_id: str) -> Callable[[dict[str, Any]], bool]:
    return lambda m: m["type"] == "note" and m["note"]["client_id"] == client_id


def _phase_number(number: int) -> Callable[[dict[str, Any]], bool]:
    def matches(message: dict[str, Any]) -> bool:
        if message["type"] != "session":
            return False
        phase = message["state"]["phase"]
        return phase is not None and phase["number"] == number

    return matches


def _create(frame: int, text: str) -> tuple[str, str]:
    client_id = f"scaleout-{uuid.uuid4().hex[:12]}"
    message = {
        "type": "note.create",
        "ref": client_id,
        "client_id": client_id,
        "frame": frame,
        "text": text,
        "colour": "yellow",
    }
    return client_id, json.dumps(message)


def test_a_note_written_through_one_process_reaches_the_group_and_facilitator_on_the_other(
    deployment: Deployment,
) -> None:
    a, b, board = deployment.a, deployment.b, deployment.board
    anna = _guest(a, board, "Anna via A")
    bo = _guest(b, board, "Bo via B")
    staff = _staff(b).cookies["sessionid"]
    board_path = f"/ws/workshops/board/{board.group}/"
    overview_path = f"/ws/workshops/session/{board.session}/facilitator/"

    async def scenario() -> None:
        async with (
            _socket(a, board_path, anna) as anna_socket,
            _socket(b, board_path, bo) as bo_socket,
            _socket(b, overview_path, staff) as facilitator,
        ):
            # Both boards confirm they are open before anything is written.
            for socket in (anna_socket, bo_socket):
                await socket.send(json.dumps({"type": "sync"}))
                await _until(socket, lambda m: m["type"] == "state")

            client_id, message = _create(board.frames[0], "Skriven i process A")
            await anna_socket.send(message)
            ack = await _until(anna_socket, lambda m: m["type"] == "ack")
            seen_by_bo = await _until(bo_socket, _note_with(client_id))
            seen_by_facilitator = await _until(facilitator, _note_with(client_id))
            assert seen_by_bo["note"]["id"] == ack["note"]["id"]
            assert seen_by_bo["note"]["text"] == "Skriven i process A"
            assert seen_by_bo["note"]["author_name"] == "Anna via A"
            assert seen_by_facilitator["group"] == board.group

            client_id, message = _create(board.frames[1], "Svar från process B")
            await bo_socket.send(message)
            seen_by_anna = await _until(anna_socket, _note_with(client_id))
            assert seen_by_anna["note"]["text"] == "Svar från process B"
            assert seen_by_anna["note"]["author_name"] == "Bo via B"
            await _until(facilitator, _note_with(client_id))

    run_in_own_loop(scenario)


def test_a_phase_changed_through_one_process_moves_the_screens_served_by_the_other(
    deployment: Deployment,
) -> None:
    a, b, board = deployment.a, deployment.b, deployment.board
    cecilia = _guest(b, board, "Cecilia via B")
    david = _guest(a, board, "David via A")
    staff_on_a, staff_on_b = _staff(a), _staff(b)
    board_path = f"/ws/workshops/board/{board.group}/"
    overview_path = f"/ws/workshops/session/{board.session}/facilitator/"
    phase_form = f"/kansliet/workshoppass/{board.session}/"

    def change_phase(staff: Browser, action: str) -> None:
        status, page = staff.request("GET", phase_form)
        assert status == 200, f"facilitator page: HTTP {status}"
        token = CSRF_INPUT.search(page)
        assert token is not None
        status, _ = staff.request(
            "POST",
            f"{phase_form}fas/",
            {"csrfmiddlewaretoken": token.group(1), "action": action, "minutes": ""},
        )
        assert status == 302, f"phase {action}: HTTP {status}"

    async def scenario() -> None:
        async with (
            _socket(b, board_path, cecilia) as cecilia_socket,
            _socket(a, board_path, david) as david_socket,
            _socket(b, overview_path, staff_on_b.cookies["sessionid"]) as facilitator,
        ):
            for socket in (cecilia_socket, david_socket, facilitator):
                await socket.send(json.dumps({"type": "sync"}))
            await _until(cecilia_socket, lambda m: m["type"] == "state")
            await _until(david_socket, lambda m: m["type"] == "state")
            await _until(facilitator, lambda m: m["type"] == "overview")

            await asyncio.to_thread(change_phase, staff_on_a, "start")
            started = await _until(cecilia_socket, _phase_number(1))
            assert started["state"]["status"] == "running"
            await _until(facilitator, _phase_number(1))
            await _until(david_socket, _phase_number(1))

            await asyncio.to_thread(change_phase, staff_on_b, "next")
            moved_on = await _until(david_socket, _phase_number(2))
            assert moved_on["state"]["phase"]["title"] != started["state"]["phase"]["title"]
            await _until(cecilia_socket, _phase_number(2))

    run_in_own_loop(scenario)


def test_logging_out_through_one_process_closes_the_staff_sockets_on_both(
    deployment: Deployment,
) -> None:
    a, b, board = deployment.a, deployment.b, deployment.board
    staff = _staff(b)
    overview_path = f"/ws/workshops/session/{board.session}/facilitator/"

    def log_out() -> None:
        status, page = staff.request("GET", "/kansliet/")
        assert status == 200, f"staff start page: HTTP {status}"
        token = CSRF_INPUT.search(page)
        assert token is not None
        status, _ = staff.request(
            "POST", "/kansliet/logga-ut/", {"csrfmiddlewaretoken": token.group(1)}
        )
        assert status in (200, 302), f"logging out: HTTP {status}"

    async def closed_with(socket: ClientConnection) -> int | None:
        async with asyncio.timeout(WAIT_SECONDS):
            try:
                while True:
                    await socket.recv()
            except ConnectionClosed:
                return socket.close_code

    async def scenario() -> None:
        cookie = staff.cookies["sessionid"]
        async with (
            _socket(a, overview_path, cookie) as on_a,
            _socket(b, overview_path, cookie) as on_b,
        ):
            for socket in (on_a, on_b):
                await socket.send(json.dumps({"type": "sync"}))
                await _until(socket, lambda m: m["type"] == "overview")
            await asyncio.to_thread(log_out)
            assert await closed_with(on_a) == 4403
            assert await closed_with(on_b) == 4403

    run_in_own_loop(scenario)
