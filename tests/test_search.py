"""Search logic on small corpora built in code (hashing embedder: fast, deterministic)."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from newslens import config
from newslens.embedder import HashingEmbedder, load_embedder
from newslens.export import to_csv_bytes, to_json_bytes
from newslens.filters import Filters, paragraph_mask
from newslens.search import engine
from newslens.search.lexical import BM25Index, normalise_text, tokenize
from newslens.safe import mark_spans
from newslens.schema import Kind, ParagraphCol
from newslens.search.engine import (HYBRID, LEXICAL, MODES, SEMANTIC, SearchError, build_index, check_model,
                             highlight_spans, more_like_this, neighbours, parse_query,
                             row_of_paragraph, search)
from newslens.store import load_snapshot
from tests.factories import SMALL_CORPUS, ArticleSpec, make_snapshot

EMBEDDER = load_embedder("hashing-64")

# A corpus in the shape of the real one: one call re-reported in three outlets' words, names spelt
# two ways, numbers and units, furniture that shares the query's words.
CORPUS = [
    ArticleSpec("k1", "Kyiv Desk", [
        ("Commander orders troops to shoot deserters", Kind.HEADING),
        "A Russian commander ordered his soldiers to open fire on subordinates attempting to retreat.",
        "\u201cIf anyone runs away, just shoot them,\u201d the commander can be heard saying on the call.",
        ("Read also: commander orders troops to shoot deserters", Kind.BOILERPLATE),
        ("Soldiers of the regiment, photographed near the front", Kind.CAPTION),
        "Soldiers of the 1428th regiment refused to attack near Bakhmut.",
    ], published="2025-09-25", title="Commander told troops to shoot"),
    ArticleSpec("d1", "Daily Wire", [
        "In the recording a Russian commander tells his soldiers to open fire on any comrades who retreat.",
        "He shouts: \u201cNo one is retreating anywhere. If anyone runs away, just shoot them.\u201d",
        "They wanted to shoot each other with 7.62 rounds and go back to the hospital in Budenovsk.",
    ], published="2025-09", title="Shoot your own, commander says"),
    ArticleSpec("m1", "Morning Post", [
        "A soldier told his mother the brigade was no longer combat-ready.",
        "The town of Budensovsk has a military hospital where wounded soldiers are treated.",
        "Prices rose from $5 to $10 **fast** :red[x] <script>alert(1)</script> =HYPERLINK(\"x\")",
    ], published=None, title="=cmd|' /C calc'!A0"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("search")
    make_snapshot(data_dir, CORPUS)
    return build_index(load_snapshot(data_dir))


def texts(result) -> list[str]:
    return [h.text for h in result.hits]


# --- the query ------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, text, phrases", [
    ("shoot deserters", "shoot deserters", ()),
    ('"runs away" commander', "runs away commander", ("runs away",)),
    ("\u201cRuns   Away\u201d", "Runs Away", ("runs away",)),
    ('"unbalanced quote', "unbalanced quote", ()),
    ('""', "", ()),
    ("  ", "", ()),
])
def test_parse_query(raw, text, phrases):
    parsed = parse_query(raw)
    assert parsed.text == text
    assert parsed.phrases == phrases


def test_parse_query_truncates_absurd_length():
    parsed = parse_query("soldiers " * 10_000)
    assert parsed.truncated and parsed.original_length == 90_000
    assert len(parsed.text) <= config.MAX_QUERY_CHARS


@pytest.mark.parametrize("text, expected", [
    ("The 1428th regiment", ["1428th", "regiment"]),
    ("7.62 rounds, 50,000 troops", ["7.62", "rounds", "50,000", "troops"]),
    ("Ukraine\u2019s army", ["ukraine", "army"]),
    ("A B of the", []),
])
def test_tokenize_keeps_numbers_and_drops_stop_words(text, expected):
    assert tokenize(text) == expected


# --- ranking --------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_every_mode_finds_the_order_to_shoot(index, mode):
    result = search(index, "commander soldiers open fire retreat", embedder=EMBEDDER, mode=mode, k=3)
    assert result.hits, result.notices
    assert "open fire" in result.hits[0].text


@pytest.mark.parametrize("query, needle", [
    ("1428th", "1428th regiment"),
    ("7.62", "7.62 rounds"),
    ("Budenovsk", "Budenovsk"),
])
@pytest.mark.parametrize("mode", [LEXICAL, HYBRID])
def test_rare_names_and_numbers_come_first(index, query, needle, mode):
    result = search(index, query, embedder=EMBEDDER, mode=mode, k=3, group=False)
    assert needle in result.hits[0].text


def test_a_misspelt_name_finds_both_spellings_and_says_so(index):
    result = search(index, "Budennovsk", embedder=EMBEDDER, mode=LEXICAL, k=5, group=False)
    found = " ".join(texts(result))
    assert "Budenovsk" in found and "Budensovsk" in found
    assert set(result.expanded["budennovsk"]) == {"budenovsk", "budensovsk"}
    assert any("budennovsk" in n for n in result.notices)
    assert all(h.spans for h in result.hits)  # the spellings found are highlighted


@pytest.mark.parametrize("mode", MODES)
def test_furniture_and_headings_are_never_hits(index, mode):
    result = search(index, "commander orders troops to shoot deserters photographed", embedder=EMBEDDER,
                    mode=mode, k=50, group=False)
    kinds = {h.kind for h in result.hits}
    assert kinds <= set(Kind.SEARCHABLE)
    assert not any(t.startswith("Read also") or "photographed" in t for t in texts(result))


@pytest.mark.parametrize("query, expected", [
    ('"runs away"', 2),
    ('"RUNS away" shoot', 2),
    ('"just shoot them"', 2),
    ('"runs away, just shoot"', 2),
    ('"anyone runs" "no one is retreating"', 1),
    ('"retreat anywhere"', 0),
])
@pytest.mark.parametrize("mode", MODES)
def test_a_quoted_phrase_must_appear_literally(index, query, expected, mode):
    result = search(index, query, embedder=EMBEDDER, mode=mode, k=10, group=False)
    assert len(result.hits) == expected
    for hit in result.hits:
        for phrase in result.query.phrases:
            assert phrase in normalise_text(hit.text)
    if expected == 0:
        assert any("literally" in n for n in result.notices)


def test_phrase_with_curly_quotes_in_the_text(index):
    result = search(index, '"no one is retreating anywhere. if anyone runs away"', embedder=EMBEDDER,
                    mode=SEMANTIC, k=5)
    assert [h.article_id for h in result.hits] == ["d1"]


@pytest.mark.parametrize("filters, outlets", [
    (Filters(outlets=("Daily Wire",)), {"Daily Wire"}),
    (Filters(outlets=("Kyiv Desk", "Morning Post")), {"Kyiv Desk", "Morning Post"}),
    (Filters(include_undated=False, date_from=pd.Timestamp("2025-01-01").date()), {"Kyiv Desk", "Daily Wire"}),
])
def test_filters_narrow_the_hits(index, filters, outlets):
    snapshot = index.snapshot
    mask = paragraph_mask(snapshot.paragraphs, snapshot.articles, filters)
    result = search(index, "soldiers shoot", embedder=EMBEDDER, mode=HYBRID, k=50, row_mask=mask, group=False)
    assert result.hits
    assert {h.outlet for h in result.hits} <= outlets


def test_kind_filter(tmp_path):
    make_snapshot(tmp_path, [ArticleSpec("q", "Q", [("\u201cShoot them all\u201d", Kind.QUOTE),
                                                     "They said to shoot them all."])])
    idx = build_index(load_snapshot(tmp_path))
    mask = paragraph_mask(idx.snapshot.paragraphs, idx.snapshot.articles, Filters(kinds=(Kind.QUOTE,)))
    result = search(idx, "shoot them", embedder=EMBEDDER, mode=HYBRID, row_mask=mask)
    assert [h.kind for h in result.hits] == [Kind.QUOTE]


def test_k_limits_and_ranks_are_consecutive(index):
    result = search(index, "soldiers", embedder=EMBEDDER, mode=SEMANTIC, k=4, group=False)
    assert [h.rank for h in result.hits] == [1, 2, 3, 4]
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)


# --- grouping of re-reports -----------------------------------------------------------------

def test_a_shared_quote_groups_re_reports_across_outlets(index):
    result = search(index, "if anyone runs away just shoot them", embedder=EMBEDDER, mode=HYBRID, k=5)
    quote_hits = [h for h in result.hits if "runs away" in h.text]
    assert len(quote_hits) == 1
    hit = quote_hits[0]
    assert hit.also and hit.also_outlets == [o for o in ("Kyiv Desk", "Daily Wire") if o != hit.outlet]
    assert "runs away" in hit.also[0].text


def test_grouping_can_be_switched_off(index):
    result = search(index, "if anyone runs away just shoot them", embedder=EMBEDDER, mode=HYBRID, k=5,
                    group=False)
    assert sum("runs away" in t for t in texts(result)) == 2
    assert all(not h.also for h in result.hits)


def test_near_identical_paragraphs_group_by_embedding(tmp_path):
    same = "Putin increased prison terms for desertion and surrender to ten years."
    make_snapshot(tmp_path, [ArticleSpec("a", "A", [same]), ArticleSpec("b", "B", [same + " "]),
                             ArticleSpec("c", "C", ["Prices of bread rose in Moscow."])])
    idx = build_index(load_snapshot(tmp_path))
    result = search(idx, "prison terms for desertion", embedder=EMBEDDER, mode=HYBRID, k=5)
    assert result.hits[0].also_outlets == ["B"]
    assert len(result.hits) == 2


# --- odd queries ----------------------------------------------------------------------------

@pytest.mark.parametrize("query, expect_hits, notice", [
    ("", False, "Type"),
    ("   \n\t ", False, "Type"),
    ("?!... ---", False, "no letters or digits"),
    ("\U0001F600\U0001F525\U0001F44D", False, "no letters or digits"),
    ("[a-z]+(.*)\\d{2,}$^", True, None),
    ("\u0434\u0435\u0437\u0435\u0440\u0442\u0438\u0440\u0438 \u043a\u043e\u043c\u0430\u043d\u0434\u0438\u0440", True, None),
    pytest.param("soldiers " * 6000, True, "characters long", id="54000-chars"),
    ('"' * 40, False, "Type"),
    ("<script>alert(1)</script> **bold** $5", True, None),
])
@pytest.mark.parametrize("mode", MODES)
def test_odd_queries_never_raise_and_stay_bounded(index, query, expect_hits, notice, mode):
    started = time.perf_counter()
    result = search(index, query, embedder=EMBEDDER, mode=mode, k=10)
    assert time.perf_counter() - started < 5  # generous: a hang or a quadratic blow-up fails
    if not expect_hits:
        assert result.hits == []
    if notice:
        assert any(notice in n for n in result.notices), result.notices


def test_wrong_model_is_refused(index):
    with pytest.raises(SearchError, match="built with model 'hashing-64'"):
        search(index, "soldiers", embedder=HashingEmbedder(32), mode=SEMANTIC)
    other = HashingEmbedder(64)
    other.name = "all-MiniLM-L6-v2"
    with pytest.raises(SearchError, match="rebuild"):
        check_model(index.snapshot, other)


def test_lexical_mode_needs_no_model_and_unknown_modes_are_refused(index):
    assert search(index, "1428th", mode=LEXICAL).hits
    with pytest.raises(SearchError, match="needs the snapshot's embedding model"):
        search(index, "1428th", mode=SEMANTIC)
    with pytest.raises(SearchError, match="unknown search mode"):
        search(index, "x", embedder=EMBEDDER, mode="fuzzy")


# --- highlighting, context, more like this --------------------------------------------------

@pytest.mark.parametrize("text, terms, phrases, marked", [
    ("The 1428th regiment refused.", {"1428th"}, (), ["1428th"]),
    ("Shoot them, shoot!", {"shoot"}, (), ["Shoot", "shoot"]),
    ("\u201cIf anyone runs  away, shoot\u201d", set(), ("runs away",), ["runs  away"]),
    ("He said \u201cno way\u201d twice", set(), ('"no way"',), ["\u201cno way\u201d"]),
    ("$5 to $10 (a+b)*", {"10"}, ("(a+b)*",), ["10", "(a+b)*"]),
])
def test_highlight_spans(text, terms, phrases, marked):
    spans = highlight_spans(text, terms, phrases)
    assert [text[s:e] for s, e in spans] == marked


def test_highlighted_hostile_text_stays_literal(index):
    result = search(index, "prices rose script", embedder=EMBEDDER, mode=LEXICAL, k=1)
    hit = result.hits[0]
    html = mark_spans(hit.text, hit.spans)
    assert "<mark>" in html and "<script>" not in html and "**" not in html and "$" not in html
    assert html.count("<mark>") == 4  # prices, rose, <script> and </script>


def test_neighbours_give_the_surrounding_content(index):
    snapshot = index.snapshot
    row = row_of_paragraph(snapshot, snapshot.paragraphs.iloc[2][ParagraphCol.ID])
    before, after = neighbours(snapshot, row)
    assert before.startswith("A Russian commander ordered")
    assert after.startswith("Soldiers of the 1428th")  # furniture in between is skipped


def test_row_of_a_stale_paragraph_id_is_none(index):
    assert row_of_paragraph(index.snapshot, "no-such-id") is None


def test_more_like_this_finds_re_reports_in_other_articles(index):
    snapshot = index.snapshot
    row = int(np.flatnonzero(snapshot.paragraphs[ParagraphCol.TEXT].str.contains("open fire on subordinates"))[0])
    result = more_like_this(index, row, k=3, group=False)
    assert result.hits and "open fire on any comrades" in result.hits[0].text
    assert all(h.article_id != "k1" for h in result.hits)
    with pytest.raises(SearchError):
        more_like_this(index, 10_000)


@pytest.mark.parametrize("article, date", [
    ("k1", "25 Sep 2025"),
    ("d1", "Sep 2025 (day unknown)"),
    ("m1", "date unknown"),
])
def test_hits_say_their_date_at_its_precision(index, article, date):
    result = search(index, "soldiers commander Budensovsk", embedder=EMBEDDER, mode=LEXICAL, k=20, group=False)
    hit = next(h for h in result.hits if h.article_id == article)
    assert hit.date == date
    assert hit.to_record()["date"] == date


# --- export ---------------------------------------------------------------------------------

def test_export_csv_guards_formulas_and_json_keeps_text(index):
    result = search(index, "prices rose", embedder=EMBEDDER, mode=LEXICAL, k=3)
    csv = to_csv_bytes(result.frame()).decode("utf-8-sig")
    assert "'=cmd|" in csv                  # the hostile title is guarded
    assert "\n=" not in csv and ",=" not in csv
    assert "outlet" in csv.splitlines()[0] and "url" in csv.splitlines()[0]
    import json
    records = json.loads(to_json_bytes(result.records()))
    assert records[0]["title"] == "=cmd|' /C calc'!A0"  # JSON is data: kept exactly
    assert {"outlet", "published", "url", "text", "score", "paragraph_id"} <= set(records[0])


@pytest.mark.parametrize("parts, name", [
    (("newslens", "lens: morale"), "newslens-lens-morale.csv"),         # was newslens-lens--morale.csv
    (("newslens", "Cluster: 3: soldiers, drones"), "newslens-Cluster-3-soldiers-drones.csv"),
    (("newslens", "search", "  "), "newslens-search.csv"),
    (("newslens", "search", "расстрел дезертиров?"), "newslens-search-расстрел-дезертиров.csv"),
    (("newslens", "search", "../../etc/passwd"), "newslens-search-etc-passwd.csv"),
    (("newslens", "search", "word " * 40), "newslens-search-" + "-".join(["word"] * 12) + ".csv"),
])
def test_a_download_is_named_by_what_made_it(parts, name):
    from newslens.export import file_name

    assert file_name(*parts, ext="csv") == name


def test_an_exported_table_carries_what_made_it_on_every_row():
    from newslens.export import with_inputs

    table = with_inputs(pd.DataFrame({"rank": [1, 2]}), {"query": "deserters", "filters": "all articles"})
    assert table.to_dict("list") == {"rank": [1, 2], "query": ["deserters"] * 2, "filters": ["all articles"] * 2}


def test_an_exported_table_of_no_rows_still_says_what_made_it():
    from newslens.export import with_inputs

    empty = pd.DataFrame({"rank": pd.Series([], dtype=int), "text": pd.Series([], dtype=object)})
    csv = to_csv_bytes(with_inputs(empty, {"query": "двадцать дезертиров", "filters": "language: ru"}))
    assert csv.decode("utf-8-sig").splitlines() == ["rank,text,query,filters", ",,двадцать дезертиров,language: ru"]


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_export_guards_every_formula_start(cell):
    frame = pd.DataFrame({"text": [cell], cell: ["header"], "n": [1]})
    csv = to_csv_bytes(frame).decode("utf-8-sig")
    lines = csv.splitlines()
    assert not any(field.startswith(("=", "+", "-", "@", "\t", "\r"))
                   for line in lines for field in line.split(","))


def test_small_corpus_search_is_reproducible(tmp_path):
    make_snapshot(tmp_path, SMALL_CORPUS)
    idx = build_index(load_snapshot(tmp_path))
    a = search(idx, "shoot anyone who retreats", embedder=EMBEDDER, mode=HYBRID, k=5).records()
    b = search(build_index(load_snapshot(tmp_path)), "shoot anyone who retreats", embedder=EMBEDDER,
               mode=HYBRID, k=5).records()
    assert a == b


def test_bm25_index_on_an_empty_or_wordless_corpus():
    empty = BM25Index(["...", "!!!"])
    assert empty.scores(empty.query_terms("soldiers")).tolist() == [0.0, 0.0]
    assert empty.documents_with_all("soldiers").tolist() == [False, False]


def test_a_paragraph_holding_part_of_the_query_is_not_a_full_lexical_match():
    # A short paragraph with a near spelling of one query word, and a query word the corpus never
    # uses: it holds part of what was asked, so its share of the query's weight stays well under 1
    # (it counted as a full match, and hybrid search ranked it above far closer paragraphs).
    bm25 = BM25Index(["Another prisoner said his family does not know where he is.",
                      "The regiment's soldiers were moved to the southern front in the spring after weeks "
                      "of training, and their families were told nothing about where they were going.",
                      "Villagers said the shelling went on through the night and that the school was hit twice."])
    terms = bm25.query_terms("executions prisonners")
    assert terms.terms == ["prisoner"]
    share = bm25.scores(terms) / bm25.max_score(terms)
    assert share[0] < 0.6
    # ...while a paragraph holding every word of the query is a full match
    terms = bm25.query_terms("shelling school")
    assert (bm25.scores(terms) / bm25.max_score(terms))[2] > 0.9


def test_each_typed_word_weighs_once_however_many_spellings_it_matches():
    # Near spellings of one misspelt name are one word of the query: a paragraph holding the
    # other word and one spelling holds the whole query.
    bm25 = BM25Index(["Kadyrov said so.", "Kadyrova said so.", "Kadirov said so.", "Kadyrow said so.",
                      "Kadyrov was in Grozny.", "Nothing happened in the town."])
    terms = bm25.query_terms("Kadyrof Grozny")
    assert len(terms.expanded["kadyrof"]) >= 2
    assert (bm25.scores(terms) / bm25.max_score(terms))[4] > 0.75


def test_two_typed_spellings_of_one_corpus_word_are_that_word_once():
    bm25 = BM25Index(["Kadyrov said so.", "Nothing happened in the town.", "The troops stayed in the town."])
    alone, both = bm25.query_terms("Kadyrov"), bm25.query_terms("Kadyrov Kadyrow")
    share = lambda t: (bm25.scores(t) / bm25.max_score(t))[0]   # noqa: E731
    assert share(both) == pytest.approx(share(alone), rel=0.01)


def test_a_word_found_nowhere_weighs_the_same_in_a_small_and_a_large_corpus():
    # It weighs as the query's rarest known word, not as the rarest term possible (which grows with
    # the corpus: at a million paragraphs one unknown word left every paragraph under half a match).
    lead = "Another prisoner said his family does not know where he is."
    filler = [f"Report {n} on the weather and the harvest in district {n}." for n in range(3000)]
    shares = []
    for texts in ([lead, "The town was quiet.", "Rain fell in the morning."], [lead, *filler]):
        bm25 = BM25Index(texts)
        terms = bm25.query_terms("prisoner zzyzxq")
        assert terms.missing == ["zzyzxq"]
        shares.append((bm25.scores(terms) / bm25.max_score(terms))[0])
    assert 0.35 < shares[0] < 0.75 and 0.35 < shares[1] < 0.75


def test_a_notice_names_few_unknown_words_and_cuts_a_runaway_one(index):
    """A pasted blob ("x" fifty thousand times, or two hundred invented words) gets a notice a user can
    read: the first words named, each cut short, and how many more."""
    blob = search(index, "x" * 50_000, embedder=EMBEDDER, mode=HYBRID, k=5)
    (named,) = [n for n in blob.notices if "holds these words" in n]
    assert "x" * 40 + "\u2026" in named and len(named) < 250
    many = search(index, " ".join(f"zq{n:03d}vv" for n in range(200)), embedder=EMBEDDER, mode=HYBRID, k=5)
    (named,) = [n for n in many.notices if "holds these words" in n]
    assert "zq000vv" in named and "zq199vv" not in named and "more" in named


def test_a_query_word_found_nowhere_is_named_in_a_notice(index):
    result = search(index, "commander zzyzxq", embedder=EMBEDDER, mode=HYBRID, k=5)
    assert result.hits
    assert any("zzyzxq" in n and "Not in the corpus" in n for n in result.notices)
    assert not any("commander" in n for n in result.notices)
    # every word unknown: the ranking is by meaning alone, and nothing is close: no match (below)
    alone = search(index, "zzyzxq qqwwee", embedder=EMBEDDER, mode=HYBRID, k=5)
    assert any("No match" in n and "zzyzxq" in n for n in alone.notices)


def test_a_query_of_no_corpus_word_and_nothing_close_in_meaning_is_said_to_match_nothing(index, monkeypatch):
    """Review, session 32: "xyzzyqq blorft" gave "10 hit(s)" as full cards, saying only "ranked by
    meaning alone". The nearest paragraphs stay listed (a researcher may want them), said to be no match."""
    gibberish = search(index, "xyzzyqq blorft", embedder=EMBEDDER, mode=HYBRID, k=5)
    assert gibberish.hits                                                   # not hidden
    nearest = max(h.semantic for h in gibberish.hits)
    assert gibberish.no_match == (f"No match: nothing in the corpus holds these words (\u201cxyzzyqq\u201d, "
                                  f"\u201cblorft\u201d) and nothing is close in meaning (nearest {nearest:.2f}; "
                                  f"a match scores {engine.NO_WORDS_MEANING_FLOOR:.2f} or more). Below: the paragraphs "
                                  "nearest in meaning, not matches.")
    assert gibberish.no_match in gibberish.notices and not any("meaning alone" in n for n in gibberish.notices)
    # a query the corpus holds a word of, or whose nearest paragraph is close enough, is matched
    assert search(index, "commander xyzzyqq", embedder=EMBEDDER, mode=HYBRID, k=5).no_match == ""
    monkeypatch.setattr(engine, "NO_WORDS_MEANING_FLOOR", nearest - 0.01)
    close = search(index, "xyzzyqq blorft", embedder=EMBEDDER, mode=HYBRID, k=5)
    assert close.no_match == "" and any("meaning alone" in n for n in close.notices)


def test_meaning_alone_says_no_match_as_hybrid_does(index):
    """Ranking by meaning alone gave gibberish only "Only weak matches"; it now says "No match" as the
    hybrid ranking does, and a query with a corpus word is not said to match nothing."""
    hybrid = search(index, "xyzzyqq blorft", embedder=EMBEDDER, mode=HYBRID, k=5)
    semantic = search(index, "xyzzyqq blorft", embedder=EMBEDDER, mode=SEMANTIC, k=5)
    assert semantic.hits and semantic.no_match == hybrid.no_match != ""
    assert not any("Only weak matches" in n for n in semantic.notices)
    assert search(index, "commander xyzzyqq", embedder=EMBEDDER, mode=SEMANTIC, k=5).no_match == ""


def test_a_model_may_have_its_own_floor_for_a_match_by_meaning():
    """Centred e5 cosines still run higher on noise than all-MiniLM-L6-v2's (config/models.yaml)."""
    assert engine.meaning_floor("all-MiniLM-L6-v2") == engine.NO_WORDS_MEANING_FLOOR     # thresholds.yaml
    assert engine.meaning_floor("multilingual-e5-small") > engine.NO_WORDS_MEANING_FLOOR


def test_a_missing_word_weighs_no_more_than_the_known_word_it_stands_beside():
    # The known word is matched only by a near spelling: a paragraph holding that spelling still
    # holds half of what was asked, not less.
    bm25 = BM25Index(["Kadyrov said so.", "Nothing happened in the town.", "The troops stayed in the town."])
    terms = bm25.query_terms("Kadyrof zzyzxq")
    assert terms.terms == ["kadyrov"] and terms.missing == ["zzyzxq"]
    assert (bm25.scores(terms) / bm25.max_score(terms))[0] == pytest.approx(
        (bm25.scores(bm25.query_terms("Kadyrof")) / bm25.max_score(bm25.query_terms("Kadyrof")))[0] / 2, rel=0.01)


@pytest.mark.parametrize("raw", ["soldiers shot " * 3600, "a" * 5 + " " + "desertion " * 5000])
def test_an_absurd_query_is_cut_at_a_whole_word(raw):
    """A cut word ("soldie") would be searched and reported as a spelling missing from the corpus."""
    parsed = parse_query(raw)
    assert parsed.truncated
    words = parsed.text.split()
    assert words and set(words) <= set(raw.split())


def test_one_endless_word_is_still_cut_to_the_limit():
    parsed = parse_query("x" * 5000)
    assert parsed.truncated and len(parsed.text) == config.MAX_QUERY_CHARS


def test_neighbours_stay_in_the_article_when_its_rows_are_interleaved_or_it_is_missing():
    from types import SimpleNamespace

    from tests.factories import article_frames

    articles, paragraphs = article_frames([
        ArticleSpec("a1", "Outlet A", ["First of A.", "Second of A.", "Third of A."]),
        ArticleSpec("b1", "Outlet B", ["First of B.", "Second of B.", "Third of B."])])
    mixed = paragraphs.iloc[[0, 3, 1, 4, 2, 5]].reset_index(drop=True)       # A and B alternate
    snapshot = SimpleNamespace(paragraphs=mixed, articles=articles)
    middle_of_b = int(np.flatnonzero(mixed[ParagraphCol.TEXT] == "Second of B.")[0])
    assert neighbours(snapshot, middle_of_b) == ("First of B.", "Third of B.")
    orphan = SimpleNamespace(paragraphs=mixed, articles=articles.iloc[:1])  # B not in the articles table
    assert neighbours(orphan, middle_of_b) == ("First of B.", "Third of B.")
    assert neighbours(snapshot, int(np.flatnonzero(mixed[ParagraphCol.TEXT] == "First of A.")[0])) == (None, "Second of A.")


# Set 31's review: two of the seven reports whose headline says "срочников" were not found by
# "срочники": cleaning set the repeated headline aside, and the body says "срочной службы".
HEADLINED = [
    ArticleSpec("h1", "Вечерняя сводка", [
        ("Генерал признал отправку срочников на фронт", Kind.BOILERPLATE),      # the repeated headline
        "Представитель ведомства заявил, что на фронте оказались военнослужащие срочной службы.",
        "Их родители обратились в прокуратуру.",
    ], title="Генерал признал отправку срочников на фронт", language="ru"),
    ArticleSpec("h2", "Утренний листок", [
        "Срочники из Самары вернулись домой после обращения матерей.",
    ], title="Вернулись домой", language="ru"),
    ArticleSpec("h3", "Harbour Daily", [
        "The ministry said the units were rotated in March.",
        "Officials declined to comment on the convoy.",
    ], title="Troops ordered to shoot deserters"),
    ArticleSpec("h4", "Other Paper", [
        "Troops refused to follow orders, officials said, after the convoy was shelled.",
    ], title="A long week at the front"),
    ArticleSpec("h5", "Le Quotidien", ["Les soldats ont quitté la ville lundi."], title="Départ", language="fr"),
    ArticleSpec("h6", "Tageblatt", ["Die Einheit zog am Montag ab."], title="Soldaten verlassen die Stadt",
                language="de"),
]


@pytest.fixture(scope="module")
def headlined(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("headlined")
    make_snapshot(data_dir, HEADLINED)
    return build_index(load_snapshot(data_dir))


def test_a_report_whose_headline_alone_holds_the_word_is_found_at_its_lead(headlined):
    result = search(headlined, "срочники", mode=LEXICAL, k=10)
    by_article = {h.article_id: h for h in result.hits}
    assert set(by_article) == {"h1", "h2"}
    lead = by_article["h1"]
    assert lead.text.startswith("Представитель ведомства")          # the lead stands for its headline
    assert lead.spans == [] and [lead.title[a:b] for a, b in lead.title_spans] == ["срочников"]
    assert [h.article_id for h in result.hits][0] == "h2"            # the word in the text ranks first
    # quoted, the word matches only as typed, in a headline too
    assert [h.article_id for h in search(headlined, '"срочники"', mode=LEXICAL, k=10).hits] == ["h2"]
    # a headline's form counts in the languages whose paragraphs hold the word: "soldats" is French
    assert [h.article_id for h in search(headlined, "soldats", mode=LEXICAL, k=10).hits] == ["h5"]
    assert [h.article_id for h in search(headlined, "срочники", mode=HYBRID, embedder=EMBEDDER, k=10).hits
            if h.article_id == "h1"]


def test_a_headline_sharing_only_some_words_of_the_query_lifts_nothing(headlined):
    # "troops" and "orders" are in h3's headline, "refused" is not: h3's lead keeps its own score
    result = search(headlined, "troops refused orders convoy", mode=LEXICAL, k=10, per_article=None)
    scores = {h.paragraph_id: h.lexical for h in result.hits}
    terms = headlined.lexical.query_terms("troops refused orders convoy", headlined.word_forms.forms)
    alone = headlined.lexical.scores(terms)
    assert all(scores[headlined.paragraph_ids[p]] == pytest.approx(alone[p]) for p in np.flatnonzero(alone))
    assert [h.article_id for h in result.hits][0] == "h4"
