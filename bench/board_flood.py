"""What one flooding person costs everyone else on the live board, over real WebSockets.

The board's flood limit belongs to the person, not the socket: one guest opening 50 sockets
and sending notes from all of them as fast as a script can gets no more through than one
socket would, and is disconnected while they keep it up. This measures it on the embedded
server (one uvicorn process, SQLite): the other groups write their notes as in
bench/board_load.py, once without and once with the flood, and the latency of their notes
to their groups is compared; the flooder's accepted notes per second are counted.

The server, the people and the writing clients are bench/board_load.py's own; only the
flooder is new. It runs in this process, reconnecting a moment after each close as a
browser would.

    .venv/bin/python bench/board_flood.py            # 300 writers, 30 s each way
    .venv/bin/python bench/board_flood.py --quick    # 60 writers, 5 s each way

The last line printed is one JSON object with the figures.
"""

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.board_load import (  # noqa: E402
    Deployment,
    LoadPoint,
    _base_env,
    _deployment,
    _populate,
    run_point,
)

FULL = LoadPoint("flood", 300, 50, 5, 30)
QUICK = LoadPoint("flood", 60, 10, 2, 5)
# The flooder: one guest in a group of their own, in a session of their own.
FLOODER = LoadPoint("flooder", 1, 1, 1, 1)
FLOOD_SOCKETS = 50
# Each socket sends this many notes a second: 2,000 a second from the one person.
PER_SOCKET_PER_S = 40
RECONNECT_S = 0.5


@dataclass
class FloodTally:
    sent: int = 0
    accepted: int = 0
    refused: int = 0
    closed: int = 0
    close_codes: dict[int, int] = field(default_factory=dict)


async def _flood_socket(
    url: str, origin: str, cookie: str, frame: int, number: int, until: float, tally: FloodTally
) -> None:
    sequence = 0
    while time.time() < until:
        try:
            socket = await connect(
                url,
                origin=Origin(origin),
                additional_headers={"Cookie": f"sessionid={cookie}"},
                ping_interval=None,
                compression=None,
                max_queue=None,
            )
        except (OSError, InvalidStatus):
            await asyncio.sleep(RECONNECT_S)
            continue
        reader = asyncio.create_task(_flood_read(socket, tally))
        try:
            while time.time() < until and not reader.done():
                sequence += 1
                client_id = f"flood-{number}-{sequence}"
                await socket.send(
                    json.dumps(
                        {
                            "type": "note.create",
                            "ref": client_id,
                            "client_id": client_id,
                            "frame": frame,
                            "text": f"flod {sequence}",
                            "colour": "yellow",
                        }
                    )
                )
                tally.sent += 1
                await asyncio.sleep(1 / PER_SOCKET_PER_S)
        except ConnectionClosed:
            pass
        await socket.close()
        await reader
        if time.time() < until:
            await asyncio.sleep(RECONNECT_S)


async def _flood_read(socket: ClientConnection, tally: FloodTally) -> None:
    try:
        async for raw in socket:
            message = json.loads(raw)
            if message.get("type") == "ack":
                tally.accepted += 1
            elif message.get("type") == "error":
                tally.refused += 1
    except ConnectionClosed:
        pass
    code = socket.close_code or 0
    tally.closed += 1
    tally.close_codes[code] = tally.close_codes.get(code, 0) + 1


def _flood(
    deployment: Deployment, flooder: dict[str, Any], seconds: float, tally: FloodTally
) -> None:
    person = flooder["participants"][0]
    url, origin = deployment.board_url(0, person["group"])

    async def run() -> None:
        until = time.time() + seconds
        await asyncio.gather(
            *(
                _flood_socket(url, origin, person["cookie"], flooder["frame"], n, until, tally)
                for n in range(FLOOD_SOCKETS)
            )
        )

    asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="60 writers for 5 s each way")
    parser.add_argument(
        "--client-processes", type=int, default=2, help="processes the writers run in"
    )
    args = parser.parse_args()
    point = QUICK if args.quick else FULL
    workdir = Path(tempfile.mkdtemp(prefix="larlabb-flood-"))
    try:
        env = _base_env(workdir)
        # Two sessions of writers (a note's client id is used once) and the flooder's.
        calm, flooded, flooder = _populate({"embedded": env}, (point, point, FLOODER))["embedded"]
        with _deployment("embedded", env) as deployment:
            baseline = run_point(deployment, point, calm, args.client_processes, workdir)
            tally = FloodTally()
            # The flood starts a second before the writers' clock, and outlasts them.
            seconds = point.duration_s + 4
            thread = threading.Thread(target=_flood, args=(deployment, flooder, seconds, tally))
            thread.start()
            during = run_point(deployment, point, flooded, args.client_processes, workdir)
            thread.join()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"{point.participants} writers in {point.groups} groups, a note each every "
        f"{point.interval_s:g} s for {point.duration_s:g} s: members' p99 "
        f"{baseline['members_p99_ms']} ms without a flood, {during['members_p99_ms']} ms while "
        f"one guest floods from {FLOOD_SOCKETS} sockets ({tally.sent / seconds:.0f} notes/s "
        f"sent, {tally.accepted / seconds:.1f}/s accepted, {tally.refused} refusals, sockets "
        f"closed {tally.close_codes}); lost {baseline['lost']} and {during['lost']}",
        flush=True,
    )
    print(
        json.dumps(
            {
                "flooder_sent_per_s": round(tally.sent / seconds, 1),
                "flooder_accepted_per_s": round(tally.accepted / seconds, 2),
                "flooder_sockets_closed": tally.closed,
                "other_group_p99_ms": during["members_p99_ms"],
                "other_group_p99_baseline_ms": baseline["members_p99_ms"],
                "lost": baseline["lost"] + during["lost"],
                "errors": baseline["errors"] + during["errors"],
                "quick": args.quick,
            }
        )
    )


if __name__ == "__main__":
    main()
