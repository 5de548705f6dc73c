"""bin/serve.py and `make run` as they run for real: a killed task worker is started again
while the web server keeps answering, and the terminal shows the address and the login, then
only warnings and errors."""

import importlib.util
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from harness.servers import ROOT, listening_socket, run_manage

# Generous: Django's start-up takes seconds when other work shares the two cores.
WAIT_S = 240
# The tests marked scaleout run the site as processes of its own (a minute in all): in the
# tier that waits on servers anyway, beside the browser tests, not in the fast tier.


def _serve_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("serve", ROOT / "bin" / "serve.py")
    assert spec is not None and spec.loader is not None
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    return serve


def _until[T](found: Callable[[], T | None], what: str) -> T:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        value = found()
        if value is not None:
            return value
        time.sleep(0.2)
    raise AssertionError(f"never happened: {what}")


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def _worker_pids(serve_pid: int) -> set[int]:
    pids: set[int] = set()
    for children in Path(f"/proc/{serve_pid}/task").glob("*/children"):
        for child in children.read_text().split():
            try:
                command = Path(f"/proc/{child}/cmdline").read_bytes()
            except FileNotFoundError:
                continue
            if b"task_worker" in command:
                pids.add(int(child))
    return pids


@dataclass(frozen=True)
class Site:
    folder: Path
    setup_output: str


def _site_env(folder: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SQLITE_PATH": str(folder / "larlabb.sqlite3"),
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
    }
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "LOG_LEVEL", "LARLABB_SITE_URL"):
        env.pop(name, None)
    return env


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A site as `make setup` leaves it for `make run`: migrated, its static files collected
    and the demo loaded, the mails the demo sends still queued for the worker."""
    folder = tmp_path_factory.mktemp("site")
    # As `make run` exports it to its setup.
    env = _site_env(folder) | {"LOG_LEVEL": "WARNING"}
    output = ""
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo"]):
        result = run_manage(env, *command)
        assert result.returncode == 0, result.stdout + result.stderr
        output += result.stdout + result.stderr
    return Site(folder=folder, setup_output=output)


@contextmanager
def _serving(
    site: Site, tmp_path: Path, **env: str
) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    """bin/serve.py on a copy of the site, on a socket bound here; its output in a file."""
    folder = tmp_path / "site"
    shutil.copytree(site.folder, folder)
    log = tmp_path / "serve.log"
    with log.open("wb") as output, listening_socket() as sock:
        process = subprocess.Popen(
            [sys.executable, "bin/serve.py", "--fd", str(sock.fileno())],
            cwd=ROOT,
            env=_site_env(folder) | env,
            stdout=output,
            stderr=subprocess.STDOUT,
            pass_fds=[sock.fileno()],
        )
        port: int = sock.getsockname()[1]
    try:
        yield process, port, log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def serving(demo_site: Site, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    with _serving(demo_site, tmp_path) as served:
        yield served


def _count(folder: Path, query: str) -> int | None:
    """One count from the site's database; None while it is busy."""
    try:
        with closing(sqlite3.connect(folder / "larlabb.sqlite3", timeout=5)) as database:
            (count,) = database.execute(query).fetchone()
    except sqlite3.OperationalError:
        return None
    return int(count)


MAILS_SENT = "SELECT count(*) FROM core_outboxmessage WHERE sent_at IS NOT NULL"
TASKS_DONE = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'SUCCESSFUL'"


def _served_until_mail_went_out(site: Site, tmp_path: Path, **env: str) -> tuple[int, str]:
    """Serve the site until it said it is ready and its worker has sent some of the demo's
    queued mails; the port and everything printed, setup included."""
    folder = tmp_path / "site"
    with _serving(site, tmp_path, **env) as (_process, port, log):
        _until(lambda: "Avsluta med Ctrl-C" in log.read_text() or None, "the ready lines")
        _until(lambda: _count(folder, MAILS_SENT) or None, "a mail sent")
        _until(lambda: _count(folder, TASKS_DONE) or None, "a task done")
    return port, site.setup_output + log.read_text()


@pytest.mark.scaleout
def test_make_run_prints_the_address_and_the_login_and_no_line_per_mail_or_task(
    demo_site, tmp_path
):
    port, printed = _served_until_mail_went_out(demo_site, tmp_path)

    assert "Kansliets demoinloggning: kansliet / larlabb-demo" in printed
    assert f"Lärlabb körs på http://127.0.0.1:{port}/" in printed
    assert f"http://127.0.0.1:{port}/kansliet/ med kansliet / larlabb-demo" in printed
    assert "E-post till" not in printed
    assert "Task id=" not in printed
    assert " INFO " not in printed


@pytest.mark.scaleout
def test_with_log_level_info_make_run_shows_each_mail_and_task_again(demo_site, tmp_path):
    _port, printed = _served_until_mail_went_out(demo_site, tmp_path, LOG_LEVEL="INFO")

    assert "E-post till" in printed
    assert "Task id=" in printed


def test_make_run_hands_the_quiet_log_level_to_setup_and_server_unless_one_is_given(tmp_path):
    # make itself, with a stand-in for Python that notes each command and its LOG_LEVEL.
    python = tmp_path / "python"
    calls = tmp_path / "calls"
    python.write_text(f'#!/bin/sh\necho "$LOG_LEVEL $1 $2" >> {calls}\n')
    python.chmod(0o755)
    synced = tmp_path / "synced"
    synced.touch()  # newer than both lock files: make installs nothing, Python nor npm packages
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "LOG_LEVEL"}
    stand_ins = [f"PY={python}", f"STAMP={synced}", f"NODE_STAMP={synced}", f"UV={python}"]

    def levels(**given: str) -> set[str]:
        calls.unlink(missing_ok=True)
        make = ["make", "-s", "--no-print-directory", "run", *stand_ins]
        subprocess.run(make, cwd=ROOT, env=env | given, check=True, timeout=60)
        commands = calls.read_text().splitlines()
        assert "WARNING manage.py load_demo" in commands or "INFO manage.py load_demo" in commands
        assert any("bin/serve.py" in command for command in commands)
        return {command.split()[0] for command in commands}

    assert levels() == {"WARNING"}
    assert levels(LOG_LEVEL="INFO") == {"INFO"}


@pytest.mark.scaleout
def test_a_killed_worker_is_started_again_while_the_web_server_keeps_answering(serving):
    process, port, log = serving
    url = f"http://127.0.0.1:{port}/kansliet/"
    _until(lambda: _status(url), "the web server answered")
    first = _until(lambda: _worker_pids(process.pid) or None, "a task worker started")

    for pid in first:
        os.kill(pid, signal.SIGKILL)
    restarted = _until(
        lambda: (_worker_pids(process.pid) - first) or None, "a new task worker started"
    )

    assert process.poll() is None
    assert _status(url) == 200
    assert restarted.isdisjoint(first)
    assert "WARNING Bakgrundsarbetaren stannade med kod -9" in log.read_text()


def test_a_worker_dying_at_once_again_and_again_waits_longer_each_time_up_to_a_minute():
    serve = _serve_module()

    first = serve.worker_restart_delay(None, 0.5)
    second = serve.worker_restart_delay(first, 0.5)
    much_later = second
    for _ in range(10):
        much_later = serve.worker_restart_delay(much_later, 0.5)

    assert (first, second, much_later) == (1.0, 2.0, 60.0)
    assert serve.worker_restart_delay(much_later, 3600) == 1.0
