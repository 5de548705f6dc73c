"""Real PostgreSQL and Redis servers for the scale-out tests, started and stopped here."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _postgres_bin(name: str) -> str:
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    if candidates:
        return str(candidates[0])
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"PostgreSQL's {name} is missing: install the Debian package postgresql.")
    return found


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; Debian's package creates the postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass(frozen=True)
class ScaleOutServers:
    database_url: str
    redis_url: str

    def environment(self) -> dict[str, str]:
        # Only what a deployment would have: no test-only switches from this process.
        leave_out = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env = {k: v for k, v in os.environ.items() if k not in leave_out}
        env |= {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        }
        return env


@pytest.fixture(scope="session")
def scaleout_servers() -> Iterator[ScaleOutServers]:
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        pytest.fail("redis-server is missing: install the Debian package redis-server.")
    data = Path(tempfile.mkdtemp(prefix="larlabb-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, user="postgres", group="postgres")
    pg_port, redis_port = free_port(), free_port()
    subprocess.run(
        _as_postgres(
            [
                _postgres_bin("initdb"),
                "-D",
                str(data / "db"),
                "-U",
                "larlabb",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {pg_port} -k {data} -c fsync=off"
    subprocess.run(
        _as_postgres(
            [
                _postgres_bin("pg_ctl"),
                "-D",
                str(data / "db"),
                "-o",
                options,
                "-l",
                str(data / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    redis = subprocess.Popen(
        [
            redis_server,
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        subprocess.run(
            _as_postgres(
                [
                    _postgres_bin("createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(pg_port),
                    "-U",
                    "larlabb",
                    "larlabb",
                ]
            ),
            check=True,
            capture_output=True,
        )
        _wait_for_port(redis_port)
        yield ScaleOutServers(
            database_url=f"postgres://larlabb@127.0.0.1:{pg_port}/larlabb",
            redis_url=f"redis://127.0.0.1:{redis_port}/0",
        )
    finally:
        redis.terminate()
        redis.wait(timeout=10)
        subprocess.run(
            _as_postgres([_postgres_bin("pg_ctl"), "-D", str(data / "db"), "-m", "fast", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(data, ignore_errors=True)


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"Nothing answered on 127.0.0.1:{port}.")


def run_manage(servers: ScaleOutServers, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args],
        cwd=ROOT,
        env=servers.environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )
