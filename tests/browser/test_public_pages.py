"""The public site and the staff area in Debian's Chromium: a visitor's path, axe-core, keyboard."""

from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse
from icalendar import Calendar
from playwright.sync_api import Browser, Error, Page, expect

from tests.browser.conftest import axe_violations, describe

SEED = "hallbara-livsmiljoer-2024"
OTHER = "larlabb-hallbar-utveckling"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _public_paths() -> list[str]:
    paths = [
        reverse("programme:project_list"),
        reverse("programme:invitation", args=[SEED]),
        reverse("programme:invitation", args=[OTHER]),
        reverse("programme:programme", args=[SEED]),
        reverse("network:accessibility"),
        reverse("network:privacy"),
        reverse("staff:login"),
    ]
    paths += [reverse("programme:workshop", args=[SEED, n]) for n in range(1, 7)]
    return paths


def _report(failures: dict[str, str]) -> str:
    return "\n\n".join(f"{url}\n{detail}" for url, detail in failures.items())


def test_visitor_follows_invitation_to_programme_and_workshop_and_downloads_its_calendar(
    page: Page, live_server, demo
):
    page.goto(live_server.url + reverse("programme:invitation", args=[SEED]))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hållbara livsmiljöer – regionerna kliver fram"
    )
    page.get_by_role("link", name="Programmet på en egen sida").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Program")
    page.get_by_role("link", name="Workshop 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Workshop 1. Hållbara livsmiljöer – i dag och i morgon"
    )
    expect(page.get_by_text("27 augusti 2024, kl. 9–11.30")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lägg till i kalendern (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"{SEED}-workshop-1.ics"
    events = list(Calendar.from_ical(download.path().read_bytes()).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "Workshop 1. Hållbara livsmiljöer – i dag och i morgon"
    ]
    assert events[0]["dtstart"].params["TZID"] == "Europe/Stockholm"
    start, end = events[0].decoded("dtstart"), events[0].decoded("dtend")
    assert (start.isoformat(), end.isoformat()) == (
        "2024-08-27T09:00:00+02:00",
        "2024-08-27T11:30:00+02:00",
    )


def test_every_public_page_passes_axe_wcag_21_aa(page: Page, live_server, demo):
    failures = {}
    for path in _public_paths():
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        violations = axe_violations(page)
        if violations:
            failures[path] = describe(violations)
    assert not failures, _report(failures)


def test_public_pages_fit_a_390_pixel_phone_without_sideways_scrolling(
    browser: Browser, live_server, demo
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE")
    phone = context.new_page()
    too_wide = {}
    for path in _public_paths():
        phone.goto(live_server.url + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
    context.close()
    assert too_wide == {}


def _staff_route(url: str) -> str | None:
    """The URL pattern a staff link resolves to, or None for links the crawl must not follow."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    if match.url_name in {"logout", "login"}:
        return None
    if "." in urlsplit(url).path.rsplit("/", 1)[-1]:
        return None  # an export or attachment (.csv, .xlsx, .pdf, .json): a file, not a page
    return match.route


def test_staff_pages_pass_axe_wcag_21_aa(page: Page, live_server, demo):
    page.goto(live_server.url + reverse("staff:login"))
    page.get_by_label("Användarnamn").fill("kansliet")
    page.get_by_label("Lösenord").fill("larlabb-demo")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # Every link under /kansliet/ reachable from the dashboard; a few pages per URL pattern
    # is enough to see each template in its states, and keeps the crawl to seconds.
    staff_root = live_server.url + reverse("staff:dashboard")
    queue = [staff_root]
    seen: set[str] = set()
    per_route: dict[str, int] = {}
    failures: dict[str, str] = {}
    while queue and len(seen) < 80:
        url = queue.pop(0)
        route = _staff_route(url)
        if url in seen or route is None or per_route.get(route, 0) >= 2:
            continue
        seen.add(url)
        per_route[route] = per_route.get(route, 0) + 1
        try:
            response = page.goto(url)
        except Error as error:
            if "Download is starting" in error.message:
                continue  # a file served without an extension in its address
            raise
        assert response is not None
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        if response.status != 200:
            failures[url] = f"HTTP {response.status}"
            continue
        violations = axe_violations(page)
        if violations:
            failures[url] = describe(violations)
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        queue += [
            link
            for link in (urljoin(url, href).split("#")[0] for href in hrefs)
            if link.startswith(staff_root) and link not in seen
        ]
    assert len(seen) < 80  # the crawl ran out of new pages; the bound did not cut it short
    assert len(per_route) >= 15  # dashboard, project tabs, workshops, blocks, registrations …
    assert not failures, _report(failures)


def test_language_switch_sets_english_and_back(page: Page, live_server, demo):
    page.goto(live_server.url + reverse("programme:invitation", args=[SEED]))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith(reverse("programme:invitation", args=[SEED]))
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def test_first_tab_shows_the_skip_link_and_enter_moves_focus_to_main(page: Page, live_server, demo):
    page.goto(live_server.url + reverse("programme:programme", args=[SEED]))
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Hoppa till innehållet")
    expect(skip).to_be_in_viewport()
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    # The next stop is inside the main content, not back in the header.
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_axe_harness_reports_known_violations(page: Page):
    page.set_content('<html><body><img src="x.png"><a href="#"></a></body></html>')
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "link-name", "html-has-lang"} <= found
