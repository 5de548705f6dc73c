"""bin/serve.py as it runs for real: a killed task worker is started again while the web server
keeps answering."""

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]
# Generous: Django's start-up takes seconds when other work shares the two cores.
WAIT_S = 90


def _serve_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("serve", ROOT / "bin" / "serve.py")
    assert spec is not None and spec.loader is not None
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    return serve


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


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


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SQLITE_PATH": str(tmp_path / "larlabb.sqlite3"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300
        )
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "bin/serve.py", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process, port, log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
