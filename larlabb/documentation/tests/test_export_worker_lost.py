"""A whole project's export whose worker died twice: its waiting page says so at once and
offers a new try, instead of waiting twenty minutes."""

import socket
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from larlabb.core.models import WorkerHeartbeat
from larlabb.core.tasks import WORKER_LOST
from larlabb.documentation.exports import ExportScope, export_start, export_status

pytestmark = pytest.mark.django_db


def _killed_worker(worker_id: str) -> None:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    WorkerHeartbeat.objects.create(
        worker_id=worker_id, hostname=socket.gethostname(), pid=process.pid, seen_at=timezone.now()
    )


def test_an_export_whose_worker_died_twice_says_so_and_offers_a_new_try(
    client: Client, documented, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    scope = ExportScope(project=documented.project, workshop_number=None, fmt="csv", public=False)
    with django_capture_on_commit_callbacks(execute=True):
        export_start(scope=scope)
    row = DBTaskResult.objects.get()
    row.worker_ids = ["first-killed-worker"]
    row.save(update_fields=["worker_ids"])
    row.claim("second-killed-worker")
    _killed_worker("second-killed-worker")
    assert export_status(scope=scope).is_running
    staff = get_user_model().objects.create_user("kansli", password="x", is_staff=True)
    client.force_login(staff)

    response = client.get(
        reverse("staff:documentation_export_status", args=[documented.project.slug, "csv"])
    )

    assert response.status_code == 286  # htmx stops asking
    page = response.content.decode()
    assert str(WORKER_LOST) in page
    assert "Försök igen" in page
    assert export_status(scope=scope).is_failed
