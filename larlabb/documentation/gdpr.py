"""Stored documentation exports and an archived project's zip may show note authors by name;
erasing a person of the project discards them, and they are built again from the anonymised
data: the exports on the next request, the zip at once by a task."""

from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction

from larlabb.documentation.archive import archive_bundle_task
from larlabb.documentation.exports import exports_folder
from larlabb.documentation.models import ProjectArchive


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


def archive_bundle_renew(*, project_id: int) -> bool:
    """Delete the archived project's zip and queue building it again; False if it has none
    (not archived, or a rebuild is already on its way)."""
    archive = ProjectArchive.objects.filter(project_id=project_id).exclude(bundle="").first()
    if archive is None:
        return False
    archive.bundle.delete(save=True)
    archive_bundle_task.enqueue(archive_id=archive.pk)
    return True


def _stored_copies_renew(project_id: int) -> None:
    exports_discard(project_id=project_id)
    archive_bundle_renew(project_id=project_id)


def on_person_erased(sender: object, project_id: int, **_: Any) -> None:
    # After commit: a rolled-back erasure leaves the files as they were, and the rebuilt zip
    # reads the names as the erasure left them.
    transaction.on_commit(lambda: _stored_copies_renew(project_id), robust=True)
