"""A Telegram post is the origin of a story: collected with the outlets' re-reports, it groups with
them and the timeline lists it first with each outlet's lag, in hours where both times are exact."""
from __future__ import annotations

import pandas as pd
import pytest

from newslens.dates import hours_text, lag_text, publication_order
from newslens.schema import ArticleCol
from pipeline.metadata import parse_date
from tests.origin_fixtures import CHANNEL, write_channel_export, write_reports


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    from newslens.store import load_snapshot
    from pipeline.build import build_snapshot
    from pipeline.collect.run import collect
    from tests.factories import HashingEmbedder

    root = tmp_path_factory.mktemp("origin")
    sources = [write_channel_export(root / "src"), write_reports(root / "src")]
    report = collect([str(s) for s in sources], root / "raw")
    assert len(report.collected) == 7
    build_snapshot(root / "raw", root / "data", "hashing", embedder=HashingEmbedder())
    return load_snapshot(root / "data")


def _story_rows(snapshot) -> pd.DataFrame:
    from newslens.timeline.aggregate import find_rereports, rereport_table

    groups, _, _, _ = find_rereports(snapshot)
    table = rereport_table(groups, snapshot.articles)
    first = table[table["lag"] == "first"]
    assert not first.empty, table.to_string()
    origin = snapshot.articles.set_index(ArticleCol.ID).loc[first[ArticleCol.ID], ArticleCol.URL]
    story = first.loc[origin.str.endswith("/311").to_numpy(), "story"].iloc[0]
    return table[table["story"] == story]


def test_channel_post_is_first_and_each_outlet_lag_is_said_in_hours_or_days(snapshot):
    rows = _story_rows(snapshot)
    assert list(rows[ArticleCol.OUTLET]) == [CHANNEL, "Kyiv Ledger", "Baltic Monitor", "Danube Weekly"]
    # 09:12 UTC post; 14:30 and next-day 07:00 UTC reports; a report dated only to the day.
    assert list(rows["lag"]) == ["first", "+5 h", "+22 h", "+2 days"]
    assert rows["date"].iloc[0] == "03 Oct 2025 09:12 UTC"


def test_report_citing_the_channel_for_another_post_stays_out(snapshot):
    rows = _story_rows(snapshot)
    titles = set(rows[ArticleCol.TITLE].dropna())
    assert "Supply trucks hit near Pokrovsk" not in titles


def test_the_link_says_the_report_names_the_channel(snapshot):
    from newslens.compare.stories import group_stories

    story = next(s for s in group_stories(snapshot).stories if len(s.article_ids) == 4)
    assert "one is a post of frontline intercepts, which the other names as its source" in story.explanation
    assert story.first_reporter_certain
    # The compare view says the same lags as the timeline, and the post's title is never "nan".
    outlet = snapshot.articles.set_index(ArticleCol.ID)[ArticleCol.OUTLET]
    assert [(outlet[a], story.lag_text(a)) for a in story.article_ids] == [
        (CHANNEL, "first"), ("Kyiv Ledger", "+5 h"), ("Baltic Monitor", "+22 h"), ("Danube Weekly", "+2 days")]
    assert story.title != "nan"


def test_exact_time_kept_only_for_timestamped_sources(snapshot):
    at = snapshot.articles.set_index(ArticleCol.OUTLET)[ArticleCol.PUBLISHED_AT]
    assert at["Danube Weekly"] is None or pd.isna(at["Danube Weekly"])
    assert at["Baltic Monitor"] == "2025-10-04T07:00:00Z"


@pytest.mark.parametrize("raw, at", [
    ("2025-09-25T14:03:00Z", "2025-09-25T14:03:00Z"),
    ("2025-09-25 14:03+03:00", "2025-09-25T11:03:00Z"),
    ("20.02.2026 14:33 GMT", "2026-02-20T14:33:00Z"),
    ("14:33 GMT 20.02.2026", "2026-02-20T14:33:00Z"),
    ("Published: 18 March 2022, 2:33 pm UTC", "2022-03-18T14:33:00Z"),
    ("2025-09-25T14:03:00", None),        # no zone: whose clock? not exact
    ("18 March 2022 14:33", None),
    ("2025-09-25", None),
    ("2023-07", None),
])
def test_printed_timestamps_with_a_zone_give_the_exact_time(raw, at):
    assert parse_date(raw).at == at


def test_same_day_articles_ordered_by_time_and_lag_in_hours():
    day = pd.Timestamp("2025-10-03")
    order = publication_order([("late", day, day, "2025-10-03T14:30:00Z"), ("post", day, day, "2025-10-03T09:12:00Z"),
                               ("daily", day + pd.Timedelta(days=2), day + pd.Timedelta(days=2), None)])
    assert order.article_ids == ["post", "late", "daily"] and order.certain
    assert round(order.hours["late"], 1) == 5.3 and "daily" not in order.hours
    assert lag_text(order.lags["daily"], False, False, True, order.hours.get("daily")) == "+2 days"


def test_same_day_without_times_stays_uncertain():
    day = pd.Timestamp("2025-10-03")
    order = publication_order([("a", day, day, "2025-10-03T09:12:00Z"), ("b", day, day, None)])
    assert not order.certain and order.hours == {"a": 0.0}


@pytest.mark.parametrize("hours, text", [(0.5, "+30 min"), (5.3, "+5 h"), (47.4, "+47 h"), (50, "+2 days 2 h"),
                                         (72, "+3 days")])
def test_hours_wording(hours, text):
    assert hours_text(hours) == text


def _facts(aid, outlet, url, day, text, source=None):
    import numpy as np

    from newslens.compare.evidence import ArticleFacts, channel_names

    f = ArticleFacts(aid, np.zeros(0, dtype=int), pd.Timestamp(day), pd.Timestamp(day), True, source, aid, "en",
                     outlet=outlet, url=url)
    f.text_lower = text.lower()
    f.channel_names = channel_names(f, 4)
    return f


@pytest.mark.parametrize("report_outlet, report_day, text, cited", [
    ("Kyiv Ledger", "2025-10-04", "posted by the Telegram channel Frontline Intercepts", "frontline intercepts"),
    ("Kyiv Ledger", "2025-10-04", "a clip shared on t.me/frontline_intercepts/311", "frontline_intercepts"),
    ("Kyiv Ledger", "2025-10-04", "Ukraine's military intelligence released the call", "hur (ukraine's military intelligence)"),
    ("Kyiv Ledger", "2025-10-01", "posted by the Telegram channel Frontline Intercepts", None),   # before the post
    (CHANNEL, "2025-10-04", "as Frontline Intercepts wrote", None),                               # the channel itself
    ("Kyiv Ledger", "2025-10-04", "a call published by another channel", None),
])
def test_a_report_cites_the_origin_post_only_when_it_names_it_and_came_later(report_outlet, report_day, text, cited):
    from newslens.compare import claims as cl
    from newslens.compare.evidence import cites_origin_post

    post = _facts("post", CHANNEL, "https://t.me/frontline_intercepts/311", "2025-10-03", "Intercept: ...", "HUR")
    report = _facts("report", report_outlet, "https://kyivledger.test/1", report_day, text)
    report.cited = {c.source.lower() for c in cl.extract_citations(text)}
    assert cites_origin_post(post, report) == cited


def test_an_outlet_article_is_no_origin_post():
    from newslens.compare.evidence import cites_origin_post

    article = _facts("a", "Kyiv Ledger", "https://kyivledger.test/1", "2025-10-03", "Frontline Intercepts")
    other = _facts("b", "Baltic Monitor", "https://balticmonitor.test/1", "2025-10-04", "as the Kyiv Ledger reported")
    assert article.channel_names == set() and cites_origin_post(article, other) is None


def test_a_snapshot_from_before_exact_times_loads_with_them_empty(tmp_path):
    from newslens.store import load_snapshot
    from newslens.timeline.aggregate import timeline_points
    from tests.factories import SMALL_CORPUS, make_snapshot

    folder = make_snapshot(tmp_path, SMALL_CORPUS)
    path = folder / "articles.parquet"
    pd.read_parquet(path).drop(columns=[ArticleCol.PUBLISHED_AT]).to_parquet(path)
    snapshot = load_snapshot(tmp_path)
    assert snapshot.articles[ArticleCol.PUBLISHED_AT].isna().all()
    points = timeline_points(snapshot.articles)
    assert not points["date_text"].str.contains("UTC").any()     # days, as before


@pytest.mark.parametrize("stamp, at", [
    ("2025-10-03T14:30:00+03:00", "2025-10-03T11:30:00Z"),
    ("2025-10-03T14:30:00Z", "2025-10-03T14:30:00Z"),
    ("2025-10-03", None),                       # the day only
    ("2025-10-03T14:30:00", None),              # no zone: not exact
])
def test_a_pages_published_time_meta_gives_the_exact_time(stamp, at):
    from pipeline.ingest import extract_html
    from tests.collect_site import news_page

    page = news_page("Officers shot two men, soldier says", stamp, "A. Writer", [
        "An intercepted call published by a Telegram channel has a soldier describing how officers shot two "
        "men of his company for refusing to advance near the front line."] * 3)
    article = extract_html(page, "https://kyivledger.test/news/1")
    assert article.date.published == "2025-10-03" and article.date.at == at


def test_a_printed_timestamp_under_the_headline_gives_the_exact_time():
    from pipeline.metadata import read_top_of_text

    text = ("Soldier says officers shot two men\n\n14:33 GMT 20.02.2026\n\nAn intercepted call published on "
            "Friday by a Telegram channel appears to capture a soldier describing an execution.\n\nMore on the call.")
    assert read_top_of_text(text).date.at == "2026-02-20T14:33:00Z"
