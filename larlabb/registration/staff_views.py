from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from larlabb.core.access import staff_required
from larlabb.core.selectors import outbox_for_registration
from larlabb.programme.budget import budget_chart, budget_summary
from larlabb.programme.forms import BudgetLineFormSet
from larlabb.programme.models import LearningProject
from larlabb.registration.forms import (
    ApplicationDecisionForm,
    RegistrationFilterForm,
    RegistrationForm,
    WorkshopRulesForm,
    participant_formset,
)
from larlabb.registration.models import (
    OrganisationApplication,
    OrganisationRegistration,
    WorkshopSignup,
)
from larlabb.registration.selectors import (
    applications_pending,
    confirmed_organisation_count,
    organisations_for_registration,
    registration_for_staff,
    registration_open_at,
    registrations_for_project,
    signup_closes_on,
    workshop_in_project,
    workshop_rules,
    workshop_signup_summaries,
    workshop_signups_for_staff,
)
from larlabb.registration.services import (
    manage_url,
    organisation_application_accept,
    organisation_application_refuse,
    registration_confirm,
    registration_submit,
)
from larlabb.registration.signups import participant_url, workshop_rules_update


@staff_required
def project_budget(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's costs against its fee × the organisations that have confirmed."""
    project = get_object_or_404(LearningProject, slug=slug)
    formset = BudgetLineFormSet(request.POST or None, instance=project, prefix="lines")
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("Budgeten är sparad."))
        return redirect("staff:project_budget", slug=project.slug)
    summary = budget_summary(
        project=project, confirmed_organisations=confirmed_organisation_count(project=project)
    )
    return render(
        request,
        "registration/staff/project_budget.html",
        {
            "project": project,
            "formset": formset,
            "summary": summary,
            "chart": budget_chart(summary),
        },
    )


# --- Organisation registrations -----------------------------------------------------------------


def _staff_user(request: HttpRequest) -> User:
    user = request.user
    if not user.is_authenticated:  # staff_required lets only staff this far
        raise PermissionDenied
    return user


@staff_required
def project_registrations(request: HttpRequest, slug: str) -> HttpResponse:
    """Every organisation's registration for the project, with its status and group size."""
    project = get_object_or_404(LearningProject, slug=slug)
    filters = RegistrationFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    return render(
        request,
        "registration/staff/registration_list.html",
        {
            "project": project,
            "filters": filters,
            "registrations": registrations_for_project(project=project, status=status),
            "applications": applications_pending(project=project),
            "confirmed_count": confirmed_organisation_count(project=project),
            "is_open": registration_open_at(project=project, now=timezone.now()),
        },
    )


@staff_required
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = registration_for_staff(pk=pk)
    if registration is None:
        raise Http404("No such registration.")
    return _registration_detail_page(request, registration)


def _registration_detail_page(
    request: HttpRequest,
    registration: OrganisationRegistration,
    *,
    decision_form: ApplicationDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    application = getattr(registration, "application", None)
    return render(
        request,
        "registration/staff/registration_detail.html",
        {
            "registration": registration,
            "project": registration.project,
            "application": application,
            "decision_form": decision_form or ApplicationDecisionForm(),
            "mails": outbox_for_registration(registration_id=registration.pk),
            "manage_url": manage_url(registration),
            "participant_links": [
                (participant, participant_url(participant))
                for participant in registration.participants.all()
            ],
        },
        status=status,
    )


@staff_required
@require_POST
def registration_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff approve on the manager's behalf; the event log keeps who did."""
    registration = get_object_or_404(OrganisationRegistration, pk=pk)
    try:
        registration_confirm(registration=registration, approved_by_staff=_staff_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Anmälan är godkänd för chefens räkning. Kontaktpersonen har fått en bekräftelse."),
        )
    return redirect("staff:registration_detail", pk=pk)


@staff_required
@require_POST
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or refuse an organisation that is not in the network's list."""
    application = get_object_or_404(
        OrganisationApplication.objects.select_related("registration__project"), pk=pk
    )
    form = ApplicationDecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                organisation_application_accept(
                    application=application,
                    by_user=_staff_user(request),
                    relationship=form.cleaned_data["relationship"],
                )
                messages.success(
                    request,
                    _("Organisationen är godtagen och anmälan skickad till chefen."),
                )
            else:
                organisation_application_refuse(
                    application=application, by_user=_staff_user(request)
                )
                messages.success(
                    request, _("Organisationen är avböjd och kontaktpersonen har fått veta det.")
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("staff:registration_detail", pk=application.registration_id)
    registration = registration_for_staff(pk=application.registration_id)
    assert registration is not None
    return _registration_detail_page(request, registration, decision_form=form, status=400)


@staff_required
def registration_late_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff add a registration, also after the deadline (then it is marked late)."""
    project = get_object_or_404(LearningProject.objects.select_related("network"), slug=slug)
    data = request.POST if request.method == "POST" else None
    form = RegistrationForm(data, organisations=organisations_for_registration(project=project))
    formset = participant_formset(project=project, data=data)
    if data is not None and all([form.is_valid(), formset.is_valid()]):
        try:
            registration = registration_submit(
                project=project,
                data=form.registration_data(participants=formset.participants()),
                submission_key=form.cleaned_data["submission_key"],
                language=translation.get_language() or "sv",
                by_staff=_staff_user(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Anmälan är sparad och skickad till chefen."))
            return redirect("staff:registration_detail", pk=registration.pk)
    return render(
        request,
        "registration/staff/registration_form.html",
        {
            "project": project,
            "form": form,
            "formset": formset,
            "is_open": registration_open_at(project=project, now=timezone.now()),
        },
    )


# --- Step 2: the workshops -------------------------------------------------------------------


@staff_required
def project_workshop_signups(request: HttpRequest, slug: str) -> HttpResponse:
    """Per workshop: on site, online, waiting, not coming, not answered."""
    project = get_object_or_404(LearningProject, slug=slug)
    return render(
        request,
        "registration/staff/workshop_signup_list.html",
        {"project": project, "summaries": workshop_signup_summaries(project=project)},
    )


@staff_required
def workshop_signups(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Who comes to one workshop, their needs, the waiting list; and the workshop's rules."""
    project = get_object_or_404(LearningProject, slug=slug)
    workshop = workshop_in_project(project=project, number=number)
    if workshop is None:
        raise Http404("No such workshop.")
    rules = workshop_rules(workshop)
    form = WorkshopRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        workshop_rules_update(
            workshop=workshop,
            closes_days_before=form.cleaned_data["closes_days_before"],
            capacity=form.cleaned_data["capacity"],
        )
        messages.success(request, _("Reglerna för workshopen är sparade."))
        return redirect("staff:workshop_signups", slug=slug, number=number)
    signups = list(workshop_signups_for_staff(workshop=workshop))
    Answer, Status = WorkshopSignup.Answer, WorkshopSignup.Status
    return render(
        request,
        "registration/staff/workshop_signups.html",
        {
            "project": project,
            "workshop": workshop,
            "form": form,
            "closes_on": signup_closes_on(workshop=workshop, rules=rules),
            "on_site": [s for s in signups if s.holds_seat],
            "online": [s for s in signups if s.answer == Answer.ONLINE],
            "waiting": [s for s in signups if s.status == Status.WAITING],
            "not_attending": [s for s in signups if s.status == Status.NOT_ATTENDING],
        },
    )
