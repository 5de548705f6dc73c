"""The platform's task worker: django-tasks-db's db_worker with a heartbeat, recovery of the
tasks of dead workers, and retries when the database is busy."""

import logging
import threading
import time
from typing import Any

from django.db import DatabaseError, close_old_connections, connection
from django_tasks_db.management.commands import db_worker

from larlabb.core.tasks import (
    HEARTBEAT_EVERY,
    HEARTBEAT_TIMEOUT,
    heartbeat_beat,
    heartbeat_end,
    is_contention,
    orphaned_tasks_recover,
    retry_on_contention,
    stale_heartbeats_delete,
)

logger = logging.getLogger("larlabb.core.tasks")


class Worker(db_worker.Worker):
    def run(self) -> None:
        retry_on_contention(heartbeat_beat)(worker_id=self.worker_id)
        # Tasks a killed predecessor left running are queued again before anything new starts.
        retry_on_contention(orphaned_tasks_recover)()
        stop = threading.Event()
        beating = threading.Thread(target=self._beat, args=(stop,), daemon=True)
        beating.start()
        try:
            self._run_through_contention()
        finally:
            stop.set()
            beating.join()
            heartbeat_end(worker_id=self.worker_id)

    def _run_through_contention(self) -> None:
        delay = 0.1
        while True:
            try:
                super().run()
                return
            except DatabaseError as error:
                # The queue's own reads and claims meet the same busy database as the tasks.
                if not is_contention(error):
                    raise
                logger.warning(
                    "Task worker: the database is busy (%s); again in %.1f s", error, delay
                )
                close_old_connections()
                time.sleep(delay)
                delay = min(delay * 2, 5.0)

    def _beat(self, stop: threading.Event) -> None:
        """From a thread of its own, so a long task does not silence the worker; and each
        beat also looks for other workers' abandoned tasks."""
        recover_every = HEARTBEAT_TIMEOUT.total_seconds() / 2
        last_recovery = time.monotonic()
        while not stop.wait(HEARTBEAT_EVERY.total_seconds()):
            try:
                heartbeat_beat(worker_id=self.worker_id)
                if time.monotonic() - last_recovery >= recover_every:
                    last_recovery = time.monotonic()
                    orphaned_tasks_recover()
                    stale_heartbeats_delete()
            except DatabaseError as error:
                logger.warning("Task worker heartbeat failed: %s", error)
            finally:
                connection.close()


class Command(db_worker.Command):
    help = "Run the background task worker (with heartbeat and recovery of dead workers' tasks)"

    def configure_logging(self, verbosity: int) -> None:
        # db_worker sets its loggers to INFO at the default verbosity: a line for every task
        # started and finished. There LOGGING (LOG_LEVEL) decides instead, so `make run` stays
        # quiet and LOG_LEVEL=INFO brings the lines back; -v 0 and -v 2 keep their meaning.
        if verbosity != 1:
            super().configure_logging(verbosity)

    def handle(self, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        exclude = options["exclude_queues"]
        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=exclude.split(",") if exclude else [],
        )
        worker.configure_signals()
        worker.run()
