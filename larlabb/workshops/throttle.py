"""A token bucket per socket: bursts are fine, a steady flood is not."""

import time
from collections.abc import Callable


class TokenBucket:
    def __init__(
        self,
        *,
        capacity: float,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = capacity
        self.per_second = per_second
        self._clock = clock
        self._tokens = capacity
        self._last = clock()

    def take(self) -> bool:
        """Spend one token if there is one; False means the caller is over the limit."""
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.per_second)
        self._last = now
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False
