"""Runs the ASGI web server and the background task worker together until Ctrl-C."""

import argparse
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Management commands that put a task in the worker's queue, and how often (seconds): due
# reminders hourly, anonymisation of long-ended projects' participants daily. Both run at
# start too. The tasks are safe to repeat: a reminder goes out at most once, and an
# anonymised person stays anonymised.
PERIODIC_COMMANDS = {"send_reminders": 3600, "anonymise_expired": 24 * 3600}
WORKER_RESTART_MAX_S = 60.0
# As larlabb/demo/loader.py creates it (load_demo prints the same pair).
DEMO_LOGIN = "kansliet / larlabb-demo"
logger = logging.getLogger("serve")


def worker_restart_delay(previous: float | None, ran_for: float) -> float:
    """Seconds before a dead worker is started again: one at first, doubling (up to a minute)
    while each new worker dies within a minute, so a worker that cannot start does not spin."""
    if previous is None or ran_for >= WORKER_RESTART_MAX_S:
        return 1.0
    return min(previous * 2, WORKER_RESTART_MAX_S)


def periodic_due(last_enqueued: float | None, now: float, interval: int) -> bool:
    return last_enqueued is None or now - last_enqueued >= interval


def listening_socket(host: str, port: int) -> socket.socket:
    """The web server's socket, bound here so a port already in use is one clear line."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        sock = socket.create_server((host, port), family=family, backlog=2048)
    except OSError as error:
        raise SystemExit(f"Kan inte lyssna på {host} port {port}: {error.strerror}.") from None
    sock.set_inheritable(True)
    return sock


def answers(port: int, host: str) -> bool:
    """Whether the web server answers yet; the staff pages' redirect needs no database."""
    probe = b"HEAD /kansliet/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    try:
        with socket.create_connection((host, port), timeout=2) as connection:
            connection.sendall(probe)
            return connection.recv(16).startswith(b"HTTP/")
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    parser.add_argument(
        "--fd",
        type=int,
        help="serve on this listening socket, already bound (as systemd socket activation "
        "and the tests hand one over), instead of binding HOST:PORT",
    )
    args = parser.parse_args()
    # Warnings and errors only, unless asked: a line per mail and per task (at INFO) would
    # bury them. The web server, the worker and the enqueuers inherit the level.
    log_level = os.environ.setdefault("LOG_LEVEL", "WARNING").upper()
    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(message)s")

    if args.fd is None:
        sock = listening_socket(args.host, int(args.port))
    else:
        sock = socket.socket(fileno=args.fd)
    bound_host, bound_port = sock.getsockname()[:2]
    host = f"[{bound_host}]" if ":" in bound_host else bound_host
    address = f"http://{host}:{bound_port}"
    # Links in mails and calendar files point at the address this run serves, unless set.
    os.environ.setdefault("LARLABB_SITE_URL", address)
    python = sys.executable
    web = [
        python,
        "-m",
        "uvicorn",
        "config.asgi:application",
        "--fd",
        str(sock.fileno()),
        "--no-access-log",
        "--log-level",
        log_level.lower(),
        # Django's ASGI handler has no lifespan events; without this uvicorn logs that at start.
        "--lifespan",
        "off",
    ]
    # The platform's worker: it beats a heartbeat, so the tasks of a worker that died are
    # queued again (or given up with a message) instead of staying RUNNING for ever.
    worker = [python, "manage.py", "task_worker", "--interval", "1"]
    web_server = subprocess.Popen(web, cwd=ROOT, pass_fds=[sock.fileno()])
    task_worker: subprocess.Popen[bytes] | None = subprocess.Popen(worker, cwd=ROOT)
    worker_started = time.monotonic()
    restart_delay: float | None = None
    restart_at: float | None = None
    ready = False

    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    last_enqueued: dict[str, float] = {}
    enqueuers: dict[str, subprocess.Popen[bytes]] = {}
    while not stopping:
        for command, interval in PERIODIC_COMMANDS.items():
            enqueuer = enqueuers.get(command)
            if enqueuer is not None:
                if enqueuer.poll() is None:
                    continue
                del enqueuers[command]  # reaped: no zombie left behind
            if periodic_due(last_enqueued.get(command), time.monotonic(), interval):
                last_enqueued[command] = time.monotonic()
                # Their one line ("… ligger i kön") at start and every hour tells someone
                # watching the server nothing; errors still reach the terminal on stderr.
                enqueuers[command] = subprocess.Popen(
                    [python, "manage.py", command, "--enqueue"],
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                )
        code = web_server.poll()
        if not ready and code is None and answers(bound_port, bound_host):
            ready = True
            print(f"\nLärlabb körs på {address}/", flush=True)
            print(f"Kansliet loggar in på {address}/kansliet/ med {DEMO_LOGIN}", flush=True)
            print("Avsluta med Ctrl-C.\n", flush=True)
        if code is not None:
            # Without the web server there is nothing to serve: everything stops.
            logger.error("Webbservern stannade med kod %s", code)
            stopping, exit_code = True, code or 1
            break
        # A dead worker must not take the site down with it: visitors keep being served while
        # it is started again, after a pause that grows while it keeps dying at once.
        if task_worker is not None and (code := task_worker.poll()) is not None:
            restart_delay = worker_restart_delay(restart_delay, time.monotonic() - worker_started)
            restart_at = time.monotonic() + restart_delay
            logger.warning(
                "Bakgrundsarbetaren stannade med kod %s; startas om om %.0f s", code, restart_delay
            )
            task_worker = None
        if task_worker is None and restart_at is not None and time.monotonic() >= restart_at:
            task_worker = subprocess.Popen(worker, cwd=ROOT)
            worker_started, restart_at = time.monotonic(), None
            logger.warning("Bakgrundsarbetaren startades om (process %s)", task_worker.pid)
        time.sleep(0.3)
    processes = [p for p in (web_server, task_worker, *enqueuers.values()) if p is not None]
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
