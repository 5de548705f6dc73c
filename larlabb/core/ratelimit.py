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
    return rate_limit_key_exceeded(
        key=address, scope=scope, limit=limit, window_seconds=window_seconds
    )


def rate_limit_key_exceeded(
    *, key: str, scope: str, limit: int, window_seconds: int = WINDOW_SECONDS
) -> bool:
    """Count one use of `key` (an address, an e-mail typed) in `scope`; True once it is over
    the limit. Only a hash of the key is kept, so the cache holds no e-mail addresses."""
    digest = hashlib.sha256(f"{scope}|{key}".encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{digest}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The window ran out between add() and incr(): this is the first of a new one.
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count > limit
