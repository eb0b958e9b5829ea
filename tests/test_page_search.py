"""The search page through the real app (AppTest): results, filters, odd queries, URL, export."""
from __future__ import annotations

import html
import io
import json
from contextlib import contextmanager
from typing import Iterator

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from tests.apptest_utils import all_markdown, run_app, visible_text



def hit_blocks(at) -> list[str]:
    """The rendered hit paragraphs (escaped, with marks), in page order."""
    return [str(m.value) for m in at.markdown if str(m.value).startswith("<div class='nl-hit'>")]


def hit_headers(at) -> list[str]:
    return [str(m.value) for m in at.markdown if "nl-meta" in str(m.value) and str(m.value).startswith("**")]


@contextmanager
def captured_downloads() -> Iterator[dict[str, bytes]]:
    """Record what the download buttons would serve (AppTest keeps media in a throwaway store)."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename and isinstance(path_or_data, (bytes, bytearray)):
            files[filename] = bytes(path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    MemoryMediaFileStorage.load_and_get_id = record
    try:
        yield files
    finally:
        MemoryMediaFileStorage.load_and_get_id = original


def test_empty_query_shows_a_hint_and_no_search(tiny_data_dir):
    at = run_app(tiny_data_dir, page="search")
    assert not at.exception
    assert any("Type a claim" in str(i.value) for i in at.info)
    assert hit_blocks(at) == []
    # Example queries are one click away and run a search.
    at.button(key="example-0").click().run()
    assert not at.exception
    assert at.text_input(key="q").value == "soldiers hurting themselves to be sent home"
    assert hit_blocks(at)


def test_query_from_the_url_shows_highlighted_hits_with_metadata(tiny_data_dir):
    at = run_app(tiny_data_dir, page="search", query_params={"q": "shoot anyone who retreats", "group": "false"})
    assert not at.exception
    blocks = hit_blocks(at)
    assert blocks and "<mark>shoot</mark>" in blocks[0] and "<mark>retreats</mark>" in blocks[0]
    headers = hit_headers(at)
    assert "Outlet A" in headers[0] and "25 Sep 2025" in headers[0]
    assert any("day unknown" in h for h in headers)          # a month-only date says so
    assert len(headers) == 9 and "Undated appeal" in headers[8] and "date unknown" in headers[8]   # never "NaT"
    # Furniture never shows as a hit.
    assert not any("Also read" in b for b in blocks)


def test_hostile_text_renders_literally(tiny_data_dir):
    at = run_app(tiny_data_dir, page="search", query_params={"q": "prices rose", "mode": "lexical"})
    assert not at.exception
    block = next(b for b in hit_blocks(at) if "Prices" in b)
    assert "<script>" not in block and "**" not in block and "$" not in block and ":red[" not in block
    assert "&#60;script&#62;" in block and "&#36;5" in block


@pytest.mark.parametrize("params, outlets", [
    ({"outlet": "Outlet B"}, {"Outlet B"}),
    ({"outlet": ["Outlet A", "Outlet C"]}, {"Outlet A", "Outlet C"}),
    ({"kind": "quote"}, set()),
])
def test_sidebar_filters_and_kinds_narrow_results(tiny_data_dir, params, outlets):
    base = run_app(tiny_data_dir, page="search", query_params={"q": "soldiers shoot", "group": "false", "k": "20"})
    at = run_app(tiny_data_dir, page="search",
                 query_params={"q": "soldiers shoot", "group": "false", "k": "20", **params})
    assert not at.exception
    shown = {o for h in hit_headers(at) for o in ("Outlet A", "Outlet B", "Outlet C") if f"<b>{o}</b>" in h}
    assert len(hit_blocks(at)) < len(hit_blocks(base))
    assert shown == outlets
    if not outlets:
        assert any("Nothing found" in str(i.value) for i in at.info)


@pytest.mark.parametrize("query, notice", [
    ("soldiers " * 6000, "only the first 1,000 were searched"),
    ("\U0001F600\U0001F525 ?!", "no letters or digits"),
    ('"no such words anywhere"', "literally"),
    ("the of", "Search by words ignores English stop words"),   # not "none of the query's words occurs"
])
def test_odd_queries_give_a_notice_not_a_traceback(tiny_data_dir, query, notice):
    at = run_app(tiny_data_dir, page="search")
    at.text_input(key="q").input(query).run()
    assert not at.exception
    assert any(notice in str(i.value) for i in at.info), [i.value for i in at.info]


@pytest.mark.parametrize("query", ["[a-z]+(.*", "\u0434\u0435\u0437\u0435\u0440\u0442\u0438\u0440\u0438",
                                   "<img src=x onerror=alert(1)>", ":red[x] $5 **"])
def test_regex_foreign_and_markup_queries_run(tiny_data_dir, query):
    at = run_app(tiny_data_dir, page="search", query_params={"q": query})
    assert not at.exception
    assert "<img" not in all_markdown(at)


def test_url_round_trip(tiny_data_dir):
    params = {"q": "If anyone runs away", "mode": "lexical", "k": "5", "kind": "body", "group": "false"}
    first = run_app(tiny_data_dir, page="search", query_params=params)
    assert not first.exception
    assert first.text_input(key="q").value == "If anyone runs away"
    assert first.selectbox(key="k").value == 5
    assert first.multiselect(key="kind").value == ["body"]
    assert first.toggle(key="group").value is False
    # Reopening the link the page now has reproduces the same results.
    link = {k: first.query_params[k] for k in first.query_params}
    again = run_app(tiny_data_dir, page="search", query_params=link)
    assert hit_blocks(again) == hit_blocks(first)
    # (That editing a widget rewrites the URL is the browser's part: see the browser test.)


def test_grouped_re_reports_and_more_like_this(tiny_data_dir):
    at = run_app(tiny_data_dir, page="search",
                 query_params={"q": "commander told soldiers to shoot anyone who retreats"})
    assert not at.exception
    like = next(b for b in at.button if str(b.key).startswith("like-"))
    like.click().run()
    assert not at.exception
    assert "like" in at.query_params
    assert any("More like this paragraph" in str(m.value) for m in at.markdown)
    assert hit_blocks(at)
    at.button(key="back").click().run()
    assert "like" not in at.query_params


def test_stale_more_like_this_link(tiny_data_dir):
    at = run_app(tiny_data_dir, page="search", query_params={"like": "no-such-paragraph"})
    assert not at.exception
    assert any("not in the current snapshot" in str(w.value) for w in at.warning)


def test_export_csv_and_json_content(tiny_data_dir):
    with captured_downloads() as files:
        at = run_app(tiny_data_dir, page="search",
                     query_params={"q": "prices rose brigade", "mode": "lexical", "group": "false"})
    assert not at.exception
    csv = pd.read_csv(io.BytesIO(files["newslens-search-prices-rose-brigade.csv"]), encoding="utf-8-sig")
    assert {"rank", "outlet", "published", "url", "text", "score"} <= set(csv.columns)
    assert csv.loc[0, "outlet"] == "Outlet C" and csv.loc[0, "published"] == "2022-03"
    assert "<script>" in csv.loc[0, "text"]                  # exported as typed
    records = json.loads(files["newslens-search-prices-rose-brigade.json"])["results"]
    assert records[0]["url"] == "https://outletc.test/a3"
    assert [r["rank"] for r in records] == list(range(1, len(records) + 1))


def test_a_search_csv_says_which_search_it_holds_and_is_named_by_its_query(tiny_data_dir):
    """Review, session 32: the CSV had no query or filter column and every search downloaded as
    newslens-search.csv. Each row now carries the query, ranking and filters (as the JSON's
    inputs), and the file is named by the query (letters of any script kept, the rest one hyphen,
    cut short)."""
    query = 'Soldiers: "shoot" / deserters?? ' + "x" * 200
    with captured_downloads() as files:
        at = run_app(tiny_data_dir, page="search",
                     query_params={"q": query, "mode": "lexical", "kind": "body", "group": "false"})
    assert not at.exception
    (name,) = [n for n in files if n.endswith(".csv")]
    assert name == "newslens-search-Soldiers-shoot-deserters-" + "x" * 35 + ".csv"
    assert name.removesuffix(".csv") + ".json" in files
    csv = pd.read_csv(io.BytesIO(files[name]), encoding="utf-8-sig")
    assert set(csv["query"]) == {query} and set(csv["mode"]) == {"lexical"}
    assert set(csv["filters"]) == {"kinds: body"} and set(csv["k"]) == {10}


def test_json_export_is_the_command_lines_json(tiny_data_dir):
    """The page's JSON export is `search --json` for the same search, snapshot, inputs and notices
    included (set 34's review: an exported file recorded neither its query, mode nor snapshot)."""
    from tests.cli_utils import run_newslens

    with captured_downloads() as files:
        at = run_app(tiny_data_dir, page="search",
                     query_params={"q": "comandr", "mode": "lexical", "k": "20", "kind": "body", "group": "false"})
    assert not at.exception
    exported = json.loads(files["newslens-search-comandr.json"])
    printed = run_newslens("search", "comandr", "--data", str(tiny_data_dir), "--json", "--mode", "lexical",
                           "--k", "20", "--kind", "body", "--no-group")
    assert exported == json.loads(printed.stdout)
    assert exported["inputs"]["query"] == "comandr" and exported["results"]
    assert any("also matched the spellings: commander" in n for n in exported["notices"])


def test_export_guards_formula_cells(tmp_path):
    from tests.factories import ArticleSpec, make_snapshot

    make_snapshot(tmp_path, [ArticleSpec("f", "=Outlet", ["=HYPERLINK(\"http://x\") soldiers deserted"],
                                         title="@SUM(1)")])
    with captured_downloads() as files:
        at = run_app(tmp_path, page="search", query_params={"q": "soldiers deserted", "mode": "lexical"})
    assert not at.exception
    text = files["newslens-search-soldiers-deserted.csv"].decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'=Outlet" in text and "'@SUM(1)" in text


@pytest.mark.model
def test_sample_corpus_top_hit_with_the_real_model(sample_data_dir):
    at = run_app(sample_data_dir, page="search",
                 query_params={"q": "soldiers hurting themselves to be sent home"}, timeout=180)
    assert not at.exception
    assert "JOE" in hit_headers(at)[0]
    assert "leg" in hit_blocks(at)[0]
    assert "hit(s)" in visible_text(at)


def test_a_snapshot_built_with_another_model_is_refused(tmp_path):
    from tests.factories import ArticleSpec, make_snapshot

    make_snapshot(tmp_path, [ArticleSpec("o", "O", ["Soldiers deserted."])], dim=32)
    # The manifest claims hashing-64, the vectors have 32 dimensions: the query model cannot match.
    manifest = next(tmp_path.glob("snapshots/*/manifest.json"))
    data = json.loads(manifest.read_text())
    data["model_name"] = "hashing-64"
    manifest.write_text(json.dumps(data))
    at = run_app(tmp_path, page="search", query_params={"q": "soldiers"})
    assert not at.exception
    errors = [html.unescape(str(e.value)) for e in at.error]   # shown escaped, read as the user sees it
    assert any("built with model 'hashing-64' (32 dimensions)" in e for e in errors), errors
    assert hit_blocks(at) == []
    # Lexical search needs no model and still works.
    lexical = run_app(tmp_path, page="search", query_params={"q": "soldiers", "mode": "lexical"})
    assert hit_blocks(lexical)


def test_examples_fit_the_corpus_loaded(tmp_path):
    """A set-26 reviewer's first click, the sample's "1428th", opened their corpus on "0 hits": an
    example is offered only when the corpus holds its words, and names its outlets' headlines share
    fill the row, each one click from its reports."""
    from tests.factories import ArticleSpec, make_snapshot

    body = ["Prosecutors say the deserter Kostrikin escaped from custody in Belgorod on Sunday night.",
            "Soldiers of his unit told reporters the commander had threatened them."]
    make_snapshot(tmp_path, [
        ArticleSpec("a1", "Daily Wire", body, title="Deserter Kostrikin escapes custody again"),
        ArticleSpec("b1", "Evening Post", body[::-1], title="Police hunt Kostrikin after a second escape"),
        ArticleSpec("c1", "Morning Star", ["The regional governor opened a new bridge over the river."],
                    title="Governor opens the bridge"),
    ])
    at = run_app(tmp_path, page="search")
    labels = [b.label for b in at.button if b.key and b.key.startswith("example-")]
    assert "Kostrikin" in labels
    assert '"1428th"' not in labels and "Budennovsk" not in labels
    at.button(key=f"example-{labels.index('Kostrikin')}").click().run()
    assert not at.exception
    assert [("<mark>Kostrikin</mark>" in block) for block in hit_blocks(at)[:3]] == [True, True, False]


def test_more_like_this_is_not_offered_where_the_model_cannot_compare_the_language(tmp_path):
    """Set 31's review: "More like this" was offered on every Russian hit under the English model and
    always listed nothing. It is disabled there, the reason as its help; an English hit keeps it."""
    from tests.factories import ArticleSpec
    from tests.test_stories_hard_cases import _snapshot_as_english_model

    _snapshot_as_english_model(tmp_path, [
        ArticleSpec("en1", "Harbour Daily", ["Sergeant Zhuravin went missing near the river, his unit said."]),
        ArticleSpec("ru1", "Вечерний курьер", ["Сержант Журавин пропал без вести у реки, сообщили в части."],
                    language="ru"),
    ])
    at = run_app(tmp_path, page="search", query_params={"q": "Zhuravin", "mode": "lexical"})
    assert not at.exception
    likes = [b for b in at.button if str(b.key).startswith("like-")]
    assert len(likes) == 2 and len(hit_blocks(at)) == 2
    russian = [b for b in likes if b.disabled]
    assert len(russian) == 1 and "does not compare this article's language (ru) by meaning" in russian[0].help
    english = next(b for b in likes if not b.disabled)
    english.click().run()
    assert not at.exception and "like" in at.query_params


def test_a_hit_found_by_its_headline_marks_the_word_there(tmp_path):
    """Set 31's review: a report whose headline alone said "срочников" was not found; it is now, at
    its first paragraph, and the headline shows the word marked."""
    from newslens.schema import Kind
    from tests.factories import ArticleSpec, make_snapshot

    make_snapshot(tmp_path, [ArticleSpec("h1", "Вечерняя сводка", [
        ("Генерал признал отправку срочников на фронт", Kind.BOILERPLATE),
        "Представитель ведомства заявил, что на фронте оказались военнослужащие срочной службы.",
    ], title="Генерал признал отправку срочников на фронт", language="ru"),
        ArticleSpec("h2", "Утренний листок", ["Срочники из Самары вернулись домой."], title="Вернулись домой",
                    language="ru")])
    at = run_app(tmp_path, page="search", query_params={"q": "срочники", "mode": "lexical"})
    assert not at.exception
    lead = next(n for n, h in enumerate(hit_headers(at)) if "Вечерняя сводка" in h)
    assert "<mark>" not in hit_blocks(at)[lead] and "<mark>срочников</mark>" in hit_headers(at)[lead]


def test_a_query_that_matches_nothing_says_so_above_the_nearest_paragraphs(tiny_data_dir):
    """Review, session 32: "xyzzyqq blorft" read "10 hit(s)" above full cards, with only "ranked by
    meaning alone" to say that none of them holds a word of it or is close in meaning."""
    at = run_app(tiny_data_dir, page="search", query_params={"q": "xyzzyqq blorft"})
    assert not at.exception
    (warning,) = [str(w.value) for w in at.warning]
    assert warning.startswith("No match&#58; nothing in the corpus holds these words")
    assert "paragraphs nearest in meaning, not matches" in warning
    assert not any("meaning alone" in str(i.value) for i in at.info)
    text = html.unescape(visible_text(at))
    assert "Nearest in meaning to \u201cxyzzyqq blorft\u201d (no match)" in text and "Results for" not in text
    assert "no match: the " in text and "paragraph(s) nearest in meaning" in text and "hit(s)" not in text
    assert hit_blocks(at)                                          # still listed, not hidden
