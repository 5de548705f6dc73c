"""Stored documentation exports may show note authors by name; erasing a person of the project
discards them, and the next request builds them again from the anonymised data."""

from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction

from larlabb.documentation.exports import exports_folder


def exports_discard(*, project_id: int) -> int:
    """Delete every stored export of the project; returns how many files went."""
    folder = exports_folder(project_id=project_id)
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    for file_name in files:
        default_storage.delete(f"{folder}/{file_name}")
    return len(files)


def on_person_erased(sender: object, project_id: int, **_: Any) -> None:
    # After commit: a rolled-back erasure leaves the exports as they were.
    transaction.on_commit(lambda: exports_discard(project_id=project_id), robust=True)
