"""The public documentation in Debian's Chromium: from the invitation to a workshop's board,
a file download and a search that lands on the note it found; axe-core on every page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from larlabb.demo import seed_board, seed_invitation
from larlabb.demo.documentation import BOARD_PROJECT_SLUG, PROGRAMME_PDF_TITLE
from larlabb.documentation.models import Attachment
from larlabb.documentation.services import attachment_public_set
from tests.browser.conftest import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def test_visitor_reads_the_seed_boards_documentation_downloads_a_file_and_searches(
    page: Page, live_server, demo
):
    page.goto(live_server.url + reverse("programme:invitation", args=[BOARD_PROJECT_SLUG]))
    page.get_by_role("link", name="Dokumentation från workshoparna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Lärlabb Hållbar utveckling – regioner och myndigheter genomför strategin tillsammans"
    )
    _no_violations(page)

    page.get_by_role("link", name="Workshop 1. Workshop i Stockholm 8 juni").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Workshop 1. Workshop i Stockholm 8 juni"
    )
    expect(page.get_by_role("heading", name="Agendan som den genomfördes")).to_be_visible()
    expect(page.get_by_role("heading", name="Slutsatser")).to_be_visible()
    # The board as frames of notes: each question a heading with its post-its under it.
    for question in seed_board.QUESTIONS:
        expect(page.get_by_role("heading", name=question)).to_be_visible()
    expect(page.get_by_text(seed_board.NOTES_BY_FRAME[seed_board.SUMMARY_FRAME][1])).to_be_visible()
    expect(page.get_by_role("link", name="Inspelning av inledningen")).to_be_visible()
    _no_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=PROGRAMME_PDF_TITLE).click()
    download = download_info.value
    assert download.suggested_filename == f"{PROGRAMME_PDF_TITLE}.pdf"
    assert download.path().read_bytes().startswith(b"%PDF-")

    search = page.get_by_role("search")
    search.get_by_role("searchbox", name="Sök i dokumentationen").fill("myndigheterna")
    search.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sök i dokumentationen")
    expect(page.get_by_role("status")).to_contain_text("träffar på ”myndigheterna”")
    expect(page.locator("mark").first).to_be_visible()
    _no_violations(page)

    page.locator(".doc-hit a").filter(has_text="Poängtera vinsten").first.click()
    expect(page).to_have_url(re.compile(r"/dokumentation/workshop/1/#lapp-\d+$"))
    target = page.locator(":target")
    expect(target).to_contain_text("Poängtera vinsten för myndigheterna")
    expect(target).to_be_in_viewport()

    page.get_by_role("link", name="Hela projektet: den röda tråden").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hela projektet: den röda tråden")
    expect(
        page.get_by_role("heading", name="Workshop 1. Workshop i Stockholm 8 juni")
    ).to_be_visible()
    _no_violations(page)


def test_the_other_seed_projects_documentation_passes_axe_and_keeps_private_files_private(
    page: Page, live_server, demo
):
    slug = seed_invitation.SLUG
    for path in (
        reverse("documentation:project", args=[slug]),
        reverse("documentation:workshop", args=[slug, 1]),
        reverse("documentation:workshop", args=[slug, 2]),
        reverse("documentation:red_thread", args=[slug]),
    ):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        _no_violations(page)
    response = page.goto(live_server.url + reverse("documentation:workshop", args=[slug, 3]))
    assert response is not None and response.status == 404

    # A file staff make private disappears from the page and cannot be fetched by address.
    attachment = Attachment.objects.get(title=PROGRAMME_PDF_TITLE)
    attachment_public_set(attachment=attachment, is_public=False)
    page.goto(live_server.url + reverse("documentation:workshop", args=[BOARD_PROJECT_SLUG, 1]))
    expect(page.get_by_role("link", name=PROGRAMME_PDF_TITLE)).to_have_count(0)
    address = reverse("documentation:attachment", args=[BOARD_PROJECT_SLUG, 1, attachment.pk])
    fetched = page.request.get(live_server.url + address)
    assert fetched.status == 404
