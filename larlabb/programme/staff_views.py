"""Kansliet's pages for learning projects, their programmes and budgets."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from larlabb.core.access import HtmxHttpRequest, staff_required
from larlabb.core.confirm import irreversible_confirm
from larlabb.core.service_errors import form_service_errors_show
from larlabb.core.todo import TodoItem
from larlabb.network.selectors import network_current, organisations_for_network
from larlabb.programme import services
from larlabb.programme.budget import budget_chart, budget_figures
from larlabb.programme.forms import (
    BlockForm,
    BudgetLineFormSet,
    CollaboratorFormSet,
    ContactFormSet,
    LeaderFormSet,
    ProjectForm,
    WorkshopForm,
    formset_rows,
)
from larlabb.programme.models import LearningProject, ProgrammeBlock, Workshop
from larlabb.programme.selectors import (
    budget_lines_for_project,
    project_for_staff,
    projects_for_staff,
    workshops_for_staff,
)

# Registration, a floor above, counts confirmed organisations; config/staff_urls.py passes the
# counting functions in.
type ConfirmedCounts = Callable[[], Mapping[int, int]]
type ConfirmedCount = Callable[..., int]
# What waits for staff (registration knows); config/staff_urls.py passes the selector in.
type StaffTodo = Callable[[], Sequence[TodoItem]]


@dataclass(frozen=True)
class DashboardRow:
    project: LearningProject
    confirmed: int

    @property
    def minimum_reached(self) -> bool:
        return self.confirmed >= self.project.min_organisations


def _editor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@staff_required
def dashboard(
    request: HttpRequest, *, confirmed_counts: ConfirmedCounts, todo: StaffTodo
) -> HttpResponse:
    counts = confirmed_counts()
    rows = [
        DashboardRow(project=project, confirmed=counts.get(project.pk, 0))
        for project in projects_for_staff(network=network_current())
    ]
    return render(request, "programme/staff/dashboard.html", {"rows": rows, "todo": todo()})


@staff_required
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST":
        try:
            if form.is_valid():
                project = services.project_create(
                    network=network_current(), fields=form.cleaned_data
                )
                messages.success(request, _("Projektet är skapat som utkast."))
                return redirect("staff:project_programme", slug=project.slug)
            # Other fields have errors: show the broken rules too, so all is put right at once.
            services.project_check(fields=form.cleaned_data)
        except ValidationError as error:
            form_service_errors_show(error, form=form)
    return render(request, "programme/staff/project_form.html", {"form": form, "project": None})


@staff_required
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_staff(slug=slug)
    # A failed save must not rename the page under the tabs: bind the form to a fresh copy.
    form = ProjectForm(request.POST or None, instance=project_for_staff(slug=slug))
    if request.method == "POST":
        try:
            if form.is_valid():
                project = services.project_update(project=project, fields=form.cleaned_data)
                messages.success(request, _("Ändringarna är sparade."))
                return redirect("staff:project_edit", slug=project.slug)
            services.project_check(fields=form.cleaned_data, project=project)
        except ValidationError as error:
            form_service_errors_show(error, form=form)
    return render(request, "programme/staff/project_form.html", {"form": form, "project": project})


STATUS_ACTIONS: dict[str, tuple[Callable[..., LearningProject], StrPromise]] = {
    "publish": (services.project_publish, gettext_lazy("Projektet är publicerat.")),
    "unpublish": (services.project_unpublish, gettext_lazy("Projektet är tillbaka som utkast.")),
    "close": (services.project_close, gettext_lazy("Projektet är avslutat.")),
}


@staff_required
@require_POST
def project_status(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_staff(slug=slug)
    action = STATUS_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Välj publicera, gör till utkast eller avsluta."))
        return redirect("staff:project_programme", slug=project.slug)
    service, success = action
    try:
        service(project=project)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, str(success))
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
        "collaborators": [
            {"name": c.name, "organisation": c.organisation}
            for c in project.collaborators.select_related("organisation")
        ],
    }


@staff_required
def project_people(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_staff(slug=slug)
    initial = _people_initial(project)
    data = request.POST or None
    organisations = {"organisations": organisations_for_network(network=project.network)}
    leaders = LeaderFormSet(
        data, prefix="leaders", initial=initial["leaders"], form_kwargs=organisations
    )
    contacts = ContactFormSet(data, prefix="contacts", initial=initial["contacts"])
    collaborators = CollaboratorFormSet(
        data, prefix="collaborators", initial=initial["collaborators"], form_kwargs=organisations
    )
    if request.method == "POST" and all(f.is_valid() for f in (leaders, contacts, collaborators)):
        services.project_people_replace(
            project=project,
            leaders=formset_rows(leaders),
            contacts=formset_rows(contacts),
            collaborators=formset_rows(collaborators),
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


def _programme_context(project: LearningProject) -> dict[str, Any]:
    return {
        "project": project,
        "workshops": workshops_for_staff(project=project),
        "blocks": project.blocks.all(),
    }


@staff_required
def project_programme(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_staff(slug=slug)
    context = _programme_context(project)
    if project.status == LearningProject.Status.DRAFT:
        context["publish_problems"] = services.project_publish_problems(project=project)
    return render(request, "programme/staff/project_programme.html", context)


@staff_required
@require_POST
def workshop_move(request: HtmxHttpRequest, slug: str, number: int) -> HttpResponse:
    project = project_for_staff(slug=slug)
    workshop = get_object_or_404(Workshop, project=project, number=number)
    moved = services.workshop_move(
        workshop=workshop, offset=-1 if request.POST.get("to") == "up" else 1
    )
    if moved.number == number:
        result = _("Workshop %(number)s kan inte flyttas längre åt det hållet.") % {
            "number": number
        }
    else:
        result = _("Workshop %(old)s är nu workshop %(new)s.") % {
            "old": number,
            "new": moved.number,
        }
    if request.htmx:
        context = _programme_context(project) | {"move_result": result}
        return render(request, "programme/staff/project_programme.html#workshop_table", context)
    messages.info(request, result)
    return redirect("staff:project_programme", slug=project.slug)


@staff_required
def workshop_form(request: HttpRequest, slug: str, number: int | None = None) -> HttpResponse:
    project = project_for_staff(slug=slug)
    workshop = get_object_or_404(Workshop, project=project, number=number) if number else None
    if not project.blocks.exists():
        messages.error(
            request, _("Skapa ett programblock först: workshopen hämtar sin text därifrån.")
        )
        return redirect("staff:block_create", slug=project.slug)
    numbers = project.workshops.values_list("number", flat=True)
    initial = {} if workshop else {"number": max(numbers, default=0) + 1}
    form = WorkshopForm(request.POST or None, instance=workshop, project=project, initial=initial)
    if request.method == "POST":
        try:
            if form.is_valid():
                if workshop is None:
                    services.workshop_create(project=project, fields=form.workshop_fields())
                else:
                    services.workshop_update(
                        workshop=workshop,
                        fields=form.workshop_fields(),
                        changed_by=_editor(request),
                    )
                messages.success(request, _("Workshopen är sparad."))
                return redirect("staff:project_programme", slug=project.slug)
            # Other fields have errors: show the broken rules too, so all is put right at once.
            services.workshop_check(
                project=project, fields=form.workshop_fields(), workshop=workshop
            )
        except ValidationError as error:
            form_service_errors_show(error, form=form, fields=form.service_fields())
    # The form may have changed the bound instance; show the log and title of the stored one.
    stored = Workshop.objects.filter(pk=workshop.pk).first() if workshop else None
    return render(
        request,
        "programme/staff/workshop_form.html",
        {
            "project": project,
            "workshop": stored,
            "form": form,
            "changes": stored.changes.select_related("changed_by") if stored else [],
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def workshop_delete(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Asks first (GET): the workshop takes its participants' answers, its workshop sessions
    with their boards, and its syntheses with it."""
    project = project_for_staff(slug=slug)
    workshop = get_object_or_404(Workshop, project=project, number=number)
    if request.method == "GET":
        return irreversible_confirm(
            request,
            question=_("Ta bort workshop %(number)s?") % {"number": number},
            context_label=f"{project.full_title}: {workshop.display_title}",
            consequences=[
                _("Workshopen tas bort ur programmet, inbjudan och kalenderfilerna."),
                _(
                    "Allt som hör till workshopen tas bort med den: deltagarnas svar, "
                    "reglerna för anmälan, workshoppassen med gruppernas tavlor och "
                    "sammanställningarna."
                ),
            ],
            button=_("Ta bort workshopen"),
            cancel_url=reverse("staff:workshop_edit", args=[project.slug, number]),
        )
    services.workshop_delete(workshop=workshop)
    messages.success(request, _("Workshop %(number)s är borttagen.") % {"number": number})
    return redirect("staff:project_programme", slug=project.slug)


@staff_required
def block_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    project = project_for_staff(slug=slug)
    block = get_object_or_404(ProgrammeBlock, project=project, pk=pk) if pk else None
    form = BlockForm(request.POST or None, instance=block)
    if request.method == "POST" and form.is_valid():
        services.block_save(project=project, block=block, fields=form.cleaned_data)
        messages.success(request, _("Programblocket är sparat."))
        return redirect("staff:project_programme", slug=project.slug)
    return render(
        request,
        "programme/staff/block_form.html",
        {
            "project": project,
            # Not "block": inside {% block %} tags Django templates use that name themselves.
            "programme_block": block,
            "form": form,
            "block_workshops": block.workshops.select_related("block").order_by("number")
            if block
            else [],
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def block_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_for_staff(slug=slug)
    block = get_object_or_404(ProgrammeBlock, project=project, pk=pk)
    if request.method == "GET":
        return irreversible_confirm(
            request,
            question=_("Ta bort programblocket %(title)s?") % {"title": block.title},
            context_label=project.full_title,
            consequences=[
                _("Blockets rubrik, inledning och programpunkter tas bort ur programmet.")
            ],
            button=_("Ta bort blocket"),
            cancel_url=reverse("staff:block_edit", args=[project.slug, block.pk]),
        )
    try:
        services.block_delete(block=block)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("staff:block_edit", slug=project.slug, pk=block.pk)
    messages.success(request, _("Programblocket är borttaget."))
    return redirect("staff:project_programme", slug=project.slug)


@staff_required
def project_budget(
    request: HttpRequest, slug: str, *, confirmed_count: ConfirmedCount
) -> HttpResponse:
    """The project's costs against its fee × the organisations that have confirmed."""
    project = project_for_staff(slug=slug)
    lines = list(budget_lines_for_project(project=project))
    formset = BudgetLineFormSet(
        request.POST or None,
        prefix="lines",
        initial=[{"label": line.label, "amount_sek": line.amount_sek} for line in lines],
    )
    if request.method == "POST" and formset.is_valid():
        services.budget_lines_replace(project=project, lines=formset_rows(formset))
        messages.success(request, _("Budgeten är sparad."))
        return redirect("staff:project_budget", slug=project.slug)
    figures = budget_figures(
        costs=[line.amount_sek for line in lines],
        fee=project.fee_sek,
        minimum=project.min_organisations,
        organisations=confirmed_count(project=project),
    )
    return render(
        request,
        "programme/staff/project_budget.html",
        {
            "project": project,
            "lines": lines,
            "formset": formset,
            "figures": figures,
            "chart": budget_chart(figures),
        },
    )
