"""Throwaway PostgreSQL, Redis and uvicorn servers on loopback ports, and Django commands
against them, for the tests (through their fixtures) and the benchmarks in bench/ alike.

Our own rather than pytest-postgresql and pytest-redis: the benchmarks need the same servers
without pytest, and those plugins give fixtures only; both also take their port from a
probe, with the same race as below.

Ports. Several pytest processes start servers at once (the tiers of `make test` run side by
side, and other checkouts may share the machine), so a port found free may be taken before
the server binds it. uvicorn gets a socket this process already bound and listens on (--fd):
no race at all. PostgreSQL, Redis and anything else that binds for itself goes through
`on_a_free_port`, which starts it again on another port when the port was taken meanwhile.
"""

import errno
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
# How many ports to try before giving up; each try loses only to another process binding
# the very port in the moment between the probe and the bind.
PORT_ATTEMPTS = 5
# Importing Django and every app takes seconds when other work shares the cores.
START_TIMEOUT_S = 60
READY_PROBE = b"HEAD /kansliet/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


class ServerError(RuntimeError):
    """A server or command of the harness could not start or failed."""


class PortTaken(ServerError):
    """Another process bound the port between the probe and the server's own bind."""


def free_port() -> int:
    """A loopback port no one listened on a moment ago. Pass the server that binds it to
    `on_a_free_port`, which tries again when someone else was quicker."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def on_a_free_port[T](start: Callable[[int], T]) -> T:
    """`start(port)` on a free port; on another when it raises PortTaken or EADDRINUSE."""
    for _ in range(PORT_ATTEMPTS - 1):
        try:
            return start(free_port())
        except PortTaken:
            continue
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
    return start(free_port())


def listening_socket() -> socket.socket:
    """A loopback socket bound to a port of the kernel's choosing and listening, ready to be
    handed to a server process (uvicorn --fd), so no other process can take its port."""
    sock = socket.socket()
    sock.bind((LOOPBACK, 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run_manage(
    env: Mapping[str, str], *args: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """`manage.py *args` in a process of its own with `env`; the caller checks the outcome."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_manage_checked(env: Mapping[str, str], *args: str) -> str:
    """`manage.py *args`, raising ServerError with its output when it fails; returns stdout."""
    result = run_manage(env, *args)
    if result.returncode != 0:
        raise ServerError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def run_script(env: Mapping[str, str], code: str) -> dict[str, Any]:
    """Run `code` (which calls django.setup() itself) in a Django process of its own with
    `env`, and return the JSON object it prints last."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=dict(env) | {"LOG_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise ServerError(f"The script failed ({result.returncode}):\n{result.stderr}")
    outcome: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return outcome


# --- PostgreSQL --------------------------------------------------------------------------


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
        raise ServerError(
            f"PostgreSQL's {name} was not found in /usr/lib/postgresql/*/bin or PATH: "
            "install the Debian package postgresql (.ci/run does)."
        )
    return found


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; Debian's package creates the postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], what: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise ServerError(f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def _postgres_start(data: Path, workdir: Path, port: int) -> None:
    # fsync off: a throwaway cluster needs no durability, and the tests run faster.
    options = f"-c listen_addresses={LOOPBACK} -p {port} -k {workdir} -c fsync=off"
    log = workdir / f"log-{port}"
    pg_ctl = [_postgres_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(log)]
    started = subprocess.run(
        _as_postgres([*pg_ctl, "-w", "start"]), capture_output=True, text=True, timeout=120
    )
    if started.returncode == 0:
        return
    said = log.read_text(errors="replace") if log.exists() else ""
    if "could not bind" in said or "already in use" in said:
        raise PortTaken(f"PostgreSQL: port {port} was taken")
    raise ServerError(f"pg_ctl start failed:\n{started.stdout}\n{started.stderr}\n{said}")


@contextmanager
def postgres_running(workdir: Path) -> Iterator[str]:
    """A throwaway PostgreSQL cluster in `workdir` on a free loopback port, with an empty
    database `larlabb` owned by the user `larlabb`; yields its URL."""
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise ServerError(
                "Running as root, PostgreSQL must run as the system user postgres, which does "
                "not exist: install the Debian package postgresql."
            ) from None
        shutil.chown(workdir, user="postgres", group="postgres")
    data = workdir / "db"
    initdb_args = ["-D", str(data), "-U", "larlabb", "--auth=trust", "--no-sync"]
    initdb = [_postgres_bin("initdb"), *initdb_args, "-E", "UTF8", "--locale=C.UTF-8"]
    _run(_as_postgres(initdb), "initdb")

    def start(port: int) -> int:
        _postgres_start(data, workdir, port)
        return port

    port = on_a_free_port(start)
    try:
        createdb = [_postgres_bin("createdb"), "-h", LOOPBACK, "-p", str(port)]
        _run(_as_postgres([*createdb, "-U", "larlabb", "larlabb"]), "createdb")
        yield f"postgres://larlabb@{LOOPBACK}:{port}/larlabb"
    finally:
        subprocess.run(
            _as_postgres([_postgres_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )


# --- Redis -------------------------------------------------------------------------------


def _redis_bin() -> str:
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None
    )
    if found is None:
        raise ServerError("redis-server was not found: install the Debian package redis-server.")
    return found


def _redis_pid(port: int) -> int | None:
    """The process id of the Redis answering on `port`, or None while nothing answers."""
    try:
        with socket.create_connection((LOOPBACK, port), timeout=1) as connection:
            connection.sendall(b"INFO server\r\n")
            reply = b""
            while b"process_id:" not in reply or not reply.endswith(b"\r\n"):
                chunk = connection.recv(65536)
                if not chunk:
                    break
                reply += chunk
    except OSError:
        return None
    for line in reply.decode(errors="replace").splitlines():
        if line.startswith("process_id:"):
            return int(line.split(":", 1)[1])
    return None


def _stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _redis_start(port: int) -> subprocess.Popen[bytes]:
    command = [_redis_bin(), "--port", str(port), "--bind", LOOPBACK]
    command += ["--save", "", "--appendonly", "no"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if process.poll() is not None:
                log.seek(0)
                said = log.read().decode(errors="replace")
                if "already in use" in said:
                    raise PortTaken(f"Redis: port {port} was taken")
                raise ServerError(f"redis-server exited with code {process.returncode}:\n{said}")
            # Our own server, not another that holds the port: its process id says so.
            if _redis_pid(port) == process.pid:
                return process
            time.sleep(0.05)
    _stop(process)
    raise ServerError(f"redis-server did not answer on {LOOPBACK}:{port} within 15 seconds.")


@contextmanager
def redis_running() -> Iterator[str]:
    """A redis-server on a free loopback port, without persistence; yields its URL."""
    ports: dict[subprocess.Popen[bytes], int] = {}

    def start(port: int) -> subprocess.Popen[bytes]:
        process = _redis_start(port)
        ports[process] = port
        return process

    process = on_a_free_port(start)
    try:
        yield f"redis://{LOOPBACK}:{ports[process]}/0"
    finally:
        _stop(process)


# --- PostgreSQL and Redis together -------------------------------------------------------


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


@contextmanager
def scaleout_servers_running() -> Iterator[ScaleOutServers]:
    """A PostgreSQL and a Redis in a temporary folder, removed afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix="larlabb-scaleout-"))
    try:
        with postgres_running(workdir) as database_url, redis_running() as redis_url:
            yield ScaleOutServers(
                database_url=database_url,
                redis_url=redis_url,
                static_root=str(workdir / "static"),
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# --- uvicorn -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AsgiServer:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def http(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://{LOOPBACK}:{self.port}"


def _answers_http(port: int) -> bool:
    # The socket listens from the start, so a connection alone proves nothing: the server
    # must answer. Any status will do; the staff pages' redirect to the login page needs no
    # database, so a server on one not yet migrated answers too, without a line in its log.
    try:
        with socket.create_connection((LOOPBACK, port), timeout=3) as connection:
            connection.sendall(
                b"HEAD /kansliet/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            )
            return connection.recv(16).startswith(b"HTTP/")
    except OSError:
        return False


@contextmanager
def asgi_server_running(
    env: Mapping[str, str], application: str = "config.asgi:application"
) -> Iterator[AsgiServer]:
    """One uvicorn process on a loopback socket bound here and handed over (no port race),
    as bin/serve.py runs it; stopped afterwards."""
    with listening_socket() as sock:
        port: int = sock.getsockname()[1]
        command = [sys.executable, "-m", "uvicorn", application, "--fd", str(sock.fileno())]
        command += ["--no-access-log", "--lifespan", "off", "--log-level", "warning"]
        process = subprocess.Popen(command, cwd=ROOT, env=dict(env), pass_fds=[sock.fileno()])
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _answers_http(port):
            if process.poll() is not None:
                raise ServerError(f"uvicorn exited with code {process.returncode} at start.")
            if time.monotonic() > deadline:
                raise ServerError(f"uvicorn did not answer within {START_TIMEOUT_S} seconds.")
            time.sleep(0.1)
        yield AsgiServer(port=port, process=process)
    finally:
        _stop(process)
