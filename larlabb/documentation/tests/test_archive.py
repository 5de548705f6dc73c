import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from larlabb.documentation.archive import ARCHIVE_NOT_ENDED, project_archive_freeze
from larlabb.documentation.content import documentation_version, project_documentation
from larlabb.documentation.models import ProjectArchive
from larlabb.documentation.tests.boards import (
    HIDDEN_NOTE,
    PUBLIC_NOTES,
    Documented,
    documented_project,
)
from larlabb.programme.models import LearningProject
from larlabb.workshops.models import Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def documented() -> Documented:
    documented = documented_project()
    documented.project.status = LearningProject.Status.CLOSED
    documented.project.save()
    return documented


@pytest.fixture
def staff() -> User:
    return get_user_model().objects.create_user("kansli", password="x", is_staff=True)


def test_freezing_keeps_the_content_and_its_version_whatever_changes_later(documented, staff):
    before_public = project_documentation(project=documented.project, public=True)
    before_staff = project_documentation(project=documented.project, public=False)

    project_archive_freeze(project=documented.project, by_user=staff)
    version = documentation_version(project=documented.project)
    Note.objects.filter(pk=documented.notes[0].pk).update(text="Ändrad efteråt", version=9)

    assert project_documentation(project=documented.project, public=True) == before_public
    assert project_documentation(project=documented.project, public=False) == before_staff
    assert documentation_version(project=documented.project) == version


def test_the_archive_zip_holds_every_format_the_attachments_and_the_content(documented, staff):
    archive = project_archive_freeze(project=documented.project, by_user=staff)
    archive.refresh_from_db()
    bundle = zipfile.ZipFile(io.BytesIO(archive.bundle.read()))
    names = set(bundle.namelist())
    stem = f"{documented.project.slug}-dokumentation"

    assert {f"{stem}.pdf", f"{stem}.docx", f"{stem}.csv", "markdown/index.md"} <= names
    assert "markdown/workshop-01.md" in names
    assert len([n for n in names if n.startswith("bilagor/")]) == 2
    content = json.loads(bundle.read("innehall.json"))
    assert content["staff"]["workshops"][0]["number"] == 1
    assert HIDDEN_NOTE in bundle.read(f"{stem}.csv").decode("utf-8-sig")


def test_a_project_that_has_not_ended_cannot_be_archived(documented, staff):
    documented.project.status = LearningProject.Status.PUBLISHED
    documented.project.save()

    with pytest.raises(ValidationError) as error:
        project_archive_freeze(project=documented.project, by_user=staff)
    assert error.value.messages == [str(ARCHIVE_NOT_ENDED)]
    assert not ProjectArchive.objects.exists()


def test_staff_archive_from_the_export_page_and_download_the_zip(client: Client, documented, staff):
    client.force_login(staff)
    slug = documented.project.slug

    response = client.post(reverse("staff:documentation_archive_freeze", args=[slug]))
    assert response.status_code == 302
    page = client.get(reverse("staff:documentation_exports", args=[slug])).content.decode()
    bundle_url = reverse("staff:documentation_archive_bundle", args=[slug])
    assert bundle_url in page
    download = client.get(bundle_url)
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{slug}-arkiv.zip"'


def test_archiving_an_open_project_says_why_beside_the_button(client: Client, documented, staff):
    documented.project.status = LearningProject.Status.PUBLISHED
    documented.project.save()
    client.force_login(staff)

    response = client.post(
        reverse("staff:documentation_archive_freeze", args=[documented.project.slug])
    )
    assert response.status_code == 400
    assert str(ARCHIVE_NOT_ENDED) in response.content.decode()


def test_public_exports_of_an_archived_project_keep_the_frozen_text(
    client: Client, documented, staff
):
    project_archive_freeze(project=documented.project, by_user=staff)
    Note.objects.filter(pk=documented.notes[0].pk).update(text="Ändrad efteråt", version=9)

    response = client.get(
        reverse("documentation:export_project", args=[documented.project.slug, "csv"])
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert PUBLIC_NOTES[0] in text
    assert "Ändrad efteråt" not in text
    assert HIDDEN_NOTE not in text
