"""Throughput and latency of the two-step registration over HTTP, and a count of the rows.

Serves the demo with uvicorn on a free loopback port against a fresh temporary SQLite file
(or, with --postgres, a throwaway PostgreSQL started as the scale-out tests start theirs).
The organisations are created through the ORM; then 50 concurrent clients, each with its own
cookie jar, fetch the form for its CSRF token and post: first the organisation registrations
of the open demo project, then (after the registrations are confirmed) each participant's
answer for every workshop. Afterwards the rows are counted: none lost, none duplicated.
The public form rate limit is raised for the run with LARLABB_FORM_RATE_LIMIT.

    .venv/bin/python bench/registration.py            # 1,000 registrations, 4,000 sign-ups
    .venv/bin/python bench/registration.py --quick    # 100 and 400
    .venv/bin/python bench/registration.py --postgres

Latency is one whole submission as a person makes it: fetching the form, then posting it.
The last line printed is one JSON object with the headline figures.
"""

import argparse
import http.client
import json
import os
import re
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.servers import (  # noqa: E402
    asgi_server_running,
    postgres_running,
    run_manage_checked,
)

CLIENTS = 50
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    """One keep-alive connection with its own cookie jar, as one browser."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> str:
        headers = {"Host": f"127.0.0.1:{self.connection.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = headers["Referer"] = f"http://127.0.0.1:{self.connection.port}"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        text = response.read().decode()
        if response.status >= 400:
            raise RuntimeError(f"{method} {path}: HTTP {response.status}")
        return text

    def csrf(self, path: str) -> str:
        match = CSRF_INPUT.search(self.request("GET", path))
        if match is None:
            raise RuntimeError(f"No CSRF token on {path}")
        return match.group(1)


def run_jobs(
    port: int, jobs: list[Callable[[Client], None]]
) -> tuple[float, list[float], list[str]]:
    """Run the jobs on 50 clients; returns the elapsed seconds and each post's latency (ms)."""
    latencies: list[float] = []
    failures: list[str] = []
    chunks = [jobs[index::CLIENTS] for index in range(CLIENTS)]

    def worker(chunk: list[Callable[[Client], None]]) -> None:
        client = Client(port)
        for job in chunk:
            try:
                job(client)
            except RuntimeError as error:
                # Counted, not fatal: the count afterwards shows what the failure cost.
                failures.append(str(error))
                client = Client(port)

    def timed(job: Callable[[Client], None]) -> Callable[[Client], None]:
        def run(client: Client) -> None:
            started = time.perf_counter()
            job(client)
            latencies.append((time.perf_counter() - started) * 1000)

        return run

    timed_chunks = [[timed(job) for job in chunk] for chunk in chunks]
    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        for result in [pool.submit(worker, chunk) for chunk in timed_chunks]:
            result.result()
    return time.perf_counter() - started, latencies, failures


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[max(int(len(ordered) * 0.95) - 1, 0)], 1)


def slowest(values: list[float]) -> float:
    return round(max(values, default=0.0), 1)


def registration_job(slug: str, organisation_id: int, number: int) -> Callable[[Client], None]:
    path = f"/projekt/{slug}/anmalan/"

    def job(client: Client) -> None:
        token = client.csrf(path)
        client.request(
            "POST",
            path,
            {
                "csrfmiddlewaretoken": token,
                "organisation": str(organisation_id),
                "new_organisation_name": "",
                "new_organisation_kind": "",
                "contact_name": f"Kontakt {number}",
                "contact_email": f"kontakt{number}@bench.example",
                "contact_phone": "010-100 00 00",
                "contact_role": "Strateg",
                "organisation_number": "232100-0040",
                "invoice_address": "Box 1\n111 11 Stockholm",
                "invoice_reference": f"Ref {number}",
                "einvoice_id": "",
                "manager_name": f"Chef {number}",
                "manager_email": f"chef{number}@bench.example",
                "submission_key": uuid.uuid4().hex,
                "participants-TOTAL_FORMS": "1",
                "participants-INITIAL_FORMS": "0",
                "participants-MIN_NUM_FORMS": "0",
                "participants-MAX_NUM_FORMS": "4",
                "participants-0-name": f"Deltagare {number}",
                "participants-0-email": f"deltagare{number}@bench.example",
                "participants-0-role": "Utvecklare",
            },
        )

    return job


def signup_job(path: str, number: int, answer: str) -> Callable[[Client], None]:
    def job(client: Client) -> None:
        token = client.csrf(path)
        client.request(
            "POST",
            f"{path}workshop/{number}/",
            {"csrfmiddlewaretoken": token, f"workshop-{number}-answer": answer},
        )

    return job


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 registrations, 400 sign-ups")
    parser.add_argument("--postgres", action="store_true", help="run against PostgreSQL")
    args = parser.parse_args()
    organisations = 100 if args.quick else 1000

    with tempfile.TemporaryDirectory(prefix="larlabb-bench-") as workdir:
        leave_out = {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE"}
        env = {k: v for k, v in os.environ.items() if k not in leave_out}
        env |= {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SQLITE_PATH": str(Path(workdir) / "bench.sqlite3"),
            "LOG_LEVEL": "WARNING",
            "LARLABB_FORM_RATE_LIMIT": str(10 * organisations * 5),
            # Mail stays in the outbox; nothing leaves the machine.
            "EMAIL_HOST": "",
        }
        pg_dir = Path(workdir) / "pg"
        pg_dir.mkdir()
        # PostgreSQL runs as its own user when this runs as root; it must reach its folder.
        Path(workdir).chmod(0o755)
        database = postgres_running(pg_dir) if args.postgres else _nothing()
        with database as database_url:
            if database_url:
                env["DATABASE_URL"] = database_url
            figures = _run(env, organisations)
    print(
        f"{figures['registrations']} registrations: {figures['registrations_per_s']}/s; "
        f"{figures['signups']} sign-ups: {figures['signups_per_s']}/s; "
        f"p95 {figures['p95_ms']} ms; lost {figures['lost']}, duplicated {figures['duplicated']}"
    )
    print(json.dumps(figures))


@contextmanager
def _nothing() -> Iterator[str]:
    yield ""


def _run(env: dict[str, str], organisations: int) -> dict[str, object]:
    for command in (("migrate", "--noinput"), ("collectstatic", "--noinput"), ("load_demo",)):
        run_manage_checked(env, *command, "-v", "0")
    os.environ.clear()
    os.environ.update(env)
    import django

    django.setup()
    from django.db.models import Count
    from django.utils import timezone

    from larlabb.network.models import Organisation
    from larlabb.programme.models import LearningProject
    from larlabb.registration.models import OrganisationRegistration, Participant, WorkshopSignup
    from larlabb.registration.selectors import answers_offered
    from larlabb.registration.tokens import participant_token

    project = LearningProject.objects.filter(is_demo=True).order_by("-registration_deadline")[0]
    created = Organisation.objects.bulk_create(
        Organisation(
            network=project.network,
            name=f"Benchkommun {number}",
            kind=Organisation.Kind.MUNICIPALITY,
            relationship=Organisation.Relationship.MEMBER,
        )
        for number in range(organisations)
    )
    workshops = list(project.workshops.order_by("number")[:4])
    before = OrganisationRegistration.objects.filter(project=project).count()

    with asgi_server_running(env) as server:
        port = server.port
        jobs = [
            registration_job(project.slug, organisation.pk, number)
            for number, organisation in enumerate(created)
        ]
        registration_seconds, registration_ms, registration_failures = run_jobs(port, jobs)
        # The managers' approval is not what is measured: confirm in one statement.
        OrganisationRegistration.objects.filter(project=project, organisation__in=created).update(
            status=OrganisationRegistration.Status.CONFIRMED, confirmed_at=timezone.now()
        )
        participants = Participant.objects.filter(registration__organisation__in=created)
        jobs = [
            signup_job(
                f"/anmalan/deltagare/{participant_token(participant.pk)}/",
                workshop.number,
                answers_offered(workshop)[0],
            )
            for participant in participants
            for workshop in workshops
        ]
        # One sign-up per participant and workshop; a refused registration has no participant.
        expected_signups = len(jobs)
        signup_seconds, signup_ms, signup_failures = run_jobs(port, jobs)

    registrations = OrganisationRegistration.objects.filter(project=project).count() - before
    per_organisation = (
        OrganisationRegistration.objects.filter(organisation__in=created)
        .values("organisation")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    signups = WorkshopSignup.objects.filter(
        participant__registration__organisation__in=created
    ).count()
    # Lost: answered with success but not in the database; a refused request is a failure.
    acknowledged = organisations - len(registration_failures)
    acknowledged_signups = expected_signups - len(signup_failures)
    lost = max(acknowledged - registrations, 0) + max(acknowledged_signups - signups, 0)
    duplicated = per_organisation + max(signups - expected_signups, 0)
    return {
        "database": "postgresql" if env.get("DATABASE_URL") else "sqlite",
        "concurrent_clients": CLIENTS,
        "registrations": registrations,
        "signups": signups,
        "registrations_per_s": round(organisations / registration_seconds, 1),
        "signups_per_s": round(expected_signups / signup_seconds, 1),
        "registration_p95_ms": p95(registration_ms),
        "signup_p95_ms": p95(signup_ms),
        "p95_ms": p95(registration_ms + signup_ms),
        # Against SQLite's busy timeout (20 s): how close the slowest came to "database is locked".
        "max_ms": slowest(registration_ms + signup_ms),
        "failed_requests": len(registration_failures) + len(signup_failures),
        "lost": lost,
        "duplicated": duplicated,
    }


if __name__ == "__main__":
    main()
