"""The ANN index against exact search on small clustered data: build, search, filters, pipeline."""
from __future__ import annotations

import numpy as np
import pytest

from newslens import ann
from newslens.embedder import HashingEmbedder, normalise_rows
from newslens.schema import ManifestKey, SnapshotFile
from newslens.search import engine
from newslens.store import load_snapshot
from pipeline import build as build_mod
from pipeline.build import build_snapshot
from tests.test_build import CORPUS, FakeTopics, write_raw

pytest.importorskip("faiss")


def clustered(n: int, dim: int = 32, clusters: int = 40, seed: int = 3) -> np.ndarray:
    """Normalised vectors around a few centres, like paragraphs about a few stories (not uniform noise)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dim))
    return normalise_rows(centres[rng.integers(0, clusters, n)] + 0.35 * rng.normal(size=(n, dim)))


def exact_top(vectors, query, k, allowed=None):
    scores = vectors @ query
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    return set(np.argsort(-scores)[:k].tolist())


def test_ivf_index_finds_the_exact_neighbours_on_clustered_vectors():
    vectors = clustered(6000)
    index = ann.AnnIndex(ann.build_ann(vectors, np.arange(len(vectors)), nlist=32), nprobe=16)
    queries = clustered(50, seed=9)
    recall = np.mean([len(set(index.search(q, 10).tolist()) & exact_top(vectors, q, 10)) / 10 for q in queries])
    assert recall >= 0.95


def test_a_filtered_search_returns_only_allowed_rows_and_their_nearest():
    vectors = clustered(6000)
    index = ann.AnnIndex(ann.build_ann(vectors, np.arange(len(vectors)), nlist=32), nprobe=8)
    allowed = np.zeros(len(vectors), dtype=bool)
    allowed[::3] = True                        # e.g. one outlet in three
    recalls = []
    for q in clustered(30, seed=11):
        rows = index.search(q, 10, allowed)
        assert allowed[rows].all() and len(rows) == 10
        recalls.append(len(set(rows.tolist()) & exact_top(vectors, q, 10, allowed)) / 10)
    assert np.mean(recalls) >= 0.9


def test_ids_are_snapshot_rows_not_positions():
    vectors = clustered(2000)
    rows = np.arange(len(vectors)) * 2 + 5      # searchable rows interleaved with furniture
    index = ann.AnnIndex(ann.build_ann(vectors, rows, nlist=16), nprobe=16)
    found = index.search(vectors[7], 1)
    assert found[0] == rows[7]


@pytest.mark.parametrize("n", [300, 5000])
def test_nearest_neighbours_match_the_dense_matrix(n):
    vectors = clustered(n, clusters=25)
    got = ann.nearest_neighbours(vectors, 5, block=128)
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    want = np.argsort(-sims, axis=1)[:, :5]
    assert (got != np.arange(n)[:, None]).all()      # never itself
    agree = np.mean([len(set(a) & set(b)) / 5 for a, b in zip(got.tolist(), want.tolist())])
    assert agree >= 0.99


# --- the pipeline builds it, the search engine uses it, filters stay exact ---------------------

@pytest.fixture
def ann_snapshot(tmp_path, monkeypatch):
    monkeypatch.setattr(build_mod, "build_map", FakeTopics.build_map)
    raw = write_raw(tmp_path / "raw", CORPUS)
    data = tmp_path / "data"
    monkeypatch.setattr(ann, "ANN_MIN_ROWS", 1)
    import pipeline.index as index_mod
    monkeypatch.setattr(index_mod.ann, "ANN_MIN_ROWS", 1)
    original = index_mod.build_ann_index

    def tiny(data_dir, paragraphs, embeddings, key, min_rows=1):
        return original(data_dir, paragraphs, embeddings, key, min_rows=1)

    monkeypatch.setattr(build_mod, "build_ann_index", tiny)
    build_snapshot(raw, data, embedder=HashingEmbedder(32))
    return data


def test_the_pipeline_stores_the_index_and_search_gives_the_exact_answer(ann_snapshot, monkeypatch):
    snapshot = load_snapshot(ann_snapshot)
    info = snapshot.manifest[ManifestKey.ANN_INDEX]
    assert (snapshot.path / SnapshotFile.ANN).is_file() and info["rows"] > 0
    with_ann = engine.build_index(snapshot)
    assert with_ann.ann is not None
    with_ann.ann.nprobe = 10_000                      # probe every list: must equal exact search
    monkeypatch.setattr(ann, "EXACT_FILTER_ROWS", 0)  # force the index path even on 8 rows
    exact = engine.build_index(snapshot)
    exact.ann = None
    emb = HashingEmbedder(32)
    for mode in (engine.SEMANTIC, engine.HYBRID):
        got = engine.search(with_ann, "commander ordered soldiers to shoot", embedder=emb, mode=mode, group=False)
        want = engine.search(exact, "commander ordered soldiers to shoot", embedder=emb, mode=mode, group=False)
        assert [h.paragraph_id for h in got.hits] == [h.paragraph_id for h in want.hits]
        assert [round(h.score, 5) for h in got.hits] == [round(h.score, 5) for h in want.hits]


@pytest.mark.parametrize("narrow", [True, False])
def test_filters_apply_exactly_with_the_index(ann_snapshot, monkeypatch, narrow):
    snapshot = load_snapshot(ann_snapshot)
    monkeypatch.setattr(ann, "EXACT_FILTER_ROWS", 10_000 if narrow else 0)
    index = engine.build_index(snapshot)
    index.ann.nprobe = 10_000
    article = snapshot.paragraphs["article_id"].iloc[0]
    mask = (snapshot.paragraphs["article_id"] == article).to_numpy()
    result = engine.search(index, "soldiers", embedder=HashingEmbedder(32), mode=engine.SEMANTIC, row_mask=mask,
                           group=False)
    assert result.hits and {h.article_id for h in result.hits} == {article}


def test_an_unchanged_corpus_reuses_the_index_file(ann_snapshot, monkeypatch):
    monkeypatch.setattr(build_mod, "build_ann_index",
                        lambda d, p, e, k: __import__("pipeline.index").index.build_ann_index(d, p, e, k, min_rows=1))
    first = load_snapshot(ann_snapshot)
    report = build_snapshot(first.manifest[ManifestKey.RAW_DIR], ann_snapshot, embedder=HashingEmbedder(32))
    second = load_snapshot(ann_snapshot)
    assert second.snapshot_id == report.snapshot_id != first.snapshot_id
    assert second.manifest[ManifestKey.ANN_INDEX]["reused"] is True
    assert (second.path / SnapshotFile.ANN).read_bytes() == (first.path / SnapshotFile.ANN).read_bytes()
