"""Public pages: the registration form, the manager's approval, the contact's group (step 1)
and each participant's answers for the workshops (step 2).

Pages reached through a personal link are never cached, and a link that no longer works gets
a page that says why instead of an error.
"""

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from larlabb.core.ratelimit import (
    TOO_MANY_SUBMISSIONS,
    address_limit_exceeded,
    person_limit_exceeded,
)
from larlabb.programme.calendar import calendar_bytes
from larlabb.programme.models import LearningProject
from larlabb.programme.selectors import project_for_viewer
from larlabb.registration.forms import (
    ApprovalDecisionForm,
    BaseParticipantFormSet,
    InvoiceForm,
    RegistrationForm,
    ResendLinkForm,
    WithdrawForm,
    WorkshopAnswerForm,
    participant_formset,
    participant_rules_show,
    service_errors_show,
)
from larlabb.registration.links import TOO_MANY_RESENDS, personal_links_send_task
from larlabb.registration.models import OrganisationRegistration, Participant, WorkshopSignup
from larlabb.registration.selectors import (
    WorkshopOffer,
    approval_request_for_link,
    organisations_for_registration,
    participant_for_token,
    registration_for_manage_token,
    registration_get,
    registration_open_at,
    withdrawal_terms,
    workshop_in_project,
    workshop_offers,
)
from larlabb.registration.services import (
    ApprovalLinkError,
    ApprovalLinkProblem,
    approval_check,
    approval_decide,
    registration_invoice_update,
    registration_participants_update,
    registration_submit,
    registration_withdraw,
)
from larlabb.registration.signups import workshop_signup_answer

SENT_SESSION_KEY = "registration_sent"
RESEND_SESSION_KEY = "registration_resend_email"
# Asking for one's links again: a person needs it a few times at most, and even a whole
# organisation behind one address asks far less often than this in an hour.
RESEND_PER_EMAIL_PER_HOUR = 5
RESEND_PER_ADDRESS_PER_HOUR = 60
_PROBLEM_STATUS = {
    ApprovalLinkProblem.INVALID: 404,
    ApprovalLinkProblem.EXPIRED: 410,
    ApprovalLinkProblem.USED: 410,
    ApprovalLinkProblem.HANDLED: 200,
}


def _language() -> str:
    return translation.get_language() or "sv"


def _contact_over_limit(request: HttpRequest) -> bool:
    """The contact person typed in is known even on the anonymous form: one person sending
    from many addresses is limited like one sending through a personal link."""
    email = str(request.POST.get("contact_email", "")).strip().casefold()
    return bool(email) and person_limit_exceeded(person=f"email:{email}", scope="registration")


@require_http_methods(["GET", "POST"])
def registration_form(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_viewer(slug=slug, viewer_is_staff=False)
    is_open = registration_open_at(project=project, now=timezone.now())
    if request.method == "GET" and not is_open:
        return render(request, "registration/closed.html", {"project": project})
    data = request.POST if request.method == "POST" else None
    form = RegistrationForm(data, organisations=organisations_for_registration(project=project))
    formset = participant_formset(project=project, data=data)
    status = 200
    if request.method == "POST":
        if address_limit_exceeded(request=request, scope="registration") or _contact_over_limit(
            request
        ):
            form.add_error(None, TOO_MANY_SUBMISSIONS)
            status = 429
        elif all([form.is_valid(), formset.is_valid()]):
            try:
                registration = registration_submit(
                    project=project,
                    data=form.registration_data(participants=formset.participants()),
                    submission_key=form.cleaned_data["submission_key"],
                    language=_language(),
                )
            except ValidationError as error:
                service_errors_show(error, form=form, formset=formset)
            else:
                request.session[SENT_SESSION_KEY] = registration.pk
                return redirect("registration:sent", slug=project.slug)
        elif formset.is_valid():
            participant_rules_show(project=project, formset=formset)
    return render(
        request,
        "registration/register.html",
        {"project": project, "form": form, "formset": formset, "is_open": is_open},
        status=status,
    )


@require_safe
def registration_sent(request: HttpRequest, slug: str) -> HttpResponse:
    project = project_for_viewer(slug=slug, viewer_is_staff=False)
    registration_id = request.session.get(SENT_SESSION_KEY)
    registration = registration_get(pk=registration_id) if registration_id else None
    if registration is not None and registration.project_id != project.pk:
        registration = None
    return render(
        request, "registration/sent.html", {"project": project, "registration": registration}
    )


def _link_problem(request: HttpRequest, error: ApprovalLinkError) -> HttpResponse:
    registration = error.approval.registration if error.approval else None
    return render(
        request,
        "registration/link_problem.html",
        {"problem": error.problem.value, "registration": registration},
        status=_PROBLEM_STATUS[error.problem],
    )


@never_cache
@require_http_methods(["GET", "POST"])
def approval(request: HttpRequest, approval_id: int, token: str) -> HttpResponse:
    """The manager's page: what they approve, and the two buttons."""
    try:
        link = approval_check(
            approval=approval_request_for_link(approval_id=approval_id, token=token)
        )
    except ApprovalLinkError as error:
        return _link_problem(request, error)
    form = ApprovalDecisionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if person_limit_exceeded(person=f"approval:{link.pk}", scope="approval"):
            form.add_error(None, TOO_MANY_SUBMISSIONS)
            status = 429
        elif form.is_valid():
            try:
                registration = approval_decide(
                    approval=link, approve=form.cleaned_data["decision"] == "approve"
                )
            except ApprovalLinkError as error:
                return _link_problem(request, error)
            return render(
                request, "registration/approval_done.html", {"registration": registration}
            )
    return render(
        request,
        "registration/approval.html",
        {"approval": link, "registration": link.registration, "form": form},
        status=status,
    )


# --- A lost link ----------------------------------------------------------------------------


def _back_project(request: HttpRequest) -> LearningProject | None:
    """The public project the person came from (`?projekt=`), to link back to."""
    slug = request.GET.get("projekt", "")
    if not slug:
        return None
    try:
        return project_for_viewer(slug=slug, viewer_is_staff=False)
    except Http404:
        return None


@require_http_methods(["GET", "POST"])
def resend_link(request: HttpRequest) -> HttpResponse:
    """A person types their e-mail and gets their personal links again.

    The answer is the same whether or not the address is known; only the rate limits, which
    count every address alike, can turn a request away.
    """
    form = ResendLinkForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip()
        hour = 60 * 60
        # Both are counted on every request, whichever is over.
        address_over = address_limit_exceeded(
            request=request,
            scope="resend-link",
            limit=RESEND_PER_ADDRESS_PER_HOUR,
            window_seconds=hour,
        )
        email_over = person_limit_exceeded(
            person=f"email:{email.casefold()}",
            scope="resend-link-email",
            limit=RESEND_PER_EMAIL_PER_HOUR,
            window_seconds=hour,
        )
        if address_over or email_over:
            form.add_error(None, TOO_MANY_RESENDS)
            status = 429
        else:
            personal_links_send_task.enqueue(email=email, language=_language())
            request.session[RESEND_SESSION_KEY] = email
            sent = reverse("registration:resend_link_sent")
            project = _back_project(request)
            return redirect(f"{sent}?projekt={project.slug}" if project else sent)
    return render(
        request,
        "registration/resend_link.html",
        {"form": form, "back_project": _back_project(request)},
        status=status,
    )


@require_safe
def resend_link_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/resend_link.html",
        {
            "sent_to": request.session.get(RESEND_SESSION_KEY, ""),
            "is_sent": True,
            "back_project": _back_project(request),
        },
    )


# --- The contact's personal page -------------------------------------------------------------


def _invalid_manage_link(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/link_problem.html",
        {"problem": ApprovalLinkProblem.INVALID.value, "registration": None, "manage": True},
        status=404,
    )


type _ManageView = Callable[[HttpRequest, OrganisationRegistration, str], HttpResponse]


def _by_manage_link(view: _ManageView) -> Callable[[HttpRequest, str], HttpResponse]:
    """The contact's pages: the registration the link's token names, or a page saying the
    link does not work."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, token: str) -> HttpResponse:
        registration = registration_for_manage_token(token=token)
        if registration is None:
            return _invalid_manage_link(request)
        return view(request, registration, token)

    return wrapped


def _manage_page(
    request: HttpRequest,
    registration: OrganisationRegistration,
    token: str,
    *,
    participants: BaseParticipantFormSet | None = None,
    invoice: InvoiceForm | None = None,
    page_error: str = "",
    status: int = 200,
) -> HttpResponse:
    if participants is None:
        participants = participant_formset(
            project=registration.project,
            initial=[
                {"name": p.name, "email": p.email, "role": p.role}
                for p in registration.participants.all()
                if p.erased_at is None
            ],
        )
    if invoice is None:
        invoice = InvoiceForm(
            initial={
                "organisation_number": registration.organisation_number,
                "invoice_address": registration.invoice_address,
                "invoice_reference": registration.invoice_reference,
                "einvoice_id": registration.einvoice_id,
            }
        )
    context: dict[str, Any] = {
        "registration": registration,
        "project": registration.project,
        "token": token,
        "formset": participants,
        "invoice_form": invoice,
        "page_error": page_error,
    }
    return render(request, "registration/manage.html", context, status=status)


@never_cache
@require_safe
@_by_manage_link
def manage(
    request: HttpRequest, registration: OrganisationRegistration, token: str
) -> HttpResponse:
    return _manage_page(request, registration, token)


def _submission_problem(*, person: str, scope: str) -> tuple[str, int]:
    """Counted per person: colleagues behind one office address must not slow each other."""
    if person_limit_exceeded(person=person, scope=scope):
        return str(TOO_MANY_SUBMISSIONS), 429
    return "", 200


def _manage_save(
    request: HttpRequest,
    registration: OrganisationRegistration,
    token: str,
    *,
    form: forms.BaseForm | BaseParticipantFormSet,
    form_name: str,
    save: Callable[[], object],
    done: str,
) -> HttpResponse:
    """One section of the contact's page: validate, save through the service, and show the
    page again with the section's errors (and the other sections untouched) if anything fails."""
    page_error, status = _submission_problem(person=f"contact:{registration.pk}", scope="manage")
    if not page_error and form.is_valid():
        try:
            save()
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                # A broken rule about what was typed: shown beside it, like a form error.
                if isinstance(form, BaseParticipantFormSet):
                    service_errors_show(error, formset=form)
                else:
                    service_errors_show(error, form=form)
            else:
                page_error, status = " ".join(error.messages), 400
        else:
            messages.success(request, done)
            return redirect("registration:manage", token=token)
    sections: dict[str, Any] = {form_name: form}
    return _manage_page(
        request, registration, token, page_error=page_error, status=status, **sections
    )


@never_cache
@require_POST
@_by_manage_link
def manage_participants(
    request: HttpRequest, registration: OrganisationRegistration, token: str
) -> HttpResponse:
    formset = participant_formset(project=registration.project, data=request.POST)
    return _manage_save(
        request,
        registration,
        token,
        form=formset,
        form_name="participants",
        save=lambda: registration_participants_update(
            registration=registration, participants=formset.participants()
        ),
        done=_("Deltagarna är sparade."),
    )


@never_cache
@require_POST
@_by_manage_link
def manage_invoice(
    request: HttpRequest, registration: OrganisationRegistration, token: str
) -> HttpResponse:
    form = InvoiceForm(request.POST)
    return _manage_save(
        request,
        registration,
        token,
        form=form,
        form_name="invoice",
        save=lambda: registration_invoice_update(
            registration=registration, invoice=form.invoice_data()
        ),
        done=_("Fakturauppgifterna är sparade."),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@_by_manage_link
def manage_withdraw(
    request: HttpRequest, registration: OrganisationRegistration, token: str
) -> HttpResponse:
    """A page of its own that says what withdrawing means (the fee, the deadline) before the
    contact confirms it; a withdrawal cannot be undone here."""
    if not registration.is_active:
        return redirect("registration:manage", token=token)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    page_error, status = "", 200
    if request.method == "POST":
        page_error, status = _submission_problem(
            person=f"contact:{registration.pk}", scope="manage"
        )
        if not page_error and form.is_valid():
            try:
                registration_withdraw(registration=registration)
            except ValidationError as error:
                page_error, status = " ".join(error.messages), 400
            else:
                messages.success(
                    request,
                    _("Anmälan är återtagen. Kansliet har fått veta det."),
                )
                return redirect("registration:manage", token=token)
    return render(
        request,
        "registration/withdraw.html",
        {
            "registration": registration,
            "project": registration.project,
            "token": token,
            "form": form,
            "terms": withdrawal_terms(registration=registration, at=timezone.now()),
            "page_error": page_error,
        },
        status=status,
    )


# --- Step 2: the participant's own page -------------------------------------------------------


def _invalid_participant_link(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/link_problem.html",
        {"problem": ApprovalLinkProblem.INVALID.value, "registration": None},
        status=404,
    )


def _answer_initial(offer: WorkshopOffer) -> dict[str, object]:
    signup = offer.signup
    if signup is None:
        return {}
    return {
        "answer": signup.answer,
        "dietary_needs": signup.dietary_needs,
        "accessibility_needs": signup.accessibility_needs,
        "needs_consent": bool(signup.dietary_needs or signup.accessibility_needs),
    }


def _participant_page(
    request: HttpRequest,
    participant: Participant,
    token: str,
    *,
    bound: WorkshopAnswerForm | None = None,
    page_error: str = "",
    status: int = 200,
) -> HttpResponse:
    offers = workshop_offers(participant=participant, now=timezone.now())
    rows = [
        (
            offer,
            bound
            if bound is not None and bound.workshop.pk == offer.workshop.pk
            else WorkshopAnswerForm(workshop=offer.workshop, initial=_answer_initial(offer)),
        )
        for offer in offers
    ]
    context = {
        "participant": participant,
        "registration": participant.registration,
        "project": participant.registration.project,
        "token": token,
        "rows": rows,
        "page_error": page_error,
        "error_workshop": bound.workshop.number if bound is not None else None,
        "is_confirmed": participant.registration.status
        == OrganisationRegistration.Status.CONFIRMED,
    }
    return render(request, "registration/participant.html", context, status=status)


@never_cache
@require_safe
def participant(request: HttpRequest, token: str) -> HttpResponse:
    person = participant_for_token(token=token)
    if person is None:
        return _invalid_participant_link(request)
    return _participant_page(request, person, token)


@never_cache
@require_POST
def participant_answer(request: HttpRequest, token: str, number: int) -> HttpResponse:
    person = participant_for_token(token=token)
    if person is None:
        return _invalid_participant_link(request)
    workshop = workshop_in_project(project=person.registration.project, number=number)
    if workshop is None:
        return _invalid_participant_link(request)
    form = WorkshopAnswerForm(request.POST, workshop=workshop)
    page_error, status = _submission_problem(person=f"participant:{person.pk}", scope="signup")
    if not page_error and form.is_valid():
        try:
            workshop_signup_answer(
                participant=person, workshop=workshop, answer=form.signup_answer()
            )
        except ValidationError as error:
            page_error, status = " ".join(error.messages), 400
        else:
            messages.success(
                request,
                _("Ditt svar för workshop %(number)d är sparat.") % {"number": workshop.number},
            )
            page = reverse("registration:participant", kwargs={"token": token})
            return redirect(f"{page}#workshop-{number}")
    if not page_error:
        page_error = _("Svaret för workshop %(number)d är inte sparat. Rätta det som står där.") % {
            "number": workshop.number
        }
    return _participant_page(
        request, person, token, bound=form, page_error=page_error, status=status
    )


@never_cache
@require_safe
def participant_workshop_ics(request: HttpRequest, token: str, number: int) -> HttpResponse:
    """The workshop in the participant's calendar, with the meeting link if they join online."""
    person = participant_for_token(token=token)
    workshop = (
        workshop_in_project(project=person.registration.project, number=number) if person else None
    )
    if person is None or workshop is None:
        return _invalid_participant_link(request)
    signup = person.signups.filter(workshop=workshop).first()
    online = signup is not None and signup.answer == WorkshopSignup.Answer.ONLINE
    content = calendar_bytes(
        name=f"{workshop.project.full_title}: Workshop {workshop.number}",
        workshops=[workshop],
        include_online_url=online,
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workshop-{workshop.number}.ics"'
    return response
