"""Runs a checked board command for a viewer and says how it went, for the socket to send
back to the writer alone. Everyone else hears of the change through the group's events."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from larlabb.workshops.access import Viewer
from larlabb.workshops.board import services
from larlabb.workshops.board.payloads import note_payload
from larlabb.workshops.board.protocol import (
    Command,
    GoalConflictMark,
    LeaderAppoint,
    NoteCreate,
    NoteDelete,
    NoteGroupAdd,
    NoteGroupCreate,
    NoteGroupMove,
    NoteGroupRemove,
    NoteGroupRename,
    NoteMove,
    NoteRestore,
    NoteUpdate,
    NoteVote,
    ReadyMark,
    SummaryMark,
)
from larlabb.workshops.board.selectors import note_with_details

type Reply = dict[str, Any]


def _note_reply(ref: str, result: services.NoteWrite) -> Reply:
    reply: Reply = {
        "type": "ack",
        "ref": ref,
        "note": result.payload or note_payload(note_with_details(pk=result.note.pk)),
    }
    if result.conflict:
        reply["conflict"] = True
    if result.extra:
        reply["extra"] = [note_payload(note_with_details(pk=note.pk)) for note in result.extra]
    return reply


def _note_group_reply(ref: str, result: services.NoteGroupWrite) -> Reply:
    return {"type": "ack", "ref": ref, "note_group": result.note_group}


def board_command_run(*, viewer: Viewer, group_id: int, command: Command) -> Reply:
    ref = getattr(command, "ref", "")
    try:
        return _run(viewer, group_id, command)
    except ValidationError as error:
        return {
            "type": "error",
            "ref": ref,
            "code": getattr(error, "code", None) or "invalid",
            "message": " ".join(error.messages),
        }
    except PermissionDenied as error:
        return {
            "type": "error",
            "ref": ref,
            "code": "forbidden",
            "message": services.permission_message(error),
        }


def _run(viewer: Viewer, group_id: int, command: Command) -> Reply:
    match command:
        case NoteCreate():
            return _note_reply(
                command.ref,
                services.note_create(
                    viewer=viewer,
                    group_id=group_id,
                    frame_id=command.frame,
                    text=command.text,
                    colour=command.colour,
                    client_id=command.client_id,
                ),
            )
        case NoteUpdate():
            return _note_reply(
                command.ref,
                services.note_update(
                    viewer=viewer,
                    note_id=command.note,
                    text=command.text,
                    version=command.version,
                    colour=command.colour,
                ),
            )
        case NoteMove():
            return _note_reply(
                command.ref,
                services.note_move(
                    viewer=viewer,
                    note_id=command.note,
                    frame_id=command.frame,
                    before=command.before,
                    index=command.index,
                ),
            )
        case NoteDelete():
            return _note_reply(
                command.ref, services.note_delete(viewer=viewer, note_id=command.note)
            )
        case NoteRestore():
            return _note_reply(
                command.ref, services.note_restore(viewer=viewer, note_id=command.note)
            )
        case NoteVote():
            return _note_reply(
                command.ref,
                services.note_vote(viewer=viewer, note_id=command.note, on=command.on),
            )
        case GoalConflictMark():
            return _note_reply(
                command.ref,
                services.note_goal_conflict_mark(
                    viewer=viewer, note_id=command.note, on=command.on
                ),
            )
        case NoteGroupCreate():
            return _note_group_reply(
                command.ref,
                services.note_group_create(
                    viewer=viewer,
                    note_id=command.note,
                    onto_id=command.onto,
                    name=command.name,
                    client_id=command.client_id,
                ),
            )
        case NoteGroupRename():
            return _note_group_reply(
                command.ref,
                services.note_group_rename(
                    viewer=viewer, note_group_id=command.note_group, name=command.name
                ),
            )
        case NoteGroupAdd():
            return _note_group_reply(
                command.ref,
                services.note_group_note_add(
                    viewer=viewer, note_group_id=command.note_group, note_id=command.note
                ),
            )
        case NoteGroupRemove():
            return _note_reply(
                command.ref, services.note_group_note_remove(viewer=viewer, note_id=command.note)
            )
        case NoteGroupMove():
            return _note_group_reply(
                command.ref,
                services.note_group_move(
                    viewer=viewer, note_group_id=command.note_group, frame_id=command.frame
                ),
            )
        case LeaderAppoint():
            services.group_leader_appoint(
                viewer=viewer, group_id=group_id, member_id=command.member
            )
        case SummaryMark():
            services.group_summary_mark(viewer=viewer, group_id=group_id, done=command.done)
        case ReadyMark():
            services.group_ready_mark(viewer=viewer, group_id=group_id, ready=command.ready)
        case _:
            raise ValueError(f"not a board write: {command!r}")
    return {"type": "ack", "ref": getattr(command, "ref", "")}
