"""Playwright in Debian's Chromium against pytest-django's live server."""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from harness.servers import asgi_server_running, run_manage_checked

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# A bound, not a speed target: how long a page and an expect() wait before the test fails. The
# expect() default of 5 s failed live-board tests when other work shared the machine's cores.
WAIT_MS = 15_000
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Chromium for the tests of this folder; Django's async-safety guard is off meanwhile.

    From start to stop, Playwright's sync API marks its event loop as running in this thread,
    also between its calls, so the guard would refuse every ORM call the tests and their
    fixtures make here. The live server's threads run no loop and are not affected; once this
    folder's tests are done, Playwright stops and the guard is back for the rest of the run.
    """
    expect.set_options(timeout=WAIT_MS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture(scope="session")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    # The server keeps Django's async-safety guard: only this process's Playwright needs it off.
    return {
        **{name: value for name, value in os.environ.items() if name != ASYNC_UNSAFE},
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "SQLITE_PATH": str(tmp_path_factory.mktemp("board") / "board.sqlite3"),
        # Static files straight from the source tree, without collectstatic.
        "DJANGO_DEBUG": "1",
    }


@pytest.fixture(scope="session")
def asgi_server(server_env: dict[str, str]) -> Iterator[str]:
    """The demo served by uvicorn in a subprocess, with a database of its own, for every test
    that needs WebSockets; its URL. Once per run: migrating and loading the demo take the
    longest, and each test starts a workshop session of its own on it."""
    for command in (["migrate", "-v", "0"], ["load_demo"]):
        run_manage_checked(server_env, *command)
    with asgi_server_running(server_env) as server:
        yield server.http


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="sv-SE", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core in the page; return the WCAG 2.1 A/AA violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated from outside rather than added as a <script>, which the page's
        # Content-Security-Policy (no inline scripts) would rightly block.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    # resultTypes: axe still runs every rule but skips collecting details of what passed.
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations'],
        })""",
        WCAG_TAGS,
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(
        [
            {
                "id": v["id"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in violations
        ],
        ensure_ascii=False,
        indent=1,
    )
