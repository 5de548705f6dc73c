"""Latency and delivery of live board notes under load, over real WebSockets.

Simulated participants write notes on their group's board; each note should reach every
other member of the group and the facilitator. Measured from the moment a note is sent to
its arrival at each receiver: p50/p95/p99, messages delivered per second against expected,
errors, lost and doubled notes (counted per receiver by the note's client_id), and the
server's peak resident memory (VmHWM) and CPU. Between notes the participants also sort the
board: about one move per two notes and a grouping or a group's renaming per two more
(bench/boardload/clients.py), timed and counted apart.

Two load points, each as the issue sets them:
  A: 300 participants in 50 groups and a facilitator, a note each every 5 s for 60 s;
  B: 1,000 participants in 125 groups and a facilitator, a note each every 10 s for 60 s.

Each runs on three servers, one after another:
  embedded  the default: one uvicorn process, SQLite (WAL) and the in-memory channel layer;
  scaleout  two uvicorn processes on PostgreSQL and Redis, started as tests/scaleout starts
            them (harness/servers.py); participants alternate between the processes, so
            every group is split;
  bare      a bare Channels broadcast consumer (bench/boardload/bare.py), the yardstick.

The clients run in their own processes (bench/boardload/clients.py; two by default), never
in the server's. The people are created in the database beforehand, each with the session
cookie a browser holds after the join page (bench/boardload/population.py explains why);
the sockets authenticate with those cookies exactly as browsers do. The clients' CPU is
reported, since on two cores it competes with the server's.

    .venv/bin/python bench/board_load.py            # the full run, about ten minutes
    .venv/bin/python bench/board_load.py --quick    # the same code path, smaller and shorter
    .venv/bin/python bench/board_load.py --deployments embedded,bare    # some servers only

The last line printed is one JSON object with the headline figures.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.servers import (  # noqa: E402
    AsgiServer,
    asgi_server_running,
    postgres_running,
    redis_running,
)

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class LoadPoint:
    name: str
    participants: int
    groups: int
    interval_s: float
    duration_s: float


FULL = (LoadPoint("a", 300, 50, 5, 60), LoadPoint("b", 1000, 125, 10, 60))
QUICK = (LoadPoint("a", 50, 10, 2, 5), LoadPoint("b", 120, 15, 3, 5))
# Seconds after the last write for the last deliveries to arrive; more counts as lost.
DRAIN_S = 3.0


@dataclass(frozen=True)
class Deployment:
    name: str
    env: dict[str, str]
    servers: list[AsgiServer]
    bare: bool = False

    def board_url(self, number: int, group: int) -> tuple[str, str]:
        server = self.servers[number % len(self.servers)]
        path = f"/ws/bare/board/{group}/" if self.bare else f"/ws/workshops/board/{group}/"
        return server.ws + path, server.http

    def facilitator_url(self, session: int) -> tuple[str, str]:
        server = self.servers[0]
        path = (
            "/ws/bare/facilitator/"
            if self.bare
            else f"/ws/workshops/session/{session}/facilitator/"
        )
        return server.ws + path, server.http


def _base_env(workdir: Path) -> dict[str, str]:
    leave_out = {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in leave_out}
    return env | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SQLITE_PATH": str(workdir / "bench.sqlite3"),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
        "EMAIL_HOST": "",
    }


def _python(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _populate(envs: dict[str, dict[str, str]], points: tuple[LoadPoint, ...]) -> dict[str, Any]:
    """Migrate each database and create the load points' sessions, all databases at once."""
    arguments = [f"{point.participants}:{point.groups}" for point in points]
    running = {
        name: subprocess.Popen(
            [sys.executable, "-m", "bench.boardload.population", *arguments],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, env in envs.items()
    }
    populations: dict[str, Any] = {}
    for name, process in running.items():
        out, err = process.communicate(timeout=900)
        if process.returncode != 0:
            raise SystemExit(f"Preparing the {name} database failed:\n{err}")
        populations[name] = json.loads(out.strip().splitlines()[-1])
    # The bare server knows no sessions: the same shape, without cookies.
    populations["bare"] = [
        {
            "session": 0,
            "frame": 1,
            "facilitator": "",
            "participants": [
                {"group": index % point.groups + 1, "cookie": ""}
                for index in range(point.participants)
            ],
        }
        for point in points
    ]
    return populations


def _proc_rss_peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _proc_cpu_s(pid: int) -> float:
    # Fields after the command name, which may itself hold spaces: utime and stime are 14, 15.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * share))], 1)


def run_point(
    deployment: Deployment,
    point: LoadPoint,
    population: dict[str, Any],
    client_processes: int,
    workdir: Path,
) -> dict[str, Any]:
    participants = []
    seats: Counter[int] = Counter()
    for index, person in enumerate(population["participants"]):
        # The n-th member of each group goes to process n mod 2: every group is split.
        url, origin = deployment.board_url(seats[person["group"]], person["group"])
        seats[person["group"]] += 1
        participants.append({"index": index, "url": url, "origin": origin, **person})
    url, origin = deployment.facilitator_url(population["session"])
    facilitator = {"url": url, "origin": origin, "cookie": population["facilitator"]}
    clients = []
    for number in range(client_processes):
        job = {
            "participants": participants[number::client_processes],
            "facilitator": facilitator if number == 0 else None,
            "frame": population["frame"],
            "interval": point.interval_s,
            "duration": point.duration_s,
            "drain": DRAIN_S,
            "result": str(workdir / f"result-{number}.json"),
        }
        job_file = workdir / f"job-{number}.json"
        job_file.write_text(json.dumps(job))
        clients.append(
            subprocess.Popen(
                [sys.executable, "-m", "bench.boardload.clients", str(job_file)],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        )
    for client in clients:
        assert client.stdout is not None
        if client.stdout.readline().strip() != "ready":
            raise SystemExit(f"A client process failed before it was ready ({deployment.name}).")
    pids = [server.process.pid for server in deployment.servers]
    server_cpu_before = sum(_proc_cpu_s(pid) for pid in pids)
    t0 = time.time() + 1
    for client in clients:
        assert client.stdin is not None
        client.stdin.write(f"go {t0}\n")
        client.stdin.flush()
    for client in clients:
        if client.wait(timeout=point.duration_s + 600) != 0:
            raise SystemExit(f"A client process failed ({deployment.name}).")
    window = point.duration_s + DRAIN_S
    server_cpu = sum(_proc_cpu_s(pid) for pid in pids) - server_cpu_before
    results = [
        json.loads((workdir / f"result-{number}.json").read_text())
        for number in range(client_processes)
    ]
    figures = _tally(population, results, point)
    figures |= {
        "server_cpu_pct": round(100 * server_cpu / window, 1),
        "client_cpu_pct": round(100 * sum(r["cpu_s"] for r in results) / window, 1),
        "busiest_client_cpu_pct": round(100 * max(r["cpu_s"] / r["wall_s"] for r in results), 1),
        "peak_mb": round(max(_proc_rss_peak_mb(pid) for pid in pids), 1),
        "warm_up_ms": round(max(ms for r in results for ms in r["warm_up_ms"]), 1),
    }
    return figures


def _tally(
    population: dict[str, Any], results: list[dict[str, Any]], point: LoadPoint
) -> dict[str, Any]:
    members: dict[int, list[int]] = {}
    for index, person in enumerate(population["participants"]):
        members.setdefault(person["group"], []).append(index)
    receipts: Counter[tuple[int, str]] = Counter()
    to_members: list[float] = []
    to_facilitator: list[float] = []
    for result in results:
        for receiver, client_id, latency in result["received"]:
            receipts[(receiver, client_id)] += 1
            if receiver == -1:
                to_facilitator.append(latency)
            elif not client_id.startswith(f"b{receiver}-"):
                to_members.append(latency)
    expected: set[tuple[int, str]] = set()
    sent = 0
    for result in results:
        for client_id, group, sender in result["sent"]:
            sent += 1
            expected.add((-1, client_id))
            expected.update((m, client_id) for m in members[group] if m != sender)
    # A writer also hears its own note (the order the server gave it); not a delivery.
    delivered = {key: n for key, n in receipts.items() if not key[1].startswith(f"b{key[0]}-")}
    lost = sum(1 for key in expected if key not in delivered)
    duplicated = sum(n - 1 for key, n in delivered.items() if key in expected and n > 1)
    stray = sum(n for key, n in delivered.items() if key not in expected)
    latencies = to_members + to_facilitator
    return {
        "participants": point.participants,
        "groups": point.groups,
        "notes_sent": sent,
        "p50_ms": percentile(latencies, 0.50),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
        "members_p99_ms": percentile(to_members, 0.99),
        "facilitator_p99_ms": percentile(to_facilitator, 0.99),
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else 0.0,
        "delivered_per_s": round(sum(delivered.values()) / point.duration_s, 1),
        "expected_per_s": round(len(expected) / point.duration_s, 1),
        "lost": lost,
        "duplicated": duplicated,
        "misdelivered": stray,
        "errors": sum(len(r["errors"]) for r in results),
        "connect_failures": sum(len(r["connect_failures"]) for r in results),
        "closed_early": sum(r["closed_early"] for r in results),
        "moves_sent": sum(r.get("moves_sent", 0) for r in results),
        "move_p99_ms": percentile([ms for r in results for ms in r.get("move_ms", [])], 0.99),
        # A move whose event its writer never heard: lost.
        "moves_lost": sum(r.get("moves_unheard", 0) for r in results),
        "groupings_sent": sum(r.get("groupings_sent", 0) for r in results),
        "grouping_p99_ms": percentile(
            [ms for r in results for ms in r.get("grouping_ms", [])], 0.99
        ),
        "groupings_unanswered": sum(r.get("groupings_unanswered", 0) for r in results),
    }


@contextmanager
def _deployment(name: str, env: dict[str, str]) -> Iterator[Deployment]:
    with ExitStack() as stack:
        if name == "bare":
            bare_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
            application = "bench.boardload.bare:application"
            server = stack.enter_context(asgi_server_running(bare_env, application=application))
            yield Deployment(name, bare_env, [server], bare=True)
            return
        processes = 2 if name == "scaleout" else 1
        servers = [stack.enter_context(asgi_server_running(env)) for _ in range(processes)]
        yield Deployment(name, env, servers)


def _print_point(deployment: str, point: LoadPoint, figures: dict[str, Any]) -> None:
    print(
        f"{deployment:9} {point.name.upper()} {point.participants:5} participants "
        f"in {point.groups:3} groups, a note each every {point.interval_s:g} s "
        f"for {point.duration_s:g} s: "
        f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms "
        f"(members {figures['members_p99_ms']}, facilitator {figures['facilitator_p99_ms']}); "
        f"{figures['delivered_per_s']}/{figures['expected_per_s']} messages/s; "
        f"lost {figures['lost']}, doubled {figures['duplicated']}, "
        f"misdelivered {figures['misdelivered']}, errors {figures['errors']}, "
        f"connect failures {figures['connect_failures']}, closed {figures['closed_early']}; "
        f"server {figures['peak_mb']} MB peak, CPU {figures['server_cpu_pct']} %; "
        f"clients CPU {figures['client_cpu_pct']} % "
        f"(busiest process {figures['busiest_client_cpu_pct']} %); "
        f"first note before the clock started {figures['warm_up_ms']} ms; "
        f"{figures['moves_sent']} moves, p99 {figures['move_p99_ms']} ms, "
        f"lost {figures['moves_lost']}; {figures['groupings_sent']} groupings and renames, "
        f"p99 {figures['grouping_p99_ms']} ms, unanswered {figures['groupings_unanswered']}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 and 120 participants for 5 s each")
    parser.add_argument(
        "--client-processes", type=int, default=2, help="processes the clients run in"
    )
    parser.add_argument(
        "--deployments",
        default="embedded,scaleout,bare",
        help="which of embedded, scaleout and bare to run, comma-separated (all by default)",
    )
    args = parser.parse_args()
    points = QUICK if args.quick else FULL
    chosen = args.deployments.split(",")
    figures: dict[str, dict[str, dict[str, Any]]] = {}
    with ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="larlabb-board-"))
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        # PostgreSQL runs as its own user when this runs as root; it must reach its folder.
        workdir.chmod(0o755)
        (workdir / "pg").mkdir()
        embedded = _base_env(workdir)
        scaleout = embedded | {
            "DATABASE_URL": stack.enter_context(postgres_running(workdir / "pg")),
            "REDIS_URL": stack.enter_context(redis_running()),
        }
        envs = {
            name: env
            for name, env in (("embedded", embedded), ("scaleout", scaleout), ("bare", embedded))
            if name in chosen
        }
        populations = _populate({k: v for k, v in envs.items() if k != "bare"}, points)
        for name, env in envs.items():
            with _deployment(name, env) as deployment:
                for point, population in zip(points, populations[name], strict=True):
                    result = run_point(
                        deployment, point, population, args.client_processes, workdir
                    )
                    figures.setdefault(name, {})[point.name] = result
                    _print_point(name, point, result)

    headline: dict[str, Any] = {}
    for name, by_point in figures.items():
        infix = "" if name == "embedded" else f"_{name}"
        for point in points:
            headline[f"{point.name}{infix}_p99_ms"] = by_point[point.name]["p99_ms"]
    ours = [by_point for name, by_point in figures.items() if name != "bare"]
    headline |= {
        "lost": sum(f[p.name]["lost"] for f in ours for p in points),
        "duplicated": sum(f[p.name]["duplicated"] for f in ours for p in points),
        "errors": sum(
            f[p.name]["errors"] + f[p.name]["connect_failures"] for f in ours for p in points
        ),
        "peak_mb": max((f[p.name]["peak_mb"] for f in ours for p in points), default=0.0),
        "moves": sum(f[p.name]["moves_sent"] for f in ours for p in points),
        "moves_lost": sum(f[p.name]["moves_lost"] for f in ours for p in points),
        "move_p99_ms": max((f[p.name]["move_p99_ms"] for f in ours for p in points), default=0),
        "groupings": sum(f[p.name]["groupings_sent"] for f in ours for p in points),
        "groupings_unanswered": sum(
            f[p.name]["groupings_unanswered"] for f in ours for p in points
        ),
        "grouping_p99_ms": max(
            (f[p.name]["grouping_p99_ms"] for f in ours for p in points), default=0
        ),
    }
    if "embedded" in figures and "bare" in figures:
        one, bare = figures["embedded"], figures["bare"]
        ratios = {
            point.name: round(one[point.name]["p99_ms"] / max(bare[point.name]["p99_ms"], 0.1), 1)
            for point in points
        }
        for point in points:
            print(
                f"{point.name.upper()}: p99 {one[point.name]['p99_ms']} ms embedded ÷ "
                f"{bare[point.name]['p99_ms']} ms bare broadcast = {ratios[point.name]}×"
            )
        headline["bare_ratio"] = max(ratios.values())
    headline["quick"] = args.quick
    print(json.dumps(headline))


if __name__ == "__main__":
    main()
