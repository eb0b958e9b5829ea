"""Search latency at scale: index time at 10k and 100k paragraphs, and a warm end-to-end query.

    python -m benchmarks.bench_search                 # 10k and 100k paragraphs, real model
    python -m benchmarks.bench_search --sizes 10000 --no-model   # quick run

The index part runs on synthetic data: L2-normalised random vectors (the semantic signal is one
float32 matrix-vector product whatever the vectors hold) and seeded texts drawn from the sample
corpus's vocabulary plus generated names, units and numbers (so the BM25 vocabulary grows with
the corpus as a real one does). Each query runs the whole ranking - filters, phrases, semantic,
BM25 with fuzzy spellings, fusion - and builds the grouped hits, i.e. everything but embedding.
Baselines measured in the same process: one bare matrix-vector product (the floor), and
rank-bm25's per-query scoring (what a naive lexical signal costs). End-to-end adds embedding the
query with the real all-MiniLM-L6-v2, warm (model loaded, one query run before timing).
Targets (issue 4): p50 index time at 100k <= 15 ms; warm end-to-end <= 100 ms.
BLAS and torch run single-threaded here (see below); set OPENBLAS_NUM_THREADS etc. to override.
"""
from __future__ import annotations

import os

# One thread for BLAS and torch, set before numpy/torch load: the matrix-vector product is
# memory-bound (threads gain little), and on a shared machine spinning threads distort timings.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import random
import re
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from newslens.embedder import DEFAULT_MODEL
from newslens.schema import ArticleCol, DatePrecision, Kind, ManifestKey, ParagraphCol
from newslens.search.engine import HYBRID, LEXICAL, MODES, build_index, collect_hits, parse_query, rank, search
from newslens.store import Snapshot

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [ROOT / "data" / "raw", Path("/work/shared/seeds")]
DIM = 384
PARAGRAPHS_PER_ARTICLE = 12
QUERIES = [
    "soldiers hurting themselves to be sent home", "commander orders troops to shoot deserters",
    "1428th regiment", "Budennovsk hospital", "7.62 rounds", '"shoot them"', "prison terms for desertion",
    "morale collapsed in the brigade", "refuse suicidal orders near Bakhmut", "Wagner executed fighters",
    "intercepted call released by HUR", "how many troops deserted since 2022", "Volkovsk", "Petrovv",
    '"no way to retreat" commander', "mobilised men coerced into volunteering",
]


def sample_words() -> list[str]:
    for folder in SEEDS:
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            text = " ".join(f.read_text(encoding="utf-8", errors="replace") for f in files)
            return re.findall(r"[A-Za-z][A-Za-z'’-]+|\d+", text)
    raise SystemExit("no sample corpus found in data/raw")


def synthetic_texts(n: int, seed: int = 7) -> list[str]:
    """Seeded paragraphs of 15-80 words with a Zipf-like vocabulary plus rare names and numbers."""
    rng = random.Random(seed)
    words = sample_words()
    syllables = ["vol", "kov", "pet", "rov", "sok", "bud", "en", "nov", "sk", "ar", "mi", "tash", "ler", "ino"]
    rare = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize() for _ in range(max(200, n // 5))]
    rare += [f"{rng.randint(1, 2000)}th" for _ in range(500)] + [f"{rng.randint(1, 99)}.{rng.randint(1, 99)}" for _ in range(200)]
    texts = []
    for _ in range(n):
        length = rng.randint(15, 80)
        chosen = [rng.choice(words) if rng.random() > 0.06 else rng.choice(rare) for _ in range(length)]
        texts.append(" ".join(chosen).capitalize() + ".")
    return texts


def synthetic_snapshot(n: int, seed: int = 7, texts: list[str] | None = None) -> Snapshot:
    """Seeded frames and unit vectors; ``texts`` (``n`` of them) replace the generated ones."""
    rng = np.random.default_rng(seed)
    texts = synthetic_texts(n, seed) if texts is None else texts
    n_articles = max(1, n // PARAGRAPHS_PER_ARTICLE)
    article_ids = [f"a{i:06d}" for i in range(n_articles)]
    owner = np.minimum(np.arange(n) // PARAGRAPHS_PER_ARTICLE, n_articles - 1)
    kinds = np.where(rng.random(n) < 0.9, Kind.BODY, np.where(rng.random(n) < 0.5, Kind.QUOTE, Kind.BOILERPLATE))
    paragraphs = pd.DataFrame({
        ParagraphCol.ID: [f"p{i:07d}" for i in range(n)], ParagraphCol.ARTICLE_ID: [article_ids[o] for o in owner],
        ParagraphCol.POSITION: np.arange(n) % PARAGRAPHS_PER_ARTICLE, ParagraphCol.TEXT: texts,
        ParagraphCol.KIND: kinds, ParagraphCol.REASON: "", ParagraphCol.PART: 0, ParagraphCol.CONTENT_HASH: "",
    })
    outlets = [f"Outlet {i}" for i in range(40)]
    days = pd.Timestamp("2022-02-24") + pd.to_timedelta(rng.integers(0, 1300, n_articles), unit="D")
    articles = pd.DataFrame({col: None for col in ArticleCol.ALL}, index=range(n_articles))
    articles[ArticleCol.ID] = article_ids
    articles[ArticleCol.OUTLET] = [outlets[i % len(outlets)] for i in range(n_articles)]
    articles[ArticleCol.TITLE] = [f"Synthetic article {i}" for i in range(n_articles)]
    articles[ArticleCol.URL] = [f"https://example.test/{a}" for a in article_ids]
    articles[ArticleCol.PUBLISHED] = days.strftime("%Y-%m-%d")
    articles[ArticleCol.DATE_PRECISION] = DatePrecision.DAY
    articles[ArticleCol.DATE_START] = days
    articles[ArticleCol.DATE_END] = days
    articles[ArticleCol.LANGUAGE] = "en"
    vectors = rng.standard_normal((n, DIM), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    manifest = {ManifestKey.MODEL_NAME: DEFAULT_MODEL, ManifestKey.MODEL_DIM: DIM}
    return Snapshot(f"synthetic-{n}", Path("."), manifest, articles, paragraphs, vectors)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def time_ms(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def bench_size(n: int, repeat: int, rows: list[dict], bm25_baseline: bool) -> object:
    """Time each mode on every query, interleaved with the bare matrix-vector product, so that a
    busy machine slows both alike and the ratio stays meaningful."""
    started = time.perf_counter()
    snapshot = synthetic_snapshot(n)
    index = build_index(snapshot)
    build_ms = (time.perf_counter() - started) * 1000
    rng = np.random.default_rng(11)
    vectors = rng.standard_normal((len(QUERIES), DIM), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    parsed = [parse_query(q) for q in QUERIES]
    allowed = np.ones(index.size, dtype=bool)
    samples: dict[str, list[float]] = {mode: [] for mode in MODES}
    samples["matvec"] = []
    for rep in range(repeat + 1):              # pass 0 warms caches and is not counted
        for query, vector in zip(parsed, vectors):
            timings = {"matvec": time_ms(lambda vector=vector: index.embeddings @ vector, 1)[0]}
            for mode in MODES:
                def one(query=query, vector=vector, mode=mode) -> None:
                    ranking = rank(index, query, vector if mode != LEXICAL else None, mode, allowed)
                    collect_hits(index, ranking, query, 10)
                timings[mode] = time_ms(one, 1)[0]
            if rep:
                for key, value in timings.items():
                    samples[key].append(value)
    base = percentiles(samples["matvec"])[0]
    rows.append({"what": "baseline: one float32 matrix-vector product", "paragraphs": n,
                 "p50 ms": base, "p95 ms": percentiles(samples["matvec"])[1], "ratio": 1.0})
    for mode in MODES:
        p50, p95 = percentiles(samples[mode])
        rows.append({"what": f"index query, {mode} (rank + grouped hits)", "paragraphs": n,
                     "p50 ms": p50, "p95 ms": p95, "ratio": p50 / base})
    if bm25_baseline:
        from rank_bm25 import BM25Okapi

        from newslens.search.lexical import tokenize

        bm25 = BM25Okapi([tokenize(t) for t in index.texts])
        tokens = [tokenize(q.text) for q in parsed[:6]]
        naive = [time_ms(lambda t=t: bm25.get_scores(t), 1)[0] for t in tokens]
        rows.append({"what": "baseline: rank-bm25 get_scores", "paragraphs": n,
                     "p50 ms": percentiles(naive)[0], "p95 ms": percentiles(naive)[1],
                     "ratio": percentiles(naive)[0] / base})
    rows.append({"what": "index build (once per snapshot)", "paragraphs": n, "p50 ms": build_ms,
                 "p95 ms": float("nan"), "ratio": float("nan")})
    return index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the query set per mode")
    parser.add_argument("--no-model", action="store_true", help="skip the end-to-end run with the real model")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    rows: list[dict] = []
    largest = None
    for n in args.sizes:
        largest = bench_size(n, args.repeat, rows, bm25_baseline=n <= 10_000)
        print(f"done {n:,}", flush=True)
    if not args.no_model and largest is not None:
        from newslens.embedder import load_embedder

        embedder = load_embedder(DEFAULT_MODEL)
        search(largest, QUERIES[0], embedder=embedder, mode=HYBRID)  # warm: model, tokenizer, caches
        n = len(largest.snapshot.paragraphs)
        embed: list[float] = []
        end_to_end: list[float] = []
        for _ in range(args.repeat):
            for q in QUERIES:       # interleaved, as above
                embed.append(time_ms(lambda q=q: embedder.encode([q]), 1)[0])
                end_to_end.append(time_ms(lambda q=q: search(largest, q, embedder=embedder, mode=HYBRID), 1)[0])
        base = percentiles(embed)[0]
        rows.append({"what": "query embedding alone (real model, warm)", "paragraphs": n,
                     "p50 ms": base, "p95 ms": percentiles(embed)[1], "ratio": 1.0})
        rows.append({"what": "warm end-to-end hybrid query (embedding + index + hits)", "paragraphs": n,
                     "p50 ms": percentiles(end_to_end)[0], "p95 ms": percentiles(end_to_end)[1],
                     "ratio": percentiles(end_to_end)[0] / base})
    print()
    print("| measurement | paragraphs | p50 ms | p95 ms | p50 / baseline |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        p95 = "" if np.isnan(row["p95 ms"]) else f"{row['p95 ms']:.1f}"
        ratio = "" if np.isnan(row["ratio"]) else f"{row['ratio']:.2f}"
        print(f"| {row['what']} | {row['paragraphs']:,} | {row['p50 ms']:.1f} | {p95} | {ratio} |")
    print("\nBaselines: the index rows against the bare matrix-vector product at the same size; the "
          "end-to-end row against embedding the query alone.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
