"""A trained lens head measured story set by story set (issue 10, lens round 12).

Eleven rounds of word lists and examples lift the sets they are drawn from and move the next set
by -0.01 to +0.04. This measures the other method: per lens, two logistic regressions fitted on
every labelled real paragraph of the *other* story sets (leave one set out, so each figure is on
stories the fit never saw), their probabilities averaged:

- ``vector``: over the paragraph's own vector (it learns its own vocabulary of these stories);
- ``lens``: over the six lens features (every lens's wordings found, capped, and its similarity
  to every lens's examples), so one lens's evidence can speak against another;
- ``ens``: the mean of the two probabilities.

Compared with the shipped formula (``similarity + weight x wordings >= threshold``) at the shipped
numbers, and with the formula's two numbers refitted on the same other sets (``formula``). C and
the probability threshold are chosen by leave-one-set-out inside the fitting sets (balanced class
weights; ties to the middle of the best run). The bundled sample is scored by the fit on all the
real sets.

Each ``--set`` is ``snapshot:labels`` (a snapshot of one story set's pages, built with one model,
and its lens labels in tests/data/eval_stories/); all snapshots are of one model::

    python benchmarks/eval_lens_head.py --sample <sample snapshot> \\
        --set /scratch/snap/eval10_def:lens_labels --set /scratch/snap/eval10b_def:lens_labels_heldout ...

``--write FILE`` writes the heads fitted on all the given sets (YAML: model, lens-file fingerprint,
per lens the two coefficient vectors, intercepts and threshold); ``--score FILE`` scores a saved
head on the given sets without fitting (how an unseen set measures a head fitted before it), and
on all of them pooled when there are several.
"""
from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import eval_lenses as ev  # noqa: E402  (sets the offline environment and the import path)

from newslens import config, vectors  # noqa: E402
from newslens.embedder import load_embedder  # noqa: E402
from newslens.store import load_snapshot  # noqa: E402
from newslens.topics import analysis as topics  # noqa: E402
from newslens.topics.lens_head import LensHeadError, lens_key, read_head  # noqa: E402
from newslens.topics.lenses import LEXICON_CAP, load_lenses  # noqa: E402

from eval_lens_supervised import model as regression, threshold  # noqa: E402  (round 5's fit helpers)

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)     # round 5's grid and a stronger regularisation (many more rows)
KINDS = ("vector", "lens")


def features(snapshot, labelled, starts: bool, lens_config, embedder) -> dict:
    rows, gold, _ = ev.gold_for(snapshot, labelled, starts=starts)
    similarity, hits = ev.parts(topics.score_snapshot(snapshot, lens_config, embedder), lens_config)
    return {"vector": np.asarray(vectors.take(snapshot.embeddings, rows), dtype=np.float32),
            "lens": np.hstack([np.minimum(hits[rows], LEXICON_CAP), similarity[rows]]),
            "similarity": similarity[rows], "hits": hits[rows], "gold": gold}


def pool(parts: list[dict]) -> dict:
    """Several sets' features as one set."""
    joined = {key: np.concatenate([p[key] for p in parts]) for key in ("vector", "lens", "similarity", "hits")}
    return {**joined, "gold": [g for p in parts for g in p["gold"]]}


def truth(part: dict, name: str) -> np.ndarray:
    return np.array([name in g for g in part["gold"]])


def stacked(parts: list[dict], kind: str, name: str) -> tuple[np.ndarray, np.ndarray]:
    return np.vstack([p[kind] for p in parts]), np.concatenate([truth(p, name) for p in parts])


def fit_kind(parts: list[dict], kind: str, name: str):
    """(regression, C, out-of-set probabilities per part) with C chosen leaving one part out."""
    best = None
    for c in C_GRID:
        held = []
        for k, part in enumerate(parts):
            x, g = stacked(parts[:k] + parts[k + 1:], kind, name)
            if g.all() or not g.any():      # one class only (a set without this lens): no fit to hold out
                held.append(np.full(len(part["gold"]), float(g.mean()) if len(g) else 0.0))
                continue
            held.append(regression(c).fit(x, g).predict_proba(part[kind])[:, 1])
        g_all = np.concatenate([truth(p, name) for p in parts])
        p_all = np.concatenate(held)
        value = ev.f1(g_all, p_all >= threshold(g_all, p_all))
        if best is None or value > best[0] + 1e-9:
            best = (value, c, held)
    x, g = stacked(parts, kind, name)
    return regression(best[1]).fit(x, g), best[1], best[2]


def fit_head(parts: list[dict], names: tuple[str, ...]) -> dict:
    """Per lens: both regressions and the threshold of their mean probability (chosen on the
    out-of-set probabilities, so it is the threshold an unseen set would need)."""
    head = {}
    for name in names:
        fitted = {kind: fit_kind(parts, kind, name) for kind in KINDS}
        g_all = np.concatenate([truth(p, name) for p in parts])
        p_all = np.mean([np.concatenate(fitted[kind][2]) for kind in KINDS], axis=0)
        head[name] = {"threshold": threshold(g_all, p_all),
                      **{kind: {"C": fitted[kind][1], "coef": fitted[kind][0].coef_[0].tolist(),
                                "intercept": float(fitted[kind][0].intercept_[0])} for kind in KINDS}}
    return head


def probability(head_lens: dict, part: dict, kind: str) -> np.ndarray:
    z = part[kind] @ np.asarray(head_lens[kind]["coef"], dtype=np.float64) + head_lens[kind]["intercept"]
    return 1.0 / (1.0 + np.exp(-z))


def head_macro(head: dict, part: dict, names: tuple[str, ...], formula: dict | None = None) -> dict:
    """Per lens the head's F1; a lens the head was not fitted on (added after) takes ``formula``'s, as
    the app scores it by the formula."""
    per = {}
    for name in names:
        if name not in head and formula is not None:
            per[name] = formula[name]
            continue
        p = np.mean([probability(head[name], part, kind) for kind in KINDS], axis=0)
        per[name] = round(ev.f1(truth(part, name), p >= head[name]["threshold"]), 3)
    per["macro"] = round(float(np.mean([per[n] for n in names])), 3)
    return per


def formula_macro(fit_on: list[dict], part: dict, names: tuple[str, ...]) -> dict:
    similarity = np.vstack([p["similarity"] for p in fit_on])
    hits = np.vstack([p["hits"] for p in fit_on])
    params = ev.fit(similarity, hits, names, [g for p in fit_on for g in p["gold"]])
    return ev.macro_at(part["similarity"], part["hits"], part["gold"], names, params)


def _rounded(value):
    """Every number to 6 significant digits (a head file's coefficients: read by people too)."""
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    if isinstance(value, float):
        return float(f"{value:.6g}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", action="append", required=True, help="snapshot:labels-name")
    parser.add_argument("--sample", help="snapshot of the bundled sample (scored by the fit on all sets)")
    parser.add_argument("--write", type=Path, help="write the heads fitted on all the sets to this YAML file")
    parser.add_argument("--score", type=Path, help="score this saved head on the sets (no fitting)")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    lens_config = load_lenses(config.lenses_file())
    names = lens_config.names
    current = {lens.name: (lens.lexicon_weight, lens_config.thresholds()[lens.name]) for lens in lens_config.lenses}
    parts, tags, embedder, model_name = [], [], None, None
    for item in args.set:
        folder, labels = item.rsplit(":", 1)
        snapshot = load_snapshot(folder)
        model_name = model_name or snapshot.model_name
        if snapshot.model_name != model_name:
            parser.error(f"{folder} is of {snapshot.model_name}, the first set of {model_name}")
        embedder = embedder or load_embedder(model_name)
        path = ev.ROOT / "tests" / "data" / "eval_stories" / f"{labels}.yaml"
        parts.append(features(snapshot, ev.real_labels(path), True, lens_config, embedder))
        tags.append(Path(folder).name)
    sample = (features(load_snapshot(args.sample), ev.sample_labels(), False, lens_config, embedder)
              if args.sample else None)
    result: dict = {"model": model_name, "sets": {}}
    if args.score:
        saved = yaml.safe_load(args.score.read_text(encoding="utf-8"))
        try:
            fitted = read_head(args.score)
        except LensHeadError as exc:
            parser.error(str(exc))
        # Both models give 384-dimensional vectors: a head of the other model would score silently wrong.
        # Each fitted lens must be as it was, as the app checks it (LensHead.fits), not the whole lens
        # file: an edit of another lens, or of a comment, left the app using a head this refused.
        if fitted.model.rstrip("/").split("/")[-1] != model_name.rstrip("/").split("/")[-1] or not fitted.fits(lens_config):
            parser.error(f"{args.score} was fitted with {fitted.model} on lenses since changed or removed, or "
                         f"for another model; these snapshots are of {model_name}")
        head = saved["lenses"]
        for tag, part in zip(tags, parts):
            shipped = ev.macro_at(part["similarity"], part["hits"], part["gold"], names, current)
            result["sets"][tag] = {"paragraphs": len(part["gold"]), "shipped": shipped,
                                   "head": head_macro(head, part, names, shipped)}
        if len(parts) > 1:
            # All the given sets' paragraphs as one set: a set without any paragraph of one lens
            # (no executions) would otherwise score that lens 0 whatever the method.
            pooled = pool(parts)
            shipped = ev.macro_at(pooled["similarity"], pooled["hits"], pooled["gold"], names, current)
            result["pooled"] = {"paragraphs": len(pooled["gold"]), "shipped": shipped,
                                "head": head_macro(head, pooled, names, shipped)}
        if sample is not None:
            shipped = ev.macro_at(sample["similarity"], sample["hits"], sample["gold"], names, current)
            result["sample"] = {"shipped": shipped, "head": head_macro(head, sample, names, shipped)}
        print(json.dumps(result, indent=1))
        return 0
    for k, (tag, part) in enumerate(zip(tags, parts)):
        others = parts[:k] + parts[k + 1:]
        result["sets"][tag] = {"paragraphs": len(part["gold"]),
                               "shipped": ev.macro_at(part["similarity"], part["hits"], part["gold"], names, current),
                               "formula": formula_macro(others, part, names),
                               "head": head_macro(fit_head(others, names), part, names)}
        print(tag, {m: result["sets"][tag][m]["macro"] for m in ("shipped", "formula", "head")}, file=sys.stderr, flush=True)
    head = fit_head(parts, names) if (args.write or sample is not None) else None
    if sample is not None:
        result["sample"] = {"shipped": ev.macro_at(sample["similarity"], sample["hits"], sample["gold"], names, current),
                            "formula": formula_macro(parts, sample, names), "head": head_macro(head, sample, names)}
    if args.write:
        keys = {name: lens_key(lens_config.get(name), lens_config.examples_language) for name in names}
        args.write.write_text(yaml.safe_dump({"model": model_name, "lens_file": lens_config.fingerprint(),
                                              "lens_keys": keys, "fitted_on": tags, "lenses": _rounded(head)},
                                             sort_keys=False, default_flow_style=None, width=150), encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
