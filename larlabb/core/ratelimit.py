"""A per-address limit on public form submissions, counted in the cache.

The cache is per process by default and Redis with REDIS_URL, so with several web processes
the limit only holds across them when Redis is configured. The address is REMOTE_ADDR: uvicorn
fills it from X-Forwarded-For when the proxy in front is trusted (`--forwarded-allow-ips`).
"""

import hashlib
from typing import Final

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

WINDOW_SECONDS: Final = 10 * 60
TOO_MANY_SUBMISSIONS: Final = _(
    "Du har skickat många formulär på kort tid. Vänta tio minuter och skicka sedan igen – "
    "det du har skrivit finns kvar."
)


def rate_limit_exceeded(
    *,
    request: HttpRequest,
    scope: str,
    limit: int | None = None,
    window_seconds: int = WINDOW_SECONDS,
) -> bool:
    """Count one submission from the request's address; True once it is over the limit."""
    if limit is None:
        limit = settings.PUBLIC_FORM_RATE_LIMIT
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{scope}|{address}".encode()).hexdigest()[:32]
    key = f"ratelimit:{digest}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        # The window ran out between add() and incr(): this is the first of a new one.
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count > limit
