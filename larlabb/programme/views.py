from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from larlabb.core.access import is_staff
from larlabb.network.selectors import network_current
from larlabb.programme.calendar import calendar_bytes, project_calendar_bytes
from larlabb.programme.invitation_pdf import invitation_pdf_bytes
from larlabb.programme.models import LearningProject
from larlabb.programme.selectors import (
    programme_sections,
    project_content_version,
    project_for_viewer,
    project_span,
    projects_for_public,
    registration_is_open,
    workshop_in_project,
)

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    network = network_current()
    projects = list(projects_for_public(network=network))
    return render(
        request,
        "programme/project_list.html",
        {
            "network": network,
            "open_projects": [p for p in projects if p.status == p.Status.PUBLISHED],
            "closed_projects": [p for p in projects if p.status == p.Status.CLOSED],
        },
    )


def _project_page(request: HttpRequest, slug: str) -> tuple[LearningProject, dict[str, object]]:
    project = project_for_viewer(slug=slug, viewer_is_staff=is_staff(request.user))
    registration_open = registration_is_open(project=project)
    return project, {
        "project": project,
        "sections": programme_sections(project=project),
        "span": project_span(project=project),
        "registration_open": registration_open,
        "content_version": project_content_version(
            project=project, registration_open=registration_open
        ),
    }


@require_safe
def invitation(request: HttpRequest, slug: str) -> HttpResponse:
    _, context = _project_page(request, slug)
    return render(request, "programme/invitation.html", context)


@require_safe
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    _, context = _project_page(request, slug)
    return render(request, "programme/programme.html", context)


@require_safe
def workshop(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    project, context = _project_page(request, slug)
    context["workshop"] = workshop_in_project(project=project, number=number)
    return render(request, "programme/workshop.html", context)


def _file_response(content: bytes, *, content_type: str, disposition: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition
    return response


def _cached_file(project: LearningProject, name: str, build: Callable[[], bytes]) -> bytes:
    # Building a calendar or the PDF costs far more than serving the page it belongs to; reuse
    # the file until the programme changes (the version moves) or ten minutes pass.
    version = project_content_version(project=project, registration_open=False)
    key = f"file:{name}:{version}:{get_language()}"
    content: bytes | None = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, timeout=600)
    return content


@require_safe
def workshop_ics(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    project = project_for_viewer(slug=slug, viewer_is_staff=is_staff(request.user))
    item = workshop_in_project(project=project, number=number)
    content = _cached_file(
        project,
        f"workshop-{item.number}.ics",
        lambda: calendar_bytes(
            name=f"{project.full_title}: Workshop {item.number}", workshops=[item]
        ),
    )
    filename = f"{project.slug}-workshop-{item.number}.ics"
    return _file_response(
        content,
        content_type=CALENDAR_CONTENT_TYPE,
        disposition=f'attachment; filename="{filename}"',
    )


@require_safe
def programme_ics(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_viewer(slug=slug, viewer_is_staff=is_staff(request.user))
    content = _cached_file(project, "programme.ics", lambda: project_calendar_bytes(project))
    return _file_response(
        content,
        content_type=CALENDAR_CONTENT_TYPE,
        disposition=f'attachment; filename="{project.slug}.ics"',
    )


@require_safe
def invitation_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    project, context = _project_page(request, slug)
    content = _cached_file(
        project,
        "invitation.pdf",
        lambda: invitation_pdf_bytes(context=context, base_url=request.build_absolute_uri("/")),
    )
    filename = f"inbjudan-{slugify(str(project))}.pdf"
    return _file_response(
        content,
        content_type="application/pdf",
        disposition=f'inline; filename="{filename}"',
    )
