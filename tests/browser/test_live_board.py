"""The live board in Debian's Chromium: several people in their own browser contexts, a
facilitator, and a real ASGI server (conftest.py's asgi_server), since pytest-django's live
server speaks only WSGI and no WebSockets."""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from harness.servers import run_manage_checked
from tests.browser.conftest import axe_violations, describe

# On one worker with the other tests of the live board, so the demo behind it is served once.
pytestmark = pytest.mark.xdist_group("live_board")

STAFF = ("kansliet", "larlabb-demo")
# The waiting page asks every four seconds; a screen must follow within a few of those.
WAIT_MS = 15_000


def _context(browser: Browser) -> tuple[BrowserContext, Page]:
    context = browser.new_context(locale="sv-SE", viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    return context, page


@dataclass
class Room:
    url: str
    pages: dict[str, Page]
    boards: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Page:
        return self.pages[name]

    @property
    def together(self) -> list[str]:
        numbers = list(self.boards.values())
        return [name for name, number in self.boards.items() if numbers.count(number) == 2]

    @property
    def alone(self) -> str:
        return next(name for name in self.boards if name not in self.together)


@pytest.fixture
def people(browser: Browser, asgi_server: str) -> Iterator[Room]:
    contexts = {name: _context(browser) for name in ("staff", "Anna", "Bo", "Cecilia")}
    yield Room(url=asgi_server, pages={name: page for name, (_, page) in contexts.items()})
    for context, _ in contexts.values():
        context.close()


def _log_in(staff: Page, url: str) -> None:
    staff.goto(f"{url}/kansliet/logga-in/")
    staff.get_by_label("Användarnamn").fill(STAFF[0])
    staff.get_by_label("Lösenord").fill(STAFF[1])
    staff.locator("main button[type=submit]").click()
    staff.wait_for_url("**/kansliet/")


def _new_session(staff: Page, url: str) -> str:
    """Staff create a fresh session from the seed template; returns its join code."""
    _log_in(staff, url)
    staff.goto(f"{url}/kansliet/workshoppass/")
    for label, text in (
        ("Workshop", "Lärlabb Hållbar utveckling: Workshop 2"),
        ("Övning", re.compile(r"^Mall: Lärlabb: Hållbar utveckling$")),
    ):
        select = staff.get_by_label(re.compile(f"^{label}"))
        value = select.locator("option", has_text=text).first.get_attribute("value")
        select.select_option(value=value)
    staff.get_by_role("button", name="Skapa passet").click()
    return staff.locator(".join-code").inner_text().strip()


def _join(page: Page, url: str, code: str, name: str) -> None:
    page.goto(f"{url}/ovning/delta/")
    page.get_by_label("Kod").fill(code)
    page.get_by_label("Ditt namn").fill(name)
    page.get_by_role("button", name="Delta").click()
    page.wait_for_url("**/vanta/")


def _note(page: Page, text: str) -> Locator:
    """A note on the board itself (the outline holds the same text, hidden by default)."""
    return page.locator("[data-notes] [data-slot=text]", has_text=text)


def _connected(page: Page) -> None:
    expect(page.locator("[data-slot=connection]")).to_contain_text("Ansluten")


def _write(page: Page, frame: int, text: str) -> None:
    region = page.locator("[data-frame]").nth(frame)
    region.get_by_role("button", name=re.compile("^Ny lapp")).click()
    page.keyboard.type(text)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")


@pytest.fixture
def running(people: Room) -> Room:
    """Three guests split by the facilitator into two groups, each on their board."""
    staff = people["staff"]
    code = _new_session(staff, people.url)
    for name in ("Anna", "Bo", "Cecilia"):
        _join(people[name], people.url, code, name)
    staff.reload()
    staff.get_by_label("Personer per grupp, ungefär").fill("2")
    staff.get_by_role("button", name="Dela in grupperna automatiskt").click()
    expect(staff.locator("[data-group-row]")).to_have_count(2)
    for name in ("Anna", "Bo", "Cecilia"):
        page = people[name]
        page.wait_for_url(re.compile(r"/grupp/\d+/$"))
        _connected(page)
        people.boards[name] = int(page.url.rstrip("/").rsplit("/", 1)[1])
    return people


def test_a_group_and_the_facilitator_see_each_others_notes_and_another_group_does_not(running):
    first, second = (running[name] for name in running.together)
    alone = running[running.alone]
    staff = running["staff"]
    _write(first, 0, "En arena för samtal")
    expect(_note(second, "En arena för samtal")).to_be_visible()
    number = running.boards[running.together[0]]
    row = staff.locator("[data-group-row]").nth(number - 1)
    expect(row.locator("[data-total]")).to_have_text("1")
    _write(second, 1, "Hur vill de samverka?")
    expect(_note(first, "Hur vill de samverka?")).to_be_visible()
    expect(row.locator("[data-total]")).to_have_text("2")
    staff.get_by_role("link", name=f"Öppna tavlan för grupp {number}").click()
    expect(_note(staff, "En arena för samtal")).to_be_visible()
    _connected(staff)
    _write(staff, 3, "Samtalsledarens lapp")
    expect(_note(first, "Samtalsledarens lapp")).to_be_visible()
    alone.wait_for_timeout(500)
    for text in ("En arena för samtal", "Hur vill de samverka?", "Samtalsledarens lapp"):
        expect(alone.get_by_text(text)).to_have_count(0)


def test_the_timer_moves_every_screen_to_the_next_phase(running):
    staff = running["staff"]
    boards = [running[name] for name in ("Anna", "Bo", "Cecilia")]
    staff.get_by_role("button", name="Starta övningen").click()
    for page in boards:
        expect(page.locator("[data-slot=phase]")).to_contain_text("Fas 1 av 2")
        expect(page.locator("[data-slot=time-left]")).to_have_text(re.compile(r"^(30:00|29:5\d)$"))
    staff.get_by_role("button", name=re.compile("^Nästa fas")).click()
    for page in boards:
        expect(page.locator("[data-slot=phase]")).to_contain_text("Fas 2 av 2: Sammanfatta")
        expect(page.locator("[data-slot=announcer]")).to_contain_text("Ny fas: Sammanfatta")
        expect(page.locator("[data-slot=time-left]")).to_have_text(re.compile(r"^(10:00|9:5\d)$"))


def test_a_note_written_offline_reaches_everyone_once(running):
    first, second = running.together
    writer, reader = running[first], running[second]
    writer.context.set_offline(True)
    expect(writer.locator("[data-slot=connection]")).to_contain_text("Ingen anslutning")
    _write(writer, 2, "Skriven utan nät")
    expect(writer.locator("[data-slot=connection]")).to_contain_text("väntar på att skickas")
    writer.context.set_offline(False)
    expect(_note(reader, "Skriven utan nät")).to_have_count(1)
    _connected(writer)
    expect(writer.locator("[data-slot=connection]")).not_to_contain_text("väntar")
    writer.reload()
    reader.reload()
    for page in (writer, reader):
        expect(_note(page, "Skriven utan nät")).to_have_count(1)


def test_the_join_page_the_board_and_the_facilitator_view_pass_axe(running):
    board = running[running.together[0]]
    _write(board, 0, "En lapp att granska")
    expect(_note(board, "En lapp att granska")).to_be_visible()
    board.get_by_role("button", name=re.compile("^Ny lapp")).first.click()
    pages = [board, running["staff"]]
    join = running[running.alone]
    join.goto(f"{running.url}/ovning/delta/")
    pages.append(join)
    for page in pages:
        violations = axe_violations(page)
        assert violations == [], describe(violations)


def _note_item(page: Page, text: str) -> Locator:
    return page.locator("[data-notes] > li").filter(
        has=page.locator("[data-slot=text]", has_text=text)
    )


def _menu_item(page: Page, text: str, name: str) -> Locator:
    """Opens the note's actions menu and returns its checkbox item with this name."""
    note = _note_item(page, text)
    note.get_by_role("button", name="Åtgärder").click()
    return note.get_by_role("menu").get_by_role("menuitemcheckbox", name=name)


def test_a_goal_conflict_tag_reaches_the_group_and_the_facilitator_in_words(running):
    first, second = (running[name] for name in running.together)
    staff = running["staff"]
    row = staff.locator("[data-group-row]").nth(running.boards[running.together[0]] - 1)
    _write(first, 0, "Fler vägar eller mindre utsläpp")
    _menu_item(second, "Fler vägar eller mindre utsläpp", "Målkonflikt").click()
    toggle = _menu_item(second, "Fler vägar eller mindre utsläpp", "Målkonflikt")
    expect(toggle).to_have_attribute("aria-checked", "true")
    second.keyboard.press("Escape")
    for page in (first, second):
        tag = _note_item(page, "Fler vägar eller mindre utsläpp").locator(
            "[data-slot=goal-conflict]"
        )
        expect(tag).to_be_visible()
        expect(tag).to_have_text("Målkonflikt")
    expect(row.locator("[data-conflicts]")).to_have_text("1")
    _menu_item(second, "Fler vägar eller mindre utsläpp", "Målkonflikt").click()
    expect(
        _note_item(first, "Fler vägar eller mindre utsläpp").locator("[data-slot=goal-conflict]")
    ).to_be_hidden()
    expect(row.locator("[data-conflicts]")).to_have_text("0")


def test_the_outline_is_as_live_as_the_board_and_works_by_keyboard(running):
    writer_name, reader_name = running.together
    writer, reader = running[writer_name], running[reader_name]
    reader.get_by_role("link", name="Som disposition (text)").focus()
    reader.keyboard.press("Enter")
    outline = reader.locator("[data-slot=outline]")
    expect(outline).to_be_visible()
    expect(outline).to_be_focused()
    expect(reader.locator("[data-slot=viewport]")).to_be_hidden()
    expect(reader).to_have_url(re.compile(r"\?visning=disposition$"))
    _write(writer, 1, "Hur vill de samverka?")
    items = outline.locator("[data-outline]").nth(1).get_by_role("listitem")
    expect(items).to_have_text([re.compile(rf"^Hur vill de samverka\? – {writer_name}$")])
    expect(
        outline.get_by_role("heading", name="Fråga 2: Vad vill du veta om myndigheterna?")
    ).to_be_visible()
    _menu_item(writer, "Hur vill de samverka?", "Målkonflikt").click()
    expect(items).to_have_text([re.compile(r"Målkonflikt$")])
    violations = axe_violations(reader)
    assert violations == [], describe(violations)
    reader.reload()
    expect(reader.locator("[data-slot=outline]")).to_be_visible()
    reader.get_by_role("link", name="Som tavla").click()
    expect(reader.locator("[data-slot=viewport]")).to_be_visible()
    expect(reader.locator("[data-slot=outline]")).to_be_hidden()


def test_report_back_shows_each_groups_summary_on_every_screen_in_turn(running):
    staff = running["staff"]
    names = ("Anna", "Bo", "Cecilia")
    summaries = {running.boards[running.together[0]]: "Samverkan över gränser"}
    summaries[running.boards[running.alone]] = "Tydliga roller"
    _write(running[running.together[0]], 3, summaries[running.boards[running.together[0]]])
    _write(running[running.alone], 3, summaries[running.boards[running.alone]])
    for name in (running.together[0], running.alone):
        expect(_note(running[name], summaries[running.boards[name]])).to_be_visible()
    staff.get_by_role("button", name="Starta redovisningen").click()
    for number in (1, 2):
        for page in (*(running[name] for name in names), staff):
            report = page.locator("[data-report]")
            expect(report).to_be_visible()
            expect(report.get_by_role("heading", level=2)).to_have_text(
                f"Grupp {number} redovisar ({number} av 2)"
            )
            expect(report.get_by_role("listitem")).to_have_text([summaries[number]])
        for name in names:
            expect(running[name].locator("[data-slot=layout]")).to_be_hidden()
            expect(running[name].locator("[data-slot=views]")).to_be_hidden()
            expect(running[name].locator("[data-slot=announcer]")).to_have_text(
                f"Redovisning: grupp {number} redovisar nu."
            )
        if number == 1:
            for page in (running[running.alone], staff):
                violations = axe_violations(page)
                assert violations == [], describe(violations)
            staff.get_by_role("button", name="Nästa grupp").click()
    reconnecting = running[running.together[1]]
    reconnecting.reload()
    expect(reconnecting.locator("[data-report] h2")).to_have_text("Grupp 2 redovisar (2 av 2)")
    staff.get_by_role("button", name="Avsluta redovisningen").click()
    for name in names:
        page = running[name]
        expect(page.locator("[data-report]")).to_be_hidden()
        expect(page.locator("[data-slot=layout]")).to_be_visible()
        expect(page.locator("[data-slot=views]")).to_be_visible()
    expect(running[running.alone].locator("[data-slot=announcer]")).to_have_text(
        "Redovisningen är slut. Tavlan visas igen."
    )


def test_writing_alone_first_shows_each_only_their_own_notes_until_revealed(running, server_env):
    run_manage_checked(
        server_env,
        "shell",
        "-c",
        "from larlabb.workshops.models import Phase, Session;"
        "session = Session.objects.latest('created_at');"
        "Phase.objects.filter(exercise=session.exercise, position=0).update(hides_others=True)",
    )
    staff = running["staff"]
    first_name, second_name = running.together
    first, second = running[first_name], running[second_name]
    staff.reload()
    staff.get_by_role("button", name="Starta övningen").click()
    for page in (first, second):
        expect(page.locator("[data-slot=hidden-notice]")).to_be_visible()
    _write(first, 0, "Min egen tanke")
    _write(second, 0, "Min andra tanke")
    expect(_note(first, "Min egen tanke")).to_be_visible()
    expect(_note(second, "Min andra tanke")).to_be_visible()
    second.reload()
    _connected(second)
    expect(_note(second, "Min egen tanke")).to_have_count(0)
    expect(_note(first, "Min andra tanke")).to_have_count(0)
    staff.get_by_role("button", name="Visa allas lappar").click()
    for page in (first, second):
        expect(_note(page, "Min egen tanke")).to_be_visible()
        expect(_note(page, "Min andra tanke")).to_be_visible()
        expect(page.locator("[data-slot=hidden-notice]")).to_be_hidden()
    expect(first.locator("[data-slot=announcer]")).to_have_text("Allas lappar visas nu.")


# A session at a workshop of the demo project that organisations have registered for, and
# the personal link of one confirmed participant there.
REGISTERED_SESSION = """
import json
from larlabb.registration.models import OrganisationRegistration, Participant
from larlabb.registration.tokens import participant_token
from larlabb.workshops.models import Exercise
from larlabb.workshops.sessions.services import session_create
person = Participant.objects.filter(
    registration__status=OrganisationRegistration.Status.CONFIRMED, erased_at__isnull=True
).select_related("registration__organisation", "registration__project").first()
session = session_create(
    workshop=person.registration.project.workshops.order_by("number").first(),
    source=Exercise.objects.filter(is_template=True).first(),
    created_by=None,
    allow_guests=False,
)
print(json.dumps({
    "session": session.pk,
    "title": session.exercise.title,
    "token": participant_token(person.pk),
    "name": person.name,
    "organisation": person.registration.organisation.name,
}))
"""


def test_a_registered_participant_joins_with_their_personal_link_and_no_code(people, server_env):
    output = run_manage_checked(server_env, "shell", "-c", REGISTERED_SESSION)
    found = json.loads(output.strip().splitlines()[-1])
    page, staff = people["Anna"], people["staff"]
    page.goto(f"{people.url}/ovning/delta/{found['token']}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delta i workshopövningen")
    expect(page.locator("main")).to_contain_text(
        f"Du deltar som {found['name']}, {found['organisation']}."
    )
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_role("button", name=f"Delta i {found['title']}").click()
    page.wait_for_url("**/vanta/")
    expect(page.locator("main")).to_contain_text(f"Välkommen, {found['name']}!")
    _log_in(staff, people.url)
    staff.goto(f"{people.url}/kansliet/workshoppass/{found['session']}/")
    expect(staff.locator("#groups")).to_contain_text(f"{found['name']}, {found['organisation']}")
    expect(staff.locator(".join__qr svg[role=img]")).to_have_attribute(
        "aria-label", re.compile("^QR-kod till sidan där man deltar")
    )
    staff.get_by_role("button", name="Dela in grupperna automatiskt").click()
    page.wait_for_url(re.compile(r"/grupp/1/$"))
    _connected(page)


def test_a_member_takes_the_leader_role_and_the_group_and_the_facilitator_are_told(running):
    first, second = running.together
    taker, other = running[first], running[second]
    staff = running["staff"]
    number = running.boards[first]
    for page in (taker, other):
        page.get_by_text("Gruppledare och status").click()
    taker.get_by_role("button", name="Bli gruppledare").click()
    took = f"{first} har tagit rollen som gruppledare."
    for page in (taker, other):
        expect(page.locator("[data-slot=leader-change]")).to_have_text(took)
        expect(page.locator("[data-slot=announcer]")).to_have_text(took)
    expect(staff.locator("[data-slot=leader-change]")).to_have_text(f"Grupp {number}: {took}")
    expect(other.get_by_role("button", name="Bli gruppledare")).to_be_hidden()
    only_facilitator = "Bara samtalsledaren kan byta eller ta bort gruppledaren."
    expect(other.get_by_text(only_facilitator)).to_be_visible()
    taker.get_by_role("button", name="Lämna rollen som gruppledare").click()
    expect(other.locator("[data-slot=leader-change]")).to_contain_text(
        f"{first} har lämnat rollen som gruppledare."
    )
    expect(other.get_by_role("button", name="Bli gruppledare")).to_be_visible()
    assert axe_violations(other) == [], describe(axe_violations(other))
