from urllib.parse import urljoin

import pytest
from django.urls import reverse
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations, describe

SEED = "hallbara-livsmiljoer-2024"
pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_follows_invitation_to_programme_and_workshop_and_downloads_its_calendar(
    page: Page, live_server, demo
):
    page.goto(live_server.url + reverse("programme:invitation", args=[SEED]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hållbara livsmiljöer")
    page.get_by_role("link", name="Programmet på en egen sida").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Program")
    page.get_by_role("link", name="Workshop 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Workshop 1. Hållbara livsmiljöer – i dag och i morgon"
    )
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lägg till i kalendern (.ics)").click()
    path = download_info.value.path()
    calendar = Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "Workshop 1. Hållbara livsmiljöer – i dag och i morgon"
    ]
    assert events[0].decoded("dtstart").strftime("%Y-%m-%d %H:%M") == "2024-08-27 09:00"


def _public_paths() -> list[str]:
    paths = [
        reverse("programme:project_list"),
        reverse("programme:invitation", args=[SEED]),
        reverse("programme:invitation", args=["larlabb-hallbar-utveckling"]),
        reverse("programme:programme", args=[SEED]),
        reverse("network:accessibility"),
        reverse("network:privacy"),
        reverse("staff:login"),
    ]
    paths += [reverse("programme:workshop", args=[SEED, n]) for n in range(1, 7)]
    return paths


def test_every_public_page_passes_axe_wcag_21_aa(page: Page, live_server, demo):
    failures = {}
    for path in _public_paths():
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        if violations:
            failures[path] = describe(violations)
    assert failures == {}


def test_staff_pages_pass_axe_wcag_21_aa(page: Page, live_server, demo):
    page.goto(live_server.url + reverse("staff:login"))
    page.get_by_label("Användarnamn").fill("kansliet")
    page.get_by_label("Lösenord").fill("larlabb-demo")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    staff_root = live_server.url + "/kansliet/"
    to_visit = [staff_root]
    seen: set[str] = set()
    failures: dict[str, str] = {}
    while to_visit and len(seen) < 80:
        url = to_visit.pop(0)
        if url in seen:
            continue
        seen.add(url)
        page.goto(url)
        violations = axe_violations(page)
        if violations:
            failures[url] = describe(violations)
        for href in page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.getAttribute('href'))"
        ):
            absolute = urljoin(url, href).split("#")[0]
            if absolute.startswith(staff_root) and not absolute.endswith(
                (".csv", ".xlsx", ".pdf", ".ics", ".zip")
            ):
                to_visit.append(absolute)
    assert len(seen) >= 20  # the dashboard, every project tab, workshop and block page
    assert failures == {}


def test_language_switch_sets_english_and_back(page: Page, live_server, demo):
    page.goto(live_server.url + reverse("programme:invitation", args=[SEED]))
    assert page.get_attribute("html", "lang") == "sv"
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page: Page, live_server, demo):
    page.goto(live_server.url + reverse("programme:programme", args=[SEED]))
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Hoppa till innehållet")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_axe_harness_reports_known_violations(page: Page):
    page.set_content('<html><body><img src="x.png"><a href="#"></a></body></html>')
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "link-name", "html-has-lang"} <= found
