"""The documentation read model built from the live tables, or read back from the frozen JSON
once the project is archived, for one audience (see the package's docstring)."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, QuerySet

from larlabb.core.formatting import format_time_span
from larlabb.documentation.content.codec import FROZEN_FORMAT, project_from_json, project_to_json
from larlabb.documentation.content.model import (
    AttachmentDoc,
    FrameDoc,
    GroupDoc,
    NoteDoc,
    NoteGroupDoc,
    PhotoDoc,
    ProjectDoc,
    RecordingDoc,
    SessionDoc,
    WorkshopDoc,
)
from larlabb.documentation.models import (
    Attachment,
    ProjectArchive,
    RecordingLink,
    WorkshopDocumentation,
)
from larlabb.programme.models import LearningProject, Workshop
from larlabb.workshops.access import notes_readable
from larlabb.workshops.models import (
    BoardPhoto,
    BreakoutGroup,
    Exercise,
    Frame,
    Note,
    NoteGroup,
    Session,
)


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
        .order_by("position", "created_at", "pk")
        .values_list(
            "group_id",
            "frame_id",
            "pk",
            "text",
            "vote_count",
            "author__display_name",
            "is_goal_conflict",
            "created_at",
            "note_group_id",
        )
    )
    grouped_ids: dict[int, list[int]] = defaultdict(list)
    for row in note_rows:
        notes[(row[0], row[1])].append(row[2:-1])
        if row[-1] is not None:
            grouped_ids[row[-1]].append(row[2])
    note_groups: dict[tuple[int, int], list[NoteGroupDoc]] = defaultdict(list)
    for note_group in NoteGroup.objects.filter(group__session__in=sessions).order_by(
        "created_at", "pk"
    ):
        if grouped_ids[note_group.pk]:
            note_groups[(note_group.group_id, note_group.frame_id)].append(
                NoteGroupDoc(name=note_group.name, notes=tuple(grouped_ids[note_group.pk]))
            )
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
                                note_groups=tuple(note_groups[(group.pk, frame.pk)]),
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


def documented_workshop_numbers(*, project: LearningProject, public: bool) -> list[int]:
    """The numbers of the workshops this audience may see, without reading their boards."""
    frozen = _frozen(project=project, public=public)
    if frozen is not None:
        return [workshop.number for workshop in frozen.workshops]
    workshops = Workshop.objects.filter(project=project)
    if public:
        workshops = workshops.filter(documentation__is_public=True)
    return list(workshops.order_by("number").values_list("number", flat=True))
