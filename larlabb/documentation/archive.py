"""When a project has ended: its documentation frozen, so the public addresses keep showing
what they showed, and one zip with everything for the network's own records."""

import json
import tempfile
import zipfile
from typing import IO, Final

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from larlabb.core.tasks import background_task
from larlabb.documentation.content import frozen_content, project_documentation
from larlabb.documentation.export_common import attachment_path, stored_bytes, syntheses_for
from larlabb.documentation.export_csv import documentation_csv
from larlabb.documentation.export_docx import documentation_docx
from larlabb.documentation.export_markdown import markdown_entries
from larlabb.documentation.export_pdf import documentation_pdf
from larlabb.documentation.models import ProjectArchive
from larlabb.programme.models import LearningProject

ARCHIVE_NOT_ENDED: Final = _(
    "Bara ett avslutat projekt kan arkiveras. Ändra först projektets status till Avslutat."
)
ARCHIVE_EXISTS: Final = _("Projektets dokumentation är redan arkiverad.")
ARCHIVE_MISSING: Final = _("Projektets dokumentation är inte arkiverad.")
# Added to what staff are told after an edit while the documentation is frozen.
EDIT_NOT_PUBLIC: Final = _(
    "Dokumentationen är arkiverad, så ändringen syns inte på de publika sidorna eller i "
    "exporterna. Häv arkiveringen under Export och arkiv om den ska synas."
)
_SPOOL_BYTES: Final = 64 * 1024 * 1024


def archive_for_project(*, project: LearningProject) -> ProjectArchive | None:
    return ProjectArchive.objects.filter(project=project).first()


def project_archive_check(*, project: LearningProject) -> None:
    if project.status != LearningProject.Status.CLOSED:
        raise ValidationError(ARCHIVE_NOT_ENDED, code="not_ended")
    if ProjectArchive.objects.filter(project=project).exists():
        raise ValidationError(ARCHIVE_EXISTS, code="exists")


@transaction.atomic
def project_archive_freeze(*, project: LearningProject, by_user: User | None) -> ProjectArchive:
    """Freeze both audiences' documentation and start building the zip with everything."""
    project_archive_check(project=project)
    # The record is kept in the site's own language, whoever presses the button.
    with translation.override(settings.LANGUAGE_CODE):
        content = frozen_content(project=project)
    archive = ProjectArchive.objects.create(
        project=project, frozen_at=timezone.now(), frozen_by=by_user, content=content
    )
    # The database task queue commits the task with the archive, so the worker never sees one
    # without the other.
    archive_bundle_task.enqueue(archive_id=archive.pk)
    return archive


@transaction.atomic
def project_archive_thaw(*, project: LearningProject) -> None:
    """Undo the freeze: the public pages and exports show the live documentation again, with
    every edit made since. The zip goes too; archiving again makes a new one."""
    archive = ProjectArchive.objects.select_for_update().filter(project=project).first()
    if archive is None:
        raise ValidationError(ARCHIVE_MISSING, code="missing")
    bundle = archive.bundle.name
    archive.delete()
    if bundle:
        storage = archive.bundle.storage
        transaction.on_commit(lambda: storage.delete(bundle))


def archive_bundle_build(*, archive: ProjectArchive) -> None:
    """The zip: PDF, Word, CSV and Markdown of the whole (staff) documentation, every attachment
    and the frozen content as JSON."""
    project = archive.project
    doc = project_documentation(project=project, public=False)
    syntheses = syntheses_for(doc, project=project, whole_project=True)
    stem = f"{project.slug}-dokumentation"
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            with bundle.open(f"{stem}.pdf", "w") as member:
                documentation_pdf(doc, member, syntheses=syntheses)
            with bundle.open(f"{stem}.docx", "w") as member:
                documentation_docx(doc, member, syntheses=syntheses)
            with bundle.open(f"{stem}.csv", "w") as member:
                documentation_csv(doc, member)
            for path, data in markdown_entries(doc, syntheses):
                bundle.writestr(f"markdown/{path}", data)
            for workshop in doc.workshops:
                for attachment in workshop.attachments:
                    stored = stored_bytes(attachment.name)
                    if stored is not None:
                        path = attachment_path(workshop, attachment, folder="bilagor")
                        bundle.writestr(path, stored)
            bundle.writestr(
                "innehall.json", json.dumps(archive.content, ensure_ascii=False, indent=1)
            )
        spool.seek(0)
        archive.bundle.save(f"{project.slug}-arkiv.zip", File(spool), save=True)


@background_task()
def archive_bundle_task(*, archive_id: int) -> None:
    archive = (
        ProjectArchive.objects.select_related("project__network").filter(pk=archive_id).first()
    )
    if archive is None:
        return  # the archiving was undone before the zip was made
    with translation.override(settings.LANGUAGE_CODE):
        archive_bundle_build(archive=archive)


def archive_bundle_open(*, archive: ProjectArchive) -> IO[bytes]:
    file: IO[bytes] = archive.bundle.open("rb")
    return file
