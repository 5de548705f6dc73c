from larlabb.core import channel_layers
from larlabb.core.channel_layers import InMemoryChannelLayer
from tests.event_loops import run_in_own_loop


def test_a_group_send_reaches_every_member_once_even_when_one_member_is_full():
    layer = InMemoryChannelLayer(capacity=1)

    async def scenario():
        full, free = await layer.new_channel(), await layer.new_channel()
        for channel in (full, free):
            await layer.group_add("board", channel)
        await layer.send(full, {"type": "note", "n": 0})
        await layer.group_send("board", {"type": "note", "n": 1})
        assert (await layer.receive(full))["n"] == 0
        assert (await layer.receive(free))["n"] == 1
        assert layer.channels == {}

    run_in_own_loop(scenario)


def test_expired_messages_are_swept_at_most_once_a_second_and_take_their_channel_along(
    monkeypatch,
):
    now = [1000.0]
    monkeypatch.setattr(channel_layers, "monotonic", lambda: now[0])
    # Every message expires as soon as it is sent.
    layer = InMemoryChannelLayer(expiry=0)

    async def scenario():
        stale, live = await layer.new_channel(), await layer.new_channel()
        for channel in (stale, live):
            await layer.group_add("board", channel)
        await layer.group_send("board", {"type": "note", "n": 0})
        assert (await layer.receive(live))["n"] == 0
        now[0] += 0.5
        await layer.group_send("board", {"type": "note", "n": 1})
        assert (await layer.receive(live))["n"] == 1
        # Within the second, the stale channel's expired messages have not been looked at.
        assert stale in layer.groups["board"]
        now[0] += 0.5
        await layer.group_send("board", {"type": "note", "n": 2})
        assert stale not in layer.groups["board"]
        assert stale not in layer.channels
        assert (await layer.receive(live))["n"] == 2

    run_in_own_loop(scenario)
