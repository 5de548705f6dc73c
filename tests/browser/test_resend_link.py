"""A participant who lost their mail has their link sent again, over real SMTP on the loopback."""

from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from larlabb.demo.registrations import DEMO_SLUG
from larlabb.registration.tests.smtp import smtp_inbox, text_of
from tests.browser.conftest import axe_violations, describe

PARTICIPANT = "ahmed.nasser@ostergotland.example"
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_participant_types_their_address_gets_the_mail_and_its_link_opens_their_page(
    page: Page, live_server, demo
):
    base = live_server.url
    with override_settings(SITE_URL=base), smtp_inbox() as inbox:
        page.goto(base + reverse("programme:invitation", args=[DEMO_SLUG]))
        page.get_by_role("link", name="Skicka min länk igen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Skicka min länk igen")

        page.get_by_label("Din e-postadress").fill("ahmed.nasser@ostergotland")
        page.get_by_role("button", name="Skicka min länk").click()
        expect(page.get_by_role("alert")).to_contain_text("Skriv en e-postadress som")
        expect(page.get_by_label("Din e-postadress")).to_have_value("ahmed.nasser@ostergotland")
        assert axe_violations(page) == [], describe(axe_violations(page))

        page.get_by_label("Din e-postadress").fill(PARTICIPANT)
        page.get_by_role("button", name="Skicka min länk").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Titta i din inkorg")
        expect(page.get_by_text(PARTICIPANT)).to_be_visible()
        assert axe_violations(page) == [], describe(axe_violations(page))
        page.get_by_role("link", name="Tillbaka till").click()
        expect(page).to_have_url(base + reverse("programme:invitation", args=[DEMO_SLUG]))

        [message] = inbox.to(PARTICIPANT, "Dina personliga länkar")
        links = [
            urlsplit(word).path
            for word in text_of(message).split()
            if urlsplit(word).path.startswith("/anmalan/deltagare/")
        ]
        assert len(links) == 1

    page.goto(base + links[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Dina workshopar")
    expect(page.get_by_text("personlig för Ahmed Nasser, Region Östergötland")).to_be_visible()
    expect(page.get_by_role("link", name="Delta i en övning som pågår")).to_be_visible()
