"""What relabelling costs at scale: the topics page reruns the labelling on every threshold change.

    python -m benchmarks.bench_lens_labels --paragraphs 1000000 [--lenses 3] [--rounds 5]

Synthetic: lens scores for ``--paragraphs`` rows (the shipped lens file's lenses, or ``--lenses``
made-up ones), 5% furniture, a seventh of the rows with a wording found, 10% scored by words only,
40% in another language than the examples, and the trained head's verdict for all lenses but one in
its rows (every English content row, two thirds of the other-language ones, none scored by words
only). In one process, alternating, ``--rounds`` times: the labelling before session 34
(``_labels_before``: the formula's rule row by row, ``lenses.assign_labels``, then
``lens_head.head_labels`` giving the head's verdict in its other-language rows; copied here unchanged
as the baseline), that formula's rule alone, and the one rule (``lens_labels.assign_labels``);
medians and the ratio of the one rule to the labelling before it (the machine is shared and noisy:
the baseline runs alongside), after checking both label every row alike, at the file's thresholds
and at thresholds 0.1 lower (where the wording rules bite).
"""
from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np
import pandas as pd

from newslens import config
from newslens.topics.lens_head import HeadScores
from newslens.topics.lens_labels import assign_labels
from newslens.topics.lenses import load_lenses


def synthetic(n: int, names: tuple[str, ...], seed: int = 0) -> HeadScores:
    rng = np.random.default_rng(seed)
    m = len(names)
    similarity = rng.uniform(0.3, 0.7, size=(n, m)).astype(np.float32)
    furniture = rng.random(n) < 0.05
    similarity[furniture] = np.nan
    found = {(int(r), int(j)): ("word",) for r, j in zip(rng.integers(0, n, n // 7), rng.integers(0, m, n // 7))
             if not furniture[r]}
    words_only = (rng.random(n) < 0.1) & ~furniture
    cross = ((rng.random(n) < 0.4) | words_only) & ~furniture
    head_rows = ~furniture & ~words_only & (~cross | (rng.random(n) < 2 / 3))
    scores = similarity.copy()
    scores[cross] = np.maximum(scores[cross], 0.4)
    for (row, j) in found:
        scores[row, j] += 0.15
    head_lenses = names[:-1] if m > 1 else names
    cols = [names.index(name) for name in head_lenses]
    scores[np.ix_(np.flatnonzero(head_rows), cols)] = rng.uniform(0.2, 0.8, size=(int(head_rows.sum()), len(cols)))
    return HeadScores(names, scores, np.zeros((n, m), np.int32), {}, similarity, found, words_only=words_only,
                      cross_language=cross, head="h", head_lenses=head_lenses, head_rows=head_rows)


# --- the labelling before session 34, unchanged: the baseline ---------------------------------

def _labels_before(scores, thresholds):
    return _head_labels_before(scores, thresholds, _assign_labels_before(scores, thresholds))


def _assign_labels_before(scores, thresholds) -> pd.Series:
    values = scores.scores
    limits = np.array([thresholds[name] for name in scores.names], dtype=np.float32)
    with np.errstate(invalid="ignore"):
        hits = values >= limits
    cross = scores.cross_language is not None and scores.cross_language.any() and scores.similarity is not None
    words_only = scores.words_only is not None and scores.words_only.any()
    if cross or words_only:
        worded = np.zeros_like(hits)
        for row, j in scores.found:
            worded[row, j] = True
        if cross:
            wordless = _flagged_rows(hits, scores.cross_language) & ~worded
            with np.errstate(invalid="ignore"):
                hits &= ~wordless | (scores.similarity >= limits)
        if words_only:
            hits &= ~(_flagged_rows(hits, scores.words_only) & ~worded)
    labels: list[list[str]] = []
    for row in range(len(values)):
        cols = np.flatnonzero(hits[row])
        cols = cols[np.argsort(-values[row, cols], kind="stable")]
        labels.append([scores.names[c] for c in cols])
    return pd.Series(labels, dtype=object)


def _flagged_rows(like, flags):
    out = np.zeros_like(like, dtype=bool)
    out[np.flatnonzero(flags)] = True
    return out


def _head_labels_before(scores, thresholds, labels):
    if not isinstance(scores, HeadScores) or scores.head_rows is None or scores.cross_language is None:
        return labels
    rows = np.flatnonzero(np.asarray(scores.head_rows, dtype=bool) & np.asarray(scores.cross_language, dtype=bool))
    if not len(rows):
        return labels
    names = scores.names
    limits = np.array([thresholds[name] for name in names], dtype=np.float32)
    by_head = np.array([name in scores.head_lenses for name in names])
    values = scores.scores[rows]
    was = _label_matrix(labels.to_numpy()[rows], names)
    now = np.where(by_head, values >= limits, was)
    changed = np.flatnonzero((now != was).any(axis=1))
    if not len(changed):
        return labels
    out = labels.to_numpy(dtype=object, copy=True)
    for row, label in zip(rows[changed], _ordered_labels(now[changed], values[changed], names)):
        out[row] = label
    return pd.Series(out, index=labels.index, dtype=object)


def _label_matrix(labels, names):
    matrix = np.zeros((len(labels), len(names)), dtype=bool)
    sizes = np.fromiter(map(len, labels), dtype=np.int64, count=len(labels))
    if sizes.any():
        column = {name: j for j, name in enumerate(names)}
        labelled = np.flatnonzero(sizes)
        matrix[np.repeat(labelled, sizes[labelled]),
               [column[name] for row in labels[labelled] for name in row]] = True
    return matrix


def _ordered_labels(hits, values, names):
    order = np.argsort(np.where(hits, -values, np.inf), axis=1, kind="stable")
    codes = np.where(np.arange(len(names)) < hits.sum(axis=1, keepdims=True), order, -1)
    if (len(names) + 1) ** len(names) < 2**62:
        codes = (codes + 1) @ ((len(names) + 1) ** np.arange(len(names), dtype=np.int64))
    _, first, inverse = np.unique(codes, axis=0, return_index=True, return_inverse=True)
    spelled = [[names[c] for c in order[i, :count]] for i, count in zip(first, hits.sum(axis=1)[first])]
    return [list(spelled[k]) for k in inverse.ravel()]


# ----------------------------------------------------------------------------------------------

def _timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--lenses", type=int, default=0, help="made-up lenses (default: the shipped lens file's)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    if args.lenses:
        names = tuple(f"lens {i}" for i in range(args.lenses))
        thresholds = dict.fromkeys(names, 0.5)
    else:
        lens_config = load_lenses(config.lenses_file())
        names, thresholds = lens_config.names, lens_config.thresholds()
    scores = synthetic(args.paragraphs, names)
    lowered = {name: value - 0.1 for name, value in thresholds.items()}
    for limits in (thresholds, lowered):
        if _labels_before(scores, limits).tolist() != assign_labels(scores, limits).tolist():
            raise SystemExit("the one rule labels some row differently from the labelling before it")
    before, formula, now = [], [], []
    for i in range(args.rounds):
        limits = (thresholds, lowered)[i % 2]
        before.append(_timed(_labels_before, scores, limits))
        formula.append(_timed(_assign_labels_before, scores, limits))
        now.append(_timed(assign_labels, scores, limits))
    result = {"paragraphs": args.paragraphs, "lenses": len(names), "rounds": args.rounds,
              "labelled_rows": int(sum(map(bool, assign_labels(scores, thresholds)))),
              "before_s": round(statistics.median(before), 2),
              "formula_rule_before_s": round(statistics.median(formula), 2), "one_rule_s": round(statistics.median(now), 2),
              "ratio": round(statistics.median(now) / statistics.median(before), 3),
              "same_labels": True}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
