"""Latency, throughput and SQL queries of the public programme pages.

Serves the demo with uvicorn (one process, SQLite, DEBUG off) on a free loopback port and
drives it with 50 concurrent keep-alive clients. Query counts are taken in-process with
6 workshops (the seed) and again with 60, to show they do not grow with the programme.

    python bench/pages.py            # full run
    python bench/pages.py --quick    # same code path, well under a minute

The last line printed is one JSON object with the headline figures.
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "hallbara-livsmiljoer-2024"
PAGES = {
    "invitation": f"/projekt/{SEED}/",
    "programme": f"/projekt/{SEED}/program/",
    "ics_feed": f"/projekt/{SEED}/program.ics",
}
CONCURRENCY = 50


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {
        k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)
    }
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _client(
    port: int, path: str, count: int, latencies: list[float], errors: list[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode()
    for _ in range(count):
        started = time.perf_counter()
        writer.write(request)
        await writer.drain()
        status = await _read_response(reader)
        latencies.append((time.perf_counter() - started) * 1000)
        if status != 200:
            errors.append(status)
    writer.close()


async def load(port: int, path: str, requests: int) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[int] = []
    per_client = max(requests // CONCURRENCY, 1)
    # Warm up caches and connections first; not counted.
    await asyncio.gather(*(_client(port, path, 2, [], []) for _ in range(CONCURRENCY)))
    started = time.perf_counter()
    await asyncio.gather(
        *(_client(port, path, per_client, latencies, errors) for _ in range(CONCURRENCY))
    )
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "rps": round(len(latencies) / elapsed, 1),
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit("The server did not start.")


def query_counts() -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, counts = Client(), {}
    for name, path in PAGES.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, (path, response.status_code)
        counts[name] = len(queries)
    return counts


def grow_programme_to(total: int) -> None:
    from larlabb.programme.models import LearningProject, Workshop

    project = LearningProject.objects.get(slug=SEED)
    first = project.workshops.get(number=1)
    Workshop.objects.bulk_create(
        Workshop(
            project=project,
            block=first.block,
            number=number,
            format=first.format,
            starts_at=first.starts_at,
            ends_at=first.ends_at,
        )
        for number in range(project.workshops.count() + 1, total + 1)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run on the same code path")
    args = parser.parse_args()
    requests = 300 if args.quick else 1500

    workdir = Path(tempfile.mkdtemp(prefix="larlabb-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "SQLITE_PATH": str(workdir / "db.sqlite3")}
    env.pop("DJANGO_DEBUG", None)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    results: dict[str, dict[str, dict[str, float]]] = {}
    queries: dict[str, dict[str, int]] = {}
    for workshops in (6, 60):
        grow_programme_to(workshops)
        queries[str(workshops)] = query_counts()
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for(port)
            results[str(workshops)] = {
                name: asyncio.run(load(port, path, requests)) for name, path in PAGES.items()
            }
        finally:
            server.terminate()
            server.wait(timeout=10)

    header = ("sida", "workshopar", "median ms", "p95 ms", "req/s", "fel", "SQL")
    print(f"{header[0]:<12}" + "".join(f"{title:>11}" for title in header[1:]))
    for size, pages in results.items():
        for name, figures in pages.items():
            print(
                f"{name:<12}{size:>11}{figures['median_ms']:>11}{figures['p95_ms']:>11}"
                f"{figures['rps']:>11}{figures['errors']:>11}{queries[size][name]:>11}"
            )
    headline: dict[str, float] = {"concurrency": CONCURRENCY}
    for name in PAGES:
        headline[f"{name}_median_ms"] = results["6"][name]["median_ms"]
        headline[f"{name}_p95_ms"] = results["6"][name]["p95_ms"]
        headline[f"{name}_rps"] = results["6"][name]["rps"]
        headline[f"{name}_p95_ms_60_workshops"] = results["60"][name]["p95_ms"]
        headline[f"{name}_queries_6"] = queries["6"][name]
        headline[f"{name}_queries_60"] = queries["60"][name]
    headline["errors"] = sum(f["errors"] for pages in results.values() for f in pages.values())
    print(json.dumps(headline))


if __name__ == "__main__":
    main()
