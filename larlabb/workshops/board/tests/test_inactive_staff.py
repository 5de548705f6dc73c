"""A deactivated staff account facilitates nothing: the board page, a group's board socket
and the facilitator's socket all refuse it, and sockets it already has open close at the next
check. The authentication backend in these tests lets inactive accounts in, so only the one
staff check (larlabb.core.access.is_staff) can turn them away."""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from config.asgi import application
from larlabb.workshops.board import consumers
from larlabb.workshops.models import BreakoutGroup, Session

pytestmark = pytest.mark.django_db(transaction=True)
ALLOW_INACTIVE = "django.contrib.auth.backends.AllowAllUsersModelBackend"


@pytest.fixture(autouse=True)
def _inactive_accounts_may_log_in(settings):
    settings.AUTHENTICATION_BACKENDS = [ALLOW_INACTIVE]


@pytest.fixture
def group(session: Session) -> BreakoutGroup:
    return BreakoutGroup.objects.create(session=session, number=1)


def _staff_client(username: str, *, active: bool) -> Client:
    user = get_user_model().objects.create_user(
        username=username, password="x", is_staff=True, is_active=active
    )
    client = Client()
    client.force_login(user, backend=ALLOW_INACTIVE)
    return client


def _board(group: BreakoutGroup) -> str:
    return f"/ws/workshops/board/{group.pk}/"


def _overview(session: Session) -> str:
    return f"/ws/workshops/session/{session.pk}/facilitator/"


async def _connect(path: str, client: Client) -> WebsocketCommunicator:
    socket = WebsocketCommunicator(
        application,
        path,
        headers=[
            (b"origin", b"http://127.0.0.1"),
            (b"host", b"127.0.0.1"),
            (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
        ],
    )
    connected, _ = await socket.connect()
    assert connected
    return socket


async def _answer(socket: WebsocketCommunicator) -> str:
    """What the socket answers a sync with: its state, or the code it closed with."""
    await socket.send_json_to({"type": "sync"})
    return await _next(socket, ("state", "overview"))


async def _next(socket: WebsocketCommunicator, kinds: tuple[str, ...]) -> str:
    """The next message of one of `kinds`, or how the socket closed, skipping others."""
    while True:
        output = await socket.receive_output(timeout=10)
        if output["type"] == "websocket.close":
            return f"closed {output['code']}"
        message = json.loads(output["text"])
        if message["type"] in kinds:
            return str(message["type"])


def _socket_answer(path: str, client: Client) -> str:
    async def scenario() -> str:
        socket = await _connect(path, client)
        answer = await _answer(socket)
        await socket.disconnect()
        return answer

    return async_to_sync(scenario)()


def test_an_inactive_staff_account_may_not_open_a_groups_board_page(session, group):
    url = reverse("workshops:board", args=[session.pk, group.number])
    assert _staff_client("kansliet", active=True).get(url).status_code == 200
    refused = _staff_client("avslutad", active=False).get(url)
    assert (refused.status_code, refused["Location"]) == (302, reverse("workshops:join"))


def test_an_inactive_staff_account_may_not_open_a_board_socket(session, group):
    assert _socket_answer(_board(group), _staff_client("kansliet", active=True)) == "state"
    refused = _socket_answer(_board(group), _staff_client("avslutad", active=False))
    assert refused == "closed 4403"


def test_an_inactive_staff_account_may_not_open_the_facilitators_socket(session):
    assert _socket_answer(_overview(session), _staff_client("kansliet", active=True)) == "overview"
    refused = _socket_answer(_overview(session), _staff_client("avslutad", active=False))
    assert refused == "closed 4403"


def test_sockets_of_a_staff_account_deactivated_meanwhile_close_at_the_next_check(
    session, group, monkeypatch
):
    monkeypatch.setattr(consumers, "ACCESS_CHECK_SECONDS", 0.05)
    client = _staff_client("kansliet", active=True)
    deactivate = database_sync_to_async(
        lambda: get_user_model().objects.filter(username="kansliet").update(is_active=False)
    )

    async def scenario() -> list[str]:
        sockets = [await _connect(path, client) for path in (_board(group), _overview(session))]
        assert [await _answer(socket) for socket in sockets] == ["state", "overview"]
        await deactivate()
        return [await _next(socket, ()) for socket in sockets]

    assert async_to_sync(scenario)() == ["closed 4403", "closed 4403"]
