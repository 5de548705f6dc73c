"""Participants' pages: joining with a code or a personal link, and waiting for a group."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from larlabb.core.access import HtmxHttpRequest
from larlabb.core.ratelimit import (
    TOO_MANY_SUBMISSIONS,
    address_limit_exceeded,
    person_limit_exceeded,
)
from larlabb.network.selectors import network_current
from larlabb.registration.selectors import participant_for_token
from larlabb.workshops.access import (
    member_secret_remember,
)
from larlabb.workshops.board import selectors as board_selectors
from larlabb.workshops.board.views import request_viewer, session_or_404
from larlabb.workshops.sessions import selectors, services
from larlabb.workshops.sessions.forms import JoinForm, PersonalJoinForm

# How many more joins than PUBLIC_FORM_RATE_LIMIT one address may send: a whole room of
# participants joins at the start of a workshop over the venue's Wi-Fi.
JOIN_ROOM_FACTOR = 5


def _join_url(code: str = "") -> str:
    url = reverse("workshops:join")
    return f"{url}?{urlencode({'kod': code})}" if code else url


@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("kod", "")})
    status = 200
    if request.method == "POST":
        if address_limit_exceeded(
            request=request,
            scope="workshop-join",
            limit=JOIN_ROOM_FACTOR * settings.PUBLIC_FORM_RATE_LIMIT,
        ):
            form.add_error(None, TOO_MANY_SUBMISSIONS)
            status = 429
        elif form.is_valid():
            try:
                member = services.member_join_guest(
                    session=form.cleaned_data["session"],
                    name=form.cleaned_data["name"],
                    organisation_name=form.cleaned_data["organisation"],
                    organisation_kind=form.cleaned_data["kind"],
                )
            except ValidationError as error:
                form.add_error("code", error)
            else:
                member_secret_remember(request.session, member.session_id, member.secret)
                return redirect("workshops:session_home", session_id=member.session_id)
        else:
            status = 400
    organisations = network_current().organisations.values_list("name", flat=True)
    return render(
        request,
        "workshops/join.html",
        {"form": form, "organisations": organisations},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def personal_join(request: HttpRequest, token: str) -> HttpResponse:
    """A registered participant joins with their personal link from the registration: no
    code and no name to type. Joining is a button (POST), so a mail program that opens links
    to check them joins no one."""
    participant = participant_for_token(token=token)
    if participant is None:
        return render(request, "workshops/personal_link_problem.html", status=404)
    sessions = selectors.sessions_for_participant(participant=participant)
    form = PersonalJoinForm(request.POST or None, sessions=sessions)
    status = 200
    if request.method == "POST":
        if person_limit_exceeded(person=f"participant:{participant.pk}", scope="workshop-join"):
            form.add_error(None, TOO_MANY_SUBMISSIONS)
            status = 429
        elif form.is_valid():
            try:
                member = services.member_join_registered(
                    session=form.cleaned_data["session"], participant=participant
                )
            except ValidationError as error:
                form.add_error("session", error)
                status = 400
            else:
                member_secret_remember(request.session, member.session_id, member.secret)
                return redirect("workshops:session_home", session_id=member.session_id)
        else:
            status = 400
    return render(
        request,
        "workshops/personal_join.html",
        {"participant": participant, "sessions": list(sessions), "form": form},
        status=status,
    )


@never_cache
@require_safe
def session_home(request: HttpRequest, session_id: int) -> HttpResponse:
    """Where a participant belongs now: their group's board, or the waiting page."""
    session = session_or_404(session_id)
    viewer = request_viewer(request, session)
    if viewer is None:
        return redirect(_join_url())
    if viewer.is_facilitator:
        return redirect("staff:session_facilitate", pk=session.pk)
    member = board_selectors.member_get(viewer=viewer)
    if member is not None and member.group is not None:
        return redirect("workshops:board", session_id=session.pk, number=member.group.number)
    return redirect("workshops:waiting", session_id=session.pk)


@never_cache
@require_safe
def waiting(request: HtmxHttpRequest, session_id: int) -> HttpResponse:
    session = session_or_404(session_id)
    viewer = request_viewer(request, session)
    if viewer is None:
        return redirect(_join_url())
    member = board_selectors.member_get(viewer=viewer)
    if member is not None and member.group is not None:
        url = reverse("workshops:board", args=[session.pk, member.group.number])
        if request.htmx:
            return HttpResponse(headers={"HX-Redirect": url})
        return HttpResponseRedirect(url)
    template = "workshops/waiting.html#waiting" if request.htmx else "workshops/waiting.html"
    return render(request, template, {"session": session, "member": member})
