"""A deactivated staff account facilitates nothing: the board page, a group's board socket
and the facilitator's socket all refuse it. The authentication backend in these tests lets
inactive accounts in, so only the one staff check (larlabb.core.access.is_staff) can."""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from config.asgi import application
from larlabb.workshops.models import BreakoutGroup, Session

pytestmark = pytest.mark.django_db(transaction=True)
ALLOW_INACTIVE = "django.contrib.auth.backends.AllowAllUsersModelBackend"


@pytest.fixture(autouse=True)
def _inactive_accounts_may_log_in(settings):
    settings.AUTHENTICATION_BACKENDS = [ALLOW_INACTIVE]


def _staff_client(username: str, *, active: bool) -> Client:
    user = get_user_model().objects.create_user(
        username=username, password="x", is_staff=True, is_active=active
    )
    client = Client()
    client.force_login(user, backend=ALLOW_INACTIVE)
    return client


def _socket_answer(path: str, client: Client) -> str:
    """What the socket at `path` answers a sync with: its state, or the code it closed with."""

    async def scenario() -> str:
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
        await socket.send_json_to({"type": "sync"})
        while True:
            output = await socket.receive_output(timeout=10)
            if output["type"] == "websocket.close":
                return f"closed {output['code']}"
            message = json.loads(output["text"])
            if message["type"] in ("state", "overview"):
                await socket.disconnect()
                return str(message["type"])

    return async_to_sync(scenario)()


@pytest.fixture
def group(session: Session) -> BreakoutGroup:
    return BreakoutGroup.objects.create(session=session, number=1)


def test_an_inactive_staff_account_may_not_open_a_groups_board_page(session, group):
    url = reverse("workshops:board", args=[session.pk, group.number])
    assert _staff_client("kansliet", active=True).get(url).status_code == 200
    refused = _staff_client("avslutad", active=False).get(url)
    assert (refused.status_code, refused["Location"]) == (302, reverse("workshops:join"))


def test_an_inactive_staff_account_may_not_open_a_board_socket(session, group):
    path = f"/ws/workshops/board/{group.pk}/"
    assert _socket_answer(path, _staff_client("kansliet", active=True)) == "state"
    assert _socket_answer(path, _staff_client("avslutad", active=False)) == "closed 4403"


def test_an_inactive_staff_account_may_not_open_the_facilitators_socket(session):
    path = f"/ws/workshops/session/{session.pk}/facilitator/"
    assert _socket_answer(path, _staff_client("kansliet", active=True)) == "overview"
    assert _socket_answer(path, _staff_client("avslutad", active=False)) == "closed 4403"
