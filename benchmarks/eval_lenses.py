"""Lens parameters fitted on one half of the real evaluation corpus, measured on the other half
and on the bundled sample (issue 10).

Per lens two numbers are fitted: the lexicon weight (what each lexicon wording found adds to the
example similarity, see newslens/topics/lenses.py) and the threshold, by the best F1 on the
fitting half over a small grid. Both directions of the split are reported (fit on A, score B;
fit on B, score A) so the spread says how much the figures owe to the split, and the in-sample
ceiling (both numbers fitted on the very set they are scored on), which says whether any fit of
them could reach a target at all.

Gold labels: ``tests/data/eval_stories/lens_labels.yaml`` (every English content paragraph of the
real corpus) and ``tests/topics_labels.py`` (every paragraph of the sample). ``--labels
tests/data/eval_stories/lens_labels_heldout.yaml`` with a snapshot of the held-out pages scores the
shipped numbers on that second set (``shipped.real_all``; its halves are fitted as the first set's). The real pages are
not in the repository; build a snapshot of them first (see ``benchmarks/eval_stories.py``) and
one of the sample (``python -m pipeline build --raw data/raw --out <folder>``)::

    python benchmarks/eval_lenses.py --data /work/scratch/eval10/processed --sample <sample folder>

The halves are split by article (every other article in id order), so a lens parameter is never
fitted on a paragraph whose siblings it is then scored on. With ``--write``, the parameters fitted
on half A are written into config/lenses.yaml (the file's comments, examples and lexicons kept);
only from snapshots of the default model, whose figures the file's numbers are (with
multilingual-e5-small the shipped numbers held better than its own fit, see the README).

The same measurement for the multilingual model: build both snapshots with
``--model multilingual-e5-small`` and pass them; the German and Ukrainian paragraphs are then
scored by meaning (with the cross-language floor, ``other_languages``), not by words only.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from newslens import config
from newslens.embedder import DEFAULT_MODEL, load_embedder
from newslens.schema import ParagraphCol
from newslens.store import load_snapshot
from newslens.topics import analysis as topics
from newslens.topics.lenses import LEXICON_CAP, WORDS_ONLY_SIMILARITY, load_lenses, words_only_decides

LABELS = ROOT / "tests" / "data" / "eval_stories" / "lens_labels.yaml"
# German and Ukrainian paragraphs of the same corpus: never fitted on, scored at the shipped numbers.
OTHER_LANGUAGES = ROOT / "tests" / "data" / "eval_stories" / "lens_labels_other_languages.yaml"
GRID = np.round(np.arange(0.25, 0.851, 0.01), 2)
WEIGHTS = np.round(np.arange(0.0, 0.301, 0.025), 3)
# The core quote of the sample's main story (issue 10): every report of it must reach executions.
CORE_QUOTE = ("runs away", "shoot them")


def gold_for(snapshot, labelled: list[tuple[str, str, set[str]]], starts: bool) -> tuple[np.ndarray, list[set[str]], list[str]]:
    """Content rows with exactly one matching label, their gold lens sets and article ids."""
    paragraphs = snapshot.paragraphs
    rows, gold, articles = [], [], []
    for row in topics.content_rows(snapshot):
        article, text = paragraphs[ParagraphCol.ARTICLE_ID].iloc[row], str(paragraphs[ParagraphCol.TEXT].iloc[row])
        hits = [lenses for a, needle, lenses in labelled
                if a == article and (text.strip().startswith(needle) if starts else needle in text)]
        if len(hits) == 1:
            rows.append(row)
            gold.append(hits[0])
            articles.append(article)
    return np.array(rows, dtype=int), gold, articles


def f1(gold, pred) -> float:
    """F1 of two equal-length bool sequences (lists or arrays)."""
    gold, pred = np.asarray(gold, dtype=bool), np.asarray(pred, dtype=bool)
    tp = int(np.sum(gold & pred))
    return 2 * tp / (2 * tp + int(np.sum(pred & ~gold)) + int(np.sum(gold & ~pred))) if tp else 0.0


def macro_f1(scores: np.ndarray, names: tuple[str, ...], gold: list[set[str]], thresholds: dict[str, float]) -> dict:
    per = {}
    for j, name in enumerate(names):
        per[name] = round(f1([name in g for g in gold], list(scores[:, j] >= thresholds[name])), 3)
    per["macro"] = round(float(np.mean([per[n] for n in names])), 3)
    return per


def best_threshold(scores: np.ndarray, gold: list[bool]) -> tuple[float, float]:
    """The threshold with the best F1 (ties: the middle of the best run, more robust) and that F1."""
    values = [f1(gold, list(scores >= t)) for t in GRID]
    best = max(values)
    run = [t for t, v in zip(GRID, values) if v >= best - 1e-9]
    return float(run[len(run) // 2]), best


def combined(similarity: np.ndarray, hits: np.ndarray, weight: float) -> np.ndarray:
    """The lens score as newslens.topics.lenses computes it, for another lexicon weight."""
    return similarity + weight * np.minimum(hits, LEXICON_CAP)


def fit(similarity: np.ndarray, hits: np.ndarray, names: tuple[str, ...], gold: list[set[str]],
        weights: dict[str, float] | None = None) -> dict[str, tuple[float, float]]:
    """Per lens, (lexicon weight, threshold) with the best F1 on these rows; with ``weights``,
    only the thresholds are fitted. Ties go to the smaller weight (closer to plain similarity)."""
    chosen = {}
    for j, name in enumerate(names):
        truth = [name in g for g in gold]
        best = None
        for w in ([weights[name]] if weights else WEIGHTS):
            t, value = best_threshold(combined(similarity[:, j], hits[:, j], w), truth)
            if best is None or value > best[2] + 1e-9:
                best = (float(w), t, value)
        chosen[name] = best[:2]
    return chosen


def macro_at(similarity: np.ndarray, hits: np.ndarray, gold: list[set[str]], names: tuple[str, ...],
             params: dict[str, tuple[float, float]]) -> dict:
    scores = np.column_stack([combined(similarity[:, j], hits[:, j], params[n][0]) for j, n in enumerate(names)])
    return macro_f1(scores, names, gold, {n: params[n][1] for n in names})


def parts(scores, lens_config, floor: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The example similarity as the score starts from (raised to the words-only base for a
    paragraph in another language than the examples, unless ``floor`` is False) and the number
    of lexicon entries found, per paragraph and lens."""
    similarity = scores.scores if scores.similarity is None else scores.similarity
    if floor and scores.cross_language is not None and scores.cross_language.any():
        similarity = similarity.copy()
        rows = np.flatnonzero(scores.cross_language)
        similarity[rows] = np.maximum(similarity[rows], WORDS_ONLY_SIMILARITY)
    hits = np.zeros_like(similarity)
    for (row, j), words in scores.found.items():
        hits[row, j] = len(words)
    return similarity, hits


def sample_labels() -> list[tuple[str, str, set[str]]]:
    from tests.topics_labels import LABELS as SAMPLE
    return [(a, needle, set(lenses)) for a, needle, lenses in SAMPLE]


def real_labels(path: Path) -> list[tuple[str, str, set[str]]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(p["article"], p["starts"], set(p["lenses"])) for p in raw["paragraphs"]]


def write_params(path: Path, params: dict[str, tuple[float, float]]) -> None:
    """Replace each lens's ``threshold:`` and ``lexicon_weight:`` lines in place, keeping the file's
    comments, examples and lexicons."""
    text = path.read_text(encoding="utf-8")
    for name, (weight, threshold) in params.items():
        for key, value, digits in (("threshold", threshold, 2), ("lexicon_weight", weight, 3)):
            pattern = re.compile(rf"(- name: {re.escape(name)}\n(?:(?!  - name:).*\n)*?    {key}: )[0-9.]+")
            text, n = pattern.subn(rf"\g<1>{value:.{digits}f}".rstrip("0").rstrip("."), text, count=1)
            if n != 1:
                raise SystemExit(f"{path}: no '{key}:' line found for lens {name!r}")
    load_lenses_text(text, path)
    path.write_text(text, encoding="utf-8")


def load_lenses_text(text: str, path: Path) -> None:
    """Refuse to write a lens file that would not load."""
    from newslens.topics.lenses import parse_lenses
    parse_lenses(yaml.safe_load(text))


def core_quote_scores(snapshot, scores, names: tuple[str, ...], threshold: float) -> list[dict]:
    """Every paragraph carrying the core quote, with its executions score against the threshold."""
    j = names.index("executions")
    out = []
    for row, text in enumerate(snapshot.paragraphs[ParagraphCol.TEXT].astype(str)):
        low = text.lower()
        if all(part in low for part in CORE_QUOTE) and np.isfinite(scores.scores[row, j]):
            out.append({"article": str(snapshot.paragraphs[ParagraphCol.ARTICLE_ID].iloc[row]),
                        "score": round(float(scores.scores[row, j]), 3), "threshold": threshold,
                        "why": scores.explain(row, "executions")})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="snapshot folder of the real evaluation pages")
    parser.add_argument("--sample", required=True, help="snapshot folder of the bundled sample corpus")
    parser.add_argument("--labels", type=Path, default=LABELS,
                        help="lens labels of the --data pages (default: the first set; the held-out set's are "
                             "tests/data/eval_stories/lens_labels_heldout.yaml)")
    parser.add_argument("--write", action="store_true",
                        help="write the lexicon weights and thresholds fitted on half A into config/lenses.yaml")
    args = parser.parse_args(argv)

    lens_config = load_lenses(config.lenses_file())
    names = lens_config.names
    real = load_snapshot(args.data)
    if args.write and args.labels != LABELS:
        print("not written: the lens file's numbers are fitted on the first set's half A", file=sys.stderr)
        return 2
    if args.write and real.model_name != DEFAULT_MODEL:
        print(f"not written: config/lenses.yaml holds the numbers for the default model {DEFAULT_MODEL}; "
              f"this snapshot is of {real.model_name}", file=sys.stderr)
        return 2
    embedder = load_embedder(real.model_name)
    real_scores = topics.score_snapshot(real, lens_config, embedder, use_head=False)
    real_sim, real_hits = parts(real_scores, lens_config)
    rows, gold, articles = gold_for(real, real_labels(args.labels), starts=True)
    order = sorted(set(articles))
    half = {a: n % 2 for n, a in enumerate(order)}
    halves = {"A": [i for i, a in enumerate(articles) if half[a] == 0],
              "B": [i for i, a in enumerate(articles) if half[a] == 1]}

    sample = load_snapshot(args.sample)
    sample_scores = topics.score_snapshot(sample, lens_config, embedder, use_head=False)
    sample_sim, sample_hits = parts(sample_scores, lens_config)
    s_rows, s_gold, _ = gold_for(sample, sample_labels(), starts=False)

    def on(sim, hits, idx, g):
        return sim[idx], hits[idx], [g[i] for i in idx]

    current = {lens.name: (lens.lexicon_weight, lens_config.thresholds()[lens.name]) for lens in lens_config.lenses}
    no_lexicon = {n: 0.0 for n in names}
    result = {"labelled_paragraphs": len(rows), "half_A": len(halves["A"]), "half_B": len(halves["B"]),
              "shipped": {"params": current,
                          **{f"real_{h}": macro_at(*on(real_sim[rows], real_hits[rows], halves[h], gold), names, current)
                             for h in halves},
                          "real_all": macro_at(real_sim[rows], real_hits[rows], gold, names, current),
                          "sample": macro_at(sample_sim[s_rows], sample_hits[s_rows], s_gold, names, current)}}
    fitted_a = None
    for fit_half, test_half in (("A", "B"), ("B", "A")):
        sim, hits, g = on(real_sim[rows], real_hits[rows], halves[fit_half], gold)
        test = on(real_sim[rows], real_hits[rows], halves[test_half], gold)
        params = fit(sim, hits, names, g)
        plain = fit(sim, hits, names, g, weights=no_lexicon)
        fitted_a = fitted_a or params
        result[f"fit_on_{fit_half}"] = {
            "params": params,
            f"real_{test_half}": macro_at(*test, names, params),
            "sample": macro_at(sample_sim[s_rows], sample_hits[s_rows], s_gold, names, params),
            "similarity_only": {f"real_{test_half}": macro_at(*test, names, plain),
                                "sample": macro_at(sample_sim[s_rows], sample_hits[s_rows], s_gold, names, plain)},
        }
    # The ceiling: weight and threshold fitted on the very paragraphs they are scored on. No
    # choice of the two numbers does better on that set, so a held-out figure below the target
    # whose ceiling is below it too cannot be fixed by fitting; the scores themselves must change.
    def ceiling(sim, hits, g):
        return macro_at(sim, hits, g, names, fit(sim, hits, names, g))

    result["ceiling_in_sample"] = {
        **{f"real_{h}": ceiling(*on(real_sim[rows], real_hits[rows], halves[h], gold)) for h in halves},
        "sample": ceiling(sample_sim[s_rows], sample_hits[s_rows], s_gold),
    }
    # Other languages: the English model does not compare them by meaning, so they are scored by
    # words only (newslens.topics.lenses.WORDS_ONLY_SIMILARITY plus the lexicon); measured at the
    # shipped numbers only, with the check that one wording found labels and none found does not.
    o_rows, o_gold, _ = gold_for(real, real_labels(OTHER_LANGUAGES), starts=True)
    # With a multilingual model they are scored by meaning, from at least the words-only base
    # (the cross-language floor); "without_floor" is their plain similarity plus the lexicon.
    raw_sim, _ = parts(real_scores, lens_config, floor=False)
    if len(o_rows):     # the other-language labels are of the first set's pages
        result["other_languages"] = {
            "model": real.model_name,
            "paragraphs": len(o_rows), "scored_by_words_only": int(real_scores.words_only[o_rows].sum())
            if real_scores.words_only is not None else 0,
            "scored_across_languages": int(real_scores.cross_language[o_rows].sum())
            if real_scores.cross_language is not None else 0,
            "shipped": macro_at(real_sim[o_rows], real_hits[o_rows], o_gold, names, current),
            "without_floor": macro_at(raw_sim[o_rows], real_hits[o_rows], o_gold, names, current),
            "fit_on_A": macro_at(real_sim[o_rows], real_hits[o_rows], o_gold, names, result["fit_on_A"]["params"]),
            "one_wording_labels": {n: words_only_decides(w, t) for n, (w, t) in current.items()}}
    result["core_quote"] = core_quote_scores(sample, sample_scores, names, lens_config.thresholds()["executions"])
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.write:
        broken = sorted(n for n, (w, t) in fitted_a.items() if not words_only_decides(w, t))
        if broken:
            # A paragraph in a language the model does not cover would get the lens without any
            # wording, or never with one: refuse rather than store such numbers.
            print(f"not written: with the half-A fit, paragraphs scored by words only would not be "
                  f"labelled by their wordings for {', '.join(broken)}", file=sys.stderr)
            return 2
        write_params(config.lenses_file(), fitted_a)
        print(f"lexicon weights and thresholds fitted on half A written to {config.lenses_file()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
