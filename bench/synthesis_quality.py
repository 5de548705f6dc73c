"""Quality of the offline synthesis on the labelled Swedish set, against a TF-IDF baseline.

The set (larlabb/synthesis/evaluation/notes.jsonl, 320 notes in 10 themes) holds planted
near-duplicates, paraphrases and look-alikes that are not duplicates, explicit and implicit
goal conflicts and good examples. Measured, for the engine and for a plain baseline (stem
TF-IDF, k-means with the true number of themes, top TF-IDF terms as labels, word-overlap
duplicates, cue words only for conflicts and examples) in the same run:

- themes: adjusted Rand index and normalised mutual information against the labelled themes;
- near-duplicates: precision and recall over pairs of notes in the same duplicate group;
- goal conflicts: precision and recall over notes cited by explicit conflicts and by
  single-note candidates (pairs of notes in tension are suggestions and are not counted);
- good examples: precision and recall over notes;
- label hit rate: the share of labelled themes whose best-matching cluster's label or
  keywords contain one of the theme's expected words (stems compared);
- place_share: the share of the seed board's notes that place_notes puts under the right frame
  (larlabb/demo/seed_board.py), with the export's order as a hint and by meaning alone;
- placement per flat board export (evaluation/exports/, the seed board among them): the share
  of notes the import puts under their right frame, by order and meaning combined and by the
  export's order alone (placement_min_accuracy, placement_order_min_accuracy,
  placement_worse_than_order_boards).

    .venv/bin/python bench/synthesis_quality.py            # the whole set
    .venv/bin/python bench/synthesis_quality.py --quick    # the same code on every other note

The last line printed is one JSON object with the headline figures.
"""

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SET = ROOT / "larlabb" / "synthesis" / "evaluation"
# The seed board's export as the project ships it (file 000 of the seed documents).
SEED_BOARD = ROOT / "larlabb/workshops/transcription/tests/data/seed_board_export.txt"


def load(quick):
    rows = [json.loads(line) for line in (SET / "notes.jsonl").read_text().splitlines() if line]
    if quick:
        kept = rows[::2]
        ids = {r["id"] for r in kept}
        # A duplicate whose original was left out would have nothing to match.
        rows = [r for r in rows if r["id"] in ids or r["duplicate_of"] in ids]
    themes = json.loads((SET / "themes.json").read_text())
    return rows, themes


def pairs(groups):
    found: set[frozenset[str]] = set()
    for group in groups:
        found.update(frozenset(p) for p in combinations(sorted(group), 2))
    return found


def precision_recall(predicted, truth):
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    return round(precision, 3), round(recall, 3)


def true_duplicate_groups(rows):
    parent = {r["id"]: r["id"] for r in rows}

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for r in rows:
        if r["duplicate_of"] in parent:
            parent[find(r["id"])] = find(r["duplicate_of"])
    groups: dict[str, list[str]] = {}
    for r in rows:
        groups.setdefault(find(r["id"]), []).append(r["id"])
    return [g for g in groups.values() if len(g) > 1]


def label_hits(rows, clusters, labels, themes):
    """For each labelled theme: the cluster holding most of its notes; a hit when that
    cluster's label or keywords share a stem with the theme's expected words."""
    from larlabb.synthesis.engine.lexical import stems

    hits = 0
    for theme, spec in themes.items():
        members = [clusters[r["id"]] for r in rows if r["theme"] == theme]
        members = [c for c in members if c >= 0]
        if not members:
            continue
        best = Counter(members).most_common(1)[0][0]
        expected = set(stems(" ".join(spec["label_words"])))
        if expected & set(stems(" ".join(labels[best]))):
            hits += 1
    return round(hits / len(themes), 3)


def scores(rows, themes, clusters, labels, duplicates, conflict_ids, example_ids):
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    truth = [r["theme"] for r in rows]
    # A note in no theme counts as a cluster of its own, as a reader would see it.
    predicted = [clusters[r["id"]] if clusters[r["id"]] >= 0 else f"-{r['id']}" for r in rows]
    predicted = [str(p) for p in predicted]
    dup_p, dup_r = precision_recall(pairs(duplicates), pairs(true_duplicate_groups(rows)))
    con_p, con_r = precision_recall(set(conflict_ids), {r["id"] for r in rows if r["conflict"]})
    ex_p, ex_r = precision_recall(set(example_ids), {r["id"] for r in rows if r["good_example"]})
    return {
        "ari": round(adjusted_rand_score(truth, predicted), 3),
        "nmi": round(normalized_mutual_info_score(truth, predicted), 3),
        "themes_found": len({c for c in clusters.values() if c >= 0}),
        "dup_precision": dup_p,
        "dup_recall": dup_r,
        "conflict_precision": con_p,
        "conflict_recall": con_r,
        "example_precision": ex_p,
        "example_recall": ex_r,
        "label_hit_rate": label_hits(rows, clusters, labels, themes),
    }


def engine(rows, themes):
    from larlabb.synthesis.engine import InputNote, embed_texts, synthesize

    notes = [
        InputNote(id=r["id"], text=r["text"], group=r["group"], workshop=r["workshop"])
        for r in rows
    ]
    # Stored vectors, as in the product: computed when a note is saved, not at synthesis.
    vectors = embed_texts([n.text for n in notes])
    stored = {n.id: vectors[i] for i, n in enumerate(notes)}
    started = time.perf_counter()
    result = synthesize(notes, embeddings=stored)
    seconds = time.perf_counter() - started
    clusters = {r["id"]: -1 for r in rows}
    for index, theme in enumerate(result.themes):
        for note_id in theme.note_ids:
            clusters[note_id] = index
    labels = [(t.label, *t.keywords) for t in result.themes]
    conflict_ids = {
        i
        for c in result.conflicts
        if c.kind == "explicit" or len(c.note_ids) == 1
        for i in c.note_ids
    }
    figures = scores(
        rows, themes, clusters, labels, result.duplicates, conflict_ids, result.good_examples
    )
    figures["synthesis_s"] = round(seconds, 3)
    figures["method"] = result.method
    return figures


BASELINE_CONFLICT = re.compile(r"målkonflikt|konflikt", re.IGNORECASE)
BASELINE_EXAMPLE = re.compile(r"\b(?:bra|gott)\s+exempel\b", re.IGNORECASE)


def baseline(rows, themes):
    """What a first attempt would do: stem TF-IDF and k-means, told the number of themes."""
    from sklearn.cluster import KMeans

    from larlabb.synthesis.engine.lexical import tfidf

    texts = [r["text"] for r in rows]
    matrix = tfidf(texts)
    k = len({r["theme"] for r in rows})
    assignment = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(matrix)
    clusters = {r["id"]: int(c) for r, c in zip(rows, assignment, strict=True)}
    from sklearn.feature_extraction.text import TfidfVectorizer

    from larlabb.synthesis.engine.lexical import content_words

    labels = []
    for c in range(k):
        words = " ".join(t for t, a in zip(texts, assignment, strict=True) if a == c)
        counts = Counter(w for w in content_words(words) if len(w) > 2)
        labels.append(tuple(w for w, _ in counts.most_common(3)))
    # Word-overlap duplicates: cosine of word TF-IDF at the same threshold as the engine's.
    words_matrix = TfidfVectorizer().fit_transform(texts)
    similarity = (words_matrix @ words_matrix.T).toarray()
    duplicates = [
        (rows[i]["id"], rows[j]["id"])
        for i, j in combinations(range(len(rows)), 2)
        if similarity[i, j] >= 0.6
    ]
    conflict_ids = [r["id"] for r in rows if BASELINE_CONFLICT.search(r["text"])]
    example_ids = [r["id"] for r in rows if BASELINE_EXAMPLE.search(r["text"])]
    return scores(rows, themes, clusters, labels, duplicates, conflict_ids, example_ids)


def duplicate_threshold_sweep(rows):
    """How the near-duplicate threshold (duplicates.THRESHOLD) was chosen: the highest
    precision that keeps full recall, and how many look-alikes each threshold would fold."""
    from larlabb.synthesis.engine.duplicates import duplicate_groups

    truth = pairs(true_duplicate_groups(rows))
    lookalikes = {frozenset((r["id"], r["lookalike_of"])) for r in rows if r["lookalike_of"]}
    ids, texts = [r["id"] for r in rows], [r["text"] for r in rows]
    for threshold in (0.4, 0.5, 0.6, 0.7, 0.8):
        found = pairs(duplicate_groups(ids, texts, threshold=threshold))
        precision, recall = precision_recall(found, truth)
        print(
            f"  duplicates at {threshold:.1f}: precision {precision}, recall {recall}, "
            f"look-alikes folded {len(found & lookalikes)}"
        )


def place_share():
    from larlabb.demo.seed_board import NOTES_BY_FRAME
    from larlabb.synthesis.engine import place_notes
    from larlabb.synthesis.engine.board_text import parse_board_text

    board = parse_board_text(SEED_BOARD.read_text())
    truth = {" ".join(t.split()): frame for frame, ts in NOTES_BY_FRAME.items() for t in ts}

    def share(placed):
        right = sum(
            1
            for text, index in zip(board.notes, placed, strict=True)
            if index is not None and board.frame_titles[index] == truth.get(text)
        )
        return round(right / len(board.notes), 3)

    with_order = place_notes(board.frame_titles, board.notes, nearby_title=board.nearby_title)
    by_meaning = place_notes(board.frame_titles, board.notes)
    return share(with_order), share(by_meaning), len(board.notes)


def placement_per_board():
    """Per flat board export of the evaluation set (exports/): the share of notes placed under
    their right frame by the import's combined method and by the export's order alone."""
    from larlabb.synthesis.evaluation.export_boards import export_boards
    from larlabb.synthesis.placement import notes_place_by_meaning
    from larlabb.workshops.transcription.board_export import notes_place_lexical

    return {
        board.name: (
            round(board.accuracy(notes_place_by_meaning), 3),
            round(board.accuracy(notes_place_lexical), 3),
            len(board.right_frame),
        )
        for board in export_boards()
    }


def placement_headline(per_board):
    print(f"{'flat export':<32}{'notes':>6}{'combined':>10}{'order':>8}")
    for name, (combined, order, notes) in per_board.items():
        print(f"{name:<32}{notes:>6}{combined:>10}{order:>8}")
    return {
        "placement_boards": len(per_board),
        "placement_min_accuracy": min(c for c, _, _ in per_board.values()),
        "placement_order_min_accuracy": min(o for _, o, _ in per_board.values()),
        "placement_mean_accuracy": round(
            sum(c for c, _, _ in per_board.values()) / len(per_board), 3
        ),
        "placement_order_mean_accuracy": round(
            sum(o for _, o, _ in per_board.values()) / len(per_board), 3
        ),
        "placement_worse_than_order_boards": sum(1 for c, o, _ in per_board.values() if c < o),
    }


def main():
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="every other note of the set")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    rows, themes = load(args.quick)
    print(f"{len(rows)} notes, {len(themes)} labelled themes")
    ours = engine(rows, themes)
    base = baseline(rows, themes)
    print(f"{'figure':<20}{'engine':>10}{'baseline':>10}")
    for key, value in ours.items():
        print(f"{key:<20}{value!s:>10}{base.get(key, '')!s:>10}")
    duplicate_threshold_sweep(rows)
    with_order, by_meaning, seed_notes = place_share()
    print(
        f"place_notes on the seed board ({seed_notes} notes): {with_order} right with the "
        f"export order as a hint, {by_meaning} by meaning alone"
    )
    headline = {
        "notes": len(rows),
        "ari": ours["ari"],
        "nmi": ours["nmi"],
        "dup_precision": ours["dup_precision"],
        "dup_recall": ours["dup_recall"],
        "conflict_precision": ours["conflict_precision"],
        "conflict_recall": ours["conflict_recall"],
        "example_precision": ours["example_precision"],
        "example_recall": ours["example_recall"],
        "label_hit_rate": ours["label_hit_rate"],
        "baseline_ari": base["ari"],
        "baseline_nmi": base["nmi"],
        "baseline_dup_precision": base["dup_precision"],
        "baseline_dup_recall": base["dup_recall"],
        "baseline_conflict_precision": base["conflict_precision"],
        "baseline_conflict_recall": base["conflict_recall"],
        "baseline_example_precision": base["example_precision"],
        "baseline_example_recall": base["example_recall"],
        "baseline_label_hit_rate": base["label_hit_rate"],
        "place_share": with_order,
        "place_share_meaning_only": by_meaning,
    }
    headline |= placement_headline(placement_per_board())
    print(json.dumps(headline))


if __name__ == "__main__":
    main()
