"""Reads for syntheses: which scope a URL names, which notes a scope covers, the syntheses
and plans of a scope or project, and a synthesis' stored result.

What the staff page makes of a result (themes, statements, the picture) is in presentation.py.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass

import msgspec
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from larlabb.programme.models import LearningProject, Workshop
from larlabb.synthesis.decisions import DecisionsMade, covered_note_ids, decisions_from_json
from larlabb.synthesis.engine import SynthesisResult
from larlabb.synthesis.models import Synthesis, WorkshopPlan
from larlabb.workshops.access import Viewer, notes_readable
from larlabb.workshops.models import BreakoutGroup, Note, Session

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scope:
    """What a synthesis covers: a group's board, a session, a workshop or a whole project."""

    kind: str
    project: LearningProject
    workshop: Workshop | None = None
    session: Session | None = None
    group: BreakoutGroup | None = None

    @property
    def title(self) -> str:
        if self.group is not None and self.session is not None:
            return _("Grupp %(number)d i passet %(exercise)s (%(code)s)") % {
                "number": self.group.number,
                "exercise": self.session.exercise.title,
                "code": self.session.join_code,
            }
        if self.session is not None:
            return _("Passet %(exercise)s (%(code)s)") % {
                "exercise": self.session.exercise.title,
                "code": self.session.join_code,
            }
        if self.workshop is not None:
            return workshop_label(self.workshop)
        return _("Hela lärprojektet %(title)s") % {"title": self.project.title}

    @property
    def object_id(self) -> int:
        target = self.group or self.session or self.workshop or self.project
        return target.pk


def workshop_label(workshop: Workshop) -> str:
    return _("Workshop %(number)d: %(title)s") % {
        "number": workshop.number,
        "title": workshop.display_title,
    }


def scope_get(*, kind: str, pk: int) -> Scope | None:
    """The scope named in a URL, or None when it does not exist or belongs to no project."""
    kinds = Synthesis.Scope
    if kind == kinds.PROJECT:
        project = LearningProject.objects.filter(pk=pk).first()
        return Scope(kind=kind, project=project) if project else None
    if kind == kinds.WORKSHOP:
        workshop = Workshop.objects.select_related("project", "block").filter(pk=pk).first()
        return Scope(kind=kind, project=workshop.project, workshop=workshop) if workshop else None
    if kind == kinds.SESSION:
        session = (
            Session.objects.select_related(
                "exercise__workshop__project", "exercise__workshop__block"
            )
            .filter(pk=pk, exercise__workshop__isnull=False)
            .first()
        )
        if session is None or session.exercise.workshop is None:
            return None
        workshop = session.exercise.workshop
        return Scope(kind=kind, project=workshop.project, workshop=workshop, session=session)
    if kind == kinds.GROUP:
        group = (
            BreakoutGroup.objects.select_related(
                "session__exercise__workshop__project", "session__exercise__workshop__block"
            )
            .filter(pk=pk, session__exercise__workshop__isnull=False)
            .first()
        )
        if group is None or group.session.exercise.workshop is None:
            return None
        workshop = group.session.exercise.workshop
        return Scope(
            kind=kind,
            project=workshop.project,
            workshop=workshop,
            session=group.session,
            group=group,
        )
    return None


def scope_of(synthesis: Synthesis) -> Scope:
    return Scope(
        kind=synthesis.scope,
        project=synthesis.project,
        workshop=synthesis.workshop,
        session=synthesis.session,
        group=synthesis.group,
    )


def _scope_filter(scope: Scope) -> Q:
    if scope.group is not None:
        return Q(group_id=scope.group.pk)
    if scope.session is not None:
        return Q(group__session_id=scope.session.pk)
    if scope.workshop is not None:
        return Q(group__session__exercise__workshop_id=scope.workshop.pk)
    return Q(group__session__exercise__workshop__project_id=scope.project.pk)


def _viewer_filter(viewer: Viewer | None) -> Q:
    """Staff (no viewer) see every board; a facilitator their session; a member their group."""
    if viewer is None:
        return Q()
    if viewer.is_facilitator:
        return Q(group__session_id=viewer.session_id)
    if viewer.group_id is None:
        return Q(pk__in=[])
    return Q(group_id=viewer.group_id, group__session_id=viewer.session_id)


def notes_for_scope(*, scope: Scope, viewer: Viewer | None = None) -> QuerySet[Note]:
    """The notes a scope covers that `viewer` may see, without deleted ones, with their +1s.
    Without a viewer, notes a group is still writing alone are left out: a synthesis is
    shared, and they are hidden until the facilitator shows them."""
    return (
        Note.objects.filter(
            _scope_filter(scope),
            _viewer_filter(viewer),
            notes_readable(viewer=viewer),
            deleted_at__isnull=True,
        )
        .select_related(
            "frame", "group__session__exercise__workshop__block", "group__session__exercise"
        )
        .annotate(vote_count=Count("votes"))
        .order_by("group__session_id", "group__number", "frame__position", "created_at", "pk")
    )


def synthesis_get(*, pk: int) -> Synthesis | None:
    return (
        Synthesis.objects.select_related(
            "project",
            "workshop__block",
            "session__exercise",
            "group__session__exercise",
            "created_by",
            "approved_by",
            "edited_by",
        )
        .filter(pk=pk)
        .first()
    )


def syntheses_for_scope(*, scope: Scope) -> QuerySet[Synthesis]:
    return Synthesis.objects.filter(
        scope=scope.kind,
        project=scope.project,
        workshop=scope.workshop,
        session=scope.session,
        group=scope.group,
    ).select_related("created_by", "approved_by")


def syntheses_for_project(*, project: LearningProject) -> QuerySet[Synthesis]:
    return Synthesis.objects.filter(project=project).select_related(
        "workshop__block", "session__exercise", "group__session__exercise", "created_by"
    )


def approved_synthesis_for(
    *, workshop: Workshop | None = None, project: LearningProject | None = None
) -> Synthesis | None:
    """The latest approved synthesis of a workshop, or of a whole project; for public pages."""
    approved = Synthesis.objects.filter(status=Synthesis.Status.APPROVED)
    if workshop is not None:
        approved = approved.filter(scope=Synthesis.Scope.WORKSHOP, workshop=workshop)
    elif project is not None:
        approved = approved.filter(scope=Synthesis.Scope.PROJECT, project=project)
    else:
        return None
    return approved.order_by("-approved_at", "-pk").first()


@dataclass(frozen=True)
class ScopeChoice:
    kind: str
    pk: int
    label: str
    depth: int


def scopes_for_project(*, project: LearningProject) -> list[ScopeChoice]:
    """The project, each workshop, each session and each group: what a synthesis can cover."""
    choices = [ScopeChoice(Synthesis.Scope.PROJECT, project.pk, _("Hela lärprojektet"), 0)]
    sessions = (
        Session.objects.filter(exercise__workshop__project=project)
        .select_related("exercise")
        .prefetch_related("groups")
        .order_by("created_at", "pk")
    )
    by_workshop: dict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        if session.exercise.workshop_id is not None:
            by_workshop[session.exercise.workshop_id].append(session)
    for workshop in project.workshops.select_related("block").order_by("number"):
        choices.append(
            ScopeChoice(Synthesis.Scope.WORKSHOP, workshop.pk, workshop_label(workshop), 1)
        )
        for session in by_workshop[workshop.pk]:
            label = _("Passet %(exercise)s (%(code)s)") % {
                "exercise": session.exercise.title,
                "code": session.join_code,
            }
            choices.append(ScopeChoice(Synthesis.Scope.SESSION, session.pk, label, 2))
            for group in session.groups.all():
                group_label = _("Grupp %(number)d") % {"number": group.number}
                choices.append(ScopeChoice(Synthesis.Scope.GROUP, group.pk, group_label, 3))
    return choices


def plans_for_project(*, project: LearningProject) -> QuerySet[WorkshopPlan]:
    return WorkshopPlan.objects.filter(project=project).select_related("created_by", "exercise")


def synthesis_result(synthesis: Synthesis) -> SynthesisResult | None:
    """The stored result; None while there is none, or when it does not fit the result's types
    (then the log says why, and the page shows no result rather than failing)."""
    if not isinstance(synthesis.result, dict):
        return None
    try:
        return SynthesisResult.from_json(synthesis.result)
    except msgspec.ValidationError:
        logger.exception("Synthesis %s has a stored result that does not fit", synthesis.pk)
        return None


def _within_scope(scope: Scope) -> Q:
    """The syntheses whose notes all lie inside `scope`: its own and those of narrower scopes."""
    if scope.group is not None:
        return Q(group_id=scope.group.pk)
    if scope.session is not None:
        return Q(session_id=scope.session.pk)
    if scope.workshop is not None:
        return Q(workshop_id=scope.workshop.pk)
    return Q(project_id=scope.project.pk)


def decisions_for_scope(*, scope: Scope, before: Synthesis | None = None) -> list[DecisionsMade]:
    """Staff's decisions about themes in the finished syntheses inside `scope` (made before
    `before`, when given), oldest synthesis first: what a new synthesis of `scope` carries on."""
    syntheses = (
        Synthesis.objects.filter(
            _within_scope(scope), status__in=[Synthesis.Status.DRAFT, Synthesis.Status.APPROVED]
        )
        .exclude(staff_decisions=[])
        .order_by("created_at", "pk")
    )
    if before is not None:
        syntheses = syntheses.filter(created_at__lte=before.created_at).exclude(pk=before.pk)
    made = []
    for synthesis in syntheses:
        decisions = decisions_from_json(synthesis.staff_decisions)
        result = synthesis_result(synthesis)
        if decisions and result is not None:
            made.append(DecisionsMade(decisions=decisions, covered=covered_note_ids(result)))
    return made
