"""The group's board page, and who the browser opening a session's pages is."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from larlabb.core.access import is_staff
from larlabb.workshops.access import Viewer, may_view_board, member_secret_get
from larlabb.workshops.board import selectors as board_selectors
from larlabb.workshops.board import services as board_services
from larlabb.workshops.board.page import board_context
from larlabb.workshops.models import Session


def request_viewer(request: HttpRequest, session: Session) -> Viewer | None:
    """Who this browser is in the session: staff facilitate every session, anyone else is the
    member whose secret the browser's session holds."""
    if is_staff(request.user):
        board_services.facilitator_member_ensure(session=session, user=request.user)
    return board_selectors.viewer_for(
        session=session,
        user=request.user,
        member_secret=member_secret_get(request.session, session.pk),
    )


def session_or_404(session_id: int) -> Session:
    session = board_selectors.session_get(pk=session_id)
    if session is None:
        raise Http404
    return session


def _marked_note_ids(request: HttpRequest) -> frozenset[int]:
    """Note ids a synthesis links to (`?markera=12,15`); anything that is not an id is ignored."""
    raw = request.GET.get("markera", "")
    return frozenset(int(part) for part in raw.split(",")[:200] if part.strip().isdigit())


@never_cache
@require_safe
def board(request: HttpRequest, session_id: int, number: int) -> HttpResponse:
    session = session_or_404(session_id)
    viewer = request_viewer(request, session)
    if viewer is None:
        return redirect("workshops:join")
    group = board_selectors.group_for_board(session=session, number=number)
    if group is None or not may_view_board(viewer, group):
        member = board_selectors.member_get(viewer=viewer)
        context: dict[str, Any] = {"session": session, "member": member}
        return render(request, "workshops/not_your_board.html", context, status=403)
    context = board_context(session, group, viewer, marked=_marked_note_ids(request))
    context["outline"] = request.GET.get("visning") == "disposition"
    return render(request, "workshops/board.html", context)
