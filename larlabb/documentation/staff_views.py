"""Kansliet's documentation pages: what each workshop left behind and what of it is public."""

from typing import Any, Final

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from larlabb.core.access import HtmxHttpRequest, staff_required
from larlabb.documentation import services
from larlabb.documentation.archive import EDIT_NOT_PUBLIC, archive_for_project
from larlabb.documentation.forms import (
    AttachmentForm,
    DocumentationForm,
    RecordingForm,
    hidden_session_ids,
)
from larlabb.documentation.models import Attachment, RecordingLink
from larlabb.documentation.selectors import (
    attachment_for_staff,
    documentation_rows_for_staff,
    recording_for_staff,
    sessions_of_workshop,
    workshop_for_staff,
)
from larlabb.documentation.views import attachment_response
from larlabb.programme.models import LearningProject, Workshop
from larlabb.programme.selectors import project_for_staff

TEMPLATE: Final = "documentation/staff/workshop.html"
NOT_SHOWN_YET: Final = _lazy(
    "Workshopens dokumentation är inte publik, så ingen utanför kansliet ser det förrän den "
    "publiceras."
)
ITEM_KINDS: Final = ("bilaga", "inspelning")


def _uploader(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _result(project: LearningProject, text: str) -> str:
    """What staff are told after an edit: while the documentation is archived, also that the
    edit does not reach the public pages, instead of a bare "saved"."""
    if archive_for_project(project=project) is None:
        return text
    return f"{text} {EDIT_NOT_PUBLIC}"


def _made_public(workshop: Workshop, text: str) -> str:
    """`text` about an item made public, and that it is not seen yet when the workshop's
    documentation (or the project) is not public: "public" must not promise more than that."""
    documentation = getattr(workshop, "documentation", None)
    if documentation is not None and documentation.is_public and workshop.project.is_public:
        return text
    return f"{text} {NOT_SHOWN_YET}"


def _saved(request: HttpRequest, project: LearningProject, text: str) -> None:
    """A success; while archived, a warning that also says the edit is not public."""
    result = _result(project, text)
    messages.add_message(request, messages.SUCCESS if result == text else messages.WARNING, result)


@staff_required
def documentation_project(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_staff(slug=slug)
    return render(
        request,
        "documentation/staff/project.html",
        {
            "project": project,
            "rows": documentation_rows_for_staff(project=project),
            "archive": archive_for_project(project=project),
        },
    )


def _documentation_initial(workshop: Workshop) -> dict[str, Any]:
    documentation = getattr(workshop, "documentation", None)
    if documentation is None:
        return {}
    return {
        "is_public": documentation.is_public,
        "show_authors": documentation.show_authors,
        "agenda_as_run": documentation.agenda_as_run,
        "conclusions": documentation.conclusions,
        "hidden_sessions": list(documentation.hidden_sessions.all()),
    }


def _workshop_page(
    request: HttpRequest,
    project: LearningProject,
    workshop: Workshop,
    *,
    form: DocumentationForm | None = None,
    attachment_form: AttachmentForm | None = None,
    recording_form: RecordingForm | None = None,
) -> HttpResponse:
    form = form or DocumentationForm(initial=_documentation_initial(workshop), workshop=workshop)
    context = {
        "project": project,
        "workshop": workshop,
        "documentation": getattr(workshop, "documentation", None),
        "sessions": sessions_of_workshop(workshop=workshop),
        "form": form,
        "hidden_ids": hidden_session_ids(form),
        "attachment_form": attachment_form or AttachmentForm(),
        "recording_form": recording_form or RecordingForm(),
        "archive": archive_for_project(project=project),
    }
    return render(request, TEMPLATE, context)


@staff_required
def documentation_workshop(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    project = project_for_staff(slug=slug)
    workshop = workshop_for_staff(project=project, number=number)
    if request.method != "POST":
        return _workshop_page(request, project, workshop)
    form = DocumentationForm(request.POST, workshop=workshop)
    if not form.is_valid():
        return _workshop_page(request, project, workshop, form=form)
    services.documentation_update(workshop=workshop, **form.cleaned_data)
    _saved(request, project, _("Dokumentationen är sparad."))
    return redirect("staff:documentation_workshop", slug=project.slug, number=workshop.number)


@staff_required
@require_POST
def attachment_upload(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    project = project_for_staff(slug=slug)
    workshop = workshop_for_staff(project=project, number=number)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_create(
                workshop=workshop,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                is_public=form.cleaned_data["is_public"],
                uploaded_by=_uploader(request),
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            uploaded = _("Filen är uppladdad.")
            if form.cleaned_data["is_public"]:
                uploaded = _made_public(workshop, uploaded)
            _saved(request, project, uploaded)
            return redirect(
                "staff:documentation_workshop", slug=project.slug, number=workshop.number
            )
    return _workshop_page(request, project, workshop, attachment_form=form)


@staff_required
@require_POST
def recording_create(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    project = project_for_staff(slug=slug)
    workshop = workshop_for_staff(project=project, number=number)
    form = RecordingForm(request.POST)
    if not form.is_valid():
        return _workshop_page(request, project, workshop, recording_form=form)
    services.recording_link_create(workshop=workshop, **form.cleaned_data)
    added = _("Inspelningen är tillagd.")
    if form.cleaned_data.get("is_public"):
        added = _made_public(workshop, added)
    _saved(request, project, added)
    return redirect("staff:documentation_workshop", slug=project.slug, number=workshop.number)


def _item_act(item: Attachment | RecordingLink, action: str) -> str:
    """Do `action` on an attachment or a recording link; return what happened, in Swedish."""
    if isinstance(item, Attachment):
        if action in {"up", "down"}:
            services.attachment_move(attachment=item, offset=-1 if action == "up" else 1)
        elif action in {"public", "private"}:
            services.attachment_public_set(attachment=item, is_public=action == "public")
        else:
            services.attachment_delete(attachment=item)
    elif action in {"up", "down"}:
        services.recording_link_move(link=item, offset=-1 if action == "up" else 1)
    elif action in {"public", "private"}:
        services.recording_link_public_set(link=item, is_public=action == "public")
    else:
        services.recording_link_delete(link=item)
    results = {
        "up": _("%(title)s är flyttad upp."),
        "down": _("%(title)s är flyttad ned."),
        "public": _("%(title)s är nu publik."),
        "private": _("%(title)s visas inte längre publikt."),
        "delete": _("%(title)s är borttagen."),
    }
    result = results[action] % {"title": item.title}
    return _made_public(item.workshop, result) if action == "public" else result


@staff_required
@require_POST
def item_action(
    request: HtmxHttpRequest, slug: str, number: int, kind: str, pk: int
) -> HttpResponse:
    action = request.POST.get("action", "")
    if kind not in ITEM_KINDS or action not in {"up", "down", "public", "private", "delete"}:
        raise Http404("No such action.")
    project = project_for_staff(slug=slug)
    workshop = workshop_for_staff(project=project, number=number)
    item: Attachment | RecordingLink = (
        attachment_for_staff(workshop=workshop, pk=pk)
        if kind == "bilaga"
        else recording_for_staff(workshop=workshop, pk=pk)
    )
    result = _result(project, _item_act(item, action))
    if request.htmx:
        workshop = workshop_for_staff(project=project, number=number)
        partial = "attachments" if kind == "bilaga" else "recordings"
        context = {"project": project, "workshop": workshop, f"{partial}_result": result}
        return render(request, f"{TEMPLATE}#{partial}", context)
    messages.info(request, result)
    return redirect("staff:documentation_workshop", slug=project.slug, number=workshop.number)


@staff_required
def attachment_download(request: HttpRequest, slug: str, number: int, pk: int) -> FileResponse:
    """Staff may open every attachment, public or not, to check it before publishing."""
    project = project_for_staff(slug=slug)
    workshop = workshop_for_staff(project=project, number=number)
    return attachment_response(attachment_for_staff(workshop=workshop, pk=pk))
