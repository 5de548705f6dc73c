"""Keeps note embeddings current. Connected in SynthesisConfig.ready, because the workshops
app sits below synthesis and must not import it."""

from typing import Any

from django.db import transaction

from larlabb.workshops.models import Note


def note_saved(
    sender: type[Note],
    instance: Note,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    # Fixtures load raw rows; a save that leaves the text alone (a move, a deletion) keeps the
    # vector as it is. The task itself compares the text's digest, so a resave is cheap.
    if raw or instance.deleted_at is not None:
        return
    if update_fields is not None and "text" not in update_fields:
        return
    from larlabb.synthesis.embedding_batch import pending_embeddings

    note_id = instance.pk
    transaction.on_commit(lambda: pending_embeddings.add(note_id))


def person_erased(sender: object, project_id: int, **kwargs: Any) -> None:
    # After commit: the erasure replaces names in note texts after it sends this signal.
    from larlabb.synthesis.services import embeddings_outdated_delete

    transaction.on_commit(lambda: embeddings_outdated_delete(project_id=project_id), robust=True)
