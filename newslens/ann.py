"""Approximate nearest neighbours (faiss) for corpora where an exact scan stops being cheap.

The pipeline builds an inverted-file index (``IVF<nlist>,SQfp16``: vectors clustered into
``nlist`` lists, stored as float16) over the searchable paragraphs when there are at least
``ANN_MIN_ROWS`` of them, and stores it in the snapshot; below that an exact matrix product is as
fast (about 1 ms per 10k rows) and exact. Ids in the index are snapshot row numbers.

Filters stay exact: a search with a filter passes faiss a bitmap of allowed rows, so nothing
outside the filter is ever returned; a narrow filter (few allowed rows) skips the index and scans
those rows exactly. Scores of the candidates are recomputed exactly from the float32 vectors.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Below this many searchable rows the pipeline builds no index: exact is fast enough and exact.
ANN_MIN_ROWS = 50_000
# A filter leaving fewer rows than this is searched exactly (cheaper than probing lists that hold
# few allowed rows, and recall 1).
EXACT_FILTER_ROWS = 20_000
# Lists probed per query. On 159.5k distinct real passages (bench_ann --real-texts) 32 gave
# recall@10 0.92 and 64 gave 0.96 (1M real + grown: 0.93 / 0.956 at 1.0 / 1.75 ms p50).
DEFAULT_NPROBE = 64
TRAIN_PER_LIST = 40          # k-means training points per list (faiss warns below 39)


def default_nlist(n_rows: int) -> int:
    """About 4 sqrt(n) lists: ~4,000 at 1M rows, ~1,300 at 100k (faiss' usual advice)."""
    return max(16, int(4 * math.sqrt(n_rows)))


def _faiss():
    import faiss  # heavy import (and only needed at scale): loaded on first use

    return faiss


def build_ann(vectors: np.ndarray, ids: np.ndarray, *, nlist: int | None = None, seed: int = 0):
    """An IVF index with float16 storage over ``vectors`` (L2-normalised rows), ids = ``ids``."""
    faiss = _faiss()
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n, dim = vectors.shape
    nlist = min(nlist or default_nlist(n), max(1, n // TRAIN_PER_LIST))
    index = faiss.index_factory(dim, f"IVF{nlist},SQfp16", faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(seed)
    train = vectors[np.sort(rng.choice(n, size=min(n, nlist * TRAIN_PER_LIST), replace=False))]
    index.cp.seed = seed
    index.cp.niter = 10
    index.train(train)
    index.add_with_ids(vectors, np.asarray(ids, dtype=np.int64))
    return index


@dataclass
class AnnIndex:
    """A loaded index and how deep it probes."""

    index: object
    nprobe: int = DEFAULT_NPROBE

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    def search(self, query: np.ndarray, k: int, allowed_rows: np.ndarray | None = None) -> np.ndarray:
        """Snapshot rows of (about) the ``k`` nearest, best first; only ``allowed_rows`` (a boolean
        mask over snapshot rows) when given."""
        faiss = _faiss()
        nprobe = self.nprobe
        if allowed_rows is not None:
            # A filter keeping a share f of the rows leaves ~f of each probed list: probe 1/f as many
            # lists, so about as many allowed vectors are compared as without a filter (same recall).
            share = max(int(np.count_nonzero(allowed_rows)), 1) / max(self.size, 1)
            nprobe = min(int(getattr(self.index, "nlist", nprobe)), math.ceil(nprobe / min(share, 1.0)))
        params = faiss.SearchParametersIVF(nprobe=nprobe)
        if allowed_rows is not None:
            bits = np.packbits(np.asarray(allowed_rows, dtype=bool), bitorder="little")
            selector = faiss.IDSelectorBitmap(len(allowed_rows), faiss.swig_ptr(bits))
            params.sel = selector
        _, rows = self.index.search(np.asarray(query, dtype=np.float32).reshape(1, -1), int(k), params=params)
        rows = rows[0]
        return rows[rows >= 0]


def write_ann(index, path: Path) -> None:
    _faiss().write_index(index, str(path))


def load_ann(path: Path, nprobe: int = DEFAULT_NPROBE) -> AnnIndex:
    """The stored index, loaded once per snapshot for every view (search, reader), its inverted
    lists memory-mapped (IO_FLAG_MMAP): only probed lists are read, and the 770 MB of a
    1M-paragraph index are not copied into the app's own memory."""
    return _load_ann_once(str(path), Path(path).stat().st_mtime_ns, int(nprobe))


@functools.lru_cache(maxsize=2)
def _load_ann_once(path: str, mtime_ns: int, nprobe: int) -> AnnIndex:
    # Snapshot files never change (a rebuild writes a new folder), so the path and time identify it.
    del mtime_ns
    faiss = _faiss()
    return AnnIndex(faiss.read_index(path, faiss.IO_FLAG_MMAP), nprobe)


def nearest_neighbours(vectors: np.ndarray, k: int, *, block: int = 4096) -> np.ndarray:
    """Each row's ``k`` nearest other rows by inner product, as an (n, k) array of row numbers.

    Memory stays at ``block x n`` (never the n x n matrix: 6.4 GB at 40k rows); above
    ``ANN_MIN_ROWS`` rows an IVF index makes it sub-quadratic in time too.
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n = len(vectors)
    k = min(k, n - 1)
    if k <= 0:
        return np.zeros((n, 0), dtype=np.int64)
    if n >= ANN_MIN_ROWS:
        ann = AnnIndex(build_ann(vectors, np.arange(n)))
        found = ann.index.search(vectors, k + 1, params=_faiss().SearchParametersIVF(nprobe=ann.nprobe))[1]
    else:
        found = np.zeros((n, k + 1), dtype=np.int64)
        for start in range(0, n, block):
            sims = vectors[start:start + block] @ vectors.T
            part = np.argpartition(-sims, k, axis=1)[:, :k + 1]
            order = np.take_along_axis(sims, part, axis=1).argsort(axis=1)[:, ::-1]
            found[start:start + block] = np.take_along_axis(part, order, axis=1)
    out = np.zeros((n, k), dtype=np.int64)
    for i, row in enumerate(found):
        others = [int(j) for j in row if j != i and j >= 0][:k]
        others += [others[-1] if others else (i + 1) % n] * (k - len(others))   # IVF may return fewer
        out[i] = others
    return out
