"""Score a snapshot of the real evaluation corpus against the hand labels of issue 10.

The corpus itself (third-party pages) is never in the repository; build it from the urls in
``tests/data/eval_stories/labels.yaml`` into a scratch folder, then::

    python -m pipeline build --raw /work/scratch/eval10/raw --out /work/scratch/eval10/processed
    python benchmarks/eval_stories.py --data /work/scratch/eval10/processed [--json]

This script builds nothing. It reads the snapshot only through the public command line
(``python -m newslens stories|compare --json``), so it scores whatever the read side does,
whatever its internal layout, and it measures:

- story grouping: pairwise precision and recall against the true stories, and which
  related-but-different stories were merged;
- alignment: share of the hand-aligned paragraph pairs the comparison aligns;
- reuse: the comparison's reuse score on known reworks (target >= 70%) and on pairs of
  different stories (target <= 30%);
- hedges: known hedges found, known hedge drops flagged, and every hedge-drop flag on the
  labelled pairs, listed for checking by hand.
"""
from __future__ import annotations

import argparse
import itertools
import functools
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import yaml

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "eval_stories" / "labels.yaml"
TARGETS = {"precision": 0.95, "recall": 0.80, "rework_reuse": 0.70, "unrelated_reuse": 0.30}


def run_cli(args: list[str], data: str) -> dict:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    out = subprocess.run([sys.executable, "-m", "newslens", *args, "--data", data, "--json"],
                         capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(f"`newslens {' '.join(args)}` failed:\n{out.stderr.strip()}")
    return json.loads(out.stdout)


@functools.lru_cache(maxsize=8)
def duplicates_in(data: str) -> dict[str, str]:
    """Labelled pages the build dropped as (near-)duplicates of another page -> that page's id
    (the file stem, as the labels name articles). The dropped copy is the kept page's text: it
    belongs to that page's story and a comparison with it is a comparison with that page."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from newslens.schema import ManifestKey
    from newslens.store import current_snapshot_id, load_manifest, snapshot_path
    manifest = load_manifest(snapshot_path(data, current_snapshot_id(data)))   # not the tables and vectors
    return {Path(d["file"]).stem: Path(d["duplicate_of"]).stem for d in manifest.get(ManifestKey.DUPLICATES) or []}


def articles_in(data: str) -> set[str]:
    """Article ids of the current snapshot (its articles table only), with the dropped copies'
    ids: a labelled page the store no longer holds is not in the scratch folder, and a pair with
    it is not a pair the grouping missed."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import pandas as pd
    from newslens.schema import ArticleCol, SnapshotFile
    from newslens.store import current_snapshot_id, snapshot_path
    table = snapshot_path(data, current_snapshot_id(data)) / SnapshotFile.ARTICLES
    return set(pd.read_parquet(table, columns=[ArticleCol.ID])[ArticleCol.ID]) | set(duplicates_in(data))


def with_duplicates(stories: list[dict], duplicates: dict[str, str]) -> list[dict]:
    """The stories with each dropped copy added to its kept page's story."""
    return [{**story, "article_ids": story["article_ids"] + [d for d, kept in duplicates.items()
                                                             if kept in story["article_ids"]]}
            for story in stories]


def norm(text: str) -> str:
    """Fragments are matched after folding quotes, dashes, case and spacing (cleaning may change them)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"[\u2018\u2019\u201a\u201b\u2032`']", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\"]", '"', text)
    text = re.sub(r"[\u2013\u2014\u2212]", "-", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def pair_list(entries: list) -> list[tuple[str, str, bool]]:
    out = []
    for e in entries:
        if isinstance(e, dict):
            a, b = e["pair"]
            out.append((a, b, bool(e.get("cross_language"))))
        else:
            out.append((e[0], e[1], False))
    return out


def score_grouping(labels: dict, stories: list[dict], present: set[str] | None = None) -> dict:
    """Pairwise precision and recall. Articles whose membership the page supports but does not
    prove are left out of the pairs, and so are labelled pages not in the snapshot (``present``:
    the ids it holds, when known)."""
    truth = {aid: meta["story"] for aid, meta in labels["articles"].items()
             if not meta.get("uncertain") and (present is None or aid in present)}
    lang = {aid: meta["lang"] for aid, meta in labels["articles"].items()}
    predicted: dict[str, int] = {}
    for n, story in enumerate(stories):
        for aid in story["article_ids"]:
            predicted[aid] = n
    tp = fp = fn = 0
    wrong, missed_cross, missed_same = [], 0, 0
    for a, b in itertools.combinations(sorted(truth), 2):
        same_true = truth[a] == truth[b]
        same_pred = a in predicted and predicted.get(a) == predicted.get(b)
        if same_true and same_pred:
            tp += 1
        elif same_pred:
            fp += 1
            wrong.append((a, b))
        elif same_true:
            fn += 1
            if lang[a] != lang[b]:
                missed_cross += 1
            else:
                missed_same += 1
    related = {tuple(sorted(p)) for p in labels.get("related", [])}
    merged_related = sorted({tuple(sorted((truth[a], truth[b]))) for a, b in wrong
                             if tuple(sorted((truth[a], truth[b]))) in related})
    merged_unrelated = sorted({tuple(sorted((truth[a], truth[b]))) for a, b in wrong} - set(merged_related))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "true_pairs": tp + fn,
            "predicted_pairs": tp + fp, "wrong_pairs": fp, "missed_pairs": fn,
            "missed_same_language": missed_same, "missed_cross_language": missed_cross,
            "left_out_uncertain": sorted(a for a, m in labels["articles"].items() if m.get("uncertain")),
            "not_in_snapshot": sorted(a for a in labels["articles"] if present is not None and a not in present),
            "stories": len(stories), "largest_story": max((len(s["article_ids"]) for s in stories), default=0),
            "merged_related_stories": [list(p) for p in merged_related],
            "merged_other_stories": [list(p) for p in merged_unrelated]}


def _pairs_with(comparison: dict) -> list[tuple[str, str]]:
    return [(norm(p["a_text"]), norm(p["b_text"])) for p in comparison["pairs"] if p["status"] == "aligned"]


def score_alignment(labels: dict, data: str, cache: dict) -> dict:
    found = total = 0
    missing = []
    for entry in labels.get("alignments", []):
        comparison = compare(entry["a"], entry["b"], data, cache)
        aligned = _pairs_with(comparison)
        for frag_a, frag_b in entry["pairs"]:
            total += 1
            fa, fb = norm(frag_a), norm(frag_b)
            if any(fa in ta and fb in tb for ta, tb in aligned):
                found += 1
            else:
                missing.append({"a": entry["a"], "b": entry["b"], "a_fragment": frag_a, "b_fragment": frag_b})
    return {"accuracy": round(found / total, 3) if total else None, "aligned": found, "labelled": total,
            "missing": missing}


def compare(a: str, b: str, data: str, cache: dict) -> dict:
    kept = duplicates_in(data)
    a, b = kept.get(a, a), kept.get(b, b)
    if a == b:   # a labelled pair whose one page the build dropped as a copy of the other
        return {"reuse": {"a_in_b": 1.0, "b_in_a": 1.0}, "pairs": [], "hedges": {"a": [], "b": [], "flags": []},
                "identical": True}
    if (a, b) not in cache:
        cache[(a, b)] = run_cli(["compare", a, b], data)
    return cache[(a, b)]


def reuse_of(comparison: dict) -> float:
    """The share of the more covered side: a rework is covered by its source even when it adds."""
    r = comparison["reuse"]
    return max(r["a_in_b"], r["b_in_a"])


def score_reuse(labels: dict, data: str, cache: dict) -> dict:
    reworks = []
    for a, b, cross in pair_list(labels.get("reworks", [])):
        c = compare(a, b, data, cache)
        reworks.append({"a": a, "b": b, "cross_language": cross, "reuse": reuse_of(c),
                        "a_in_b": c["reuse"]["a_in_b"], "b_in_a": c["reuse"]["b_in_a"]})
    unrelated = []
    for a, b, _ in pair_list(labels.get("unrelated", [])):
        c = compare(a, b, data, cache)
        unrelated.append({"a": a, "b": b, "reuse": reuse_of(c)})
    ok_re = [r for r in reworks if r["reuse"] >= TARGETS["rework_reuse"]]
    ok_un = [u for u in unrelated if u["reuse"] <= TARGETS["unrelated_reuse"]]
    same = [r for r in reworks if not r["cross_language"]]
    return {"reworks": reworks, "unrelated": unrelated,
            "reworks_at_target": f"{len(ok_re)}/{len(reworks)}",
            "same_language_reworks_at_target": f"{sum(r['reuse'] >= TARGETS['rework_reuse'] for r in same)}/{len(same)}",
            "unrelated_at_target": f"{len(ok_un)}/{len(unrelated)}",
            "mean_rework_reuse": round(sum(r["reuse"] for r in reworks) / len(reworks), 3) if reworks else None,
            "mean_unrelated_reuse": round(sum(u["reuse"] for u in unrelated) / len(unrelated), 3) if unrelated else None}


def score_hedges(labels: dict, data: str, cache: dict) -> dict:
    found, missing = [], []
    for aid, wording in labels.get("hedges", []):
        # Any comparison involving the article lists its hedges; compare it with itself's partner.
        partner = next((b for a, b, _ in pair_list(labels.get("reworks", []) + labels.get("unrelated", []))
                        if a == aid), None) or next((a for a, b, _ in pair_list(
                            labels.get("reworks", []) + labels.get("unrelated", [])) if b == aid), None)
        side = "a"
        kept = duplicates_in(data)
        if partner is None or kept.get(partner, partner) == kept.get(aid, aid):
            partner = next(x for x in labels["articles"] if kept.get(x, x) != kept.get(aid, aid))
        c = compare(aid, partner, data, cache)
        texts = [norm(h["text"]) for h in c["hedges"][side]]
        target = norm(wording)
        (found if any(t and (t in target or target in t) for t in texts) else missing).append([aid, wording])
    drops = []
    for d in labels.get("hedge_drops", []):
        c = compare(d["hedged"], d["unhedged"], data, cache)
        flagged = [f for f in c["hedges"]["flags"] if f["dropped_by"] == "B"]
        drops.append({**d, "flagged": bool(flagged), "flags": [f["message"] for f in flagged]})
    listed = []
    for (a, b), c in sorted(cache.items()):
        for f in c["hedges"]["flags"]:
            listed.append({"a": a, "b": b, "message": f["message"]})
    return {"known_hedges_found": f"{len(found)}/{len(found) + len(missing)}", "missing_hedges": missing,
            "known_drops": drops, "flags_to_check_by_hand": listed}


def held_pairs(labels: dict, present: set[str]) -> tuple[dict, list[str]]:
    """The labels with every comparison (alignment, rework, unrelated pair, hedge, hedge drop) that
    names a page the snapshot does not hold left out, and what was left out."""
    def held(*ids: str) -> bool:
        return all(i in present for i in ids)

    out, dropped = dict(labels), []
    # (score_hedges picks a partner among the articles: only among pages the snapshot holds)
    out["articles"] = {a: meta for a, meta in labels["articles"].items() if a in present}
    for key in ("alignments", "reworks", "unrelated", "hedges", "hedge_drops"):
        kept = []
        for entry in labels.get(key) or []:
            if key == "alignments":
                ids = (entry["a"], entry["b"])
            elif key == "hedge_drops":
                ids = (entry["hedged"], entry["unhedged"])
            elif key == "hedges":
                ids = (entry[0],)
            else:
                ids = tuple(pair_list([entry])[0][:2])
            if held(*ids):
                kept.append(entry)
            else:
                dropped.append(f"{key}: {' / '.join(ids)}")
        out[key] = kept
    return out, dropped


def evaluate(data: str, labels_path: Path = LABELS, grouping_only: bool = False) -> dict:
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
    stories = run_cli(["stories"], data)
    stories = stories["stories"] if isinstance(stories, dict) else stories
    stories = with_duplicates(stories, duplicates_in(data))
    known = set(labels["articles"])
    seen = {aid for s in stories for aid in s["article_ids"]}
    cache: dict = {}
    present = articles_in(data)
    grouping = score_grouping(labels, stories, present)
    if grouping_only:
        return {"grouping": grouping, "unlabelled_articles_in_stories": sorted(seen - known)}
    labels, left_out = held_pairs(labels, present)
    return {"grouping": grouping, "comparisons_left_out": left_out,
            "unlabelled_articles_in_stories": sorted(seen - known),
            "alignment": score_alignment(labels, data, cache),
            "reuse": score_reuse(labels, data, cache),
            "hedges": score_hedges(labels, data, cache),
            "targets": TARGETS}


def report(result: dict) -> str:
    g, al, ru, he = result["grouping"], result["alignment"], result["reuse"], result["hedges"]
    lines = [(f"grouping: precision {g['precision']:.2f} (target >= {TARGETS['precision']}), "
              f"recall {g['recall']:.2f} (target >= {TARGETS['recall']}); {g['stories']} stories, largest "
              f"{g['largest_story']}; wrong pairs {g['wrong_pairs']}, missed {g['missed_pairs']} "
              f"({g['missed_cross_language']} across languages)")]
    if g.get("not_in_snapshot"):
        lines.append(f"  labelled pages not in the snapshot (left out of the pairs): {', '.join(g['not_in_snapshot'])}")
    for entry in result.get("comparisons_left_out", []):
        lines.append(f"  left out (a page not in the snapshot): {entry}")
    for p in g["merged_related_stories"]:
        lines.append(f"  merged related stories: {p[0]} + {p[1]}")
    for p in g["merged_other_stories"]:
        lines.append(f"  merged different stories: {p[0]} + {p[1]}")
    lines.append(f"alignment: {al['aligned']}/{al['labelled']} hand-aligned pairs found ({al['accuracy']})")
    for m in al["missing"]:
        lines.append(f"  missed {m['a']} '{m['a_fragment'][:40]}' <-> {m['b']} '{m['b_fragment'][:40]}'")
    lines.append(f"reuse: reworks at target {ru['reworks_at_target']} (same language "
                 f"{ru['same_language_reworks_at_target']}), mean {ru['mean_rework_reuse']}; unrelated at "
                 f"target {ru['unrelated_at_target']}, mean {ru['mean_unrelated_reuse']}")
    for r in ru["reworks"]:
        lines.append(f"  rework {r['a']} / {r['b']}: {r['reuse']:.0%}{' (cross-language)' if r['cross_language'] else ''}")
    for u in ru["unrelated"]:
        lines.append(f"  unrelated {u['a']} / {u['b']}: {u['reuse']:.0%}")
    lines.append(f"hedges: known wordings found {he['known_hedges_found']}; missing {he['missing_hedges']}")
    for d in he["known_drops"]:
        lines.append(f"  known drop {d['hedged']} -> {d['unhedged']}: {'flagged' if d['flagged'] else 'NOT flagged'}")
    lines.append(f"  {len(he['flags_to_check_by_hand'])} hedge-drop flags on labelled pairs (check by hand):")
    for f in he["flags_to_check_by_hand"]:
        lines.append(f"    {f['a']} / {f['b']}: {f['message']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="folder of snapshots built from the evaluation pages")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--grouping-only", action="store_true", help="score the story grouping only (fast)")
    args = parser.parse_args(argv)
    result = evaluate(args.data, args.labels, args.grouping_only)
    if args.json or args.grouping_only:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
