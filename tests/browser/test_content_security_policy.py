"""The Content-Security-Policy in Debian's Chromium: the main pages of every kind load and work
without a single violation (no inline script, handler or style, no eval), and the live board
still writes a note that the group sees over its WebSocket."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from larlabb.demo.documentation import BOARD_PROJECT_SLUG
from larlabb.demo.seed_invitation import SLUG as INVITATION_SLUG
from tests.browser.test_live_board import (  # noqa: F401 (fixtures, found by name)
    Room,
    _context,
    _note,
    _write,
    running,
)

# On one worker with the other tests of the live board, so the demo behind it is served once.
pytestmark = pytest.mark.xdist_group("live_board")

# Every page of a context reports each violation here, before any of its own scripts run.
_LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


def _violations(page: Page, console: list[str]) -> list[str]:
    reported: list[str] = page.evaluate("window.__cspViolations")
    return reported + [line for line in console if "Content Security Policy" in line]


def _recorder(log: list[str]) -> Callable[[ConsoleMessage], None]:
    return lambda message: log.append(message.text)


@pytest.fixture
def people(browser: Browser, asgi_server: str) -> Iterator[Room]:
    """test_live_board's people, each page listening for policy violations."""
    contexts = {name: _context(browser) for name in ("staff", "Anna", "Bo", "Cecilia")}
    consoles: dict[str, list[str]] = {}
    for name, (context, page) in contexts.items():
        context.add_init_script(_LISTEN)
        consoles[name] = []
        page.on("console", _recorder(consoles[name]))
    room = Room(url=asgi_server, pages={name: page for name, (_, page) in contexts.items()})
    room.consoles = consoles  # type: ignore[attr-defined]
    yield room
    for context, _ in contexts.values():
        context.close()


def test_the_main_pages_and_the_live_board_work_without_any_policy_violation(
    running: Room,  # noqa: F811
) -> None:
    first, second = (running[name] for name in running.together)
    _write(first, 0, "Skriven under policyn")
    expect(_note(second, "Skriven under policyn")).to_be_visible()
    staff = running["staff"]
    url = running.url
    pages = {
        "the facilitator's view": staff.url,
        "the invitation": f"{url}/projekt/{INVITATION_SLUG}/",
        "the registration form": f"{url}/projekt/{INVITATION_SLUG}/anmalan/",
        "the public documentation": f"{url}/projekt/{BOARD_PROJECT_SLUG}/dokumentation/",
        "the staff start page": f"{url}/kansliet/",
        "the staff documentation": f"{url}/kansliet/projekt/{BOARD_PROJECT_SLUG}/dokumentation/",
        "the syntheses": f"{url}/kansliet/projekt/{BOARD_PROJECT_SLUG}/sammanstallning/",
    }
    seen: dict[str, list[str]] = {}
    for name, address in pages.items():
        staff.goto(address)
        seen[name] = _violations(staff, [])
    synthesis = staff.locator("main a[href*='/kansliet/sammanstallningar/']").first
    synthesis.click()
    expect(staff.locator("#synthesis-status")).to_be_attached()
    seen["a synthesis"] = _violations(staff, [])
    for name in running.boards:
        seen[f"{name}'s board"] = _violations(running[name], [])
    consoles = running.consoles  # type: ignore[attr-defined]
    seen["any console"] = [
        line for log in consoles.values() for line in log if "Content Security Policy" in line
    ]

    assert {name: found for name, found in seen.items() if found} == {}
