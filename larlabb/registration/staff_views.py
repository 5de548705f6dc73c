from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from larlabb.core.access import staff_required
from larlabb.core.selectors import outbox_for_registration
from larlabb.programme.models import LearningProject
from larlabb.registration.exports import (
    badges_pdf,
    invoicing_csv,
    invoicing_xlsx,
    participants_csv,
)
from larlabb.registration.forms import (
    ApplicationDecisionForm,
    RegistrationFilterForm,
    RegistrationForm,
    ReminderTextForm,
    WorkshopRulesForm,
    WorkshopSignupFilterForm,
    participant_formset,
    participant_rules_show,
    service_errors_show,
)
from larlabb.registration.gdpr import (
    person_data_export,
    person_erase,
    person_places,
)
from larlabb.registration.links import contact_link_resend, participant_link_resend
from larlabb.registration.models import (
    OrganisationApplication,
    OrganisationRegistration,
    ReminderKind,
    WorkshopSignup,
)
from larlabb.registration.reminder_texts import (
    LANGUAGES,
    PLACEHOLDERS,
    reminder_is_customised,
    reminder_texts_reset,
    reminder_texts_update,
    reminder_wording,
)
from larlabb.registration.reminders import reminder_overview, reminder_preview
from larlabb.registration.selectors import (
    applications_pending,
    confirmed_organisation_count,
    export_log_for_project,
    needs_summary,
    organisations_for_registration,
    registration_for_staff,
    registration_open_at,
    registrations_for_project,
    signup_closes_on,
    waiting_list,
    withdrawal_terms,
    workshop_in_project,
    workshop_rules,
    workshop_signup_summaries,
    workshop_signups_for_staff,
    workshops_for_project,
)
from larlabb.registration.services import (
    approval_link_resend,
    manage_url,
    organisation_application_accept,
    organisation_application_refuse,
    registration_confirm,
    registration_submit,
    registration_withdrawal_handle,
)
from larlabb.registration.signups import participant_url, workshop_rules_update

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
    valid = filters.is_valid()
    status = filters.cleaned_data["status"] if valid else ""
    query = filters.cleaned_data["q"] if valid else ""
    return render(
        request,
        "registration/staff/registration_list.html",
        {
            "project": project,
            "filters": filters,
            "registrations": registrations_for_project(project=project, status=status, query=query),
            "is_filtered": bool(status or query),
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
            "reminders": registration.reminders.select_related("participant", "workshop"),
            "manage_url": manage_url(registration),
            # An erased participant's link no longer opens anything, so it is not listed.
            "participant_links": [
                (participant, participant_url(participant))
                for participant in registration.participants.all()
                if participant.erased_at is None
            ],
            "removed_participants": [
                (removed, f"tidigare-{removed.pk}")
                for removed in registration.removed_participants.all()
            ],
            "approval": registration.approval_requests.first(),
            "withdrawal_terms": withdrawal_terms(
                registration=registration, at=registration.closed_at
            )
            if registration.status == OrganisationRegistration.Status.WITHDRAWN
            and registration.closed_at is not None
            else None,
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
def link_resend(request: HttpRequest, pk: int, person: str) -> HttpResponse:
    """Send a personal link again: the contact's ("kontakt"), a new approval link to the
    manager ("chef"), or one participant's (by id). The mail is in the outbox below."""
    registration = get_object_or_404(
        OrganisationRegistration.objects.select_related("project__network", "organisation"),
        pk=pk,
    )
    try:
        if person == "kontakt":
            contact_link_resend(registration=registration, by_user=_staff_user(request))
            done = _("Kontaktpersonens länk är skickad igen till %(email)s.") % {
                "email": registration.contact_email
            }
        elif person == "chef":
            approval_link_resend(registration=registration, by_user=_staff_user(request))
            done = _("En ny länk för att godkänna är skickad till chefen, %(email)s.") % {
                "email": registration.manager_email
            }
        else:
            participant = registration.participants.filter(
                pk=int(person) if person.isdigit() else 0
            ).first()
            if participant is None:
                raise Http404("No such participant.")
            participant_link_resend(participant=participant, by_user=_staff_user(request))
            done = _("%(name)s har fått sin länk igen till %(email)s.") % {
                "name": participant.name,
                "email": participant.email,
            }
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("staff:registration_detail", pk=pk)


@staff_required
@require_POST
def withdrawal_handled(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff have dealt with a withdrawal (invoice, seats); it leaves the to-do list."""
    registration = get_object_or_404(OrganisationRegistration, pk=pk)
    try:
        registration_withdrawal_handle(registration=registration, by_user=_staff_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Återtagandet är markerat som hanterat."))
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
            service_errors_show(error, form=form, formset=formset)
        else:
            messages.success(request, _("Anmälan är sparad och skickad till chefen."))
            return redirect("staff:registration_detail", pk=registration.pk)
    elif data is not None and formset.is_valid():
        participant_rules_show(project=project, formset=formset)
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
    filters = WorkshopSignupFilterForm(request.GET or None)
    valid = filters.is_valid()
    show = filters.cleaned_data["show"] if valid else WorkshopSignupFilterForm.SHOW_ALL
    query = filters.cleaned_data["q"] if valid else ""
    signups = list(workshop_signups_for_staff(workshop=workshop, query=query))
    Answer, Status = WorkshopSignup.Answer, WorkshopSignup.Status
    on_site = [s for s in signups if s.holds_seat]
    queue = waiting_list(workshop=workshop).values_list("pk", flat=True)
    positions = {pk: place for place, pk in enumerate(queue, start=1)}
    return render(
        request,
        "registration/staff/workshop_signups.html",
        {
            "project": project,
            "workshop": workshop,
            "form": form,
            "filters": filters,
            "show": show,
            "query": query,
            "closes_on": signup_closes_on(workshop=workshop, rules=rules),
            "on_site": on_site,
            "online": [s for s in signups if s.answer == Answer.ONLINE],
            "needs": [s for s in on_site if s.dietary_needs or s.accessibility_needs],
            "diets": needs_summary(on_site),
            # Places in the whole queue, also when a search shows only part of it.
            "waiting": sorted(
                ((positions[s.pk], s) for s in signups if s.status == Status.WAITING),
                key=lambda item: item[0],
            ),
            "not_attending": [s for s in signups if s.status == Status.NOT_ATTENDING],
        },
    )


# --- Reminders ---------------------------------------------------------------------------------


@staff_required
def project_reminders(request: HttpRequest, slug: str) -> HttpResponse:
    """The three reminders: when each goes out, per workshop, and to how many right now."""
    project = get_object_or_404(LearningProject, slug=slug)
    return render(
        request,
        "registration/staff/reminders.html",
        {
            "project": project,
            "overviews": reminder_overview(project=project, now=timezone.now()),
        },
    )


@staff_required
def reminder_edit(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """Edit a reminder's subject and text in Swedish and English, with a preview of each."""
    project = get_object_or_404(LearningProject.objects.select_related("network"), slug=slug)
    if kind not in ReminderKind.values:
        raise Http404("No such reminder.")
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    if action == "reset":
        reminder_texts_reset(project=project, kind=kind)
        messages.success(request, _("Påminnelsen har fått tillbaka standardtexten."))
        return redirect("staff:reminder_edit", slug=slug, kind=kind)
    stored = {
        code: reminder_wording(project=project, kind=kind, language=code) for code in LANGUAGES
    }
    form = ReminderTextForm(
        request.POST if action else None,
        kind=kind,
        initial=ReminderTextForm.initial_for(stored),
    )
    wordings = stored
    if action and form.is_valid():
        if action == "save":
            reminder_texts_update(
                project=project, kind=kind, wordings=form.wordings(), by_user=_staff_user(request)
            )
            messages.success(request, _("Texterna är sparade."))
            return redirect("staff:reminder_edit", slug=slug, kind=kind)
        wordings = form.wordings()
    now = timezone.now()
    previews = [
        (
            code,
            ReminderTextForm.LANGUAGE_NAMES[code],
            reminder_preview(
                project=project, kind=kind, language=code, wording=wordings[code], now=now
            ),
        )
        for code in LANGUAGES
    ]
    return render(
        request,
        "registration/staff/reminder_edit.html",
        {
            "project": project,
            "kind": kind,
            "label": ReminderKind(kind).label,
            "form": form,
            "placeholders": PLACEHOLDERS[kind].items(),
            "previews": previews,
            "is_preview": action == "preview" and form.is_valid(),
            "customised": reminder_is_customised(project=project, kind=kind),
        },
        status=400 if action and not form.is_valid() else 200,
    )


# --- Exports -----------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def project_exports(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's exports and the log of who took personal data out, and when."""
    project = get_object_or_404(LearningProject, slug=slug)
    return render(
        request,
        "registration/staff/exports.html",
        {
            "project": project,
            "workshops": workshops_for_project(project=project),
            "log": export_log_for_project(project=project),
        },
    )


@staff_required
def export_invoicing(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in {"csv", "xlsx"}:
        raise Http404("No such format.")
    project = get_object_or_404(LearningProject, slug=slug)
    user = _staff_user(request)
    if fmt == "xlsx":
        return _download(
            invoicing_xlsx(project=project, by_user=user),
            content_type=XLSX_TYPE,
            filename=f"fakturaunderlag-{project.slug}.xlsx",
        )
    return _download(
        invoicing_csv(project=project, by_user=user),
        content_type="text/csv; charset=utf-8",
        filename=f"fakturaunderlag-{project.slug}.csv",
    )


@staff_required
def export_participants(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    project = get_object_or_404(LearningProject, slug=slug)
    workshop = workshop_in_project(project=project, number=number)
    if workshop is None:
        raise Http404("No such workshop.")
    return _download(
        participants_csv(workshop=workshop, by_user=_staff_user(request)),
        content_type="text/csv; charset=utf-8",
        filename=f"deltagare-{project.slug}-workshop-{number}.csv",
    )


@staff_required
def export_badges(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(LearningProject, slug=slug)
    return _download(
        badges_pdf(
            project=project,
            by_user=_staff_user(request),
            base_url=request.build_absolute_uri("/"),
        ),
        content_type="application/pdf",
        filename=f"namnbrickor-{project.slug}.pdf",
    )


# --- GDPR ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    """Whom a GDPR link in a registration points at."""

    name: str
    email: str


def _person(registration: OrganisationRegistration, person: str) -> _Person:
    """The contact ("kontakt"), the manager ("chef"), a participant (by id) or a participant
    the contact removed ("tidigare-<id>") of the registration."""
    if person == "kontakt":
        if registration.contact_erased_at is not None:
            raise Http404("Already anonymised.")
        return _Person(registration.contact_name, registration.contact_email)
    if person == "chef":
        if registration.manager_erased_at is not None:
            raise Http404("Already anonymised.")
        return _Person(registration.manager_name, registration.manager_email)
    kind, _dash, number = person.rpartition("-")
    if kind == "tidigare" and number.isdigit():
        removed = registration.removed_participants.filter(pk=int(number)).first()
        if removed is None:
            raise Http404("No such participant.")
        return _Person(removed.name, removed.email)
    participant = registration.participants.filter(
        pk=int(person) if person.isdigit() else 0, erased_at__isnull=True
    ).first()
    if participant is None:
        raise Http404("No such participant.")
    return _Person(participant.name, participant.email)


@staff_required
def person_data_json(request: HttpRequest, pk: int, person: str) -> HttpResponse:
    """Everything stored about the person's e-mail address, for a request under GDPR art. 15."""
    registration = get_object_or_404(OrganisationRegistration, pk=pk)
    email = _person(registration, person).email
    data = person_data_export(
        email=email, project=registration.project, by_user=_staff_user(request)
    )
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="personuppgifter.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def person_anonymise(request: HttpRequest, pk: int, person: str) -> HttpResponse:
    """GET asks staff to confirm and says what goes and what stays; only POST erases."""
    registration = get_object_or_404(
        OrganisationRegistration.objects.select_related("project", "organisation"), pk=pk
    )
    target = _person(registration, person)
    if request.method == "POST":
        person_erase(email=target.email, by_user=_staff_user(request))
        messages.success(
            request,
            _(
                "Personen är anonymiserad. Fakturauppgifterna finns kvar som bokföringslagen "
                "kräver."
            ),
        )
        return redirect("staff:registration_detail", pk=pk)
    return render(
        request,
        "registration/staff/person_anonymise.html",
        {
            "registration": registration,
            "project": registration.project,
            "person": target,
            "person_key": person,
            "places": person_places(email=target.email),
        },
    )
