import pytest

from larlabb.synthesis import embedding_batch, services
from larlabb.synthesis.embedding_batch import pending_embeddings
from larlabb.synthesis.models import NoteEmbedding
from larlabb.workshops.models import Frame, Note

pytestmark = pytest.mark.django_db


class _Recorder:
    def __init__(self) -> None:
        self.enqueued: list[dict[str, list[int]]] = []

    def enqueue(self, **kwargs: list[int]) -> None:
        self.enqueued.append(kwargs)


@pytest.fixture
def recorder(monkeypatch):
    recorder = _Recorder()
    monkeypatch.setattr(embedding_batch, "notes_embed_task", recorder)
    yield recorder
    pending_embeddings.flush()


def _new_note(boards, text: str, client_id: str) -> Note:
    frame = Frame.objects.filter(exercise=boards.session.exercise)[0]
    return Note.objects.create(group=boards.group_1, frame=frame, text=text, client_id=client_id)


def test_notes_saved_close_together_wait_and_then_share_one_task(
    boards, settings, recorder, django_capture_on_commit_callbacks
):
    settings.SYNTHESIS_EMBED_BATCH_S = 60
    with django_capture_on_commit_callbacks(execute=True):
        first = _new_note(boards, "Cykelvägar mellan byarna", "b1")
    with django_capture_on_commit_callbacks(execute=True):
        second = _new_note(boards, "Tätare busstrafik på kvällen", "b2")
    assert recorder.enqueued == []
    assert pending_embeddings.waiting() == [first.pk, second.pk]
    assert pending_embeddings.flush() == 2
    assert recorder.enqueued == [{"note_ids": [first.pk, second.pk]}]
    assert pending_embeddings.waiting() == []


def test_without_a_batch_window_each_note_is_queued_at_once(
    boards, settings, recorder, django_capture_on_commit_callbacks
):
    settings.SYNTHESIS_EMBED_BATCH_S = 0
    with django_capture_on_commit_callbacks(execute=True):
        note = _new_note(boards, "Cykelvägar mellan byarna", "c1")
    assert recorder.enqueued == [{"note_ids": [note.pk]}]


def test_a_batch_embeds_only_the_notes_still_there_whose_vector_is_missing_or_stale(boards):
    current, changed, deleted = boards.notes(boards.group_1)[:3]
    services.embeddings_ensure(notes=[current, changed])
    changed.text = "Kollektivtrafik på landsbygden är avgörande för att kunna bo kvar."
    changed.save(update_fields=["text", "updated_at"])
    deleted.deleted_at = deleted.created_at
    deleted.save(update_fields=["deleted_at"])
    before = bytes(NoteEmbedding.objects.get(note=changed).vector)

    computed = services.notes_embedding_refresh(note_ids=[current.pk, changed.pk, deleted.pk])

    assert computed == 1
    assert bytes(NoteEmbedding.objects.get(note=changed).vector) != before
    assert not NoteEmbedding.objects.filter(note=deleted).exists()
