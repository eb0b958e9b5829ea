"""Figures at 100k+ points: WebGL traces and a visible, stratified, reproducible sample."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newslens import figures
from newslens.schema import ArticleCol
from newslens.timeline import aggregate as tl


def groups_frame(sizes: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"group": [g for g, n in sizes.items() for _ in range(n)],
                         "x": np.arange(sum(sizes.values()), dtype=float)})


def test_a_small_view_is_drawn_whole_without_a_note():
    frame = groups_frame({"morale": 30, "desertion": 20})
    kept, note = figures.sample_points(frame, "group", max_points=100)
    assert kept is frame and note is None


def test_a_large_view_is_sampled_in_proportion_and_says_so():
    frame = groups_frame({"morale": 9000, "desertion": 900, "executions": 3})
    kept, note = figures.sample_points(frame, "group", max_points=1000)
    counts = kept["group"].value_counts()
    assert len(kept) <= 1002
    assert counts["executions"] >= 1                       # a rare group never vanishes
    assert counts["morale"] == pytest.approx(909, abs=2) and counts["desertion"] == pytest.approx(91, abs=2)
    assert "1,000" in note or f"{len(kept):,}" in note
    assert "9,903" in note
    again, _ = figures.sample_points(frame, "group", max_points=1000)
    assert again.index.equals(kept.index)                   # the same view draws the same points


def articles(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    start = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    return pd.DataFrame({ArticleCol.ID: [f"a{i}" for i in range(n)], ArticleCol.OUTLET: [f"Outlet {i % 7}" for i in range(n)],
                         ArticleCol.DOMAIN: None, ArticleCol.TITLE: [f"t{i}" for i in range(n)],
                         ArticleCol.ORIGINAL_SOURCE: None, ArticleCol.DATE_PRECISION: "day",
                         ArticleCol.DATE_START: start, ArticleCol.DATE_END: start, ArticleCol.DATE_NOTE: None,
                         ArticleCol.PUBLISHED_AT: None, ArticleCol.TITLE_NOTE: None})


@pytest.mark.parametrize("n, webgl", [(50, False), (6000, True)])
def test_the_reports_timeline_switches_to_webgl_for_thousands_of_articles(n, webgl):
    fig = tl.reports_figure(tl.timeline_points(articles(n)))
    marks = [t for t in fig.data if t.mode == "markers"]
    assert sum(len(t.x) for t in marks) == n                # every article still drawn
    assert all((t.type == "scattergl") == webgl for t in marks)
