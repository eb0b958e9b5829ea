"""Search by words with and without a typed word's other forms (config/search.yaml), on real
paragraphs labelled by theme (issue 10, session 20).

A researcher types a keyword ("deserters", "executed") and expects the paragraphs on that theme
whatever form of the word they use. The lens labels of the real story sets say which English
content paragraphs are about desertion, executions or morale; each keyword query below (fixed
before the first run) is searched by words over those paragraphs, and the benchmark reports, per
query, how many paragraphs match at all, how many of the theme's paragraphs they hold (recall) and
what share of the matches are on the theme (precision), with forms off and on.

    python -m benchmarks.eval_word_forms --set SNAPSHOT:LENS_LABELS [--set ...] [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.eval_lenses import gold_for, real_labels   # noqa: E402
from newslens.search.engine import build_index          # noqa: E402
from newslens.store import load_snapshot                 # noqa: E402

# Keyword queries per theme, the words a researcher of the field types (fixed before any run).
QUERIES = {
    "desertion": ["deserter", "deserters", "desertion", "deserted", "fled", "AWOL"],
    "executions": ["executed", "execution", "executions", "shot"],
    "morale": ["morale", "refused", "complained", "exhausted"],
}


def _matches(index, positions: np.ndarray, query: str, forms: bool) -> np.ndarray:
    """Which of ``positions`` (searchable paragraphs) hold the query's words (or their forms)."""
    terms = index.lexical.query_terms(query, index.word_forms.forms if forms else None)
    return index.lexical.scores(terms)[positions] > 0


def measure(sets: list[tuple[str, str]]) -> dict:
    per_query: dict[str, dict] = {}
    for snap_dir, labels_path in sets:
        snapshot = load_snapshot(Path(snap_dir))
        index = build_index(snapshot)
        rows, gold, _ = gold_for(snapshot, real_labels(Path(labels_path)), starts=True)
        position_of = {int(r): p for p, r in enumerate(index.rows.tolist())}
        keep = [i for i, r in enumerate(rows.tolist()) if r in position_of]
        positions = np.array([position_of[int(rows[i])] for i in keep], dtype=np.int64)
        labels = [gold[i] for i in keep]
        for lens, queries in QUERIES.items():
            relevant = np.array([lens in g for g in labels], dtype=bool)
            for query in queries:
                entry = per_query.setdefault(query, {"lens": lens, "relevant": 0, "off": [0, 0], "on": [0, 0]})
                entry["relevant"] += int(relevant.sum())
                for key, forms in (("off", False), ("on", True)):
                    hit = _matches(index, positions, query, forms)
                    entry[key][0] += int(hit.sum())
                    entry[key][1] += int((hit & relevant).sum())
    out = {}
    for query, e in per_query.items():
        row = {"lens": e["lens"], "relevant": e["relevant"]}
        for key in ("off", "on"):
            matched, right = e[key]
            row[key] = {"matched": matched, "on_theme": right,
                        "recall": round(right / e["relevant"], 3) if e["relevant"] else None,
                        "precision": round(right / matched, 3) if matched else None}
        out[query] = row
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", required=True, help="SNAPSHOT_DIR:LENS_LABELS_YAML")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure([tuple(s.rsplit(":", 1)) for s in args.set])
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print("| query (theme) | theme paragraphs | matched off -> on | recall off -> on | precision off -> on |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for query, r in result.items():
        off, on = r["off"], r["on"]
        print(f"| {query} ({r['lens']}) | {r['relevant']} | {off['matched']} -> {on['matched']} | "
              f"{off['recall']} -> {on['recall']} | {off['precision']} -> {on['precision']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
