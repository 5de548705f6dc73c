import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from larlabb.core.tests.images import (
    has_exif,
    image_bytes,
    photo_with_exif,
    png_claiming,
    transactions_seen_while_decoding,
)
from larlabb.documentation import services
from larlabb.documentation.models import Attachment, RecordingLink, WorkshopDocumentation
from larlabb.documentation.tests.boards import Documented, png_bytes
from larlabb.documentation.tests.test_models_and_services import EXE_BYTES, PDF_BYTES
from larlabb.documentation.validators import ATTACHMENT_WRONG_TYPE

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    user = get_user_model().objects.create_user("kansli", password="x", is_staff=True)
    client.force_login(user)
    return client


def url(name: str, documented: Documented, *args: object) -> str:
    return reverse(f"staff:documentation_{name}", args=[documented.project.slug, *args])


def test_documentation_pages_are_for_staff_only(client: Client, documented: Documented) -> None:
    for address in (url("project", documented), url("workshop", documented, 1)):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("staff:login"))
    attachment = Attachment.objects.get(title="Intern budgetbilaga")
    assert client.get(url("attachment_download", documented, 1, attachment.pk)).status_code == 302


def test_the_overview_lists_each_workshop_with_its_status(
    staff: Client, documented: Documented
) -> None:
    html = staff.get(url("project", documented)).content.decode()
    assert url("workshop", documented, 1) in html
    assert url("workshop", documented, 2) in html
    assert reverse("staff:documentation_exports", args=[documented.project.slug]) in html
    assert "Inte publik" in html
    assert "Publik" in html
    programme = staff.get(reverse("staff:project_programme", args=[documented.project.slug]))
    assert url("project", documented) in programme.content.decode()


def test_staff_save_texts_visibility_and_hidden_sessions(
    staff: Client, documented: Documented
) -> None:
    response = staff.post(
        url("workshop", documented, 2),
        {
            "is_public": "on",
            "show_authors": "",
            "agenda_as_run": "- Inledning\n- Grupparbete",
            "conclusions": "Vi kom fram till mycket.",
        },
    )
    assert response.status_code == 302
    documentation = WorkshopDocumentation.objects.get(workshop=documented.private_workshop)
    assert documentation.is_public
    assert not documentation.show_authors
    assert documentation.agenda_as_run == "- Inledning\n- Grupparbete"
    assert not documentation.hidden_sessions.exists()
    html = staff.get(url("workshop", documented, 1)).content.decode()
    assert f'id="hidden-session-{documented.hidden_session.pk}"' in html
    assert f'value="{documented.hidden_session.pk}" id="hidden-session-' in html


def test_an_upload_of_a_disguised_program_is_refused_beside_the_field_keeping_the_title(
    staff: Client, documented: Documented
) -> None:
    response = staff.post(
        url("attachment_upload", documented, 1),
        {
            "bilaga-title": "Slutrapport från dagen",
            "bilaga-file": SimpleUploadedFile("rapport.pdf", EXE_BYTES, "application/pdf"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_bilaga-file_error"' in html
    assert str(ATTACHMENT_WRONG_TYPE).split(",")[0] in html
    assert 'value="Slutrapport från dagen"' in html
    assert not Attachment.objects.filter(title="Slutrapport från dagen").exists()


def test_an_upload_is_stored_and_listed(staff: Client, documented: Documented) -> None:
    response = staff.post(
        url("attachment_upload", documented, 1),
        {
            "bilaga-title": "Program",
            "bilaga-file": SimpleUploadedFile("program.pdf", PDF_BYTES, "application/pdf"),
            "bilaga-is_public": "on",
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(title="Program")
    assert attachment.content_type == "application/pdf"
    assert attachment.is_public
    html = staff.get(url("workshop", documented, 1)).content.decode()
    assert "Program" in html
    download = staff.get(url("attachment_download", documented, 1, attachment.pk))
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]


def test_staff_can_open_a_private_attachment_the_public_cannot(
    staff: Client, documented: Documented
) -> None:
    private = Attachment.objects.get(title="Intern budgetbilaga")
    assert staff.get(url("attachment_download", documented, 1, private.pk)).status_code == 200


def test_attachments_are_reordered_toggled_and_deleted_with_htmx(
    staff: Client, documented: Documented
) -> None:
    public = Attachment.objects.get(title="Bild från dagen")
    private = Attachment.objects.get(title="Intern budgetbilaga")
    response = staff.post(
        url("item_action", documented, 1, "bilaga", private.pk),
        {"action": "up"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Intern budgetbilaga") < html.index("Bild från dagen")
    assert "Intern budgetbilaga är flyttad upp." in html
    assert "<html" not in html
    staff.post(url("item_action", documented, 1, "bilaga", private.pk), {"action": "public"})
    private.refresh_from_db()
    assert private.is_public
    staff.post(url("item_action", documented, 1, "bilaga", public.pk), {"action": "delete"})
    assert not Attachment.objects.filter(pk=public.pk).exists()


def test_an_unknown_action_or_kind_is_not_found(staff: Client, documented: Documented) -> None:
    link = RecordingLink.objects.get(title="Inspelning av dagen")
    assert (
        staff.post(
            url("item_action", documented, 1, "inspelning", link.pk), {"action": "explode"}
        ).status_code
        == 404
    )
    assert (
        staff.post(url("item_action", documented, 1, "bild", link.pk), {"action": "up"}).status_code
        == 404
    )
    # A recording of workshop 1 cannot be reached through workshop 2's address.
    assert (
        staff.post(
            url("item_action", documented, 2, "inspelning", link.pk), {"action": "delete"}
        ).status_code
        == 404
    )
    assert RecordingLink.objects.filter(pk=link.pk).exists()


def test_a_recording_with_a_bad_address_keeps_what_was_typed(
    staff: Client, documented: Documented
) -> None:
    response = staff.post(
        url("recording_create", documented, 1),
        {"inspelning-title": "Eftermiddagen", "inspelning-url": "inte en adress"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skriv en hel adress" in html
    assert 'value="Eftermiddagen"' in html
    response = staff.post(
        url("recording_create", documented, 1),
        {
            "inspelning-title": "Eftermiddagen",
            "inspelning-url": "https://play.example/em",
            "inspelning-is_public": "on",
        },
    )
    assert response.status_code == 302
    titles = RecordingLink.objects.filter(workshop=documented.public_workshop).values_list(
        "title", flat=True
    )
    assert list(titles)[-1] == "Eftermiddagen"


def test_a_photo_upload_keeps_the_type_its_bytes_have(
    staff: Client, documented: Documented
) -> None:
    staff.post(
        url("attachment_upload", documented, 1),
        {
            "bilaga-title": "Tavlan",
            "bilaga-file": SimpleUploadedFile("tavlan.jpg", png_bytes(), "image/jpeg"),
        },
    )
    attachment = Attachment.objects.get(title="Tavlan")
    assert attachment.content_type == "image/png"
    assert not attachment.is_public


def _upload_image(staff: Client, documented: Documented, content: bytes) -> Any:
    return staff.post(
        url("attachment_upload", documented, 1),
        {
            "bilaga-title": "Tavlan efter passet",
            "bilaga-file": SimpleUploadedFile("tavlan.png", content, "image/png"),
        },
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (png_claiming(60000, 60000), "högst 40 megapixlar"),
        (png_claiming(7000, 6000), "7\u00a0000 × 6\u00a0000 bildpunkter"),
        (image_bytes("PNG", (400, 300))[:200], "Filen går inte att läsa som en bild."),
    ],
    ids=["bomb-header", "over-40-megapixels", "cut-short"],
)
def test_an_image_that_cannot_be_shown_safely_is_refused_beside_the_field_keeping_the_title(
    staff: Client, documented: Documented, content: bytes, message: str
) -> None:
    response = _upload_image(staff, documented, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_bilaga-file_error"' in html
    assert message in html
    assert 'value="Tavlan efter passet"' in html
    assert not Attachment.objects.filter(title="Tavlan efter passet").exists()


def test_an_uploaded_photo_is_stored_shrunk_and_without_its_exif(
    staff: Client, documented: Documented
) -> None:
    staff.post(
        url("attachment_upload", documented, 1),
        {
            "bilaga-title": "Foto från dagen",
            "bilaga-file": SimpleUploadedFile("foto.jpg", photo_with_exif((6000, 4000))),
        },
    )
    attachment = Attachment.objects.get(title="Foto från dagen")
    with attachment.file.open("rb") as stored:
        content = stored.read()
    assert not has_exif(content)
    assert Image.open(io.BytesIO(content)).size == (3000, 2000)
    assert attachment.size == len(content)
    assert attachment.content_type == "image/jpeg"


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_image_is_decoded_with_no_transaction_open(
    staff: Client, documented: Documented, monkeypatch: pytest.MonkeyPatch
) -> None:
    with transactions_seen_while_decoding(monkeypatch, services) as seen:
        response = _upload_image(staff, documented, image_bytes("PNG"))
    assert response.status_code == 302
    assert seen == [False]


def test_making_an_item_public_says_when_the_workshop_page_is_not_public_yet(
    staff: Client, documented: Documented
) -> None:
    private = Attachment.objects.get(title="Intern budgetbilaga")
    WorkshopDocumentation.objects.filter(workshop=private.workshop).update(is_public=False)
    response = staff.post(
        url("item_action", documented, 1, "bilaga", private.pk), {"action": "public"}, follow=True
    )
    assert "Intern budgetbilaga är nu publik." in response.content.decode()
    assert "Workshopens dokumentation är inte publik" in response.content.decode()
    WorkshopDocumentation.objects.filter(workshop=private.workshop).update(is_public=True)
    staff.post(url("item_action", documented, 1, "bilaga", private.pk), {"action": "private"})
    response = staff.post(
        url("item_action", documented, 1, "bilaga", private.pk), {"action": "public"}, follow=True
    )
    assert "Intern budgetbilaga är nu publik." in response.content.decode()
    assert "Workshopens dokumentation är inte publik" not in response.content.decode()
