"""Kansliet's synthesis pages: run a synthesis of a board, a session, a workshop or a whole
project, follow its progress, review and edit its statements, approve it; and plan the next
workshop from what earlier ones produced.

Every control is a plain form that posts and comes back, so it all works without JavaScript;
htmx only polls the progress so the result appears without reloading.
"""

from typing import Any, Final

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from larlabb.core.access import HtmxHttpRequest, staff_required
from larlabb.programme.models import LearningProject
from larlabb.synthesis import presentation, selectors, services
from larlabb.synthesis.forms import PlanExerciseForm, StatementForm
from larlabb.synthesis.models import Synthesis, WorkshopPlan
from larlabb.synthesis.presentation import PICTURE_HEIGHT, PICTURE_WIDTH
from larlabb.synthesis.selectors import Scope

# Swedish path segments for the four scopes.
SCOPE_SLUGS: Final[dict[str, str]] = {
    "grupp": Synthesis.Scope.GROUP,
    "pass": Synthesis.Scope.SESSION,
    "workshop": Synthesis.Scope.WORKSHOP,
    "projekt": Synthesis.Scope.PROJECT,
}
SLUG_FOR_SCOPE: Final[dict[str, str]] = {kind: slug for slug, kind in SCOPE_SLUGS.items()}
# Where an approved synthesis appears: the documentation shows a workshop's and the whole
# project's, and only where staff have made that documentation public.
APPROVED_MESSAGES: Final[dict[str, Promise]] = {
    Synthesis.Scope.WORKSHOP: _lazy(
        "Sammanställningen är godkänd. Den visas på workshopens sida i dokumentationen när "
        "workshopens dokumentation är publik."
    ),
    Synthesis.Scope.PROJECT: _lazy(
        "Sammanställningen är godkänd. Den visas på sidan ”Hela projektet: den röda tråden” i "
        "dokumentationen när dokumentationen är publik."
    ),
    Synthesis.Scope.SESSION: _lazy(
        "Sammanställningen är godkänd. Ett pass sammanställning visas inte i dokumentationen; "
        "där visas den godkända sammanställningen av workshopen och av hela projektet."
    ),
    Synthesis.Scope.GROUP: _lazy(
        "Sammanställningen är godkänd. En grupps sammanställning visas inte i dokumentationen; "
        "där visas den godkända sammanställningen av workshopen och av hela projektet."
    ),
}
APPROVE_AGAIN: Final = _lazy(
    "Sammanställningen var godkänd; efter ändringen är den ett utkast igen och visas inte i "
    "dokumentationen förrän den godkänns på nytt."
)


def scope_url(kind: str, pk: int) -> str:
    return reverse("staff:synthesis_scope", args=[SLUG_FOR_SCOPE[kind], pk])


def _scope(slug: str, pk: int) -> Scope:
    kind = SCOPE_SLUGS.get(slug)
    scope = selectors.scope_get(kind=kind, pk=pk) if kind else None
    if scope is None:
        raise Http404
    return scope


def _user(request: HtmxHttpRequest) -> AbstractBaseUser:
    # staff_required has already turned away anyone not logged in.
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


def _synthesis(pk: int) -> Synthesis:
    services.stalled_runs_fail()
    synthesis = selectors.synthesis_get(pk=pk)
    if synthesis is None:
        raise Http404
    return synthesis


@staff_required
def project_syntheses(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(LearningProject, slug=slug)
    scopes = [
        (choice, scope_url(choice.kind, choice.pk))
        for choice in selectors.scopes_for_project(project=project)
    ]
    services.stalled_runs_fail()
    plans = list(selectors.plans_for_project(project=project)[:1])
    plan = plans[0] if plans else None
    return render(
        request,
        "synthesis/staff/project.html",
        {
            "project": project,
            "scopes": scopes,
            "syntheses": selectors.syntheses_for_project(project=project),
            "plan": plan,
            "plan_questions": presentation.plan_questions(plan=plan) if plan else [],
            "plan_form": PlanExerciseForm(project=project),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def scope_syntheses(request: HtmxHttpRequest, scope_slug: str, pk: int) -> HttpResponse:
    """A scope's syntheses; posting starts a new one and goes to its page."""
    scope = _scope(scope_slug, pk)
    error = ""
    if request.method == "POST":
        try:
            synthesis = services.synthesis_start(scope=scope, by_user=_user(request))
        except ValidationError as failure:
            error = " ".join(failure.messages)
        else:
            return redirect("staff:synthesis_detail", pk=synthesis.pk)
    services.stalled_runs_fail()
    return render(
        request,
        "synthesis/staff/scope.html",
        {
            "scope": scope,
            "project": scope.project,
            "syntheses": selectors.syntheses_for_scope(scope=scope),
            "note_count": selectors.notes_for_scope(scope=scope).count(),
            "decision_count": sum(
                len(made.decisions) for made in selectors.decisions_for_scope(scope=scope)
            ),
            "error": error,
        },
        status=400 if error else 200,
    )


def _detail(
    request: HtmxHttpRequest,
    synthesis: Synthesis,
    *,
    forms: dict[str, StatementForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    scope = selectors.scope_of(synthesis)
    context: dict[str, Any] = {
        "synthesis": synthesis,
        "scope": scope,
        "scope_url": scope_url(scope.kind, scope.object_id),
        "project": synthesis.project,
        "report": presentation.synthesis_report(synthesis=synthesis),
        "forms": forms or {},
        "wide": scope.kind in {Synthesis.Scope.WORKSHOP, Synthesis.Scope.PROJECT},
        "picture_width": PICTURE_WIDTH,
        "picture_height": PICTURE_HEIGHT,
    }
    # The progress poll asks for the live part only; once finished that part is the result.
    template = "synthesis/staff/detail.html"
    if request.htmx and request.htmx.target == "synthesis-live":
        template += "#live"
    return render(request, template, context, status=status)


@staff_required
def synthesis_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _synthesis(pk))


def _edited(request: HtmxHttpRequest, before: Synthesis, after: Synthesis, text: str) -> None:
    """Tell staff what the edit did, and that an approved synthesis left the documentation."""
    if before.status == Synthesis.Status.APPROVED and after.status != before.status:
        messages.warning(request, f"{text} {APPROVE_AGAIN}")
    else:
        messages.success(request, text)


@staff_required
@require_POST
def statement_edit(request: HtmxHttpRequest, pk: int, key: str) -> HttpResponse:
    synthesis = _synthesis(pk)
    form = StatementForm(request.POST, prefix=key)
    if form.is_valid():
        try:
            edited = services.synthesis_statement_edit(
                synthesis=synthesis, key=key, text=form.cleaned_data["text"], by_user=_user(request)
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            _edited(
                request, synthesis, edited, _("Texten är ändrad. Lapparna den bygger på är kvar.")
            )
            return redirect(f"{reverse('staff:synthesis_detail', args=[pk])}#{key}")
    return _detail(request, synthesis, forms={key: form}, status=400)


@staff_required
@require_POST
def statement_remove(request: HtmxHttpRequest, pk: int, key: str) -> HttpResponse:
    synthesis = _synthesis(pk)
    try:
        edited = services.synthesis_statement_remove(
            synthesis=synthesis, key=key, by_user=_user(request)
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        _edited(request, synthesis, edited, _("Det är borttaget ur sammanställningen."))
    return redirect("staff:synthesis_detail", pk=pk)


@staff_required
@require_POST
def synthesis_approve(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    synthesis = _synthesis(pk)
    try:
        services.synthesis_approve(synthesis=synthesis, by_user=_user(request))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, str(APPROVED_MESSAGES[synthesis.scope]))
    return redirect("staff:synthesis_detail", pk=pk)


@staff_required
@require_POST
def plan_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(LearningProject, slug=slug)
    services.plan_start(project=project, by_user=_user(request))
    return redirect(f"{reverse('staff:project_syntheses', args=[slug])}#planering")


@staff_required
@require_POST
def plan_exercise(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = get_object_or_404(LearningProject, slug=slug)
    plan = get_object_or_404(WorkshopPlan, project=project, pk=pk)
    form = PlanExerciseForm(request.POST, project=project)
    if form.is_valid():
        try:
            exercise = services.plan_exercise_create(
                plan=plan, workshop=form.cleaned_data["workshop"]
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(
                request,
                _("Övningen ”%(title)s” är skapad som utkast. Välj den när du skapar ett pass.")
                % {"title": exercise.title},
            )
    else:
        messages.error(request, _("Välj en workshop i listan, eller ingen."))
    return redirect(f"{reverse('staff:project_syntheses', args=[slug])}#planering")
