import csv
import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import default_task_backend
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from larlabb.documentation import exports
from larlabb.documentation.content import project_documentation
from larlabb.documentation.export_csv import documentation_csv
from larlabb.documentation.export_docx import documentation_docx
from larlabb.documentation.export_markdown import documentation_markdown_zip, markdown_escape
from larlabb.documentation.export_pdf import documentation_pdf
from larlabb.documentation.exports import (
    ExportScope,
    ExportState,
    export_build,
    export_status,
    exports_folder,
)
from larlabb.documentation.tests.boards import (
    AUTHOR,
    DELETED_NOTE,
    HIDDEN_NOTE,
    LEADER,
    PRIVATE_NOTE,
    PUBLIC_NOTES,
    SUMMARY_NOTE,
    Documented,
    result_citing,
)
from larlabb.synthesis.models import Synthesis
from larlabb.workshops.models import Note

pytestmark = pytest.mark.django_db

FRAMES = (
    "Vilka förväntningar har du?",
    "Vad vill du veta om myndigheterna?",
    "Att tänka på",
    "Goda exempel",
)
PRIVATE = (HIDDEN_NOTE, PRIVATE_NOTE, AUTHOR, LEADER, "Intern budgetbilaga", "Intern inspelning")


def _flat(text: str) -> str:
    """Text as a reader sees it: words hyphenated at a line end joined, whitespace collapsed."""
    text = re.sub(r"[-\u2010\u00ad]\s*\n\s*", "", text)
    return " ".join(text.split())


def _built(documented: Documented, builder, *, public: bool) -> bytes:
    out = io.BytesIO()
    builder(project_documentation(project=documented.project, public=public), out)
    return out.getvalue()


def _pdf_text(data: bytes) -> str:
    return _flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_pdf_holds_every_frame_title_and_note(documented):
    text = _pdf_text(_built(documented, documentation_pdf, public=False))

    for title in FRAMES:
        assert title in text
    for note in (*PUBLIC_NOTES, SUMMARY_NOTE, HIDDEN_NOTE, PRIVATE_NOTE):
        assert _flat(note) in text
    assert DELETED_NOTE not in text
    assert "Innehåll" in text


def test_pdf_table_of_contents_gives_each_workshops_page(documented):
    reader = PdfReader(io.BytesIO(_built(documented, documentation_pdf, public=False)))
    pages = [_flat(page.extract_text()) for page in reader.pages]
    toc = next(page for page in pages if page.startswith("Innehåll"))
    first = next(i for i, page in enumerate(pages) if "Workshop 2. " in page and page != toc)

    assert re.search(rf"Workshop 2\. Samverkan i praktiken[ .]*{first + 1}\b", toc)


def test_docx_has_real_headings_and_bullet_lists_to_edit(documented):
    document = Document(io.BytesIO(_built(documented, documentation_docx, public=False)))
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    headings = [(style, text) for style, text in styled if style.startswith("Heading")]
    bullets = [text for style, text in styled if style == "List Bullet"]

    assert ("Heading 1", "Workshop 1. Samverkan i praktiken") in headings
    assert ("Heading 2", "Slutsatser") in headings
    assert ("Heading 3", "Vad vi kom fram till") in headings
    assert ("Heading 3", "Grupp 1") in headings
    assert [text for style, text in headings if style == "Heading 4"][:4] == list(FRAMES)
    assert f"{PUBLIC_NOTES[0]} (+3) – {AUTHOR}" in bullets
    assert "Välkommen" in bullets
    assert document.core_properties.title == "Hållbara livsmiljöer – dokumentationen"


def test_csv_has_one_row_per_note_and_a_formula_comes_out_as_text(documented):
    data = _built(documented, documentation_csv, public=False)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))

    assert len(rows) == Note.objects.filter(deleted_at__isnull=True).count()
    formula = next(row for row in rows if "HYPERLINK" in row["Text"])
    assert formula["Text"] == "'" + PUBLIC_NOTES[1]
    first = next(row for row in rows if row["Text"] == PUBLIC_NOTES[0])
    assert first["+1"] == "3"
    assert first["Skriven av"] == AUTHOR
    assert first["Ruta"] == FRAMES[0]
    assert first["Workshop"] == "Workshop 1. Samverkan i praktiken"


def test_markdown_zip_has_an_index_a_file_per_workshop_and_the_images(documented):
    data = _built(documented, documentation_markdown_zip, public=False)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()

    assert {"index.md", "workshop-01.md", "workshop-02.md"} <= set(names)
    images = [name for name in names if name.startswith("images/")]
    assert len(images) == 2
    workshop = archive.read("workshop-01.md").decode()
    for image in images:
        assert image in workshop
    assert "#### Att tänka på" in workshop
    assert "- Gemensam målbild för regionerna" in workshop
    assert "workshop-02.md" in archive.read("index.md").decode()


def test_markdown_keeps_a_participants_text_literal():
    assert markdown_escape("# Rubrik *fet*") == r"\# Rubrik \*fet\*"
    assert markdown_escape("1. punkt") == r"1\. punkt"


@pytest.mark.parametrize(
    "builder",
    [documentation_pdf, documentation_docx, documentation_csv, documentation_markdown_zip],
)
def test_public_exports_never_hold_private_items(documented, builder):
    data = _built(documented, builder, public=True)
    if builder is documentation_pdf:
        text = _pdf_text(data)
    elif builder is documentation_docx:
        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    elif builder is documentation_csv:
        text = data.decode("utf-8-sig")
    else:
        archive = zipfile.ZipFile(io.BytesIO(data))
        text = "\n".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".md"))
        assert not any("budget" in name for name in archive.namelist())

    assert _flat(PUBLIC_NOTES[0]) in text
    for private in PRIVATE:
        assert private not in text


# --- Downloads and the cache -------------------------------------------------------------


def _download(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md.zip", "csv"])
def test_public_project_export_downloads_in_each_format(client: Client, documented, fmt):
    response = client.get(
        reverse("documentation:export_project", args=[documented.project.slug, fmt])
    )
    data = _download(response)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        f'filename="{documented.project.slug}-dokumentation.{fmt}"'
        in response["Content-Disposition"]
    )
    assert len(data) > 100


def test_public_workshop_export_is_there_only_for_a_public_workshop(client: Client, documented):
    slug = documented.project.slug
    public = client.get(reverse("documentation:export_workshop", args=[slug, 1, "csv"]))
    assert PUBLIC_NOTES[0] in _download(public).decode("utf-8-sig")

    private = client.get(reverse("documentation:export_workshop", args=[slug, 2, "csv"]))
    assert private.status_code == 404


def test_an_unknown_format_or_a_draft_project_has_no_export(client: Client, documented):
    slug = documented.project.slug
    assert (
        client.get(reverse("documentation:export_project", args=[slug, "exe"])).status_code == 404
    )
    documented.project.status = documented.project.Status.DRAFT
    documented.project.save()
    assert (
        client.get(reverse("documentation:export_project", args=[slug, "csv"])).status_code == 404
    )


def test_staff_exports_need_a_staff_login(client: Client, documented):
    url = reverse("staff:documentation_export_project", args=[documented.project.slug, "csv"])
    assert client.get(url).status_code == 302

    staff = get_user_model().objects.create_user("kansli", password="x", is_staff=True)
    client.force_login(staff)
    text = _download(client.get(url)).decode("utf-8-sig")
    assert HIDDEN_NOTE in text
    assert PRIVATE_NOTE in text


def test_staff_export_page_lists_every_format_for_the_project_and_each_workshop(
    client: Client, documented
):
    staff = get_user_model().objects.create_user("kansli", password="x", is_staff=True)
    client.force_login(staff)
    page = client.get(reverse("staff:documentation_exports", args=[documented.project.slug]))
    html = page.content.decode()

    assert page.status_code == 200
    for fmt in ("pdf", "docx", "md.zip", "csv"):
        assert (
            reverse("staff:documentation_export_project", args=[documented.project.slug, fmt])
            in html
        )
        assert (
            reverse("staff:documentation_export_workshop", args=[documented.project.slug, 2, fmt])
            in html
        )


def test_a_stored_export_is_served_again_until_a_note_changes(documented):
    scope = ExportScope(documented.project, None, "csv", public=True)
    first = export_build(scope=scope)
    assert export_status(scope=scope).name == first.name

    Note.objects.filter(pk=documented.notes[0].pk).update(
        text="Ändrad lapp", version=documented.notes[0].version + 1
    )
    assert not export_status(scope=scope).is_ready
    second = export_build(scope=scope)

    assert second.name != first.name
    assert not default_storage.exists(first.name)
    with default_storage.open(second.name) as stored:
        assert "Ändrad lapp" in stored.read().decode("utf-8-sig")


def test_a_project_export_in_the_background_shows_its_progress_until_it_is_ready(
    client: Client, documented, settings
):
    # A queue that keeps the task waiting, as the worker would while it is busy.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    slug = documented.project.slug
    page = client.get(reverse("documentation:export_project", args=[slug, "pdf"]))
    status_url = reverse("documentation:export_project_status", args=[slug, "pdf"])

    assert page.status_code == 200
    html = page.content.decode()
    assert f'hx-get="{status_url}"' in html
    assert 'aria-live="polite"' in html
    waiting = client.get(status_url, headers={"HX-Request": "true"})
    assert waiting.status_code == 200
    assert "<progress" in waiting.content.decode()

    export_build(scope=ExportScope(documented.project, None, "pdf", public=True))
    ready = client.get(status_url, headers={"HX-Request": "true"})
    # 286 tells htmx to stop polling; the link to the file is in the answer.
    assert ready.status_code == 286
    assert reverse("documentation:export_project", args=[slug, "pdf"]) in ready.content.decode()


@pytest.mark.parametrize(
    "stored",
    [
        b'{"state": "running", "percent": 40, "message": ""}',
        b'{"state": "running", "percent": "40", "message": "", "updated": "2026-01-01T10:00:00Z"}',
        b'{"state": "running", "percent": 40, "message": "", "updated": "i dag"}',
        b'{"state": "runn',
    ],
)
def test_an_unreadable_progress_file_counts_as_no_export_and_the_page_still_answers(
    client: Client, documented, settings, stored
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    slug = documented.project.slug
    client.get(reverse("documentation:export_project", args=[slug, "pdf"]))
    folder = exports_folder(project_id=documented.project.pk)
    [progress] = [name for name in default_storage.listdir(folder)[1] if name.endswith(".json")]
    default_storage.delete(f"{folder}/{progress}")
    default_storage.save(f"{folder}/{progress}", ContentFile(stored))

    scope = ExportScope(documented.project, None, "pdf", public=True)
    assert export_status(scope=scope).state == ExportState.MISSING
    status_url = reverse("documentation:export_project_status", args=[slug, "pdf"])
    # 286: nothing to wait for, htmx stops polling (rather than a server error).
    assert client.get(status_url, headers={"HX-Request": "true"}).status_code == 286


def _approved_synthesis(documented: Documented) -> Synthesis:
    public_note, hidden_note = documented.notes[0], Note.objects.get(text=HIDDEN_NOTE)
    result = result_citing(public_note, hidden_note)
    return Synthesis.objects.create(
        scope=Synthesis.Scope.WORKSHOP,
        project=documented.project,
        workshop=documented.public_workshop,
        status=Synthesis.Status.APPROVED,
        approved_at=timezone.now(),
        result=result.to_json(),
    )


def test_an_approved_synthesis_is_in_the_documents_citing_only_notes_they_hold(documented):
    scope = ExportScope(documented.project, None, "docx", public=True)
    before = export_build(scope=scope)
    _approved_synthesis(documented)

    assert not export_status(scope=scope).is_ready  # approving it moves the version
    with default_storage.open(export_build(scope=scope).name) as stored:
        paragraphs = [p.text for p in Document(io.BytesIO(stored.read())).paragraphs]
    assert before.name != export_status(scope=scope).name
    assert "Samverkan tar tid" in paragraphs
    assert "Grupperna vill ha en arena [1]" in paragraphs
    assert f"[1] {PUBLIC_NOTES[0]}" in paragraphs
    assert not any(HIDDEN_NOTE in text for text in paragraphs)


# --- Built by the worker, never in the request --------------------------------------------


def _queue_kept(settings) -> None:
    # A queue that keeps the task waiting, as the worker would while it is busy.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _no_build_here(monkeypatch) -> None:
    def refuse(**kwargs):
        raise AssertionError("An export was built in the web request.")

    monkeypatch.setattr(exports, "export_build", refuse)


def _run_queued_builds() -> None:
    for queued in list(default_task_backend.results):  # type: ignore[attr-defined]
        queued.task.call(*queued.args, **queued.kwargs)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_workshop_export_is_queued_for_the_worker_and_offered_once_it_is_built(
    client: Client, documented, settings, monkeypatch, fmt
):
    _queue_kept(settings)
    slug = documented.project.slug
    export_url = reverse("documentation:export_workshop", args=[slug, 1, fmt])
    status_url = reverse("documentation:export_workshop_status", args=[slug, 1, fmt])
    with monkeypatch.context() as request_only:
        _no_build_here(request_only)
        page = client.get(export_url)
        waiting = client.get(status_url, headers={"HX-Request": "true"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "Dokumentationen från workshop 1" in html
    assert f'hx-get="{status_url}"' in html
    assert waiting.status_code == 200 and "<progress" in waiting.content.decode()
    [queued] = default_task_backend.results  # type: ignore[attr-defined]
    assert queued.task == exports.export_build_task
    assert queued.kwargs["workshop_number"] == 1

    _run_queued_builds()
    ready = client.get(status_url, headers={"HX-Request": "true"})

    assert ready.status_code == 286
    assert export_url in ready.content.decode()
    _no_build_here(monkeypatch)
    assert len(_download(client.get(export_url))) > 100


def test_a_staff_workshop_export_waits_on_its_own_status_page(
    client: Client, documented, settings, monkeypatch
):
    _queue_kept(settings)
    _no_build_here(monkeypatch)
    client.force_login(get_user_model().objects.create_user("kansli", is_staff=True))
    slug = documented.project.slug
    page = client.get(reverse("staff:documentation_export_workshop", args=[slug, 2, "pdf"]))
    status_url = reverse("staff:documentation_export_workshop_status", args=[slug, 2, "pdf"])

    assert f'hx-get="{status_url}"' in page.content.decode()
    assert client.get(status_url, headers={"HX-Request": "true"}).status_code == 200


@pytest.mark.parametrize("number", [None, 1])
def test_a_visitor_downloads_an_export_already_built_without_a_build(
    client: Client, documented, monkeypatch, number
):
    export_build(scope=ExportScope(documented.project, number, "pdf", public=True))
    _no_build_here(monkeypatch)
    slug = documented.project.slug
    url = (
        reverse("documentation:export_project", args=[slug, "pdf"])
        if number is None
        else reverse("documentation:export_workshop", args=[slug, number, "pdf"])
    )

    assert _pdf_text(_download(client.get(url)))
