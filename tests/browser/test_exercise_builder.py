"""Kansliet's exercise builder and board import in Debian's Chromium, checked with axe-core."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from larlabb.demo.sessions import DEMO_JOIN_CODE
from larlabb.workshops.access import Viewer
from larlabb.workshops.board.services import group_leader_appoint
from larlabb.workshops.models import Exercise, Member, Note, Session
from larlabb.workshops.sessions.services import member_move
from larlabb.workshops.tests.helpers import import_placement_lexical
from tests.browser.conftest import axe_violations, describe

SEED_EXPORT = (
    Path(__file__).resolve().parents[2]
    / "larlabb/workshops/transcription/tests/data/seed_board_export.txt"
).read_text()


@pytest.fixture
def staff_page(page: Page, live_server, demo) -> Page:
    page.goto(live_server.url + reverse("staff:login"))
    page.get_by_label("Användarnamn").fill("kansliet")
    page.get_by_label("Lösenord").fill("larlabb-demo")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def test_building_an_exercise_by_keyboard_with_errors_shown_and_axe_clean(staff_page, live_server):
    page = staff_page
    page.goto(live_server.url + reverse("staff:exercise_list"))
    page.get_by_role("link", name="Ny övning").click()
    assert not axe_violations(page), describe(axe_violations(page))

    page.get_by_label(re.compile(r"^Rubrik")).fill("Regionernas roller")
    question = page.get_by_role("group", name="Fråga 1").get_by_label(re.compile(r"^Fråga"))
    question.fill("Vilka roller tar regionen?")
    page.get_by_role("button", name="Lägg till en rad för en fråga").click()
    expect(page.get_by_role("group", name="Fråga 3")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Rubrik"))).to_have_value("Regionernas roller")
    expect(question).to_have_value("Vilka roller tar regionen?")

    page.get_by_role("group", name="Fråga 2").get_by_label(re.compile(r"^Fråga")).fill(
        "Vad kan myndigheterna bidra med?"
    )
    phase = page.get_by_role("group", name="Fas 1")
    phase.get_by_label(re.compile(r"^Fas\b")).fill("Skriv själv")
    phase.get_by_label("Minuter").fill("0")
    phase.get_by_label("Skriv själv först").check()
    page.get_by_role("button", name="Spara övningen").last.click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Skriv rubriken på rutan där gruppen sammanfattar.")
    expect(alert).to_contain_text("En fas tar minst en minut.")
    expect(page.get_by_label(re.compile(r"^Rubrik"))).to_have_value("Regionernas roller")
    assert not axe_violations(page), describe(axe_violations(page))

    page.get_by_label("Sammanfattningsrutans rubrik").fill("Att ta med sig")
    page.get_by_role("group", name="Fas 1").get_by_label("Minuter").fill("120")
    page.get_by_label("Minuter").first.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Övningen är sparad.")
    exercise = Exercise.objects.get(title="Regionernas roller")
    assert [frame.title for frame in exercise.frames.all()] == [
        "Vilka roller tar regionen?",
        "Vad kan myndigheterna bidra med?",
        "Att ta med sig",
    ]
    assert [(p.minutes, p.hides_others) for p in exercise.phases.all()] == [(120, True)]


def test_the_import_review_places_notes_by_keyboard_and_passes_axe(
    staff_page, live_server, monkeypatch
):
    import_placement_lexical(monkeypatch)
    page = staff_page
    session = Session.objects.get(join_code=DEMO_JOIN_CODE)
    page.goto(live_server.url + reverse("staff:session_boards", args=[session.pk]))
    assert not axe_violations(page), describe(axe_violations(page))
    page.get_by_role("link", name="Importera en tavelexport").click()
    page.get_by_label("Grupp").select_option(label="En ny grupp")
    page.get_by_label("Exportens text").fill(SEED_EXPORT)
    page.get_by_role("button", name="Läs in och granska").click()

    expect(page.get_by_role("heading", name="Lappar att placera")).to_be_visible()
    assert not axe_violations(page), describe(axe_violations(page))

    page.get_by_role("button", name="Importera lapparna").click()
    expect(page.get_by_role("alert")).to_contain_text("Välj en ruta för lappen")
    assert not axe_violations(page), describe(axe_violations(page))

    unplaced = page.get_by_role("region", name="Lappar att placera").get_by_role("combobox")
    for index in range(unplaced.count()):
        unplaced.nth(index).select_option(label="Vad vill du veta om myndigheterna?")
    page.get_by_role("button", name="Importera lapparna").click()
    expect(page.get_by_role("status")).to_contain_text("21 lappar är importerade till Grupp 2.")
    group = session.groups.get(number=2)
    assert group.notes.filter(source=Note.Source.IMPORTED).count() == 21
    assert not axe_violations(page), describe(axe_violations(page))


def test_typing_in_a_physical_board_shows_errors_accessibly_for_staff_and_leader(
    staff_page, browser, live_server
):
    page = staff_page
    session = Session.objects.get(join_code=DEMO_JOIN_CODE)
    page.goto(live_server.url + reverse("staff:group_transcribe", args=[session.pk, 1]))
    first = page.get_by_label("Nya lappar i ”Vilka förväntningar har du på Lärlabb?”")
    first.fill("Träffa fler regioner\n" + "x" * 501)
    page.get_by_role("button", name="Spara lapparna").click()
    expect(page.get_by_role("alert")).to_contain_text("Rad 2 är 501 tecken")
    expect(
        page.get_by_label("Nya lappar i ”Vilka förväntningar har du på Lärlabb?”")
    ).to_have_value("Träffa fler regioner\n" + "x" * 501)
    assert not axe_violations(page), describe(axe_violations(page))

    page.get_by_label("Foto av tavlan").set_input_files(
        files=[{"name": "tavla.jpg", "mimeType": "image/jpeg", "buffer": b"inte en bild"}]
    )
    page.get_by_label("Beskrivning").fill("Grupp 1:s tavla")
    page.get_by_role("button", name="Ladda upp fotot").click()
    expect(page.get_by_role("alert")).to_contain_text("Filen går inte att läsa som en bild.")
    expect(page.get_by_label("Beskrivning")).to_have_value("Grupp 1:s tavla")
    assert not axe_violations(page), describe(axe_violations(page))

    guest = browser.new_context(locale="sv-SE").new_page()
    guest.goto(live_server.url + reverse("workshops:join"))
    guest.get_by_label("Kod").fill(DEMO_JOIN_CODE)
    guest.get_by_label("Ditt namn").fill("Gunilla Gruppledare")
    guest.get_by_role("button", name="Delta").click()
    member = Member.objects.get(session=session, display_name="Gunilla Gruppledare")
    group = session.groups.get(number=1)
    member_move(session=session, member=member, group=group)
    group_leader_appoint(
        viewer=Viewer(session_id=session.pk, member_id=None, group_id=None, is_facilitator=True),
        group_id=group.pk,
        member_id=member.pk,
    )
    guest.goto(live_server.url + reverse("workshops:leader_transcribe", args=[session.pk, 1]))
    expect(guest.get_by_role("heading", level=1)).to_contain_text("skriv in er tavla")
    assert not axe_violations(guest), describe(axe_violations(guest))
    guest.context.close()
