"""The two-step registration in Debian's Chromium, with mail over real SMTP on the loopback."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.urls import reverse
from icalendar import Calendar
from playwright.sync_api import Page, expect

from larlabb.demo.registrations import DEMO_SLUG
from larlabb.registration.tests.smtp import Inbox, smtp_inbox, text_of
from tests.browser.conftest import axe_violations, describe

MANAGER = "chef@norrbotten.example"
PARTICIPANT = "anna.lind@norrbotten.example"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def inbox(live_server):
    # Links in the mail must lead to the server the browser talks to.
    with override_settings(SITE_URL=live_server.url), smtp_inbox() as inbox:
        yield inbox


def _link(inbox: Inbox, to: str, subject_start: str, path_start: str, base: str) -> str:
    [message] = inbox.to(to, subject_start)
    for word in text_of(message).split():
        if urlsplit(word).path.startswith(path_start):
            return base + urlsplit(word).path
    raise AssertionError(f"No {path_start} link in the mail to {to}")


def _fill_registration(page: Page) -> None:
    page.get_by_label("Organisation", exact=True).select_option(label="Region Norrbotten")
    contact = page.get_by_role("group", name="Kontaktperson")
    contact.get_by_label("Namn").fill("Anna Lind")
    contact.get_by_label("E-post").fill(PARTICIPANT)
    contact.get_by_label("Telefon").fill("0920-28 40 00")
    contact.get_by_label("Roll eller titel").fill("Strateg")
    first = page.get_by_role("group", name="Deltagare 1")
    first.get_by_label("Namn").fill("Anna Lind")
    first.get_by_label("E-post").fill(PARTICIPANT)
    first.get_by_label("Roll eller titel").fill("Strateg")
    page.get_by_label(re.compile("^Fakturaadress")).fill("Region Norrbotten\n971 89 Luleå")
    page.get_by_label("Fakturareferens").fill("Anna Lind")
    page.get_by_label("Chefens namn").fill("Bo Chef")
    page.get_by_label("Chefens e-post").fill(MANAGER)


def test_an_organisation_registers_its_manager_approves_and_a_participant_signs_up(
    page: Page, live_server, demo, inbox
):
    base = live_server.url
    page.goto(base + reverse("programme:invitation", args=[DEMO_SLUG]))
    page.get_by_role("link", name="Anmäl organisationen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmäl organisationen")

    _fill_registration(page)
    page.get_by_label("Organisationsnummer").fill("232100-0229")
    page.get_by_role("button", name="Skicka anmälan till chefen").click()
    expect(page.get_by_role("alert")).to_contain_text("kontrollsiffran")
    expect(page.get_by_label("Chefens e-post")).to_have_value(MANAGER)
    assert axe_violations(page) == [], describe(axe_violations(page))

    page.get_by_label("Organisationsnummer").fill("232100-0230")
    page.get_by_role("button", name="Skicka anmälan till chefen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack! Anmälan är skickad")

    page.goto(_link(inbox, MANAGER, "Godkänn anmälan", "/anmalan/godkannande/", base))
    expect(page.get_by_text("Region Norrbotten").first).to_be_visible()
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.get_by_role("button", name="Godkänn anmälan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack! Anmälan är godkänd")

    [confirmation] = inbox.to(PARTICIPANT, "Anmälan bekräftad")
    assert [part.get_content_type() for part in confirmation.iter_attachments()] == [
        "text/calendar"
    ]

    page.goto(_link(inbox, PARTICIPANT, "Anmäl dig till workshoparna", "/anmalan/deltagare/", base))
    workshop = page.locator("#workshop-1")
    workshop.get_by_label("Ja, jag deltar digitalt").check()
    workshop.get_by_role("button", name="Spara svaret för workshop 1").click()
    expect(page.get_by_role("status")).to_contain_text("Ditt svar för workshop 1 är sparat.")
    assert axe_violations(page) == [], describe(axe_violations(page))
    with page.expect_download() as download:
        page.locator("#workshop-1").get_by_role(
            "link", name="Lägg till workshop 1 i din kalender (.ics)"
        ).click()
    events = Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT")
    assert [str(event["summary"]).split(".")[0] for event in events] == ["Workshop 1"]
    assert inbox.to(PARTICIPANT, "Du är anmäld till workshop 1")
