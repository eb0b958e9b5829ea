"""float16 vectors in the snapshot: stored when they keep their meaning, products block by block,
old float32 snapshots unchanged, and the same search, similar paragraphs and lens scores whether
the reader holds a float32 copy (small corpora) or the float16 memory map (large ones)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from newslens import store, vectors
from newslens.embedder import HashingEmbedder
from newslens.schema import ManifestKey, ParagraphCol, SnapshotFile
from newslens.search.engine import LEXICAL, SEMANTIC, HYBRID, build_index, search
from newslens.search.similar import similar_paragraphs
from newslens.store import SnapshotError, load_snapshot
from newslens.topics.lenses import score_paragraphs
from tests.factories import SMALL_CORPUS, make_snapshot


def unit_rows(n: int, dim: int, seed: int = 3) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.mark.parametrize("n, block", [(1, 4), (10, 3), (100, 16), (100, 1000)])
def test_blockwise_products_equal_the_float32_product(n, block):
    matrix = unit_rows(n, 24)
    half = matrix.astype(np.float16)
    queries = unit_rows(5, 24, seed=9)
    exact = half.astype(np.float32)
    np.testing.assert_allclose(vectors.scores(half, queries[0], block=block), exact @ queries[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(vectors.scores(half, queries, block=block), queries @ exact.T, rtol=1e-5, atol=1e-6)
    assert vectors.scores(half, queries, block=block).dtype == np.float32


def test_float16_keeps_sentence_vectors_and_refuses_what_it_cannot_hold():
    vecs = unit_rows(2000, 384)
    stored = vectors.storage_vectors(vecs)
    assert stored.dtype == np.float16
    assert vectors.row_cosines(vecs, stored).mean() >= 0.99
    # Top-10 neighbours mostly unchanged (the quality bar: agreement >= 0.95).
    queries = vecs[:50]
    top = np.argsort(-(queries @ vecs.T), axis=1)[:, 1:11]
    top_half = np.argsort(-vectors.scores(stored, queries), axis=1)[:, 1:11]
    agreement = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(top, top_half)])
    assert agreement >= 0.95
    huge = vecs * 1e6                      # past float16's range (65504): kept as float32
    assert vectors.storage_vectors(huge).dtype == np.float32


def test_a_nan_in_float16_vectors_is_a_corrupt_snapshot(tmp_path):
    path = make_snapshot(tmp_path, SMALL_CORPUS)
    stored = np.load(path / SnapshotFile.EMBEDDINGS)
    assert stored.dtype == np.float16
    stored[1, 2] = np.nan
    np.save(path / SnapshotFile.EMBEDDINGS, stored)
    with pytest.raises(SnapshotError, match="NaN or infinity"):
        load_snapshot(tmp_path)


def test_an_old_float32_snapshot_still_loads_with_its_exact_vectors(tmp_path):
    path = make_snapshot(tmp_path, SMALL_CORPUS)
    snap = load_snapshot(tmp_path)
    exact = HashingEmbedder(64).encode(snap.paragraphs[ParagraphCol.TEXT].tolist())
    np.save(path / SnapshotFile.EMBEDDINGS, exact.astype(np.float32))     # as written before float16
    manifest = json.loads((path / SnapshotFile.MANIFEST).read_text())
    manifest.pop(ManifestKey.EMBEDDINGS_DTYPE)
    (path / SnapshotFile.MANIFEST).write_text(json.dumps(manifest))
    old = load_snapshot(tmp_path)
    assert old.embeddings.dtype == np.float32
    np.testing.assert_array_equal(np.asarray(old.embeddings), exact)
    assert search(build_index(old), "shoot them", mode=LEXICAL).hits


@pytest.fixture
def both_loads(tmp_path, monkeypatch):
    """The same stored snapshot loaded as a small corpus (float32 copy) and as a large one
    (the float16 memory map, no copy)."""
    make_snapshot(tmp_path, SMALL_CORPUS)
    small = load_snapshot(tmp_path)
    monkeypatch.setattr(store, "FLOAT32_COPY_BYTES", 0)
    large = load_snapshot(tmp_path)
    assert small.embeddings.dtype == np.float32
    assert large.embeddings.dtype == np.float16 and isinstance(large.embeddings, np.memmap)
    return small, large


@pytest.mark.parametrize("mode", [SEMANTIC, HYBRID, LEXICAL])
def test_search_ranks_the_same_on_the_float16_memory_map(both_loads, mode):
    small, large = both_loads
    embedder = HashingEmbedder(64)
    for query in ["commander shoot retreat", "soldiers deserted since 2022", "\"shoot them\""]:
        a = search(build_index(small), query, embedder=embedder, mode=mode, k=5)
        b = search(build_index(large), query, embedder=embedder, mode=mode, k=5)
        assert [h.paragraph_id for h in a.hits] == [h.paragraph_id for h in b.hits]
        assert [sorted(m.paragraph_id for m in h.also) for h in a.hits] == \
               [sorted(m.paragraph_id for m in h.also) for h in b.hits]
        np.testing.assert_allclose([h.score for h in a.hits], [h.score for h in b.hits], rtol=1e-5)


def test_similar_paragraphs_and_lens_scores_are_the_same_on_the_memory_map(both_loads):
    small, large = both_loads
    row = int(np.flatnonzero(small.content_mask())[0])
    a, b = similar_paragraphs(small, row, min_score=-1.0), similar_paragraphs(large, row, min_score=-1.0)
    assert a[ParagraphCol.ID].tolist() == b[ParagraphCol.ID].tolist()
    np.testing.assert_allclose(a["score"], b["score"], rtol=1e-5, atol=1e-6)

    class Config:
        names = ["x"]
        lenses = []
    phrase = {"x": unit_rows(3, 64)}
    sa = score_paragraphs(small.embeddings, small.content_mask(), Config, phrase)
    sb = score_paragraphs(large.embeddings, large.content_mask(), Config, phrase)
    np.testing.assert_allclose(sa.scores, sb.scores, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(sa.closest, sb.closest)


def test_large_blocks_convert_the_same_through_torch_once_it_is_loaded():
    """The app has torch loaded (query model): large float16 blocks are converted by it, and the
    scores are the very ones numpy's conversion gives."""
    pytest.importorskip("torch")
    matrix = unit_rows(1000, 384).astype(np.float16)      # blocks of 200 x 384 > 65,536 values
    query = unit_rows(1, 384, seed=5)[0]
    expected = matrix.astype(np.float32) @ query
    np.testing.assert_array_equal(vectors.scores(matrix, query, block=200), expected)
    np.testing.assert_array_equal(vectors.take(matrix, np.arange(300)), matrix[:300].astype(np.float32))
