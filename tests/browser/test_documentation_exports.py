"""The documentation exports in Debian's Chromium: a visitor downloads a workshop's PDF, staff
start a whole project's export, watch it come along and download it; axe-core on each page."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from larlabb.demo.documentation import BOARD_PROJECT_SLUG
from larlabb.documentation.exports import ExportScope, export_build
from larlabb.programme.models import LearningProject
from tests.browser.conftest import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def test_visitor_downloads_a_workshops_documentation_as_pdf(page: Page, live_server, demo):
    page.goto(live_server.url + reverse("documentation:workshop", args=[BOARD_PROJECT_SLUG, 1]))
    # Typesetting starts WeasyPrint in the server; on a busy machine that outlasts the default
    # wait, so the wait is longer. It bounds the test, it measures nothing.
    with page.expect_download(timeout=180_000) as download_info:
        page.locator(".doc-exports").get_by_role("link", name="PDF").click(timeout=180_000)
    download = download_info.value

    assert download.suggested_filename == f"{BOARD_PROJECT_SLUG}-dokumentation-workshop-1.pdf"
    assert download.path().read_bytes().startswith(b"%PDF-")


def test_staff_watch_a_project_export_come_along_and_download_it(
    page: Page, live_server, demo, settings
):
    # A queue that keeps the task waiting, as a busy worker would; the test then does its work.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    page.goto(live_server.url + reverse("staff:login"))
    page.get_by_label("Användarnamn").fill("kansliet")
    page.get_by_label("Lösenord").fill("larlabb-demo")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(live_server.url + reverse("staff:documentation_exports", args=[BOARD_PROJECT_SLUG]))
    expect(page.get_by_role("heading", name="Export av dokumentationen")).to_be_visible()
    _no_violations(page)

    page.get_by_role("link", name="Word (DOCX)").first.click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("% klart")
    expect(page.get_by_role("progressbar", name="Hur långt exporten har kommit")).to_be_visible()
    _no_violations(page)

    project = LearningProject.objects.get(slug=BOARD_PROJECT_SLUG)
    export_build(scope=ExportScope(project, None, "docx", public=False))
    # The page asks every other second; the answer that the file is ready ends the asking.
    expect(status).to_contain_text("Filen är klar.")
    with page.expect_download() as download_info:
        status.get_by_role("link").click()
    download = download_info.value

    assert download.suggested_filename == f"{BOARD_PROJECT_SLUG}-dokumentation-intern.docx"
    assert download.path().read_bytes().startswith(b"PK")


def test_visitor_waits_for_a_workshops_pdf_while_the_worker_builds_it(
    page: Page, live_server, demo, settings
):
    # A queue that keeps the task waiting, as a busy worker would; the test then does its work.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    page.goto(live_server.url + reverse("documentation:workshop", args=[BOARD_PROJECT_SLUG, 1]))
    page.locator(".doc-exports").get_by_role("link", name="PDF").click()

    expect(
        page.get_by_role("heading", name="Dokumentationen från workshop 1 som PDF")
    ).to_be_visible()
    status = page.get_by_role("status")
    expect(status).to_contain_text("% klart")
    _no_violations(page)

    project = LearningProject.objects.get(slug=BOARD_PROJECT_SLUG)
    export_build(scope=ExportScope(project, 1, "pdf", public=True))
    expect(status).to_contain_text("Filen är klar.")
    _no_violations(page)
    with page.expect_download() as download_info:
        status.get_by_role("link").click()

    assert download_info.value.path().read_bytes().startswith(b"%PDF-")
