"""Notes saved close together share one embedding task.

A live board saves a note every few milliseconds. A task row per note cost the thread that
saves notes about 2 ms each, as much as the note itself. Instead, the ids of notes saved
within SYNTHESIS_EMBED_BATCH_S of the first are collected and queued as one task. A batch
still waiting when the process stops is queued on the way out; should that fail, a synthesis
computes any missing vector itself (services.embeddings_ensure), so nothing is lost but time.
"""

import atexit
import contextlib
import threading

from django.conf import settings
from django.db import DatabaseError, connections

from larlabb.synthesis.tasks import notes_embed_task


class EmbeddingBatch:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._note_ids: list[int] = []
        self._timer: threading.Timer | None = None

    def add(self, note_id: int) -> None:
        delay_s = float(settings.SYNTHESIS_EMBED_BATCH_S)
        if delay_s <= 0:
            notes_embed_task.enqueue(note_ids=[note_id])
            return
        with self._lock:
            self._note_ids.append(note_id)
            if self._timer is None:
                self._timer = threading.Timer(delay_s, self._flush_in_own_thread)
                self._timer.daemon = True
                self._timer.start()

    def waiting(self) -> list[int]:
        with self._lock:
            return list(self._note_ids)

    def flush(self) -> int:
        """Queue one task for every note waiting; returns how many there were."""
        with self._lock:
            note_ids, self._note_ids = self._note_ids, []
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if note_ids:
            notes_embed_task.enqueue(note_ids=sorted(set(note_ids)))
        return len(note_ids)

    def _flush_in_own_thread(self) -> None:
        try:
            self.flush()
        finally:
            # The timer's thread opened its own connection; nobody else will close it.
            connections.close_all()

    def flush_at_exit(self) -> None:
        # Too late to report anywhere useful; a synthesis embeds these notes itself.
        with contextlib.suppress(DatabaseError):
            self.flush()


pending_embeddings = EmbeddingBatch()
atexit.register(pending_embeddings.flush_at_exit)
