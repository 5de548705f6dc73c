"""Closing the sockets of someone whose access has ended: they logged out, or were erased.

A socket is authorised once, when it opens; without this it kept what it was given (a staff
member's overview, a participant's pen) for as long as the browser kept it open. The message
goes through the channel layer, so on the scale-out path it reaches the person's sockets in
every process.
"""

from functools import partial
from typing import Any, Final

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.http import HttpRequest

from larlabb.workshops.board.channel_groups import login_channel

ACCESS_END: Final = "access.end"


def _send(channel: str) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(channel, {"type": ACCESS_END})


def sockets_close(*, channel: str) -> None:
    """Close every socket in `channel` once the transaction commits."""
    transaction.on_commit(partial(_send, channel), robust=True)


def on_logged_out(sender: type, request: HttpRequest | None = None, **_: Any) -> None:
    session_key = request.session.session_key if request is not None else None
    if session_key:
        sockets_close(channel=login_channel(session_key))
