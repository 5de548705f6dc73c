"""Staff anonymise a participant in Debian's Chromium: a link to a page that asks first, says
what goes and what stays, and erases only when confirmed; axe-core on both pages."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from larlabb.registration.gdpr import ERASED_NAME
from larlabb.registration.models import OrganisationRegistration
from tests.browser.conftest import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def test_staff_anonymise_a_participant_after_a_confirmation_page(
    page: Page, live_server, demo
) -> None:
    registration = OrganisationRegistration.objects.filter(status="confirmed").first()
    assert registration is not None
    participant = registration.participants.exclude(email=registration.contact_email).first()
    assert participant is not None
    page.goto(live_server.url + reverse("staff:login"))
    page.get_by_label("Användarnamn").fill("kansliet")
    page.get_by_label("Lösenord").fill("larlabb-demo")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(live_server.url + reverse("staff:registration_detail", args=[registration.pk]))
    _no_violations(page)
    # The link's visible text is "Anonymisera…"; its accessible name also says whom.
    page.get_by_role("link", name=re.compile(f"^Anonymisera {participant.name}")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Anonymisera {participant.name}?")
    expect(page.get_by_role("heading", name="Det här finns kvar")).to_be_visible()
    _no_violations(page)
    participant.refresh_from_db()
    assert participant.erased_at is None, "opening the page erases nothing"

    page.get_by_role("button", name=f"Anonymisera {participant.name}").click()

    expect(page.get_by_text("Personen är anonymiserad.")).to_be_visible()
    participant.refresh_from_db()
    assert participant.name == ERASED_NAME
