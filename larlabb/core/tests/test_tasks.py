"""Every task of the platform retries on lock contention; what counts as contention."""

import importlib
import pkgutil
import time

import pytest
from django.db import DatabaseError, IntegrityError, OperationalError
from django.tasks import Task
from django_tasks_db.management.commands import db_worker

import larlabb
from larlabb.core.management.commands import task_worker
from larlabb.core.models import WorkerHeartbeat
from larlabb.core.tasks import is_contention, retry_on_contention


def _platform_tasks() -> list[Task[..., object]]:
    found = []
    for module_info in pkgutil.walk_packages(larlabb.__path__, "larlabb."):
        if ".tests" in module_info.name or ".migrations" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        found += [value for value in vars(module).values() if isinstance(value, Task)]
    return found


def test_every_task_of_the_platform_retries_on_lock_contention():
    retrying_code = retry_on_contention(lambda: None).__code__
    tasks = {task.module_path: task for task in _platform_tasks()}

    assert {"larlabb.synthesis.tasks.notes_embed_task", "larlabb.core.mail.outbox_deliver"} <= set(
        tasks
    )
    unguarded = [path for path, task in tasks.items() if task.func.__code__ is not retrying_code]
    assert unguarded == []


class _PostgresError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _caused_by(error: DatabaseError, sqlstate: str) -> DatabaseError:
    error.__cause__ = _PostgresError(sqlstate)
    return error


def test_sqlite_locks_and_postgresql_serialization_failures_and_deadlocks_are_contention():
    assert is_contention(OperationalError("database is locked"))
    assert is_contention(OperationalError("database table is locked: synthesis_noteembedding"))
    assert is_contention(_caused_by(OperationalError("could not serialize access"), "40001"))
    assert is_contention(_caused_by(OperationalError("deadlock detected"), "40P01"))


def test_other_database_errors_are_not_retried():
    assert not is_contention(OperationalError("no such table: x"))
    assert not is_contention(_caused_by(IntegrityError("duplicate key"), "23505"))
    assert not is_contention(ValueError("database is locked"))


@pytest.mark.django_db(transaction=True)
def test_the_worker_loop_goes_on_after_the_database_was_busy_and_forgets_its_heartbeat_at_exit(
    monkeypatch,
):
    attempts: list[str] = []

    def busy_once(self: db_worker.Worker) -> None:
        attempts.append(self.worker_id)
        assert WorkerHeartbeat.objects.filter(worker_id=self.worker_id).exists()
        if len(attempts) == 1:
            raise OperationalError("database is locked")

    monkeypatch.setattr(db_worker.Worker, "run", busy_once)
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    worker = task_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="busy-worker",
        excluded_queue_names=[],
    )

    worker.run()

    assert attempts == ["busy-worker", "busy-worker"]
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_loop_does_not_hide_other_database_errors(monkeypatch):
    def broken(self: db_worker.Worker) -> None:
        raise OperationalError("no such table: django_tasks_database_dbtaskresult")

    monkeypatch.setattr(db_worker.Worker, "run", broken)
    worker = task_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="broken-worker",
        excluded_queue_names=[],
    )

    with pytest.raises(OperationalError):
        worker.run()
    assert not WorkerHeartbeat.objects.exists()
