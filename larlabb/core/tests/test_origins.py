"""Which pages may open the site's WebSockets: the whole origin counts, not just the host."""

from typing import Any

import pytest

from larlabb.core.origins import origin_allowed


def _scope(origin: str | None, host: str = "127.0.0.1:8000", scheme: str = "ws") -> dict[str, Any]:
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    return {"type": "websocket", "scheme": scheme, "headers": headers}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "larlabb.example.se"]
    settings.CSRF_TRUSTED_ORIGINS = ["https://tavla.example.org", "https://*.region.example"]


def test_the_sites_own_origin_is_allowed():
    assert origin_allowed(_scope("http://127.0.0.1:8000"))


@pytest.mark.parametrize(
    "origin",
    [
        "http://127.0.0.1:9999",
        "https://127.0.0.1:8000",
        "http://127.0.0.1",
        "http://localhost:8000",
        "https://evil.example",
        "null",
        "",
        "http://127.0.0.1:99999",
    ],
)
def test_another_port_scheme_or_host_on_the_same_machine_is_refused(origin):
    assert not origin_allowed(_scope(origin))


def test_a_socket_without_an_origin_is_refused():
    assert not origin_allowed(_scope(None))


def test_the_address_the_request_was_made_to_is_allowed_with_its_own_scheme_and_port(settings):
    settings.SITE_URL = "https://larlabb.example.se"
    scope = _scope("https://larlabb.example.se:8443", host="larlabb.example.se:8443", scheme="wss")
    assert origin_allowed(scope)
    plain = _scope("http://larlabb.example.se:8443", host="larlabb.example.se:8443", scheme="wss")
    assert not origin_allowed(plain)


def test_a_host_header_outside_allowed_hosts_does_not_make_its_origin_allowed():
    assert not origin_allowed(_scope("http://evil.example:8000", host="evil.example:8000"))


def test_csrf_trusted_origins_are_allowed_exactly_or_by_subdomain_wildcard():
    assert origin_allowed(_scope("https://tavla.example.org"))
    assert origin_allowed(_scope("https://tavla.example.org:443"))
    assert not origin_allowed(_scope("http://tavla.example.org"))
    assert not origin_allowed(_scope("https://tavla.example.org:8443"))
    assert origin_allowed(_scope("https://skane.region.example"))
    assert not origin_allowed(_scope("http://skane.region.example"))
    assert not origin_allowed(_scope("https://region.example.evil"))
