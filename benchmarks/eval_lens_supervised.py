"""Round 5 of the lens measurements (issue 10): a supervised score, measured and not shipped.

Instead of "similarity to the examples + lexicon weight x wordings found >= threshold", a
logistic regression per lens decides from the paragraph's own vector, the lexicon entries found
for every lens (capped as the app counts them) and its similarity to every lens. It is fitted on
one half of the real evaluation set only: the regularisation C by leave-one-article-out
cross-validation inside that half, the decision threshold by the best F1 on that half (ties: the
middle of the best run, as ``eval_lenses.py``), class weights balanced. Reported: the other half
and the bundled sample, both directions. Variants: ``lens`` (the 6 lens features only) and
``vector`` (the paragraph vector plus them).

Shipping rule, as round 4's: only if neither held-out B nor the sample falls below the shipped
lens scores' figures (``eval_lenses.py``, same snapshots). Run with snapshots of either model::

    python benchmarks/eval_lens_supervised.py --data /work/scratch/eval10/processed --sample <sample snapshot>
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import eval_lenses as ev  # noqa: E402  (sets the offline environment and the import path)

from newslens import config, vectors  # noqa: E402
from newslens.embedder import load_embedder  # noqa: E402
from newslens.store import load_snapshot  # noqa: E402
from newslens.topics import analysis as topics  # noqa: E402
from newslens.topics.lenses import LEXICON_CAP, load_lenses  # noqa: E402

C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
PROBABILITIES = np.round(np.arange(0.05, 0.951, 0.01), 2)


f1 = ev.f1      # one F1 for the lens evaluations


def threshold(gold: np.ndarray, probability: np.ndarray) -> float:
    values = [f1(gold, probability >= t) for t in PROBABILITIES]
    best = max(values)
    run = [t for t, v in zip(PROBABILITIES, values) if v >= best - 1e-9]
    return float(run[len(run) // 2])


def model(c: float):
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression(C=c, max_iter=5000, class_weight="balanced")


def fit(x: np.ndarray, gold: np.ndarray, articles: np.ndarray):
    """(classifier, probability threshold, C) fitted on these rows only."""
    best = None
    for c in C_GRID:
        pred = np.zeros(len(gold), bool)
        for article in sorted(set(articles)):
            test, train = articles == article, articles != article
            if gold[train].all() or not gold[train].any():
                continue
            clf = model(c).fit(x[train], gold[train])
            pred[test] = clf.predict_proba(x[test])[:, 1] >= threshold(gold[train], clf.predict_proba(x[train])[:, 1])
        value = f1(gold, pred)
        if best is None or value > best[1] + 1e-9:
            best = (c, value)
    clf = model(best[0]).fit(x, gold)
    return clf, threshold(gold, clf.predict_proba(x)[:, 1]), best[0]


def features(snapshot, labels, starts: bool, lens_config, embedder, kind: str):
    rows, gold, articles = ev.gold_for(snapshot, labels, starts=starts)
    similarity, hits = ev.parts(topics.score_snapshot(snapshot, lens_config, embedder), lens_config)
    x = np.hstack([np.minimum(hits[rows], LEXICON_CAP), similarity[rows]])
    if kind == "vector":
        x = np.hstack([np.asarray(vectors.take(snapshot.embeddings, rows), dtype=np.float32), x])
    return x, gold, np.array(articles)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--sample", required=True)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=UserWarning)
    lens_config = load_lenses(config.lenses_file())
    real, sample = load_snapshot(args.data), load_snapshot(args.sample)
    embedder = load_embedder(real.model_name)
    print(f"model {real.model_name}")
    for kind in ("lens", "vector"):
        x, gold, articles = features(real, ev.real_labels(ev.LABELS), True, lens_config, embedder, kind)
        xs, gold_s, _ = features(sample, ev.sample_labels(), False, lens_config, embedder, kind)
        order = sorted(set(articles))
        half_a = np.isin(articles, order[0::2])
        for fit_on, tag in ((half_a, "fit A, held-out B"), (~half_a, "fit B, held-out A")):
            held, on_sample, cs = [], [], []
            for name in lens_config.names:
                g = np.array([name in s for s in gold])
                gs = np.array([name in s for s in gold_s])
                clf, t, c = fit(x[fit_on], g[fit_on], articles[fit_on])
                held.append(f1(g[~fit_on], clf.predict_proba(x[~fit_on])[:, 1] >= t))
                on_sample.append(f1(gs, clf.predict_proba(xs)[:, 1] >= t))
                cs.append(c)
            print(f"{kind:6s} {tag}: {np.mean(held):.3f} ({' / '.join(f'{v:.2f}' for v in held)}), "
                  f"sample {np.mean(on_sample):.3f} ({' / '.join(f'{v:.2f}' for v in on_sample)}), C {cs}",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
