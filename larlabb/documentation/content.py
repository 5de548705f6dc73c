"""The one read model of a project's documentation: the public pages and every export render
from these frozen dataclasses, so a page and a PDF cannot show different things.

Two audiences: `public=True` holds only what staff made public (public workshops, their public
attachments and recordings, no hidden sessions' boards, no names unless staff allowed them);
`public=False` is everything, for staff. Once a project is archived its content is read back
from the frozen JSON in ProjectArchive, so the addresses and the text stay as they were.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, cast

from django.db.models import Count, Max, Q, QuerySet, Sum

from larlabb.core.formatting import format_time_span
from larlabb.documentation.models import (
    Attachment,
    ProjectArchive,
    RecordingLink,
    WorkshopDocumentation,
)
from larlabb.programme.models import LearningProject, Workshop
from larlabb.synthesis.models import Synthesis
from larlabb.workshops.access import notes_readable
from larlabb.workshops.models import (
    BoardPhoto,
    BreakoutGroup,
    Exercise,
    Frame,
    Note,
    NoteVote,
    Session,
)

# Raised when the shape of the frozen JSON changes, so archives written before can be told apart.
FROZEN_FORMAT: Final = 1


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


# --- Reading the live tables ------------------------------------------------------------------


def project_documentation(*, project: LearningProject, public: bool) -> ProjectDoc:
    """The project's documentation for one audience; frozen once the project is archived."""
    frozen = _frozen(project=project, public=public)
    if frozen is not None:
        return frozen
    workshops = Workshop.objects.filter(project=project)
    return _project_doc(project, _workshop_docs(workshops, public=public), public=public)


def workshop_documentation(*, workshop: Workshop, public: bool) -> WorkshopDoc | None:
    """One workshop's documentation; None when the audience may not see it (not public)."""
    frozen = _frozen(project=workshop.project, public=public)
    if frozen is not None:
        return frozen.workshop(workshop.number)
    docs = _workshop_docs(Workshop.objects.filter(pk=workshop.pk), public=public)
    return docs[0] if docs else None


def workshop_project_documentation(*, workshop: Workshop, public: bool) -> ProjectDoc:
    """The project around one workshop's documentation: what a single-workshop export holds."""
    doc = workshop_documentation(workshop=workshop, public=public)
    project = workshop.project
    frozen = _frozen(project=project, public=public)
    if frozen is not None:
        return ProjectDoc(
            slug=frozen.slug,
            title=frozen.title,
            subtitle=frozen.subtitle,
            network=frozen.network,
            intro=frozen.intro,
            workshops=(doc,) if doc else (),
            public=public,
        )
    return _project_doc(project, [doc] if doc else [], public=public)


def _project_doc(
    project: LearningProject, workshops: Iterable[WorkshopDoc], *, public: bool
) -> ProjectDoc:
    return ProjectDoc(
        slug=project.slug,
        title=project.title,
        subtitle=project.subtitle,
        network=project.network.name,
        intro=project.lead,
        workshops=tuple(workshops),
        public=public,
    )


def _workshop_docs(workshops: QuerySet[Workshop], *, public: bool) -> list[WorkshopDoc]:
    """Every workshop of the queryset with its boards, in a fixed number of queries."""
    queryset = workshops.select_related("block", "documentation").order_by("number")
    if public:
        queryset = queryset.filter(documentation__is_public=True)
    rows: list[Workshop] = list(queryset)
    if not rows:
        return []
    ids = [w.pk for w in rows]
    attachments = Attachment.objects.filter(workshop_id__in=ids)
    recordings = RecordingLink.objects.filter(workshop_id__in=ids)
    sessions = Session.objects.filter(exercise__workshop_id__in=ids, groups__isnull=False)
    if public:
        attachments = attachments.filter(is_public=True)
        recordings = recordings.filter(is_public=True)
        hidden = WorkshopDocumentation.hidden_sessions.through.objects.filter(
            workshopdocumentation__workshop_id__in=ids
        ).values("session_id")
        sessions = sessions.exclude(pk__in=hidden)
    by_workshop_attachments: dict[int, list[AttachmentDoc]] = defaultdict(list)
    for attachment in attachments.order_by("position", "pk"):
        by_workshop_attachments[attachment.workshop_id].append(
            AttachmentDoc(
                id=attachment.pk,
                title=attachment.title,
                name=attachment.file.name or "",
                filename=(attachment.file.name or "").rsplit("/", 1)[-1],
                content_type=attachment.content_type,
                size=attachment.size,
            )
        )
    by_workshop_recordings: dict[int, list[RecordingDoc]] = defaultdict(list)
    for recording in recordings.order_by("position", "pk"):
        by_workshop_recordings[recording.workshop_id].append(
            RecordingDoc(title=recording.title, url=recording.url)
        )
    session_docs = _session_docs(
        list(sessions.distinct().select_related("exercise").order_by("created_at", "pk")),
        names_for={w.pk: not public or _shows_authors(w) for w in rows},
    )
    return [
        WorkshopDoc(
            number=workshop.number,
            title=workshop.display_title,
            date_text=format_time_span(
                workshop.starts_at, workshop.ends_at, lunch_to_lunch=workshop.lunch_to_lunch
            ),
            place=workshop.place,
            format=str(workshop.get_format_display()),
            agenda_as_run=doc.agenda_as_run if (doc := _documentation(workshop)) else "",
            conclusions=doc.conclusions if doc else "",
            attachments=tuple(by_workshop_attachments[workshop.pk]),
            recordings=tuple(by_workshop_recordings[workshop.pk]),
            sessions=tuple(session_docs[workshop.pk]),
            is_public=bool(doc and doc.is_public),
        )
        for workshop in rows
    ]


def _documentation(workshop: Workshop) -> WorkshopDocumentation | None:
    # A missing one-to-one row raises a subclass of AttributeError, so getattr's default works.
    doc: WorkshopDocumentation | None = getattr(workshop, "documentation", None)
    return doc


def _shows_authors(workshop: Workshop) -> bool:
    doc = _documentation(workshop)
    return bool(doc and doc.show_authors)


def _session_docs(
    sessions: list[Session], *, names_for: Mapping[int, bool]
) -> dict[int, list[SessionDoc]]:
    """The sessions' boards grouped by workshop: frames in board order, notes as written."""
    exercise_ids = {session.exercise_id for session in sessions}
    frames: dict[int, list[Frame]] = defaultdict(list)
    for frame in Frame.objects.filter(exercise_id__in=exercise_ids).order_by("position", "pk"):
        frames[frame.exercise_id].append(frame)
    groups: dict[int, list[BreakoutGroup]] = defaultdict(list)
    group_rows = (
        BreakoutGroup.objects.filter(session__in=sessions)
        .select_related("leader")
        .order_by("number", "pk")
    )
    for group in group_rows:
        groups[group.session_id].append(group)
    notes: dict[tuple[int, int], list[tuple[Any, ...]]] = defaultdict(list)
    note_rows = (
        Note.objects.filter(
            notes_readable(viewer=None), group__session__in=sessions, deleted_at__isnull=True
        )
        .annotate(vote_count=Count("votes"))
        .order_by("created_at", "pk")
        .values_list(
            "group_id",
            "frame_id",
            "pk",
            "text",
            "vote_count",
            "author__display_name",
            "is_goal_conflict",
            "created_at",
        )
    )
    for row in note_rows:
        notes[(row[0], row[1])].append(row[2:])
    photos: dict[int, list[PhotoDoc]] = defaultdict(list)
    for photo in BoardPhoto.objects.filter(group__session__in=sessions).order_by(
        "uploaded_at", "pk"
    ):
        photos[photo.group_id].append(
            PhotoDoc(
                name=photo.image.name or "", url=photo.image.url, description=photo.description
            )
        )
    result: dict[int, list[SessionDoc]] = defaultdict(list)
    for session in sessions:
        exercise: Exercise = session.exercise
        assert exercise.workshop_id is not None  # filtered on the exercise's workshop
        names = names_for[exercise.workshop_id]
        result[exercise.workshop_id].append(
            SessionDoc(
                id=session.pk,
                exercise_title=exercise.title,
                instruction=exercise.instruction,
                steps=tuple(exercise.step_list),
                groups=tuple(
                    GroupDoc(
                        number=group.number,
                        leader=group.leader.display_name if names and group.leader else "",
                        summary_done=group.summary_done,
                        frames=tuple(
                            FrameDoc(
                                title=frame.title,
                                kind=frame.kind,
                                notes=tuple(
                                    NoteDoc(
                                        id=note_id,
                                        text=text,
                                        votes=votes,
                                        author=(author or "") if names else "",
                                        is_goal_conflict=conflict,
                                        created_at=created_at,
                                    )
                                    for note_id, text, votes, author, conflict, created_at in notes[
                                        (group.pk, frame.pk)
                                    ]
                                ),
                            )
                            for frame in frames[exercise.pk]
                        ),
                        photos=tuple(photos[group.pk]),
                    )
                    for group in groups[session.pk]
                ),
            )
        )
    return result


# --- Version -------------------------------------------------------------------------------


def documentation_version(*, project: LearningProject) -> str:
    """A short hash that changes whenever anything the documentation shows changes.

    Exports and cached pages are keyed by it. Large tables (notes, votes) are summarised by
    counts, sums and latest times; the small ones (documentation, files, links, exercises) are
    hashed row by row, because their rows carry no time of change.
    """
    archived = ProjectArchive.objects.filter(project=project).values_list("frozen_at", flat=True)
    frozen_at = archived.first()
    if frozen_at is not None:
        return "a" + hashlib.sha256(frozen_at.isoformat().encode()).hexdigest()[:15]
    workshops = Workshop.objects.filter(project=project)
    sessions = Session.objects.filter(exercise__workshop__project=project)
    parts: list[object] = [
        project.pk,
        project.updated_at,
        list(workshops.order_by("pk").values_list("pk", "updated_at")),
        list(
            WorkshopDocumentation.objects.filter(workshop__project=project)
            .order_by("pk")
            .values_list("pk", "updated_at", "is_public", "show_authors")
        ),
        list(
            WorkshopDocumentation.hidden_sessions.through.objects.filter(
                workshopdocumentation__workshop__project=project
            )
            .order_by("pk")
            .values_list("pk", "session_id")
        ),
        list(
            Attachment.objects.filter(workshop__project=project)
            .order_by("pk")
            .values_list("pk", "title", "file", "size", "is_public", "position")
        ),
        list(
            RecordingLink.objects.filter(workshop__project=project)
            .order_by("pk")
            .values_list("pk", "title", "url", "is_public", "position")
        ),
        list(
            Exercise.objects.filter(workshop__project=project)
            .order_by("pk")
            .values_list("pk", "title", "instruction", "steps")
        ),
        list(
            Frame.objects.filter(exercise__workshop__project=project)
            .order_by("pk")
            .values_list("pk", "title", "kind", "position")
        ),
        list(
            BreakoutGroup.objects.filter(session__in=sessions)
            .order_by("pk")
            .values_list("pk", "number", "leader_id", "summary_done", "sequence")
        ),
        # Notes written alone first appear once the facilitator shows them.
        list(
            sessions.order_by("pk").values_list(
                "pk", "current_phase__hides_others", "notes_revealed"
            )
        ),
        Note.objects.filter(group__session__in=sessions).aggregate(
            count=Count("pk"),
            live=Count("pk", filter=Q(deleted_at__isnull=True)),
            versions=Sum("version"),
            changed=Max("updated_at"),
            deleted=Max("deleted_at"),
        ),
        NoteVote.objects.filter(note__group__session__in=sessions).aggregate(
            count=Count("pk"), ids=Sum("pk"), last=Max("pk")
        ),
        list(
            BoardPhoto.objects.filter(group__session__in=sessions)
            .order_by("pk")
            .values_list("pk", "image", "description")
        ),
        # The exports show the approved syntheses: approving, editing or withdrawing one counts.
        list(
            Synthesis.objects.filter(project=project, status=Synthesis.Status.APPROVED)
            .order_by("pk")
            .values_list("pk", "approved_at", "edited_at")
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


# --- Frozen JSON ------------------------------------------------------------------------------


def frozen_content(*, project: LearningProject) -> dict[str, object]:
    """Both audiences' documentation as JSON, for ProjectArchive.content."""
    return {
        "format": FROZEN_FORMAT,
        "public": project_to_json(project_documentation(project=project, public=True)),
        "staff": project_to_json(project_documentation(project=project, public=False)),
    }


def _frozen(*, project: LearningProject, public: bool) -> ProjectDoc | None:
    content = (
        ProjectArchive.objects.filter(project=project).values_list("content", flat=True).first()
    )
    if not isinstance(content, dict):
        return None
    return project_from_json(content["public" if public else "staff"])


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


def documented_workshop_numbers(*, project: LearningProject, public: bool) -> list[int]:
    """The numbers of the workshops this audience may see, without reading their boards."""
    frozen = _frozen(project=project, public=public)
    if frozen is not None:
        return [workshop.number for workshop in frozen.workshops]
    workshops = Workshop.objects.filter(project=project)
    if public:
        workshops = workshops.filter(documentation__is_public=True)
    return list(workshops.order_by("number").values_list("number", flat=True))
