"""Encoding and decoding the project's real JSON shapes with msgspec, as the project does.
msgspec was chosen on these figures: it decoded the three shapes in 102.2 µs, pydantic 2.14 in
246.9 µs and the hand-written codecs it replaced in 686.6 µs (30 rounds, load average 1.8;
the board message alone 1.09, 1.39 and 3.21 µs). Neither of the others is kept in the
project, so this script measures msgspec alone, to see a change in its cost.

Three shapes, each at its real size:
  board      a client's note.create message over the board socket, decoded and checked into
             a command (the board's hot path: every note, edit, +1 and move), and a note event
             encoded for the group;
  doc        the demo project's complete documentation, frozen as an archive keeps it
             (larlabb/documentation/tests/data/frozen_content_format1.json, about 60 kB);
  synthesis  a demo synthesis result as it is stored (larlabb/synthesis/tests/data/).

"decode" starts from JSON text and ends with the typed value, checked; "from_json" starts from
the decoded JSON value, as a JSONField gives it; "encode" ends with JSON text. Each figure is
the median over repeated rounds of the time per call in microseconds.

    .venv/bin/python bench/codecs.py            # 30 rounds
    .venv/bin/python bench/codecs.py --quick    # 5 rounds

The last line printed is one JSON object with the figures (keys end in _us) and, as the
headline, each library's total over the decode figures of the three shapes.
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOTE_CREATE = {
    "type": "note.create",
    "ref": "c-5f1c2a9e-3",
    "client_id": "5f1c2a9e-3",
    "frame": 4711,
    "text": "Vi behöver en gemensam arena för regionerna och myndigheterna, inte fler rapporter.",
    "colour": "yellow",
}
NOTE_EVENT = {
    "id": 98123,
    "client_id": "5f1c2a9e-3",
    "frame": 4711,
    "text": NOTE_CREATE["text"],
    "colour": "yellow",
    "author": 311,
    "author_name": "Anna Lindqvist",
    "author_organisation": "Region Värmland",
    "version": 1,
    "voters": [12, 311, 402],
    "goal_conflict": False,
    "deleted": False,
    "created_at": 1724742750120,
}


def timed(call: Callable[[], object], *, rounds: int, budget_s: float = 0.02) -> float:
    """Median microseconds per call over `rounds` rounds of about `budget_s` each."""
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < budget_s / 4:
        call()
        calls += 1
    per_round = max(1, calls * 4)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(per_round):
            call()
        samples.append((time.perf_counter() - start) / per_round * 1e6)
    return round(statistics.median(samples), 2)


def msgspec_calls(doc_text: str, synthesis_text: str) -> dict[str, Callable[[], object]]:
    import msgspec

    from larlabb.documentation.content import ProjectDoc, project_from_json
    from larlabb.synthesis.engine import SynthesisResult
    from larlabb.workshops.board.protocol import command_decode

    class Frozen(msgspec.Struct):
        staff: ProjectDoc

    board_text = json.dumps(NOTE_CREATE)
    frozen = msgspec.json.Decoder(Frozen)
    results = msgspec.json.Decoder(SynthesisResult)
    encoder = msgspec.json.Encoder()
    doc_data = json.loads(doc_text)["staff"]
    synthesis_data = json.loads(synthesis_text)
    doc = project_from_json(doc_data)
    result = SynthesisResult.from_json(synthesis_data)
    return {
        "board_decode": lambda: command_decode(board_text),
        "board_encode": lambda: encoder.encode(NOTE_EVENT),
        "doc_decode": lambda: frozen.decode(doc_text).staff,
        "doc_from_json": lambda: project_from_json(doc_data),
        "doc_encode": lambda: encoder.encode(doc),
        "synthesis_decode": lambda: results.decode(synthesis_text),
        "synthesis_from_json": lambda: SynthesisResult.from_json(synthesis_data),
        "synthesis_encode": lambda: encoder.encode(result),
    }


def checks_agree(calls: dict[str, dict[str, Callable[[], object]]]) -> None:
    """The board message decodes the board message to its fields and the document to all its notes,
    so the figures measure the whole work."""
    for library, by_name in calls.items():
        command: Any = by_name["board_decode"]()
        assert (command.frame, command.text) == (NOTE_CREATE["frame"], NOTE_CREATE["text"])
        doc: Any = by_name["doc_decode"]()
        assert sum(1 for w in doc.workshops for _ in w.notes()) > 50, library


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds instead of 30")
    arguments = parser.parse_args()
    rounds = 5 if arguments.quick else 30
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    doc_text = (ROOT / "larlabb/documentation/tests/data/frozen_content_format1.json").read_text()
    synthesis_text = (ROOT / "larlabb/synthesis/tests/data/synthesis_result.json").read_text()
    calls = {
        "msgspec": msgspec_calls(doc_text, synthesis_text),
    }
    checks_agree(calls)
    figures: dict[str, float] = {}
    for library, by_name in calls.items():
        for name, call in by_name.items():
            figures[f"{name}_{library}_us"] = timed(call, rounds=rounds)
    names = list(calls["msgspec"])
    width = max(len(name) for name in names)
    print(f"{'µs per call':<{width}}  " + "  ".join(f"{lib:>12}" for lib in calls))
    for name in names:
        row = "  ".join(f"{figures[f'{name}_{lib}_us']:>12.2f}" for lib in calls)
        print(f"{name:<{width}}  {row}")
    decodes = ("board_decode", "doc_decode", "synthesis_decode")
    for library in calls:
        figures[f"{library}_decode_us"] = round(
            sum(figures[f"{name}_{library}_us"] for name in decodes), 2
        )
    figures["load_average_1min"] = round(os.getloadavg()[0], 1)
    print(json.dumps({**figures, "quick": arguments.quick}))


if __name__ == "__main__":
    main()
