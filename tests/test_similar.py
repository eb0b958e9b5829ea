"""Similar paragraphs in other articles ("more like this"), shared by the reader and search."""
from __future__ import annotations

import numpy as np
import pytest

from newslens.search import similar
from newslens.schema import Kind, ParagraphCol
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot

SHOOT = "If anyone runs away, shoot them, the commander said on the intercepted call."


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("similar")
    make_snapshot(data_dir, [
        ArticleSpec("a", "Outlet A", [("Commander says shoot", Kind.HEADING), SHOOT,
                                      "Another line about the weather in the region today.",
                                      "If anyone runs away, shoot them, he repeated later."]),
        ArticleSpec("b", "Outlet B", ["If anyone runs away, just shoot them, the commander said on the call.",
                                      ("If anyone runs away, shoot them, the commander said on the intercepted call.",
                                       Kind.BOILERPLATE)]),
        ArticleSpec("c", "Outlet C", ["Prices of bread rose in the capital this winter, residents said.",
                                      "The commander said on the intercepted call that nobody retreats."]),
    ])
    return load_snapshot(data_dir)


def _row(snapshot, article_id, position):
    p = snapshot.paragraphs
    return int(np.flatnonzero(((p[ParagraphCol.ARTICLE_ID] == article_id) & (p[ParagraphCol.POSITION] == position)).to_numpy())[0])


def test_best_match_is_the_reworded_paragraph_in_another_outlet(snapshot):
    hits = similar.similar_paragraphs(snapshot, _row(snapshot, "a", 1), k=3, min_score=0.1)
    assert hits.iloc[0][ParagraphCol.ARTICLE_ID] == "b"
    assert hits.iloc[0]["outlet"] == "Outlet B"
    assert list(hits["score"]) == sorted(hits["score"], reverse=True)


@pytest.mark.parametrize("article, position", [("a", 1), ("c", 1)])
def test_never_matches_its_own_article_or_furniture(snapshot, article, position):
    hits = similar.similar_paragraphs(snapshot, _row(snapshot, article, position), k=10, min_score=-1.0)
    assert article not in set(hits[ParagraphCol.ARTICLE_ID])
    kinds = snapshot.paragraphs.iloc[hits["row"].tolist()][ParagraphCol.KIND]
    assert set(kinds) <= set(Kind.CONTENT)    # the identical boilerplate copy in b is not offered


def test_same_article_allowed_when_asked(snapshot):
    hits = similar.similar_paragraphs(snapshot, _row(snapshot, "a", 1), k=10, min_score=-1.0,
                                      other_articles_only=False)
    assert "a" in set(hits[ParagraphCol.ARTICLE_ID])
    assert _row(snapshot, "a", 1) not in set(hits["row"])   # but never the paragraph itself


@pytest.mark.parametrize("k, min_score, most", [(1, 0.1, 1), (2, -1.0, 2), (5, 0.99, 0)])
def test_k_and_min_score_bound_the_results(snapshot, k, min_score, most):
    hits = similar.similar_paragraphs(snapshot, _row(snapshot, "a", 1), k=k, min_score=min_score)
    assert len(hits) == most
    assert (hits["score"] >= min_score).all()


def test_candidate_mask_restricts_where_matches_come_from(snapshot):
    only_c = (snapshot.paragraphs[ParagraphCol.ARTICLE_ID] == "c").to_numpy()
    hits = similar.similar_paragraphs(snapshot, _row(snapshot, "a", 1), k=3, min_score=-1.0, candidate_mask=only_c)
    assert set(hits[ParagraphCol.ARTICLE_ID]) == {"c"}


def test_batch_matches_single_queries(snapshot):
    rows = [_row(snapshot, "a", 1), _row(snapshot, "a", 3), _row(snapshot, "c", 1)]
    batch = similar.similar_for_rows(snapshot, rows, k=2, min_score=-1.0)
    for row in rows:
        single = similar.similar_paragraphs(snapshot, row, k=2, min_score=-1.0)
        assert batch[batch["source_row"] == row]["row"].tolist() == single["row"].tolist()


def test_out_of_range_row_is_a_clear_error(snapshot):
    with pytest.raises(IndexError, match="outside"):
        similar.similar_paragraphs(snapshot, len(snapshot.paragraphs) + 5)


def test_article_rows_are_in_reading_order(snapshot):
    rows = similar.article_rows(snapshot, "a")
    assert snapshot.paragraphs.iloc[rows][ParagraphCol.POSITION].tolist() == [0, 1, 2, 3]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """3,000 paragraphs in 300 articles, clustered vectors, with an ANN index in the snapshot."""
    from newslens import ann
    from newslens.schema import ArticleCol, ManifestKey, SnapshotFile
    from pipeline.snapshot import write_snapshot
    from tests.factories import article_frames, sha

    rng = np.random.default_rng(3)
    specs = [ArticleSpec(f"art{i:03d}", f"Outlet {i % 5}", [f"Paragraph {j} of article {i}." for j in range(10)])
             for i in range(300)]
    articles, paragraphs = article_frames(specs)
    centres = rng.standard_normal((40, 32)).astype(np.float32)
    vectors = centres[rng.integers(40, size=len(paragraphs))] + 0.3 * rng.standard_normal((len(paragraphs), 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    manifest = {ManifestKey.SCHEMA_VERSION: 1, ManifestKey.PIPELINE_VERSION: "test", ManifestKey.MODEL_NAME: "hashing-32",
                ManifestKey.MODEL_DIM: 32, ManifestKey.CORPUS_HASH: sha("".join(articles[ArticleCol.CONTENT_HASH])),
                ManifestKey.COUNTS: {}, ManifestKey.QUARANTINED: [], ManifestKey.DUPLICATES: []}
    index = ann.build_ann(vectors, np.arange(len(vectors)), nlist=16)
    manifest[ManifestKey.ANN_INDEX] = {"file": SnapshotFile.ANN, "nprobe": 16}     # every list: exact recall
    data_dir = tmp_path_factory.mktemp("indexed")
    write_snapshot(data_dir, articles, paragraphs, vectors, manifest,
                   extra_files={SnapshotFile.ANN: lambda path: ann.write_ann(index, path)})
    return load_snapshot(data_dir)


def test_with_an_ann_index_the_reader_finds_what_the_exact_scan_finds_and_filters_stay_exact(indexed, monkeypatch):
    from newslens import ann
    from newslens.schema import ArticleCol

    rows = similar.article_rows(indexed, "art007")
    outlet = indexed.paragraphs[ParagraphCol.ARTICLE_ID].map(
        indexed.articles.set_index(ArticleCol.ID)[ArticleCol.OUTLET]).to_numpy()
    not_outlet_1 = outlet != "Outlet 1"
    monkeypatch.setattr(ann, "EXACT_FILTER_ROWS", 0)          # the index answers even for a small corpus
    assert similar._snapshot_ann(indexed) is not None
    by_index = similar.similar_for_rows(indexed, rows, k=5, min_score=-1.0, candidate_mask=not_outlet_1)
    monkeypatch.setattr(similar, "_snapshot_ann", lambda snapshot: None)
    by_scan = similar.similar_for_rows(indexed, rows, k=5, min_score=-1.0, candidate_mask=not_outlet_1)
    assert len(by_index) == 5 * len(rows)
    assert by_index[["source_row", "row"]].values.tolist() == by_scan[["source_row", "row"]].values.tolist()
    np.testing.assert_allclose(by_index["score"], by_scan["score"], rtol=1e-5)    # scores recomputed exactly
    assert "Outlet 1" not in set(by_index["outlet"]) and "art007" not in set(by_index[ParagraphCol.ARTICLE_ID])


def test_articles_the_model_does_not_read_are_neither_matched_nor_offered(tmp_path):
    """Set 31 (a helper's review): under the English model the reader offered a Russian report of a
    strike as "similarity 0.80" to a report of a body exchange (the model reads any Cyrillic text as
    alike). Paragraphs in languages it does not read are no longer matched, either way, and the
    reader says so."""
    from tests.apptest_utils import run_app
    from tests.test_stories_hard_cases import _snapshot_as_english_model
    german_copy = "If anyone runs away, shoot them, the commander said on the intercepted call, schreibt die Zeitung."
    snapshot = _snapshot_as_english_model(tmp_path, [
        ArticleSpec("en", "Wire", [SHOOT, "The unit was near Kupiansk."], published="2025-03-01"),
        ArticleSpec("de", "Zeitung", [german_copy], published="2025-03-02", language="de"),
        ArticleSpec("en2", "Paper", [SHOOT.replace("intercepted", "recorded")], published="2025-03-03"),
    ])
    rows = {a: similar.article_rows(snapshot, a) for a in ("en", "de", "en2")}
    found = similar.similar_for_rows(snapshot, [int(r) for r in rows["en"]], k=5, min_score=0.0)
    assert set(found[ParagraphCol.ARTICLE_ID]) == {"en2"}           # the German copy is not offered
    assert similar.similar_for_rows(snapshot, [int(r) for r in rows["de"]], k=5, min_score=0.0).empty
    assert "does not compare this article's language (de)" in similar.unread_note(snapshot, "de")
    assert "1 article in languages" in similar.unread_note(snapshot, "en")
    at = run_app(tmp_path, page="articles", query_params={"article": "de"})
    assert not at.exception
    assert any("no similar paragraphs are looked up" in c.value for c in at.caption)
    assert not any("No close paragraph" in c.value for c in at.caption)     # no row claims one was looked for
