"""A synthesis or plan whose worker stopped mid-run is given up, and its page says to start
again."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from larlabb.synthesis import engine, services
from larlabb.synthesis.models import Synthesis, WorkshopPlan
from larlabb.synthesis.selectors import scope_get

pytestmark = pytest.mark.django_db


def _running(boards, *, silent_for: timedelta) -> Synthesis:
    scope = scope_get(kind="group", pk=boards.group_1.pk)
    assert scope is not None
    synthesis = services.synthesis_record(scope=scope, by_user=None)
    Synthesis.objects.filter(pk=synthesis.pk).update(progress_at=timezone.now() - silent_for)
    return synthesis


def test_a_run_silent_for_fifteen_minutes_is_given_up_and_a_recent_one_is_not(boards):
    stalled = _running(boards, silent_for=timedelta(minutes=16))
    recent = _running(boards, silent_for=timedelta(minutes=5))

    assert services.stalled_runs_fail() == 1

    stalled.refresh_from_db()
    recent.refresh_from_db()
    assert stalled.status == Synthesis.Status.FAILED
    assert stalled.error == str(services.STALLED_MESSAGE)
    assert stalled.finished_at is not None
    assert recent.status == Synthesis.Status.RUNNING


def test_a_run_given_up_while_it_worked_stays_given_up_when_it_finishes(boards, monkeypatch):
    synthesis = _running(boards, silent_for=timedelta(0))
    synthesize = engine.synthesize

    def worker_thought_lost(*args, **kwargs):
        services.stalled_runs_fail(now=timezone.now() + timedelta(hours=1))
        return synthesize(*args, **kwargs)

    monkeypatch.setattr(engine, "synthesize", worker_thought_lost)
    services.synthesis_run(synthesis_id=synthesis.pk)

    synthesis.refresh_from_db()
    assert synthesis.status == Synthesis.Status.FAILED
    assert synthesis.result is None


def test_every_step_of_a_run_reports_so_a_working_run_is_never_taken_for_stalled(boards):
    synthesis = _running(boards, silent_for=timedelta(hours=1))
    reported = []
    progress = services._Progress(synthesis.pk)

    def recorded(fraction: float, message: str) -> None:
        reported.append(fraction)
        progress(10 + 30 * fraction, message)

    services.embeddings_ensure(notes=boards.notes(boards.group_1), progress=recorded)

    assert reported and reported[-1] == 1.0
    synthesis.refresh_from_db()
    assert timezone.now() - synthesis.progress_at < services.STALLED_AFTER


def test_the_page_of_a_stalled_run_says_why_and_offers_to_start_again(staff, boards):
    synthesis = _running(boards, silent_for=timedelta(minutes=20))

    page = staff.get(reverse("staff:synthesis_detail", args=[synthesis.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "bakgrundsarbetet slutade svara" in text
    assert "Försök igen" in text
    assert "every 1s" not in text


def test_a_plan_still_running_after_fifteen_minutes_is_given_up_on_the_project_page(staff, boards):
    project = boards.workshop.project
    plan = services.plan_record(project=project, by_user=None)
    WorkshopPlan.objects.filter(pk=plan.pk).update(
        created_at=timezone.now() - timedelta(minutes=16)
    )

    page = staff.get(reverse("staff:project_syntheses", args=[project.slug])).content.decode()

    plan.refresh_from_db()
    assert plan.status == WorkshopPlan.Status.FAILED
    assert "bakgrundsarbetet slutade svara" in page
    assert "Ta fram nya förslag" in page
