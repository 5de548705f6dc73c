import re

import pytest
from django.urls import reverse

from larlabb.synthesis import selectors, services
from larlabb.synthesis.models import Synthesis, WorkshopPlan
from larlabb.workshops.models import Exercise, Note

pytestmark = pytest.mark.django_db


def _start(client, kind: str, pk: int, capture):
    with capture(execute=True):
        response = client.post(reverse("staff:synthesis_scope", args=[kind, pk]))
    assert response.status_code == 302
    return Synthesis.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))


def test_the_pages_are_for_staff_only(client, boards):
    for url in (
        reverse("staff:project_syntheses", args=[boards.workshop.project.slug]),
        reverse("staff:synthesis_scope", args=["pass", boards.session.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("staff:login") in response["Location"]


def test_the_project_page_offers_every_scope_and_links_from_the_project_tabs(staff, boards):
    project = boards.workshop.project
    page = staff.get(reverse("staff:project_syntheses", args=[project.slug])).content.decode()
    for kind, pk in (
        ("projekt", project.pk),
        ("workshop", boards.workshop.pk),
        ("pass", boards.session.pk),
        ("grupp", boards.group_1.pk),
        ("grupp", boards.other_group.pk),
    ):
        assert reverse("staff:synthesis_scope", args=[kind, pk]) in page
    assert reverse("staff:synthesis_scope", args=["grupp", boards.other_project_group.pk]) not in (
        page
    )
    programme = staff.get(reverse("staff:project_programme", args=[project.slug]))
    assert reverse("staff:project_syntheses", args=[project.slug]) in programme.content.decode()


def test_the_facilitator_page_links_to_the_sessions_synthesis(staff, boards):
    page = staff.get(reverse("staff:session_facilitate", args=[boards.session.pk]))
    assert reverse("staff:synthesis_scope", args=["pass", boards.session.pk]) in (
        page.content.decode()
    )


def test_an_unknown_scope_is_not_found(staff, boards):
    assert staff.get(reverse("staff:synthesis_scope", args=["tavla", 1])).status_code == 404
    assert staff.get(reverse("staff:synthesis_scope", args=["grupp", 99999])).status_code == 404


def test_starting_shows_the_result_with_every_statement_linked_to_its_notes(
    staff, boards, django_capture_on_commit_callbacks
):
    synthesis = _start(staff, "grupp", boards.group_1.pk, django_capture_on_commit_callbacks)
    page = staff.get(reverse("staff:synthesis_detail", args=[synthesis.pk])).content.decode()
    assert "Utkast att granska" in page
    assert "Godkänn sammanställningen" in page
    for heading in ("Teman", "Bild av temana", "Målkonflikter", "Goda exempel", "Öppna frågor"):
        assert heading in page
    assert "<svg" in page and "<circle" in page
    assert "Bilden som tabell" in page
    board = reverse("workshops:board", args=[boards.session.pk, 1])
    marked = re.findall(rf'href="{re.escape(board)}\?markera=([0-9,]+)"', page)
    assert marked
    group_ids = {str(n.pk) for n in boards.notes(boards.group_1)}
    assert all(set(ids.split(",")) <= group_ids for ids in marked)
    for note in boards.notes(boards.group_2):
        assert note.text not in page


def test_while_running_the_page_polls_and_once_done_the_poll_returns_the_result(
    staff, boards, staff_user
):
    scope = selectors.scope_get(kind="group", pk=boards.group_1.pk)
    assert scope is not None
    synthesis = services.synthesis_record(scope=scope, by_user=staff_user)
    url = reverse("staff:synthesis_detail", args=[synthesis.pk])
    page = staff.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "<progress" in page
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "synthesis-live"}
    poll = staff.get(url, **htmx).content.decode()
    assert poll.lstrip().startswith('<div id="synthesis-live"')
    assert 'hx-trigger="every 1s"' in poll
    services.synthesis_run(synthesis_id=synthesis.pk)
    done = staff.get(url, **htmx).content.decode()
    assert "hx-trigger" not in done
    assert 'id="teman"' in done
    assert 'hx-swap-oob="innerHTML"' in done and "klar" in done


def test_an_edit_is_saved_and_an_empty_one_is_explained_beside_the_field(
    staff, boards, django_capture_on_commit_callbacks
):
    synthesis = _start(staff, "pass", boards.session.pk, django_capture_on_commit_callbacks)
    url = reverse("staff:synthesis_statement_edit", args=[synthesis.pk, "theme-0-label"])
    response = staff.post(url, {"theme-0-label-text": "Mark och bostäder"})
    assert response.status_code == 302
    assert response["Location"].endswith("#theme-0-label")
    page = staff.get(reverse("staff:synthesis_detail", args=[synthesis.pk])).content.decode()
    assert "Mark och bostäder" in page
    assert "Senast ändrad" in page

    long_text = "Åkermark " * 130
    response = staff.post(url, {"theme-0-label-text": long_text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Texten får vara högst 1000 tecken" in html
    assert long_text.strip() in html
    assert 'id="id_theme-0-label-text_error"' in html


def test_remove_and_approve_through_the_pages(staff, boards, django_capture_on_commit_callbacks):
    synthesis = _start(staff, "pass", boards.session.pk, django_capture_on_commit_callbacks)
    result = selectors.synthesis_result(synthesis)
    assert result is not None
    themes = len(result.themes)
    staff.post(reverse("staff:synthesis_statement_remove", args=[synthesis.pk, "theme-0"]))
    synthesis.refresh_from_db()
    after = selectors.synthesis_result(synthesis)
    assert after is not None and len(after.themes) == themes - 1
    response = staff.post(
        reverse("staff:synthesis_statement_remove", args=[synthesis.pk, "theme-999"])
    )
    follow = staff.get(response["Location"]).content.decode()
    assert "Påståendet finns inte längre" in follow
    staff.post(reverse("staff:synthesis_approve", args=[synthesis.pk]))
    synthesis.refresh_from_db()
    assert synthesis.status == Synthesis.Status.APPROVED
    page = staff.get(reverse("staff:synthesis_detail", args=[synthesis.pk])).content.decode()
    assert "Godkänd" in page and "Karin Kansli" in page


def test_planning_suggests_questions_with_their_notes_and_creates_an_exercise(
    staff, boards, django_capture_on_commit_callbacks
):
    project = boards.workshop.project
    with django_capture_on_commit_callbacks() as callbacks:
        response = staff.post(reverse("staff:synthesis_plan_create", args=[project.slug]))
    assert response.status_code == 302
    plan = WorkshopPlan.objects.get()
    waiting = staff.get(reverse("staff:project_syntheses", args=[project.slug])).content.decode()
    assert "Tar fram förslag …" in waiting
    assert 'hx-trigger="every 1s"' in waiting
    for callback in callbacks:
        callback()
    polled = staff.get(
        reverse("staff:project_syntheses", args=[project.slug]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "Förslagen inför nästa workshop är klara." in polled
    page = staff.get(reverse("staff:project_syntheses", args=[project.slug])).content.decode()
    assert 'hx-trigger="every 1s"' not in page
    assert "Frågor att ställa" in page
    assert "Bygger på" in page
    response = staff.post(
        reverse("staff:synthesis_plan_exercise", args=[project.slug, plan.pk]),
        {"workshop": boards.workshop.pk},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.exercise is not None
    assert Exercise.objects.filter(pk=plan.exercise.pk, workshop=boards.workshop).exists()
    page = staff.get(reverse("staff:project_syntheses", args=[project.slug])).content.decode()
    assert "är skapad av förslaget" in page


def test_starting_a_scope_without_notes_explains_why(staff, boards):
    Note.objects.filter(group=boards.group_2).delete()
    response = staff.post(reverse("staff:synthesis_scope", args=["grupp", boards.group_2.pk]))
    assert response.status_code == 400
    assert "Det finns inga lappar att sammanställa här ännu." in response.content.decode()


def test_a_synthesis_nobody_started_is_listed_without_a_name(staff, boards):
    scope = selectors.scope_get(kind="session", pk=boards.session.pk)
    assert scope is not None
    services.synthesis_record(scope=scope, by_user=None)
    for url in (
        reverse("staff:project_syntheses", args=[boards.workshop.project.slug]),
        reverse("staff:synthesis_scope", args=["pass", boards.session.pk]),
    ):
        response = staff.get(url)
        assert response.status_code == 200
        assert "<td>–</td>" in response.content.decode()


@pytest.mark.parametrize(
    ("slug", "says"),
    [
        ("grupp", "En grupps sammanställning visas inte i dokumentationen"),
        ("pass", "Ett pass sammanställning visas inte i dokumentationen"),
        ("workshop", "Den visas på workshopens sida i dokumentationen"),
        ("projekt", "Den visas på sidan ”Hela projektet: den röda tråden”"),
    ],
)
def test_approving_says_truthfully_where_the_synthesis_appears(
    staff, boards, django_capture_on_commit_callbacks, slug, says
):
    pk = {
        "grupp": boards.group_1.pk,
        "pass": boards.session.pk,
        "workshop": boards.workshop.pk,
        "projekt": boards.workshop.project.pk,
    }[slug]
    synthesis = _start(staff, slug, pk, django_capture_on_commit_callbacks)
    response = staff.post(reverse("staff:synthesis_approve", args=[synthesis.pk]), follow=True)
    page = response.content.decode()
    assert says in page
    assert "kan nu visas i dokumentationen" not in page


def test_editing_an_approved_synthesis_says_it_left_the_documentation(
    staff, boards, django_capture_on_commit_callbacks
):
    synthesis = _start(staff, "workshop", boards.workshop.pk, django_capture_on_commit_callbacks)
    staff.post(reverse("staff:synthesis_approve", args=[synthesis.pk]))
    url = reverse("staff:synthesis_statement_edit", args=[synthesis.pk, "theme-0-label"])
    page = staff.post(url, {"theme-0-label-text": "Mark och bostäder"}, follow=True)
    assert "visas inte i dokumentationen förrän den godkänns på nytt" in page.content.decode()
    synthesis.refresh_from_db()
    assert synthesis.status == Synthesis.Status.DRAFT
    staff.post(reverse("staff:synthesis_approve", args=[synthesis.pk]))
    removed = staff.post(
        reverse("staff:synthesis_statement_remove", args=[synthesis.pk, "theme-0"]), follow=True
    )
    assert "visas inte i dokumentationen förrän den godkänns på nytt" in removed.content.decode()
