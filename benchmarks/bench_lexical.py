"""The lexical index: built by the pipeline and stored, vs built by the app; bm25s for comparison.

Texts are paragraphs of synthetic articles (benchmarks.synthetic.synthetic_paragraphs: sample
articles with numbers, names, places and units swapped, sentences reordered and added, furniture
lines kept). For each size, in one process:

- build: ``BM25Index(texts)`` plus the quote flags, as ``pipeline.lexical_index`` does: seconds
  (untraced: tracemalloc slows this allocation-heavy code several times), and the peak resident
  memory it adds, measured in a fresh subprocess (VmHWM reset before the build, minus VmRSS);
- store: the files ``lexical_writers`` puts in the snapshot (MB on disk);
- load: ``load_lexical`` (memory maps; what the app does instead of building), median of 5;
- query: p50 / p95 of query terms + scores for every query, on the built and on the loaded index,
  alternating; the two score vectors must be identical (checked, not assumed);
- bm25s (when importable): ``bm25s.tokenize`` + ``BM25.index`` and ``get_scores``, for comparison.

    python -m benchmarks.bench_lexical --sizes 100000 1000000
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from benchmarks.synthetic import synthetic_paragraphs  # noqa: E402
from newslens.search.lexical import (LEXICAL_VERSION, BM25Index, has_quote_marks, lexical_writers,  # noqa: E402
                                     load_lexical, tokenize)

QUERIES = ["soldiers refused to advance", "commander threatened to shoot anyone who retreated",
           "1428th regiment", "Pokrovsk", "Pokrovks losses", "intercepted call HUR", "video appeal pay",
           "deserters detained sent back to the front", "morale gone", "Kupiansk 155th brigade",
           "relatives wrote to the governor", "Storm-Z company", "could not be independently verified"]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def query_ms(index: BM25Index, query: str) -> tuple[float, np.ndarray]:
    started = time.perf_counter()
    scores = index.scores(index.query_terms(query))
    return (time.perf_counter() - started) * 1000, scores


def build_peak_mb(texts_file: Path) -> float:
    """Resident memory the build adds at its peak, in a fresh process: the high-water mark (reset
    just before the build) minus the resident memory before it."""
    code = ("import pyarrow.parquet as pq\n"
            "from benchmarks.bench_memory import reset_peak, rss_mb\n"
            "from newslens.search.lexical import BM25Index, has_quote_marks\n"
            f"texts = pq.read_table({str(texts_file)!r}).column(0).to_pylist()\n"
            "before = rss_mb()[0]\n"
            "reset_peak()\n"
            "index = BM25Index(texts); has_quote_marks(texts)\n"
            "print(rss_mb()[1] - before)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    return float(out.stdout.strip().splitlines()[-1])


def bench(n: int, repeat: int, with_bm25s: bool) -> dict:
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = synthetic_paragraphs(n)
    row: dict = {"n": n}
    started = time.perf_counter()
    built = BM25Index(texts)
    quotes = has_quote_marks(texts)
    row["build_s"] = time.perf_counter() - started
    row["terms"] = len(built.vocabulary)
    with tempfile.TemporaryDirectory(prefix="bench-lexical-") as tmp:
        folder = Path(tmp)
        pq.write_table(pa.table({"text": texts}), folder / "texts.parquet")
        row["build_peak_mb"] = build_peak_mb(folder / "texts.parquet")
        (folder / "texts.parquet").unlink()
        for name, write in lexical_writers(built, quotes).items():
            write(folder / name)
        row["disk_mb"] = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
        info = {"version": LEXICAL_VERSION, "rows": n}
        loads = []
        for _ in range(5):
            started = time.perf_counter()
            loaded, _ = load_lexical(folder, info, n)
            loads.append(time.perf_counter() - started)
        row["load_s"] = statistics.median(loads)
        samples: dict[str, list[float]] = {"built": [], "loaded": []}
        for rep in range(repeat + 1):
            for query in QUERIES:
                order = (("built", built), ("loaded", loaded)) if rep % 2 else (("loaded", loaded), ("built", built))
                results = {}
                for which, index in order:
                    ms, results[which] = query_ms(index, query)
                    if rep:
                        samples[which].append(ms)
                if not np.array_equal(results["built"], results["loaded"]):
                    raise SystemExit(f"stored index scores differ for {query!r}")
        row["built_p50"], row["built_p95"] = percentiles(samples["built"])
        row["loaded_p50"], row["loaded_p95"] = percentiles(samples["loaded"])
        del loaded
    if with_bm25s:
        row.update(bench_bm25s(texts, repeat))
    return row


def bench_bm25s(texts: list[str], repeat: int) -> dict:
    """bm25s with the project's tokenizer (same terms, so the same vocabulary and scores up to its
    idf variant), timed the same way."""
    import bm25s

    started = time.perf_counter()
    corpus_tokens = [tokenize(t) for t in texts]
    retriever = bm25s.BM25(k1=1.5, b=0.75, method="bm25+")
    retriever.index(corpus_tokens, show_progress=False)
    build_s = time.perf_counter() - started
    peak = retriever.scores["data"].nbytes / 1e6 + retriever.scores["indices"].nbytes / 1e6
    samples = []
    for _ in range(repeat):
        for query in QUERIES:
            started = time.perf_counter()
            retriever.get_scores(tokenize(query))
            samples.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentiles(samples)
    return {"bm25s_build_s": build_s, "bm25s_peak_mb": peak, "bm25s_p50": p50, "bm25s_p95": p95}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--bm25s", action="store_true", help="also time bm25s (needs it importable)")
    args = parser.parse_args(argv)
    print(f"load average at start {os.getloadavg()[0]:.1f} (2 cores)", flush=True)
    print("| paragraphs | terms | build (s) | build peak (MB) | stored (MB) | load (s) | query p50 / p95 built (ms) "
          "| query p50 / p95 loaded (ms) | bm25s build (s) | bm25s index (MB) | bm25s get_scores p50 / p95 (ms) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in args.sizes:
        r = bench(n, args.repeat, args.bm25s)
        extra = (f"{r['bm25s_build_s']:.1f} | {r['bm25s_peak_mb']:,.0f} | {r['bm25s_p50']:.1f} / {r['bm25s_p95']:.1f}"
                 if "bm25s_build_s" in r else "- | - | -")
        print(f"| {n:,} | {r['terms']:,} | {r['build_s']:.1f} | {r['build_peak_mb']:,.0f} | {r['disk_mb']:,.0f} "
              f"| {r['load_s']:.3f} | {r['built_p50']:.1f} / {r['built_p95']:.1f} "
              f"| {r['loaded_p50']:.1f} / {r['loaded_p95']:.1f} | {extra} |", flush=True)
    print(f"load average at end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
