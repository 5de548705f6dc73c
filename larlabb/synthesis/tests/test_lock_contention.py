"""Background work waits out another writer's lock instead of failing."""

import sqlite3
import time

import pytest
from django.db import connection

from larlabb.core import tasks as core_tasks
from larlabb.synthesis.models import NoteEmbedding
from larlabb.synthesis.tasks import notes_embed_task


@pytest.mark.django_db(transaction=True)
def test_the_embedding_task_succeeds_while_another_connection_holds_the_write_lock(
    boards, monkeypatch
):
    notes = boards.notes(boards.group_1)
    NoteEmbedding.objects.all().delete()
    # Another connection to the same database takes the write lock and keeps it until the task
    # has met it and backs off: the first attempt always meets the lock.
    holder = sqlite3.connect(connection.settings_dict["NAME"], uri=True, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("DELETE FROM synthesis_noteembedding WHERE note_id < 0")
    backoffs: list[float] = []
    sleep = time.sleep

    def release_then_sleep(seconds: float) -> None:
        backoffs.append(seconds)
        if holder.in_transaction:
            holder.commit()
        sleep(seconds)

    monkeypatch.setattr(core_tasks.time, "sleep", release_then_sleep)  # type: ignore[attr-defined]
    try:
        notes_embed_task.call(note_ids=[note.pk for note in notes])
    finally:
        holder.rollback()
        holder.close()

    assert backoffs, "the task never met the lock"
    assert NoteEmbedding.objects.filter(note__in=notes).count() == len(notes)
