"""The board's sockets, end to end through the real ASGI application: origin check, session
cookie from a real login or guest join, the in-memory channel layer, the services."""

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.asgi import application
from larlabb.registration.gdpr import person_erase
from larlabb.registration.services import (
    ParticipantData,
    registration_participants_update,
    registration_withdraw,
)
from larlabb.synthesis.embedding_batch import pending_embeddings
from larlabb.workshops.board import consumers, selectors, throttle
from larlabb.workshops.board import services as board_services
from larlabb.workshops.board.channel_groups import board_channel
from larlabb.workshops.board.throttle import (
    BARRED_SECONDS,
    BUCKET_CAPACITY,
    BUCKET_PER_SECOND,
    PersonLimit,
    PersonLimits,
)
from larlabb.workshops.models import BreakoutGroup, Member, Note, Phase, Session
from larlabb.workshops.sessions import services
from larlabb.workshops.sessions.tests.test_personal_link import _link, _registered

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://127.0.0.1")


@pytest.fixture(autouse=True)
def _empty_channel_layer():
    async_to_sync(get_channel_layer().flush)()
    # The database is emptied between tests; this process's count of open sockets with it.
    consumers._member_sockets.clear()


def _join(session: Session, name: str) -> tuple[Member, str]:
    """Join as a guest through the join page, as a browser would; return the cookie."""
    client = Client()
    response = client.post(
        reverse("workshops:join"),
        {"code": session.join_code.lower(), "name": name, "organisation": "", "kind": ""},
    )
    assert response.status_code == 302
    return Member.objects.get(session=session, display_name=name), client.cookies["sessionid"].value


def _staff_cookie() -> str:
    client = Client()
    user = get_user_model().objects.create_user(username="samtal", password="x", is_staff=True)
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.fixture
def room(session):
    """Anna and Bo in group 1, Cecilia in group 2, each with their browser's cookie."""
    group_1 = BreakoutGroup.objects.create(session=session, number=1)
    group_2 = BreakoutGroup.objects.create(session=session, number=2)
    people = {}
    for name, group in (("Anna", group_1), ("Bo", group_1), ("Cecilia", group_2)):
        member, cookie = _join(session, name)
        services.member_move(session=session, member=member, group=group)
        people[name] = (member, cookie)
    frames = [frame.pk for frame in selectors.frames_for(session=session)]
    return {"session": session, "groups": (group_1, group_2), "people": people, "frames": frames}


def _socket(path: str, cookie: str | None, origin: tuple[bytes, bytes] = ORIGIN):
    headers = [origin, (b"host", b"127.0.0.1")]
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    return WebsocketCommunicator(application, path, headers=headers)


def _board(group: BreakoutGroup) -> str:
    return f"/ws/workshops/board/{group.pk}/"


async def _open(path: str, cookie: str | None) -> WebsocketCommunicator:
    socket = _socket(path, cookie)
    connected, _ = await socket.connect()
    assert connected
    return socket


async def _until(
    socket: WebsocketCommunicator,
    kind: str,
    timeout: float = 10,
    match: Callable[[dict[str, Any]], bool] = lambda message: True,
) -> dict[str, Any]:
    """The next message of `kind` (that `match` accepts), skipping others (presence, acks).
    The bound only ends a failing test; a passing one never waits for it."""
    async with asyncio.timeout(timeout):
        while True:
            message: dict[str, Any] = await socket.receive_json_from(timeout=timeout)
            if message["type"] == kind and match(message):
                return message


async def _drain(socket: WebsocketCommunicator) -> list[dict[str, Any]]:
    messages = []
    while not await socket.receive_nothing(timeout=0.2):
        messages.append(await socket.receive_json_from())
    return messages


def _create(frame: int, text: str, client_id: str) -> dict[str, Any]:
    return {
        "type": "note.create",
        "ref": client_id,
        "client_id": client_id,
        "frame": frame,
        "text": text,
        "colour": "yellow",
    }


def test_two_members_of_a_group_see_each_others_notes_and_another_group_does_not(room):
    group_1, group_2 = room["groups"]
    people = room["people"]

    async def scenario():
        anna = await _open(_board(group_1), people["Anna"][1])
        bo = await _open(_board(group_1), people["Bo"][1])
        cecilia = await _open(_board(group_2), people["Cecilia"][1])
        for socket in (anna, bo, cecilia):
            await _drain(socket)
        await anna.send_json_to(_create(room["frames"][0], "Hej <b>gruppen</b>", "anna-1"))
        ack = await _until(anna, "ack")
        event = await _until(bo, "note")
        assert ack["note"]["id"] == event["note"]["id"]
        assert event["note"]["text"] == "Hej <b>gruppen</b>"
        assert event["note"]["author_name"] == "Anna"
        assert [m for m in await _drain(cecilia) if m["type"] in ("note", "state")] == []
        for socket in (anna, bo, cecilia):
            await socket.disconnect()

    async_to_sync(scenario)()


def test_a_member_cannot_open_another_groups_board(room):
    group_1, _ = room["groups"]

    async def scenario():
        socket = _socket(_board(group_1), room["people"]["Cecilia"][1])
        connected, _ = await socket.connect()
        assert connected
        assert await socket.receive_output() == {"type": "websocket.close", "code": 4403}

    async_to_sync(scenario)()


def test_a_socket_without_a_session_or_from_another_site_is_refused(room):
    group_1, _ = room["groups"]

    async def scenario():
        anonymous = _socket(_board(group_1), None)
        await anonymous.connect()
        assert (await anonymous.receive_output())["code"] == 4403
        for origin in (b"https://evil.example", b"http://127.0.0.1:9999", b"https://127.0.0.1"):
            anna = room["people"]["Anna"][1]
            foreign = _socket(_board(group_1), anna, origin=(b"origin", origin))
            connected, _ = await foreign.connect()
            assert not connected, origin

    async_to_sync(scenario)()


def test_the_facilitator_hears_every_group_and_may_open_any_board(room):
    group_1, group_2 = room["groups"]
    session = room["session"]
    staff = _staff_cookie()

    async def scenario():
        overview = await _open(f"/ws/workshops/session/{session.pk}/facilitator/", staff)
        await overview.send_json_to({"type": "sync"})
        state = await _until(overview, "overview")
        assert set(state["groups"]) == {str(group_1.pk), str(group_2.pk)}
        board_2 = await _open(_board(group_2), staff)
        await board_2.send_json_to({"type": "sync"})
        assert (await _until(board_2, "state"))["group"] == group_2.pk
        cecilia = await _open(_board(group_2), room["people"]["Cecilia"][1])
        await cecilia.send_json_to(_create(room["frames"][1], "Grupp två skriver", "c-1"))
        seen = await _until(overview, "note")
        assert (seen["group"], seen["note"]["text"]) == (group_2.pk, "Grupp två skriver")
        assert (await _until(board_2, "note"))["note"]["text"] == "Grupp två skriver"
        for socket in (overview, board_2, cecilia):
            await socket.disconnect()

    async_to_sync(scenario)()


def test_the_facilitator_socket_is_for_staff_only(room):
    session = room["session"]

    async def scenario():
        socket = _socket(
            f"/ws/workshops/session/{session.pk}/facilitator/", room["people"]["Anna"][1]
        )
        await socket.connect()
        assert (await socket.receive_output())["code"] == 4403

    async_to_sync(scenario)()


def test_reconnecting_with_the_last_sequence_returns_exactly_what_was_missed(room):
    group_1, _ = room["groups"]
    people = room["people"]

    async def scenario():
        anna = await _open(_board(group_1), people["Anna"][1])
        await anna.send_json_to({"type": "sync"})
        last_seen = (await _until(anna, "state"))["seq"]
        await anna.disconnect()

        bo = await _open(_board(group_1), people["Bo"][1])
        for number in (1, 2):
            await bo.send_json_to(
                _create(room["frames"][0], f"Medan Anna var borta {number}", f"b{number}")
            )
            await _until(bo, "ack")
        await bo.disconnect()

        anna = await _open(_board(group_1), people["Anna"][1])
        await anna.send_json_to({"type": "sync", "since": last_seen})
        catchup = await _until(anna, "catchup")
        sequences = [event["seq"] for event in catchup["events"]]
        current = await database_sync_to_async(
            lambda: BreakoutGroup.objects.get(pk=group_1.pk).sequence
        )()
        assert sequences == list(range(last_seen + 1, current + 1))
        notes = [e["note"]["text"] for e in catchup["events"] if e["type"] == "note"]
        assert notes == ["Medan Anna var borta 1", "Medan Anna var borta 2"]
        await anna.disconnect()

    async_to_sync(scenario)()


def test_a_note_queued_offline_and_sent_again_arrives_once(room):
    group_1, _ = room["groups"]
    people = room["people"]

    async def scenario():
        anna = await _open(_board(group_1), people["Anna"][1])
        bo = await _open(_board(group_1), people["Bo"][1])
        await _drain(bo)
        message = _create(room["frames"][0], "Skriven utan nät", "offline-1")
        await anna.send_json_to(message)
        first = await _until(anna, "ack")
        await anna.disconnect()
        anna = await _open(_board(group_1), people["Anna"][1])
        await anna.send_json_to(message)
        second = await _until(anna, "ack")
        assert first["note"]["id"] == second["note"]["id"]
        received = [m for m in await _drain(bo) if m["type"] == "note"]
        assert len(received) == 1
        await anna.disconnect()
        await bo.disconnect()

    async_to_sync(scenario)()
    assert Note.objects.filter(text="Skriven utan nät").count() == 1


def test_a_phase_change_reaches_every_board_and_a_hidden_phase_resends_the_board(room):
    group_1, group_2 = room["groups"]
    session = room["session"]
    people = room["people"]
    Phase.objects.filter(exercise=session.exercise, position=0).update(hides_others=True)

    async def scenario():
        bo = await _open(_board(group_1), people["Bo"][1])
        cecilia = await _open(_board(group_2), people["Cecilia"][1])
        anna = await _open(_board(group_1), people["Anna"][1])
        await anna.send_json_to(_create(room["frames"][0], "Före starten", "a-0"))
        await _until(anna, "ack")
        for socket in (anna, bo, cecilia):
            await _drain(socket)
        await database_sync_to_async(services.phase_start)(session=session)
        for socket in (bo, cecilia):
            event = await _until(socket, "session")
            assert event["state"]["phase"]["title"] == "Diskutera"
            assert event["state"]["ends_at"] is not None
        resent = await _until(bo, "state")
        assert resent["notes"] == []
        await anna.send_json_to(_create(room["frames"][0], "Skriver själv", "a-1"))
        assert (await _until(bo, "skip"))["group"] == group_1.pk
        await database_sync_to_async(services.phase_reveal)(session=session)
        revealed = await _until(bo, "state")
        assert sorted(n["text"] for n in revealed["notes"]) == ["Före starten", "Skriver själv"]
        for socket in (anna, bo, cecilia):
            await socket.disconnect()

    async_to_sync(scenario)()


def test_a_member_moved_to_another_group_is_told_where_to_go_and_hears_nothing_more_there(room):
    group_1, group_2 = room["groups"]
    session = room["session"]
    anna_member, anna_cookie = room["people"]["Anna"]

    async def scenario():
        anna = await _open(_board(group_1), anna_cookie)
        await database_sync_to_async(services.member_move)(
            session=session, member=anna_member, group=group_2
        )
        moved = await _until(anna, "moved")
        assert moved["number"] == 2
        assert (await anna.receive_output())["code"] == 4000
        # Still in the old board's group until the close is through: nothing may be sent, or
        # the server would refuse the send and log the socket as crashed.
        await get_channel_layer().group_send(
            board_channel(group_1.pk),
            {"type": "board.event", "event": {"type": "group", "group": group_1.pk, "seq": 99}},
        )
        assert await anna.receive_nothing(timeout=0.5), await anna.receive_output()

    async_to_sync(scenario)()


def test_only_a_members_first_socket_and_their_last_to_close_write_their_presence(
    room, monkeypatch
):
    group_1, _ = room["groups"]
    anna = room["people"]["Anna"]
    writes: list[int] = []
    presence = board_services._presence

    def counted(member_id: int, group_id: int | None, change: int) -> None:
        writes.append(change)
        presence(member_id, group_id, change)

    monkeypatch.setattr(board_services, "_presence", counted)

    async def scenario():
        sockets = [await _open(_board(group_1), anna[1]) for _ in range(3)]
        assert writes == [+1]
        for socket in sockets[:2]:
            await socket.disconnect()
        assert writes == [+1]
        assert (await database_sync_to_async(Member.objects.get)(pk=anna[0].pk)).sockets == 1
        await sockets[2].disconnect()
        assert writes == [+1, -1]

    async_to_sync(scenario)()
    assert Member.objects.get(pk=anna[0].pk).sockets == 0


def test_sockets_of_one_person_wait_their_turn_for_the_database_thread(room, monkeypatch):
    group_1, _ = room["groups"]
    anna = room["people"]["Anna"][1]
    waiting = {"now": 0, "most": 0}
    in_thread = consumers._in_database_thread

    def counted(function):
        run = in_thread(function)

        async def call(*args, **kwargs):
            waiting["now"] += 1
            waiting["most"] = max(waiting["most"], waiting["now"])
            try:
                return await run(*args, **kwargs)
            finally:
                waiting["now"] -= 1

        return call

    monkeypatch.setattr(consumers, "_in_database_thread", counted)

    async def scenario():
        sockets = await asyncio.gather(*(_open(_board(group_1), anna) for _ in range(8)))
        await asyncio.gather(
            *(
                socket.send_json_to(_create(room["frames"][0], "Samtidigt", f"turn-{number}"))
                for number, socket in enumerate(sockets)
            )
        )
        for socket in sockets:
            await _until(socket, "ack")
        for socket in sockets:
            await socket.disconnect()

    async_to_sync(scenario)()
    assert waiting["most"] == 1
    assert Note.objects.filter(text="Samtidigt").count() == 8


def test_presence_shows_who_is_connected(room):
    group_1, _ = room["groups"]
    people = room["people"]

    async def scenario():
        anna = await _open(_board(group_1), people["Anna"][1])
        bo = await _open(_board(group_1), people["Bo"][1])
        online = await _until(anna, "group")
        names = {m["name"]: m["online"] for m in online["state"]["members"]}
        assert names == {"Anna": True, "Bo": True}
        await bo.disconnect()
        offline = await _until(anna, "group")
        assert {m["name"]: m["online"] for m in offline["state"]["members"]}["Bo"] is False
        await anna.disconnect()

    async_to_sync(scenario)()


class _Clock:
    """Time for the flood limits that moves only when a test moves it; it also counts the
    messages the limits have weighed, so a test can wait until all it sent were."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.weighed = 0

    def __call__(self) -> float:
        return self.now

    async def until_weighed(self, count: int) -> None:
        async with asyncio.timeout(30):
            while self.weighed < count:
                await asyncio.sleep(0.01)


@pytest.fixture
def clock(monkeypatch) -> _Clock:
    """A still clock for the flood limits. The hundreds of notes these tests write get no
    vectors: computing them beside the board made each test take minutes."""
    clock = _Clock()
    limits = PersonLimits(clock=clock)
    monkeypatch.setattr(consumers, "person_limits", limits)
    monkeypatch.setattr(throttle, "person_limits", limits)
    monkeypatch.setattr(pending_embeddings, "add", lambda note_id: None)
    take = PersonLimit.take

    def weighed(limit: PersonLimit) -> bool:
        clock.weighed += 1
        return take(limit)

    monkeypatch.setattr(PersonLimit, "take", weighed)
    return clock


async def _collect_until(
    socket: WebsocketCommunicator,
    kind: str,
    match: Callable[[dict[str, Any]], bool] = lambda message: True,
) -> list[dict[str, Any]]:
    """Every message up to and including the next one of `kind` that `match` accepts."""
    messages: list[dict[str, Any]] = []
    async with asyncio.timeout(30):
        while not messages or not (messages[-1]["type"] == kind and match(messages[-1])):
            messages.append(await socket.receive_json_from(timeout=30))
    return messages


async def _all_answered(socket: WebsocketCommunicator) -> list[dict[str, Any]]:
    """What the socket has been sent until everything sent to it so far is answered: a socket
    handles its messages in order, so once a last clock ping is answered, so is the rest."""
    await socket.send_json_to({"type": "time", "t0": -1})
    return await _collect_until(socket, "time", lambda message: message["t0"] == -1)


async def _closed_with(socket: WebsocketCommunicator) -> int | None:
    """The code the server closed the socket with, skipping what it sent before."""
    async with asyncio.timeout(10):
        while True:
            output = await socket.receive_output(timeout=10)
            if output["type"] == "websocket.close":
                code: int | None = output.get("code")
                return code


N_SOCKETS = 50


def test_fifty_sockets_of_one_guest_share_one_allowance(room, clock):
    group_1, _ = room["groups"]
    anna = room["people"]["Anna"]

    async def scenario():
        sockets = [await _open(_board(group_1), anna[1]) for _ in range(N_SOCKETS)]
        for socket in sockets:
            await _drain(socket)
        for round_ in range(4):
            for number, socket in enumerate(sockets):
                key = f"flood-{round_}-{number}"
                await socket.send_json_to(_create(room["frames"][0], "Flod", key))
        await clock.until_weighed(4 * N_SOCKETS)
        clock.now += 60
        replies = [message for socket in sockets for message in await _all_answered(socket)]
        assert len([r for r in replies if r["type"] == "ack"]) == BUCKET_CAPACITY
        assert {r["code"] for r in replies if r["type"] == "error"} == {"throttled"}
        for socket in sockets:
            await socket.disconnect()

    async_to_sync(scenario)()
    assert Note.objects.filter(author=anna[0]).count() == BUCKET_CAPACITY


def test_a_paced_flood_on_one_socket_is_closed(room, clock):
    group_1, _ = room["groups"]

    async def scenario():
        anna = await _open(_board(group_1), room["people"]["Anna"][1])
        await _drain(anna)
        answered = 0
        # A hundred messages a second: now and then one gets through, as the bucket refills.
        for number in range(1, 1001):
            clock.now += 0.01
            await anna.send_json_to({"type": "time", "t0": number})
            await clock.until_weighed(number)
            while not await anna.receive_nothing(timeout=0):
                output = await anna.receive_output()
                if output["type"] == "websocket.close":
                    assert output["code"] == 4429
                    assert answered <= BUCKET_CAPACITY + BUCKET_PER_SECOND * number / 100
                    # Coming straight back is turned away at the handshake while the flood
                    # is fresh, before the session is read.
                    again = _socket(_board(group_1), room["people"]["Anna"][1])
                    connected, _ = await again.connect()
                    assert not connected
                    return
                message = json.loads(output["text"])
                answered += message["type"] == "time"
                if message["type"] == "error" and message["code"] == "flooding":
                    assert "för många ändringar" in message["message"]
        raise AssertionError("the flood was never stopped")

    async_to_sync(scenario)()


async def _barred(socket: WebsocketCommunicator, clock: _Clock) -> dict[str, Any]:
    """Flood on `socket`, one message a hundredth of a second, until it is closed for it;
    return the close."""
    for number in range(1, 1001):
        clock.now += 0.01
        await socket.send_json_to({"type": "time", "t0": number})
        await clock.until_weighed(number)
        while not await socket.receive_nothing(timeout=0):
            output: dict[str, Any] = await socket.receive_output()
            if output["type"] == "websocket.close":
                return output
    raise AssertionError("the flood was never stopped")


def test_a_barred_browser_is_turned_away_at_the_door_without_a_database_query(room, clock):
    group_1, _ = room["groups"]
    cookie = room["people"]["Anna"][1]

    async def flood():
        anna = await _open(_board(group_1), cookie)
        await _drain(anna)
        await _barred(anna, clock)

    async def come_back() -> bool:
        connected, _ = await _socket(_board(group_1), cookie).connect()
        return bool(connected)

    async_to_sync(flood)()
    # The sockets' database work runs in this thread here (async_to_sync), so it is seen.
    with CaptureQueriesContext(connection) as queries:
        assert not async_to_sync(come_back)()
    assert queries.captured_queries == []
    clock.now += BARRED_SECONDS
    with CaptureQueriesContext(connection) as queries:
        assert async_to_sync(come_back)()
    assert queries.captured_queries != []


def test_a_flooder_is_let_back_in_with_a_fresh_allowance_once_the_bar_has_run_out(room, clock):
    group_1, _ = room["groups"]
    cookie = room["people"]["Anna"][1]

    async def scenario():
        anna = await _open(_board(group_1), cookie)
        await _drain(anna)
        closed = await _barred(anna, clock)
        # The browser is told how long to wait (static/js/board/socket.js).
        assert closed["code"] == 4429
        assert closed["reason"] == str(round(BARRED_SECONDS))
        clock.now += BARRED_SECONDS - 1
        early = _socket(_board(group_1), cookie)
        connected, _ = await early.connect()
        assert not connected
        clock.now += 1
        anna = await _open(_board(group_1), cookie)
        await _drain(anna)
        await anna.send_json_to(_create(room["frames"][0], "Tillbaka", "back-1"))
        assert (await _until(anna, "ack"))["note"]["text"] == "Tillbaka"
        await anna.disconnect()

    async_to_sync(scenario)()


def test_a_made_up_session_cookie_is_refused_after_the_session_lookup_alone(room):
    group_1, _ = room["groups"]

    async def scenario() -> int | None:
        stranger = _socket(_board(group_1), "k" * 32)
        await stranger.connect()
        return await _closed_with(stranger)

    with CaptureQueriesContext(connection) as queries:
        assert async_to_sync(scenario)() == 4403
    assert len(queries.captured_queries) == 1
    assert "django_session" in queries.captured_queries[0]["sql"]


def test_a_group_of_eight_writing_fast_and_reconnecting_is_never_throttled(session, clock):
    group = BreakoutGroup.objects.create(session=session, number=1)
    writers = []
    for number in range(8):
        member, cookie = _join(session, f"Skribent {number}")
        services.member_move(session=session, member=member, group=group)
        writers.append(cookie)
    frame = selectors.frames_for(session=session)[0].pk

    async def scenario():
        sockets = [await _open(_board(group), cookie) for cookie in writers]
        replies: list[dict[str, Any]] = []
        sent = 0
        for minute in range(2):
            # Everyone writes a note every two seconds for a minute, their clock pinging too.
            for second in range(0, 60, 2):
                clock.now += 2
                for number, socket in enumerate(sockets):
                    key = f"w{number}-{minute}-{second}"
                    await socket.send_json_to(_create(frame, "Snabbt skrivet", key))
                    await socket.send_json_to({"type": "time", "t0": second})
                    sent += 2
                await clock.until_weighed(sent)
            for socket in sockets:
                replies += await _all_answered(socket)
                sent += 1
            # Then everyone's connection drops and comes back: clock pings and a sync.
            for number, socket in enumerate(sockets):
                await socket.disconnect()
                sockets[number] = await _open(_board(group), writers[number])
                for ping in range(3):
                    await sockets[number].send_json_to({"type": "time", "t0": ping})
                await sockets[number].send_json_to({"type": "sync", "since": 0})
                sent += 4
            await clock.until_weighed(sent)
        for socket in sockets:
            replies += await _all_answered(socket)
            await socket.disconnect()
        assert [r for r in replies if r["type"] == "error"] == []

    async_to_sync(scenario)()
    assert Note.objects.filter(group=group).count() == 8 * 2 * 30


def test_an_oversized_or_malformed_message_is_refused(room):
    group_1, _ = room["groups"]

    async def scenario():
        anna = await _open(_board(group_1), room["people"]["Anna"][1])
        await _drain(anna)
        await anna.send_to(text_data=json.dumps({"type": "note.create", "text": "x" * 9000}))
        assert (await anna.receive_output())["code"] == 1009
        anna = await _open(_board(group_1), room["people"]["Anna"][1])
        await _drain(anna)
        await anna.send_json_to({"type": "note.create", "frame": "1; DROP TABLE"})
        assert (await _until(anna, "error"))["code"] == "protocol"
        await anna.send_json_to(_create(room["frames"][0], "x" * 501, "long"))
        error = await _until(anna, "error")
        assert "högst 500 tecken" in error["message"]
        assert error["ref"] == "long"
        await anna.disconnect()

    async_to_sync(scenario)()


def test_a_refused_message_names_its_ref_so_the_browser_gives_the_text_back(room):
    group_1, _ = room["groups"]

    async def scenario():
        anna = await _open(_board(group_1), room["people"]["Anna"][1])
        await _drain(anna)
        await anna.send_json_to(_create(room["frames"][0], "x" * 2001, "far-too-long"))
        error = await _until(anna, "error")
        assert error["code"] == "protocol"
        assert error["ref"] == "far-too-long"
        assert "Tavlan kunde inte ta emot ändringen" in error["message"]
        await anna.disconnect()

    async_to_sync(scenario)()
    assert not Note.objects.filter(group=group_1, client_id="far-too-long").exists()


def test_a_goal_conflict_tag_reaches_the_group_and_the_facilitator(room):
    group_1, group_2 = room["groups"]
    people = room["people"]
    session = room["session"]
    staff = _staff_cookie()

    async def scenario():
        anna = await _open(_board(group_1), people["Anna"][1])
        bo = await _open(_board(group_1), people["Bo"][1])
        cecilia = await _open(_board(group_2), people["Cecilia"][1])
        overview = await _open(f"/ws/workshops/session/{session.pk}/facilitator/", staff)
        await anna.send_json_to(_create(room["frames"][0], "Tillväxt mot klimat", "anna-1"))
        note = (await _until(anna, "ack"))["note"]
        assert note["goal_conflict"] is False
        for socket in (anna, bo, cecilia, overview):
            await _drain(socket)
        await bo.send_json_to(
            {"type": "note.goal_conflict", "ref": "g1", "note": note["id"], "on": True}
        )
        assert (await _until(bo, "ack"))["note"]["goal_conflict"] is True
        for socket in (anna, overview):
            event = await _until(socket, "note", match=lambda m: m["note"]["goal_conflict"])
            assert event["note"]["id"] == note["id"]
        assert [m for m in await _drain(cecilia) if m["type"] == "note"] == []
        for socket in (anna, bo, cecilia, overview):
            await socket.disconnect()

    async_to_sync(scenario)()


def test_report_back_shows_the_reporting_groups_summary_on_every_board(room):
    group_1, group_2 = room["groups"]
    people = room["people"]
    session = room["session"]
    summary = selectors.summary_frame(session=session)
    assert summary is not None

    async def scenario():
        anna = await _open(_board(group_1), people["Anna"][1])
        await anna.send_json_to(_create(summary.pk, "Samverkan över gränser", "anna-1"))
        await _until(anna, "ack")
        cecilia = await _open(_board(group_2), people["Cecilia"][1])
        await _drain(cecilia)
        await database_sync_to_async(services.report_start)(session=session)
        event = await _until(cecilia, "session", match=lambda m: m["state"]["reporting"])
        reporting = event["state"]["reporting"]
        assert (reporting["group"], reporting["number"]) == (group_1.pk, 1)
        assert [n["text"] for n in reporting["notes"]] == ["Samverkan över gränser"]
        await cecilia.disconnect()
        again = await _open(_board(group_2), people["Cecilia"][1])
        await again.send_json_to({"type": "sync", "since": None})
        state = await _until(again, "state")
        assert state["session"]["reporting"]["group"] == group_1.pk
        await database_sync_to_async(services.report_end)(session=session)
        # Times out, and fails, unless ending report-back reaches the board.
        await _until(again, "session", match=lambda m: m["state"]["reporting"] is None)
        for socket in (anna, again):
            await socket.disconnect()

    async_to_sync(scenario)()


def test_a_note_reaches_the_group_without_a_turn_in_the_database_thread_per_delivery(
    room, monkeypatch
):
    """Channels closes "old" database connections before every message it dispatches, in
    the one thread that does every socket's database work; the board's sockets skip that."""
    group_1, _ = room["groups"]
    people = room["people"]
    turns: list[None] = []

    async def counted() -> None:
        turns.append(None)

    monkeypatch.setattr("channels.consumer.aclose_old_connections", counted)

    async def scenario():
        anna = await _open(_board(group_1), people["Anna"][1])
        bo = await _open(_board(group_1), people["Bo"][1])
        for socket in (anna, bo):
            await _drain(socket)
        await anna.send_json_to(_create(room["frames"][0], "Cykelbanor", "anna-turns"))
        assert (await _until(bo, "note"))["note"]["text"] == "Cykelbanor"
        assert turns == []
        for socket in (anna, bo):
            await socket.disconnect()

    async_to_sync(scenario)()


def test_logging_out_closes_the_staff_sockets_and_refuses_what_they_send_after(room):
    group_1, _ = room["groups"]
    session = room["session"]
    client = Client()
    user = get_user_model().objects.create_user(username="samtal", password="x", is_staff=True)
    client.force_login(user)
    cookie = client.cookies["sessionid"].value

    async def scenario():
        overview = await _open(f"/ws/workshops/session/{session.pk}/facilitator/", cookie)
        board = await _open(_board(group_1), cookie)
        for socket in (overview, board):
            await _drain(socket)
        await database_sync_to_async(client.post)(reverse("staff:logout"))
        for socket in (overview, board):
            assert (await _until(socket, "error"))["code"] == "forbidden"
            assert await _closed_with(socket) == 4403
        await board.send_json_to(_create(room["frames"][0], "Efter utloggning", "after"))
        assert await board.receive_nothing(timeout=0.3)
        again = _socket(_board(group_1), cookie)
        await again.connect()
        assert await _closed_with(again) == 4403

    async_to_sync(scenario)()
    assert not Note.objects.filter(client_id="after").exists()


def test_a_session_that_ended_elsewhere_closes_its_sockets_at_the_next_check(room, monkeypatch):
    group_1, _ = room["groups"]
    monkeypatch.setattr(consumers, "ACCESS_CHECK_SECONDS", 0.05)
    cookie = room["people"]["Anna"][1]

    async def scenario():
        anna = await _open(_board(group_1), cookie)
        await _drain(anna)
        await database_sync_to_async(SessionStore(cookie).delete)()
        assert await _closed_with(anna) == 4403

    async_to_sync(scenario)()


def _dora_on_the_board(session, organisations):
    """Dora, registered, joins through her personal link and is placed in group 1."""
    group = BreakoutGroup.objects.create(session=session, number=1)
    client = Client()
    participant = _registered(session, organisations["Region Skåne"], "Dora")
    client.post(_link(participant), {"session": session.pk})
    member = Member.objects.get(session=session, display_name="Dora")
    services.member_move(session=session, member=member, group=group)
    return participant, member, group, client


async def _shut_out_for_good(socket, group, cookie):
    """The open socket is told and closed, and the same browser cannot open another."""
    assert (await _until(socket, "error"))["code"] == "forbidden"
    assert await _closed_with(socket) == 4403
    again = _socket(_board(group), cookie)
    await again.connect()
    assert await _closed_with(again) == 4403


def test_erasing_a_participant_closes_their_socket_and_their_browser_cannot_come_back(
    session, organisations
):
    participant, _member, group, client = _dora_on_the_board(session, organisations)
    cookie = client.cookies["sessionid"].value

    async def scenario():
        dora = await _open(_board(group), cookie)
        await _drain(dora)
        await database_sync_to_async(person_erase)(email="dora@example.se")
        await _shut_out_for_good(dora, group, cookie)

    async_to_sync(scenario)()
    assert client.get(reverse("workshops:board", args=[session.pk, 1])).status_code == 302
    assert client.get(_link(participant)).status_code == 404


def test_a_participant_the_contact_removes_loses_the_board_but_keeps_their_notes(
    session, organisations
):
    participant, member, group, client = _dora_on_the_board(session, organisations)
    frame = selectors.frames_for(session=session)[0]
    Note.objects.create(group=group, frame=frame, author=member, text="Min idé")
    cookie = client.cookies["sessionid"].value

    async def scenario():
        dora = await _open(_board(group), cookie)
        await _drain(dora)
        await database_sync_to_async(registration_participants_update)(
            registration=participant.registration,
            participants=[ParticipantData("Erik", "erik@example.se", "Strateg")],
        )
        await _shut_out_for_good(dora, group, cookie)

    async_to_sync(scenario)()
    assert client.get(reverse("workshops:board", args=[session.pk, 1])).status_code == 302
    note = Note.objects.get(text="Min idé")
    assert note.author is not None and note.author.display_name == "Dora"


def test_a_participant_whose_organisation_withdraws_loses_the_board(session, organisations):
    participant, _member, group, client = _dora_on_the_board(session, organisations)
    cookie = client.cookies["sessionid"].value

    async def scenario():
        dora = await _open(_board(group), cookie)
        await _drain(dora)
        await database_sync_to_async(registration_withdraw)(registration=participant.registration)
        await _shut_out_for_good(dora, group, cookie)

    async_to_sync(scenario)()
    assert client.get(reverse("workshops:board", args=[session.pk, 1])).status_code == 302


def test_erasing_a_removed_participant_still_anonymises_their_member_rows(session, organisations):
    participant = _registered(session, organisations["Region Skåne"], "Dora")
    Client().post(_link(participant), {"session": session.pk})
    registration_participants_update(
        registration=participant.registration,
        participants=[ParticipantData("Erik", "erik@example.se", "Strateg")],
    )

    person_erase(email="dora@example.se")

    assert not Member.objects.filter(display_name="Dora").exists()


def test_a_member_takes_the_leader_role_only_while_there_is_none_and_everyone_hears_it(room):
    group_1, _ = room["groups"]
    session = room["session"]
    anna_id = room["people"]["Anna"][0].pk
    bo_id = room["people"]["Bo"][0].pk
    staff = _staff_cookie()

    def lead(member: int | None, ref: str) -> dict[str, Any]:
        return {"type": "group.leader", "ref": ref, "member": member}

    def change(kind: str, leader: str) -> Callable[[dict[str, Any]], bool]:
        def matches(message: dict[str, Any]) -> bool:
            found = message.get("leader_change") or {}
            return bool(found.get("kind") == kind and found.get("leader") == leader)

        return matches

    async def scenario():
        anna = await _open(_board(group_1), room["people"]["Anna"][1])
        bo = await _open(_board(group_1), room["people"]["Bo"][1])
        overview = await _open(f"/ws/workshops/session/{session.pk}/facilitator/", staff)
        facilitator = await _open(_board(group_1), staff)
        for socket in (anna, bo, overview, facilitator):
            await _drain(socket)

        await anna.send_json_to(lead(anna_id, "take"))
        for socket in (anna, bo, overview):
            event = await _until(socket, "group", match=change("took", "Anna"))
            assert event["leader_change"]["previous"] == ""
            assert event["state"]["leader"] == anna_id

        for attempt in (bo_id, None):
            await bo.send_json_to(lead(attempt, f"bo-{attempt}"))
            refused = await _until(bo, "error")
            assert refused["code"] == "forbidden"
            assert "Bara samtalsledaren kan byta" in refused["message"]
        await bo.send_json_to(lead(anna_id, "bo-anna"))
        assert (await _until(bo, "error"))["code"] == "forbidden"

        await anna.send_json_to(lead(None, "down"))
        event = await _until(bo, "group", match=change("stepped_down", ""))
        assert event["leader_change"]["previous"] == "Anna"
        assert event["state"]["leader"] is None

        await facilitator.send_json_to(lead(bo_id, "appoint"))
        event = await _until(anna, "group", match=change("appointed", "Bo"))
        assert event["leader_change"]["previous"] == ""
        await facilitator.send_json_to(lead(anna_id, "replace"))
        event = await _until(bo, "group", match=change("appointed", "Anna"))
        assert event["leader_change"]["previous"] == "Bo"
        await facilitator.send_json_to(lead(None, "remove"))
        event = await _until(overview, "group", match=change("removed", ""))
        assert event["leader_change"]["previous"] == "Anna"
        for socket in (anna, bo, overview, facilitator):
            await socket.disconnect()

    async_to_sync(scenario)()
    group_1.refresh_from_db()
    assert group_1.leader_id is None


def test_a_note_sent_with_another_members_client_id_gets_an_error_not_their_note(room):
    group_1, _ = room["groups"]
    session = room["session"]
    Phase.objects.filter(exercise=session.exercise).update(hides_others=True)
    services.phase_start(session=session)

    async def scenario():
        anna = await _open(_board(group_1), room["people"]["Anna"][1])
        bo = await _open(_board(group_1), room["people"]["Bo"][1])
        for socket in (anna, bo):
            await _drain(socket)
        await bo.send_json_to(_create(room["frames"][0], "Bos dolda lapp", "bo-secret"))
        await _until(bo, "ack")
        await anna.send_json_to(_create(room["frames"][0], "Gissning", "bo-secret"))
        error = await _until(anna, "error")
        assert error["code"] == "client_id"
        assert "Bos dolda lapp" not in json.dumps(await _drain(anna) + [error])
        for socket in (anna, bo):
            await socket.disconnect()

    async_to_sync(scenario)()
