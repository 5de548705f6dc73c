"""SQLite for a web server with many request threads: writers queue in the process.

SQLite lets one writer in at a time; the others wait in its busy handler, which sleeps and
retries and so serves no one in order. With 50 request threads sharing two cores, a writer
could lose every retry for the whole busy timeout and fail with "database is locked" (the
full bench/registration.py run did). Here the threads of one process take turns on a lock
before they write, in the order they asked; SQLite's busy timeout is left to settle turns
between processes (the web server and the task worker).
"""

import threading
from collections.abc import Callable
from typing import Any

from django.db.backends.sqlite3 import base

# Reads need no turn in WAL mode; transaction control is covered by the transaction's own turn.
_NO_TURN = ("SELECT", "PRAGMA", "EXPLAIN", "BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT")


class DatabaseWrapper(base.DatabaseWrapper):
    # One turn at a time for every connection of the process.
    write_turn = threading.Lock()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.holds_write_turn = False
        self.execute_wrappers.append(self._autocommit_write_in_turn)

    def _turn_timeout(self) -> float:
        # Past SQLite's own wait, go ahead and let SQLite decide, as without the queue.
        return float(self.settings_dict["OPTIONS"].get("timeout", 5))

    def _take_turn(self) -> None:
        self.holds_write_turn = self.write_turn.acquire(timeout=self._turn_timeout())

    def _end_turn(self) -> None:
        if self.holds_write_turn:
            self.holds_write_turn = False
            self.write_turn.release()

    def _start_transaction_under_autocommit(self) -> None:
        self._take_turn()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private, so not in the stubs
        except BaseException:
            self._end_turn()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]  # private, so not in the stubs
        finally:
            self._end_turn()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]  # private, so not in the stubs
        finally:
            self._end_turn()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # private, so not in the stubs
        finally:
            self._end_turn()

    def _autocommit_write_in_turn(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        """A single write outside a transaction (a task queued on commit) waits its turn too."""
        if self.holds_write_turn or not self.get_autocommit():
            return execute(sql, params, many, context)
        if sql.lstrip().upper().startswith(_NO_TURN):
            return execute(sql, params, many, context)
        self._take_turn()
        try:
            return execute(sql, params, many, context)
        finally:
            self._end_turn()
