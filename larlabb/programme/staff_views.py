"""Kansliet's pages for learning projects and their programmes."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from larlabb.core.access import HtmxHttpRequest, staff_required
from larlabb.network.selectors import network_current, organisations_for_network
from larlabb.programme import services
from larlabb.programme.forms import (
    BlockForm,
    CollaboratorFormSet,
    ContactFormSet,
    LeaderFormSet,
    ProjectForm,
    WorkshopForm,
)
from larlabb.programme.models import LearningProject, ProgrammeBlock, Workshop


def _project(slug: str) -> LearningProject:
    return get_object_or_404(LearningProject.objects.select_related("network"), slug=slug)


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    network = network_current()
    projects = network.projects.prefetch_related("workshops").order_by(
        "status", "-registration_deadline"
    )
    return render(request, "programme/staff/dashboard.html", {"projects": projects})


@staff_required
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(network=network_current(), fields=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Projektet är skapat som utkast."))
            return redirect("staff:project_programme", slug=project.slug)
    return render(request, "programme/staff/project_form.html", {"form": form, "project": None})


@staff_required
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        project = services.project_update(project=project, fields=form.cleaned_data)
        messages.success(request, _("Ändringarna är sparade."))
        return redirect("staff:project_edit", slug=project.slug)
    return render(request, "programme/staff/project_form.html", {"form": form, "project": project})


@staff_required
@require_POST
def project_status(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    action = request.POST.get("action")
    actions = {
        "publish": (services.project_publish, _("Projektet är publicerat.")),
        "unpublish": (services.project_unpublish, _("Projektet är tillbaka som utkast.")),
        "close": (services.project_close, _("Projektet är avslutat.")),
    }
    if action in actions:
        service, message = actions[action]
        try:
            service(project=project)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
    return redirect("staff:project_programme", slug=project.slug)


def _people_initial(project: LearningProject) -> dict[str, list[dict[str, Any]]]:
    return {
        "leaders": [
            {
                "name": leader.person.name,
                "role": leader.role,
                "organisation": leader.person.organisation,
                "email": leader.person.email,
            }
            for leader in project.leaders.select_related("person__organisation")
        ],
        "contacts": [
            {"name": c.person.name, "email": c.person.email, "topic": c.topic}
            for c in project.contacts.select_related("person")
        ],
        "collaborators": [{"name": c.name} for c in project.collaborators.all()],
    }


def _kept(formset: Any) -> list[dict[str, Any]]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


@staff_required
def project_people(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    initial = _people_initial(project)
    data = request.POST or None
    organisations = organisations_for_network(network=project.network)
    leaders = LeaderFormSet(
        data,
        prefix="leaders",
        initial=initial["leaders"],
        form_kwargs={"organisations": organisations},
    )
    contacts = ContactFormSet(data, prefix="contacts", initial=initial["contacts"])
    collaborators = CollaboratorFormSet(
        data, prefix="collaborators", initial=initial["collaborators"]
    )
    if request.method == "POST" and all(f.is_valid() for f in (leaders, contacts, collaborators)):
        services.project_people_replace(
            project=project,
            leaders=_kept(leaders),
            contacts=_kept(contacts),
            collaborators=[row["name"] for row in _kept(collaborators)],
        )
        messages.success(request, _("Ledning, kontakter och samverkansaktörer är sparade."))
        return redirect("staff:project_people", slug=project.slug)
    return render(
        request,
        "programme/staff/project_people.html",
        {
            "project": project,
            "leaders": leaders,
            "contacts": contacts,
            "collaborators": collaborators,
        },
    )


@staff_required
def project_programme(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    workshops = project.workshops.select_related("block").prefetch_related("changes")
    context = {"project": project, "workshops": workshops, "blocks": project.blocks.all()}
    if request.htmx:
        return render(request, "programme/staff/project_programme.html#workshop_table", context)
    return render(request, "programme/staff/project_programme.html", context)


@staff_required
@require_POST
def workshop_move(request: HtmxHttpRequest, slug: str, number: int) -> HttpResponse:
    project = _project(slug)
    workshop = get_object_or_404(Workshop, project=project, number=number)
    services.workshop_move(workshop=workshop, offset=-1 if request.POST.get("to") == "up" else 1)
    if request.htmx:
        return project_programme(request, slug)
    return redirect("staff:project_programme", slug=project.slug)


@staff_required
def workshop_form(request: HttpRequest, slug: str, number: int | None = None) -> HttpResponse:
    project = _project(slug)
    workshop = get_object_or_404(Workshop, project=project, number=number) if number else None
    if not project.blocks.exists():
        messages.error(
            request, _("Skapa ett programblock först: workshopen hämtar sin text därifrån.")
        )
        return redirect("staff:block_create", slug=project.slug)
    initial = {} if workshop else {"number": (project.workshops.count() + 1)}
    form = WorkshopForm(request.POST or None, instance=workshop, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        if workshop is None:
            services.workshop_create(project=project, fields=form.workshop_fields())
            messages.success(request, _("Workshopen är skapad."))
        else:
            services.workshop_update(
                workshop=workshop,
                fields=form.workshop_fields(),
                changed_by=request.user if request.user.is_authenticated else None,
            )
            messages.success(request, _("Workshopen är sparad."))
        return redirect("staff:project_programme", slug=project.slug)
    changes = workshop.changes.select_related("changed_by") if workshop else []
    return render(
        request,
        "programme/staff/workshop_form.html",
        {"project": project, "workshop": workshop, "form": form, "changes": changes},
    )


@staff_required
@require_POST
def workshop_delete(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    project = _project(slug)
    services.workshop_delete(workshop=get_object_or_404(Workshop, project=project, number=number))
    messages.success(request, _("Workshopen är borttagen."))
    return redirect("staff:project_programme", slug=project.slug)


@staff_required
def block_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    project = _project(slug)
    block = get_object_or_404(ProgrammeBlock, project=project, pk=pk) if pk else None
    form = BlockForm(request.POST or None, instance=block)
    if request.method == "POST" and form.is_valid():
        services.block_save(project=project, block=block, fields=form.cleaned_data)
        messages.success(request, _("Programblocket är sparat."))
        return redirect("staff:project_programme", slug=project.slug)
    return render(
        request,
        "programme/staff/block_form.html",
        {"project": project, "block": block, "form": form},
    )


@staff_required
@require_POST
def block_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(slug)
    try:
        services.block_delete(block=get_object_or_404(ProgrammeBlock, project=project, pk=pk))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Programblocket är borttaget."))
    return redirect("staff:project_programme", slug=project.slug)
