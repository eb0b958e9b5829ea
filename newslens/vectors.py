"""Paragraph vectors as a snapshot stores them: float16 (half the memory and disk) or float32.

A float16 matrix is never converted to float32 as a whole (1.5 GB at 1M paragraphs x 384): a
product with the whole matrix converts one block of rows at a time (``scores``), and a few rows
are converted on their own (``take``). Older snapshots hold float32 and go through the same calls
unchanged. Scores are always float32.
"""
from __future__ import annotations

import sys

import numpy as np

# Stored vector types the reader accepts (the pipeline writes float16 when ``half_holds``).
STORED_DTYPES = (np.dtype(np.float16), np.dtype(np.float32))
# Rows converted per step: 16k x 384 float32 = 25 MB, large enough that the loop costs nothing.
BLOCK_ROWS = 16_384
# The quality bar for storing float16: every row's cosine to its float32 original at least this.
# The brief's bar is a mean cosine >= 0.99; a per-row minimum of 0.999 is stricter, and cheap to
# check at build time (normalised sentence vectors reach 0.99999 or better).
HALF_MIN_COSINE = 0.999


def all_finite(matrix: np.ndarray, *, block: int = BLOCK_ROWS) -> bool:
    """No NaN or infinity anywhere, in one pass without an n x dim mask or a float32 copy.

    float16 is checked on its bits (exponent all ones = NaN or infinity: numpy converts float16
    one value at a time, about 50x slower than a float32 pass); float32 by column sums (a NaN or
    infinity makes its column's sum non-finite).
    """
    if len(matrix) == 0:
        return True
    if matrix.dtype == np.float16:
        bits = matrix.view(np.uint16)
        buffer = np.empty((min(block, len(bits)),) + bits.shape[1:], dtype=np.uint16)
        for start in range(0, len(bits), block):
            part = buffer[:len(bits[start:start + block])]
            np.bitwise_and(bits[start:start + block], 0x7FFF, out=part)    # drop the sign bit
            if part.max() >= 0x7C00:
                return False
        return True
    return bool(np.isfinite(np.asarray(matrix).sum(axis=0, dtype=np.float64)).all())


def _float32(block: np.ndarray) -> np.ndarray:
    """A block as float32. numpy converts float16 one value at a time (about 50x slower than a
    float32 matrix-vector product here); torch uses the CPU's conversion instructions (about 6x
    faster), so it converts when a process has already imported it (the app for its query model,
    the build for embedding). It is never imported for this: that alone takes seconds."""
    if block.dtype != np.float16 or block.size < 65_536 or "torch" not in sys.modules:
        return np.asarray(block, dtype=np.float32)
    import torch

    return torch.from_numpy(np.array(block)).float().numpy()


def take(matrix: np.ndarray, rows: np.ndarray | list[int] | slice) -> np.ndarray:
    """``matrix[rows]`` as float32 (a copy of those rows only)."""
    return _float32(matrix[rows])


def scores(matrix: np.ndarray, queries: np.ndarray, *, block: int = BLOCK_ROWS) -> np.ndarray:
    """Inner products in float32: ``matrix @ query`` for one vector (shape (n,)), and
    ``queries @ matrix.T`` for a (q, dim) array (shape (q, n)).

    A float32 matrix is multiplied directly; a float16 one block by block, so memory stays at one
    block however large the (possibly memory-mapped) matrix is.
    """
    queries = np.asarray(queries, dtype=np.float32)
    if matrix.dtype == np.float32:
        return matrix @ queries if queries.ndim == 1 else queries @ matrix.T
    n = len(matrix)
    if queries.ndim == 1:
        out = np.empty(n, dtype=np.float32)
        for start in range(0, n, block):
            out[start:start + block] = _float32(matrix[start:start + block]) @ queries
        return out
    out = np.empty((len(queries), n), dtype=np.float32)
    for start in range(0, n, block):
        out[:, start:start + block] = queries @ _float32(matrix[start:start + block]).T
    return out


def as_float32(matrix: np.ndarray) -> np.ndarray:
    """The whole matrix as float32: only for small corpora, where speed beats the memory."""
    return np.ascontiguousarray(_float32(np.asarray(matrix)))


def row_cosines(a: np.ndarray, b: np.ndarray, *, block: int = BLOCK_ROWS) -> np.ndarray:
    """Cosine of each row of ``a`` with the same row of ``b``, block by block."""
    out = np.empty(len(a), dtype=np.float64)
    for start in range(0, len(a), block):
        x, y = _float32(a[start:start + block]), _float32(b[start:start + block])
        norms = np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1)
        dots = np.einsum("ij,ij->i", x, y)
        out[start:start + block] = np.divide(dots, norms, out=np.ones_like(dots), where=norms > 0)
    return out


def half_holds(vectors: np.ndarray, half: np.ndarray, min_cosine: float = HALF_MIN_COSINE) -> bool:
    """Whether float16 ``half`` keeps every row of ``vectors`` (cosine >= ``min_cosine``, finite)."""
    if len(vectors) == 0:
        return True
    if not all_finite(half):            # overflow past float16's 65504
        return False
    return bool(row_cosines(vectors, half).min() >= min_cosine)


def storage_vectors(vectors: np.ndarray) -> np.ndarray:
    """What the snapshot stores: float16 when it keeps every vector (``half_holds``), else float32.
    Already float16 (this function's own result): returned as is, not converted and checked again."""
    if isinstance(vectors, np.ndarray) and vectors.dtype == np.float16:
        return vectors
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    with np.errstate(over="ignore"):
        half = vectors.astype(np.float16)
    return half if half_holds(vectors, half) else vectors
