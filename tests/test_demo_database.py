"""The `demo` fixture's copy of the demo: the same rows as a load, its files, nothing lost."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from larlabb.demo.documentation import PROGRAMME_PDF_TITLE
from larlabb.demo.loader import STAFF_USERNAME, demo_load
from larlabb.documentation.models import Attachment
from tests.demo_database import demo_database, table_counts

pytestmark = pytest.mark.django_db


def _in_a_savepoint_rolled_back(load) -> dict[str, int]:
    savepoint = transaction.savepoint_create()
    load()
    counts = table_counts()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_key_check")
        assert cursor.fetchall() == []
    transaction.savepoint_rollback(savepoint)
    return counts


def test_a_copied_demo_has_every_row_that_loading_it_gives_and_no_dangling_key(
    clean_table_counts,
):
    loaded = _in_a_savepoint_rolled_back(demo_load)
    # The first call of a process may load the demo itself; the second one is surely a copy.
    _in_a_savepoint_rolled_back(lambda: demo_database(clean_counts=clean_table_counts))
    assert table_counts() == clean_table_counts
    copied = _in_a_savepoint_rolled_back(lambda: demo_database(clean_counts=clean_table_counts))
    assert copied == loaded
    assert copied["programme_learningproject"] >= 2


def test_a_copied_demo_brings_its_programme_pdf_back_into_the_emptied_file_storage(
    clean_table_counts,
):
    _in_a_savepoint_rolled_back(lambda: demo_database(clean_counts=clean_table_counts))
    demo_database(clean_counts=clean_table_counts)
    attachment = Attachment.objects.get(title=PROGRAMME_PDF_TITLE)
    with attachment.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_rows_a_test_wrote_before_asking_for_the_demo_are_kept(clean_table_counts):
    get_user_model().objects.create_user(username="forst", password="x")
    demo_database(clean_counts=clean_table_counts)
    users = set(get_user_model().objects.values_list("username", flat=True))
    assert {"forst", STAFF_USERNAME} <= users


@pytest.mark.parametrize("turn", ["first", "second"])
def test_every_test_starts_with_an_empty_file_storage(turn):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    # Both turns run in one process, one after the other: the second finds the first's file
    # unless the storage is emptied between tests.
    assert default_storage.listdir("") == ([], [])
    default_storage.save("spar.txt", ContentFile(turn.encode()))
