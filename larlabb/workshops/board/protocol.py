"""What a board's browser may send over its socket, checked before anything else runs.

Each message is a small JSON object whose "type" names one of the structs below (a tagged
union); msgspec decodes it straight into that struct and checks every field's type and size,
so anything else is refused with a ProtocolError and never reaches a service. Fields a message
does not define are ignored, as browsers of an older page may still send them.
"""

from typing import Annotated, Final

import msgspec
from django.utils.translation import gettext as _

MAX_MESSAGE_CHARS: Final = 8_000
# Far above a note's 500 characters, so the service, not the protocol, explains the limit.
MAX_TEXT_CHARS: Final = 2_000

# A database id as JavaScript can hold it exactly.
Id = Annotated[int, msgspec.Meta(gt=0, lt=2**53)]
Token = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
# The browser's name for a message it waits to hear back about; empty when it waits for none.
Ref = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_.:-]{0,64}$")]
Text = Annotated[str, msgspec.Meta(max_length=MAX_TEXT_CHARS)]
Colour = Annotated[str, msgspec.Meta(max_length=20)]
# A place among a frame's notes, counted from the first.
Index = Annotated[int, msgspec.Meta(ge=0, lt=2**31)]


class ProtocolError(ValueError):
    pass


class _Message(msgspec.Struct, frozen=True, kw_only=True, tag_field="type"):
    pass


class Sync(_Message, frozen=True, kw_only=True, tag="sync"):
    since: Annotated[int, msgspec.Meta(ge=0)] | None = None


class TimeSync(_Message, frozen=True, kw_only=True, tag="time"):
    t0: float


class NoteCreate(_Message, frozen=True, kw_only=True, tag="note.create"):
    ref: Ref = ""
    client_id: Token
    frame: Id
    text: Text
    colour: Colour


class NoteUpdate(_Message, frozen=True, kw_only=True, tag="note.update"):
    ref: Ref = ""
    note: Id
    text: Text
    version: Id
    colour: Colour


class NoteMove(_Message, frozen=True, kw_only=True, tag="note.move"):
    """Move a note to `frame` (its own, to reorder), before the note `before` or at `index`
    among the frame's other notes; with neither, last."""

    ref: Ref = ""
    note: Id
    frame: Id
    before: Id | None = None
    index: Index | None = None


class NoteDelete(_Message, frozen=True, kw_only=True, tag="note.delete"):
    ref: Ref = ""
    note: Id


class NoteRestore(_Message, frozen=True, kw_only=True, tag="note.restore"):
    ref: Ref = ""
    note: Id


class NoteVote(_Message, frozen=True, kw_only=True, tag="note.vote"):
    ref: Ref = ""
    note: Id
    on: bool


class GoalConflictMark(_Message, frozen=True, kw_only=True, tag="note.goal_conflict"):
    ref: Ref = ""
    note: Id
    on: bool


class LeaderAppoint(_Message, frozen=True, kw_only=True, tag="group.leader"):
    """Make `member` the group's leader; None leaves the group without one."""

    ref: Ref = ""
    member: Id | None = None


class SummaryMark(_Message, frozen=True, kw_only=True, tag="group.summary"):
    ref: Ref = ""
    done: bool


class ReadyMark(_Message, frozen=True, kw_only=True, tag="group.ready"):
    ref: Ref = ""
    ready: bool


class NoteGroupCreate(_Message, frozen=True, kw_only=True, tag="group_create"):
    """`note` dropped on `onto`: the two make a named group (or `note` joins onto's)."""

    ref: Ref = ""
    client_id: Token
    note: Id
    onto: Id
    name: Text = ""


class NoteGroupRename(_Message, frozen=True, kw_only=True, tag="group_rename"):
    ref: Ref = ""
    note_group: Id
    name: Text


class NoteGroupAdd(_Message, frozen=True, kw_only=True, tag="group_add"):
    ref: Ref = ""
    note_group: Id
    note: Id


class NoteGroupRemove(_Message, frozen=True, kw_only=True, tag="group_remove"):
    ref: Ref = ""
    note: Id


class NoteGroupMove(_Message, frozen=True, kw_only=True, tag="group_move"):
    ref: Ref = ""
    note_group: Id
    frame: Id


type Command = (
    Sync
    | TimeSync
    | NoteCreate
    | NoteUpdate
    | NoteMove
    | NoteDelete
    | NoteRestore
    | NoteVote
    | GoalConflictMark
    | LeaderAppoint
    | SummaryMark
    | ReadyMark
    | NoteGroupCreate
    | NoteGroupRename
    | NoteGroupAdd
    | NoteGroupRemove
    | NoteGroupMove
)

_decoder: Final = msgspec.json.Decoder(Command)


class _Reference(msgspec.Struct):
    ref: Ref = ""


_reference_decoder: Final = msgspec.json.Decoder(_Reference)


def _refused(error: msgspec.MsgspecError) -> ProtocolError:
    # msgspec names the field and what was wrong with it ("Expected `int`, got `str` - at
    # `$.frame`"); the browser reads that out after the Swedish sentence.
    return ProtocolError(
        _("Tavlan kunde inte ta emot ändringen (%(reason)s). Ladda om sidan och försök igen.")
        % {"reason": error}
    )


def command_decode(text: str | bytes) -> Command:
    """The command a socket message (JSON text) asks for, or ProtocolError."""
    try:
        return _decoder.decode(text)
    except msgspec.MsgspecError as error:
        raise _refused(error) from error


def command_parse(data: object) -> Command:
    """The command an already decoded JSON value asks for, or ProtocolError."""
    try:
        command: Command = msgspec.convert(data, Command)
    except msgspec.MsgspecError as error:
        raise _refused(error) from error
    return command


def command_ref(text: str | bytes) -> str:
    """The browser's reference of a refused message, if it has a valid one, so the browser can
    give back what the person typed; empty otherwise."""
    try:
        return _reference_decoder.decode(text).ref
    except msgspec.MsgspecError:
        return ""
