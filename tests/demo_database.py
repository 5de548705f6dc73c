"""The demo in a test's database for milliseconds instead of seconds.

demo_load() takes from 0.2 s on an idle machine to 3 s on a busy one, and about a hundred
tests ask for the demo. The first test of a process that asks loads it for real and keeps a
copy of every table's rows; every later one gets those rows back with one DELETE and one
INSERT per table, inside the test's transaction, so whatever it changes still rolls back (a
transactional test's database is still flushed afterwards).

The copy is only taken and used on a clean database: when a test has written rows of its own
before it asks for the demo, the demo is loaded for real, because wiping the tables would lose
that test's rows and the loader merges with what it finds.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction

from larlabb.demo.loader import demo_load
from larlabb.network.models import Network

type Row = tuple[Any, ...]


@dataclass(frozen=True)
class DemoCopy:
    network_pk: int
    # Every table's rows, sqlite_sequence included so new rows get the same keys as after a load.
    tables: dict[str, tuple[tuple[str, ...], list[Row]]]
    # Uploads the demo stored (its programme PDF); the file storage is emptied between tests.
    files: dict[str, bytes]


# One copy per kind of load: with or without syntheses, rolled back or committed. A committed
# load also ran what waits for the commit (mail delivery, embeddings), a rolled-back one did not.
_copies: dict[tuple[bool, bool], DemoCopy] = {}


def table_counts() -> dict[str, int]:
    """The number of rows in each table of the test database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        tables = sorted(name for (name,) in cursor.fetchall())
        counts = ", ".join(f'(SELECT count(*) FROM "{table}")' for table in tables)
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _rows(table: str) -> tuple[tuple[str, ...], list[Row]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}"')
        columns = tuple(column[0] for column in cursor.description)
        return columns, [tuple(row) for row in cursor.fetchall()]


def _files(folder: str = "") -> set[str]:
    directories, files = default_storage.listdir(folder)
    names = {f"{folder}{name}" for name in files}
    for directory in directories:
        names |= _files(f"{folder}{directory}/")
    return names


def _take(network: Network, tables: list[str], files_before: set[str]) -> DemoCopy:
    files = {}
    for name in _files() - files_before:
        with default_storage.open(name, "rb") as stored:
            files[name] = stored.read()
    return DemoCopy(
        network_pk=network.pk,
        tables={table: _rows(table) for table in [*tables, "sqlite_sequence"]},
        files=files,
    )


def _restore(copy: DemoCopy) -> Network:
    # Foreign keys are checked at commit (Django declares them DEFERRABLE INITIALLY DEFERRED),
    # so the tables can be filled in any order.
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in copy.tables.items():
            cursor.execute(f'DELETE FROM "{table}"')
            if rows:
                names = ", ".join(f'"{column}"' for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
    # A transactional test before this one recreated the content types under other keys.
    ContentType.objects.clear_cache()
    for name, content in copy.files.items():
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))
    return Network.objects.get(pk=copy.network_pk)


def demo_database(*, clean_counts: dict[str, int], syntheses: bool = False) -> Network:
    """The demo, as demo_load(syntheses=...) would leave the test's database.

    `clean_counts` are the table_counts() of the database before any test wrote to it.
    """
    if connection.vendor != "sqlite" or table_counts() != clean_counts:
        return demo_load(syntheses=syntheses)
    key = (syntheses, not connection.in_atomic_block)
    copy = _copies.get(key)
    if copy is not None:
        return _restore(copy)
    files_before = _files()
    network = demo_load(syntheses=syntheses)
    _copies[key] = _take(network, list(clean_counts), files_before)
    return network
