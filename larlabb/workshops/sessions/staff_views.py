"""Kansliet's pages for live workshops: creating a session and facilitating it.

Every control is a plain form that posts and comes back to the facilitator's page, so it
works by keyboard and without JavaScript; the services tell every board at once.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from larlabb.core.access import staff_required
from larlabb.workshops.board import selectors as board_selectors
from larlabb.workshops.board import services as board_services
from larlabb.workshops.board.page import board_strings, labelled_frames
from larlabb.workshops.models import Session
from larlabb.workshops.sessions import selectors, services
from larlabb.workshops.sessions.forms import (
    AssignForm,
    GuestsForm,
    MessageForm,
    MoveForm,
    PhaseForm,
    ReportForm,
    SessionCreateForm,
)
from larlabb.workshops.sessions.qr import qr_svg


def _session(pk: int) -> Session:
    session = board_selectors.session_get(pk=pk)
    if session is None:
        raise Http404
    return session


@staff_required
def session_list(request: HttpRequest) -> HttpResponse:
    form = SessionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = services.session_create(
            workshop=form.cleaned_data["workshop"],
            source=form.cleaned_data["source"],
            created_by=request.user if request.user.is_authenticated else None,
            allow_guests=form.cleaned_data["allow_guests"],
        )
        messages.success(
            request,
            _("Passet är skapat. Deltagarna ansluter med koden %(code)s.")
            % {"code": session.join_code},
        )
        return redirect("staff:session_facilitate", pk=session.pk)
    return render(
        request,
        "workshops/staff/session_list.html",
        {"sessions": selectors.sessions_for_staff(), "form": form},
        status=400 if form.errors else 200,
    )


def _page(request: HttpRequest, session: Session, status: int = 200, **forms: Any) -> HttpResponse:
    if request.user.is_authenticated:
        board_services.facilitator_member_ensure(session=session, user=request.user)
    overview = board_selectors.session_overview(session=session)
    join_path = f"{reverse('workshops:join')}?{urlencode({'kod': session.join_code})}"
    join_url = request.build_absolute_uri(join_path)
    context = {
        "session": session,
        "exercise": session.exercise,
        "overview": overview,
        "frames": labelled_frames(overview["frames"]),
        "join_url": join_url,
        "join_qr": qr_svg(
            url=join_url,
            label=_("QR-kod till sidan där man deltar, med koden %(code)s ifylld")
            % {"code": session.join_code},
        ),
        "reporting": overview["session"]["reporting"],
        "phase_form": forms.get("phase_form") or PhaseForm(initial={"minutes": 5}),
        "message_form": forms.get("message_form") or MessageForm(),
        "assign_form": forms.get("assign_form")
        or AssignForm(initial={"group_size": session.exercise.group_size}),
        "move_form": forms.get("move_form") or MoveForm(session=session),
        "strings": board_strings(),
        "config": {"socket": f"/ws/workshops/session/{session.pk}/facilitator/"},
    }
    return render(request, "workshops/staff/facilitate.html", context, status=status)


@staff_required
@require_safe
def session_facilitate(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _session(pk))


@staff_required
@require_safe
def session_groups(request: HttpRequest, pk: int) -> HttpResponse:
    """The groups table alone, for the facilitator's page to refresh after a regrouping."""
    session = _session(pk)
    overview = board_selectors.session_overview(session=session)
    return render(
        request,
        "workshops/staff/facilitate.html#groups",
        {
            "session": session,
            "overview": overview,
            "frames": labelled_frames(overview["frames"]),
            "move_form": MoveForm(session=session),
        },
    )


def _run(request: HttpRequest, action: Callable[[], object], success: str) -> None:
    try:
        action()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, success)


@staff_required
@require_POST
def session_phase(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    form = PhaseForm(request.POST)
    if not form.is_valid():
        return _page(request, session, status=400, phase_form=form)
    minutes: int = form.cleaned_data.get("minutes") or 0
    action = form.cleaned_data["action"]
    next_message = (
        _("Nästa fas har börjat.")
        if board_selectors.session_state(session=session)["next_phase"]
        else _("Det var sista fasen: övningen är avslutad.")
    )
    actions: dict[str, tuple[Callable[[], object], str]] = {
        "start": (lambda: services.phase_start(session=session), _("Övningen har startat.")),
        "pause": (lambda: services.phase_pause(session=session), _("Tiden är pausad.")),
        "resume": (lambda: services.phase_resume(session=session), _("Tiden går igen.")),
        "extend": (
            lambda: services.phase_extend(session=session, minutes=minutes),
            ngettext(
                "Tiden är förlängd med %(minutes)d minut.",
                "Tiden är förlängd med %(minutes)d minuter.",
                minutes,
            )
            % {"minutes": minutes},
        ),
        "next": (lambda: services.phase_next(session=session), next_message),
        "reveal": (lambda: services.phase_reveal(session=session), _("Allas lappar visas nu.")),
    }
    run, message = actions[action]
    _run(request, run, message)
    return redirect("staff:session_facilitate", pk=pk)


@staff_required
@require_POST
def session_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Report-back: start it, step between the groups, end it."""
    session = _session(pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _page(request, session, status=400)
    actions: dict[str, tuple[Callable[[], object], str]] = {
        "start": (
            lambda: services.report_start(session=session),
            _("Redovisningen har börjat. Alla skärmar visar gruppens sammanfattning."),
        ),
        "next": (lambda: services.report_step(session=session, step=1), _("Nästa grupp.")),
        "previous": (
            lambda: services.report_step(session=session, step=-1),
            _("Föregående grupp."),
        ),
        "end": (
            lambda: services.report_end(session=session),
            _("Redovisningen är avslutad. Alla går tillbaka till sin tavla."),
        ),
    }
    run, message = actions[form.cleaned_data["action"]]
    _run(request, run, message)
    return redirect("staff:session_facilitate", pk=pk)


@staff_required
@require_POST
def session_message(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _page(request, session, status=400, message_form=form)
    _run(
        request,
        lambda: services.session_message_send(session=session, text=form.cleaned_data["text"]),
        _("Meddelandet visas nu i alla grupper."),
    )
    return redirect("staff:session_facilitate", pk=pk)


@staff_required
@require_POST
def session_assign(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _page(request, session, status=400, assign_form=form)
    _run(
        request,
        lambda: services.groups_assign(session=session, group_size=form.cleaned_data["group_size"]),
        _("Grupperna är indelade. Alla deltagare går till sin grupps tavla."),
    )
    return redirect("staff:session_facilitate", pk=pk)


@staff_required
@require_POST
def session_place_waiting(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    try:
        placed = services.members_place_waiting(session=session)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d person har fått en grupp.",
                "%(count)d personer har fått grupper.",
                placed,
            )
            % {"count": placed},
        )
    return redirect("staff:session_facilitate", pk=pk)


@staff_required
@require_POST
def session_move(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    form = MoveForm(request.POST, session=session)
    if not form.is_valid():
        return _page(request, session, status=400, move_form=form)
    member = form.cleaned_data["member"]
    group = form.cleaned_data["group"]
    _run(
        request,
        lambda: services.member_move(session=session, member=member, group=group),
        _("%(name)s är flyttad.") % {"name": member.display_name},
    )
    return redirect("staff:session_facilitate", pk=pk)


@staff_required
@require_POST
def session_guests(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    form = GuestsForm(request.POST)
    allow = form.is_valid() and form.cleaned_data["allow"]
    services.session_guests_allow(session=session, allow=allow)
    messages.success(
        request,
        _("Gäster kan nu delta med kod och namn.")
        if allow
        else _("Gäster kan inte längre delta med kod; de som redan deltar är kvar."),
    )
    return redirect("staff:session_facilitate", pk=pk)
