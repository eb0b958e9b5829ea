"""A title made from the url's words is said to be so wherever a title is shown (Finnish/Romanian
review: "Venajan ..." lost its diacritics and read as a printed headline in tables, search hits and
screenshots), and ``--json`` keeps the title as stored with ``title_from_url`` beside it."""
from __future__ import annotations

import dataclasses
import html
import json

import pytest

from newslens.schema import URL_TITLE_MARK, ArticleCol
from tests.apptest_utils import all_markdown, plotly_specs, run_app
from tests.cli_utils import run_newslens
from tests.compare_cases import ORIGINAL, REWORK, UNRELATED
from tests.factories import make_snapshot

# No headline printed: the pipeline titled it with its url's words (pipeline.ingest), in the note's words.
URL_TITLE = "Venajan komentaja kaski ampua peraantyvia sotilaita"
URL_NOTE = f"no line of the page reads as its headline (best: line 3, score 1); {ArticleCol.TITLE_FROM_URL}"
PRINTED = "Komentaja käski ampua perääntyviä sotilaita"

WIRE = dataclasses.replace(ORIGINAL, title=URL_TITLE, title_note=URL_NOTE, provenance={ArticleCol.TITLE: "inferred"})
REPORT = dataclasses.replace(REWORK, title=PRINTED)
MARKED, PLAIN = URL_TITLE + URL_TITLE_MARK, PRINTED + URL_TITLE_MARK


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("url_titles")
    make_snapshot(path, [WIRE, REPORT, UNRELATED])
    return path


@pytest.fixture(scope="module")
def url_story_dir(tmp_path_factory):
    """One story whose reports all print no headline: its title is the first one's url words."""
    path = tmp_path_factory.mktemp("url_story")
    make_snapshot(path, [WIRE, dataclasses.replace(REWORK, title="Komentaja kaski ampua", title_note=URL_NOTE),
                         UNRELATED])
    return path


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def _hovers(spec: dict) -> dict[str, str]:
    return {aid: html.unescape(hover) for t in spec["data"] if t.get("customdata")
            for aid, hover in zip(t["customdata"], t["hovertext"])}


# --- pages ---------------------------------------------------------------------------------------

def test_timeline_marks_the_url_title_in_hovers_and_the_articles_table(data_dir):
    at = _ok(run_app(data_dir))
    specs = plotly_specs(at)
    for chart in ("Reports over time, by outlet", "Who reported first: re-reports of the same story"):
        hovers = _hovers(specs[chart])
        assert MARKED in hovers["wire-1"], chart
        assert PRINTED in hovers["rework-1"] and PLAIN not in hovers["rework-1"], chart
    # the table says it in a column before the title: a mark after a long title was cut off
    table = at.dataframe[0].value.set_index(ArticleCol.ID)
    assert table.loc["wire-1", ["Title from", "Title"]].tolist() == ["its url", URL_TITLE]
    assert table.loc["rework-1", ["Title from", "Title"]].tolist() == ["", PRINTED]


def test_timeline_names_a_story_titled_by_url_words_as_such(url_story_dir):
    at = _ok(run_app(url_story_dir))
    spec = plotly_specs(at)["Who reported first: re-reports of the same story"]
    names = [html.unescape(a["text"]) for a in spec["layout"]["annotations"] if a.get("xref") == "x domain"]
    assert any(name.endswith(MARKED) for name in names), names


def test_search_hit_headers_mark_the_url_title_only(data_dir):
    at = _ok(run_app(data_dir, page="search", query_params={"q": "commander", "mode": "lexical"}))
    headers = [html.unescape(str(m.value)) for m in at.markdown if "nl-meta" in str(m.value)]
    wire = next(h for h in headers if "Wire Service" in h)
    report = next(h for h in headers if "Rework Daily" in h)
    assert URL_TITLE_MARK in wire and URL_TITLE_MARK not in report


def test_compare_headers_and_pickers_mark_the_url_title(data_dir):
    at = _ok(run_app(data_dir, page="compare", query_params={"articles": "wire-1,rework-1"}))
    text = html.unescape(all_markdown(at))
    assert MARKED in text and PRINTED in text and PLAIN not in text
    chosen = at.multiselect(key="cmp_articles")
    labels = {a: chosen.format_func(a) for a in chosen.value}
    assert MARKED in labels["wire-1"] and URL_TITLE_MARK not in labels["rework-1"]
    # the story is titled by the headline printed, which says nothing more
    assert at.selectbox(key="cmp_story").format_func(at.selectbox(key="cmp_story").value).startswith(PRINTED + " —")


def test_reader_heading_marks_the_url_title(data_dir):
    at = _ok(run_app(data_dir, page="articles", query_params={"article": "wire-1"}))
    assert html.unescape(at.header[0].value) == MARKED
    at = _ok(run_app(data_dir, page="articles", query_params={"article": "rework-1"}))
    assert html.unescape(at.header[0].value) == PRINTED


# --- command line --------------------------------------------------------------------------------

def _json(*args: str) -> dict:
    proc = run_newslens(*args, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _flags(records: list[dict]) -> dict[str, tuple[str, bool]]:
    return {r["article_id"]: (r["title"], r["title_from_url"]) for r in records}


def test_json_keeps_the_title_as_stored_and_says_it_is_the_urls_words(data_dir):
    data = str(data_dir)
    wanted = {"wire-1": (URL_TITLE, True), "rework-1": (PRINTED, False)}
    hits = _json("search", "commander", "--data", data, "--mode", "lexical", "--no-group")["results"]
    assert _flags(hits) == wanted
    timeline = _json("timeline", "--data", data)
    assert {a: f for a, f in _flags(timeline["articles"]).items() if a in wanted} == wanted
    [story] = timeline["rereports"]["stories"]
    assert _flags(story["articles"]) == wanted and story["title_from_url"] is False
    assert {a: f for a, f in _flags(_json("articles", "--data", data)["articles"]).items() if a in wanted} == wanted
    document = _json("articles", "wire-1", "--data", data)["article"]
    assert (document["title"], document["title_from_url"]) == (URL_TITLE, True)
    compared = _json("compare", "wire-1", "rework-1", "--data", data)
    assert [(compared[s]["title"], compared[s]["title_from_url"]) for s in "ab"] == list(wanted.values())
    paragraphs = _json("topics", "--data", data)["paragraphs"]
    assert {a: f for a, f in _flags(paragraphs).items() if a in wanted} == wanted
    [story] = [s for s in _json("stories", "--data", data)["stories"] if "wire-1" in s["article_ids"]]
    assert (story["title"], story["title_from_url"]) == (PRINTED, False)


def test_a_storys_url_title_is_said_in_json_and_text(url_story_dir):
    [story] = _json("stories", "--data", str(url_story_dir))["stories"]
    assert (story["title"], story["title_from_url"]) == (URL_TITLE, True)
    proc = run_newslens("stories", "--data", str(url_story_dir))
    assert proc.returncode == 0 and MARKED in proc.stdout


@pytest.mark.parametrize("args", [
    ("search", "commander", "--mode", "lexical", "--no-group"),
    ("timeline",),
    ("articles",),
    ("compare", "wire-1", "rework-1"),
])
def test_text_output_marks_the_url_title_only(data_dir, args):
    proc = run_newslens(*args, "--data", str(data_dir))
    assert proc.returncode == 0, proc.stderr
    out = " ".join(proc.stdout.split())        # tables pad and wrap
    assert MARKED in out or URL_TITLE_MARK in out and URL_TITLE[:30] in out
    assert PLAIN not in out


@pytest.mark.parametrize("note, from_url", [
    (URL_NOTE, True),
    ("line 2 of the page (91% of its words are the url's; printed again on the page; score 6)", False),
    (None, False),
    (float("nan"), False),       # a missing note in a frame
])
def test_the_rule_reads_the_pipelines_note(note, from_url):
    from newslens.schema import TitleSource, shown_title, title_source

    assert (title_source(note) == TitleSource.URL) is from_url
    assert shown_title(URL_TITLE, title_source(note)) == (MARKED if from_url else URL_TITLE)
    assert shown_title(None, TitleSource.URL) == "(untitled)"       # no title: nothing to mark


def test_the_title_from_column_shows_only_where_a_title_is_a_urls_words(tmp_path):
    """An empty "Title from" column took a slide's width on a corpus whose pages all print headlines."""
    make_snapshot(tmp_path, [ORIGINAL, REWORK])
    at = _ok(run_app(tmp_path))
    columns = json.loads(at.dataframe[0].proto.columns)
    assert columns["Title from"] == {"hidden": True} and "hidden" not in columns["Title"]
