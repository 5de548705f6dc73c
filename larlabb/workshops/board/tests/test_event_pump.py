import asyncio
import threading

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from larlabb.workshops.board import event_pump
from larlabb.workshops.board.event_pump import events_send, pump_start
from tests.event_loops import run_in_own_loop


@pytest.fixture(autouse=True)
def _no_pump_left_over(monkeypatch):
    monkeypatch.setattr(event_pump, "_pump", None)


async def _listener(group: str) -> str:
    layer = get_channel_layer()
    channel: str = await layer.new_channel()
    await layer.group_add(group, channel)
    return channel


def test_events_sent_from_another_thread_arrive_in_the_order_they_were_sent():
    async def scenario():
        layer = get_channel_layer()
        channel = await _listener("pump-order")
        pump_start()

        def send_all() -> None:
            for n in range(50):
                events_send(["pump-order"], {"n": n})

        await asyncio.to_thread(send_all)
        received = [(await layer.receive(channel))["event"]["n"] for _ in range(50)]
        assert received == list(range(50))

    run_in_own_loop(scenario)


def test_the_writing_thread_does_not_wait_for_a_busy_event_loop():
    async def scenario():
        layer = get_channel_layer()
        channel = await _listener("pump-busy")
        pump_start()
        returned = threading.Event()

        def write() -> None:
            events_send(["pump-busy"], {"n": 1})
            returned.set()

        writer = threading.Thread(target=write)
        writer.start()
        # The loop is held here: a send that waited for the loop would not return.
        assert returned.wait(timeout=10)
        writer.join()
        assert (await layer.receive(channel))["event"] == {"n": 1}

    run_in_own_loop(scenario)


def test_without_a_pump_an_event_is_sent_at_once():
    async def scenario():
        layer = get_channel_layer()
        channel = await _listener("pump-none")
        await sync_to_async(events_send)(["pump-none"], {"n": 2})
        assert event_pump._pump is None
        assert (await layer.receive(channel))["event"] == {"n": 2}

    run_in_own_loop(scenario)


def test_a_pump_whose_loop_has_ended_is_not_used():
    async def start() -> None:
        pump_start()

    run_in_own_loop(start)
    assert event_pump._pump is not None
    assert not event_pump._pump.running()

    async def scenario():
        layer = get_channel_layer()
        channel = await _listener("pump-ended")
        await sync_to_async(events_send)(["pump-ended"], {"n": 3})
        assert (await layer.receive(channel))["event"] == {"n": 3}

    run_in_own_loop(scenario)
