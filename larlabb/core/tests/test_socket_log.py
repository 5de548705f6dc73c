"""The server's log leaves out uvicorn's line per WebSocket, and keeps what goes wrong."""

import logging

import pytest

# As uvicorn's logger is configured when it serves the site: INFO and above.
pytestmark = pytest.mark.usefixtures("uvicorn_at_info")


@pytest.fixture
def uvicorn_at_info(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="uvicorn.error")


def test_a_refused_websocket_handshake_writes_no_line(caplog: pytest.LogCaptureFixture) -> None:
    # What uvicorn and the websockets library log for one handshake the flood gate refuses.
    uvicorn = logging.getLogger("uvicorn.error")
    uvicorn.info('%s - "WebSocket %s" 403', "192.0.2.1:5000", "/ws/workshops/board/1/")
    uvicorn.info("connection rejected (%d %s)", 403, "Forbidden")
    uvicorn.info("connection closed")
    assert caplog.records == []


def test_an_accepted_websocket_writes_no_line(caplog: pytest.LogCaptureFixture) -> None:
    uvicorn = logging.getLogger("uvicorn.error")
    uvicorn.info('%s - "WebSocket %s" [accepted]', "192.0.2.1:5000", "/ws/workshops/board/1/")
    uvicorn.info("connection open")
    assert caplog.records == []


def test_uvicorns_errors_and_its_start_line_still_reach_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    uvicorn = logging.getLogger("uvicorn.error")
    uvicorn.info("Uvicorn running on %s", "http://127.0.0.1:8000")
    uvicorn.error("ASGI callable returned without sending handshake.")
    assert [record.getMessage() for record in caplog.records] == [
        "Uvicorn running on http://127.0.0.1:8000",
        "ASGI callable returned without sending handshake.",
    ]
