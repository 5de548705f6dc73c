"""Running a test's async scenario whatever else the suite has left running."""

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def run_in_own_loop[T](scenario: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to the end on an event loop of its own thread: the browser tests' sync
    Playwright leaves a loop running in the main thread, where asyncio.run() and async_to_sync
    refuse to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(scenario())).result()
