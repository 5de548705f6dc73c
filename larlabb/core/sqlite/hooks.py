"""SQLite tuning that PRAGMAs in the settings cannot express."""

import sqlite3
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper


def wal_kept_on_close(sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Closing a connection leaves the write-ahead log for the next one to use.

    Under ASGI Django closes its connection after every request and every database call of a
    socket. By default the last connection to close checkpoints the log into the database
    and deletes it, and the next write then creates and syncs a fresh log: two disk flushes
    per live-board note, which made the board wait seconds on a busy disk. SQLite still
    checkpoints on its own as the log grows (wal_autocheckpoint), so nothing is lost; copy
    the database with `sqlite3 … .backup`, which reads the log, rather than with cp.
    """
    if connection.vendor == "sqlite":
        connection.connection.setconfig(sqlite3.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, True)
