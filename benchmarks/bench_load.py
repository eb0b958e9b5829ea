"""Loading a snapshot vs reading its files alone, and the lexical index build, at 100k-1M paragraphs.

A seeded synthetic snapshot (benchmarks.bench_search.synthetic_snapshot: Zipf-like texts, 25
paragraphs per article, float32 vectors) is published with the pipeline's own writer; then, in one
process and alternating order, ``load_snapshot`` is timed against the floor (``pd.read_parquet`` of
both tables plus ``np.load`` of the vectors, memory-mapped as the loader does), with the loader's
validation timed on its own. Then the hand-written BM25 index (newslens.search.lexical) is built on
the same texts, with its time and peak memory (tracemalloc, which slows the build several times:
``bench_lexical`` times it untraced and measures its memory in a fresh process; the pipeline now
builds it and the app only memory-maps it). The writer stores float16 vectors (newslens.vectors).

    python -m benchmarks.bench_load --sizes 100000 1000000
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from benchmarks.bench_search import synthetic_snapshot  # noqa: E402
from newslens.schema import ManifestKey, SnapshotFile  # noqa: E402
from newslens.search.lexical import BM25Index  # noqa: E402
from newslens.store import check_snapshot_tables, load_snapshot  # noqa: E402
from pipeline.snapshot import write_snapshot  # noqa: E402


def publish(n: int, data: Path) -> Path:
    snap = synthetic_snapshot(n)
    manifest = {**snap.manifest, ManifestKey.SCHEMA_VERSION: 1, ManifestKey.PIPELINE_VERSION: "bench",
                ManifestKey.CORPUS_HASH: "0" * 64, ManifestKey.COUNTS: {}, ManifestKey.QUARANTINED: [],
                ManifestKey.DUPLICATES: []}
    return write_snapshot(data, snap.articles, snap.paragraphs, snap.embeddings, manifest)


def read_files(path: Path) -> None:
    pd.read_parquet(path / SnapshotFile.ARTICLES)
    pd.read_parquet(path / SnapshotFile.PARAGRAPHS)
    np.load(path / SnapshotFile.EMBEDDINGS, mmap_mode="r")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-bm25", action="store_true")
    args = parser.parse_args()
    print(f"machine shared (load {os.getloadavg()[0]:.1f}); best of {args.repeats}, alternating order\n")
    print("| paragraphs | read files alone (s) | load_snapshot (s) | ratio | of which validation (s) "
          "| BM25 build (s) | BM25 peak memory during build (MB) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
            path = publish(n, Path(tmp))
            floor, full, check = [], [], []
            for i in range(args.repeats):
                for which in ((0, 1) if i % 2 == 0 else (1, 0)):
                    t = time.perf_counter()
                    if which == 0:
                        read_files(path)
                        floor.append(time.perf_counter() - t)
                    else:
                        snap = load_snapshot(tmp)
                        full.append(time.perf_counter() - t)
            t = time.perf_counter()
            check_snapshot_tables(snap.articles, snap.paragraphs, snap.embeddings, snap.model_dim)
            check.append(time.perf_counter() - t)
            bm25_s, bm25_mb = float("nan"), float("nan")
            if not args.no_bm25:
                texts = snap.paragraphs["text"].tolist()
                tracemalloc.start()        # numpy and scipy report their buffers to tracemalloc
                t = time.perf_counter()
                BM25Index(texts)
                bm25_s = time.perf_counter() - t
                bm25_mb = tracemalloc.get_traced_memory()[1] / 1e6
                tracemalloc.stop()
            print(f"| {n:,} | {min(floor):.2f} | {min(full):.2f} | {min(full) / min(floor):.1f}x | {min(check):.2f} "
                  f"| {bm25_s:.1f} | {bm25_mb:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
