"""The live board as a post-it board: the seed board on one screen, the phone's one frame at a
time, notes dragged between frames by mouse, touch and keyboard, and the bar that stays.

Screenshots of the seed board go to var/test-artifacts/ (not committed) to be looked at."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, ViewportSize, expect

from harness.servers import run_manage_checked
from tests.browser.conftest import axe_violations, describe
from tests.browser.test_live_board import (  # noqa: F401 (fixtures shared with the board's tests)
    _connected,
    _join,
    _log_in,
    _new_session,
    _note,
    _note_item,
    _write,
    people,
    running,
)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "var" / "test-artifacts"
WAIT_MS = 15_000
DESKTOP: ViewportSize = {"width": 1440, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
SEED_NOTES = 21
DEMO_BOARD = (
    "from larlabb.workshops.models import Session;print(Session.objects.get(join_code='LARLAB').pk)"
)


def _staff_context(browser: Browser, url: str, **options: object) -> tuple[BrowserContext, Page]:
    context = browser.new_context(locale="sv-SE", **options)  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    _log_in(page, url)
    return context, page


@pytest.fixture(scope="module")
def seed_board_url(asgi_server: str, server_env: dict[str, str]) -> str:
    session = run_manage_checked(server_env, "shell", "-c", DEMO_BOARD).strip().splitlines()[-1]
    return f"{asgi_server}/ovning/{session}/grupp/1/"


@pytest.fixture
def desktop(browser: Browser, asgi_server: str, seed_board_url: str) -> Iterator[Page]:
    context, page = _staff_context(browser, asgi_server, viewport=DESKTOP)
    page.goto(seed_board_url)
    _connected(page)
    yield page
    context.close()


@pytest.fixture
def phone(browser: Browser, asgi_server: str, seed_board_url: str) -> Iterator[Page]:
    context, page = _staff_context(
        browser, asgi_server, viewport=PHONE, is_mobile=True, has_touch=True
    )
    page.goto(seed_board_url)
    _connected(page)
    yield page
    context.close()


def _inside_viewport(page: Page, locator: Locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size["width"]
        and box["y"] + box["height"] <= size["height"]
    )


def _not_scrolled(page: Page) -> None:
    scrolled = page.evaluate(
        "() => [window.scrollX, window.scrollY,"
        " document.querySelector('[data-slot=viewport]').scrollLeft,"
        " document.querySelector('[data-slot=viewport]').scrollTop]"
    )
    assert scrolled == [0, 0, 0, 0]


def test_the_seed_board_at_1440_by_900_shows_every_frame_and_all_21_notes_on_one_screen(desktop):
    notes = desktop.locator("[data-notes] > [data-note]")
    expect(notes).to_have_count(SEED_NOTES)
    desktop.screenshot(path=ARTIFACTS / "seed-board-1440x900.png")
    _not_scrolled(desktop)
    for index in range(SEED_NOTES):
        assert _inside_viewport(desktop, notes.nth(index)), notes.nth(index).inner_text()
    frames = desktop.locator("[data-frame]")
    expect(frames).to_have_count(5)
    for index in range(5):
        assert _inside_viewport(desktop, frames.nth(index).get_by_role("heading", level=2))
    assert _inside_viewport(desktop, desktop.get_by_role("heading", name="Instruktion"))
    assert _inside_viewport(desktop, desktop.locator("[data-slot=time-left]"))


def test_on_a_phone_the_third_frame_takes_a_note_without_any_scrolling(phone):
    phone.screenshot(path=ARTIFACTS / "seed-board-390x844.png")
    phone.get_by_role("tab", name=re.compile("^Fråga 3")).click()
    third = phone.locator("[data-frame]").nth(2)
    new = third.get_by_role("button", name=re.compile("^Ny lapp"))
    assert _inside_viewport(phone, new)
    new.click()
    phone.keyboard.type("Skriven i telefonen")
    phone.keyboard.press("Enter")
    expect(third.locator("[data-slot=text]", has_text="Skriven i telefonen")).to_be_visible()
    _not_scrolled(phone)
    wide = phone.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " document.querySelector('[data-slot=viewport]').scrollWidth,"
        " document.querySelector('[data-slot=viewport]').clientWidth]"
    )
    assert wide[0] <= wide[1] and wide[2] <= wide[3], phone.evaluate(
        "() => [...document.querySelectorAll('body *')].filter((e) =>"
        " e.getBoundingClientRect().right > 391).slice(0, 8).map((e) => e.outerHTML.slice(0, 90))"
    )
    phone.screenshot(path=ARTIFACTS / "seed-board-390x844-third-frame.png")
    _remove(phone, "Skriven i telefonen")


def test_the_bar_with_time_message_connection_and_group_stays_in_view_after_scrolling(
    desktop, phone
):
    for page in (desktop, phone):
        page.locator("[data-slot=viewport]").evaluate("(el) => el.scrollTo(0, el.scrollHeight)")
        page.mouse.wheel(0, 3000)
        for name in ("time-left", "connection", "people", "phase"):
            assert _inside_viewport(page, page.locator(f"[data-slot={name}]")), name


def _tabs_until(page: Page, name: re.Pattern[str], limit: int = 10) -> int:
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => (document.activeElement.innerText || '').replace(/\\s+/g, ' ').trim()"
        )
        if name.search(focused):
            return presses
    raise AssertionError(f"{name.pattern} not reached in {limit} Tab presses")


def test_every_frames_new_note_is_at_most_five_key_presses_from_the_top(desktop):
    assert _tabs_until(desktop, re.compile("^Ny lapp: Fråga 1")) <= 5
    desktop.reload()
    _connected(desktop)
    presses = _tabs_until(desktop, re.compile("^Ny lapp: Bonusfråga"))
    assert presses <= 5
    desktop.keyboard.press("Enter")
    bonus = desktop.locator("[data-frame]").nth(4)
    expect(bonus.get_by_role("textbox", name="Text på lappen")).to_be_focused()
    desktop.keyboard.type("Via genvägen")
    desktop.keyboard.press("Escape")
    expect(bonus.get_by_role("button", name=re.compile("^Ny lapp"))).to_be_focused()


def test_each_note_is_one_tab_stop_and_arrows_move_between_a_frames_notes(desktop):
    first = desktop.locator("[data-frame]").nth(0)
    stops = first.locator("[data-note][tabindex='0']")
    expect(stops).to_have_count(1)
    expect(first.locator("[data-notes] button:not([tabindex='-1'])")).to_have_count(0)
    # The seed board's 21 notes in five frames: each frame's "Ny lapp" and one note to Tab to.
    tab_stops = desktop.evaluate(
        """() => [...document.querySelectorAll('[data-slot=frames] *')].filter((el) =>
            el.tabIndex >= 0 && !el.disabled && el.checkVisibility()).length"""
    )
    assert tab_stops == 5 + 4
    notes = first.locator("[data-notes] > [data-note]")
    notes.nth(0).focus()
    desktop.keyboard.press("ArrowDown")
    expect(notes.nth(1)).to_be_focused()
    expect(stops).to_have_count(1)
    expect(notes.nth(1)).to_have_attribute("tabindex", "0")
    desktop.keyboard.press("End")
    expect(notes.last).to_be_focused()


def test_the_note_menu_opens_from_the_keyboard_and_passes_axe(desktop):
    note = desktop.locator("[data-frame]").nth(0).locator("[data-notes] > [data-note]").first
    note.focus()
    desktop.keyboard.press("Enter")
    menu = note.get_by_role("menu")
    expect(menu).to_be_visible()
    expect(note.get_by_role("button", name="Åtgärder")).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("menuitemcheckbox", name="Gilla (+1)")).to_be_focused()
    desktop.keyboard.press("ArrowUp")
    expect(menu.get_by_role("menuitem").last).to_be_focused()
    desktop.screenshot(path=ARTIFACTS / "seed-board-1440x900-menu.png")
    violations = axe_violations(desktop)
    assert violations == [], describe(violations)
    desktop.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(note).to_be_focused()


def test_the_board_and_the_phone_board_pass_axe(desktop, phone):
    for page in (desktop, phone):
        violations = axe_violations(page)
        assert violations == [], describe(violations)


def test_zoom_buttons_and_keys_scale_the_canvas(desktop):
    level = desktop.locator("[data-slot=zoom-level]")
    fitted = level.inner_text()
    desktop.get_by_role("button", name="Zooma in").click()
    expect(level).not_to_have_text(fitted)
    desktop.locator("[data-notes] > [data-note]").first.focus()
    desktop.keyboard.press("0")
    expect(level).to_have_text(fitted)
    desktop.keyboard.press("-")
    expect(level).not_to_have_text(fitted)
    desktop.get_by_role("button", name="Hela tavlan").click()
    expect(level).to_have_text(fitted)


def _frame_of(page: Page, text: str) -> Locator:
    return page.locator("[data-frame]").filter(has=page.locator("[data-slot=text]", has_text=text))


def _drag_with_mouse(page: Page, source: Locator, target: Locator) -> None:
    start, end = source.bounding_box(), target.bounding_box()
    assert start and end
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + 20)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=12)
    page.mouse.move(end["x"] + end["width"] / 2 + 4, end["y"] + end["height"] / 2, steps=3)
    page.mouse.up()


def test_a_note_dragged_with_the_mouse_moves_to_another_frame_for_everyone(running):  # noqa: F811
    mover, watcher = (running[name] for name in running.together)
    _write(mover, 0, "Dras till fråga tre")
    expect(_note(watcher, "Dras till fråga tre")).to_be_visible()
    target = mover.locator("[data-frame]").nth(2).locator("[data-notes]")
    _drag_with_mouse(mover, _note_item(mover, "Dras till fråga tre"), target)
    for page in (mover, watcher):
        expect(_frame_of(page, "Dras till fråga tre")).to_have_attribute(
            "data-frame", page.locator("[data-frame]").nth(2).get_attribute("data-frame") or ""
        )
    expect(mover.locator("[data-slot=announcer]")).to_contain_text("Lappen är flyttad till")


def test_a_note_moved_with_the_keyboard_alone_reaches_the_other_participant(running):  # noqa: F811
    mover, watcher = (running[name] for name in running.together)
    _write(mover, 1, "Flyttas med tangentbordet")
    expect(_note(watcher, "Flyttas med tangentbordet")).to_be_visible()
    mover.reload()
    _connected(mover)
    _tabs_until(mover, re.compile("^Flyttas med tangentbordet"), limit=40)
    mover.keyboard.press("Enter")
    summary = re.compile("^Flytta till Att tänka på inför Lärlabb")
    for _ in range(12):
        mover.keyboard.press("ArrowDown")
        focused = mover.evaluate("() => document.activeElement.innerText")
        if summary.search(focused):
            break
    mover.keyboard.press("Enter")
    expect(mover.locator("[data-slot=announcer]")).to_have_text(
        "Lappen är flyttad till Att tänka på inför Lärlabb."
    )
    for page in (mover, watcher):
        frame = _frame_of(page, "Flyttas med tangentbordet")
        expect(frame.get_by_role("heading", level=2)).to_contain_text("Att tänka på inför Lärlabb")
    expect(_note_item(mover, "Flyttas med tangentbordet")).to_be_focused()


@pytest.fixture
def touch(browser: Browser, asgi_server: str, seed_board_url: str) -> Iterator[Page]:
    context, page = _staff_context(browser, asgi_server, viewport=DESKTOP, has_touch=True)
    page.goto(seed_board_url)
    _connected(page)
    yield page
    context.close()


def _remove(page: Page, text: str) -> None:
    """Takes a test's own note off the seed board again, so it keeps its 21 notes."""
    item = _note_item(page, text)
    item.get_by_role("button", name="Åtgärder").click()
    item.get_by_role("menuitem", name="Ta bort").click()
    expect(_note(page, text)).to_have_count(0)


def test_a_note_dragged_by_touch_moves_to_another_frame(touch):
    _write(touch, 0, "Dras med fingret")
    note = _note_item(touch, "Dras med fingret")
    expect(note).to_have_attribute("data-note", re.compile(r"^\d+$"))
    bonus = touch.locator("[data-frame]").nth(4)
    bonus_id = bonus.get_attribute("data-frame") or ""
    start, end = note.bounding_box(), bonus.locator("[data-notes]").bounding_box()
    assert start and end
    cdp = touch.context.new_cdp_session(touch)
    x, y = start["x"] + start["width"] / 2, start["y"] + 20
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    # The press that picks a note up on a touch screen (SortableJS's delay) before it moves.
    touch.wait_for_timeout(400)
    ex, ey = end["x"] + end["width"] / 2, end["y"] + end["height"] / 2
    for step in range(1, 16):
        point = {"x": x + (ex - x) * step / 15, "y": y + (ey - y) * step / 15}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    expect(_frame_of(touch, "Dras med fingret")).to_have_attribute("data-frame", bonus_id)
    touch.reload()
    expect(_frame_of(touch, "Dras med fingret")).to_have_attribute("data-frame", bonus_id)
    _remove(touch, "Dras med fingret")


def _fits_the_phone_width(page: Page) -> bool:
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def test_the_join_and_waiting_pages_fit_a_phone(browser: Browser, people):  # noqa: F811
    code = _new_session(people["staff"], people.url)
    context = browser.new_context(locale="sv-SE", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{people.url}/ovning/delta/")
    assert _fits_the_phone_width(page)
    assert _inside_viewport(page, page.get_by_label("Kod"))
    _join(page, people.url, code, "Dana")
    expect(page.locator("main")).to_contain_text("Välkommen, Dana!")
    assert _fits_the_phone_width(page)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    context.close()
