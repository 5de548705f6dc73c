"""The flood gate in front of the board's sockets, around a stand-in for the application."""

import asyncio
from typing import Any

from asgiref.sync import async_to_sync

from larlabb.workshops.board.throttle import FloodGate


def _scope(cookie: str) -> dict[str, Any]:
    return {"type": "websocket", "headers": [(b"cookie", f"sessionid={cookie}".encode())]}


async def _nothing() -> dict[str, Any]:
    return {"type": "websocket.disconnect"}


async def _sent(message: dict[str, Any]) -> None:
    pass


def test_one_browsers_handshakes_pass_the_gate_one_at_a_time_each_browser_apart():
    opening: dict[str, int] = {}
    most: dict[str, int] = {}

    async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
        cookie = scope["headers"][0][1].decode()
        opening[cookie] = opening.get(cookie, 0) + 1
        most[cookie] = max(most.get(cookie, 0), opening[cookie])
        # The session read and the board's queries, handing the loop to other handshakes.
        for _ in range(3):
            await asyncio.sleep(0)
        opening[cookie] -= 1
        await send({"type": "websocket.accept"})

    gate = FloodGate(application)

    async def scenario() -> None:
        await asyncio.gather(
            *(gate(_scope(cookie), _nothing, _sent) for cookie in ["anna"] * 8 + ["bo", "cilla"])
        )

    async_to_sync(scenario)()
    assert most == {"sessionid=anna": 1, "sessionid=bo": 1, "sessionid=cilla": 1}
    assert gate._opening == {}
