"""Every task of the platform retries on lock contention; what counts as contention."""

import importlib
import pkgutil

from django.db import DatabaseError, IntegrityError, OperationalError
from django.tasks import Task

import larlabb
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
