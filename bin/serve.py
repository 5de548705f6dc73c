"""Runs the ASGI web server and the background task worker together until Ctrl-C."""

import argparse
import os
import signal
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


def periodic_due(last_enqueued: float | None, now: float, interval: int) -> bool:
    return last_enqueued is None or now - last_enqueued >= interval


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    args = parser.parse_args()

    host = f"[{args.host}]" if ":" in args.host else args.host
    # Links in mails and calendar files point at the address this run serves, unless set.
    os.environ.setdefault("LARLABB_SITE_URL", f"http://{host}:{args.port}")
    python = sys.executable
    web = [
        python,
        "-m",
        "uvicorn",
        "config.asgi:application",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--no-access-log",
        # Django's ASGI handler has no lifespan events; without this uvicorn logs that at start.
        "--lifespan",
        "off",
    ]
    worker = [python, "manage.py", "db_worker", "--interval", "1"]
    processes = {
        "webbservern": subprocess.Popen(web, cwd=ROOT),
        "bakgrundsarbetaren": subprocess.Popen(worker, cwd=ROOT),
    }
    print(f"\nLärlabb körs på http://{host}:{args.port}/", flush=True)
    print("Kansliet loggar in på /kansliet/ med kansliet / larlabb-demo", flush=True)
    print("Avsluta med Ctrl-C.\n", flush=True)

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
                enqueuers[command] = subprocess.Popen(
                    [python, "manage.py", command, "--enqueue"], cwd=ROOT
                )
        for name, process in processes.items():
            code = process.poll()
            if code is not None:
                print(f"{name} stannade med kod {code}", file=sys.stderr)
                stopping, exit_code = True, code or 1
        time.sleep(0.3)
    for process in processes.values():
        if process.poll() is None:
            process.terminate()
    for process in processes.values():
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
