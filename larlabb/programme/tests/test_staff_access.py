import re

import pytest
from django.urls import resolve, reverse

from larlabb.programme.models import LearningProject, ProgrammeBlock, Workshop

SEED = "hallbara-livsmiljoer-2024"
pytestmark = pytest.mark.django_db


def _pages() -> list[str]:
    block = ProgrammeBlock.objects.filter(project__slug=SEED).first()
    assert block is not None
    return [
        reverse("staff:dashboard"),
        reverse("staff:project_create"),
        reverse("staff:project_programme", args=[SEED]),
        reverse("staff:project_edit", args=[SEED]),
        reverse("staff:project_people", args=[SEED]),
        reverse("staff:project_budget", args=[SEED]),
        reverse("staff:block_create", args=[SEED]),
        reverse("staff:block_edit", args=[SEED, block.pk]),
        reverse("staff:workshop_create", args=[SEED]),
        reverse("staff:workshop_edit", args=[SEED, 1]),
        reverse("staff:network_texts"),
        reverse("staff:organisation_list"),
        reverse("staff:organisation_create"),
    ]


def _actions() -> list[tuple[str, dict[str, str]]]:
    return [
        (reverse("staff:project_status", args=[SEED]), {"action": "unpublish"}),
        (reverse("staff:workshop_move", args=[SEED, 2]), {"to": "up"}),
        (reverse("staff:workshop_delete", args=[SEED, 1]), {}),
    ]


def test_anonymous_visitors_are_sent_to_the_staff_login(client, demo):
    for url in _pages():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("staff:login")), url


def test_signed_in_people_who_are_not_staff_are_sent_to_the_login(client, demo, django_user_model):
    client.force_login(django_user_model.objects.create_user("deltagare", password="x" * 12))
    for url in _pages():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("staff:login")), url


def test_actions_by_non_staff_change_nothing(client, demo, django_user_model):
    client.force_login(django_user_model.objects.create_user("deltagare", password="x" * 12))
    for url, data in _actions():
        assert client.post(url, data).status_code == 302
    project = LearningProject.objects.get(slug=SEED)
    assert project.is_public
    assert list(project.workshops.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_actions_never_act_on_get(staff_client):
    """A GET is refused, or (deleting) shows the question that asks first; nothing changes."""
    for url, _data in _actions():
        response = staff_client.get(url)
        assert response.status_code == 405 or (
            response.status_code == 200 and "Det går inte att ångra." in response.content.decode()
        ), url
    assert Workshop.objects.filter(project__slug=SEED).count() == 6


def test_every_staff_page_of_projects_and_texts_is_reachable_by_links_from_the_dashboard(
    staff_client,
):
    """Follow GET links from the dashboard; every programme and network page renders."""
    mine = {"programme", "network"}
    seen: set[str] = set()
    queue = [reverse("staff:dashboard")]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = staff_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count("<h1") == 1, url
        for href in re.findall(r'href="(/kansliet/[^"#?]*)"', html):
            match = resolve(href)
            if match.func.__module__.split(".")[1] in mine and href not in seen:
                queue.append(href)
    expected = {url.split("?")[0] for url in _pages()}
    assert expected <= seen
