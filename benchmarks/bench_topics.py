"""Topic stages at scale: clustering, labels, representatives, projection and lens scoring.

    python -m benchmarks.bench_topics                   # 10k and 100k paragraphs
    python -m benchmarks.bench_topics --sizes 10000     # quick run

Synthetic, seeded data with structure: 384-d vectors scattered around 40 planted topic directions
(normalised, like sentence embeddings), and for each vector a text of 20-60 words drawn from a
shared vocabulary plus its topic's own words, so class-based TF-IDF has something to find.
Baseline, measured in the same process: one assignment pass (all vectors against k centroids,
a single float32 matrix product) - the floor any clustering pays at least once. Every stage is
timed once after a warm-up on a small slice (imports, BLAS start-up), on one thread as the app
runs it (clusters.THREADS). Prints a markdown table; the rule it checks: what takes more than
~3 s at a size is pipeline work (the map) or cached per parameter set in the page (clusters).
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from newslens.topics.clusters import (MINIBATCH_FROM, TSNE_MAX, ClusterParams, cluster_embeddings, cluster_paragraphs,
                               default_cluster_count, distinctive_terms, project_2d, representatives)
from newslens.topics.lenses import LensConfig, Lens, score_paragraphs

DIM = 384
TOPICS = 40
SEED = 11
INTERACTIVE_SECONDS = 3.0


def letters(i: int, prefix: str) -> str:
    """A letters-only word (the label tokenizer ignores tokens with digits)."""
    out = ""
    while True:
        out = chr(ord("a") + i % 26) + out
        i //= 26
        if not i:
            return prefix + out


def synthetic(n: int, seed: int = SEED) -> tuple[np.ndarray, list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(TOPICS, DIM)).astype(np.float32)
    truth = rng.integers(0, TOPICS, size=n)
    x = centres[truth] + 1.2 * rng.normal(size=(n, DIM)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    common = [letters(i, "com") for i in range(3000)]
    own = [[letters(t * 100 + j, "topic") for j in range(12)] for t in range(TOPICS)]
    zipf = 1.0 / np.arange(1, len(common) + 1)
    zipf /= zipf.sum()
    texts = []
    for t in truth:
        length = int(rng.integers(20, 60))
        words = list(rng.choice(common, size=length, p=zipf)) + list(rng.choice(own[t], size=length // 6))
        texts.append(" ".join(words))
    return x.astype(np.float32), texts, truth


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def run(sizes: list[int]) -> list[dict]:
    rows = []
    warm_x, warm_t, _ = synthetic(500)
    cluster_embeddings(warm_x, ClusterParams(k=5))
    project_2d(warm_x[:200], "pca")
    for n in sizes:
        x, texts, truth = synthetic(n)
        k = default_cluster_count(n)
        baseline, _ = timed(lambda x=x, k=k: (x @ x[:k].T).argmax(axis=1))
        seconds, (labels, centroids) = timed(cluster_embeddings, x, ClusterParams(k=k))
        method = "mini-batch k-means" if n >= MINIBATCH_FROM else "k-means (4 inits)"
        from sklearn.metrics import adjusted_rand_score

        ari = adjusted_rand_score(truth, labels)
        rows.append({"n": n, "stage": f"cluster: {method}, k={k}", "seconds": seconds, "baseline": baseline,
                     "note": f"ARI vs planted topics {ari:.2f}"})
        seconds, terms = timed(distinctive_terms, texts, labels)
        hits = sum(any(w.startswith("topic") for w in ws[:3]) for ws in terms.values())
        rows.append({"n": n, "stage": "labels: class-based TF-IDF", "seconds": seconds, "baseline": baseline,
                     "note": f"{hits}/{len(terms)} clusters' top 3 words include planted topic words"})
        seconds, _ = timed(representatives, x, labels, centroids, 3)
        rows.append({"n": n, "stage": "representatives (3 per cluster)", "seconds": seconds, "baseline": baseline,
                     "note": ""})
        seconds, _ = timed(cluster_paragraphs, x, texts, ClusterParams(k=k), labels=labels)
        rows.append({"n": n, "stage": "page at the default k: stored clusters -> centroids, words, representatives",
                     "seconds": seconds, "baseline": baseline, "note": "clustering itself done by the pipeline"})
        seconds, _ = timed(project_2d, x, "pca")
        rows.append({"n": n, "stage": "map: PCA", "seconds": seconds, "baseline": baseline, "note": ""})
        lenses = LensConfig(tuple(Lens(f"lens{i}", "d", ("a", "b", "c", "d", "e")) for i in range(5)))
        vectors = {lens.name: x[i * 6:(i + 1) * 6] for i, lens in enumerate(lenses.lenses)}
        seconds, _ = timed(score_paragraphs, x, np.ones(n, bool), lenses, vectors)
        rows.append({"n": n, "stage": "lens scores: 5 lenses x 6 phrasings", "seconds": seconds,
                     "baseline": baseline, "note": ""})
    x, _, _ = synthetic(TSNE_MAX)
    seconds, _ = timed(project_2d, x, "tsne")
    baseline, _ = timed(lambda: (x @ x[:10].T).argmax(axis=1))
    rows.append({"n": TSNE_MAX, "stage": "map: t-SNE (largest size it is used for)", "seconds": seconds,
                 "baseline": baseline, "note": "pipeline only; PCA above this size"})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    rows = run(args.sizes)
    print("| paragraphs | stage | seconds | x one assignment pass | interactive (< 3 s) | note |")
    print("| ---: | --- | ---: | ---: | --- | --- |")
    for r in rows:
        ratio = r["seconds"] / r["baseline"] if r["baseline"] > 0 else float("nan")
        print(f"| {r['n']:,} | {r['stage']} | {r['seconds']:.2f} | {ratio:,.0f} | "
              f"{'yes' if r['seconds'] < INTERACTIVE_SECONDS else 'no'} | {r['note']} |")


if __name__ == "__main__":
    main()
