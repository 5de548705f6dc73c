"""Time and peak memory of a synthesis with stored embeddings, and embeddings per second.

Notes are built from the labelled Swedish set (larlabb/synthesis/evaluation/notes.jsonl): each
joins the start of one note to the end of another note of the same theme, so every note is
different yet the themes stay real. Their vectors stand in for stored ones: the mean of the
two source notes' e5 vectors plus a little noise, as if computed when each note was saved.
Embeddings per second is measured separately with the real model on notes of the set.

Time is the median of three runs (one with --quick), as wall-clock seconds and as CPU seconds
of this process (on a shared machine the second shows the work done, the first also the wait
for a core; the 1-minute load average is printed with them); peak memory is what Python and numpy
allocate during one synthesis (tracemalloc), measured in a separate run so the tracing does
not slow the timed ones.

    .venv/bin/python bench/synthesis_speed.py            # 1,000 and 10,000 notes
    .venv/bin/python bench/synthesis_speed.py --quick    # the same sizes, one run each

The last line printed is one JSON object with the headline figures.
"""

import argparse
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SET = ROOT / "larlabb" / "synthesis" / "evaluation" / "notes.jsonl"
SIZES = (1000, 10000)


def build_notes(count, rows, vectors, seed=0):
    import numpy as np

    from larlabb.synthesis.engine import InputNote
    from larlabb.synthesis.engine.lexical import normalise

    rng = np.random.default_rng(seed)
    by_theme: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        by_theme.setdefault(row["theme"], []).append(index)
    themes = sorted(by_theme)
    notes, stored = [], {}
    for number in range(count):
        members = by_theme[themes[number % len(themes)]]
        a, b = rng.choice(members, size=2, replace=False)
        words_a, words_b = rows[a]["text"].split(), rows[b]["text"].split()
        text = " ".join(words_a[: len(words_a) // 2 + 1] + words_b[len(words_b) // 2 :])
        note_id = str(number)
        notes.append(
            InputNote(
                id=note_id,
                text=text,
                group=f"Grupp {number % 10 + 1}",
                workshop=f"Workshop {number % 6 + 1}",
                frame=f"Fråga {number % 3 + 1}",
                votes=int(rng.integers(0, 4)),
            )
        )
        vector = vectors[a] + vectors[b] + rng.normal(0, 0.02, vectors.shape[1])
        stored[note_id] = normalise(vector[None].astype(np.float32))[0]
    return notes, stored


def timed(notes, stored, runs):
    from larlabb.synthesis.engine import synthesize

    seconds, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = synthesize(notes, embeddings=stored)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(seconds), statistics.median(cpu), result


def peak_mb(notes, stored):
    from larlabb.synthesis.engine import synthesize

    tracemalloc.start()
    synthesize(notes, embeddings=stored)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main():
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one timed run per size")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from larlabb.synthesis.engine import EMBEDDING_MODEL, embed_texts, synthesize

    rows = [json.loads(line) for line in SET.read_text().splitlines() if line]
    texts = [r["text"] for r in rows]
    embed_texts(texts[:2])  # loads the model, which is not what is measured
    sample = texts[:64] if args.quick else texts
    started = time.perf_counter()
    vectors = embed_texts(sample)
    embeddings_per_s = len(sample) / (time.perf_counter() - started)
    if len(sample) < len(texts):
        vectors = embed_texts(texts)
    print(f"{EMBEDDING_MODEL}: {embeddings_per_s:.1f} embeddings/s over {len(sample)} notes")
    synthesize(build_notes(50, rows, vectors)[0])  # imports and first-call costs
    figures = {}
    for size in SIZES:
        notes, stored = build_notes(size, rows, vectors)
        seconds, cpu, result = timed(notes, stored, 1 if args.quick else 3)
        peak = peak_mb(notes, stored)
        print(
            f"{size:>6} notes: {seconds:.2f} s ({cpu:.2f} s of CPU), peak {peak:.0f} MB, "
            f"{len(result.themes)} themes, "
            f"{len(result.duplicates)} duplicate groups, {len(result.conflicts)} conflicts"
        )
        figures[size] = (seconds, peak, cpu)
    print(
        json.dumps(
            {
                "s_1000": round(figures[1000][0], 3),
                "s_10000": round(figures[10000][0], 3),
                "cpu_s_1000": round(figures[1000][2], 3),
                "cpu_s_10000": round(figures[10000][2], 3),
                "peak_mb_1000": round(figures[1000][1], 1),
                "peak_mb_10000": round(figures[10000][1], 1),
                "embeddings_per_s": round(embeddings_per_s, 1),
                "load_average_1min": round(os.getloadavg()[0], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
