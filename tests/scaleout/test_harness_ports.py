"""PostgreSQL and Redis from the harness start on another port when theirs was taken between
the probe and their own bind, as happens when the tiers of `make test` start servers at once;
and they say which server answers, not whoever holds the port."""

import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness import servers


@pytest.fixture
def first_port_taken(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """free_port answers first with a port another process listens on, then honestly."""
    with socket.socket() as holder:
        holder.bind((servers.LOOPBACK, 0))
        holder.listen()
        taken: int = holder.getsockname()[1]
        honest = servers.free_port
        answers = iter([taken])
        monkeypatch.setattr(servers, "free_port", lambda: next(answers, None) or honest())
        yield taken


def test_redis_whose_port_was_taken_starts_on_another(first_port_taken):
    with servers.redis_running() as url:
        assert url.startswith("redis://127.0.0.1:")
        assert f":{first_port_taken}/" not in url
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        assert servers._redis_pid(port) is not None


def test_postgres_whose_port_was_taken_starts_on_another(first_port_taken):
    # In /tmp, not pytest's tmp_path: PostgreSQL's own user must reach the folder.
    with (
        tempfile.TemporaryDirectory(prefix="larlabb-ports-") as workdir,
        servers.postgres_running(Path(workdir)) as url,
    ):
        assert f":{first_port_taken}/" not in url
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        with socket.create_connection((servers.LOOPBACK, port), timeout=5):
            pass
