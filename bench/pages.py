"""Latency, throughput and SQL queries of the public programme pages.

Serves the demo with uvicorn (one process, as `make run` does: SQLite in WAL mode, DEBUG off)
from a fresh temporary database on a free loopback port, and drives it with 50 concurrent
keep-alive HTTP/1.1 clients. Then the seed project grows from its 6 workshops to 60 (copies of
the seed workshops, a week apart) and everything is measured again.

SQL queries per page are counted in-process with Django's test client: once with an empty
cache (the full render) and once more with the cache warm (what most requests cost).

    .venv/bin/python bench/pages.py            # full run: 1,500 measured requests per page
    .venv/bin/python bench/pages.py --quick    # the same code path, 150 requests per page

The last line printed is one JSON object with the headline figures.
"""

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.servers import asgi_server_running, run_manage_checked  # noqa: E402

SEED = "hallbara-livsmiljoer-2024"
PAGES = {
    "invitation": f"/projekt/{SEED}/",
    "programme": f"/projekt/{SEED}/program/",
    "ics_feed": f"/projekt/{SEED}/program.ics",
}
CLIENTS = 50
SIZES = (6, 60)
TIMEOUT_SECONDS = 60


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
    try:
        for _ in range(count):
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status = await _read_response(reader)
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors.append(status)
    finally:
        writer.close()
        await writer.wait_closed()


async def load(port: int, path: str, requests: int) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[int] = []
    per_client = max(requests // CLIENTS, 1)
    # One request per client first, not counted: opens the connections and fills the caches.
    await asyncio.wait_for(
        asyncio.gather(*(_client(port, path, 1, [], []) for _ in range(CLIENTS))),
        TIMEOUT_SECONDS,
    )
    started = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(
            *(_client(port, path, per_client, latencies, errors) for _ in range(CLIENTS))
        ),
        TIMEOUT_SECONDS,
    )
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[max(int(len(latencies) * 0.95) - 1, 0)], 1),
        "rps": round(len(latencies) / elapsed, 1),
    }


def _shows_every_workshop(name: str, body: bytes, workshops: int) -> bool:
    if name == "ics_feed":
        return body.count(b"BEGIN:VEVENT") == workshops
    return f'id="workshop-{workshops}-title"'.encode() in body


def query_counts(workshops: int) -> dict[str, dict[str, int]]:
    """Queries per page with an empty cache (a full render) and with the cache warm."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts: dict[str, dict[str, int]] = {}
    for name, path in PAGES.items():
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            response = client.get(path, HTTP_HOST="127.0.0.1")
        if response.status_code != 200 or not _shows_every_workshop(
            name, response.content, workshops
        ):
            raise SystemExit(f"{path} does not show all {workshops} workshops.")
        with CaptureQueriesContext(connection) as warm:
            client.get(path, HTTP_HOST="127.0.0.1")
        counts[name] = {"cold": len(cold), "warm": len(warm)}
    return counts


def grow_programme_to(total: int) -> None:
    """Add copies of the seed workshops, a week apart, until the project has `total`."""
    from larlabb.programme.models import LearningProject, Workshop

    project = LearningProject.objects.get(slug=SEED)
    seed = list(project.workshops.order_by("number"))
    copies = []
    for number in range(len(seed) + 1, total + 1):
        original = seed[(number - 1) % len(seed)]
        shift = timedelta(weeks=number)
        copies.append(
            Workshop(
                project=project,
                block=original.block,
                number=number,
                title=original.title,
                format=original.format,
                starts_at=original.starts_at + shift,
                ends_at=original.ends_at + shift,
                lunch_to_lunch=original.lunch_to_lunch,
                city=original.city,
                venue=original.venue,
                address=original.address,
                is_preliminary=original.is_preliminary,
                note=original.note,
            )
        )
    Workshop.objects.bulk_create(copies)


def serve_and_load(env: dict[str, str], requests: int) -> dict[str, dict[str, float]]:
    with asgi_server_running(env) as server:
        return {
            name: asyncio.run(load(server.port, path, requests)) for name, path in PAGES.items()
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run on the same code path")
    args = parser.parse_args()
    requests = 150 if args.quick else 1500

    with tempfile.TemporaryDirectory(prefix="larlabb-bench-") as workdir:
        # The single-machine defaults, whatever this shell has set: a fresh SQLite file,
        # the in-memory cache and channel layer, DEBUG off.
        leave_out = {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE"}
        env = {k: v for k, v in os.environ.items() if k not in leave_out}
        env |= {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SQLITE_PATH": str(Path(workdir) / "bench.sqlite3"),
            "STATIC_ROOT": str(Path(workdir) / "static"),
            "LOG_LEVEL": "WARNING",
        }
        for command in (("migrate", "--noinput"), ("collectstatic", "--noinput"), ("load_demo",)):
            run_manage_checked(env, *command, "-v", "0")

        os.environ.clear()
        os.environ.update(env)
        import django

        django.setup()

        results: dict[int, dict[str, dict[str, float]]] = {}
        queries: dict[int, dict[str, dict[str, int]]] = {}
        for workshops in SIZES:
            grow_programme_to(workshops)
            queries[workshops] = query_counts(workshops)
            results[workshops] = serve_and_load(env, requests)

    columns = ("median ms", "p95 ms", "req/s", "errors", "SQL cold", "SQL warm")
    print(f"{'page':<12}{'workshops':>10}" + "".join(f"{title:>11}" for title in columns))
    for size, pages in results.items():
        for name, figures in pages.items():
            print(
                f"{name:<12}{size:>10}{figures['median_ms']:>11}{figures['p95_ms']:>11}"
                f"{figures['rps']:>11}{figures['errors']:>11}"
                f"{queries[size][name]['cold']:>11}{queries[size][name]['warm']:>11}"
            )
    small, large = SIZES
    headline: dict[str, float] = {"concurrent_clients": CLIENTS}
    headline["requests_per_page"] = results[small]["invitation"]["requests"]
    for name in PAGES:
        headline[f"{name}_median_ms"] = results[small][name]["median_ms"]
        headline[f"{name}_p95_ms"] = results[small][name]["p95_ms"]
        headline[f"{name}_rps"] = results[small][name]["rps"]
        headline[f"{name}_median_ms_{large}"] = results[large][name]["median_ms"]
        headline[f"{name}_p95_ms_{large}"] = results[large][name]["p95_ms"]
        headline[f"{name}_rps_{large}"] = results[large][name]["rps"]
        for size in SIZES:
            headline[f"{name}_queries_{size}"] = queries[size][name]["cold"]
            headline[f"{name}_queries_cached_{size}"] = queries[size][name]["warm"]
    headline["failed_requests"] = sum(
        figures["errors"] for pages in results.values() for figures in pages.values()
    )
    print(json.dumps(headline))


if __name__ == "__main__":
    main()
