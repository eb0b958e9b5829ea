"""Embedding with a persistent cache keyed by (model, paragraph content hash).

A rebuild embeds only new or changed paragraphs: everything else comes from the cache. The cache
is one ``.npz`` file per model under ``<data>/cache/`` holding two aligned arrays (the sha256
digests and the float32 vectors). It is replaced atomically (write to a temporary file, fsync,
``os.replace``), so a build killed at any moment leaves the previous cache intact; the worst a
crash costs is re-embedding what that build had computed.

Why one npz rather than sqlite: a rebuild reads every vector anyway, and one contiguous array
loads 50k x 384 floats in tens of milliseconds; lookups go through an in-memory dict.
"""
from __future__ import annotations

import hashlib
import re
import time
import zipfile
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy as np

from newslens.embedder import Embedder, normalise_rows
from newslens.fsutil import atomic_write, confined
from newslens.schema import SnapshotFile

Progress = Callable[[str, int, int], None]
# ``encode(texts)`` yields ``(indices, vectors)`` chunk by chunk; ``iter_encoded`` in this process,
# ``pipeline.ray_engine`` on a Ray actor pool.
ChunkEncoder = Callable[[Sequence[str]], Iterator[tuple[np.ndarray, np.ndarray]]]

DIGEST_BYTES = 32          # sha256
# Texts per encode() call: large enough that sentence-transformers batches well (and sorts by
# length inside the chunk), small enough to drive a progress bar.
CHUNK_TEXTS = 512
BATCH_SIZE = 64
# While embedding, the cache is saved this often (a full rewrite, well under 1% of the time spent embedding).
CHECKPOINT_SECONDS = 120.0


def cache_file(data_dir: Path | str, model_name: str) -> Path:
    """``<data>/cache/<readable slug>-<short hash of the exact name>.npz`` (names may be paths)."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", model_name.strip("/\\"))[-60:].strip("._") or "model"
    tag = hashlib.sha256(model_name.encode("utf-8")).hexdigest()[:8]
    return Path(data_dir) / SnapshotFile.CACHE_DIR / f"{slug}-{tag}.npz"


def _digest(content_hash: str) -> bytes:
    """A paragraph's content hash (hex sha256) as 32 raw bytes; other strings are hashed first."""
    try:
        raw = bytes.fromhex(content_hash)
    except ValueError:
        raw = b""
    return raw if len(raw) == DIGEST_BYTES else hashlib.sha256(content_hash.encode("utf-8")).digest()


def _cache_record(data_dir: Path | str, path: Path, member: str) -> tuple[str, np.ndarray] | None:
    """(the model key a cache file records, one of its arrays), or None when it cannot be read."""
    if not path.is_file() or not confined(Path(data_dir), path):
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            return str(data["model"]), data[member]
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError):
        return None


def cached_models(data_dir: Path | str) -> set[str]:
    """The model keys (``EmbedSetup.cache_key``) the data folder's cache holds vectors of."""
    folder = Path(data_dir) / SnapshotFile.CACHE_DIR
    records = (_cache_record(data_dir, path, "model") for path in sorted(folder.glob("*.npz")))
    return {record[0] for record in records if record is not None}


def cached_rows(data_dir: Path | str, model_key: str, hashes: Sequence[str]) -> int:
    """How many of ``hashes`` the cache of ``model_key`` holds a vector of: what a build with that
    model takes from its cache rather than embedding. Reads the digests only, not the vectors."""
    record = _cache_record(data_dir, cache_file(data_dir, model_key), "digests")
    if record is None or record[0] != model_key or record[1].dtype != np.uint8 \
            or record[1].shape[1:] != (DIGEST_BYTES,):
        return 0
    held = {row.tobytes() for row in record[1]}
    return sum(_digest(h) in held for h in hashes)


class EmbeddingCache:
    """Vectors of one model by content hash; ``load`` from disk, ``put`` new ones, ``save`` atomically."""

    def __init__(self, path: Path | None, model_name: str, dim: int):
        self.path = path
        self.model_name = model_name
        self.dim = dim
        # Raw digests as (n, 32) uint8: numpy's fixed "S" strings drop trailing NUL bytes.
        self._digests = np.zeros((0, DIGEST_BYTES), dtype=np.uint8)
        self._vectors = np.zeros((0, dim), dtype=np.float32)
        self._index: dict[bytes, int] = {}
        self._new_digests: list[bytes] = []
        self._new_vectors: list[np.ndarray] = []
        self.discarded_reason: str | None = None   # why an unusable file on disk was ignored
        self._dirty = False

    @classmethod
    def load(cls, data_dir: Path | str, model_name: str, dim: int) -> "EmbeddingCache":
        """Open the cache of ``model_name``; a missing, foreign or damaged file means an empty cache."""
        cache = cls(cache_file(data_dir, model_name), model_name, dim)
        if cache.path is None or not cache.path.exists():
            return cache
        if not confined(Path(data_dir), cache.path):
            cache.discarded_reason = "cache file is a link out of the data folder; not read, starting afresh"
            return cache
        try:
            with np.load(cache.path, allow_pickle=False) as data:
                digests = data["digests"]
                vectors = data["vectors"]
                stored_model = str(data["model"])
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as exc:
            cache.discarded_reason = f"unreadable cache file ({type(exc).__name__}); starting afresh"
            return cache
        if stored_model != model_name or vectors.ndim != 2 or vectors.shape[1] != dim \
                or len(vectors) != len(digests) or vectors.dtype != np.float32 \
                or digests.dtype != np.uint8 or digests.shape[1:] != (DIGEST_BYTES,):
            cache.discarded_reason = "cache file does not match the model; starting afresh"
            return cache
        cache._digests = digests
        cache._vectors = vectors
        cache._index = {row.tobytes(): i for i, row in enumerate(digests)}
        return cache

    @classmethod
    def in_memory(cls, model_name: str, dim: int) -> "EmbeddingCache":
        """A cache that is never written (``save`` is a no-op): for one-off embedding."""
        return cls(None, model_name, dim)

    def __len__(self) -> int:
        return len(self._index)

    def lookup(self, hashes: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(rows of found vectors, boolean mask of which hashes were found)."""
        rows = np.array([self._index.get(_digest(h), -1) for h in hashes], dtype=np.int64)
        found = rows >= 0
        return rows, found

    def vectors_at(self, rows: np.ndarray) -> np.ndarray:
        return self._vectors[rows]

    def put(self, hashes: Sequence[str], vectors: np.ndarray) -> None:
        """Add vectors (kept in memory until ``save``); they are found by ``lookup`` at once."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if len(hashes) == 0:
            return
        self._merge()
        start = len(self._vectors)
        digests = [_digest(h) for h in hashes]
        fresh = [i for i, d in enumerate(digests) if d not in self._index]
        for offset, i in enumerate(fresh):
            self._index[digests[i]] = start + offset
        self._new_digests.extend(digests[i] for i in fresh)
        self._new_vectors.append(vectors[fresh])
        self._merge()

    def _merge(self) -> None:
        if not self._new_digests:
            return
        fresh = np.frombuffer(b"".join(self._new_digests), dtype=np.uint8).reshape(-1, DIGEST_BYTES)
        self._digests = np.concatenate([self._digests, fresh])
        self._vectors = np.concatenate([self._vectors, *self._new_vectors]).astype(np.float32, copy=False)
        self._new_digests, self._new_vectors = [], []
        self._dirty = True

    def save(self) -> bool:
        """Write the cache if it gained vectors; atomic replace. Returns whether it wrote."""
        self._merge()
        if self.path is None or not self._dirty:
            return False
        with atomic_write(self.path) as fh:
            np.savez(fh, digests=self._digests, vectors=self._vectors, model=np.array(self.model_name))
        self._dirty = False
        return True


def encode_chunks(texts: Sequence[str], chunk: int | None = None) -> list[np.ndarray]:
    """Indices of ``texts`` in the chunks they are encoded in: longest first, ``CHUNK_TEXTS`` at a time.

    Every engine encodes exactly these chunks: in reduced precision a text's vector moves by up to
    ~1e-3 with the batch it shares (measured in bf16), so equal chunks give equal snapshots.
    """
    chunk = chunk or CHUNK_TEXTS
    order = np.argsort([-len(t) for t in texts], kind="stable")
    return [order[start:start + chunk] for start in range(0, len(texts), chunk)]


def encode_chunk(embedder: Embedder, texts: Sequence[str], done: Callable[[int], None] | None = None) -> np.ndarray:
    """One chunk's normalised float32 vectors, ``BATCH_SIZE`` texts per ``encode`` call, with
    ``done(texts encoded so far)`` after each: a bar that moved once per chunk sat still for long
    stretches of a first start on hundreds of pages.

    The chunk comes longest first, so for the runtimes (onnx, openvino) these are the very batches
    their stable sort by length makes of it: the same vectors. sentence-transformers may order texts
    of equal length otherwise, and the converted multilingual model caps its batches by tokens, so
    there a few texts share another batch (in bf16 a vector moves by up to ~1e-3 with it); every
    engine encodes through here, so local and Ray builds still agree.
    """
    if len(texts) == 0:
        return normalise_rows(embedder.encode([], batch_size=BATCH_SIZE))
    parts = []
    for start in range(0, len(texts), BATCH_SIZE):
        parts.append(embedder.encode(list(texts[start:start + BATCH_SIZE]), batch_size=BATCH_SIZE))
        if done is not None:
            done(min(start + BATCH_SIZE, len(texts)))
    return normalise_rows(np.concatenate(parts))


def iter_encoded(texts: Sequence[str], embedder: Embedder, progress: Progress | None = None,
                 stage: str = "embed") -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(indices, vectors)`` chunk by chunk, longest texts first (batches of similar length
    pad least; sorting once over the whole list, as ``SentenceTransformer.encode`` does inside one
    call, keeps the chunking for checkpoints from costing speed); ``progress`` moves per batch."""
    total = len(texts)
    if progress:
        progress(stage, 0, total)
    done = 0
    for idx in encode_chunks(texts):
        report = (lambda n, before=done: progress(stage, before + n, total)) if progress else None
        yield idx, encode_chunk(embedder, [texts[i] for i in idx], report)
        done += idx.size


def embed_paragraphs(texts: Sequence[str], hashes: Sequence[str], embedder: Embedder,
                     cache: EmbeddingCache, progress: Progress | None = None,
                     encode: ChunkEncoder | None = None) -> tuple[np.ndarray, int, int]:
    """Vectors for ``texts`` (float32, L2-normalised, rows in input order), embedding only misses.

    Identical texts (same hash) are embedded once. Returns ``(matrix, n_embedded, n_cached)`` where
    ``n_embedded`` counts the distinct texts sent to the model and ``n_cached`` the rows served from
    the cache. New vectors go into ``cache``, which is saved every ``CHECKPOINT_SECONDS`` while
    embedding, so a build killed halfway keeps most of its work; the caller saves it at the end.
    ``encode`` replaces the in-process encoding (the cache, dedup and order stay here).
    """
    if len(texts) != len(hashes):
        raise ValueError(f"{len(texts)} texts but {len(hashes)} hashes")
    if cache.dim != embedder.dim:
        raise ValueError(f"cache holds {cache.dim}-d vectors but the model gives {embedder.dim}-d")
    _, found = cache.lookup(hashes)
    n_cached = int(np.count_nonzero(found))
    missing: dict[str, int] = {}          # hash -> first row needing it
    for i in np.flatnonzero(~found):
        missing.setdefault(hashes[i], int(i))
    new_hashes = list(missing)
    last_save = time.monotonic()
    encode = encode or (lambda chunk_texts: iter_encoded(chunk_texts, embedder, progress))
    for idx, vectors in encode([texts[missing[h]] for h in new_hashes]):
        cache.put([new_hashes[i] for i in idx], vectors)
        if time.monotonic() - last_save >= CHECKPOINT_SECONDS:
            cache.save()
            last_save = time.monotonic()
    rows, found = cache.lookup(hashes)
    if not found.all():  # pragma: no cover - put() guarantees it
        raise RuntimeError("embedding cache lost vectors it was just given")
    matrix = np.ascontiguousarray(cache.vectors_at(rows), dtype=np.float32)
    return matrix, len(new_hashes), n_cached
