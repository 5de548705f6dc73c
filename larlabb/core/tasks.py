"""Background tasks that outlast a busy database and a worker that dies under them.

Every task of the platform is declared with `background_task`: it runs again, with backoff,
when the database is momentarily taken (SQLite's "database is locked", PostgreSQL's
serialization failures and deadlocks), instead of failing the staff member's synthesis or
mail. The worker (`manage.py task_worker`) records a heartbeat; a task left RUNNING by a
worker whose heartbeat stopped is put back in the queue once, and failed with a message the
second time, so no page waits for it forever. A task may name what to do when it is given up
(`on_abandoned`), so its synthesis, plan, export or mail says that the work stopped.
"""

import functools
import logging
import os
import random
import socket
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Final

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.tasks import Task, TaskResultStatus, task
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from larlabb.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# PostgreSQL's serialization_failure and deadlock_detected: the transaction may simply be run
# again. https://www.postgresql.org/docs/current/errcodes-appendix.html
_RETRYABLE_SQLSTATES: Final = frozenset({"40001", "40P01"})
# How often the worker says it is alive, and how long its silence means it is gone. Generous:
# a worker busy in a long synthesis beats from its own thread, so only a dead (or frozen)
# process falls silent.
HEARTBEAT_EVERY: Final = timedelta(seconds=5)
HEARTBEAT_TIMEOUT: Final = timedelta(seconds=30)
SAME_MACHINE_SILENCE_LIMIT: Final = timedelta(minutes=10)
# A task is run again once after its worker died; if that worker dies too, the task itself is
# the likely cause (it exhausts memory, say), and it is given up.
ATTEMPTS_BEFORE_GIVING_UP: Final = 2
WORKER_LOST: Final = _(
    "Bakgrundsarbetet stannade innan uppgiften var klar (bakgrundsarbetaren avbröts). "
    "Starta en ny körning."
)


class WorkerLost(Exception):
    """What a task given up after its workers died failed with, as its result records it."""


def is_contention(error: BaseException) -> bool:
    """Whether the database refused only because another writer was busy: worth a retry."""
    if not isinstance(error, DatabaseError):
        return False
    message = str(error).lower()
    if isinstance(error, OperationalError) and "is locked" in message:
        return True  # SQLite: "database is locked", "database table is locked"
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return sqlstate in _RETRYABLE_SQLSTATES


def retry_on_contention[**P, R](
    func: Callable[P, R], *, attempts: int = 8, first_delay: float = 0.05, max_delay: float = 3.0
) -> Callable[P, R]:
    """Run `func` again, waiting longer each time (with jitter, so two waiting writers do not
    collide again), while it fails on lock contention. Inside a transaction nothing is retried:
    the transaction is spoiled, and only whoever opened it can start it again."""

    @functools.wraps(func)
    def retrying(*args: P.args, **kwargs: P.kwargs) -> R:
        delay = first_delay
        for attempt in range(1, attempts + 1):
            try:
                return func(*args, **kwargs)
            except DatabaseError as error:
                if attempt == attempts or connection.in_atomic_block or not is_contention(error):
                    raise
                logger.warning(
                    "%s: the database is busy (%s); attempt %d of %d in %.2f s",
                    func.__qualname__,
                    error,
                    attempt + 1,
                    attempts,
                    delay,
                )
            time.sleep(delay * (1 + random.random() / 2))
            delay = min(delay * 2, max_delay)
        raise AssertionError("unreachable")  # the loop returns or raises

    return retrying


# The tasks' module paths (as the queue stores them) and what to do when each is given up.
_ON_ABANDONED: dict[str, Callable[..., None]] = {}


def background_task[**P, R](
    *, on_abandoned: Callable[..., None] | None = None
) -> Callable[[Callable[P, R]], Task[P, R]]:
    """Declare a task of the platform: retried on lock contention, and, when its worker dies
    twice under it, `on_abandoned` is called with the task's own arguments."""

    def declare(func: Callable[P, R]) -> Task[P, R]:
        declared: Task[P, R] = task(retry_on_contention(func))
        if on_abandoned is not None:
            _ON_ABANDONED[declared.module_path] = on_abandoned
        return declared

    return declare


# --- The worker's heartbeat and the tasks of dead workers --------------------------------------


def heartbeat_beat(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname(), "pid": os.getpid(), "seen_at": timezone.now()},
    )


def heartbeat_end(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


def _worker_alive(heartbeat: WorkerHeartbeat | None, *, now: datetime) -> bool:
    if heartbeat is None:
        return False
    if heartbeat.hostname == socket.gethostname():
        # On this machine the process itself answers: one that is gone is known at once, and
        # a live one whose beats a busy database held up is not taken for dead (unless silent
        # so long that its process id may belong to another process by now).
        silent_too_long = heartbeat.seen_at < now - SAME_MACHINE_SILENCE_LIMIT
        return not silent_too_long and not _process_gone(heartbeat.pid)
    return heartbeat.seen_at >= now - HEARTBEAT_TIMEOUT


def orphaned_tasks_recover() -> int:
    """Put back in the queue, or give up, the tasks left RUNNING by a worker that is gone;
    returns how many. The worker calls this at start and periodically, and the pages that
    wait for background work call it too, so they learn of a dead worker within seconds."""
    now = timezone.now()
    running = list(DBTaskResult.objects.running().only("id", "worker_ids", "started_at"))
    if not running:
        return 0
    heartbeats = {
        beat.worker_id: beat
        for beat in WorkerHeartbeat.objects.filter(
            worker_id__in={row.worker_ids[-1] for row in running if row.worker_ids}
        )
    }
    recovered = 0
    for row in running:
        worker_id = row.worker_ids[-1] if row.worker_ids else None
        if worker_id is None:
            continue
        beat = heartbeats.get(worker_id)
        # A worker claims its task a moment after its first beat; a row without one is given
        # that moment before it counts as abandoned.
        if beat is None and row.started_at and row.started_at > now - HEARTBEAT_TIMEOUT:
            continue
        if _worker_alive(beat, now=now):
            continue
        if _orphan_recover(task_id=row.pk, worker_id=worker_id):
            recovered += 1
    return recovered


def _orphan_recover(*, task_id: Any, worker_id: str) -> bool:
    with transaction.atomic():
        row = (
            DBTaskResult.objects.select_for_update()
            .filter(pk=task_id, status=TaskResultStatus.RUNNING)
            .first()
        )
        # Finished, or claimed again, between the look and the lock.
        if row is None or not row.worker_ids or row.worker_ids[-1] != worker_id:
            return False
        if len(row.worker_ids) < ATTEMPTS_BEFORE_GIVING_UP:
            logger.warning(
                "Task %s (%s) was left running by worker %s, which is gone; queued again",
                row.pk,
                row.task_path,
                worker_id,
            )
            row.status = TaskResultStatus.READY
            row.started_at = None
            row.save(update_fields=["status", "started_at"])
            return True
        logger.warning(
            "Task %s (%s) was left running by worker %s, which is gone; given up after %d tries",
            row.pk,
            row.task_path,
            worker_id,
            len(row.worker_ids),
        )
        row.status = TaskResultStatus.FAILED
        row.finished_at = timezone.now()
        row.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
        row.traceback = str(WORKER_LOST)
        row.return_value = None
        row.save(
            update_fields=[
                "status",
                "finished_at",
                "exception_class_path",
                "traceback",
                "return_value",
            ]
        )
        on_abandoned = _ON_ABANDONED.get(row.task_path)
        if on_abandoned is not None:
            # What it writes is kept, so in the site's language, whoever's request found it.
            with translation.override(settings.LANGUAGE_CODE):
                on_abandoned(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
    return True


def stale_heartbeats_delete() -> None:
    """Forget the workers silent for a day: nothing can be learned from them any more."""
    WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - timedelta(days=1)).delete()


# A finished task's row keeps its arguments, and many carry personal data: the address typed
# on the resend page (known or not), a mail's recipient. A day is long enough to look into a
# failure; the person's data has done its job by then.
FINISHED_TASKS_KEPT: Final = timedelta(days=1)


def finished_tasks_prune(*, now: datetime | None = None) -> int:
    """Delete the rows of tasks that finished (successfully or not) longer ago than
    FINISHED_TASKS_KEPT; queued and running tasks stay. Returns how many were deleted."""
    cutoff = (now or timezone.now()) - FINISHED_TASKS_KEPT
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted
