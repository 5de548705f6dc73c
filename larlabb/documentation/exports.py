"""Building, caching and serving the documentation exports (PDF, DOCX, Markdown zip, CSV).

A built file is kept in the default storage (MEDIA_ROOT/exporter/ on the embedded default)
under a name derived from what it holds and from `documentation_version`: as long as nothing
in the documentation changes, every request for it gets the same file, and the first request
after a change builds a new one and removes the old. Files rather than database rows, because
a whole project's PDF runs to megabytes, the worker and the web processes already share the
storage for uploads, and a row per export would need a table of its own. The names are keyed
HMACs of the content's description, so even a media server that lists nothing cannot be made
to hand out a staff export by guessing its address.

Every export, of a whole project or of one workshop, is built by a background task
(django.tasks; `make run` starts the worker) that writes its progress next to the file, so the
page that waits for it can show how far it has come. A request never builds one: a workshop's
PDF takes seconds of CPU, which the web process owes to the live boards it serves.
"""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Final

import msgspec
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from larlabb.core.tasks import WORKER_LOST, background_task
from larlabb.documentation.content import (
    ProjectDoc,
    documentation_version,
    project_documentation,
    workshop_project_documentation,
)
from larlabb.documentation.export_common import syntheses_for
from larlabb.documentation.export_csv import documentation_csv
from larlabb.documentation.export_docx import documentation_docx
from larlabb.documentation.export_markdown import documentation_markdown_zip
from larlabb.documentation.export_pdf import documentation_pdf
from larlabb.programme.models import LearningProject, Workshop

_FOLDER: Final = "exporter"
# A build that has said nothing for this long has died with its worker; the next request
# starts it again.
_STALE_AFTER: Final = timedelta(minutes=20)
# Exports up to this size are assembled in memory before they are stored.
_SPOOL_BYTES: Final = 32 * 1024 * 1024


@dataclass(frozen=True)
class ExportFormat:
    fmt: str  # in addresses, and the file's extension
    content_type: str
    label: str | Promise
    # (doc, out, *, progress, [syntheses]): a builder of export_pdf, export_docx …
    build: Callable[..., None]
    # The CSV holds notes only; the documents also hold the approved syntheses.
    shows_syntheses: bool = True


FORMATS: Final[dict[str, ExportFormat]] = {
    f.fmt: f
    for f in (
        ExportFormat("pdf", "application/pdf", gettext_lazy("PDF"), documentation_pdf),
        ExportFormat(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            gettext_lazy("Word (DOCX)"),
            documentation_docx,
        ),
        ExportFormat(
            "md.zip",
            "application/zip",
            gettext_lazy("Markdown med bilder (zip)"),
            documentation_markdown_zip,
        ),
        ExportFormat(
            "csv",
            "text/csv; charset=utf-8",
            gettext_lazy("Alla lappar (CSV)"),
            documentation_csv,
            shows_syntheses=False,
        ),
    )
}


class ExportState:
    READY = "ready"
    RUNNING = "running"
    FAILED = "failed"
    MISSING = "missing"


@dataclass(frozen=True)
class ExportScope:
    """What one export holds: a project or one of its workshops, for the public or staff."""

    project: LearningProject
    workshop_number: int | None
    fmt: str
    public: bool

    @property
    def format(self) -> ExportFormat:
        return FORMATS[self.fmt]

    @property
    def download_name(self) -> str:
        """'hallbara-livsmiljoer-dokumentation.pdf', '…-workshop-2.pdf'."""
        parts = [self.project.slug, slugify(_("dokumentation"))]
        if self.workshop_number is not None:
            parts.append(f"workshop-{self.workshop_number}")
        if not self.public:
            parts.append(slugify(_("intern")))
        return "-".join(parts) + "." + self.format.fmt


@dataclass(frozen=True)
class ExportStatus:
    state: str
    percent: int = 0
    message: str = ""
    name: str = ""  # in the default storage, once ready

    @property
    def is_ready(self) -> bool:
        return self.state == ExportState.READY

    @property
    def is_running(self) -> bool:
        return self.state == ExportState.RUNNING

    @property
    def is_failed(self) -> bool:
        return self.state == ExportState.FAILED


def exports_folder(*, project_id: int) -> str:
    """Where a project's exports are stored."""
    return f"{_FOLDER}/{project_id}"


def _names(scope: ExportScope, language: str) -> tuple[str, str, str]:
    """The folder, this kind of export's prefix and this version's name (no extension)."""
    folder = exports_folder(project_id=scope.project.pk)
    described = f"{scope.project.pk}:{scope.workshop_number}:{scope.fmt}:{scope.public}:{language}"
    prefix = salted_hmac("documentation-export", described, algorithm="sha256").hexdigest()[:20]
    version = documentation_version(project=scope.project)
    stem = (
        prefix
        + "-"
        + salted_hmac("documentation-export", prefix + version, algorithm="sha256").hexdigest()[:20]
    )
    return folder, prefix, stem


def _language() -> str:
    return translation.get_language() or "sv"


def _file_name(scope: ExportScope, folder: str, stem: str) -> str:
    return f"{folder}/{stem}.{scope.format.fmt}"


def export_status(*, scope: ExportScope) -> ExportStatus:
    folder, _prefix, stem = _names(scope, _language())
    name = _file_name(scope, folder, stem)
    if default_storage.exists(name):
        return ExportStatus(state=ExportState.READY, percent=100, name=name)
    progress_name = f"{folder}/{stem}.json"
    if not default_storage.exists(progress_name):
        return ExportStatus(state=ExportState.MISSING)
    try:
        with default_storage.open(progress_name, "rb") as stored:
            progress = msgspec.json.decode(stored.read(), type=_Progress)
    except (OSError, msgspec.DecodeError):
        # Unreadable or half written: as if there were none, so a new export can start.
        return ExportStatus(state=ExportState.MISSING)
    state = progress.state
    if state == ExportState.RUNNING and timezone.now() - progress.updated > _STALE_AFTER:
        state = ExportState.FAILED
    return ExportStatus(state=state, percent=progress.percent, message=progress.message)


class _Progress(msgspec.Struct, frozen=True):
    """How far an export has come, in a JSON file beside it while it is built."""

    state: str
    percent: int
    message: str
    updated: datetime


def _progress_write(name: str, state: str, percent: int, message: str) -> None:
    progress = _Progress(state=state, percent=percent, message=message, updated=timezone.now())
    # Storages never overwrite: the old progress goes first.
    default_storage.delete(name)
    default_storage.save(name, ContentFile(msgspec.json.encode(progress)))


def _scope_doc(scope: ExportScope) -> ProjectDoc:
    if scope.workshop_number is None:
        return project_documentation(project=scope.project, public=scope.public)
    workshop = Workshop.objects.select_related("project__network", "block").get(
        project=scope.project, number=scope.workshop_number
    )
    return workshop_project_documentation(workshop=workshop, public=scope.public)


def export_build(*, scope: ExportScope) -> ExportStatus:
    """Build the export now and store it: in the worker (export_build_task)."""
    folder, prefix, stem = _names(scope, _language())
    name = _file_name(scope, folder, stem)
    progress_name = f"{folder}/{stem}.json"

    def progress(percent: int, message: str) -> None:
        _progress_write(progress_name, ExportState.RUNNING, percent, message)

    progress(1, _("Samlar innehållet"))
    try:
        doc = _scope_doc(scope)
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
            if scope.format.shows_syntheses:
                syntheses = syntheses_for(
                    doc, project=scope.project, whole_project=scope.workshop_number is None
                )
                scope.format.build(doc, spool, progress=progress, syntheses=syntheses)
            else:
                scope.format.build(doc, spool, progress=progress)
            spool.seek(0)
            if not default_storage.exists(name):
                default_storage.save(name, File(spool, name=name))
    except Exception:
        _progress_write(progress_name, ExportState.FAILED, 0, _("Det gick inte att skapa filen."))
        raise
    default_storage.delete(progress_name)
    _remove_older(folder, prefix, stem)
    return ExportStatus(state=ExportState.READY, percent=100, name=name)


def _remove_older(folder: str, prefix: str, stem: str) -> None:
    """Earlier versions of the same export are of no use once this one is stored."""
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for file_name in files:
        if file_name.startswith(prefix + "-") and not file_name.startswith(stem):
            default_storage.delete(f"{folder}/{file_name}")


def export_build_abandon(
    *, project_id: int, workshop_number: int | None, fmt: str, public: bool, language: str
) -> None:
    """Its worker died under it twice: the waiting page says so at once and offers a new try."""
    project = LearningProject.objects.filter(pk=project_id).first()
    if project is None:
        return
    with translation.override(language):
        scope = ExportScope(
            project=project, workshop_number=workshop_number, fmt=fmt, public=public
        )
        folder, _prefix, stem = _names(scope, language)
        _progress_write(f"{folder}/{stem}.json", ExportState.FAILED, 0, str(WORKER_LOST))


@background_task(on_abandoned=export_build_abandon)
def export_build_task(
    *, project_id: int, workshop_number: int | None, fmt: str, public: bool, language: str
) -> None:
    # A worker has no request: it takes the language of the person who asked for the file.
    with translation.override(language):
        project = LearningProject.objects.select_related("network").get(pk=project_id)
        export_build(
            scope=ExportScope(
                project=project, workshop_number=workshop_number, fmt=fmt, public=public
            )
        )


def export_start(*, scope: ExportScope) -> ExportStatus:
    """The export if it is stored; otherwise start it in the background. A build already under
    way is not started twice."""
    status = export_status(scope=scope)
    if status.is_ready or status.is_running:
        return status
    folder, _prefix, stem = _names(scope, _language())
    _progress_write(f"{folder}/{stem}.json", ExportState.RUNNING, 0, _("Väntar på sin tur"))
    export_build_task.enqueue(
        project_id=scope.project.pk,
        workshop_number=scope.workshop_number,
        fmt=scope.fmt,
        public=scope.public,
        language=_language(),
    )
    return export_status(scope=scope)


def export_open(*, status: ExportStatus) -> IO[bytes]:
    file: IO[bytes] = default_storage.open(status.name, "rb")
    return file
