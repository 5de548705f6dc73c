"""The yardstick for bench/board_load.py: a bare Channels broadcast on the same machine.

A minimal AsyncJsonWebsocketConsumer that relays every message it receives to its group and
to a facilitator group, with the in-memory layer, no session, no database, no checks. It
speaks just enough of the board's protocol for the same simulated clients to drive it:

    uvicorn bench.boardload.bare:application
"""

from typing import Any

import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        ALLOWED_HOSTS=["127.0.0.1"],
        INSTALLED_APPS=["channels"],
        # The same layer and room for waiting messages as the embedded default's settings.
        CHANNEL_LAYERS={
            "default": {
                "BACKEND": "channels.layers.InMemoryChannelLayer",
                "CONFIG": {"capacity": 2000},
            }
        },
    )
    django.setup()

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.routing import ProtocolTypeRouter, URLRouter
from django.urls import path

FACILITATOR = "bare.facilitator"


class BroadcastConsumer(AsyncJsonWebsocketConsumer):
    """Joins one board's group (or, without a group, the facilitator's) and relays notes."""

    async def connect(self) -> None:
        self.group: int | None = self.scope["url_route"]["kwargs"].get("group")
        self.names = [f"bare.board.{self.group}"] if self.group is not None else [FACILITATOR]
        for name in self.names:
            await self.channel_layer.group_add(name, self.channel_name)
        await self.accept()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if self.group is None or content.get("type") != "note.create":
            return
        event = {
            "type": "note",
            "group": self.group,
            "note": {"client_id": content["client_id"], "text": content["text"]},
        }
        for name in (f"bare.board.{self.group}", FACILITATOR):
            await self.channel_layer.group_send(name, {"type": "board.event", "event": event})

    async def board_event(self, message: dict[str, Any]) -> None:
        await self.send_json(message["event"])

    async def disconnect(self, code: int) -> None:
        for name in self.names:
            await self.channel_layer.group_discard(name, self.channel_name)


async def no_content(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """204 to any HTTP request: the harness asks once to learn that the server is up."""
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


application = ProtocolTypeRouter(
    {
        "http": no_content,
        "websocket": URLRouter(
            [
                path("ws/bare/board/<int:group>/", BroadcastConsumer.as_asgi()),
                path("ws/bare/facilitator/", BroadcastConsumer.as_asgi()),
            ]
        ),
    }
)
