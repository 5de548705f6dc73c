"""The synthesis pages in Chromium: axe-core WCAG 2.1 AA, citations that open, a new synthesis
started from the project page, and a running one whose result replaces its progress bar."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from larlabb.demo.sessions import DEMO_JOIN_CODE
from larlabb.synthesis import selectors, services
from larlabb.synthesis.models import Synthesis
from larlabb.workshops.models import Session
from tests.browser.conftest import axe_violations, describe


def _login(page: Page, live_server) -> None:
    page.goto(live_server.url + reverse("staff:login"))
    page.get_by_label("Användarnamn").fill("kansliet")
    page.get_by_label("Lösenord").fill("larlabb-demo")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_synthesis_page_passes_axe_and_shows_the_notes_behind_a_statement(
    page: Page, live_server, demo_syntheses
):
    _login(page, live_server)
    synthesis = Synthesis.objects.get(scope=Synthesis.Scope.WORKSHOP)
    response = page.goto(live_server.url + reverse("staff:synthesis_detail", args=[synthesis.pk]))
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", name="Teman", level=2, exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="lappar placerade efter likhet")).to_be_visible()
    citation = page.locator(".theme .citations summary").first
    citation.click()
    expect(page.locator(".theme .citations__notes").first).to_be_visible()
    page.locator(".statement__edit summary").first.click()
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_a_new_synthesis_started_from_the_project_page_shows_its_result(
    page: Page, live_server, demo_syntheses
):
    _login(page, live_server)
    response = page.goto(
        live_server.url + reverse("staff:project_syntheses", args=["hallbara-livsmiljoer-2024"])
    )
    assert response is not None and response.status == 200
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_role("link", name="Hela lärprojektet").click()
    page.get_by_role("button", name="Starta sammanställningen").click()
    expect(page.get_by_role("heading", name="Teman", level=2, exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("klar")
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_result_replaces_the_progress_without_reloading(
    page: Page, live_server, demo_syntheses
):
    _login(page, live_server)
    scope = selectors.scope_get(
        kind=Synthesis.Scope.SESSION, pk=Session.objects.get(join_code=DEMO_JOIN_CODE).pk
    )
    assert scope is not None
    synthesis = services.synthesis_record(scope=scope, by_user=None)
    page.goto(live_server.url + reverse("staff:synthesis_detail", args=[synthesis.pk]))
    expect(page.get_by_role("heading", name="Sammanställningen pågår")).to_be_visible()
    page.evaluate("window.notReloaded = true")
    # What the worker would do; the page only polls.
    services.synthesis_run(synthesis_id=synthesis.pk)
    expect(page.get_by_role("heading", name="Teman", level=2, exact=True)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("klar")
    expect(page.get_by_role("button", name="Godkänn sammanställningen")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
