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
