from pathlib import Path

from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper


def test_closing_the_last_connection_keeps_the_write_ahead_log(tmp_path: Path, django_db_blocker):
    database = tmp_path / "larlabb.sqlite3"
    settings = {**connections["default"].settings_dict, "NAME": str(database)}
    wrapper = DatabaseWrapper(settings, alias="wal-kept")
    with django_db_blocker.unblock():
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("CREATE TABLE note (text TEXT)")
            cursor.execute("INSERT INTO note VALUES ('Hej')")
        wrapper.close()
        # Without the setting the close would have checkpointed and deleted the log.
        assert Path(f"{database}-wal").stat().st_size > 0
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT text FROM note")
            assert cursor.fetchall() == [("Hej",)]
        wrapper.close()
