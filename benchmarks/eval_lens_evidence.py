"""Round 6 of the lens measurements (issue 10): other evidence for the lens score, measured and
not shipped (none reaches macro-F1 0.80 on held-out real B and on the sample together).

The shipped score of a lens (newslens/topics/lenses.py) is the mean similarity to its ``TOP_K``
closest phrasings plus ``lexicon_weight`` per wording found, against a threshold. Variants:

- ``pool k``: the mean of the k closest phrasings instead of 2 (a paragraph scored against its
  best few examples rather than one);
- ``examples``: more examples per lens (``EXTRA_EXAMPLES``, written from the label conventions);
- ``negatives``: theme-near paragraphs that are not the lens (``NEGATIVES``): the score loses
  ``c`` x how much closer the paragraph is to its closest negative than to its closest example;
- ``rivals``: the same with the other lenses' phrasings as the negatives (a barrier-troops
  paragraph closer to an executions example than to any morale example loses morale score);
- ``written + rivals``: both sets of negatives.

Per lens the lexicon weight, ``c`` and the threshold are fitted together by the best F1 on one
half of the real set (halves: every other article, as ``eval_lenses.py``); reported: the other
half and the whole sample, both directions. The reference line ``none`` is the shipped formula
refitted the same way, so a variant's gain is measured against a fit, not the stored numbers.

``supervised``: a logistic regression per lens over the paragraph vector and the six lens
features (``eval_lens_supervised.py``), fitted on real half A **plus the sample's half A**
(articles 000, 002, 004), reported on real B and sample B (23 paragraphs; 3 of them desertion),
and, fitted again on real A plus sample B, on sample A: the two sample halves pooled give a
whole-sample figure where no paragraph is scored by a fit that saw its article. The shipped
numbers on the same subsets are printed beside it::

    python benchmarks/eval_lens_evidence.py --data /work/scratch/snap/eval10_def \\
        --sample /work/scratch/snap/sample_def

With ``--heldout`` (a snapshot of the held-out pages, labelled in ``lens_labels_heldout.yaml``)
every variant's numbers are fitted on the whole first set instead and reported on the held-out
labels and the sample; the supervised head is fitted on the whole first set (and, as a second
line, on the first set plus the sample, reported on the held-out labels only). Then, with more
labelled paragraphs: the shipped formula and the head fitted on the first set plus one held-out
half (by article), reported on the other half; and the head scoring each held-out story (its
articles' id letter) fitted on the first set and the other stories::

    python benchmarks/eval_lens_evidence.py --data /work/scratch/snap/eval10_def \\
        --sample /work/scratch/snap/sample_def --heldout /work/scratch/snap/eval10b_def
"""
from __future__ import annotations

import argparse
import sys
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import eval_lens_supervised as sup  # noqa: E402
import eval_lenses as ev  # noqa: E402  (sets the offline environment and the import path)

from newslens import config, vectors  # noqa: E402
from newslens.embedder import load_embedder  # noqa: E402
from newslens.schema import ParagraphCol  # noqa: E402
from newslens.store import load_snapshot  # noqa: E402
from newslens.topics import analysis as topics  # noqa: E402
from newslens.topics.lenses import LEXICON_CAP, TOP_K, embed_phrasings, load_lenses, paragraph_languages  # noqa: E402

# Written for this measurement from the conventions in the label files' headers, not from pages.
EXTRA_EXAMPLES = {
    "morale": [
        "Soldiers say their morale is at rock bottom after weeks of pointless assaults.",
        "The troops refused to go on the attack, saying it would be suicide.",
        "In a video addressed to the president, mobilised men complain that their commanders abandoned them.",
        "The men say they were promised training but were sent to the front with no weapons and no food.",
        "A soldier described the situation at the front as hopeless and said many in his unit want to go home.",
        "Relatives of the draftees demand that the men be rotated out and given proper conditions.",
        "Those who refuse to fight face long prison sentences, but many still refuse.",
        "The intercepted calls show troops who are tired, scared and angry at their officers.",
    ],
    "desertion": [
        "Thousands of servicemen have left their units without permission and gone into hiding.",
        "Soldiers who fled the front were caught and returned to their regiments.",
        "Men accused of desertion are held in basements before being sent back to the front.",
    ],
    "executions": [
        "The officers shot two of their own soldiers who tried to pull back from the position.",
        "Men who refused to advance were executed in front of the others as a warning.",
        "A soldier said his commander threatened to kill him if he left the trench.",
    ],
}
NEGATIVES = {
    "morale": [
        "Barrier troops shoot their own soldiers who try to retreat from the front.",
        "Commanders order that anyone who runs away must be shot on the spot.",
        "Russian forces launched new attacks near the town and lost several armoured vehicles.",
        "The claims could not be independently verified by our newsroom.",
        "Historians compare these orders to the blocking detachments of the Second World War.",
    ],
    "desertion": [
        "Troops withdrew from the village to new defensive positions.",
        "Soldiers complain about poor supplies and exhausted units.",
        "The claims could not be independently verified by our newsroom.",
    ],
    "executions": [
        "Soldiers were killed by enemy artillery and drones as they retreated.",
        "Civilians were shot by occupying troops in the village.",
        "Soldiers complain that their officers treat them as expendable and send them to die in assaults.",
        "Prison terms for desertion and surrender were increased by a new law.",
    ],
}
POOLS = (1, 2, 3, 4, 6)
PENALTIES = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
GRID = np.round(np.arange(0.20, 0.901, 0.005), 3)
SAMPLE_HALF_A = ("000", "002", "004")     # article id prefixes: every other sample article
HELDOUT_LABELS = ev.LABELS.parent / "lens_labels_heldout.yaml"


@dataclass(frozen=True)
class Corpus:
    vecs: np.ndarray
    texts: list[str]
    gold: list[set[str]]
    articles: np.ndarray
    languages: list[str]      # each paragraph's article language: the lexicon keeps its own letters

    def truth(self, name: str) -> np.ndarray:
        return np.array([name in g for g in self.gold])


def load_corpus(snapshot, labels, starts: bool) -> Corpus:
    rows, gold, articles = ev.gold_for(snapshot, labels, starts=starts)
    texts = [str(snapshot.paragraphs[ParagraphCol.TEXT].iloc[r]) for r in rows]
    languages = list(paragraph_languages(snapshot.paragraphs, snapshot.articles)[rows])
    return Corpus(np.asarray(vectors.take(snapshot.embeddings, rows), dtype=np.float32), texts, gold,
                  np.array(articles), languages)


def closest(sims: np.ndarray, k: int) -> np.ndarray:
    return np.sort(sims, axis=1)[:, -min(k, sims.shape[1]):].mean(axis=1)


@dataclass(frozen=True)
class Evidence:
    """Per lens: similarity to each phrasing, wordings found (capped), and the gaps to negatives."""
    sims: dict[str, np.ndarray]
    hits: dict[str, np.ndarray]
    written_gap: dict[str, np.ndarray]
    rival_gap: dict[str, np.ndarray]


def evidence(lens_config, corpus: Corpus, phrasings: dict[str, np.ndarray], negatives: dict[str, np.ndarray]) -> Evidence:
    names = lens_config.names
    sims = {n: corpus.vecs @ phrasings[n].T for n in names}
    hits = {lens.name: np.array([min(len(lens.words_in(t, lang)), LEXICON_CAP)
                                 for t, lang in zip(corpus.texts, corpus.languages)], float)
            for lens in lens_config.lenses}
    own = {n: sims[n].max(axis=1) for n in names}
    written = {n: np.maximum(0.0, (corpus.vecs @ negatives[n].T).max(axis=1) - own[n]) for n in names}
    rival = {n: np.maximum(0.0, np.max([own[m] for m in names if m != n], axis=0) - own[n]) for n in names}
    return Evidence(sims, hits, written, rival)


def score(ev_: Evidence, name: str, k: int, gap: str, w: float, c: float) -> np.ndarray:
    base = closest(ev_.sims[name], k) + w * ev_.hits[name]
    if gap == "none":
        return base
    penalty = {"written": ev_.written_gap[name], "rivals": ev_.rival_gap[name],
               "written + rivals": np.maximum(ev_.written_gap[name], ev_.rival_gap[name])}[gap]
    return base - c * penalty


def fit(ev_: Evidence, name: str, k: int, gap: str, rows: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    """(lexicon weight, penalty weight, threshold) with the best F1 on ``rows``; ties: the smaller
    weights and the middle threshold of the best run."""
    best = None
    for c in (PENALTIES if gap != "none" else (0.0,)):
        for w in ev.WEIGHTS:
            s = score(ev_, name, k, gap, w, c)[rows]
            values = [sup.f1(truth[rows], s >= t) for t in GRID]
            top = max(values)
            if best is None or top > best[3] + 1e-9:
                run = [t for t, v in zip(GRID, values) if v >= top - 1e-9]
                best = (float(w), float(c), float(run[len(run) // 2]), top)
    return best[:3]


def line(label: str, figures: dict[str, list[float]]) -> str:
    return f"{label:24s} " + " | ".join(
        f"{key} {np.mean(v):.3f} ({' / '.join(f'{x:.2f}' for x in v)})" for key, v in figures.items())


def design(names, corpus: Corpus, ev_: Evidence) -> np.ndarray:
    """The supervised head's input: the paragraph vector and, per lens, its similarity and wordings found."""
    lens = np.column_stack([col for n in names for col in (closest(ev_.sims[n], TOP_K), ev_.hits[n])])
    return np.hstack([corpus.vecs, lens])


def transfer(shipped_config, embedder, negatives, real: Corpus, sample: Corpus, heldout: Corpus, sources) -> int:
    """Every variant fitted on the whole first set, reported on the held-out labels and the sample."""
    names = shipped_config.names
    every = np.ones(len(real.gold), bool)
    limits = shipped_config.thresholds()
    ref: dict[str, list[float]] = {"held-out": [], "sample": []}
    for key, corpus in (("held-out", heldout), ("sample", sample)):
        snapshot, labels, starts = sources[id(corpus)]
        rows, _, _ = ev.gold_for(snapshot, labels, starts=starts)
        scores = topics.score_snapshot(snapshot, shipped_config, embedder, use_head=False).scores[rows]
        ref[key] = [sup.f1(corpus.truth(n), scores[:, j] >= limits[n]) for j, n in enumerate(names)]
    print(line("shipped numbers", ref))
    extended = replace(shipped_config, lenses=tuple(
        replace(lens, examples=lens.examples + tuple(EXTRA_EXAMPLES[lens.name])) for lens in shipped_config.lenses))
    for cfg_label, lens_config in (("", shipped_config), ("examples, ", extended)):
        phrasings = embed_phrasings(lens_config, embedder)
        er, eh, es = (evidence(lens_config, c, phrasings, negatives) for c in (real, heldout, sample))
        variants = [(f"pool {k}", k, "none") for k in POOLS] if not cfg_label else [("pool 2", TOP_K, "none")]
        variants += [(gap, TOP_K, gap) for gap in ("written", "rivals", "written + rivals")]
        for label, k, gap in variants:
            figures: dict[str, list[float]] = {"held-out": [], "sample": []}
            for name in names:
                w, c, t = fit(er, name, k, gap, every, real.truth(name))
                figures["held-out"].append(sup.f1(heldout.truth(name), score(eh, name, k, gap, w, c) >= t))
                figures["sample"].append(sup.f1(sample.truth(name), score(es, name, k, gap, w, c) >= t))
            print(line(cfg_label + ("none (refit)" if label == "pool 2" else label), figures), flush=True)

    phrasings = embed_phrasings(shipped_config, embedder)
    xr, xh, xs = (design(names, c, evidence(shipped_config, c, phrasings, negatives)) for c in (real, heldout, sample))
    figures = {"held-out": [], "sample": []}
    plus_sample = {"held-out": []}
    s_articles = np.array(["sample " + a for a in sample.articles])
    for name in names:
        clf, t, _ = sup.fit(xr, real.truth(name), real.articles)
        figures["held-out"].append(sup.f1(heldout.truth(name), clf.predict_proba(xh)[:, 1] >= t))
        figures["sample"].append(sup.f1(sample.truth(name), clf.predict_proba(xs)[:, 1] >= t))
        clf, t, _ = sup.fit(np.vstack([xr, xs]), np.r_[real.truth(name), sample.truth(name)],
                            np.r_[real.articles, s_articles])
        plus_sample["held-out"].append(sup.f1(heldout.truth(name), clf.predict_proba(xh)[:, 1] >= t))
    print(line("supervised (first set)", figures))
    print(line("supervised (+ sample)", plus_sample))

    # More labelled paragraphs: the first set plus one half of the held-out set (every other
    # article), reported on the other half and the sample; the shipped formula refitted the same way.
    order = sorted(set(heldout.articles))
    h_a = np.isin(heldout.articles, order[0::2])
    er, eh, es = (evidence(shipped_config, c, phrasings, negatives) for c in (real, heldout, sample))
    both = {"formula": {"A->B": [], "A->sample": [], "B->A": [], "B->sample": []}}
    both["supervised"] = {k: [] for k in both["formula"]}
    for name in names:
        truth, h_truth, s_truth = real.truth(name), heldout.truth(name), sample.truth(name)
        for fit_on, test_on, rows in (("A", "B", h_a), ("B", "A", ~h_a)):
            merged = Evidence(*({n: np.concatenate([getattr(er, f)[n], getattr(eh, f)[n][rows]]) for n in names}
                                for f in ("sims", "hits", "written_gap", "rival_gap")))
            gold = np.r_[truth, h_truth[rows]]
            w, c, t = fit(merged, name, TOP_K, "none", np.ones(len(gold), bool), gold)
            both["formula"][f"{fit_on}->{test_on}"].append(sup.f1(h_truth[~rows], score(eh, name, TOP_K, "none", w, c)[~rows] >= t))
            both["formula"][f"{fit_on}->sample"].append(sup.f1(s_truth, score(es, name, TOP_K, "none", w, c) >= t))
            clf, t, _ = sup.fit(np.vstack([xr, xh[rows]]), gold, np.r_[real.articles, heldout.articles[rows]])
            both["supervised"][f"{fit_on}->{test_on}"].append(sup.f1(h_truth[~rows], clf.predict_proba(xh[~rows])[:, 1] >= t))
            both["supervised"][f"{fit_on}->sample"].append(sup.f1(s_truth, clf.predict_proba(xs)[:, 1] >= t))
    print(f"first set + held-out half (A {h_a.sum()}, B {(~h_a).sum()}): fitted on it, reported on the other half")
    for label, figures in both.items():
        print(line(f"{label} (+ half)", figures))

    # The halves share stories (re-reports of one event, even identical texts, fall in both), so
    # also by story: each held-out story (the article ids' letter) scored by a head fitted on the
    # first set and the other stories; the sample by one fitted on every held-out story but the
    # sample's own event (ids p..., which carry two of the sample's articles).
    story = np.array([a[0] for a in heldout.articles])
    figures = {"held-out, story out": [], "sample": []}
    for name in names:
        truth, h_truth, s_truth = real.truth(name), heldout.truth(name), sample.truth(name)
        pred = np.zeros(len(h_truth), bool)
        for letter in sorted(set(story)) + ["sample"]:
            rows = story != ("p" if letter == "sample" else letter)
            clf, t, _ = sup.fit(np.vstack([xr, xh[rows]]), np.r_[truth, h_truth[rows]],
                                np.r_[real.articles, heldout.articles[rows]])
            if letter == "sample":
                figures["sample"].append(sup.f1(s_truth, clf.predict_proba(xs)[:, 1] >= t))
            else:
                pred[~rows] = clf.predict_proba(xh[~rows])[:, 1] >= t
        figures["held-out, story out"].append(sup.f1(h_truth, pred))
    print(line("supervised (+ stories)", figures))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="snapshot folder of the real evaluation pages")
    parser.add_argument("--sample", required=True, help="snapshot folder of the bundled sample corpus")
    parser.add_argument("--heldout", help="snapshot folder of the held-out pages: fit on the whole first set, "
                                          "report on their labels (--heldout-labels) and the sample")
    parser.add_argument("--heldout-labels", type=Path, default=HELDOUT_LABELS)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=UserWarning)
    shipped_config = load_lenses(config.lenses_file())
    names = shipped_config.names
    real_snapshot, sample_snapshot = load_snapshot(args.data), load_snapshot(args.sample)
    embedder = load_embedder(real_snapshot.model_name)
    real = load_corpus(real_snapshot, ev.real_labels(ev.LABELS), True)
    sample = load_corpus(sample_snapshot, ev.sample_labels(), False)
    order = sorted(set(real.articles))
    half = {"A": np.isin(real.articles, order[0::2])}
    half["B"] = ~half["A"]
    print(f"model {real_snapshot.model_name}; real A {half['A'].sum()}, B {half['B'].sum()}, sample {len(sample.gold)}")

    negatives = {n: embedder.encode(NEGATIVES[n]) for n in names}
    if args.heldout:
        heldout_snapshot = load_snapshot(args.heldout)
        if heldout_snapshot.model_name != real_snapshot.model_name:
            raise SystemExit(f"--heldout is a snapshot of {heldout_snapshot.model_name}, --data of {real_snapshot.model_name}")
        heldout = load_corpus(heldout_snapshot, ev.real_labels(args.heldout_labels), True)
        print(f"held-out {len(heldout.gold)} paragraphs ({args.heldout_labels.name})")
        return transfer(shipped_config, embedder, negatives, real, sample, heldout,
                        {id(sample): (sample_snapshot, ev.sample_labels(), False),
                         id(heldout): (heldout_snapshot, ev.real_labels(args.heldout_labels), True)})
    extended = replace(shipped_config, lenses=tuple(
        replace(lens, examples=lens.examples + tuple(EXTRA_EXAMPLES[lens.name])) for lens in shipped_config.lenses))
    for cfg_label, lens_config in (("", shipped_config), ("examples, ", extended)):
        phrasings = embed_phrasings(lens_config, embedder)
        er, es = evidence(lens_config, real, phrasings, negatives), evidence(lens_config, sample, phrasings, negatives)
        variants = [(f"pool {k}", k, "none") for k in POOLS] if not cfg_label else [("pool 2", TOP_K, "none")]
        variants += [(gap, TOP_K, gap) for gap in ("written", "rivals", "written + rivals")]
        for label, k, gap in variants:
            figures: dict[str, list[float]] = {"A->B": [], "A->sample": [], "B->A": [], "B->sample": []}
            for name in names:
                truth, s_truth = real.truth(name), sample.truth(name)
                for fit_on, test_on in (("A", "B"), ("B", "A")):
                    w, c, t = fit(er, name, k, gap, half[fit_on], truth)
                    figures[f"{fit_on}->{test_on}"].append(sup.f1(truth[half[test_on]], score(er, name, k, gap, w, c)[half[test_on]] >= t))
                    figures[f"{fit_on}->sample"].append(sup.f1(s_truth, score(es, name, k, gap, w, c) >= t))
            print(line(cfg_label + ("none (refit)" if label == "pool 2" else label), figures), flush=True)

    # Supervised, fitted on real A plus one half of the sample; the shipped scores on the same subsets.
    s_half_a = np.array([a.startswith(SAMPLE_HALF_A) for a in sample.articles])
    shipped = {}
    for snapshot, corpus, labels, starts in ((real_snapshot, real, ev.real_labels(ev.LABELS), True),
                                             (sample_snapshot, sample, ev.sample_labels(), False)):
        rows, _, _ = ev.gold_for(snapshot, labels, starts=starts)
        shipped[id(corpus)] = topics.score_snapshot(snapshot, shipped_config, embedder, use_head=False).scores[rows]
    limits = shipped_config.thresholds()
    ref = {"real B": [], "sample A": [], "sample B": [], "sample": []}
    for j, name in enumerate(names):
        for key, corpus, rows in (("real B", real, half["B"]), ("sample A", sample, s_half_a),
                                  ("sample B", sample, ~s_half_a), ("sample", sample, np.ones(len(sample.gold), bool))):
            ref[key].append(sup.f1(corpus.truth(name)[rows], shipped[id(corpus)][rows, j] >= limits[name]))
    print(line("shipped numbers", ref))

    phrasings = embed_phrasings(shipped_config, embedder)
    xr = design(names, real, evidence(shipped_config, real, phrasings, negatives))
    xs = design(names, sample, evidence(shipped_config, sample, phrasings, negatives))
    s_articles = np.array(["sample " + a for a in sample.articles])
    figures = {"real B": [], "sample A": [], "sample B": [], "sample": []}
    for name in names:
        truth, s_truth = real.truth(name), sample.truth(name)
        pooled = np.zeros(len(s_truth), bool)
        for s_fit in (s_half_a, ~s_half_a):
            x = np.vstack([xr[half["A"]], xs[s_fit]])
            clf, t, _ = sup.fit(x, np.r_[truth[half["A"]], s_truth[s_fit]], np.r_[real.articles[half["A"]], s_articles[s_fit]])
            pooled[~s_fit] = clf.predict_proba(xs[~s_fit])[:, 1] >= t
            if s_fit is s_half_a:
                figures["real B"].append(sup.f1(truth[half["B"]], clf.predict_proba(xr[half["B"]])[:, 1] >= t))
        figures["sample A"].append(sup.f1(s_truth[s_half_a], pooled[s_half_a]))
        figures["sample B"].append(sup.f1(s_truth[~s_half_a], pooled[~s_half_a]))
        figures["sample"].append(sup.f1(s_truth, pooled))
    print(line("supervised (A + sample)", figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
