"""A short hash of everything the documentation shows, for keying exports and cached pages."""

import hashlib

from django.db.models import Count, Max, Q, Sum

from larlabb.documentation.models import (
    Attachment,
    ProjectArchive,
    RecordingLink,
    WorkshopDocumentation,
)
from larlabb.programme.models import LearningProject, Workshop
from larlabb.synthesis.models import Synthesis
from larlabb.workshops.models import (
    BoardPhoto,
    BreakoutGroup,
    Exercise,
    Frame,
    Note,
    NoteVote,
    Session,
)


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
