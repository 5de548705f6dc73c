"""Archiving asks first, staff pages say the documentation is archived and since when, an edit
afterwards says it does not reach the public pages, and the archiving can be undone."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from larlabb.documentation.archive import (
    ARCHIVE_NOT_ENDED,
    EDIT_NOT_PUBLIC,
    archive_bundle_task,
    project_archive_freeze,
)
from larlabb.documentation.content import project_documentation
from larlabb.documentation.models import ProjectArchive, WorkshopDocumentation
from larlabb.documentation.tests.boards import Documented, documented_project
from larlabb.programme.models import LearningProject

pytestmark = pytest.mark.django_db


@pytest.fixture
def documented() -> Documented:
    documented = documented_project()
    documented.project.status = LearningProject.Status.CLOSED
    documented.project.save()
    return documented


@pytest.fixture
def staff(client: Client) -> Client:
    user: User = get_user_model().objects.create_user(
        "kansli", password="x", is_staff=True, first_name="Karin", last_name="Holm"
    )
    client.force_login(user)
    return client


def _url(name: str, documented: Documented) -> str:
    return reverse(f"staff:{name}", args=[documented.project.slug])


def test_the_archive_button_leads_to_a_confirmation_and_archives_nothing_by_itself(
    staff, documented
):
    exports = staff.get(_url("documentation_exports", documented)).content.decode()
    confirm = staff.get(_url("documentation_archive_freeze", documented))

    assert _url("documentation_archive_freeze", documented) in exports
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "Arkivera dokumentationen?" in text
    assert "Ja, arkivera dokumentationen" in text
    assert "går att häva" in text
    assert not ProjectArchive.objects.exists()


def test_confirming_archives_and_every_staff_documentation_page_says_since_when_and_by_whom(
    staff, documented
):
    response = staff.post(_url("documentation_archive_freeze", documented), follow=True)

    assert ProjectArchive.objects.filter(project=documented.project).exists()
    pages = [
        response.content.decode(),
        staff.get(_url("documentation_project", documented)).content.decode(),
        staff.get(
            reverse("staff:documentation_workshop", args=[documented.project.slug, 1])
        ).content.decode(),
    ]
    for page in pages:
        assert "Dokumentationen är arkiverad" in page
        assert "av Karin Holm" in page
        assert _url("documentation_archive_thaw", documented) in page


def test_a_project_not_ended_is_told_why_on_the_confirmation_page(staff, documented):
    documented.project.status = LearningProject.Status.PUBLISHED
    documented.project.save()

    page = staff.get(_url("documentation_archive_freeze", documented)).content.decode()

    assert str(ARCHIVE_NOT_ENDED) in page
    assert "Ja, arkivera" not in page


def test_an_edit_after_archiving_says_it_does_not_reach_the_public_pages(staff, documented):
    staff.post(_url("documentation_archive_freeze", documented))
    url = reverse("staff:documentation_workshop", args=[documented.project.slug, 1])

    response = staff.post(
        url, {"is_public": "on", "agenda_as_run": "Ny agenda", "conclusions": "Nytt"}, follow=True
    )

    page = response.content.decode()
    assert "Dokumentationen är sparad." in page
    assert str(EDIT_NOT_PUBLIC) in page
    public = project_documentation(project=documented.project, public=True)
    assert public.workshops[0].conclusions != "Nytt"


def test_an_edit_without_an_archive_is_simply_saved(staff, documented):
    url = reverse("staff:documentation_workshop", args=[documented.project.slug, 1])

    response = staff.post(
        url, {"is_public": "on", "agenda_as_run": "Ny agenda", "conclusions": "Nytt"}, follow=True
    )

    page = response.content.decode()
    assert "Dokumentationen är sparad." in page
    assert str(EDIT_NOT_PUBLIC) not in page


def test_undoing_the_archiving_asks_first_then_shows_the_edits_made_since(staff, documented):
    staff.post(_url("documentation_archive_freeze", documented))
    WorkshopDocumentation.objects.filter(workshop=documented.public_workshop).update(
        conclusions="Skrivet efter arkiveringen"
    )

    confirm = staff.get(_url("documentation_archive_thaw", documented)).content.decode()
    assert "Ja, häv arkiveringen" in confirm
    assert ProjectArchive.objects.exists()
    staff.post(_url("documentation_archive_thaw", documented))

    assert not ProjectArchive.objects.exists()
    public = project_documentation(project=documented.project, public=True)
    assert public.workshops[0].conclusions == "Skrivet efter arkiveringen"


def test_a_zip_task_for_an_archiving_undone_meanwhile_does_nothing(documented):
    archive_id = project_archive_freeze(project=documented.project, by_user=None).pk
    ProjectArchive.objects.filter(pk=archive_id).delete()

    archive_bundle_task.call(archive_id=archive_id)

    assert not ProjectArchive.objects.exists()
