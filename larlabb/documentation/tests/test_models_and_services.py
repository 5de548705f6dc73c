import io
import zipfile
from typing import Any

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from larlabb.demo.loader import demo_load
from larlabb.documentation import services
from larlabb.documentation.models import Attachment, RecordingLink, WorkshopDocumentation
from larlabb.documentation.tests.boards import documented_project, png_bytes
from larlabb.documentation.validators import (
    ATTACHMENT_EMPTY,
    ATTACHMENT_TOO_LARGE,
    ATTACHMENT_WRONG_TYPE,
    MAX_ATTACHMENT_BYTES,
    attachment_kind_check,
    sniff_kind,
)
from larlabb.programme.models import Workshop
from larlabb.registration.tests.factories import WorkshopFactory
from larlabb.workshops.models import Session

pytestmark = pytest.mark.django_db

# The first bytes of a Windows program: "MZ", then the DOS stub.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("Rapport från workshopen", level=1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(names: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in names.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def pptx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"})


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def create(workshop: Workshop, file: SimpleUploadedFile, title: str = "Bilder") -> Attachment:
    return services.attachment_create(
        workshop=workshop, title=title, upload=file, is_public=True, uploaded_by=None
    )


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (PDF_BYTES, "application/pdf"),
        (png_bytes(), "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 50, "image/jpeg"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 50, "image/webp"),
        (docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (
            pptx_bytes(),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
    ],
)
def test_each_accepted_format_is_recognised_by_its_content(
    content: bytes, content_type: str
) -> None:
    kind = sniff_kind(io.BytesIO(content))
    assert kind is not None
    assert kind.content_type == content_type


def test_a_pdf_that_is_really_a_program_is_refused() -> None:
    workshop = WorkshopFactory.create()
    with pytest.raises(ValidationError) as error:
        create(workshop, upload("rapport.pdf", EXE_BYTES))
    assert error.value.messages == [str(ATTACHMENT_WRONG_TYPE)]
    assert not Attachment.objects.exists()


def test_a_zip_that_is_not_word_or_powerpoint_is_refused() -> None:
    workshop = WorkshopFactory.create()
    fake_docx = zip_bytes({"[Content_Types].xml": "<Types/>", "payload.js": "alert(1)"})
    with pytest.raises(ValidationError):
        create(workshop, upload("rapport.docx", fake_docx))
    with pytest.raises(ValidationError):
        create(workshop, upload("rapport.docx", zip_bytes({"word/document.xml": "<w/>"})))


def test_a_file_over_the_limit_is_refused_with_both_sizes_in_swedish() -> None:
    with pytest.raises(ValidationError) as error:
        attachment_kind_check(file=io.BytesIO(PDF_BYTES), size=MAX_ATTACHMENT_BYTES + 1)
    assert error.value.code == "too_large"
    message = error.value.messages[0]
    assert message.startswith(str(ATTACHMENT_TOO_LARGE).split("%")[0])
    assert "25,0" in message or "25.0" in message


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        attachment_kind_check(file=io.BytesIO(b""), size=0)
    assert error.value.messages == [str(ATTACHMENT_EMPTY)]


def test_an_upload_is_stored_with_the_type_its_content_has_under_an_unguessable_name() -> None:
    workshop = WorkshopFactory.create()
    # The browser claims a PDF; the bytes are a PNG.
    attachment = create(workshop, upload("bild.pdf", png_bytes(), "application/pdf"))
    assert attachment.content_type == "image/png"
    # An image is saved anew (without its metadata), so its size is the new file's.
    assert attachment.size == attachment.file.size
    stored = attachment.file.name or ""
    assert stored.startswith("dokumentation/")
    assert stored.endswith(".png")
    assert "bild" not in stored
    assert len(stored.rsplit("/", 1)[-1]) > 20


def test_attachments_get_positions_in_upload_order_and_move_within_the_workshop() -> None:
    workshop = WorkshopFactory.create()
    first = create(workshop, upload("a.pdf", PDF_BYTES), "Första")
    second = create(workshop, upload("b.pdf", PDF_BYTES), "Andra")
    third = create(workshop, upload("c.pdf", PDF_BYTES), "Tredje")
    services.attachment_move(attachment=third, offset=-1)
    titles = list(Attachment.objects.filter(workshop=workshop).values_list("title", flat=True))
    assert titles == ["Första", "Tredje", "Andra"]
    services.attachment_move(attachment=first, offset=-1)
    titles = list(Attachment.objects.filter(workshop=workshop).values_list("title", flat=True))
    assert titles == ["Första", "Tredje", "Andra"]
    assert second.pk


def test_deleting_an_attachment_removes_its_file_once_committed(
    django_capture_on_commit_callbacks: Any,
) -> None:
    workshop = WorkshopFactory.create()
    attachment = create(workshop, upload("a.pdf", PDF_BYTES))
    name = attachment.file.name or ""
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(attachment=attachment)
    assert not Attachment.objects.exists()
    assert not default_storage.exists(name)


def test_every_change_to_files_or_links_moves_the_documentation_time_stamp() -> None:
    workshop = WorkshopFactory.create()
    attachment = create(workshop, upload("a.pdf", PDF_BYTES))
    before = WorkshopDocumentation.objects.get(workshop=workshop).updated_at
    services.attachment_public_set(attachment=attachment, is_public=False)
    after_toggle = WorkshopDocumentation.objects.get(workshop=workshop).updated_at
    assert after_toggle > before
    link = services.recording_link_create(
        workshop=workshop, title="Inspelning", url="https://play.example/1", is_public=True
    )
    services.recording_link_public_set(link=link, is_public=False)
    assert WorkshopDocumentation.objects.get(workshop=workshop).updated_at > after_toggle
    assert RecordingLink.objects.get().is_public is False


def test_only_sessions_of_the_workshop_itself_can_be_hidden() -> None:
    documented = documented_project()
    other_workshops_session = Session.objects.get(exercise__workshop=documented.private_workshop)
    documentation = services.documentation_update(
        workshop=documented.public_workshop,
        is_public=True,
        show_authors=False,
        agenda_as_run="  Agenda  ",
        conclusions="",
        hidden_sessions=[documented.session, other_workshops_session],
    )
    assert set(documentation.hidden_sessions.all()) == {documented.session}
    assert documentation.agenda_as_run == "Agenda"


def test_loading_the_demo_again_duplicates_no_documentation(demo: object) -> None:
    counts = (
        WorkshopDocumentation.objects.count(),
        Attachment.objects.count(),
        RecordingLink.objects.count(),
    )
    assert counts == (3, 1, 1)
    demo_load()
    assert (
        WorkshopDocumentation.objects.count(),
        Attachment.objects.count(),
        RecordingLink.objects.count(),
    ) == counts
    public = WorkshopDocumentation.objects.filter(is_public=True, workshop__number=1)
    assert {doc.workshop.project.slug for doc in public} == {
        "larlabb-hallbar-utveckling",
        "hallbara-livsmiljoer-2024",
    }
