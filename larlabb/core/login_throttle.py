"""Staff login throttling that an attacker cannot turn into a lock-out of staff.

Failed logins are counted in the cache (shared through Redis when REDIS_URL is set) three
ways, each for a quarter of an hour from its first failure:

- per user name and address: five wrong passwords, and that address may not try that name
  again until the quarter is over. Someone guessing from elsewhere never locks the real
  person out, since their address is counted apart;
- per address, whatever name: a guesser trying many names from one address;
- per user name from every address, with a much higher limit: guessing spread over many
  addresses. An address the person has logged in from in the last 30 days is exempt, so
  even then they get in from their usual office.

While refused, the password is not checked at all, so refused attempts tell nothing.
"""

import hashlib
import math
from dataclasses import dataclass
from typing import Final

from django.core.cache import cache
from django.utils import timezone

from larlabb.core.ratelimit import window_count

WINDOW_SECONDS: Final = 15 * 60
KNOWN_ADDRESS_SECONDS: Final = 30 * 24 * 60 * 60


@dataclass(frozen=True)
class _Counter:
    name: str
    limit: int


PER_NAME_AND_ADDRESS: Final = _Counter("name-address", 5)
PER_ADDRESS: Final = _Counter("address", 30)
PER_NAME: Final = _Counter("name", 100)


def _key(*parts: str) -> str:
    # Hashed: the cache need not hold user names and addresses in the clear.
    return "login:" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _subjects(username: str, address: str) -> list[tuple[_Counter, str]]:
    name = username.strip().casefold()
    return [
        (PER_NAME_AND_ADDRESS, _key(PER_NAME_AND_ADDRESS.name, name, address)),
        (PER_ADDRESS, _key(PER_ADDRESS.name, address)),
        (PER_NAME, _key(PER_NAME.name, name)),
    ]


def _known_key(username: str, address: str) -> str:
    return _key("known", username.strip().casefold(), address)


def login_refused_minutes(*, username: str, address: str) -> int:
    """How many minutes until this name may try to log in from this address again; 0 if it
    may now."""
    now = timezone.now().timestamp()
    known = cache.get(_known_key(username, address)) is not None
    minutes = 0
    for counter, key in _subjects(username, address):
        if counter is PER_NAME and known:
            continue
        found = cache.get_many([key, f"{key}:since"])
        if int(found.get(key, 0)) >= counter.limit:
            left = float(found.get(f"{key}:since", now)) + WINDOW_SECONDS - now
            minutes = max(minutes, math.ceil(left / 60), 1)
    return minutes


def login_failure_record(*, username: str, address: str) -> None:
    now = timezone.now().timestamp()
    for _counter, key in _subjects(username, address):
        cache.add(f"{key}:since", now, timeout=WINDOW_SECONDS)
        window_count(key, window_seconds=WINDOW_SECONDS)


def login_success_record(*, username: str, address: str) -> None:
    """The person got in: forget their failures from this address, and remember the address
    as one they use."""
    name_and_address = _subjects(username, address)[0][1]
    cache.delete_many([name_and_address, f"{name_and_address}:since"])
    cache.set(_known_key(username, address), 1, timeout=KNOWN_ADDRESS_SECONDS)
