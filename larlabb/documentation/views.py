"""The public documentation of a project: rendered from content.py's read model, the same
one every export uses, so a page and a downloaded report cannot disagree."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from larlabb.documentation.content import ProjectDoc, WorkshopDoc
from larlabb.documentation.exports import FORMATS
from larlabb.documentation.forms import SearchForm
from larlabb.documentation.models import Attachment
from larlabb.documentation.search import search_documentation
from larlabb.documentation.selectors import (
    documentation_for_audience,
    public_attachment,
    public_project,
    public_synthesis,
)
from larlabb.documentation.validators import sniff_extension
from larlabb.programme.models import LearningProject


def attachment_response(attachment: Attachment) -> FileResponse:
    """The file as a download, never shown inline: an uploaded file must not run as a page
    of this site even if a browser would guess it were HTML."""
    extension = sniff_extension(content_type=attachment.content_type)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{attachment.title}{extension}",
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response


def _page_context(project: LearningProject, doc: ProjectDoc) -> dict[str, object]:
    return {
        "project": project,
        "doc": doc,
        "search_form": SearchForm(),
        "export_formats": list(FORMATS.values()),
    }


def _note_addresses(doc: ProjectDoc, *, page: WorkshopDoc | None = None) -> dict[int, str]:
    """Every public note's address: an anchor on `page`, else its workshop's page."""
    addresses: dict[int, str] = {}
    for workshop in doc.workshops:
        if page is not None and workshop.number != page.number:
            continue
        base = (
            ""
            if page is not None
            else reverse("documentation:workshop", args=[doc.slug, workshop.number])
        )
        for note in workshop.notes():
            addresses[note.id] = f"{base}#lapp-{note.id}"
    return addresses


def _public_doc(slug: str) -> tuple[LearningProject, ProjectDoc]:
    project = public_project(slug=slug)
    return project, documentation_for_audience(project=project, public=True)


def _workshop_doc(doc: ProjectDoc, number: int) -> WorkshopDoc:
    workshop = doc.workshop(number)
    if workshop is None:
        raise Http404("No such public workshop documentation.")
    return workshop


@require_safe
def project(request: HttpRequest, slug: str) -> HttpResponse:
    project, doc = _public_doc(slug)
    return render(request, "documentation/project.html", _page_context(project, doc))


@require_safe
def red_thread(request: HttpRequest, slug: str) -> HttpResponse:
    project, doc = _public_doc(slug)
    if not doc.workshops:
        raise Http404("No public documentation.")
    synthesis = public_synthesis(project=project, visible_notes=_note_addresses(doc))
    context = _page_context(project, doc) | {"synthesis": synthesis}
    return render(request, "documentation/red_thread.html", context)


@require_safe
def workshop(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    project, doc = _public_doc(slug)
    workshop_doc = _workshop_doc(doc, number)
    # An archived project's pages outlive a workshop deleted since; it has no synthesis then.
    live_workshop = project.workshops.filter(number=number).first()
    synthesis = live_workshop and public_synthesis(
        workshop=live_workshop, visible_notes=_note_addresses(doc, page=workshop_doc)
    )
    context = _page_context(project, doc) | {"workshop": workshop_doc, "synthesis": synthesis}
    return render(request, "documentation/workshop.html", context)


@require_safe
def attachment(request: HttpRequest, slug: str, number: int, pk: int) -> FileResponse:
    return attachment_response(public_attachment(slug=slug, number=number, pk=pk))


@require_safe
def search(request: HttpRequest, slug: str) -> HttpResponse:
    project, doc = _public_doc(slug)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    hits = search_documentation(project=project, query=query, public=True) if query else []
    return render(
        request,
        "documentation/search.html",
        {"project": project, "doc": doc, "search_form": form, "query": query, "hits": hits},
    )
