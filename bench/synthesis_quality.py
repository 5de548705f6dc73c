"""Quality of the offline synthesis on the labelled Swedish set, against a TF-IDF baseline.

The set (larlabb/synthesis/evaluation/notes.jsonl, 320 notes in 10 themes) holds planted
near-duplicates, paraphrases and look-alikes that are not duplicates, explicit and implicit
goal conflicts and good examples. Measured, for the engine and for a plain baseline (stem
TF-IDF, k-means with the true number of themes, top TF-IDF terms as labels, word-overlap
duplicates, cue words only for conflicts and examples) in the same run:

- themes: adjusted Rand index and normalised mutual information against the labelled themes;
- near-duplicates: precision and recall over pairs of notes in the same duplicate group;
- goal conflicts: precision and recall over the notes cited by any conflict;
- good examples: precision and recall over notes;
- label hit rate: the share of labelled themes whose best-matching cluster's label or
  keywords contain one of the theme's expected words (stems compared);
- place_share: the share of the seed board's notes that place_notes puts under the right frame
  (larlabb/demo/seed_board.py), with the export's order as a hint and by meaning alone;
- themes on whole boards (theme_figures): ARI, NMI and the number of themes found against the
  labelled number, on the boards of evaluation/theme_boards.json (the seed board, the
  70-note six-group demo board) and on the 320-note set, and the share of theme names that
  keep the naming rule (labels.name_follows_rule). The baseline is stem TF-IDF and k-means
  told the true number of themes, named by its top two keywords joined with "och", as the
  engine named themes before.
- placement per flat board export (evaluation/exports/, the seed board among them): the share
  of notes the import puts under their right frame, by order and meaning combined and by the
  export's order alone (placement_min_accuracy, placement_order_min_accuracy,
  placement_worse_than_order_boards).

    .venv/bin/python bench/synthesis_quality.py            # the whole set
    .venv/bin/python bench/synthesis_quality.py --quick    # the same code on every other note

Findings on sets of their own (conflicts.jsonl, paraphrases.jsonl, examples.jsonl, see the
set's README), engine and baseline alike:

- goal conflicts with hard negatives (notes that only mention the word, notes that say two
  goals agree): precision and recall over notes, hard negatives cited, and conflicts stated
  more than once (a true conflict whose notes are spread over several statements);
- paraphrases: precision and recall over pairs grouped as the same point, and the
  same-words-different-point pairs wrongly grouped (hard negatives, also the look-alikes of
  notes.jsonl that the engine folded);
- good examples in several tenses and in a "Goda exempel" frame: precision and recall.

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
    # Every conflict the engine states is asserted in the report, so every one counts.
    conflict_ids = {i for c in result.conflicts for i in c.note_ids}
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


def _set(name):
    return [json.loads(line) for line in (SET / name).read_text().splitlines() if line]


def conflict_findings():
    """Engine and baseline on conflicts.jsonl: precision, recall, hard negatives, splits."""
    from larlabb.synthesis.engine.conflicts import find_conflicts
    from larlabb.synthesis.engine.types import InputNote

    rows = _set("conflicts.jsonl")
    notes = [
        InputNote(id=r["id"], text=r["text"], tagged_conflict=r["tagged_conflict"]) for r in rows
    ]
    truth = {r["id"] for r in rows if r["conflict"]}
    hard = {r["id"] for r in rows if r["hard_negative"]}
    key_of = {r["id"]: r["conflict"] for r in rows}

    def figures(statements):
        cited = {i for ids in statements for i in ids}
        precision, recall = precision_recall(cited, truth)
        statements_of: dict[str, set[int]] = {}
        for number, ids in enumerate(statements):
            for i in ids:
                if key_of[i]:
                    statements_of.setdefault(key_of[i], set()).add(number)
        return {
            "precision": precision,
            "recall": recall,
            "hard_negatives_flagged": len(cited & hard),
            "stated_more_than_once": sum(1 for found in statements_of.values() if len(found) > 1),
        }

    ours = figures([c.note_ids for c in find_conflicts(notes)])
    base = figures([(r["id"],) for r in rows if BASELINE_CONFLICT.search(r["text"])])
    return ours, base


def paraphrase_findings(rows):
    """Engine and baseline on paraphrases.jsonl (all notes of its pairs together), with the
    look-alikes of notes.jsonl that each would fold."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from larlabb.synthesis.engine.duplicates import duplicate_groups

    pairs_set = _set("paraphrases.jsonl")
    texts = list(dict.fromkeys(t for p in pairs_set for t in (p["a"], p["b"])))
    ids = [f"t{i}" for i in range(len(texts))]
    id_of = dict(zip(texts, ids, strict=True))
    same = {
        frozenset((id_of[p["a"]], id_of[p["b"]])) for p in pairs_set if p["kind"] == "paraphrase"
    }
    different = {
        frozenset((id_of[p["a"]], id_of[p["b"]])) for p in pairs_set if p["kind"] != "paraphrase"
    }
    lookalikes = {frozenset((r["id"], r["lookalike_of"])) for r in rows if r["lookalike_of"]}
    all_ids, all_texts = [r["id"] for r in rows], [r["text"] for r in rows]

    def figures(found, found_on_notes):
        precision, recall = precision_recall(found, same)
        return {
            "precision": precision,
            "recall": recall,
            "hard_negatives_flagged": len(found & different) + len(found_on_notes & lookalikes),
        }

    ours = figures(pairs(duplicate_groups(ids, texts)), pairs(duplicate_groups(all_ids, all_texts)))

    def word_overlap(names, words):
        matrix = TfidfVectorizer().fit_transform(words)
        similarity = (matrix @ matrix.T).toarray()
        return {
            frozenset((names[i], names[j]))
            for i, j in combinations(range(len(names)), 2)
            if similarity[i, j] >= 0.6
        }

    base = figures(word_overlap(ids, texts), word_overlap(all_ids, all_texts))
    return ours, base


def example_findings():
    """Engine and baseline on examples.jsonl: several tenses, a "Goda exempel" frame, wishes."""
    from larlabb.synthesis.engine.examples import good_examples
    from larlabb.synthesis.engine.types import InputNote

    rows = _set("examples.jsonl")
    notes = [InputNote(id=r["id"], text=r["text"], frame=r["frame"]) for r in rows]
    truth = {r["id"] for r in rows if r["good_example"]}
    ours = precision_recall(set(good_examples(notes)), truth)
    base = precision_recall({r["id"] for r in rows if BASELINE_EXAMPLE.search(r["text"])}, truth)
    return ours, base


def findings(rows):
    """Prints the findings' figures and returns them for the headline."""
    con, con_base = conflict_findings()
    para, para_base = paraphrase_findings(rows)
    ex, ex_base = example_findings()
    print("findings on their own sets (engine / baseline):")
    print(f"  conflicts: {con} / {con_base}")
    print(f"  paraphrases: {para} / {para_base}")
    print(f"  examples (precision, recall): {ex} / {ex_base}")
    return {
        "conflict_set_precision": con["precision"],
        "conflict_set_recall": con["recall"],
        "conflict_hard_negatives_flagged": con["hard_negatives_flagged"],
        "conflicts_stated_more_than_once": con["stated_more_than_once"],
        "paraphrase_precision": para["precision"],
        "paraphrase_recall": para["recall"],
        "hard_negatives_flagged": para["hard_negatives_flagged"],
        "example_set_precision": ex[0],
        "example_set_recall": ex[1],
        "baseline_conflict_set_precision": con_base["precision"],
        "baseline_conflict_set_recall": con_base["recall"],
        "baseline_conflict_hard_negatives_flagged": con_base["hard_negatives_flagged"],
        "baseline_paraphrase_precision": para_base["precision"],
        "baseline_paraphrase_recall": para_base["recall"],
        "baseline_hard_negatives_flagged": para_base["hard_negatives_flagged"],
        "baseline_example_set_precision": ex_base[0],
        "baseline_example_set_recall": ex_base[1],
    }


def theme_boards(rows):
    """(name, notes as dicts with id, text, frame, group, theme) for every labelled board."""
    boards = json.loads((SET / "theme_boards.json").read_text())["boards"]
    found = [(b["name"], b["notes"]) for b in boards]
    found.append((f"Utvärderingsmängden ({len(rows)} lappar)", [dict(r, frame="") for r in rows]))
    return found


def theme_scores(notes, clusters, names):
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from larlabb.synthesis.engine.labels import name_follows_rule

    truth = [n["theme"] for n in notes]
    predicted = [str(clusters[n["id"]]) if clusters[n["id"]] >= 0 else f"-{n['id']}" for n in notes]
    texts = {n["id"]: n["text"] for n in notes}
    passing = sum(1 for name, ids in names if name_follows_rule(name, [texts[i] for i in ids]))
    return {
        "ari": adjusted_rand_score(truth, predicted),
        "nmi": normalized_mutual_info_score(truth, predicted),
        "found": len({c for c in clusters.values() if c >= 0}),
        "true": len(set(truth)),
        "names": len(names),
        "passing": passing,
    }


def engine_themes(notes):
    from larlabb.synthesis.engine import InputNote, embed_texts, synthesize

    inputs = [
        InputNote(id=n["id"], text=n["text"], frame=n["frame"], group=n["group"]) for n in notes
    ]
    vectors = embed_texts([n.text for n in inputs])
    result = synthesize(inputs, embeddings={n.id: vectors[i] for i, n in enumerate(inputs)})
    clusters = {n["id"]: -1 for n in notes}
    for index, theme in enumerate(result.themes):
        for note_id in theme.note_ids:
            clusters[note_id] = index
    return clusters, [(t.label, t.note_ids) for t in result.themes], result.themes


def baseline_themes(notes):
    from sklearn.cluster import KMeans

    from larlabb.synthesis.engine.labels import theme_keywords
    from larlabb.synthesis.engine.lexical import tfidf

    texts = [n["text"] for n in notes]
    k = len({n["theme"] for n in notes})
    assignment = [
        int(c) for c in KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(tfidf(texts))
    ]
    keywords = theme_keywords(texts, assignment, k)
    names = []
    for c in range(k):
        words = keywords[c][:2]
        name = " och ".join(words) if words else "Övrigt"
        ids = tuple(n["id"] for n, a in zip(notes, assignment, strict=True) if a == c)
        names.append((name[:1].upper() + name[1:], ids))
    return {n["id"]: a for n, a in zip(notes, assignment, strict=True)}, names


def theme_figures(rows):
    """Themes and names on every labelled board, for the engine and the baseline."""
    totals: dict[str, list[dict[str, float]]] = {"engine": [], "baseline": []}
    print(f"{'board':<58}{'who':>9}{'ARI':>7}{'NMI':>7}{'themes':>9}{'names ok':>10}")
    for name, notes in theme_boards(rows):
        clusters, names, themes = engine_themes(notes)
        for who, figures in (
            ("engine", theme_scores(notes, clusters, names)),
            ("baseline", theme_scores(notes, *baseline_themes(notes))),
        ):
            totals[who].append(figures)
            print(
                f"{name[:57]:<58}{who:>9}{figures['ari']:>7.3f}{figures['nmi']:>7.3f}"
                f"{figures['found']:>5}/{figures['true']:<3}{figures['passing']:>6}/{figures['names']}"
            )
        for theme in themes:
            print(f"    {len(theme.note_ids):>3}  {theme.label}")

    def summary(figures, prefix):
        count = len(figures)
        return {
            f"{prefix}themes_ari": round(sum(f["ari"] for f in figures) / count, 3),
            f"{prefix}themes_nmi": round(sum(f["nmi"] for f in figures) / count, 3),
            f"{prefix}themes_count_error": round(
                sum(abs(f["found"] - f["true"]) for f in figures) / count, 2
            ),
            f"{prefix}names_pass_share": round(
                sum(f["passing"] for f in figures) / max(1, sum(f["names"] for f in figures)), 3
            ),
            f"{prefix}themes_ari_by_board": [round(f["ari"], 3) for f in figures],
            f"{prefix}themes_found_by_board": [f["found"] for f in figures],
        }

    return {
        **summary(totals["engine"], ""),
        "themes_true_by_board": [f["true"] for f in totals["engine"]],
        **summary(totals["baseline"], "baseline_"),
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
    headline.update(findings(rows))
    headline.update(theme_figures(rows))
    headline |= placement_headline(placement_per_board())
    print(json.dumps(headline))


if __name__ == "__main__":
    main()
