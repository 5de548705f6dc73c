"""Every page of the demo, public and staff, shows Swedish only: no English default from a
Django widget ("- Select an option -", "---------", "Currently", "Clear") on a Swedish page.

The pages are found as a person finds them, by following the links from the start pages and
the staff's start page; personal links (the contact's, a participant's) are on the staff's
registration pages."""

import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

ENGLISH_WIDGET_TEXTS = (
    "Select an option",
    "---------",
    "Currently:",
    ">Clear<",
    "Change:",
    ">Unknown<",
    "This field is required",
    "Enter a valid",
)
# Files and actions, not pages: a download, the logout, the admin (Django's own, partly English).
_SKIP = re.compile(
    r"\.(csv|xlsx|pdf|docx|ics|json|md|zip|svg|png|jpg|webm|mp3|txt)$"
    r"|/logga-ut/|/django-admin/|/static/|/media/|/i18n/"
)
_HREF = re.compile(r'href="([^"#]+)')


def _local(href: str) -> str | None:
    if href.startswith(settings.SITE_URL):
        href = href[len(settings.SITE_URL) :]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if _SKIP.search(parts.path) else path


def _crawl(client, starts: list[str], limit: int) -> dict[str, list[str]]:
    seen: set[str] = set(starts)
    queue = deque(starts)
    found: dict[str, list[str]] = {}
    pages = 0
    while queue and pages < limit:
        path = queue.popleft()
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="sv")
        if "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        html = response.content.decode()
        english = [text for text in ENGLISH_WIDGET_TEXTS if text in html]
        if english:
            found[path] = english
        for href in _HREF.findall(html.replace("&amp;", "&")):
            local = _local(href)
            # One page per address: the same list with other filters adds nothing here.
            if local and "?" not in local and local not in seen:
                seen.add(local)
                queue.append(local)
    assert pages > 20, "the crawl found too few pages to mean anything"
    return found


def test_no_public_or_staff_page_of_the_demo_shows_a_django_widgets_english_text(staff_client):
    found = _crawl(staff_client, ["/", "/kansliet/"], limit=400)
    assert found == {}
