"""Leaves out of the server's log the lines uvicorn writes for every WebSocket opened,
refused and closed.

uvicorn's --no-access-log silences its line per HTTP request, but not these: they go to
"uvicorn.error" at INFO, three for each handshake the board's flood gate refuses. A script
reconnecting fifty sockets twice a second wrote three hundred lines a second, each a
blocking write on the thread that serves every socket. Warnings and errors on that logger,
and uvicorn's own start and stop lines, still get through.
"""

import logging
from typing import Final

# The messages as uvicorn (uvicorn/protocols/websockets/*_impl.py) and the websockets
# library it hands its logger to (websockets/legacy/server.py) write them, before arguments.
PER_SOCKET_MESSAGES: Final = frozenset(
    {
        '%s - "WebSocket %s" [accepted]',
        '%s - "WebSocket %s" 403',
        '%s - "WebSocket %s" %d',
        "connection open",
        "connection closed",
        "connection rejected (%d %s)",
    }
)


class PerSocketLines(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO or record.msg not in PER_SOCKET_MESSAGES
