"""Exact scan vs the pipeline's ANN index (newslens.ann) at 100k and 1M paragraphs.

Vectors: recall figures on uniform random vectors mean nothing (every point is about equally far
from every other), so the corpus is grown from REAL model embeddings: ``--base`` is an .npy of
all-MiniLM-L6-v2 vectors of real-text paragraphs (``bench_embed --save`` writes one: the sample's
paragraphs and reworded variants). Each generated vector is a real vector moved towards one of its
20 nearest real neighbours by a random share and jittered with noise of the real vectors' own
per-dimension spread, then normalised: points stay on the model's manifold, in its clusters.
Queries are generated the same way and are not in the index. Grown corpora are too easy (a
hundred points around each real vector): recall on them is optimistic.

``--real-texts`` measures on DISTINCT real passages instead (benchmarks/real_texts.py: an .npy of
their vectors, or a folder of texts it collects and embeds with the default embedder): the last
``--queries`` passages are held out as queries, size 0 (or any size up to the real count) indexes
real passages only, and a larger size adds vectors grown around the indexed real ones, labelled
"real + grown". Exact truth comes from blockwise matrix products; the exact scan's latency is
timed per query on the first 100 queries.

Single-threaded (like bench_search), p50/p95 over ``--queries`` queries; recall@10 against the
exact top 10. The machine is shared: latencies are also given as a ratio to the exact scan.

    python -m benchmarks.bench_ann --base DIR/torch-fp32.npy --sizes 100000,1000000
    python -m benchmarks.bench_ann --real-texts /work/scratch/x/real.npy --queries 500 --sizes 0,1000000
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

# Single-threaded BLAS too: on a shared 2-core machine a threaded matrix product spins against the load.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from newslens import ann  # noqa: E402
from newslens.embedder import normalise_rows  # noqa: E402


def grow(base: np.ndarray, n: int, seed: int, out: np.ndarray | None = None) -> np.ndarray:
    """``n`` vectors on the manifold of ``base`` (see the module docstring), written into ``out`` if given."""
    rng = np.random.default_rng(seed)
    neighbours = ann.nearest_neighbours(base, 20)
    spread = base.std(axis=0)
    out = np.empty((n, base.shape[1]), dtype=np.float32) if out is None else out
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        i = rng.integers(0, len(base), m)
        j = neighbours[i, rng.integers(0, 20, m)]
        t = rng.uniform(0.0, 0.5, (m, 1)).astype(np.float32)
        mixed = (1 - t) * base[i] + t * base[j] + 0.5 * spread * rng.standard_normal((m, base.shape[1]), dtype=np.float32)
        out[start:start + m] = normalise_rows(mixed)
    return out


def percentiles(values: list[float]) -> tuple[float, float]:
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def corpus(n: int, base: np.ndarray, n_queries: int, *, real_queries: bool) -> tuple[np.ndarray, np.ndarray, str]:
    """Indexed vectors, queries and a row label for size ``n`` (0 = the real vectors alone).

    With ``real_queries`` (``--real-texts``) the queries are always the last ``n_queries`` real
    passages, held out of the index, and a size above the real count is the real vectors plus
    vectors grown around them ("real + grown"); otherwise corpus and queries are both grown."""
    real = base[:-n_queries]
    if n == 0 or (real_queries and n <= len(real)):
        rows = real if n == 0 else real[:n]
        return rows, base[-n_queries:], f"{len(rows):,} real"
    if not real_queries:
        return grow(base, n, seed=n), grow(base, n_queries, seed=n + 1), f"{n:,} grown"
    vectors = np.empty((n, base.shape[1]), dtype=np.float32)       # one allocation: 1.5 GB at 1M
    vectors[:len(real)] = real
    grow(real, n - len(real), seed=n, out=vectors[len(real):])
    return vectors, base[-n_queries:], f"{n:,} real + grown ({len(real):,} real)"


def exact_top10(vectors: np.ndarray, queries: np.ndarray, block: int = 64) -> list[set[int]]:
    """The exact top 10 of each query (blockwise matrix products: truth, not the timed scan)."""
    truth = []
    for start in range(0, len(queries), block):
        scores = queries[start:start + block] @ vectors.T
        truth += [set(row.tolist()) for row in np.argpartition(scores, -10, axis=1)[:, -10:]]
    return truth


def measure(vectors: np.ndarray, queries: np.ndarray, label: str, nprobes: list[int],
            exact_timed: int = 100) -> list[str]:
    n = len(vectors)
    exact_ms = []
    for q in queries[:exact_timed]:     # the scan a search without an index does, one query at a time
        t = time.perf_counter()
        scores = vectors @ q
        np.argpartition(scores, -10)[-10:]
        exact_ms.append((time.perf_counter() - t) * 1000)
    truth = exact_top10(vectors, queries)
    t = time.perf_counter()
    index = ann.build_ann(vectors, np.arange(n))
    build_s = time.perf_counter() - t
    size_mb = index.sa_code_size() * n / 1e6
    e50, e95 = percentiles(exact_ms)
    rows = [f"| {label} | exact scan (float32, {vectors.nbytes / 1e6:,.0f} MB) | {e50:.1f} / {e95:.1f} | 1.00 | 1.000 | - |"]
    allowed = np.zeros(n, dtype=bool)
    allowed[np.random.default_rng(0).choice(n, n // 8, replace=False)] = True   # one outlet in eight
    for nprobe in nprobes:
        probe = ann.AnnIndex(index, nprobe)
        times, recall = [], []
        for q, want in zip(queries, truth):
            t = time.perf_counter()
            got = probe.search(q, 10)
            times.append((time.perf_counter() - t) * 1000)
            recall.append(len(set(got.tolist()) & want) / 10)
        p50, p95 = percentiles(times)
        default = ", the default" if nprobe == ann.DEFAULT_NPROBE else ""
        rows.append(f"| {label} | IVF{index.nlist},SQfp16 nprobe {nprobe}{default} ({size_mb:,.0f} MB codes, built in "
                    f"{build_s:.0f} s) | {p50:.2f} / {p95:.2f} | {e50 / p50:.0f}x | {np.mean(recall):.3f} | "
                    f"{_filtered_recall(probe, vectors, queries, allowed):.3f} |")
    return rows


def _filtered_recall(probe: ann.AnnIndex, vectors: np.ndarray, queries: np.ndarray, allowed: np.ndarray) -> float:
    recall = []
    for q in queries[:50]:
        scores = np.where(allowed, vectors @ q, -np.inf)
        want = set(np.argpartition(scores, -10)[-10:].tolist())
        got = probe.search(q, 10, allowed)
        assert allowed[got].all()
        recall.append(len(set(got.tolist()) & want) / 10)
    return float(np.mean(recall))


def engine_latency(vectors: np.ndarray, queries: np.ndarray, label: str) -> str:
    """The search engine's semantic ranking (newslens.search.engine.rank: ANN candidates, exact
    rescoring, top-k) vs its exact scan on the same index, p50 / p95 ms. Lexical parts are not
    built (semantic mode does not use them)."""
    import pandas as pd

    from newslens.search import engine
    from newslens.search.lexical import BM25Index
    from newslens.store import Snapshot

    n = len(vectors)
    snapshot = Snapshot("bench", Path("."), {}, pd.DataFrame(), pd.DataFrame(index=range(n)), vectors)
    index = engine.SearchIndex(snapshot=snapshot, rows=np.arange(n), embeddings=vectors, lexical=BM25Index([]),
                               texts=[], article_ids=np.zeros(n, dtype=object), paragraph_ids=[],
                               kinds=[], article_meta={}, has_quotes=np.zeros(n, dtype=bool))
    t = time.perf_counter()
    index.ann = ann.AnnIndex(ann.build_ann(vectors, np.arange(n)))
    build_s = time.perf_counter() - t
    parsed = engine.parse_query("q")
    timings: dict[str, list[float]] = {"exact": [], "ann": []}
    recall = []
    for i, q in enumerate(queries):
        for mode in (("exact", "ann") if i % 2 == 0 else ("ann", "exact")):
            saved = index.ann
            if mode == "exact":
                index.ann = None
            t = time.perf_counter()
            ranking = engine.rank(index, parsed, q, engine.SEMANTIC, depth=engine.CANDIDATE_DEPTH)
            timings[mode].append((time.perf_counter() - t) * 1000)
            index.ann = saved
            if mode == "exact":
                want = set(ranking.positions[:10].tolist())
            else:
                got = set(ranking.positions[:10].tolist())
        recall.append(len(got & want) / 10)
    e50, e95 = percentiles(timings["exact"])
    a50, a95 = percentiles(timings["ann"])
    return (f"| {label} | engine.rank semantic, depth {engine.CANDIDATE_DEPTH}: exact {e50:.1f} / {e95:.1f} ms, "
            f"ANN {a50:.2f} / {a95:.2f} ms (index built in {build_s:.0f} s) | recall@10 {np.mean(recall):.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--base", type=Path, help=".npy of real model vectors (bench_embed --save) to grow corpora from")
    source.add_argument("--real-texts", type=Path,
                        help="distinct real passages: an .npy of their vectors, or a folder of texts to collect "
                             "and embed (benchmarks.real_texts); queries are held-out real passages")
    parser.add_argument("--real-cache", type=Path, default=None, help="with a folder: .npy to keep its vectors in")
    parser.add_argument("--real-limit", type=int, default=None, help="use only the first N real passages")
    parser.add_argument("--sizes", default="100000,1000000",
                        help="comma-separated corpus sizes; 0 = the real vectors alone (no generated ones)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--nprobe", default="8,16,32,64")
    parser.add_argument("--engine", action="store_true", help="time the search engine's ranking instead")
    args = parser.parse_args()
    import faiss

    faiss.omp_set_num_threads(1)
    if args.real_texts is not None:
        from benchmarks.real_texts import load_real_vectors

        base = load_real_vectors(args.real_texts, limit=args.real_limit, cache=args.real_cache)
    else:
        base = np.load(args.base).astype(np.float32)
    print(f"base: {len(base):,} real vectors ({args.queries} of them held out as queries"
          f"{'' if args.real_texts else ' only in the 0 size'}); machine shared (load {os.getloadavg()[0]:.1f}); single-threaded\n")
    print("| paragraphs | method | p50 / p95 ms | speed-up (p50) | recall@10 | recall@10, 1-in-8 filter |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    if args.engine:
        for n in (int(s) for s in args.sizes.split(",")):
            print(engine_latency(*corpus(n, base, args.queries, real_queries=args.real_texts is not None)), flush=True)
        return
    for n in (int(s) for s in args.sizes.split(",")):
        vectors, queries, label = corpus(n, base, args.queries, real_queries=args.real_texts is not None)
        for row in measure(vectors, queries, label, [int(p) for p in args.nprobe.split(",")]):
            print(row, flush=True)
        del vectors


if __name__ == "__main__":
    main()
