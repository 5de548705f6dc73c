"""Every kind of page sends the Content-Security-Policy, with no inline script or style
allowed, and the page's own scripts carry its nonce."""

import re
from pathlib import Path

import pytest
from django.http import HttpResponse

from larlabb.demo.documentation import BOARD_PROJECT_SLUG
from larlabb.demo.seed_invitation import SLUG
from larlabb.synthesis.presentation import THEME_COLOURS

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = {
    "invitation": f"/projekt/{SLUG}/",
    "registration": f"/projekt/{SLUG}/anmalan/",
    "documentation": f"/projekt/{BOARD_PROJECT_SLUG}/dokumentation/",
    "board (joining)": "/ovning/delta/",
}
STAFF_PAGES = {
    "staff start": "/kansliet/",
    "staff documentation": f"/kansliet/projekt/{BOARD_PROJECT_SLUG}/dokumentation/",
    "staff syntheses": f"/kansliet/projekt/{BOARD_PROJECT_SLUG}/sammanstallning/",
}


def _directives(header: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def _policy_of(response: HttpResponse) -> dict[str, list[str]]:
    assert response.status_code == 200
    return _directives(response.headers["Content-Security-Policy"])


@pytest.mark.parametrize("address", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_public_pages_send_a_policy_without_inline_scripts_or_styles(client, demo, address):
    policy = _policy_of(client.get(address))

    assert policy["script-src"][0] == "'self'"
    assert policy["script-src"][1].startswith("'nonce-")
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    sources = {source for values in policy.values() for source in values}
    assert "'unsafe-inline'" not in sources
    assert "'unsafe-eval'" not in sources


@pytest.mark.parametrize("address", STAFF_PAGES.values(), ids=STAFF_PAGES.keys())
def test_staff_pages_send_the_policy_too(staff_client, address):
    policy = _policy_of(staff_client.get(address))

    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_pages_scripts_carry_the_nonce_of_its_policy_and_htmx_evaluates_nothing(client, demo):
    response = client.get(f"/projekt/{SLUG}/")
    nonce = _policy_of(response)["script-src"][1].removeprefix("'nonce-").removesuffix("'")
    page = response.content.decode()

    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts if "application/json" not in tag)
    assert '"allowEval": false' in page
    assert '"includeIndicatorStyles": false' in page


ROOT = Path(__file__).resolve().parents[3]
# Rendered for WeasyPrint or a mail client, never served to a browser under the policy.
NOT_SERVED = re.compile(r"/(export|mail)/|_print\.html$")
INLINE = re.compile(r"\sstyle=[\"']|\son[a-z]+=[\"']|<script(?![^>]*\b(src|nonce)=)")


def _served_templates() -> list[Path]:
    found = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("larlabb/*/templates/**/*.html")]
    return [path for path in found if not NOT_SERVED.search(path.as_posix())]


def test_no_served_template_has_an_inline_style_event_handler_or_script():
    offending = [
        path.relative_to(ROOT).as_posix()
        for path in _served_templates()
        if INLINE.search(path.read_text())
    ]

    assert len(_served_templates()) > 50
    assert offending == []


def test_every_theme_colour_has_its_class_in_the_stylesheet():
    css = (ROOT / "larlabb/synthesis/static/synthesis/synthesis.css").read_text()

    for index, colour in enumerate(THEME_COLOURS):
        assert f".theme-colour-{index} {{ --theme-colour: {colour}; }}" in css
