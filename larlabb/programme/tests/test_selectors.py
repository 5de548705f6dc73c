from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404

from larlabb.network.models import Network
from larlabb.programme import services
from larlabb.programme.models import LearningProject, Workshop
from larlabb.programme.selectors import (
    programme_sections,
    project_content_version,
    project_for_viewer,
    project_span,
    projects_for_public,
    registration_is_open,
    workshop_in_project,
)

SEED = "hallbara-livsmiljoer-2024"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db


def _draft_copy(network: Network) -> LearningProject:
    return LearningProject.objects.create(
        network=network,
        slug="utkast",
        title="Ett utkast",
        registration_deadline=date(2030, 1, 1),
        status=LearningProject.Status.DRAFT,
    )


def test_public_list_holds_published_and_closed_projects_but_never_drafts(demo):
    _draft_copy(demo)
    statuses = {p.status for p in projects_for_public(network=demo)}
    slugs = {p.slug for p in projects_for_public(network=demo)}
    assert statuses == {LearningProject.Status.PUBLISHED, LearningProject.Status.CLOSED}
    assert {SEED, "larlabb-hallbar-utveckling"} <= slugs
    assert "utkast" not in slugs


def test_public_list_lists_open_projects_before_closed_ones(demo):
    statuses = [p.status for p in projects_for_public(network=demo)]
    assert statuses == sorted(statuses, key=lambda s: s != LearningProject.Status.PUBLISHED)


def test_a_draft_is_hidden_from_visitors_and_shown_to_staff(demo):
    _draft_copy(demo)
    with pytest.raises(Http404):
        project_for_viewer(slug="utkast", viewer_is_staff=False)
    assert project_for_viewer(slug="utkast", viewer_is_staff=True).title == "Ett utkast"


def test_closed_projects_stay_readable_by_visitors(demo):
    project = project_for_viewer(slug=SEED, viewer_is_staff=False)
    assert project.status == LearningProject.Status.CLOSED


def test_unknown_project_is_not_found_even_for_staff(demo):
    with pytest.raises(Http404):
        project_for_viewer(slug="finns-inte", viewer_is_staff=True)


def test_unknown_workshop_number_is_not_found(demo):
    project = project_for_viewer(slug=SEED, viewer_is_staff=False)
    assert workshop_in_project(project=project, number=6).number == 6
    with pytest.raises(Http404):
        workshop_in_project(project=project, number=7)


def test_workshops_3_to_5_share_one_programme_section(demo):
    project = project_for_viewer(slug=SEED, viewer_is_staff=False)
    sections = programme_sections(project=project)
    assert [s.numbers_label for s in sections] == ["1", "2", "3–5", "6"]
    assert sections[2].block.title == "Aktuella målkonflikter, metoder och dialog"


def test_a_block_shared_by_workshops_that_are_not_neighbours_lists_their_numbers(demo):
    project = LearningProject.objects.get(slug=SEED)
    first = project.workshops.get(number=1)
    Workshop.objects.filter(project=project, number=3).update(block=first.block)
    sections = programme_sections(project=project_for_viewer(slug=SEED, viewer_is_staff=False))
    assert sections[0].numbers_label == "1, 3"


def test_project_span_runs_from_the_first_start_to_the_last_end(demo):
    project = project_for_viewer(slug=SEED, viewer_is_staff=False)
    assert project_span(project=project) == (
        datetime(2024, 8, 27, 9, 0, tzinfo=STOCKHOLM),
        datetime(2025, 1, 23, 13, 0, tzinfo=STOCKHOLM),
    )


def test_registration_is_open_through_the_deadline_day_only(demo):
    project = LearningProject.objects.get(slug=SEED)
    project.status = LearningProject.Status.PUBLISHED
    assert registration_is_open(project=project, today=date(2024, 8, 14))
    assert not registration_is_open(project=project, today=date(2024, 8, 15))


def test_registration_is_closed_for_closed_and_draft_projects(demo):
    project = LearningProject.objects.get(slug=SEED)
    for status in (LearningProject.Status.CLOSED, LearningProject.Status.DRAFT):
        project.status = status
        assert not registration_is_open(project=project, today=date(2024, 8, 1))


def test_content_version_moves_when_a_workshop_changes(demo):
    def version() -> str:
        project = project_for_viewer(slug=SEED, viewer_is_staff=True)
        return project_content_version(project=project, registration_open=False)

    before = version()
    workshop = Workshop.objects.get(project__slug=SEED, number=2)
    services.workshop_update(workshop=workshop, fields={"city": "Göteborg"}, changed_by=None)
    assert version() != before
