"""A synthesis whose task worker died: queued again once, then given up with a message that
its page shows at once, not after the fifteen minutes of silence of a stalled run."""

import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from larlabb.core.models import WorkerHeartbeat
from larlabb.core.tasks import WORKER_LOST, WorkerLost, orphaned_tasks_recover
from larlabb.synthesis import services
from larlabb.synthesis.models import Synthesis
from larlabb.synthesis.selectors import scope_get

pytestmark = pytest.mark.django_db


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _claimed_by_dead_worker(row: DBTaskResult[..., None], worker_id: str) -> None:
    """What a worker killed mid-task leaves behind: the row RUNNING, its heartbeat still fresh,
    its process gone."""
    row.claim(worker_id)
    WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        hostname=socket.gethostname(),
        pid=_dead_pid(),
        seen_at=timezone.now(),
    )


@pytest.fixture
def queued_synthesis(boards, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    scope = scope_get(kind="group", pk=boards.group_1.pk)
    assert scope is not None
    with django_capture_on_commit_callbacks(execute=True):
        synthesis = services.synthesis_start(scope=scope, by_user=None)
    row = DBTaskResult.objects.get()
    return synthesis, row


def test_a_task_whose_worker_died_is_queued_again_for_the_next_worker(queued_synthesis):
    synthesis, row = queued_synthesis
    _claimed_by_dead_worker(row, "killed-worker")

    assert orphaned_tasks_recover() == 1

    row.refresh_from_db()
    synthesis.refresh_from_db()
    assert row.status == "READY"
    assert synthesis.status == Synthesis.Status.RUNNING


def test_a_task_whose_worker_died_twice_is_failed_and_its_synthesis_says_so(queued_synthesis):
    synthesis, row = queued_synthesis
    _claimed_by_dead_worker(row, "first-killed-worker")
    orphaned_tasks_recover()
    row.refresh_from_db()
    _claimed_by_dead_worker(row, "second-killed-worker")

    assert orphaned_tasks_recover() == 1

    row.refresh_from_db()
    synthesis.refresh_from_db()
    assert row.status == "FAILED"
    assert "bakgrundsarbetaren avbröts" in row.traceback
    assert synthesis.status == Synthesis.Status.FAILED
    assert synthesis.error == str(WORKER_LOST)


def test_a_task_given_up_records_an_error_whose_exception_class_can_be_loaded(queued_synthesis):
    _synthesis, row = queued_synthesis
    _claimed_by_dead_worker(row, "first-killed-worker")
    orphaned_tasks_recover()
    row.refresh_from_db()
    _claimed_by_dead_worker(row, "second-killed-worker")
    orphaned_tasks_recover()

    row.refresh_from_db()
    (error,) = row.task_result.errors
    assert error.exception_class is WorkerLost


def test_a_living_worker_keeps_its_task(queued_synthesis):
    _synthesis, row = queued_synthesis
    row.claim("living-worker")
    WorkerHeartbeat.objects.create(
        worker_id="living-worker",
        hostname=socket.gethostname(),
        pid=os.getpid(),  # this very process: alive
        seen_at=timezone.now(),
    )

    assert orphaned_tasks_recover() == 0

    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_a_worker_silent_past_the_heartbeat_timeout_on_another_machine_is_taken_for_dead(
    queued_synthesis,
):
    _synthesis, row = queued_synthesis
    row.claim("remote-worker")
    WorkerHeartbeat.objects.create(
        worker_id="remote-worker",
        hostname="another-machine",
        pid=1,
        seen_at=timezone.now() - timedelta(minutes=1),
    )

    assert orphaned_tasks_recover() == 1


def test_the_synthesis_page_says_at_once_that_the_worker_stopped_and_offers_a_new_run(
    staff, queued_synthesis
):
    synthesis, row = queued_synthesis
    row.worker_ids = ["first-killed-worker"]
    row.save(update_fields=["worker_ids"])
    _claimed_by_dead_worker(row, "second-killed-worker")

    page = staff.get(reverse("staff:synthesis_detail", args=[synthesis.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "bakgrundsarbetaren avbröts" in text
    assert "Försök igen" in text


def test_a_live_worker_on_this_machine_whose_beats_were_held_up_keeps_its_task(queued_synthesis):
    _synthesis, row = queued_synthesis
    row.claim("slowed-worker")
    WorkerHeartbeat.objects.create(
        worker_id="slowed-worker",
        hostname=socket.gethostname(),
        pid=os.getpid(),
        seen_at=timezone.now() - timedelta(minutes=2),
    )

    assert orphaned_tasks_recover() == 0
