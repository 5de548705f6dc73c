"""Limits on form submissions, counted in the cache, that stop abuse but not colleagues.

Whole regions and agencies reach the site through one address, so a per-address limit of ten
stopped the second person of an office on their fifth workshop answer. Pages opened with a
personal link (a participant's answers, the contact's page, the manager's approval) are
therefore counted per person; only the forms anyone can send (registration, joining a
workshop with a code) are counted per address, with a limit an organisation does not reach.

The cache is per process by default and Redis with REDIS_URL, so with several web processes
the limits only hold across them when Redis is configured. The address is REMOTE_ADDR: uvicorn
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


def window_count(cache_key: str, *, window_seconds: int) -> int:
    """Add one to the counter in `cache_key` and return it; the counter starts afresh
    `window_seconds` after its first count. Atomic across processes when the cache is Redis."""
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        return int(cache.incr(cache_key))
    except ValueError:
        # The window ran out between add() and incr(): this is the first of a new one.
        cache.set(cache_key, 1, timeout=window_seconds)
        return 1


def _counted_over(*, key: str, limit: int, window_seconds: int) -> bool:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return window_count(f"ratelimit:{digest}", window_seconds=window_seconds) > limit


def address_limit_exceeded(
    *,
    request: HttpRequest,
    scope: str,
    limit: int | None = None,
    window_seconds: int = WINDOW_SECONDS,
) -> bool:
    """Count one submission of an anonymous form from the request's address; True once the
    address is over the limit (PUBLIC_FORM_RATE_LIMIT unless given)."""
    address = request.META.get("REMOTE_ADDR", "")
    return _counted_over(
        key=f"address|{scope}|{address}",
        limit=settings.PUBLIC_FORM_RATE_LIMIT if limit is None else limit,
        window_seconds=window_seconds,
    )


def person_limit_exceeded(
    *,
    person: str,
    scope: str,
    limit: int | None = None,
    window_seconds: int = WINDOW_SECONDS,
) -> bool:
    """Count one submission through a personal link; True once that person is over the limit
    (PERSON_FORM_RATE_LIMIT unless given), wherever they send from. `person` names them
    stably, e.g. "participant:42"."""
    return _counted_over(
        key=f"person|{scope}|{person}",
        limit=settings.PERSON_FORM_RATE_LIMIT if limit is None else limit,
        window_seconds=window_seconds,
    )
