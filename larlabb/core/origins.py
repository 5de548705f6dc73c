"""Which web pages may open this site's WebSockets: the whole origin (scheme, host and port)
must be one of the site's own.

Channels' AllowedHostsOriginValidator compares only the host name with ALLOWED_HOSTS, so a
page on http://127.0.0.1:9999 (any other program on the same machine, or a plain-HTTP page
on the site's own name) could open a socket with the visitor's session cookie. Here the
origin must be the site's address (SITE_URL), the address the request itself was made to
(its scheme and Host header, the host being one of ALLOWED_HOSTS), or one of
CSRF_TRUSTED_ORIGINS, as Django's own CSRF check treats a form's Origin.
"""

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.http import is_same_domain

type Origin = tuple[str, str, int]

_DEFAULT_PORTS = {"http": 80, "https": 443}
_HTTP_SCHEME = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


def origin_parse(value: str) -> Origin | None:
    """(scheme, host, port) of an origin or URL, with the scheme's default port filled in;
    None for anything that is not an http(s) origin."""
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme]


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            try:
                return str(value.decode("latin1"))
            except UnicodeDecodeError:
                return None
    return None


def _own_origin(scope: dict[str, Any]) -> Origin | None:
    """The origin the request was made to, if its host is one this site answers to."""
    host = _header(scope, b"host")
    if not host:
        return None
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    scheme = _HTTP_SCHEME.get(str(scope.get("scheme", "ws")), "http")
    return origin_parse(f"{scheme}://{host}")


def _trusted(origin: Origin, patterns: Iterable[str]) -> bool:
    """CSRF_TRUSTED_ORIGINS: exact origins, or https://*.example.se for every subdomain."""
    scheme, host, port = origin
    for pattern in patterns:
        if "*" in pattern:
            wildcard = origin_parse(pattern.replace("*.", "", 1))
            if (
                wildcard is not None
                and wildcard[0] == scheme
                and wildcard[2] == port
                and is_same_domain(host, "." + wildcard[1])
            ):
                return True
        elif origin_parse(pattern) == origin:
            return True
    return False


def origin_allowed(scope: dict[str, Any]) -> bool:
    header = _header(scope, b"origin")
    origin = origin_parse(header) if header else None
    if origin is None:
        return False
    return (
        origin == origin_parse(settings.SITE_URL)
        or origin == _own_origin(scope)
        or _trusted(origin, settings.CSRF_TRUSTED_ORIGINS)
    )


class SiteOriginValidator:
    """ASGI middleware refusing a WebSocket whose Origin is not one of the site's own."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
