"""The documentation read model and its JSON codec as the project wrote them by hand before it
used msgspec: the baseline bench/codecs.py measures the library against."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast


@dataclass(frozen=True)
class NoteDoc:
    id: int
    text: str
    votes: int
    # Empty unless this audience may see who wrote the note.
    author: str
    is_goal_conflict: bool
    created_at: datetime


@dataclass(frozen=True)
class FrameDoc:
    title: str
    kind: str  # workshops.Frame.Kind: question, summary or bonus
    notes: tuple[NoteDoc, ...]


@dataclass(frozen=True)
class PhotoDoc:
    """A photo of a physical board: `name` in the default storage, `url` for a page."""

    name: str
    url: str
    description: str


@dataclass(frozen=True)
class GroupDoc:
    number: int
    # Empty unless this audience may see names.
    leader: str
    summary_done: bool
    frames: tuple[FrameDoc, ...]
    photos: tuple[PhotoDoc, ...]

    @property
    def note_count(self) -> int:
        return sum(len(frame.notes) for frame in self.frames)


@dataclass(frozen=True)
class SessionDoc:
    id: int
    exercise_title: str
    instruction: str  # Markdown
    steps: tuple[str, ...]
    groups: tuple[GroupDoc, ...]


@dataclass(frozen=True)
class AttachmentDoc:
    """A file staff uploaded: `name` in the default storage, `filename` as downloaded."""

    id: int
    title: str
    name: str
    filename: str
    content_type: str
    size: int

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


@dataclass(frozen=True)
class RecordingDoc:
    title: str
    url: str


@dataclass(frozen=True)
class WorkshopDoc:
    number: int
    title: str
    date_text: str
    place: str
    format: str
    agenda_as_run: str  # Markdown
    conclusions: str  # Markdown
    attachments: tuple[AttachmentDoc, ...]
    recordings: tuple[RecordingDoc, ...]
    sessions: tuple[SessionDoc, ...]
    is_public: bool

    @property
    def note_count(self) -> int:
        return sum(group.note_count for session in self.sessions for group in session.groups)

    def notes(self) -> Iterator[NoteDoc]:
        """Every note of every board of the workshop, board by board, frame by frame."""
        for session in self.sessions:
            for group in session.groups:
                for frame in group.frames:
                    yield from frame.notes


@dataclass(frozen=True)
class ProjectDoc:
    slug: str
    title: str
    subtitle: str
    network: str
    intro: str  # Markdown
    workshops: tuple[WorkshopDoc, ...]
    public: bool

    @property
    def full_title(self) -> str:
        return f"{self.title} – {self.subtitle}" if self.subtitle else self.title

    def workshop(self, number: int) -> WorkshopDoc | None:
        return next((w for w in self.workshops if w.number == number), None)


def project_to_json(doc: ProjectDoc) -> dict[str, object]:
    return {
        "slug": doc.slug,
        "title": doc.title,
        "subtitle": doc.subtitle,
        "network": doc.network,
        "intro": doc.intro,
        "public": doc.public,
        "workshops": [
            {
                "number": w.number,
                "title": w.title,
                "date_text": w.date_text,
                "place": w.place,
                "format": w.format,
                "agenda_as_run": w.agenda_as_run,
                "conclusions": w.conclusions,
                "is_public": w.is_public,
                "attachments": [
                    {
                        "id": a.id,
                        "title": a.title,
                        "name": a.name,
                        "filename": a.filename,
                        "content_type": a.content_type,
                        "size": a.size,
                    }
                    for a in w.attachments
                ],
                "recordings": [{"title": r.title, "url": r.url} for r in w.recordings],
                "sessions": [
                    {
                        "id": s.id,
                        "exercise_title": s.exercise_title,
                        "instruction": s.instruction,
                        "steps": list(s.steps),
                        "groups": [
                            {
                                "number": g.number,
                                "leader": g.leader,
                                "summary_done": g.summary_done,
                                "photos": [
                                    {"name": p.name, "url": p.url, "description": p.description}
                                    for p in g.photos
                                ],
                                "frames": [
                                    {
                                        "title": f.title,
                                        "kind": f.kind,
                                        "notes": [
                                            {
                                                "id": n.id,
                                                "text": n.text,
                                                "votes": n.votes,
                                                "author": n.author,
                                                "is_goal_conflict": n.is_goal_conflict,
                                                "created_at": n.created_at.isoformat(),
                                            }
                                            for n in f.notes
                                        ],
                                    }
                                    for f in g.frames
                                ],
                            }
                            for g in s.groups
                        ],
                    }
                    for s in w.sessions
                ],
            }
            for w in doc.workshops
        ],
    }


def _items(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    return cast(list[Mapping[str, Any]], data.get(key) or [])


def project_from_json(data: Mapping[str, Any]) -> ProjectDoc:
    return ProjectDoc(
        slug=str(data["slug"]),
        title=str(data["title"]),
        subtitle=str(data["subtitle"]),
        network=str(data["network"]),
        intro=str(data["intro"]),
        public=bool(data["public"]),
        workshops=tuple(
            WorkshopDoc(
                number=int(w["number"]),
                title=str(w["title"]),
                date_text=str(w["date_text"]),
                place=str(w["place"]),
                format=str(w["format"]),
                agenda_as_run=str(w["agenda_as_run"]),
                conclusions=str(w["conclusions"]),
                is_public=bool(w["is_public"]),
                attachments=tuple(
                    AttachmentDoc(
                        id=int(a["id"]),
                        title=str(a["title"]),
                        name=str(a["name"]),
                        filename=str(a["filename"]),
                        content_type=str(a["content_type"]),
                        size=int(a["size"]),
                    )
                    for a in _items(w, "attachments")
                ),
                recordings=tuple(
                    RecordingDoc(title=str(r["title"]), url=str(r["url"]))
                    for r in _items(w, "recordings")
                ),
                sessions=tuple(
                    SessionDoc(
                        id=int(s["id"]),
                        exercise_title=str(s["exercise_title"]),
                        instruction=str(s["instruction"]),
                        steps=tuple(str(step) for step in s["steps"]),
                        groups=tuple(
                            GroupDoc(
                                number=int(g["number"]),
                                leader=str(g["leader"]),
                                summary_done=bool(g["summary_done"]),
                                photos=tuple(
                                    PhotoDoc(
                                        name=str(p["name"]),
                                        url=str(p["url"]),
                                        description=str(p["description"]),
                                    )
                                    for p in _items(g, "photos")
                                ),
                                frames=tuple(
                                    FrameDoc(
                                        title=str(f["title"]),
                                        kind=str(f["kind"]),
                                        notes=tuple(
                                            NoteDoc(
                                                id=int(n["id"]),
                                                text=str(n["text"]),
                                                votes=int(n["votes"]),
                                                author=str(n["author"]),
                                                is_goal_conflict=bool(n["is_goal_conflict"]),
                                                created_at=datetime.fromisoformat(
                                                    str(n["created_at"])
                                                ),
                                            )
                                            for n in _items(f, "notes")
                                        ),
                                    )
                                    for f in _items(g, "frames")
                                ),
                            )
                            for g in _items(s, "groups")
                        ),
                    )
                    for s in _items(w, "sessions")
                ),
            )
            for w in _items(data, "workshops")
        ),
    )
