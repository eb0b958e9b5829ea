"""Timeline page under AppTest: what a user sees, filters, volume controls, opening an article."""
from __future__ import annotations

import pytest

from newslens.ui import navigation, sidebar
from tests.apptest_utils import plotly_specs, run_app, visible_text
from tests.factories import SMALL_CORPUS, make_snapshot


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("timeline")
    make_snapshot(path, SMALL_CORPUS)
    return path


def charts(at) -> dict[str, dict]:
    return plotly_specs(at)


def test_timeline_shows_every_dated_article_and_names_the_undated(data_dir):
    at = run_app(data_dir)
    assert not at.exception
    assert at.title[0].value == "Timeline of reports"
    text = visible_text(at)
    assert "4 article(s) from 3 outlet(s)" in text
    assert "Undated, so not on the timeline: Outlet A - Undated appeal" in text
    specs = charts(at)
    assert set(specs) == {"Reports over time, by outlet", "Articles per month, by outlet",
                          "Who reported first: re-reports of the same story"}
    marked = sorted(i for t in specs["Reports over time, by outlet"]["data"] for i in t.get("customdata") or [])
    assert marked == ["a1", "a2", "a3"]


def test_month_only_article_is_drawn_as_a_window_not_a_day(data_dir):
    at = run_app(data_dir)
    spec = charts(at)["Reports over time, by outlet"]
    marks = {aid: (symbol, hover) for t in spec["data"] if t.get("customdata")
             for aid, symbol, hover in zip(t["customdata"], t["marker"]["symbol"], t["hovertext"])}
    assert marks["a3"][0] == "diamond-open" and "Mar 2022 (day unknown)" in marks["a3"][1]
    assert marks["a1"][0] == "circle" and "25 Sep 2025" in marks["a1"][1]


def test_sidebar_filters_narrow_the_timeline(data_dir):
    at = run_app(data_dir, query_params={"outlet": "Outlet B"})
    assert "1 article(s) from 1 outlet(s)" in visible_text(at)
    marked = [i for t in charts(at)["Reports over time, by outlet"]["data"] for i in t.get("customdata") or []]
    assert marked == ["a2"]


def test_filters_that_match_nothing_say_so(data_dir):
    at = run_app(data_dir, query_params={"from": "2024-01-01", "to": "2024-02-01", "undated": "0"})
    assert not at.exception
    assert "No article matches the sidebar filters" in at.info[0].value
    assert not at.get("plotly_chart")


@pytest.mark.parametrize("freq, title", [("week", "Articles per week, by outlet"), ("month", "Articles per month, by outlet")])
def test_volume_per_week_or_month(data_dir, freq, title):
    at = run_app(data_dir)
    at.segmented_control(key="tl_freq").set_value(freq).run()
    spec = charts(at)[title]
    counted = sum(sum(t["y"]) for t in spec["data"])
    # Week: only the two day-precise articles; month: the month-only one counts too.
    assert counted == (2 if freq == "week" else 3)
    assert "not counted" in spec["layout"]["title"]["subtitle"]["text"]


def test_volume_split_by_original_source(data_dir):
    at = run_app(data_dir)
    at.segmented_control(key="tl_split").set_value("original source").run()
    spec = charts(at)["Articles per month, by original source"]
    assert {t["name"] for t in spec["data"]} == {"HUR", "SBU"}


def test_who_reported_first_opens_on_every_story_when_none_it_can_draw_is_sure(data_dir):
    """The small corpus's one story links its two reports at 0.76 confidence, under the 1.00 a sure
    story needs. With no sure story to draw, the chart opens on every story and says why (a set-26
    reviewer's first visit opened on an empty chart); asked for sure stories only, it leaves the
    story out and says so."""
    at = run_app(data_dir)
    assert not at.exception
    assert at.toggle(key="tl_sure").value is False
    spec = charts(at)["Who reported first: re-reports of the same story"]
    assert "+1 day" in [a.get("text") for a in spec["layout"]["annotations"]]
    assert any(c.value.startswith("No story the grouping is sure of has two dated reports") for c in at.caption)
    at.toggle(key="tl_sure").set_value(True).run()
    spec = charts(at)["Who reported first: re-reports of the same story"]
    said = [a.get("text") or "" for a in spec["layout"].get("annotations", [])]
    assert "+1 day" not in said
    assert any(t.startswith("1 story the grouping is less sure of is not shown") for t in said), said
    assert not any(c.value.startswith("No story the grouping is sure of") for c in at.caption)


def test_rereports_say_who_was_first_and_why_they_were_grouped(data_dir):
    at = run_app(data_dir)
    at.toggle(key="tl_sure").set_value(False).run()
    spec = charts(at)["Who reported first: re-reports of the same story"]
    labels = [a["text"] for a in spec["layout"]["annotations"]]
    assert "first" in labels and "+1 day" in labels
    explanation = [m.value for m in at.expander[0].markdown]
    assert any("Story 1" in e for e in explanation)
    # the chart names its story over its rows, and its stamp says which stories a slide shows
    assert any(t.startswith("<b>Story 1</b> (less sure) · ") and len(t) > 30 for t in labels)   # 0.76: less sure
    stamp = [a["text"] for a in spec["layout"]["annotations"] if a.get("name") == "newslens-stamp"]
    assert stamp and "all stories" in stamp[0]
    at.toggle(key="tl_sure").set_value(True).run()
    stamp = [a["text"] for a in charts(at)["Who reported first: re-reports of the same story"]["layout"]["annotations"]
             if a.get("name") == "newslens-stamp"]
    assert stamp and "sure stories only" in stamp[0]


@pytest.mark.parametrize("widget, selection, opened", [
    ("tl_articles", {"selection": {"rows": [0], "columns": [], "cells": []}}, "a3"),
    ("tl_reports", {"selection": {"points": [{"customdata": "a2"}], "point_indices": [0], "box": [], "lasso": []}}, "a2"),
])
def test_selecting_an_article_opens_it_in_the_reader(data_dir, widget, selection, opened):
    at = run_app(data_dir)
    at.session_state[widget] = selection
    at.run()
    assert not at.exception
    assert at.title[0].value == "Article reader"
    assert at.query_params[navigation.QP_ARTICLE] == opened
    assert at.selectbox(key="rd_article").value == opened


def test_presentation_mode_hides_controls_and_stamps_charts(data_dir):
    at = run_app(data_dir, query_params={"present": "1", "outlet": ["Outlet A", "Outlet B"]})
    for spec in charts(at).values():
        stamps = [a["text"] for a in spec["layout"]["annotations"] if a.get("name") == "newslens-stamp"]
        assert stamps and "Filters: outlets: Outlet A, Outlet B" in stamps[0] and "Snapshot " in stamps[0]
        assert spec["layout"]["font"]["size"] == 18        # slide-size type
    css = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert "st-key-nl-controls" in css


def test_topic_filter_keeps_articles_with_a_paragraph_on_that_topic(data_dir):
    from newslens import config
    from newslens.topics import analysis as topics
    from newslens.embedder import load_embedder
    from newslens.topics.lenses import load_lenses
    from newslens.store import load_snapshot

    snapshot = load_snapshot(data_dir)
    lens_config = load_lenses(config.lenses_file())
    labels = topics.topic_labels(topics.score_snapshot(snapshot, lens_config, load_embedder(snapshot.model_name)),
                                 lens_config.thresholds())
    at = run_app(data_dir)
    for topic in lens_config.names:
        expected = {a for a, names in zip(snapshot.paragraphs["article_id"], labels) if topic in names}
        at.sidebar.multiselect(key=sidebar.KEY_TOPICS).set_value([topic]).run()
        assert not at.exception
        text = visible_text(at)
        if not expected:
            assert "No article matches the sidebar filters" in text
            continue
        assert f"{len(expected)} article(s) from" in text
        stamp = [a["text"] for a in charts(at)["Reports over time, by outlet"]["layout"]["annotations"]
                 if a.get("name") == "newslens-stamp"][0]
        assert f"topics: {topic}" in stamp
        # the URL keeps the topic, and a link with it opens on the same view (set 34's review)
        got = at.query_params.get("topic")
        assert (got if isinstance(got, list) else [got]) == [topic]
        shared = run_app(data_dir, query_params={"topic": topic})
        assert shared.sidebar.multiselect(key=sidebar.KEY_TOPICS).value == [topic]
        assert f"{len(expected)} article(s) from" in visible_text(shared)
    assert run_app(data_dir, query_params={"topic": "no such lens"}).sidebar.multiselect(
        key=sidebar.KEY_TOPICS).value == []


def test_undated_reports_of_a_story_are_said_to_be_left_out_of_who_reported_first(tmp_path):
    from tests.factories import ArticleSpec

    a1, a2 = SMALL_CORPUS[0], SMALL_CORPUS[1]
    copy = ArticleSpec("a5", "Outlet E", list(a2.paragraphs[:2]) + ["Posted again later, without a date."],
                       published=None, original_source="HUR", title="Commander told troops to shoot (copy)")
    make_snapshot(tmp_path, [a1, a2, copy, SMALL_CORPUS[2]])
    at = run_app(tmp_path)
    at.toggle(key="tl_sure").set_value(False).run()
    assert not at.exception
    assert ("Not ordered by date (their order is unknown): 1 undated report in stories that have dated ones. "
            "Every story is listed on the Compare page and by `python -m newslens stories`.") in [c.value for c in at.caption]


def test_many_undated_articles_are_counted_and_left_to_the_table(tmp_path):
    """A real scrape can leave dozens of undated pages: under the chart they are counted, not run
    together into one long caption; each is still in the Articles table, dated "date unknown"."""
    from tests.factories import ArticleSpec

    specs = [ArticleSpec("dated", "Outlet A", ["A report with a date."], published="2024-02-01", title="Dated report")]
    specs += [ArticleSpec(f"u{n}", f"Outlet {n}", [f"Undated report number {n}."], published=None,
                          title=f"Undated report {n}") for n in range(7)]
    make_snapshot(tmp_path, specs)
    at = run_app(tmp_path)
    assert not at.exception
    text = visible_text(at)
    assert "7 undated articles are not on the timeline" in text
    assert "Undated, so not on the timeline:" not in text
    titles = list(at.dataframe[0].value["Title"])
    assert {f"Undated report {n}" for n in range(7)} <= set(titles)
    dates = dict(zip(titles, at.dataframe[0].value["Date"]))
    assert dates["Undated report 3"] == "date unknown"


def test_who_reported_first_says_when_its_stories_are_grouped_now_not_as_stored(tmp_path, monkeypatch):
    """Review 30a, finding 1, on the Timeline: the stories under "Who reported first" are grouped
    again (the snapshot's were grouped by another version), and the page says so."""
    from pipeline import build as build_mod
    from tests.compare_cases import ORIGINAL, REWORK, UNRELATED
    from tests.factories import build_from_raw, stories_stored_by_another_version

    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    data = build_from_raw(tmp_path, [ORIGINAL, REWORK, UNRELATED])
    stories_stored_by_another_version(data)
    at = run_app(data, page="timeline")
    assert not at.exception
    (notice,) = [i.value for i in at.info if "grouped now" in i.value]
    assert notice.startswith("The stories are grouped now &#40;1&#41;, not read from the snapshot, which stores 1 ")
    assert "pipeline" not in notice and str(tmp_path) not in notice       # the command: in an expander
    assert [c.value for c in at.code if c.value.startswith("python -m pipeline build --raw ")]
    slide = run_app(data, page="timeline", query_params={"present": "1"})
    assert not slide.exception and not [i.value for i in slide.info if "grouped now" in i.value]
