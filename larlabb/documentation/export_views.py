"""Downloads of the documentation exports: public ones (only public content, of a public
project) and staff ones under /kansliet/ (everything), with a page that waits for an export
while the worker builds it. A stored export is served as it is; none is built here."""

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from larlabb.core.access import staff_required
from larlabb.core.tasks import orphaned_tasks_recover
from larlabb.documentation.archive import (
    archive_bundle_open,
    archive_for_project,
    project_archive_check,
    project_archive_freeze,
    project_archive_thaw,
)
from larlabb.documentation.content import documented_workshop_numbers
from larlabb.documentation.exports import (
    FORMATS,
    ExportScope,
    ExportStatus,
    export_open,
    export_start,
    export_status,
)
from larlabb.documentation.selectors import public_project
from larlabb.programme.models import LearningProject

_STATUS_TEMPLATE = "documentation/includes/_export_status.html"


def _scope(project: LearningProject, fmt: str, *, number: int | None, public: bool) -> ExportScope:
    if fmt not in FORMATS:
        raise Http404("No such export format.")
    if number is not None and number not in documented_workshop_numbers(
        project=project, public=public
    ):
        raise Http404("No such workshop documentation.")
    return ExportScope(project=project, workshop_number=number, fmt=fmt, public=public)


def _download(scope: ExportScope, status: ExportStatus) -> FileResponse:
    response = FileResponse(
        export_open(status=status),
        as_attachment=True,
        filename=scope.download_name,
        content_type=scope.format.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Staff exports hold what is not public (names among it): no shared cache keeps a copy.
    response["Cache-Control"] = "no-cache" if scope.public else "private, no-store"
    return response


def _url(scope: ExportScope, *, project: str, workshop: str) -> str:
    if scope.workshop_number is None:
        return reverse(project, args=[scope.project.slug, scope.fmt])
    return reverse(workshop, args=[scope.project.slug, scope.workshop_number, scope.fmt])


def _status_url(scope: ExportScope) -> str:
    if scope.public:
        return _url(
            scope,
            project="documentation:export_project_status",
            workshop="documentation:export_workshop_status",
        )
    return _url(
        scope,
        project="staff:documentation_export_status",
        workshop="staff:documentation_export_workshop_status",
    )


def _export_url(scope: ExportScope) -> str:
    if scope.public:
        return _url(
            scope, project="documentation:export_project", workshop="documentation:export_workshop"
        )
    return _url(
        scope,
        project="staff:documentation_export_project",
        workshop="staff:documentation_export_workshop",
    )


def _status_context(scope: ExportScope, status: ExportStatus) -> dict[str, object]:
    return {
        "project": scope.project,
        "scope": scope,
        "status": status,
        "status_url": _status_url(scope),
        "export_url": _export_url(scope),
    }


def _export(request: HttpRequest, scope: ExportScope, template: str) -> HttpResponseBase:
    """The file when it is stored; otherwise it is started and the page waits for it."""
    # A build whose worker died is queued again or given up now, not after _STALE_AFTER.
    orphaned_tasks_recover()
    status = export_start(scope=scope)
    if status.is_ready:
        return _download(scope, status)
    return render(request, template, _status_context(scope, status))


def _status(request: HttpRequest, scope: ExportScope) -> HttpResponse:
    orphaned_tasks_recover()
    status = export_status(scope=scope)
    response = render(request, _STATUS_TEMPLATE, _status_context(scope, status))
    if not status.is_running:
        # htmx stops polling on 286 and still shows this last answer.
        response.status_code = 286
    return response


# --- Public ------------------------------------------------------------------------------


@require_safe
def export_project(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    scope = _scope(public_project(slug=slug), fmt, number=None, public=True)
    return _export(request, scope, "documentation/export_progress.html")


@require_safe
def export_workshop(request: HttpRequest, slug: str, number: int, fmt: str) -> HttpResponseBase:
    scope = _scope(public_project(slug=slug), fmt, number=number, public=True)
    return _export(request, scope, "documentation/export_progress.html")


@require_safe
def export_project_status(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    return _status(request, _scope(public_project(slug=slug), fmt, number=None, public=True))


@require_safe
def export_workshop_status(request: HttpRequest, slug: str, number: int, fmt: str) -> HttpResponse:
    return _status(request, _scope(public_project(slug=slug), fmt, number=number, public=True))


# --- Staff -------------------------------------------------------------------------------


def _exports_context(project: LearningProject) -> dict[str, object]:
    return {
        "project": project,
        "formats": FORMATS,
        "project_statuses": [
            (FORMATS[fmt], export_status(scope=ExportScope(project, None, fmt, public=False)))
            for fmt in FORMATS
        ],
        "workshop_numbers": documented_workshop_numbers(project=project, public=False),
        "archive": archive_for_project(project=project),
    }


@staff_required
@require_safe
def staff_exports(request: HttpRequest, slug: str) -> HttpResponse:
    """Every export of the project and of each workshop, and the archive once it has ended."""
    project = get_object_or_404(LearningProject.objects.select_related("network"), slug=slug)
    return render(request, "documentation/staff/exports.html", _exports_context(project))


@staff_required
@require_safe
def staff_export_project(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    project = get_object_or_404(LearningProject.objects.select_related("network"), slug=slug)
    scope = _scope(project, fmt, number=None, public=False)
    return _export(request, scope, "documentation/staff/export_progress.html")


@staff_required
@require_safe
def staff_export_workshop(
    request: HttpRequest, slug: str, number: int, fmt: str
) -> HttpResponseBase:
    project = get_object_or_404(LearningProject.objects.select_related("network"), slug=slug)
    scope = _scope(project, fmt, number=number, public=False)
    return _export(request, scope, "documentation/staff/export_progress.html")


@staff_required
@require_safe
def staff_export_status(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    project = get_object_or_404(LearningProject.objects.select_related("network"), slug=slug)
    return _status(request, _scope(project, fmt, number=None, public=False))


@staff_required
@require_safe
def staff_export_workshop_status(
    request: HttpRequest, slug: str, number: int, fmt: str
) -> HttpResponse:
    project = get_object_or_404(LearningProject.objects.select_related("network"), slug=slug)
    return _status(request, _scope(project, fmt, number=number, public=False))


_CONFIRM_TEMPLATE = "documentation/staff/archive_confirm.html"


@staff_required
@require_http_methods(["GET", "POST"])
def staff_archive_freeze(request: HttpRequest, slug: str) -> HttpResponse:
    """GET asks staff to confirm what archiving does; POST archives."""
    project = get_object_or_404(LearningProject.objects.select_related("network"), slug=slug)
    assert isinstance(request.user, User)  # staff_required lets only staff users through
    context = {"project": project, "thaw": False}
    try:
        if request.method == "POST":
            project_archive_freeze(project=project, by_user=request.user)
        else:
            project_archive_check(project=project)
    except ValidationError as error:
        context["archive_error"] = error.messages[0]
        status = 400 if request.method == "POST" else 200
        return render(request, _CONFIRM_TEMPLATE, context, status=status)
    if request.method == "GET":
        return render(request, _CONFIRM_TEMPLATE, context)
    messages.success(request, _("Dokumentationen är arkiverad."))
    return redirect("staff:documentation_exports", slug=project.slug)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_archive_thaw(request: HttpRequest, slug: str) -> HttpResponse:
    """GET asks staff to confirm; POST lets the public pages show the live documentation."""
    project = get_object_or_404(LearningProject.objects.select_related("network"), slug=slug)
    archive = archive_for_project(project=project)
    if archive is None:
        return redirect("staff:documentation_exports", slug=project.slug)
    if request.method == "GET":
        return render(
            request, _CONFIRM_TEMPLATE, {"project": project, "archive": archive, "thaw": True}
        )
    project_archive_thaw(project=project)
    messages.success(
        request,
        _("Arkiveringen är hävd: de publika sidorna och exporterna visar nu allt som det är."),
    )
    return redirect("staff:documentation_exports", slug=project.slug)


@staff_required
@require_safe
def staff_archive_bundle(request: HttpRequest, slug: str) -> FileResponse:
    project = get_object_or_404(LearningProject, slug=slug)
    archive = archive_for_project(project=project)
    if archive is None or not archive.bundle:
        raise Http404("The archive has no bundle yet.")
    response = FileResponse(
        archive_bundle_open(archive=archive),
        as_attachment=True,
        filename=f"{project.slug}-arkiv.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
