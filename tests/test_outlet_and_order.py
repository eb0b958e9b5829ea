"""QA regressions: a missing outlet never shows as "nan"/"None", and every page agrees on who
reported first (one ordering rule, ``newslens.dates.publication_order``)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newslens.search import engine as search
from newslens.timeline import aggregate as timeline
from newslens.outlets import UNKNOWN_OUTLET, outlet_label
from newslens.compare.alignment import compare_articles
from newslens.compare.html_export import comparison_html
from newslens.dates import publication_order
from newslens.embedder import load_embedder
from newslens.schema import ArticleCol
from newslens.store import load_snapshot
from newslens.compare.stories import story_from_articles
from tests.apptest_utils import all_markdown, plotly_specs, run_app, visible_text
from tests.factories import TEST_MODEL, ArticleSpec, make_snapshot

CALL = [
    "A Russian commander told his soldiers to shoot anyone who retreats, according to an intercepted call.",
    "\u201cIf anyone runs away, shoot them,\u201d the commander said.",
    "Ukrainian intelligence published the recording on Thursday.",
]
T = pd.Timestamp


@pytest.mark.parametrize("outlet, domain, expected", [
    ("Dagens", "dagens.se", "Dagens"),
    (None, "dagens.se", "dagens.se"),
    (np.nan, "dagens.se", "dagens.se"),
    (pd.NA, None, UNKNOWN_OUTLET),
    (None, np.nan, UNKNOWN_OUTLET),
    ("  ", "", UNKNOWN_OUTLET),
    (" Meduza ", None, "Meduza"),
])
def test_outlet_label(outlet, domain, expected):
    assert outlet_label(outlet, domain) == expected


# The sample's 000 (Dagens, on or after 25 Sep) and 001 (Kyiv Independent, 25-26 Sep) and others.
@pytest.mark.parametrize("windows, order, first, certain, lags", [
    ([("000", T("2025-09-25"), pd.NaT), ("001", T("2025-09-25"), T("2025-09-26"))],
     ["001", "000"], "001", False, {"001": 0.0, "000": 0.0}),
    ([("b", T("2025-09-25"), T("2025-09-25")), ("a", T("2025-09-27"), T("2025-09-27"))],
     ["b", "a"], "b", True, {"b": 0.0, "a": 2.0}),
    ([("b", T("2025-09-25"), T("2025-09-25")), ("a", T("2025-09-25"), T("2025-09-25"))],
     ["a", "b"], "a", False, {"a": 0.0, "b": 0.0}),
    ([("x", None, None), ("y", T("2025-01-01"), T("2025-01-01"))],      # one dated: no order (x may be older)
     ["y", "x"], None, False, {"y": None, "x": None}),
    ([("x", None, None), ("y", T("2025-01-01"), T("2025-01-01")), ("z", T("2025-01-03"), T("2025-01-03"))],
     ["y", "z", "x"], "y", False, {"y": 0.0, "z": 2.0, "x": None}),
    ([("y", T("2025-01-01"), T("2025-01-01"))], ["y"], "y", True, {"y": 0.0}),
    ([("x", pd.NaT, pd.NaT)], ["x"], None, False, {"x": None}),
])
def test_publication_order(windows, order, first, certain, lags):
    result = publication_order(windows)
    assert (result.article_ids, result.first, result.certain, result.lags) == (order, first, certain, lags)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """000/001 as in the sample (open window vs a two-day window), 002 with no outlet and no domain."""
    data_dir = tmp_path_factory.mktemp("outlet_order")
    make_snapshot(data_dir, [
        ArticleSpec("000", "Dagens", CALL, published="2025-09-25", title="Dagens on the call"),
        ArticleSpec("001", "The Kyiv Independent", CALL + ["The outlet could not verify the audio."],
                    published="2025-09-25", title="Kyiv Independent on the call"),
        ArticleSpec("002", None, CALL[:2] + ["Nobody knows who wrote this."], published="2025-09-27",
                    title="Anonymous re-post"),
    ])
    snapshot = load_snapshot(data_dir)
    articles = snapshot.articles.copy()
    at = articles.set_index(ArticleCol.ID).index.get_indexer
    articles.loc[at(["000"]), ArticleCol.DATE_END] = pd.NaT                       # "on or after 25 Sep"
    articles.loc[at(["001"]), ArticleCol.DATE_END] = T("2025-09-26")              # 25..26 Sep
    articles.loc[at(["002"]), ArticleCol.OUTLET] = np.nan                         # NaN, not None
    articles.to_parquet(snapshot.path / "articles.parquet", index=False)
    return data_dir


@pytest.fixture(scope="module")
def snapshot(data_dir):
    return load_snapshot(data_dir)


def test_compare_and_timeline_agree_on_who_was_first(snapshot):
    story = story_from_articles(snapshot, ["000", "001"])
    group = timeline._story_group(timeline._by_id(timeline.timeline_points(snapshot.articles)), story)
    assert (story.first_reporter, story.first_reporter_certain) == ("001", False)
    assert story.article_ids == ["001", "000"]
    assert (group.article_ids, group.first_article_id, group.order_certain) == (["001", "000"], "001", False)
    assert "order uncertain" in story.explanation


def test_missing_outlet_in_comparison_and_export(snapshot):
    comparison = compare_articles(snapshot, "002", "000")
    assert comparison.a.outlet == UNKNOWN_OUTLET
    html = comparison_html([comparison], stamp="test")
    assert f"A &#183; {UNKNOWN_OUTLET}" in html and f"<title>NewsLens comparison: {UNKNOWN_OUTLET} (en) vs Dagens (en)" in html
    assert not {"nan", "None"} & _words(html.replace("<", " ").replace(">", " "))


def test_missing_outlet_in_search_and_timeline(snapshot):
    index = search.build_index(snapshot)
    result = search.search(index, "Nobody knows who wrote this", embedder=load_embedder(TEST_MODEL), group=False)
    anonymous = [h for h in result.hits if h.article_id == "002"] + \
        [a for h in result.hits for a in h.also if a.article_id == "002"]
    assert anonymous and all(h.outlet == UNKNOWN_OUTLET for h in anonymous)
    points = timeline.timeline_points(snapshot.articles)
    assert points.set_index(ArticleCol.ID).at["002", ArticleCol.OUTLET] == UNKNOWN_OUTLET
    group = timeline._story_group(timeline._by_id(points), story_from_articles(snapshot, ["000", "002"]))
    table = timeline.rereport_table([group], snapshot.articles)
    assert UNKNOWN_OUTLET in set(table[ArticleCol.OUTLET]) and not table[ArticleCol.OUTLET].isna().any()


def _words(text: str) -> set[str]:
    return set(text.replace("&#40;", " ").replace("&#41;", " ").replace(",", " ").replace(":", " ").split())


def test_compare_page_shows_no_nan_and_says_order_uncertain(data_dir):
    at = run_app(data_dir, page="compare", query_params={"articles": "002,000,001"})
    assert not at.exception, [e.value for e in at.exception]
    text = all_markdown(at).replace("&#40;", "(").replace("&#41;", ")")
    chips = [str(o) for o in at.multiselect(key="cmp_articles").options]     # the labels shown in the chips
    assert any(o.startswith(f"{UNKNOWN_OUTLET} · en · Anonymous re-post") for o in chips), chips
    shown = text + " " + visible_text(at) + " " + " ".join(chips)
    assert not {"nan", "None"} & _words(shown)
    assert "The Kyiv Independent&#58; first, order uncertain" in text
    assert text.index("The Kyiv Independent&#58; first") < text.index("Dagens&#58; ")
    assert f"A · {UNKNOWN_OUTLET}" in text or f"A &#183; {UNKNOWN_OUTLET}" in text
    titles = " ".join(str(spec.get("layout", {}).get("title", "")) for spec in plotly_specs(at).values())
    assert UNKNOWN_OUTLET in titles and "nan" not in _words(titles)


def test_search_page_has_no_dangling_separator(data_dir):
    at = run_app(data_dir, page="search", query_params={"q": "Nobody knows who wrote this"})
    assert not at.exception, [e.value for e in at.exception]
    text = all_markdown(at)
    assert f"<b>{UNKNOWN_OUTLET}</b> · " in text
    assert "<b></b>" not in text and "nan" not in _words(text)


def test_a_report_timed_before_the_first_reporter_reads_order_unknown():
    """Rare, but possible: the earliest-ending window is not the earliest timed report (a day
    window's report timed at 01:00 beside an exact day's at 23:00). Its lag is never "+0 min"."""
    from newslens.dates import ORDER_UNKNOWN, lag_text, story_lag_text
    assert lag_text(0.0, True, False, False, hours=-22.0) == ORDER_UNKNOWN
    assert story_lag_text(0.0, False, False, -22.0) == ORDER_UNKNOWN
    assert story_lag_text(0.0, False, False, 5.0) == "+5 h"
