"""One process of simulated board clients for bench/board_load.py.

    python -m bench.boardload.clients JOB.json

Reads its share of participants from the job file, opens their sockets, prints "ready",
waits for a line "go <epoch seconds>" on stdin, then has each participant write a note every
`interval` seconds (each starting at its own offset, so the writes are spread evenly) until
`duration` has passed, waits `drain` seconds for the last deliveries, and writes what it sent
and received to the job's result file. Every note carries its send time (wall clock, shared
by all processes on the machine) in its text, so any receiver can time its delivery.

Between notes, as people sort a board: after every second note the writer moves the note
before it to the top of the frame (timed until the writer hears the move's event, which
goes to the whole group the same way), and with every fourth, from the third on, it groups
the two notes before by dropping one on the other and names the group half an interval
later (both timed until the server's answer). Only a note's first event counts as its
delivery: a move's event names the frame's new order, and a grouped note's event its group.
"""

import asyncio
import contextlib
import json
import os
import random
import sys
import time
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

# Handshakes in flight at once: enough to open a thousand sockets in seconds, few enough
# that the server's queue of connecting sockets does not time them out.
CONNECTING_AT_ONCE = 25
FACILITATOR = -1
WARM_UP = "warm-up-"


class Tally:
    def __init__(self) -> None:
        self.sent: list[tuple[str, int, int]] = []
        self.received: list[tuple[int, str, float]] = []
        # The note ids the server gave this process's notes, by client id (from the acks).
        self.ids: dict[str, int] = {}
        # Moves and groupings sent and not yet heard of: note id or ref -> send time.
        self.moving: dict[int, float] = {}
        self.asking: dict[str, float] = {}
        self.group_ids: dict[str, int] = {}
        self.moves_sent = 0
        self.groupings_sent = 0
        self.move_ms: list[float] = []
        self.grouping_ms: list[float] = []
        self.renames: list[asyncio.Task[None]] = []
        self.errors: list[str] = []
        self.closed_early = 0
        self.warm_ups: dict[str, asyncio.Event] = {}


async def _read(socket: ClientConnection, me: int, tally: Tally, running: list[bool]) -> None:
    try:
        async for raw in socket:
            arrived = time.time()
            message: dict[str, Any] = json.loads(raw)
            kind = message.get("type")
            if kind == "note" and ("order" in message or note_grouped(message["note"])):
                moved = message["note"]["id"]
                if "order" in message and moved in tally.moving:
                    tally.move_ms.append((arrived - tally.moving.pop(moved)) * 1000)
            elif kind == "ack":
                ref = message.get("ref", "")
                if "note" in message and ref.startswith("b"):
                    tally.ids[ref] = message["note"]["id"]
                if ref in tally.asking:
                    tally.grouping_ms.append((arrived - tally.asking.pop(ref)) * 1000)
                    if "note_group" in message:
                        tally.group_ids[ref] = message["note_group"]["id"]
            elif kind == "note":
                note = message["note"]
                if note["client_id"].startswith(WARM_UP):
                    if note["client_id"] in tally.warm_ups:
                        tally.warm_ups[note["client_id"]].set()
                    continue
                sent_at = float(note["text"].split(" ", 1)[0])
                tally.received.append((me, note["client_id"], (arrived - sent_at) * 1000))
            elif kind == "error":
                tally.errors.append(str(message.get("code")))
    except ConnectionClosed:
        pass
    if running[0]:
        tally.closed_early += 1


def note_grouped(note: dict[str, Any]) -> bool:
    """Whether a note's event is for its grouping (a server without groups never says so)."""
    return note.get("note_group") is not None


async def _sort(
    socket: ClientConnection, index: int, number: int, job: dict[str, Any], tally: Tally
) -> None:
    """The move or grouping, if any, that follows a participant's note `number`."""
    previous = tally.ids.get(f"b{index}-{number - 1}")
    if number % 2 == 1 and previous is not None:
        tally.moving[previous] = time.time()
        tally.moves_sent += 1
        await socket.send(
            json.dumps(
                {
                    "type": "note.move",
                    "ref": f"m{index}-{number}",
                    "note": previous,
                    "frame": job["frame"],
                    "index": 0,
                }
            )
        )
    earlier = tally.ids.get(f"b{index}-{number - 2}")
    if number % 4 == 2 and previous is not None and earlier is not None:
        ref = f"g{index}-{number}"
        tally.asking[ref] = time.time()
        tally.groupings_sent += 1
        await socket.send(
            json.dumps(
                {
                    "type": "group_create",
                    "ref": ref,
                    "client_id": ref,
                    "note": previous,
                    "onto": earlier,
                }
            )
        )
        tally.renames.append(asyncio.create_task(_rename(socket, ref, job["interval"] / 2, tally)))


async def _rename(socket: ClientConnection, made_by: str, delay: float, tally: Tally) -> None:
    """Name a group made by `made_by` a while after, as people do once it has a few notes."""
    await asyncio.sleep(delay)
    note_group = tally.group_ids.get(made_by)
    if note_group is None:
        return
    ref = f"n{made_by}"
    tally.asking[ref] = time.time()
    tally.groupings_sent += 1
    with contextlib.suppress(ConnectionClosed):
        await socket.send(
            json.dumps(
                {
                    "type": "group_rename",
                    "ref": ref,
                    "note_group": note_group,
                    "name": f"Tema {made_by}",
                }
            )
        )


async def _open(url: str, origin: str, cookie: str, gate: asyncio.Semaphore) -> ClientConnection:
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    async with gate:
        return await connect(
            url,
            origin=Origin(origin),
            additional_headers=headers,
            open_timeout=120,
            max_queue=None,
            # Browsers never ping; the server's own pings are still answered.
            ping_interval=None,
            # Browsers offer permessage-deflate; left out here so the server's zlib work for
            # a thousand sockets does not hide what the board itself costs.
            compression=None,
        )


async def _write(
    socket: ClientConnection,
    participant: dict[str, Any],
    job: dict[str, Any],
    t0: float,
    tally: Tally,
) -> list[tuple[str, int, int]]:
    index: int = participant["index"]
    interval: float = job["interval"]
    offset = random.Random(index).uniform(0, interval)
    sent: list[tuple[str, int, int]] = []
    number = 0
    while (due := t0 + offset + number * interval) < t0 + job["duration"]:
        await asyncio.sleep(max(0.0, due - time.time()))
        client_id = f"b{index}-{number}"
        text = f"{time.time():.6f} lapp {number} från deltagare {index}"
        message = {
            "type": "note.create",
            "ref": client_id,
            "client_id": client_id,
            "frame": job["frame"],
            "text": text,
            "colour": "yellow",
        }
        try:
            await socket.send(json.dumps(message))
        except ConnectionClosed:
            break
        sent.append((client_id, participant["group"], index))
        try:
            await _sort(socket, index, number, job, tally)
        except ConnectionClosed:
            break
        number += 1
    return sent


async def _warm_up(
    socket: ClientConnection, client_id: str, job: dict[str, Any], tally: Tally
) -> float:
    """One note through a cold server before the clock starts: the first note a web process
    handles pays for imports and caches once, which is not what the load points measure."""
    started = time.time()
    tally.warm_ups[client_id] = asyncio.Event()
    message = {
        "type": "note.create",
        "ref": client_id,
        "client_id": client_id,
        "frame": job["frame"],
        "text": f"{started:.6f} uppvärmning",
        "colour": "yellow",
    }
    await socket.send(json.dumps(message))
    await asyncio.wait_for(tally.warm_ups[client_id].wait(), timeout=120)
    return (time.time() - started) * 1000


async def _run(job: dict[str, Any]) -> dict[str, Any]:
    tally = Tally()
    running = [True]
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)
    participants: list[dict[str, Any]] = job["participants"]
    openings = [_open(p["url"], p["origin"], p["cookie"], gate) for p in participants]
    facilitator = job.get("facilitator")
    if facilitator:
        openings.append(
            _open(facilitator["url"], facilitator["origin"], facilitator["cookie"], gate)
        )
    connect_failures: list[str] = []
    sockets: list[ClientConnection | None] = []
    for outcome in await asyncio.gather(*openings, return_exceptions=True):
        if isinstance(outcome, ClientConnection):
            sockets.append(outcome)
        else:
            connect_failures.append(repr(outcome))
            sockets.append(None)
    readers = [
        asyncio.create_task(
            _read(
                socket,
                participants[i]["index"] if i < len(participants) else FACILITATOR,
                tally,
                running,
            )
        )
        for i, socket in enumerate(sockets)
        if socket is not None
    ]
    # One socket per web process this client process talks to, so each process is warm.
    by_origin: dict[str, tuple[int, ClientConnection]] = {}
    for participant, socket in zip(participants, sockets, strict=False):
        if socket is not None:
            by_origin.setdefault(participant["origin"], (participant["index"], socket))
    warm_up_ms = [
        await _warm_up(socket, f"{WARM_UP}{index}", job, tally)
        for index, socket in by_origin.values()
    ]
    print("ready", flush=True)
    line = await asyncio.to_thread(sys.stdin.readline)
    t0 = float(line.split()[1])
    cpu_before, wall_before = os.times(), time.time()
    writers = [
        _write(socket, participants[i], job, t0, tally)
        for i, socket in enumerate(sockets[: len(participants)])
        if socket is not None
    ]
    for sent in await asyncio.gather(*writers):
        tally.sent.extend(sent)
    await asyncio.gather(*tally.renames)
    await asyncio.sleep(max(0.0, t0 + job["duration"] + job["drain"] - time.time()))
    cpu_after, wall_after = os.times(), time.time()
    running[0] = False
    await asyncio.gather(*(s.close() for s in sockets if s is not None))
    await asyncio.gather(*readers)
    cpu = (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system)
    return {
        "sent": tally.sent,
        "received": tally.received,
        "errors": tally.errors,
        "closed_early": tally.closed_early,
        "connect_failures": connect_failures,
        "warm_up_ms": warm_up_ms,
        "moves_sent": tally.moves_sent,
        "moves_unheard": len(tally.moving),
        "move_ms": tally.move_ms,
        "groupings_sent": tally.groupings_sent,
        "groupings_unanswered": len(tally.asking),
        "grouping_ms": tally.grouping_ms,
        "cpu_s": cpu,
        "wall_s": wall_after - wall_before,
    }


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as file:
        job = json.load(file)
    result = asyncio.run(_run(job))
    with open(job["result"], "w", encoding="utf-8") as file:
        json.dump(result, file)


if __name__ == "__main__":
    main()
