"""Real PostgreSQL and Redis servers on free loopback ports, for the scale-out tests.

tests/scaleout/conftest.py wraps `servers_running` in the session fixture `scaleout_servers`;
bench/ starts the same servers through these functions.
"""

import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ScaleOutServers:
    database_url: str
    redis_url: str
    static_root: str

    def environment(self) -> dict[str, str]:
        """The environment of a deployment that scales out, for a subprocess."""
        # Only what a deployment would have: no test-only switches from this process.
        leave_out = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_DEBUG"}
        env = {k: v for k, v in os.environ.items() if k not in leave_out}
        env |= {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "STATIC_ROOT": self.static_root,
            "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        }
        return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _postgres_bin(name: str) -> str:
    # Debian keeps the server binaries out of PATH, one directory per major version.
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
        reverse=True,
    )
    if candidates:
        return str(candidates[0])
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"PostgreSQL's {name} was not found in /usr/lib/postgresql/*/bin or PATH: "
            "install the Debian package postgresql (.ci/run does)."
        )
    return found


def _redis_bin() -> str:
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if found is None:
        pytest.fail("redis-server was not found: install the Debian package redis-server.")
    return found


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; Debian's package creates the postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        pytest.fail(f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def _wait_for_port(
    port: int, process: subprocess.Popen[bytes], what: str, timeout: float = 15
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with code {process.returncode} before it listened.")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"{what} did not answer on 127.0.0.1:{port} within {timeout:g} seconds.")


@contextmanager
def postgresql_running(workdir: Path) -> Iterator[str]:
    """A throwaway PostgreSQL cluster in `workdir` on a free loopback port; yields its URL."""
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail(
                "Running as root, PostgreSQL must run as the system user postgres, which does "
                "not exist: install the Debian package postgresql."
            )
        shutil.chown(workdir, user="postgres", group="postgres")
    initdb, pg_ctl = _postgres_bin("initdb"), _postgres_bin("pg_ctl")
    data, port = workdir / "db", free_port()
    initdb_args = ["-D", str(data), "-U", "larlabb", "--auth=trust", "--no-sync"]
    _run(_as_postgres([initdb, *initdb_args, "-E", "UTF8", "--locale=C.UTF-8"]), "initdb")
    # fsync off: a throwaway cluster needs no durability, and the tests run faster.
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {workdir} -c fsync=off"
    _run(
        _as_postgres(
            [pg_ctl, "-D", str(data), "-o", options, "-l", str(workdir / "log"), "-w", "start"]
        ),
        "pg_ctl start",
    )
    try:
        createdb = [_postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(port)]
        _run(_as_postgres([*createdb, "-U", "larlabb", "larlabb"]), "createdb")
        yield f"postgres://larlabb@127.0.0.1:{port}/larlabb"
    finally:
        subprocess.run(
            _as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
            timeout=60,
        )


@contextmanager
def redis_running() -> Iterator[str]:
    """A redis-server on a free loopback port, without persistence; yields its URL."""
    port = free_port()
    command = [_redis_bin(), "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        _wait_for_port(port, process, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def servers_running() -> Iterator[ScaleOutServers]:
    workdir = Path(tempfile.mkdtemp(prefix="larlabb-scaleout-"))
    try:
        with postgresql_running(workdir) as database_url, redis_running() as redis_url:
            yield ScaleOutServers(
                database_url=database_url,
                redis_url=redis_url,
                static_root=str(workdir / "static"),
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@dataclass(frozen=True)
class AsgiServer:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}"


@contextmanager
def asgi_server_running(
    env: dict[str, str], application: str = "config.asgi:application"
) -> Iterator[AsgiServer]:
    """One web process on a free loopback port, started as bin/serve.py starts it."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", application]
    command += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    command += ["--lifespan", "off", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        # Importing Django and every app takes seconds when other work shares the cores.
        _wait_for_port(port, process, "uvicorn", timeout=60)
        yield AsgiServer(port=port, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_manage(servers: ScaleOutServers, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=servers.environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_script(servers: ScaleOutServers, code: str) -> dict[str, Any]:
    """Run `code` (which calls django.setup() itself) in a Django process of its own against
    the servers, and return the JSON object it prints last."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=servers.environment() | {"LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    outcome: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return outcome
