"""Timeline logic: honest date precision, volume counting, re-report grouping and lags, figures."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from newslens import dates, figures
from newslens.compare.stories import detect_stories
from newslens.timeline import aggregate as tl
from newslens.schema import ArticleCol
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, article_frames, make_snapshot
from tests.cli_utils import run_newslens

T = pd.Timestamp
NaT = pd.NaT


def _articles(rows: list[tuple[str, str, object, object]]) -> pd.DataFrame:
    """(id, outlet, start, end) -> an articles frame with the contract's columns."""
    specs = [ArticleSpec(aid, outlet, ["text"], published=None) for aid, outlet, _, _ in rows]
    articles, _ = article_frames(specs)
    articles[ArticleCol.DATE_START] = pd.to_datetime([r[2] for r in rows])
    articles[ArticleCol.DATE_END] = pd.to_datetime([r[3] for r in rows])
    return articles


def test_points_draw_windows_at_their_middle_and_open_windows_at_their_start():
    articles = _articles([
        ("day", "A", "2024-01-10", "2024-01-10"),
        ("month", "A", "2024-02-01", "2024-02-29"),
        ("open", "B", "2024-03-05", None),
        ("none", "B", None, None),
    ])
    points = tl.timeline_points(articles).set_index(ArticleCol.ID)
    assert points.at["day", "x"] == T("2024-01-10")
    assert points.at["month", "x"] == T("2024-02-15")
    assert points.at["open", "x"] == T("2024-03-05")
    assert pd.isna(points.at["none", "x"])
    assert list(tl.timeline_points(articles)[ArticleCol.ID])[-1] == "none"   # undated last


@pytest.mark.parametrize("freq, expected, left_out", [
    # The month-only article fits a month but not a week; the year-only fits neither.
    ("month", {("2024-01-01", "A"): 2, ("2024-02-01", "A"): 1, ("2024-03-01", "B"): 1},
     {"undated": 1, "less precisely": 1}),
    ("week", {("2024-01-08", "A"): 1, ("2024-01-15", "A"): 1, ("2024-03-04", "B"): 1},
     {"undated": 1, "less precisely": 2}),
])
def test_volume_counts_only_articles_whose_window_fits_one_period(freq, expected, left_out):
    articles = _articles([
        ("d1", "A", "2024-01-10", "2024-01-10"),
        ("d2", "A", "2024-01-16", "2024-01-16"),
        ("month", "A", "2024-02-01", "2024-02-29"),
        ("open", "B", "2024-03-05", None),
        ("year", "B", "2023-01-01", "2023-12-31"),
        ("none", "B", None, None),
    ])
    volume = tl.volume_table(articles, freq)
    got = {(str(p.date()), g): int(n) for p, g, n in volume.table.itertuples(index=False)}
    assert got == expected
    for word, n in left_out.items():
        assert sum(v for k, v in volume.left_out.items() if word in k) == n
    assert volume.open_counted == 1
    assert "counted at their earliest possible" in volume.note()


def test_volume_counts_an_article_split_under_two_lenses_once_among_those_left_out():
    """The split by topic gives an article one row per lens: set 34's 68 undated articles read "88
    undated article(s) not counted" (on the page's volume chart too)."""
    articles = _articles([("dated", "A", "2024-01-02", "2024-01-02"), ("undated", "A", None, None),
                          ("open", "A", "2024-01-05", None)])
    by_lens = articles.assign(group=[["morale", "desertion"]] * 3).explode("group")
    volume = tl.volume_table(by_lens, "month", group_col="group")
    assert volume.left_out == {"undated article(s) not counted": 1}
    assert volume.open_counted == 1
    assert volume.table["articles"].sum() == 4              # each dated article under each of its lenses


def test_split_by_topic_counts_each_article_once_under_its_main_lens():
    """Dec 2022 showed 4 articles in a month of 2 (review s32): an article counted under each lens."""
    from newslens.topics.analysis import NO_TOPIC, articles_by_topic

    articles = _articles([("mixed", "A", "2022-12-02", "2022-12-02"), ("plain", "B", "2022-12-09", "2022-12-09"),
                          ("tied", "C", "2022-12-20", "2022-12-20")])
    paragraphs = pd.DataFrame({"article_id": ["mixed"] * 3 + ["plain", "tied", "tied"]})
    labels = pd.Series([["desertion"], ["morale", "desertion"], ["morale", "desertion"], [],
                        ["executions", "morale"], ["morale"]])
    frame = articles_by_topic(articles, paragraphs, labels, tl.GROUP)
    assert dict(zip(frame[ArticleCol.ID], frame[tl.GROUP])) == {
        "mixed": "desertion",        # three paragraphs on desertion, two on morale
        "plain": NO_TOPIC, "tied": "morale"}
    volume = tl.volume_table(frame, "month", group_col=tl.GROUP, group_label="Topic")
    assert volume.table["articles"].sum() == 3 == len(articles)
    fig = tl.volume_figure(volume)
    assert "counted once" in fig.layout.title.subtitle.text


@pytest.mark.parametrize("label", ["Original source", "original source"])     # the page's and the CLI's
def test_split_by_original_source_when_no_article_names_one_says_so(label):
    # one unnamed blue series without a legend (review s32): the chart says why there is no split
    articles = _articles([("a", "A", "2024-01-02", "2024-01-02"), ("b", "B", "2024-02-03", "2024-02-03")])
    frame = articles.assign(**{tl.GROUP: "(not stated)"})
    fig = tl.volume_figure(tl.volume_table(frame, "month", group_col=tl.GROUP, group_label=label))
    assert not fig.data
    message = " ".join(a.text for a in fig.layout.annotations if a.name != "newslens-stamp")
    assert "No article here names its original source" in message.replace("<br>", " ")
    named = frame.assign(**{tl.GROUP: ["HUR", "(not stated)"]})       # one named: the split is drawn
    assert {t.name for t in tl.volume_figure(tl.volume_table(named, "month", group_col=tl.GROUP,
                                                             group_label=label)).data} == {"HUR", "(not stated)"}


@pytest.mark.parametrize("large", [False, True])
def test_volume_legend_shows_every_entry_without_a_scroll_box(large):
    # 84 outlets: eight busiest plus "76 other outlets"; Plotly scrolled a legend taller than the
    # plot, cutting "other outlets" at 1440 px and leaving six outlets on a presentation slide
    rows = [(f"a{i}", f"Outlet number {i}", f"2024-0{1 + i % 9}-0{1 + i % 7}", f"2024-0{1 + i % 9}-0{1 + i % 7}")
            for i in range(84)]
    volume = tl.volume_table(_articles(rows), "month")
    fig = tl.volume_figure(volume, "Corpus: c  ·  Filters: all articles  ·  per month", large=large)
    entries = [t for t in fig.data if t.showlegend is not False]
    assert len(entries) == 9 and any("other outlets" in t.name for t in entries)
    plot_height = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    font = fig.layout.legend.font.size
    assert plot_height >= (len(entries) + 1) * font * 1.4          # the title and every entry


def test_volume_split_by_language_names_the_languages(tmp_path):
    make_snapshot(tmp_path, [
        ArticleSpec("x", "A", ["üks"], published="2024-01-02", language="et"),
        ArticleSpec("y", "B", ["satu"], published="2024-01-03", language="id"),
        ArticleSpec("z", "B", ["three"], published="2024-01-04", language=None),
    ])
    snapshot = load_snapshot(tmp_path)
    frame, col = tl.volume_frame(snapshot, snapshot.articles, "language")
    volume = tl.volume_table(frame, "month", group_col=col, group_label="Language")
    names = {t.name for t in tl.volume_figure(volume).data}
    assert {"Estonian", "Indonesian"} <= names and not names & {"et", "id"}


def test_a_language_not_known_is_one_legend_entry(tmp_path):
    """No code, a blank one and "und" are one "(unknown language)" bar, not three (review s32)."""
    make_snapshot(tmp_path, [
        ArticleSpec(f"a{i}", "A", ["Soldiers fled."], published="2024-01-02", language=code)
        for i, code in enumerate([None, "", "und", "et"])
    ])
    snapshot = load_snapshot(tmp_path)
    frame, col = tl.volume_frame(snapshot, snapshot.articles, "language")
    volume = tl.volume_table(frame, "month", group_col=col, group_label="Language")
    bars = {t.name: sum(t.y) for t in tl.volume_figure(volume).data}
    assert bars == {"(unknown language)": 3, "Estonian": 1}


def test_the_cli_split_by_language_keeps_the_code_its_filter_takes(tmp_path):
    """``--split language --json`` gave only names ("German"), which ``--language`` refused (review s32):
    each count keeps the code, its name beside it, and ``--language`` takes either."""
    make_snapshot(tmp_path, [
        ArticleSpec("d1", "Blatt", ["Soldaten verweigern den Befehl."], published="2024-01-02", language="de"),
        ArticleSpec("e1", "Paper", ["Soldiers refuse orders."], published="2024-01-03", language="en"),
    ])
    def counts(*args):
        proc = run_newslens("timeline", "--data", str(tmp_path), "--split", "language", "--json", *args)
        assert proc.returncode == 0, proc.stderr
        return [(c["group"], c["name"], c["articles"]) for c in json.loads(proc.stdout)["volume"]["counts"]]
    assert counts() == [("de", "German", 1), ("en", "English", 1)]
    assert counts("--language", "German") == counts("--language", "de") == [("de", "German", 1)]
    assert counts("--language", "english") == [("en", "English", 1)]


def test_volume_rejects_unknown_frequency():
    with pytest.raises(ValueError):
        tl.volume_table(_articles([("a", "A", "2024-01-01", "2024-01-01")]), "day")  # type: ignore[arg-type]


def test_volume_split_by_original_source_and_registered_splits(tmp_path):
    make_snapshot(tmp_path, [
        ArticleSpec("x", "A", ["one"], published="2024-01-02", original_source="HUR"),
        ArticleSpec("y", "B", ["two"], published="2024-01-03", original_source="HUR"),
        ArticleSpec("z", "B", ["three"], published="2024-01-04"),
    ])
    snapshot = load_snapshot(tmp_path)
    frame, col = tl.volume_frame(snapshot, snapshot.articles, "original source")
    volume = tl.volume_table(frame, "month", group_col=col)
    assert dict(zip(volume.table["group"], volume.table["articles"])) == {"HUR": 2, "(not stated)": 1}
    tl.register_volume_split("first letter", lambda s, a: a.assign(group=a[ArticleCol.OUTLET].str[0]))
    try:
        assert "first letter" in tl.volume_splits(snapshot)
    finally:
        tl.VOLUME_SPLITS.pop("first letter")


CALL = ["A Russian commander ordered soldiers to shoot anyone who retreats, an intercepted call released by HUR shows.",
        "If anyone runs away, shoot them, the commander said on the intercepted call.",
        "The intelligence service published the recording on Thursday evening."]
CALL_REWORDED = ["A Russian commander ordered soldiers to shoot anyone who retreats, an intercepted call released by HUR suggests.",
                 "If anyone runs away, just shoot them, the commander said on the intercepted call.",
                 "The outlet could not verify the recording independently."]
OTHER = ["Soldiers in the regiment complained about missing pay and broken equipment in a video appeal.",
         "Relatives of mobilised men gathered outside the ministry to demand rotation."]


def _story_snapshot(tmp_path, second_source="HUR", second_date="2025-09-27", first_date="2025-09-25"):
    make_snapshot(tmp_path, [
        ArticleSpec("first", "Outlet A", CALL, published=first_date, original_source="HUR"),
        ArticleSpec("second", "Outlet B", CALL_REWORDED, published=second_date, original_source=second_source),
        ArticleSpec("other", "Outlet C", OTHER, published="2025-09-26", original_source="HUR"),
    ])
    return load_snapshot(tmp_path)


def test_rereport_first_and_lags_are_measured_from_the_earliest_day(tmp_path):
    snapshot = _story_snapshot(tmp_path)
    groups, how, _, _ = tl.find_rereports(snapshot)
    assert how == tl.STORIES_TEXT
    [group] = groups
    assert group.article_ids == ["first", "second"] and group.first_article_id == "first"
    assert group.lags == {"first": 0.0, "second": 2.0}
    assert group.order_certain and not any(group.approximate.values())
    table = tl.rereport_table([group], snapshot.articles)
    assert table["lag"].tolist() == ["first", "+2 days"]


def test_an_undated_report_of_a_story_leaves_its_order_uncertain_on_every_page(tmp_path):
    """Set 28 (a reviewer): the Timeline said "first" and "+2 days" while Compare said "order
    uncertain": an undated third report, not drawn, may have come first."""
    make_snapshot(tmp_path, [
        ArticleSpec("first", "Outlet A", CALL, published="2025-09-25", original_source="HUR"),
        ArticleSpec("second", "Outlet B", CALL_REWORDED, published="2025-09-27", original_source="HUR"),
        ArticleSpec("copy", "Outlet D", CALL, published=None, original_source="HUR"),
    ])
    snapshot = load_snapshot(tmp_path)
    [group], _, _, _ = tl.find_rereports(snapshot)
    assert group.article_ids == ["first", "second"] and not group.order_certain
    assert tl.rereport_table([group], snapshot.articles)["lag"].tolist() == ["first, order uncertain", "+2 days"]
    assert "order uncertain: a report is undated" in group.explanation


def test_rereport_with_a_month_only_date_is_approximate_and_order_uncertain(tmp_path):
    snapshot = _story_snapshot(tmp_path, first_date="2025-09", second_date="2025-09-20")
    [group], _, _, _ = tl.find_rereports(snapshot)
    # The month-only report may be of 1 or 30 Sep: the report of a known day leads (it certainly
    # existed by the 20th), and the other is said to be of unknown order, not "+19 days" after.
    assert group.article_ids[0] == group.first_article_id != "first"
    assert not group.order_certain
    table = tl.rereport_table([group], snapshot.articles)
    assert table["lag"].tolist() == ["first, order uncertain", "≈ order unknown (date window)"]
    # Exports say the same: no lag rather than "-19 days" (the window begins on 1 Sep).
    assert table["lag_days"].iloc[0] == 0 and pd.isna(table["lag_days"].iloc[1])
    from newslens.compare.story_store import story_result
    [story] = [s for s in story_result(snapshot).stories if len(s.article_ids) == 2]
    assert sorted(story.to_dict()["lags_days"].values(), key=str) == [0.0, None]


def test_the_longest_lag_label_has_room_right_of_the_dates(tmp_path):
    # "≈ order unknown (date window)" starts right of its row's last day, which is the chart's
    # latest: on a narrow page a share of the date range left it cut at the edge ("≈ order unknown
    # (date wi..."). The right margin is sized from the longest label instead.
    snapshot = _story_snapshot(tmp_path, first_date="2025-09", second_date="2025-09-20")
    groups, _, _, _ = tl.find_rereports(snapshot)
    for large in (False, True):
        fig = tl.rereports_figure(groups, snapshot.articles, large=large)
        labels = [a.text for a in fig.layout.annotations if a.xref == "x"]
        assert "≈ order unknown (date window)" in labels
        font = 14 if large else 12
        assert fig.layout.margin.r >= tl.LAG_LABEL_SHIFT + 0.55 * font * max(map(len, labels))


def test_rereports_are_the_compare_views_stories(tmp_path):
    # The timeline and the compare page group stories with one detector, so they agree.
    snapshot = _story_snapshot(tmp_path)
    [group], _, _, _ = tl.find_rereports(snapshot)
    [story] = detect_stories(snapshot)
    assert (group.story_id, group.explanation) == (story.id, story.explanation)
    assert set(group.article_ids) == set(story.article_ids)


def test_stories_whose_reports_print_no_date_are_said_to_be_unordered_not_absent(tmp_path):
    # Most scraped pages print no date (the tenth real set: 52 of 56): a story of two undated
    # re-reports is a story, and "No story is reported by more than one article" was false.
    snapshot = _story_snapshot(tmp_path, first_date=None, second_date=None)
    groups, _, unordered, _ = tl.find_rereports(snapshot)
    assert groups == [] and unordered == tl.Unordered(stories=1, undated_reports=0)
    fig = tl.rereports_figure(groups, snapshot.articles, unordered=unordered)
    message = fig.layout.annotations[0].text
    assert "1 story of several reports, but fewer than two dated in it" in message
    assert "No story is reported" in tl.rereports_figure([], snapshot.articles).layout.annotations[0].text


def test_undated_reports_of_a_drawn_story_are_counted_as_not_drawn(tmp_path):
    make_snapshot(tmp_path, [
        ArticleSpec("first", "Outlet A", CALL, published="2025-09-25", original_source="HUR"),
        ArticleSpec("second", "Outlet B", CALL_REWORDED, published="2025-09-27", original_source="HUR"),
        ArticleSpec("copy", "Outlet D", CALL_REWORDED[:2] + ["A copy of the report, posted later without a date."],
                    published=None, original_source="HUR"),
        ArticleSpec("other", "Outlet C", OTHER, published="2025-09-26", original_source="HUR"),
    ])
    snapshot = load_snapshot(tmp_path)
    groups, _, unordered, _ = tl.find_rereports(snapshot)
    [group] = groups
    assert group.article_ids == ["first", "second"]
    assert unordered == tl.Unordered(stories=0, undated_reports=1)
    assert unordered.text().startswith("Not ordered by date (their order is unknown): 1 undated report in stories "
                                       "that have dated ones")
    data = json.loads(run_newslens("timeline", "--data", str(tmp_path), "--json").stdout)
    assert data["rereports"]["not_ordered"] == {"stories": 0, "undated_reports": 1}


def _trace_names(fig):
    return [t.name for t in fig.data]


def test_reports_figure_marks_every_dated_article_once_with_its_id(tmp_path):
    snapshot = _story_snapshot(tmp_path, first_date="2025-09")
    points = tl.timeline_points(snapshot.articles)
    fig = tl.reports_figure(points, "Corpus: test")
    ids = [i for t in fig.data if t.customdata is not None for i in t.customdata]
    assert sorted(ids) == ["first", "other", "second"]
    symbols = {aid: symbol for t in fig.data if t.customdata is not None
               for aid, symbol in zip(t.customdata, t.marker.symbol)}
    assert symbols["first"] == tl.PRECISION_SYMBOL[dates.WINDOW]
    assert symbols["second"] == tl.PRECISION_SYMBOL[dates.EXACT]
    assert fig.layout.title.text.startswith("Reports over time")
    assert any("Corpus: test" in (a.text or "") for a in fig.layout.annotations)
    assert fig.layout.xaxis.title.text == "Publication date"


def test_figures_escape_titles_in_hover_text(tmp_path):
    make_snapshot(tmp_path, [ArticleSpec("h", "O", ["x"], title="<b>bold</b> & $5", published="2024-01-01")])
    snapshot = load_snapshot(tmp_path)
    fig = tl.reports_figure(tl.timeline_points(snapshot.articles))
    hover = [h for t in fig.data if t.hovertext is not None for h in t.hovertext][0]
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &#36;5" in hover
    assert "<b>bold</b>" not in hover


@pytest.mark.parametrize("builder", ["reports", "volume", "rereports"])
def test_empty_inputs_give_a_titled_figure_that_says_why(builder):
    articles = _articles([("none", "A", None, None)])
    fig = {
        "reports": lambda: tl.reports_figure(tl.timeline_points(articles)),
        "volume": lambda: tl.volume_figure(tl.volume_table(articles)),
        "rereports": lambda: tl.rereports_figure([], articles),
    }[builder]()
    assert fig.layout.title.text
    assert any(a.text and ("No " in a.text) for a in fig.layout.annotations)


def test_volume_figure_stacks_outlets_per_period():
    articles = _articles([("a", "A", "2024-01-10", "2024-01-10"), ("b", "B", "2024-01-12", "2024-01-12")])
    fig = tl.volume_figure(tl.volume_table(articles, "month"), "stamp")
    assert fig.layout.barmode == "stack"
    assert sorted(t.name for t in fig.data) == ["A", "B"]
    assert fig.layout.yaxis.title.text == "Articles"
    assert np.sum([sum(t.y) for t in fig.data]) == 2


def test_volume_figure_draws_the_busiest_outlets_and_the_rest_as_one_grey_bar():
    """A set-26 reviewer's chart drew 28 outlets in nine colours with a legend cut off on the slide: the
    eight busiest keep a colour each, the others are one grey "N other outlets"; every article counts."""
    rows = [(f"{o}-{n}", f"Outlet {o:02d}", "2024-01-10", "2024-01-10") for o in range(12) for n in range(12 - o)]
    fig = tl.volume_figure(tl.volume_table(_articles(rows), "month"), "stamp")
    names = [t.name.strip("\u2009") for t in fig.data]
    assert names == [f"Outlet {o:02d}" for o in range(8)] + ["4 other outlets"]
    assert fig.data[-1].marker.color == figures.MUTED
    assert len({t.marker.color for t in fig.data}) == 9
    assert np.sum([sum(t.y) for t in fig.data]) == len(rows)


def _cli(*args: str):
    return run_newslens("timeline", *args)


def test_cli_json_gives_dates_with_precision_volume_and_rereports(tmp_path):
    import json

    from tests.factories import SMALL_CORPUS

    make_snapshot(tmp_path, SMALL_CORPUS)
    done = _cli("--data", str(tmp_path), "--json", "--freq", "week")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    by_id = {a["article_id"]: (a["date"], a["date_iso"], a["date_kind"]) for a in payload["articles"]}
    assert by_id["a3"] == ("Mar 2022 (day unknown)", "2022-03", dates.WINDOW)
    assert by_id["a4"] == ("date unknown", None, dates.UNDATED)
    assert sum(c["articles"] for c in payload["volume"]["counts"]) == 2      # week: day-precise only
    stories = payload["rereports"]["stories"]
    assert [a["article_id"] for a in stories[0]["articles"]] == ["a1", "a2"]
    assert [a["lag"] for a in stories[0]["articles"]] == ["first", "+1 day"]
    assert [a["date_iso"] for a in stories[0]["articles"]] == ["2025-09-25", "2025-09-26"]


def test_cli_json_dates_follow_the_one_rule_with_the_time_apart(tmp_path):
    """A reviewer's script read timeline's `date` "25 Sep 2025 15:53 UTC" where stories, search and
    topics say "25 Sep 2025": every --json says the date one way, the exact time in time_utc."""
    import dataclasses

    from tests.factories import SMALL_CORPUS

    timed = [dataclasses.replace(a, published_at="2025-09-25T15:53:00Z") if a.article_id == "a1" else a
             for a in SMALL_CORPUS]
    make_snapshot(tmp_path, timed)
    payload = json.loads(_cli("--data", str(tmp_path), "--json").stdout)
    by_id = {a["article_id"]: a for a in payload["articles"]}
    assert (by_id["a1"]["date"], by_id["a1"]["date_iso"], by_id["a1"]["time_utc"]) == ("25 Sep 2025", "2025-09-25", "15:53")
    assert (by_id["a2"]["date"], by_id["a2"]["time_utc"]) == ("26 Sep 2025", None)
    assert "date_text" not in by_id["a1"]
    members = {a["article_id"]: a for a in payload["rereports"]["stories"][0]["articles"]}
    assert (members["a1"]["date"], members["a1"]["date_iso"], members["a1"]["time_utc"]) == \
        ("25 Sep 2025", "2025-09-25", "15:53")
    # the page keeps its wording with the time (a reader sees one line)
    points = tl.timeline_points(load_snapshot(tmp_path).articles)
    assert points.set_index(ArticleCol.ID).loc["a1", "date_text"] == "25 Sep 2025 15:53 UTC"


def test_cli_json_says_what_made_it_and_what_the_text_output_notes(tmp_path):
    """Set 34's review: `timeline --json` had no snapshot id and its filters were a sentence
    ("all articles"). Now the envelope of every command: snapshot_id, inputs (filters as data),
    notices (what the text output notes under its tables); the old filters text stays, deprecated."""
    from tests.factories import SMALL_CORPUS

    make_snapshot(tmp_path, SMALL_CORPUS)
    done = _cli("--data", str(tmp_path), "--json", "--outlet", "outlet a", "--since", "2020-01-01")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["snapshot_id"] == load_snapshot(tmp_path).snapshot_id
    assert payload["inputs"]["split"] == "outlet" and payload["inputs"]["sure_only"] is False
    assert payload["inputs"]["filters"]["outlets"] == ["Outlet A"]
    assert payload["inputs"]["filters"]["date_from"] == "2020-01-01"
    assert payload["filters"] == "outlets: Outlet A; dates: 2020-01-01 to …"
    text = _cli("--data", str(tmp_path), "--outlet", "outlet a", "--since", "2020-01-01").stdout
    assert payload["notices"] and all(notice in text for notice in payload["notices"])
    assert any("undated" in notice for notice in payload["notices"])       # a4: listed, not counted


def test_cli_split_by_original_source_as_a_shell_word_and_by_topic(tmp_path, monkeypatch):
    """Set 34's review: `--split original_source` was refused ("original source" needs quotes), and
    `--split topic`, the page's "Split by topic", was "unknown split". An article counts once, under
    the lens most of its paragraphs carry, and once among those left out."""
    from tests.factories import SMALL_CORPUS

    make_snapshot(tmp_path, SMALL_CORPUS)
    source = json.loads(_cli("--data", str(tmp_path), "--json", "--split", "original_source").stdout)
    assert source["volume"]["split"] == source["inputs"]["split"] == "original source"
    assert {c["group"] for c in source["volume"]["counts"]} == {"HUR", "SBU"}
    lenses = tmp_path / "lenses.yaml"
    lenses.write_text("default_threshold: 0.0\nlenses:\n"
                      "  - name: executions\n    definition: commander orders to shoot soldiers who retreat\n"
                      "    examples: [shoot anyone who retreats]\n"
                      "  - name: morale\n    definition: morale collapsed\n    examples: [morale collapsed]\n",
                      encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_LENSES", str(lenses))
    done = _cli("--data", str(tmp_path), "--json", "--split", "topic")
    assert done.returncode == 0, done.stderr
    volume = json.loads(done.stdout)["volume"]
    # at threshold 0 every article carries both lenses: each dated one counts once, under its main one
    counts = {}
    for row in volume["counts"]:
        counts[row["group"]] = counts.get(row["group"], 0) + row["articles"]
    assert volume["split"] == "topic" and set(counts) <= {"executions", "morale"} and sum(counts.values()) == 3
    assert volume["left_out"] == {"undated article(s) not counted": 1}      # a4, once (it has two lenses)
    assert "Articles per month by topic:" in _cli("--data", str(tmp_path), "--split", "topic").stdout


@pytest.mark.parametrize("args, message", [
    (["--split", "colour"], "unknown split 'colour'; choose one of outlet, original source, language, topic"),
    (["--since", "yesterday"], "--since: not a date (YYYY-MM-DD): 'yesterday'"),
    (["--until", "2024-13-01"], "--until: not a date (YYYY-MM-DD): '2024-13-01'"),
])
def test_cli_rejects_bad_input_with_one_line(tmp_path, args, message):
    """A bad date printed the whole usage block (set 34's review), unlike every other command's error."""
    from tests.factories import SMALL_CORPUS

    make_snapshot(tmp_path, SMALL_CORPUS)
    done = _cli("--data", str(tmp_path), *args)
    assert done.returncode == 2
    assert done.stderr == f"error: {message}\n"


def test_cli_missing_snapshot_is_a_one_line_error(tmp_path):
    done = _cli("--data", str(tmp_path / "none"))
    assert done.returncode == 2
    assert done.stderr.strip().startswith("error: no snapshot") and "Traceback" not in done.stderr


def test_volume_split_by_topic_uses_the_lens_colours():
    from newslens.topics.figures import LENS_COLORS

    table = pd.DataFrame({"period": pd.to_datetime(["2022-03-01", "2022-03-01"]),
                          "group": ["morale", "executions"], "articles": [2, 1]})
    fig = tl.volume_figure(tl.Volume(table, "month", "topic"))
    colours = {trace.name: trace.marker.color for trace in fig.data}
    assert colours == {"morale": LENS_COLORS["morale"], "executions": LENS_COLORS["executions"]}


def _points_row_by_row(articles: pd.DataFrame) -> pd.DataFrame:
    """The points as the per-article rules of newslens.dates and newslens.outlets define them."""
    from newslens.outlets import outlet_label
    rows = []
    for a in articles.to_dict("records"):
        start, end = pd.Timestamp(a[ArticleCol.DATE_START]), pd.Timestamp(a[ArticleCol.DATE_END])
        kind = dates.date_kind(start, end)
        x = (start + (end - start) / 2).normalize() if kind == dates.WINDOW else start
        rows.append({ArticleCol.ID: a[ArticleCol.ID], ArticleCol.OUTLET: outlet_label(a[ArticleCol.OUTLET], a[ArticleCol.DOMAIN]),
                     "date_kind": kind, "x": x,
                     "date_text": dates.moment_text(a[ArticleCol.PUBLISHED_AT]) or dates.describe_date(start, end)})
    return pd.DataFrame(rows)


def test_points_agree_with_the_per_article_date_rules_on_a_mixed_corpus():
    """Column-wise points say exactly what the one date rule says for each article: every precision,
    open windows, undated, exact times, a missing outlet falling back to the domain."""
    specs = [ArticleSpec(f"a{i}", [None, "Outlet A", "Outlet B"][i % 3], ["text"],
                         published=["2024-01-10", "2024-02", "2023", None][i % 4], domain=f"site{i % 2}.org",
                         published_at="2024-01-10T14:03:00Z" if i % 5 == 0 and i % 4 == 0 else None)
             for i in range(40)]
    articles, _ = article_frames(specs)
    articles.loc[articles[ArticleCol.ID] == "a7", [ArticleCol.DATE_START, ArticleCol.DATE_END]] = [T("2025-09-25"), NaT]
    articles.loc[articles[ArticleCol.ID] == "a9", [ArticleCol.DATE_START, ArticleCol.DATE_END]] = [T("2025-09-01"), T("2025-09-14")]
    got = tl.timeline_points(articles).set_index(ArticleCol.ID).sort_index()
    want = _points_row_by_row(articles).set_index(ArticleCol.ID).sort_index()
    for column in (ArticleCol.OUTLET, "date_kind", "date_text"):
        assert got[column].tolist() == want[column].tolist(), column
    assert got["x"].tolist() == pd.to_datetime(want["x"]).tolist()
    assert set(got["date_kind"]) == {dates.EXACT, dates.WINDOW, dates.OPEN, dates.UNDATED}
    assert got.at["a0", "date_text"] == "10 Jan 2024 14:03 UTC"
    assert got.at["a9", "date_text"] == "between 01 Sep 2025 and 14 Sep 2025"


def test_hover_text_is_the_same_for_long_titles_notes_and_odd_whitespace():
    articles = _articles([("a", "A", "2024-01-10", "2024-01-10"), ("b", "B", "2024-01-11", "2024-01-11"),
                          ("c", "A", "2024-01-12", "2024-01-12")])
    articles[ArticleCol.TITLE] = ["A title well over sixty characters long that must wrap onto lines", " spaced  title\t",
                                  ""]
    articles[ArticleCol.DATE_NOTE] = [None, "on or after the call's release <b>", None]
    points = tl.timeline_points(articles)
    assert tl._hovers(points) == [tl._hover(row) for row in points.to_dict("records")]


def test_a_very_large_timeline_is_sampled_with_a_note_never_silently():
    n = 300
    articles = _articles([(f"a{i:03d}", ["A", "B", "C"][i % 3], f"2024-01-{1 + i % 28:02d}", f"2024-01-{1 + i % 28:02d}")
                          for i in range(n)] + [("lone", "D", "2024-02-01", "2024-02-01")])
    points = tl.timeline_points(articles)
    fig = tl.reports_figure(points, max_marks=60)
    drawn = [i for t in fig.data if t.customdata is not None for i in t.customdata]
    assert 55 <= len(drawn) <= 65 and len(set(drawn)) == len(drawn)
    assert "lone" in drawn                                            # every outlet keeps its lane
    assert f"of {n + 1:,} dated articles drawn" in fig.layout.title.subtitle.text
    full = tl.reports_figure(points)
    assert len([i for t in full.data if t.customdata is not None for i in t.customdata]) == n + 1
    assert "drawn" not in full.layout.title.subtitle.text


def test_many_stories_draw_the_largest_and_say_how_many_are_not_drawn():
    rows = [(f"s{n}-{m}", f"Outlet {m}", f"2024-01-{1 + n % 27:02d}", f"2024-01-{1 + n % 27:02d}")
            for n in range(40) for m in range(2 + (n == 33))]
    articles = _articles(rows)
    groups = [tl.StoryGroup(f"story-{n}", [f"s{n}-{m}" for m in range(2 + (n == 33))], f"s{n}-0",
                            {f"s{n}-{m}": float(m) for m in range(2 + (n == 33))},
                            {f"s{n}-{m}": False for m in range(2 + (n == 33))}, True, "why", sure=n != 1)
              for n in range(40)]
    drawn = tl.stories_to_draw(groups, limit=5)
    assert [g.story_id for g in drawn] == ["story-0", "story-1", "story-2", "story-3", "story-33"]
    fig = tl.rereports_figure(groups, articles, max_stories=5)
    marked = [i for t in fig.data if t.customdata is not None for i in t.customdata]
    assert sorted(marked) == sorted(a for g in drawn for a in g.article_ids)
    assert "the 5 largest of 40 stories drawn" in fig.layout.title.subtitle.text
    assert len(fig.layout.shapes) == 4 and len(fig.layout.annotations) >= len(marked)
    assert "drawn" not in tl.rereports_figure(groups[:3], articles).layout.title.subtitle.text
    # each drawn story is named over its rows by its number in the page's table (story-33 is the 34th)
    named = [a.text for a in fig.layout.annotations if a.xref == "x domain"]
    # (a story the grouping is less sure of says so: a slide of "all stories" read them all as sure)
    assert named == [f"<b>Story {n}</b>{' (less sure)' if n == 2 else ''} · " for n in (1, 2, 3, 4, 34)]


def test_the_command_line_marks_sure_stories_and_can_show_only_them(tmp_path):
    """`timeline --json` says of each story whether the grouping is sure of it (the page shows only
    those by default); `--sure-only` leaves the others out and counts them. The small corpus's one
    story links its reports at 0.76, under the 1.00 a sure story needs."""
    from tests.factories import SMALL_CORPUS, make_snapshot

    make_snapshot(tmp_path, SMALL_CORPUS)
    every = json.loads(run_newslens("timeline", "--data", str(tmp_path), "--json").stdout)["rereports"]
    assert [s["sure"] for s in every["stories"]] == [False] and every["less_sure_not_shown"] == 0
    sure = json.loads(run_newslens("timeline", "--data", str(tmp_path), "--json", "--sure-only").stdout)["rereports"]
    assert sure["stories"] == [] and sure["less_sure_not_shown"] == 1
    text = run_newslens("timeline", "--data", str(tmp_path), "--sure-only").stdout
    assert "1 story the grouping is less sure of is not shown" in text


def test_a_story_is_sure_when_every_report_is_linked_at_twice_the_need():
    from newslens.compare.stories import Story

    def story(confidence, by_hand=False):
        return Story("s", ["a", "b"], "t", [], "a", True, {}, by_hand=by_hand, confidence=confidence)
    assert story(1.0).sure and not story(0.99).sure
    assert not story(1.0, by_hand=True).sure      # picked by hand: the grouping vouches for nothing


def test_an_empty_sure_chart_says_which_sure_stories_it_cannot_order_as_well_as_the_less_sure():
    """Set 31 (helper's review): four sure stories, each with one dated report, and three less sure
    ones; the chart was blank and said only "3 stories ... less sure of are not shown"."""
    unordered = tl.Unordered(stories=7, undated_reports=2, sure_stories=4, sure_undated_reports=0)
    groups, hidden, shown = tl.sure_view([], unordered, sure_only=True)
    assert groups == [] and hidden == 3 and shown == tl.Unordered(4, 0, 4, 0, sure_only=True)
    assert tl.sure_view([], unordered, sure_only=False) == ([], 0, unordered)
    message = tl.no_rereports_text(shown, less_sure=hidden)
    assert message.startswith("4 sure stories of several reports, but fewer than two dated in each")
    assert "3 stories the grouping is less sure of are not shown" in message
    assert tl.no_rereports_text(tl.Unordered()) == "No story is reported by more than one article here."


def test_unordered_counts_split_off_the_sure_stories(tmp_path, monkeypatch):
    from newslens.compare.stories import Story

    snapshot = _story_snapshot(tmp_path, first_date=None, second_date=None)
    monkeypatch.setattr(Story, "sure", property(lambda self: True))
    _, _, unordered, _ = tl.find_rereports(snapshot)
    assert unordered == tl.Unordered(stories=1, undated_reports=0, sure_stories=1, sure_undated_reports=0)
    monkeypatch.setattr(Story, "sure", property(lambda self: False))
    groups, _, unordered, _ = tl.find_rereports(snapshot)
    # a less sure story with no two dated reports is left out as less sure, and said so
    groups, hidden, shown = tl.sure_view(groups, unordered, sure_only=True)
    assert (groups, hidden, shown) == ([], 1, tl.Unordered(sure_only=True))
    assert tl.no_rereports_text(shown, hidden).startswith("1 story the grouping is less sure of is not shown")


def test_a_corpus_of_undated_less_sure_stories_opens_on_why_none_can_be_ordered():
    """A Finnish/Romanian corpus (review, session 31): three stories, none sure, none with two dated
    reports. The chart opened on "3 stories the grouping is less sure of are not shown", and turning
    them on showed only that none can be ordered: it now opens on every story, and says that."""
    undated = tl.Unordered(stories=3, undated_reports=0, sure_stories=0, sure_undated_reports=0)
    assert tl.sure_only_default([], undated) is False
    assert tl.sure_only_default([], tl.Unordered(stories=3, sure_stories=1)) is True
    assert tl.sure_only_default([], tl.Unordered()) is True and tl.sure_only_default([]) is True
    groups, hidden, shown = tl.sure_view([], undated, sure_only=tl.sure_only_default([], undated))
    assert hidden == 0
    assert tl.no_rereports_text(shown, hidden).startswith("3 stories of several reports, but fewer than two dated")


def test_two_reports_of_one_story_by_one_outlet_get_a_row_each(tmp_path):
    """Set 31 (a helper's review): an outlet's two reports of one story shared a row, their marks and
    lag labels printed over each other ("first, order uncertain" over "same day")."""
    make_snapshot(tmp_path, [
        ArticleSpec("first", "Outlet A", CALL, published="2025-09-25", original_source="HUR"),
        ArticleSpec("second", "Outlet A", CALL_REWORDED, published="2025-09-25", original_source="HUR"),
    ])
    snapshot = load_snapshot(tmp_path)
    groups, _, _, _ = tl.find_rereports(snapshot)
    fig = tl.rereports_figure(groups, snapshot.articles)
    rows = [y for trace in fig.data for y in (trace.y or ()) if isinstance(y, str)]
    assert {"Story 1 · Outlet A", "Story 1 · Outlet A (2)"} <= set(rows)
    # the story's title over its rows (a slide's "Story 1" said nothing of which story), escaped
    [title] = [a.text for a in fig.layout.annotations if a.xref == "x domain"]
    assert title.startswith("<b>Story 1</b> · ") and groups[0].title[:20] in title


def test_the_command_line_names_each_story_of_who_reported_first(tmp_path):
    _story_snapshot(tmp_path)
    [story] = json.loads(run_newslens("timeline", "--data", str(tmp_path), "--json").stdout)["rereports"]["stories"]
    [detected] = detect_stories(load_snapshot(tmp_path))
    assert (story["story_id"], story["title"]) == (detected.id, detected.title) and story["title"]


def test_the_command_line_outlet_filter_reads_names_in_any_case_and_refuses_unknown_ones(tmp_path):
    """`timeline --outlet` filtered nothing for a misspelt outlet and said nothing (search refused it)."""
    _story_snapshot(tmp_path)
    proc = run_newslens("timeline", "--data", str(tmp_path), "--json", "--outlet", "outlet a")
    assert proc.returncode == 0, proc.stderr
    assert {a["outlet"] for a in json.loads(proc.stdout)["articles"]} == {"Outlet A"}
    proc = run_newslens("timeline", "--data", str(tmp_path), "--json", "--outlet", "Outlet Q")
    assert proc.returncode == 2 and "unknown outlet 'Outlet Q'" in proc.stderr and "Outlet A" in proc.stderr


def test_the_text_output_cuts_long_titles(tmp_path):
    """Set 28 (a reviewer): the text tables ran to 250 characters a row, right-aligned titles pushing
    everything across the terminal (to_string ignores display.max_colwidth)."""
    long_title = "Commander orders soldiers shot " + "and more words of a very long headline " * 8
    make_snapshot(tmp_path, [
        ArticleSpec("first", "Outlet A", CALL, published="2025-09-25", original_source="HUR", title=long_title),
        ArticleSpec("second", "Outlet B", CALL_REWORDED, published="2025-09-26", original_source="HUR"),
    ])
    out = run_newslens("timeline", "--data", str(tmp_path)).stdout
    table_lines = [line for line in out.splitlines() if "Outlet A" in line]
    assert table_lines and all(len(line) <= 120 for line in table_lines), table_lines
    assert long_title not in out and "Commander orders soldiers shot" in out


def test_outlet_rows_are_alphabetical_whatever_the_case():
    """A reviewer's slide (set 34): rows ran "Euromaidan Press, Novaya Gazeta Europe, Ukrainska Pravda"
    and only then "benborges.xyz, fun.my.ua ...": capitals sorted first."""
    day = pd.Timestamp("2024-01-01")
    articles = _articles([("a", "Ukrainska Pravda", day, day), ("b", "benborges.xyz", day, day),
                          ("c", "Euromaidan Press", day, day), ("d", "fun.my.ua", day, day)])
    fig = tl.reports_figure(tl.timeline_points(articles))
    top_to_bottom = list(reversed(fig.layout.yaxis.ticktext))
    assert top_to_bottom == ["benborges.xyz", "Euromaidan Press", "fun.my.ua", "Ukrainska Pravda"]


def test_an_outlets_two_editions_of_a_story_are_told_apart_by_language(tmp_path):
    """A set-31 reviewer's slide: an agency's Russian and Ukrainian editions read "Story 2 ·
    ua.interfax.com.ua" and "Story 2 · ua.interfax.com.ua (2)": nothing said which was which."""
    make_snapshot(tmp_path, [
        ArticleSpec("ru-ed", "Agency", CALL, published="2025-09-25", language="ru"),
        ArticleSpec("uk-ed", "Agency", CALL, published="2025-09-25", language="uk"),
    ])
    snapshot = load_snapshot(tmp_path)
    groups, _, _, _ = tl.find_rereports(snapshot)
    fig = tl.rereports_figure(groups, snapshot.articles)
    rows = {y for trace in fig.data for y in (trace.y or ()) if isinstance(y, str)}
    assert {"Story 1 · Agency (ru)", "Story 1 · Agency (uk)"} <= rows


def test_who_reported_first_ticks_lie_flat_on_two_lines(tmp_path):
    """A set-31 reviewer's slide: "21 May 2024" ticks stood upright and the axis title ran into the stamp."""
    snapshot = _story_snapshot(tmp_path)
    groups, _, _, _ = tl.find_rereports(snapshot)
    fig = tl.rereports_figure(groups, snapshot.articles, "Corpus: test", large=True)
    assert fig.layout.xaxis.tickformat == "%d %b<br>%Y" and fig.layout.xaxis.tickangle == 0


@pytest.mark.parametrize("command", [["stories", "--json"], ["timeline", "--json"], ["topics", "--json"],
                                     ["stories"], ["topics"]])
def test_cli_words_only_notices_give_the_rebuild_of_this_corpus_not_the_bare_one(tmp_path, monkeypatch, command):
    """A Finnish/Romanian review (session 31): `stories` and `search` on a corpus of one's own
    said "python -m pipeline build --model multilingual-e5-small", which rebuilds the bundled
    sample's raw folder; the app's pages already gave the corpus' own folders."""
    from newslens import languages
    from newslens.compare import evidence

    for module in (languages, evidence):          # (evidence holds its own name for it)
        monkeypatch.setattr(module, "model_languages", lambda name, path=None: {"en"})
    data = tmp_path / "my-scrape" / "processed"
    make_snapshot(data, [
        ArticleSpec("en1", "Front Daily", ["Soldiers deserted their unit and fled the front at night."],
                    published="2025-03-01"),
        ArticleSpec("de1", "Tagesblatt", ["Mehrere Soldaten sind nachts aus ihrer Einheit desertiert.",
                                          "Die Einheit lag an der Front, berichtete die Zeitung."],
                    published="2025-03-02", language="de"),
    ])
    done = run_newslens(*command[:1], "--data", str(data), *command[1:])
    assert done.returncode == 0, done.stderr
    said = " ".join((done.stdout + done.stderr).split())       # (the text output wraps at spaces only)
    assert "multilingual-e5-small" in said and f"--out {data}" in said
    assert languages.fix_hint() not in said
