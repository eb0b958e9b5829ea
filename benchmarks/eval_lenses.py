"""Lens thresholds chosen on one half of the real evaluation corpus, measured on the other half
and on the bundled sample (issue 10).

Gold labels: ``tests/data/eval_stories/lens_labels.yaml`` (every English content paragraph of the
real corpus) and ``tests/topics_labels.py`` (every paragraph of the sample). The real pages are
not in the repository; build a snapshot of them first (see ``benchmarks/eval_stories.py``) and
one of the sample (``python -m pipeline build --raw data/raw --out <folder>``)::

    python benchmarks/eval_lenses.py --data /work/scratch/eval10/processed --sample <sample folder>

The halves are split by article (every other article in id order), so a lens threshold is never
tuned on a paragraph whose siblings it is then scored on. With ``--write``, the chosen thresholds
are written into config/lenses.yaml (the file's comments and examples are kept).
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
from newslens.embedder import load_embedder
from newslens.schema import ParagraphCol
from newslens.store import load_snapshot
from newslens.topics import analysis as topics
from newslens.topics.lenses import load_lenses

LABELS = ROOT / "tests" / "data" / "eval_stories" / "lens_labels.yaml"
GRID = np.round(np.arange(0.25, 0.651, 0.01), 2)


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


def f1(gold: list[bool], pred: list[bool]) -> float:
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(scores: np.ndarray, names: tuple[str, ...], gold: list[set[str]], thresholds: dict[str, float]) -> dict:
    per = {}
    for j, name in enumerate(names):
        per[name] = round(f1([name in g for g in gold], list(scores[:, j] >= thresholds[name])), 3)
    per["macro"] = round(float(np.mean([per[n] for n in names])), 3)
    return per


def choose(scores: np.ndarray, names: tuple[str, ...], gold: list[set[str]]) -> dict[str, float]:
    """Per lens, the threshold with the best F1 (ties: the middle of the best run, more robust)."""
    chosen = {}
    for j, name in enumerate(names):
        values = [f1([name in g for g in gold], list(scores[:, j] >= t)) for t in GRID]
        best = max(values)
        run = [t for t, v in zip(GRID, values) if v >= best - 1e-9]
        chosen[name] = float(run[len(run) // 2])
    return chosen


def sample_labels() -> list[tuple[str, str, set[str]]]:
    from tests.topics_labels import LABELS as SAMPLE
    return [(a, needle, set(lenses)) for a, needle, lenses in SAMPLE]


def real_labels(path: Path) -> list[tuple[str, str, set[str]]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(p["article"], p["starts"], set(p["lenses"])) for p in raw["paragraphs"]]


def write_thresholds(path: Path, thresholds: dict[str, float]) -> None:
    """Replace each lens's ``threshold:`` line in place, keeping the file's comments."""
    text = path.read_text(encoding="utf-8")
    for name, value in thresholds.items():
        pattern = re.compile(rf"(- name: {re.escape(name)}\n(?:(?!  - name:).*\n)*?    threshold: )[0-9.]+")
        text, n = pattern.subn(rf"\g<1>{value:.2f}", text, count=1)
        if n != 1:
            raise SystemExit(f"{path}: no 'threshold:' line found for lens {name!r}")
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="snapshot folder of the real evaluation pages")
    parser.add_argument("--sample", required=True, help="snapshot folder of the bundled sample corpus")
    parser.add_argument("--write", action="store_true", help="write the chosen thresholds into config/lenses.yaml")
    args = parser.parse_args(argv)

    lens_config = load_lenses(config.lenses_file())
    names = lens_config.names
    real = load_snapshot(args.data)
    embedder = load_embedder(real.model_name)
    real_scores = topics.score_snapshot(real, lens_config, embedder).scores
    rows, gold, articles = gold_for(real, real_labels(LABELS), starts=True)
    order = sorted(set(articles))
    half = {a: n % 2 for n, a in enumerate(order)}
    tune = [i for i, a in enumerate(articles) if half[a] == 0]
    test = [i for i, a in enumerate(articles) if half[a] == 1]
    current = lens_config.thresholds()
    chosen = choose(real_scores[rows[tune]], names, [gold[i] for i in tune])

    sample = load_snapshot(args.sample)
    sample_scores = topics.score_snapshot(sample, lens_config, embedder).scores
    s_rows, s_gold, _ = gold_for(sample, sample_labels(), starts=False)

    result = {
        "labelled_paragraphs": len(rows), "tune_paragraphs": len(tune), "test_paragraphs": len(test),
        "current_thresholds": current, "chosen_thresholds": chosen,
        "real_test_half": {"current": macro_f1(real_scores[rows[test]], names, [gold[i] for i in test], current),
                           "chosen": macro_f1(real_scores[rows[test]], names, [gold[i] for i in test], chosen)},
        "sample": {"current": macro_f1(sample_scores[s_rows], names, s_gold, current),
                   "chosen": macro_f1(sample_scores[s_rows], names, s_gold, chosen)},
    }
    print(json.dumps(result, indent=2))
    if args.write:
        write_thresholds(config.lenses_file(), chosen)
        print(f"thresholds written to {config.lenses_file()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
