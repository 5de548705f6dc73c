"""The board socket's message check as the project wrote it by hand before it used msgspec: the
baseline bench/codecs.py measures the library against.

Each message is a small JSON object with a "type"; anything else, or any field of the wrong
type or size, is refused with a ProtocolError and never reaches a service.
"""

import re
from dataclasses import dataclass
from typing import Any, Final

MAX_MESSAGE_CHARS: Final = 8_000
# Far above a note's 500 characters, so the service, not the protocol, explains the limit.
MAX_TEXT_CHARS: Final = 2_000
_TOKEN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class ProtocolError(ValueError):
    pass


@dataclass(frozen=True)
class Sync:
    since: int | None


@dataclass(frozen=True)
class TimeSync:
    t0: float


@dataclass(frozen=True)
class NoteCreate:
    ref: str
    client_id: str
    frame: int
    text: str
    colour: str


@dataclass(frozen=True)
class NoteUpdate:
    ref: str
    note: int
    text: str
    version: int
    colour: str


@dataclass(frozen=True)
class NoteMove:
    ref: str
    note: int
    frame: int


@dataclass(frozen=True)
class NoteDelete:
    ref: str
    note: int


@dataclass(frozen=True)
class NoteRestore:
    ref: str
    note: int


@dataclass(frozen=True)
class NoteVote:
    ref: str
    note: int
    on: bool


@dataclass(frozen=True)
class GoalConflictMark:
    ref: str
    note: int
    on: bool


@dataclass(frozen=True)
class LeaderAppoint:
    """Make `member` the group's leader; None leaves the group without one."""

    ref: str
    member: int | None


@dataclass(frozen=True)
class SummaryMark:
    ref: str
    done: bool


@dataclass(frozen=True)
class ReadyMark:
    ref: str
    ready: bool


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
)


def _id(data: dict[str, Any], name: str) -> int:
    value = data.get(name)
    if type(value) is not int or not 0 < value < 2**53:
        raise ProtocolError(f"{name} must be a positive integer")
    return value


def _flag(data: dict[str, Any], name: str) -> bool:
    value = data.get(name)
    if type(value) is not bool:
        raise ProtocolError(f"{name} must be true or false")
    return value


def _token(data: dict[str, Any], name: str, *, required: bool = True) -> str:
    value = data.get(name, None if required else "")
    if value == "" and not required:
        return ""
    if not isinstance(value, str) or not _TOKEN.match(value):
        raise ProtocolError(f"{name} must be a short token")
    return value


def _text(data: dict[str, Any], name: str, *, limit: int = MAX_TEXT_CHARS) -> str:
    value = data.get(name)
    if not isinstance(value, str) or len(value) > limit:
        raise ProtocolError(f"{name} must be text of at most {limit} characters")
    return value


def command_parse(data: object) -> Command:
    """The command a decoded JSON message asks for, or ProtocolError."""
    if not isinstance(data, dict):
        raise ProtocolError("a message must be an object")
    kind = data.get("type")
    match kind:
        case "sync":
            since = data.get("since")
            if since is not None and (type(since) is not int or since < 0):
                raise ProtocolError("since must be a sequence number")
            return Sync(since=since)
        case "time":
            t0 = data.get("t0")
            if not isinstance(t0, int | float) or isinstance(t0, bool):
                raise ProtocolError("t0 must be a number")
            return TimeSync(t0=float(t0))
        case "note.create":
            return NoteCreate(
                ref=_token(data, "ref", required=False),
                client_id=_token(data, "client_id"),
                frame=_id(data, "frame"),
                text=_text(data, "text"),
                colour=_text(data, "colour", limit=20),
            )
        case "note.update":
            return NoteUpdate(
                ref=_token(data, "ref", required=False),
                note=_id(data, "note"),
                text=_text(data, "text"),
                version=_id(data, "version"),
                colour=_text(data, "colour", limit=20),
            )
        case "note.move":
            return NoteMove(
                ref=_token(data, "ref", required=False),
                note=_id(data, "note"),
                frame=_id(data, "frame"),
            )
        case "note.delete":
            return NoteDelete(ref=_token(data, "ref", required=False), note=_id(data, "note"))
        case "note.restore":
            return NoteRestore(ref=_token(data, "ref", required=False), note=_id(data, "note"))
        case "note.vote":
            return NoteVote(
                ref=_token(data, "ref", required=False),
                note=_id(data, "note"),
                on=_flag(data, "on"),
            )
        case "note.goal_conflict":
            return GoalConflictMark(
                ref=_token(data, "ref", required=False),
                note=_id(data, "note"),
                on=_flag(data, "on"),
            )
        case "group.leader":
            return LeaderAppoint(
                ref=_token(data, "ref", required=False),
                member=None if data.get("member") is None else _id(data, "member"),
            )
        case "group.summary":
            return SummaryMark(ref=_token(data, "ref", required=False), done=_flag(data, "done"))
        case "group.ready":
            return ReadyMark(ref=_token(data, "ref", required=False), ready=_flag(data, "ready"))
    raise ProtocolError("unknown message type")
