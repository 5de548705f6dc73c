"""What the board page needs: the frames with their notes from the same payloads the socket
sends, and the page's texts for the script, translated here like every other string."""

import math
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from larlabb.workshops.access import Viewer
from larlabb.workshops.board import selectors
from larlabb.workshops.board.payloads import NoteGroupPayload, NotePayload
from larlabb.workshops.models import NOTE_MAX_LENGTH, BreakoutGroup, Frame, Note, Session
from larlabb.workshops.templatetags.workshops import LONGEST_NOTE, NOTE_SIZES


def frame_label(frame: Frame, question_number: int) -> str:
    if frame.kind == Frame.Kind.SUMMARY:
        return _("Sammanfattning")
    if frame.kind == Frame.Kind.BONUS:
        return _("Bonusfråga")
    return _("Fråga %(number)d") % {"number": question_number}


def frame_columns(note_count: int) -> int:
    """How many post-its a frame sets side by side: a frame grows wider before it grows tall,
    so a board keeps the shape of a whiteboard. board.js counts the same way."""
    return max(2, min(4, math.ceil(note_count / 2)))


def labelled_frames(frames: list[Frame]) -> list[tuple[Frame, str]]:
    labelled: list[tuple[Frame, str]] = []
    questions = 0
    for frame in frames:
        if frame.kind == Frame.Kind.QUESTION:
            questions += 1
        labelled.append((frame, frame_label(frame, questions)))
    return labelled


def board_strings() -> dict[str, str]:
    return {
        "connecting": _("Ansluter …"),
        "marked_one": _("En lapp är markerad från sammanställningen."),
        "marked": _("%(count)s lappar är markerade från sammanställningen."),
        "connected": _("Ansluten. Ändringar syns direkt för alla i gruppen."),
        "offline": _(
            "Ingen anslutning. Det du skriver sparas här och skickas när anslutningen är tillbaka."
        ),
        "queued_one": _("En ändring väntar på att skickas."),
        "queued": _("%(count)s ändringar väntar på att skickas."),
        "forbidden": _("Du har inte längre tillgång till den här tavlan. Ladda om sidan."),
        "saved": _("Lappen är sparad."),
        "updated": _("Ändringen är sparad."),
        "conflict": _("Någon annan ändrade lappen samtidigt. Båda texterna finns kvar."),
        "deleted": _("Lappen är borttagen."),
        "restored": _("Lappen är tillbaka."),
        "moved_to": _("Lappen är flyttad till %(frame)s."),
        "picked_up": _("Lappen är upplockad. Släpp den i en annan ram för att flytta den."),
        "move_cancelled": _("Flytten är avbruten. Lappen ligger kvar."),
        "too_long": _("En lapp får vara högst %(limit)s tecken. Du har skrivit %(length)s."),
        "chars_left": _("%(left)s tecken kvar"),
        "empty": _("Skriv något på lappen först."),
        "phase": _("Fas %(number)s av %(count)s: %(title)s"),
        "phase_changed_one": _("Ny fas: %(title)s. Ni har en minut."),
        "phase_changed": _("Ny fas: %(title)s. Ni har %(minutes)s minuter."),
        "paused": _("Tiden är pausad."),
        "paused_suffix": _("(pausad)"),
        "resumed": _("Tiden går igen."),
        "extended": _("Tiden är förlängd. %(time)s kvar."),
        "time_up": _("Tiden är ute."),
        "minutes_left": _("%(minutes)s minuter kvar."),
        "finished": _("Övningen är avslutad."),
        "not_started": _("Övningen har inte startat ännu."),
        "message": _("Meddelande från samtalsledaren: %(text)s"),
        "moved_group": _("Du är flyttad till grupp %(number)s."),
        "moved_waiting": _("Du väntar på en ny grupp."),
        "online": _("ansluten"),
        "nobody": _("Ingen i gruppen ännu."),
        "not_online": _("inte ansluten"),
        "leader": _("gruppledare"),
        "hidden": _("Skriv själva först. De andras lappar visas när samtalsledaren visar dem."),
        "revealed": _("Allas lappar visas nu."),
        "no_author": _("Gruppen"),
        "you": _("du"),
        "leader_now": _("%(name)s är gruppledare."),
        "leader_took": _("%(leader)s har tagit rollen som gruppledare."),
        "leader_stepped_down": _(
            "%(previous)s har lämnat rollen som gruppledare. Gruppen har ingen gruppledare nu."
        ),
        "leader_appointed": _("Samtalsledaren har utsett %(leader)s till gruppledare."),
        "leader_replaced": _(
            "Samtalsledaren har utsett %(leader)s till gruppledare i stället för %(previous)s."
        ),
        "leader_removed": _("Samtalsledaren har tagit bort %(previous)s som gruppledare."),
        "leader_moved": _("%(previous)s har bytt grupp och är inte längre gruppledare."),
        "leader_change_in": _("Grupp %(number)s: %(text)s"),
        "no_leader_option": _("Ingen gruppledare"),
        "summary_done": _("Sammanfattningen är klar."),
        "summary_open": _("Sammanfattningen är inte klar."),
        "ready": _("Gruppen är redo att redovisa."),
        "not_ready": _("Gruppen är inte redo att redovisa."),
        "no_leader": _("Ingen gruppledare är utsedd ännu."),
        "gone_while_editing": _(
            "Någon har tagit bort lappen medan du skrev. Spara, så blir din text en ny lapp."
        ),
        "saved_as_new": _("Lappen hade tagits bort. Din text är sparad som en ny lapp."),
        "online_count": _("%(online)s av %(total)s anslutna"),
        "goal_conflict": _("Målkonflikt"),
        "goal_conflict_on": _("Lappen är markerad som målkonflikt."),
        "goal_conflict_off": _("Lappen är inte längre markerad som målkonflikt."),
        "report_title": _("Grupp %(number)s redovisar (%(position)s av %(count)s)"),
        "report_now": _("Redovisning: grupp %(number)s redovisar nu."),
        "report_over": _("Redovisningen är slut. Tavlan visas igen."),
        "outline_shown": _("Tavlan visas som disposition."),
        "board_shown": _("Tavlan visas som rutor med lappar."),
        "ready_short": _("Redo att redovisa."),
        "not_ready_short": _("Inte redo att redovisa."),
    }


def _note_groups_by_frame(
    notes: list[NotePayload], note_groups: list[NoteGroupPayload]
) -> dict[int, list[dict[str, Any]]]:
    """Each frame's named groups with their notes, for the outline."""
    by_id = {note["id"]: note for note in notes}
    grouped: dict[int, list[dict[str, Any]]] = {}
    for note_group in note_groups:
        grouped.setdefault(note_group["frame"], []).append(
            {**note_group, "notes": [by_id[pk] for pk in note_group["notes"] if pk in by_id]}
        )
    return grouped


def board_context(
    session: Session, group: BreakoutGroup, viewer: Viewer, *, marked: frozenset[int] = frozenset()
) -> dict[str, Any]:
    state = selectors.board_state(viewer=viewer, group=group)
    # Only notes of this board may be marked: an id from elsewhere says nothing here.
    marked_here = sorted(marked & {note["id"] for note in state["notes"]})
    frames = labelled_frames(selectors.frames_for(session=session))
    notes_by_frame: dict[int, list[Any]] = {frame.pk: [] for frame, _label in frames}
    for note in state["notes"]:
        notes_by_frame.setdefault(note["frame"], []).append(note)
    note_groups_by_frame = _note_groups_by_frame(state["notes"], state["note_groups"])
    return {
        "session": session,
        "exercise": session.exercise,
        "group": group,
        "viewer": viewer,
        "member": selectors.member_get(viewer=viewer),
        "frames": [
            {
                "frame": frame,
                "label": label,
                "notes": notes_by_frame[frame.pk],
                "note_groups": note_groups_by_frame.get(frame.pk, []),
                "ungrouped": [note for note in notes_by_frame[frame.pk] if not note["note_group"]],
                "form_id": f"new-{frame.pk}",
                "columns": frame_columns(len(notes_by_frame[frame.pk])),
            }
            for frame, label in frames
        ],
        "frame_choices": [(frame.pk, frame.title) for frame, _label in frames],
        "colours": Note.Colour.choices,
        "state": state,
        "group_state": state["group_state"],
        "session_state": state["session"],
        "note_max_length": NOTE_MAX_LENGTH,
        "marked": marked_here,
        "strings": board_strings(),
        "config": {
            "group": group.pk,
            "number": group.number,
            "session": session.pk,
            "member": viewer.member_id,
            "name": selectors.member_name(member_id=viewer.member_id),
            "facilitator": viewer.is_facilitator,
            "socket": f"/ws/workshops/board/{group.pk}/",
            "home": reverse("workshops:session_home", args=[session.pk]),
            "max_length": NOTE_MAX_LENGTH,
            "marked": marked_here,
            "colours": dict(Note.Colour.choices),
            "frames": {str(frame.pk): frame.title for frame, _label in frames},
            "note_sizes": [*NOTE_SIZES, [None, LONGEST_NOTE]],
        },
    }
