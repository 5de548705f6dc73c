"""The group leader's page for typing in their group's physical board and adding photos of
it. Staff have the same form on their own page (staff_views.py); the leader's
page opens with the link the group's board gives them, and only for their own group."""

import secrets
from typing import Any, Final

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from larlabb.workshops.access import Viewer, group_lead_check, member_secret_get
from larlabb.workshops.board import selectors as board_selectors
from larlabb.workshops.models import BreakoutGroup, Session
from larlabb.workshops.transcription import selectors
from larlabb.workshops.transcription import services as transcription_services
from larlabb.workshops.transcription.forms import PhotoForm, TranscribeForm

LEADER_ONLY: Final = gettext_lazy(
    "Bara gruppens gruppledare kan skriva in tavlan här. Är det du? Be samtalsledaren utse dig."
)


def transcribe_context(
    session: Session,
    group: BreakoutGroup,
    *,
    viewer: Viewer,
    form: TranscribeForm | None = None,
    photo_form: PhotoForm | None = None,
) -> dict[str, Any]:
    frames = selectors.session_frames(session=session)
    if form is None:
        # A new key per page view: sending the same page twice adds its notes once.
        form = TranscribeForm(initial={"key": secrets.token_hex(16)}, frames=frames)
    return {
        "session": session,
        "group": group,
        "form": form,
        "photo_form": photo_form or PhotoForm(),
        "rows": [
            (entry, form[f"frame_{entry.frame.pk}"])
            for entry in selectors.board_notes_by_frame(group=group, frames=frames, viewer=viewer)
        ],
        "photos": selectors.board_photos(group=group),
    }


def _leader_access(
    request: HttpRequest, session_id: int, number: int
) -> tuple[Session, BreakoutGroup, Viewer | None, str]:
    """The session and group, the viewer and, if they may not type in this board, why."""
    session = board_selectors.session_get(pk=session_id)
    if session is None:
        raise Http404
    group = board_selectors.group_for_board(session=session, number=number)
    if group is None:
        raise Http404
    viewer = board_selectors.viewer_for(
        session=session,
        user=request.user,
        member_secret=member_secret_get(request.session, session.pk),
    )
    if viewer is None:
        return session, group, None, ""
    try:
        group_lead_check(viewer, group)
    except PermissionDenied:
        return session, group, viewer, str(LEADER_ONLY)
    return session, group, viewer, ""


def _page(
    request: HttpRequest,
    session: Session,
    group: BreakoutGroup,
    viewer: Viewer,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    # The leader is a member: while the group writes alone first, the others' notes are
    # theirs alone here as on the board.
    context = transcribe_context(session, group, viewer=viewer, **forms)
    context["notes_action"] = reverse(
        "workshops:leader_transcribe", args=[session.pk, group.number]
    )
    context["photo_action"] = reverse("workshops:leader_photo_add", args=[session.pk, group.number])
    return render(request, "workshops/leader_transcribe.html", context, status=status)


def _refused(request: HttpRequest, session: Session, reason: str) -> HttpResponse:
    return render(
        request,
        "workshops/leader_not_allowed.html",
        {"session": session, "reason": reason},
        status=403,
    )


def leader_transcribe(request: HttpRequest, session_id: int, number: int) -> HttpResponse:
    session, group, viewer, refused = _leader_access(request, session_id, number)
    if viewer is None:
        return redirect("workshops:join")
    if refused:
        return _refused(request, session, refused)
    if request.method != "POST":
        return _page(request, session, group, viewer)
    frames = selectors.session_frames(session=session)
    form = TranscribeForm(request.POST, frames=frames)
    if not form.is_valid():
        return _page(request, session, group, viewer, status=400, form=form)
    added = transcription_services.notes_transcribe(
        group=group, lines_by_frame=form.lines_by_frame(), key=form.cleaned_data["key"]
    )
    messages.success(
        request,
        ngettext("%(count)d lapp är sparad.", "%(count)d lappar är sparade.", added)
        % {"count": added},
    )
    return redirect("workshops:leader_transcribe", session_id=session.pk, number=number)


@require_POST
def leader_photo_add(request: HttpRequest, session_id: int, number: int) -> HttpResponse:
    session, group, viewer, refused = _leader_access(request, session_id, number)
    if viewer is None:
        return redirect("workshops:join")
    if refused:
        return _refused(request, session, refused)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, session, group, viewer, status=400, photo_form=form)
    try:
        transcription_services.board_photo_add(
            group=group,
            image=form.cleaned_data["image"],
            description=form.cleaned_data["description"],
            uploaded_by=request.user if request.user.is_authenticated else None,
        )
    except ValidationError as error:
        # The header looked right but the picture itself cannot be read.
        form.add_error("image", error)
        return _page(request, session, group, viewer, status=400, photo_form=form)
    messages.success(request, _("Fotot är sparat. Kansliet ser det bland gruppens foton."))
    return redirect("workshops:leader_transcribe", session_id=session.pk, number=number)
