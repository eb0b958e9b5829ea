"""The trained lens head on paragraphs in other languages than the lens examples (issue 10, session 33).

A head is fitted on English paragraphs only (``eval_lens_head.py``); with a multilingual model it can
read a German paragraph's vector too. This measures whether it should, per language.

Each ``--set snapshot:labels`` is a snapshot built with the model and the lens labels of its paragraphs
in other languages (``tests/data/eval_stories/<labels>.yaml``, rows with ``language``). Per language and
pooled, macro-F1 of the three lenses for:

- ``formula``: no head in those languages (what the head file without ``other_languages`` gives);
- ``head``: the head on every language, its verdict the label (``lens_labels.assign_labels``);
- ``head_offset``: the same, its probability raised by the offset measured on ``--pairs`` (else the file's);
- ``shipped``: as the head file says (its ``other_languages`` and ``cross_language_offset``).

Each ``--pairs snapshot:labels_<set>`` is a snapshot and its story labels: the paragraphs of its
cross-language reworks, each aligned with its translation (mutual best cosine >= ``--min-cosine``: at
0.62-0.65 the pairs read on sets 26-35 were still renderings of one paragraph), give the pair test (how
far apart an English paragraph's and its translation's scores are: formula on the other side, then the
head on both) and, without any label, the mean gap of the head's probability between an English
paragraph and its translation: the ``cross_language_offset`` a head file states::

    python benchmarks/eval_lens_languages.py --set <set 34 e5>:lens_labels_thirtyfourth_other_languages \\
        --set <fi/ro e5>:lens_labels_finnish_romanian --pairs <set 26 e5>:labels_twentysixth ...
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import eval_lenses as ev  # noqa: E402  (sets the offline environment and the import path)

from newslens import config, vectors  # noqa: E402
from newslens.embedder import load_embedder  # noqa: E402
from newslens.schema import ParagraphCol  # noqa: E402
from newslens.store import load_snapshot  # noqa: E402
from newslens.topics import analysis as topics, lens_head  # noqa: E402
from newslens.topics.lenses import load_lenses, paragraph_languages  # noqa: E402

STORIES = ev.ROOT / "tests" / "data" / "eval_stories"


def scored(snapshot, lens_config, embedder, head, languages: tuple[str, ...], offset) -> lens_head.HeadScores:
    """The snapshot's lens scores with ``head`` applied to English and ``languages``, raised by ``offset``."""
    formula = topics.score_snapshot(snapshot, lens_config, embedder, use_head=False)
    variant = replace(head, other_languages=languages, cross_offset=np.asarray(offset, dtype=np.float32))
    return lens_head.apply_head(variant, formula, snapshot.embeddings, lens_config,
                                paragraph_languages(snapshot.paragraphs, snapshot.articles))


def macro(gold: list[set[str]], pred: list[set[str]], names) -> dict:
    per = {name: round(ev.f1([name in g for g in gold], [name in p for p in pred]), 3) for name in names}
    return {**per, "macro": round(float(np.mean(list(per.values()))), 3), "paragraphs": len(gold)}


def labelled_sets(items, lens_config, embedder_of, head, offset) -> dict:
    names, thresholds = lens_config.names, lens_config.thresholds()
    zero = np.zeros(len(head.names))
    pooled: dict = collections.defaultdict(lambda: collections.defaultdict(lambda: ([], [])))
    for item in items:
        folder, labels = item.rsplit(":", 1)
        snapshot = load_snapshot(folder)
        embedder = embedder_of(snapshot.model_name)
        languages = paragraph_languages(snapshot.paragraphs, snapshot.articles)
        every = tuple(sorted({lang for lang in languages if lang}))
        variants = {"formula": scored(snapshot, lens_config, embedder, head, (), zero),
                    "head": scored(snapshot, lens_config, embedder, head, every, zero),
                    "head_offset": scored(snapshot, lens_config, embedder, head, every, offset),
                    "shipped": topics.score_snapshot(snapshot, lens_config, embedder)}
        rows, gold, _ = ev.gold_for(snapshot, ev.real_labels(STORIES / f"{labels}.yaml"), starts=True)
        for name, scores in variants.items():
            predicted = topics.topic_labels(scores, thresholds)
            for row, g in zip(rows, gold):
                for key in (languages[row], "pooled"):
                    pooled[key][name][0].append(g)
                    pooled[key][name][1].append(set(predicted.iloc[row]))
    return {key: {name: macro(g, p, names) for name, (g, p) in by.items()} for key, by in pooled.items()}


def aligned(snapshot, first: str, second: str, content: np.ndarray, min_cosine: float) -> list[tuple[int, int]]:
    """Paragraph rows of two articles that are each other's closest (a translation's rendering)."""
    articles = snapshot.paragraphs[ParagraphCol.ARTICLE_ID].astype(str).to_numpy()
    a = np.flatnonzero((articles == first) & content)
    b = np.flatnonzero((articles == second) & content)
    if not len(a) or not len(b):
        return []
    cosine = vectors.take(snapshot.embeddings, a) @ vectors.take(snapshot.embeddings, b).T
    return [(int(a[i]), int(b[j])) for i, j in enumerate(cosine.argmax(axis=1))
            if cosine[:, j].argmax() == i and cosine[i, j] >= min_cosine]


def english_other_pairs(snapshot, labels: str, scores, min_cosine: float) -> list[tuple[int, int]]:
    """(English row, other-language row) of the set's cross-language reworks, aligned, both scored."""
    content = np.isfinite(scores.scores).all(axis=1)
    if scores.words_only is not None:
        content &= ~np.asarray(scores.words_only, dtype=bool)
    cross = np.asarray(scores.cross_language, dtype=bool)
    reworks = yaml.safe_load((STORIES / f"{labels}.yaml").read_text(encoding="utf-8")).get("reworks") or []
    pairs = []
    for rework in reworks:
        if isinstance(rework, dict) and rework.get("cross_language"):
            pairs += [(x, y) if cross[y] else (y, x)
                      for x, y in aligned(snapshot, *rework["pair"], content, min_cosine) if cross[x] != cross[y]]
    return pairs


def pair_test(items, lens_config, embedder_of, head, min_cosine: float) -> tuple[dict, np.ndarray]:
    """The mean gap of the head's probability between an English paragraph and its translation (no
    labels): the offset that reads a translation as its original, per fitted lens."""
    cols = [lens_config.names.index(name) for name in head.names]
    gaps = []
    for item in items:
        folder, labels = item.rsplit(":", 1)
        snapshot = load_snapshot(folder)
        languages = paragraph_languages(snapshot.paragraphs, snapshot.articles)
        every = tuple(sorted({lang for lang in languages if lang}))
        raw = scored(snapshot, lens_config, embedder_of(snapshot.model_name), head, every, np.zeros(len(cols)))
        gaps += [raw.scores[en, cols] - raw.scores[other, cols]
                 for en, other in english_other_pairs(snapshot, labels, raw, min_cosine)]
    if not gaps:
        raise SystemExit("no English/other paragraph pair found in the --pairs sets")
    gap = np.mean(gaps, axis=0)
    return {"english_other_pairs": len(gaps), "offset_measured": dict(zip(head.names, np.round(gap.astype(float), 4).tolist()))}, gap


def pair_spread(items, lens_config, embedder_of, head, min_cosine: float, offset) -> dict:
    """Mean |score difference| and label disagreements of English/other pairs: the formula on the other
    side (as without ``other_languages``), then the head on both with ``offset``."""
    names, thresholds = lens_config.names, lens_config.thresholds()
    out = {}
    for tag, on_every, off in (("formula", False, np.zeros(len(head.names))), ("head", True, offset)):
        diffs, disagree, either = [], collections.Counter(), collections.Counter()
        for item in items:
            folder, labels = item.rsplit(":", 1)
            snapshot = load_snapshot(folder)
            languages = paragraph_languages(snapshot.paragraphs, snapshot.articles)
            every = tuple(sorted({lang for lang in languages if lang})) if on_every else ()
            scores = scored(snapshot, lens_config, embedder_of(snapshot.model_name), head, every, off)
            predicted = topics.topic_labels(scores, thresholds)
            for x, y in english_other_pairs(snapshot, labels, scores, min_cosine):
                diffs.append(np.abs(scores.scores[x] - scores.scores[y]))
                for name in names:
                    a, b = name in predicted.iloc[x], name in predicted.iloc[y]
                    disagree[name] += a != b
                    either[name] += a or b
        out[tag] = {"mean_abs_score_difference": dict(zip(names, np.round(np.mean(diffs, axis=0).astype(float), 3).tolist())),
                    "labels_differ": dict(disagree), "labelled_on_either_side": dict(either)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", action="append", default=[], help="snapshot:lens-labels-name (other languages)")
    parser.add_argument("--pairs", action="append", default=[], help="snapshot:story-labels-name (cross-language reworks)")
    parser.add_argument("--min-cosine", type=float, default=0.65, help="alignment of a paragraph and its translation")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    lens_config = load_lenses(config.lenses_file())
    folders = [item.rsplit(":", 1)[0] for item in args.set + args.pairs]
    if not folders:
        parser.error("give --set and/or --pairs")
    model = load_snapshot(folders[0]).model_name
    head = lens_head.load_head(model)
    if head is None or not head.fits(lens_config):
        parser.error(f"no usable lens head for {model}")
    embedders: dict = {}
    embedder_of = lambda name: embedders.setdefault(name, load_embedder(name))  # noqa: E731
    result: dict = {"model": model, "shipped_other_languages": list(head.other_languages),
                    "shipped_offset": dict(zip(head.names, np.round(head.cross_offset.astype(float), 4).tolist()))}
    offset = head.cross_offset
    if args.pairs:
        result["pairs"], offset = pair_test(args.pairs, lens_config, embedder_of, head, args.min_cosine)
        result["pair_spread"] = pair_spread(args.pairs, lens_config, embedder_of, head, args.min_cosine, offset)
    if args.set:
        result["labelled"] = labelled_sets(args.set, lens_config, embedder_of, head, offset)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
