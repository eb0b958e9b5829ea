"""Round 4 of the lens measurements on the real evaluation corpus (issue 10): ideas measured and
not shipped, kept so the README figures can be reproduced and the next attempt starts from them.

Variants of the shipped lens file (config/lenses.yaml), all written as general statements and
wordings, not copied from articles:
- ``examples``: eight more morale examples (no supplies, exhaustion, meat assaults, intercepted
  calls describing hell, deceived draftees, appeals to officials, losses, self-bought equipment);
- ``lexicon``: morale wordings of soldiers' complaints (lack of supplies, poorly treated, deceived,
  unpaid, want to go home, a desperate situation, command does not care), executions "will be
  shot", desertion "runaways" / "without permission";
- ``counter``: counter-examples per lens (morale: barrier troops shooting their own; executions:
  soldiers killed by the enemy, civilians shot); the score loses ``c`` x how much closer the
  paragraph is to its closest counter-example than to the lens's own examples, ``c`` fitted too;
- ``centred``: ``lexicon`` without counter-examples, and morale's similarity taken after removing
  the background every war report shares (the mean vector of eight generic war-news sentences is
  subtracted from paragraph and example vectors, which are then normalised again).

Protocol: the lexicon weight, the counter weight and the threshold are fitted per lens on half A;
the figure used to choose between variants is leave-one-article-out cross-validation inside
half A; held-out B, the sample and the reverse direction are printed only with ``--final``.
The "ceiling" is the best F1 with all numbers fitted on the set itself (no fit can do better)::

    python benchmarks/eval_lens_variants.py --data /work/scratch/eval10/processed \\
        --sample <sample snapshot folder> [--final]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import eval_lenses as ev  # noqa: E402  (sets the offline environment and the import path)

from newslens import config, vectors  # noqa: E402
from newslens.embedder import load_embedder  # noqa: E402
from newslens.schema import ParagraphCol  # noqa: E402
from newslens.store import load_snapshot  # noqa: E402
from newslens.topics.lenses import LEXICON_CAP, TOP_K, load_lenses  # noqa: E402

MORALE_EXAMPLES = [
    "Soldiers complain that they have no food, no water and no ammunition and nobody brings supplies.",
    "Exhausted soldiers say they have not slept or been rotated for weeks and cannot go on.",
    "The men say they are thrown into meat assaults and most of their unit has already been killed.",
    "In an intercepted call a soldier tells a friend the front is hell and he only wants to survive and go home.",
    "Draftees say they were promised service in the rear but were sent straight to the front line.",
    "Mobilised soldiers ask the president and the governor for help because their commanders abandoned them.",
    "Troops are demoralised by heavy losses and no longer believe in the war.",
    "Wives of mobilised men say the soldiers had to buy their own equipment and are poorly treated.",
]
LEXICON = {
    "morale": [
        r"\black of (?:\w+ )?(?:equipment|ammunition|food|water|supplies|weapons|training|support|communications?|medic\w*|rotation)\b",
        r"\bpoorly (?:equipped|trained|treated|supplied|fed|armed)\b|\btreated (?:poorly|badly|(?:like|as) (?:dogs|animals|cattle|slaves|meat|garbage|trash))\b|\blike (?:damn |bloody )?(?:dogs|animals|cattle)\b",
        r"\b(?:deceived|fooled|lied to|tricked)\b|\bunpaid\b|\bnot (?:been )?paid\b|\bwithout pay\b",
        r"\bwants? to go home\b|\b(?:be|been) brought (?:back )?home\b|\bfears? for (?:his|their|our) (?:li(?:fe|ves)|survival)\b|\bstruggle for survival\b",
        r"\b(?:desperate|precarious|dire|catastrophic|terrible) (?:situation|conditions?|circumstances)\b|\bsituation (?:is|was) (?:\w+ )?(?:desperate|precarious|dire|catastrophic)\b",
        r"\bdo(?:es)?n.t give a (?:shit|damn)\b|\bindifferent to (?:our|their|his) (?:lives|fate)\b|\bno ?(?:one|body) cares\b",
    ],
    "executions": [r"\b(?:will|would|could|can|should|must|to) be shot\b|\bthreat\w* (?:\w+ ){0,3}(?:to shoot|with execution)\b"],
    "desertion": [r"\brunaways?\b|\bwithout permission\b"],
}
COUNTER = {
    "morale": ["Barrier troops shoot at their own soldiers who retreat from their positions.",
               "Commanders threaten to kill any soldier who tries to flee the battlefield."],
    "executions": ["Soldiers were killed by enemy shelling and mines as they retreated.",
                   "Civilians were shot by occupying troops in the village.",
                   "Prisoners of war were tortured and killed by the enemy."],
}
BACKGROUND = [
    "Russian troops are fighting Ukrainian forces in the east of the country.",
    "The Ukrainian military intelligence service published a report about the war.",
    "Russian soldiers were deployed to the front line in the Donetsk region.",
    "The ministry of defence said the army had lost territory during the counteroffensive.",
    "A video from the battlefield was posted on Telegram and shared on social media.",
    "The Kremlin mobilised hundreds of thousands of men for its invasion of Ukraine.",
    "Western intelligence estimates that Russia has lost many soldiers since the invasion began.",
    "The units are made up of convicts and regular soldiers and are sent to the front.",
]
VARIANTS = ("shipped", "examples", "lexicon", "counter", "centred")
COUNTER_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)
GRID = np.round(np.arange(-0.20, 0.901, 0.01), 2)     # centred similarities run lower


def variant(name: str, lens_config) -> dict[str, dict]:
    """Per lens: phrasings, lexicon and counter-examples of one variant (cumulative steps)."""
    out = {lens.name: {"phrasings": list(lens.phrasings()), "lexicon": list(lens.lexicon), "counter": [],
                       "centre": False} for lens in lens_config.lenses}
    if name == "centred":
        out = variant("lexicon", lens_config)
        out["morale"]["centre"] = True
        return out
    steps = VARIANTS[:4]
    for step in steps[1:steps.index(name) + 1]:
        if step == "examples":
            out["morale"]["phrasings"] += MORALE_EXAMPLES
        elif step == "lexicon":
            for lens, entries in LEXICON.items():
                out[lens]["lexicon"] += entries
        else:
            for lens, texts in COUNTER.items():
                out[lens]["counter"] = list(texts)
    return out


def centre(matrix: np.ndarray, background: np.ndarray) -> np.ndarray:
    shifted = matrix - background
    return shifted / np.linalg.norm(shifted, axis=1, keepdims=True)


def features(spec: dict, vecs: np.ndarray, texts: list[str], encode) -> tuple[np.ndarray, ...]:
    """(similarity to the TOP_K closest phrasings, lexicon entries found (capped), gap to the
    closest counter-example: how much closer than the own examples, 0 when not closer)."""
    if spec["centre"]:
        background = encode(BACKGROUND).mean(axis=0)
        vecs = centre(vecs, background)
        raw_encode = encode

        def encode(texts):  # noqa: F811 - the same texts, centred like the paragraphs
            return centre(raw_encode(texts), background)
    sims = np.sort(vecs @ encode(spec["phrasings"]).T, axis=1)[:, -TOP_K:].mean(axis=1)
    patterns = [re.compile(p, re.IGNORECASE) for p in spec["lexicon"]]
    hits = np.array([min(sum(bool(p.search(t)) for p in patterns), LEXICON_CAP) for t in texts], float)
    gap = np.zeros(len(sims))
    if spec["counter"]:
        gap = np.maximum(0.0, (vecs @ encode(spec["counter"]).T).max(axis=1) - sims)
    return sims, hits, gap


def f1(gold: np.ndarray, pred: np.ndarray) -> float:
    tp = int(np.sum(gold & pred))
    return 2 * tp / (2 * tp + int(np.sum(pred & ~gold)) + int(np.sum(gold & ~pred))) if tp else 0.0


def scored(feats, w: float, c: float) -> np.ndarray:
    sims, hits, gap = feats
    return sims + w * hits - c * gap


def fit(feats, gold: np.ndarray) -> tuple[float, float, float]:
    """(lexicon weight, counter weight, threshold) with the best F1; ties: the middle threshold."""
    best = None
    for c in COUNTER_WEIGHTS if feats[2].any() else (0.0,):
        for w in ev.WEIGHTS:
            s = scored(feats, w, c)
            values = [f1(gold, s >= t) for t in GRID]
            top = max(values)
            run = [t for t, v in zip(GRID, values) if v >= top - 1e-9]
            if best is None or top > best[3] + 1e-9:
                best = (float(w), float(c), float(run[len(run) // 2]), top)
    return best[:3]


def pick(feats, mask):
    return tuple(x[mask] for x in feats)


def corpus(snapshot, labels, starts: bool):
    rows, gold, articles = ev.gold_for(snapshot, labels, starts=starts)
    texts = [str(snapshot.paragraphs[ParagraphCol.TEXT].iloc[r]) for r in rows]
    return np.asarray(vectors.take(snapshot.embeddings, rows), dtype=np.float32), texts, gold, np.array(articles)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--sample", required=True)
    parser.add_argument("--final", action="store_true", help="also score held-out B, the sample and B->A")
    args = parser.parse_args(argv)
    lens_config = load_lenses(config.lenses_file())
    real = load_snapshot(args.data)
    embedder = load_embedder(real.model_name)
    cache: dict[str, np.ndarray] = {}

    def encode(texts):
        missing = [t for t in texts if t not in cache]
        if missing:
            cache.update(zip(missing, embedder.encode(missing)))
        return np.array([cache[t] for t in texts], dtype=np.float32)

    r_vecs, r_texts, r_gold, arts = corpus(real, ev.real_labels(ev.LABELS), True)
    s_vecs, s_texts, s_gold, _ = corpus(load_snapshot(args.sample), ev.sample_labels(), False)
    order = sorted(set(arts))
    half_a = np.isin(arts, order[0::2])
    for name in VARIANTS:
        spec = variant(name, lens_config)
        line = {}
        for lens in lens_config.names:
            fr = features(spec[lens], r_vecs, r_texts, encode)
            g = np.array([lens in s for s in r_gold])
            cv = np.zeros(len(g), bool)
            for article in order[0::2]:
                test = arts == article
                w, c, t = fit(pick(fr, half_a & ~test), g[half_a & ~test])
                cv[test] = scored(pick(fr, test), w, c) >= t
            figures = {"cv_A": f1(g[half_a], cv[half_a])}
            if args.final:
                fs = features(spec[lens], s_vecs, s_texts, encode)
                gs = np.array([lens in s for s in s_gold])
                for fit_on, test_on in ((half_a, ~half_a), (~half_a, half_a)):
                    w, c, t = fit(pick(fr, fit_on), g[fit_on])
                    tag = "A" if fit_on is half_a else "B"
                    figures[f"{tag}->held-out"] = f1(g[test_on], scored(pick(fr, test_on), w, c) >= t)
                    figures[f"{tag}->sample"] = f1(gs, scored(fs, w, c) >= t)
                for tag, feats, truth in (("ceiling_B", pick(fr, ~half_a), g[~half_a]), ("ceiling_sample", fs, gs)):
                    w, c, t = fit(feats, truth)
                    figures[tag] = f1(truth, scored(feats, w, c) >= t)
            line[lens] = figures
        keys = next(iter(line.values())).keys()
        print(f"{name:9s} " + " | ".join(
            f"{k} {np.mean([line[n][k] for n in line]):.3f} ({' / '.join(f'{line[n][k]:.2f}' for n in line)})"
            for k in keys), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
