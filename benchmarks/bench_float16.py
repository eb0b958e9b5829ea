"""float16 storage against float32 on real model vectors: the quality bars of issue 13.

``--base`` is an .npy of real all-MiniLM-L6-v2 vectors (``bench_embed --save`` writes one). The
vectors are stored the way the pipeline stores them (``newslens.vectors.storage_vectors``) and
compared with the float32 originals: cosine per vector (mean and minimum; bar: mean >= 0.99), and
top-10 neighbour agreement (every vector as a query against all others, exact; bar: >= 0.95),
plus the time of one exact scan both ways.

    python -m benchmarks.bench_float16 --base DIR/torch-fp32.npy
"""
from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from newslens import vectors  # noqa: E402


def top10(matrix: np.ndarray, block: int = 1000) -> np.ndarray:
    """Each row's 10 nearest other rows, exact, from float32 scores of ``matrix`` (any stored dtype)."""
    n = len(matrix)
    out = np.zeros((n, 10), dtype=np.int64)
    for start in range(0, n, block):
        queries = vectors.take(matrix, slice(start, start + block))
        sims = vectors.scores(matrix, queries)
        sims[np.arange(len(queries)), np.arange(start, start + len(queries))] = -np.inf
        part = np.argpartition(-sims, 10, axis=1)[:, :10]
        order = np.argsort(-np.take_along_axis(sims, part, axis=1), axis=1, kind="stable")
        out[start:start + block] = np.take_along_axis(part, order, axis=1)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, required=True)
    args = parser.parse_args(argv)
    full = np.load(args.base).astype(np.float32)
    stored = vectors.storage_vectors(full)
    cos = vectors.row_cosines(full, stored)
    a, b = top10(full), top10(stored)
    agreement = float(np.mean([len(set(x) & set(y)) / 10 for x, y in zip(a, b)]))
    query = full[0]
    t32, t16 = [], []
    for _ in range(20):
        t = time.perf_counter()
        full @ query
        t32.append(time.perf_counter() - t)
        t = time.perf_counter()
        vectors.scores(stored, query)
        t16.append(time.perf_counter() - t)
    print(f"{len(full):,} real vectors x {full.shape[1]} (load average {os.getloadavg()[0]:.1f}, 2 cores)\n")
    print("| stored as | MB | mean cosine to float32 | min cosine | top-10 neighbour agreement | one exact scan (ms, numpy) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(f"| float32 | {full.nbytes / 1e6:.1f} | 1 | 1 | 1 | {statistics.median(t32) * 1000:.2f} |")
    print(f"| {stored.dtype} | {stored.nbytes / 1e6:.1f} | {cos.mean():.7f} | {cos.min():.7f} | {agreement:.4f} "
          f"| {statistics.median(t16) * 1000:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
