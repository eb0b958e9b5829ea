"""Do "similar paragraphs" cross languages? Measured on labelled real sets (issue 10, session 29).

For every content paragraph of an article whose labelled story has members in other languages,
its nearest content paragraphs of other articles (``newslens.search.similar.similar_for_rows``,
the Reader's and "more like this"'s lookup, as the code ranks them):

- precision@k: share of the k nearest from an article of the same story;
- cross-language recall: of the story's articles in other languages, the share among the k
  nearest's articles (summed over paragraphs);
- same language @3 / @k: share of the nearest in the paragraph's own language (labelled), and the
  share of candidate paragraphs in that language (what a language-blind ranking would give);
- the Reader (k=3 at ``reader.similar_min_score``): paragraphs shown, the share from the same
  story, and those from the same story in another language.

Each ``--set`` is ``snapshot:labels`` (a file in tests/data/eval_stories/ or a path)::

    python -m benchmarks.eval_cross_language --set /tmp/set26_e5:labels_twentysixth.yaml ... [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newslens.languages import base_language  # noqa: E402
from newslens.schema import Kind, ParagraphCol  # noqa: E402
from newslens.search.similar import DEFAULT_MIN_SCORE, similar_for_rows  # noqa: E402
from newslens.store import load_snapshot  # noqa: E402

LABELS = ROOT / "tests" / "data" / "eval_stories"
KEYS = ("paragraphs", "precision_sum", "cross_found", "cross_total", "same3", "same_k", "shown", "base_sum",
        "reader_shown", "reader_story", "reader_cross")


def evaluate(snapshot_dir: str, labels_path: Path, k: int = 10) -> dict[str, float]:
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))["articles"]
    story = {a: v["story"] for a, v in labels.items()}
    language = {a: base_language(v.get("lang")) for a, v in labels.items()}
    snapshot = load_snapshot(snapshot_dir)
    paragraphs = snapshot.paragraphs
    ids = paragraphs[ParagraphCol.ARTICLE_ID].astype(str).to_numpy()
    content = paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).to_numpy()
    members: dict[str, set[str]] = {}
    for a in set(ids) & set(story):
        members.setdefault(story[a], set()).add(a)
    others = {a: {b for b in members[story[a]] if language.get(b) != language.get(a)} for a in set(ids) & set(story)}
    rows = [int(r) for r in np.flatnonzero(content) if others.get(ids[r])]
    near = similar_for_rows(snapshot, rows, k=k, min_score=-1.0)
    reader = similar_for_rows(snapshot, rows, k=3, min_score=DEFAULT_MIN_SCORE)
    content_langs = np.array([language.get(a, "") for a in ids[content]])
    out = dict.fromkeys(KEYS, 0.0)
    for row, found in near.groupby("source_row"):
        a = ids[row]
        nb = found[ParagraphCol.ARTICLE_ID].astype(str).tolist()
        out["paragraphs"] += 1
        out["precision_sum"] += sum(story.get(b) == story[a] for b in nb) / k
        out["cross_found"] += len(others[a] & set(nb))
        out["cross_total"] += len(others[a])
        same = [language.get(b) == language[a] for b in nb]
        out["same3"] += sum(same[:3])
        out["same_k"] += sum(same)
        out["shown"] += len(same)
        out["base_sum"] += float(np.mean(content_langs == language[a]))
    for row, found in reader.groupby("source_row"):
        a = ids[row]
        for b in found[ParagraphCol.ARTICLE_ID].astype(str):
            out["reader_shown"] += 1
            out["reader_story"] += story.get(b) == story[a]
            out["reader_cross"] += story.get(b) == story[a] and language.get(b) != language[a]
    return out


def summary(c: dict[str, float], k: int = 10) -> dict[str, float]:
    n = max(c["paragraphs"], 1)
    return {"paragraphs": int(c["paragraphs"]), "precision_at_k": round(c["precision_sum"] / n, 3),
            "cross_language_recall": round(c["cross_found"] / max(c["cross_total"], 1), 3),
            "cross_found": int(c["cross_found"]), "cross_total": int(c["cross_total"]),
            "same_language_at_3": round(c["same3"] / max(3 * n, 1), 3),
            "same_language_at_k": round(c["same_k"] / max(c["shown"], 1), 3),
            "same_language_base_rate": round(c["base_sum"] / n, 3),
            "reader_shown": int(c["reader_shown"]),
            "reader_same_story": round(c["reader_story"] / max(c["reader_shown"], 1), 3),
            "reader_same_story_other_language": int(c["reader_cross"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", required=True, help="snapshot folder:labels file")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    per, pooled = {}, dict.fromkeys(KEYS, 0.0)
    for spec in args.set:
        folder, _, labels = spec.rpartition(":")
        path = Path(labels) if Path(labels).is_file() else LABELS / labels
        counts = evaluate(folder, path, args.k)
        per[folder] = summary(counts, args.k)
        pooled = {key: pooled[key] + counts[key] for key in KEYS}
    result = {"sets": per, "pooled": summary(pooled, args.k)}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for name, s in {**per, "pooled": result["pooled"]}.items():
            print(name, " ".join(f"{key}={value}" for key, value in s.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
