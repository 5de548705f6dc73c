"""Reads for Kansliet's exercise builder and the exercises to copy, with their queries in place."""

from django.db.models import Prefetch, QuerySet

from larlabb.workshops.models import Exercise, Session


def exercises_for_staff() -> QuerySet[Exercise]:
    """Templates first, then the newest; each with its frames, phases and the sessions that
    run it."""
    return (
        Exercise.objects.select_related("workshop__project", "workshop__block")
        .prefetch_related(
            "frames", "phases", Prefetch("sessions", queryset=Session.objects.order_by("pk"))
        )
        .order_by("-is_template", "-created_at", "-pk")
    )


def exercise_templates() -> QuerySet[Exercise]:
    return Exercise.objects.filter(is_template=True).order_by("title", "pk")


def exercise_for_staff(*, pk: int) -> Exercise | None:
    return (
        Exercise.objects.select_related("workshop__project")
        .prefetch_related("frames", "phases")
        .filter(pk=pk)
        .first()
    )


def exercises_to_copy() -> QuerySet[Exercise]:
    """Templates first, then the exercises run at earlier workshops."""
    return Exercise.objects.select_related("workshop__project", "workshop__block").order_by(
        "-is_template", "-created_at", "pk"
    )
