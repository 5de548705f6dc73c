"""Kansliet's pages for boards that were on paper or in another tool: a session's groups,
typing in a physical board's notes with photos of it, and importing a board export.

A group leader types in their own group's board on a page of their own (views.py).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from larlabb.core.access import staff_required
from larlabb.core.confirm import irreversible_confirm
from larlabb.workshops.access import Viewer
from larlabb.workshops.board import selectors as board_selectors
from larlabb.workshops.models import BreakoutGroup, Exercise, Frame, Session
from larlabb.workshops.transcription import selectors
from larlabb.workshops.transcription import services as transcription_services
from larlabb.workshops.transcription.board_export import (
    ItemKind,
    ParsedExport,
    Placer,
    board_export_parse,
    notes_place_lexical,
)
from larlabb.workshops.transcription.forms import (
    EXPORT_NO_NOTES,
    SKIP,
    ExportForm,
    PhotoForm,
    ReviewForm,
    TranscribeForm,
)
from larlabb.workshops.transcription.views import transcribe_context

PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def _session(pk: int) -> Session:
    session = board_selectors.session_get(pk=pk)
    if session is None:
        raise Http404
    return session


def _group(session: Session, number: int) -> BreakoutGroup:
    group = selectors.group_for_staff(session=session, number=number)
    if group is None:
        raise Http404
    return group


@staff_required
@require_safe
def session_boards(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    return render(
        request,
        "workshops/staff/session_boards.html",
        {"session": session, "groups": selectors.groups_for_staff(session=session)},
    )


@staff_required
@require_POST
def session_group_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = transcription_services.group_add(session=_session(pk))
    messages.success(request, _("%(group)s är tillagd.") % {"group": group})
    return redirect("staff:group_transcribe", pk=pk, number=group.number)


def _transcribe_page(
    request: HttpRequest,
    session: Session,
    group: BreakoutGroup,
    *,
    form: TranscribeForm | None = None,
    photo_form: PhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    staff = Viewer(session_id=session.pk, member_id=None, group_id=None, is_facilitator=True)
    context = transcribe_context(session, group, viewer=staff, form=form, photo_form=photo_form)
    context["notes_action"] = reverse("staff:group_transcribe", args=[session.pk, group.number])
    context["photo_action"] = reverse("staff:group_photo_add", args=[session.pk, group.number])
    return render(request, "workshops/staff/group_transcribe.html", context, status=status)


@staff_required
def group_transcribe(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    session = _session(pk)
    group = _group(session, number)
    if request.method != "POST":
        return _transcribe_page(request, session, group)
    frames = selectors.session_frames(session=session)
    form = TranscribeForm(request.POST, frames=frames)
    if not form.is_valid():
        return _transcribe_page(request, session, group, form=form, status=400)
    added = transcription_services.notes_transcribe(
        group=group, lines_by_frame=form.lines_by_frame(), key=form.cleaned_data["key"]
    )
    messages.success(
        request,
        ngettext("%(count)d lapp är sparad.", "%(count)d lappar är sparade.", added)
        % {"count": added},
    )
    return redirect("staff:group_transcribe", pk=pk, number=number)


@staff_required
@require_POST
def group_photo_add(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    session = _session(pk)
    group = _group(session, number)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _transcribe_page(request, session, group, photo_form=form, status=400)
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
        return _transcribe_page(request, session, group, photo_form=form, status=400)
    messages.success(request, _("Fotot är sparat."))
    return redirect("staff:group_transcribe", pk=pk, number=number)


@staff_required
@require_safe
def group_photo(request: HttpRequest, pk: int, number: int, photo_id: int) -> FileResponse:
    """A board photo, to staff only: it can show people's handwriting and faces."""
    group = _group(_session(pk), number)
    photo = selectors.board_photo_get(group=group, pk=photo_id)
    if photo is None:
        raise Http404
    extension = (photo.image.name or "").rsplit(".", 1)[-1].lower()
    if extension not in PHOTO_TYPES:
        raise Http404
    response = FileResponse(photo.image.open("rb"), content_type=PHOTO_TYPES[extension])
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def group_photo_delete(request: HttpRequest, pk: int, number: int, photo_id: int) -> HttpResponse:
    group = _group(_session(pk), number)
    photo = selectors.board_photo_get(group=group, pk=photo_id)
    back = reverse("staff:group_transcribe", args=[pk, number])
    if request.method == "GET":
        if photo is None:
            return redirect(back)
        return irreversible_confirm(
            request,
            question=_("Ta bort fotot %(description)s?") % {"description": photo.description},
            context_label=_("Grupp %(number)s") % {"number": number},
            consequences=[_("Fotot tas bort från gruppens tavla och dokumentationen.")],
            button=_("Ta bort fotot"),
            cancel_url=back,
        )
    if photo is not None:
        transcription_services.board_photo_delete(photo=photo)
        messages.success(request, _("Fotot är borttaget."))
    return redirect("staff:group_transcribe", pk=pk, number=number)


def _parse(exercise: Exercise, frames: list[Frame], text: str) -> ParsedExport:
    instruction = "\n".join([exercise.instruction, exercise.steps, exercise.closing_note])
    return board_export_parse(
        text,
        frames=selectors.frame_refs(frames=frames),
        instruction=instruction,
        board_title=exercise.title,
    )


def _review_form(
    data: Any, parsed: ParsedExport, frames: list[Frame], place: Placer, initial: dict[str, Any]
) -> ReviewForm:
    placement = place(selectors.frame_refs(frames=frames), parsed)
    suggested = {index: str(frame_id) for index, frame_id in placement.placed.items()}
    suggested.update({item.index: SKIP for item in parsed.items if item.kind != ItemKind.NOTE})
    items = [item for item in parsed.items if item.kind != ItemKind.FRAME]
    return ReviewForm(data, items=items, frames=frames, suggested=suggested, initial=initial)


def _review_page(
    request: HttpRequest,
    session: Session,
    form: ReviewForm,
    parsed: ParsedExport,
    frames: list[Frame],
    status: int = 200,
) -> HttpResponse:
    rows = [(item, form[f"item_{item.index}"]) for item in form.items]
    choice_of = {item.index: str(form[f"item_{item.index}"].value() or "") for item in form.items}
    unplaced = [row for row in rows if row[0].kind == ItemKind.NOTE and not choice_of[row[0].index]]
    by_frame = [
        (frame, [row for row in rows if choice_of[row[0].index] == str(frame.pk)])
        for frame in frames
    ]
    skipped = [row for row in rows if choice_of[row[0].index] == SKIP]
    return render(
        request,
        "workshops/staff/session_import.html",
        {
            "session": session,
            "step": "review",
            "form": form,
            "unplaced": unplaced,
            "by_frame": by_frame,
            "skipped": skipped,
            "found_frames": [f for f in frames if f.pk in parsed.frame_ids_found],
            "missing_frames": [f for f in frames if f.pk not in parsed.frame_ids_found],
            "note_count": len(parsed.notes),
        },
        status=status,
    )


@staff_required
def session_import(
    request: HttpRequest, pk: int, place: Placer = notes_place_lexical
) -> HttpResponse:
    """Step one takes the export; step two shows where every note goes and saves.

    `place` decides the suggested frames; the URL configuration may pass a smarter one."""
    session = _session(pk)
    groups = BreakoutGroup.objects.filter(session=session).order_by("number")
    frames = selectors.session_frames(session=session)
    exercise = session.exercise
    data = request.POST if request.method == "POST" else None
    if data is not None and data.get("step") == "review" and "back" not in data:
        parsed = _parse(exercise, frames, data.get("text", ""))
        form = _review_form(data, parsed, frames, place, {})
        if form.is_valid():
            group_id = form.cleaned_data["group"]
            key = transcription_services.export_key(form.cleaned_data["text"])
            group = groups.filter(pk=group_id).first() if group_id else None
            if group is None:
                group = transcription_services.export_group_for(session=session, key=key)
            added = transcription_services.notes_import_export(
                group=group, notes=form.chosen(), key=key
            )
            messages.success(
                request,
                ngettext(
                    "%(count)d lapp är importerad till %(group)s.",
                    "%(count)d lappar är importerade till %(group)s.",
                    added,
                )
                % {"count": added, "group": group},
            )
            return redirect("staff:group_transcribe", pk=pk, number=group.number)
        return _review_page(request, session, form, parsed, frames, status=400)
    if data is not None and "back" in data:
        export_form = ExportForm(
            initial={"text": data.get("text", ""), "group": data.get("group") or None},
            groups=groups,
        )
    else:
        export_form = ExportForm(data, request.FILES or None, groups=groups)
    if data is not None and "back" not in data and export_form.is_valid():
        text = export_form.cleaned_data["export"]
        parsed = _parse(exercise, frames, text)
        if parsed.notes:
            group = export_form.cleaned_data["group"]
            form = _review_form(
                None, parsed, frames, place, {"text": text, "group": group.pk if group else None}
            )
            return _review_page(request, session, form, parsed, frames)
        export_form.add_error("text", str(EXPORT_NO_NOTES))
    return render(
        request,
        "workshops/staff/session_import.html",
        {"session": session, "step": "export", "export_form": export_form},
        status=400 if export_form.errors else 200,
    )
