"""Comparing two outlets' versions of one story: alignment, word diff, claims, reuse.

The factory pairs below are written in the shapes re-reports take (reworded, censored, hedge
dropped, number converted) and carry the expected alignment and differences. They use the hashing
embedder, which is enough for near-identical wording; the sample corpus's 000/001 pair is checked
with the real model where meaning matters.
"""
from __future__ import annotations

import numpy as np
import pytest

from newslens.compare import claims as cl
from newslens.compare.alignment import (CompareError, Counts, align, compare_articles, compare_with_reference, quote_rows,
                                        comparison_counts, comparison_dict,
                                        quantity_rows, render_marked, resolve_article_id, word_diff)
from newslens.compare.html_export import numbers_html
from newslens.embedder import normalise_rows
from newslens.schema import ArticleCol, Kind
from newslens.store import load_snapshot
from tests.compare_cases import HOSTILE, ORIGINAL, REWORK, UNRELATED
from tests.factories import ArticleSpec, make_snapshot

@pytest.fixture(scope="module")
def pair_snapshot(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("compare_pairs")
    make_snapshot(data_dir, [ORIGINAL, REWORK, UNRELATED, HOSTILE])
    return load_snapshot(data_dir)


@pytest.fixture(scope="module")
def rework(pair_snapshot):
    return compare_articles(pair_snapshot, "wire-1", "rework-1")


# --- alignment on controlled embeddings ----------------------------------------------------

def _basis(rows: list[list[float]]) -> np.ndarray:
    return normalise_rows(np.array(rows, dtype=np.float32))


E = np.eye(6, dtype=np.float32)


@pytest.mark.parametrize("a_rows, b_rows, expected", [
    # identical order: one to one
    ([0, 1, 2], [0, 1, 2], [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]),
    # B inserts a paragraph A lacks; A has one B lacks
    ([0, 1, 3], [0, 2, 1], [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((3 - 1,), ())]),
    # a swapped order: one pair in order, the other found as moved (not lost)
    ([0, 1], [1, 0], [((0,), (1,)), ((1,), (0,))]),
])
def test_align_keeps_order_and_marks_gaps(a_rows, b_rows, expected):
    steps = align(E[a_rows], E[b_rows], threshold=0.5, allow_merges=False)
    got = [(s.a, s.b) for s in steps]
    if expected is not None:
        assert got == expected
    pairs = [(s.a[0], s.b[0]) for s in steps if s.a and s.b and not s.moved]
    assert pairs == sorted(pairs) and all(b2 > b1 for (_, b1), (_, b2) in zip(pairs, pairs[1:]))
    # every paragraph of each side appears exactly once
    assert sorted(i for s in steps for i in s.a) == list(range(len(a_rows)))
    assert sorted(j for s in steps for j in s.b) == list(range(len(b_rows)))


def test_align_merges_a_paragraph_split_in_two():
    a = _basis([[1, 1, 0, 0], [0, 0, 1, 0]])        # A's first paragraph = B's first two
    b = _basis([[1, 0.1, 0, 0], [0.1, 1, 0, 0], [0, 0, 1, 0]])
    steps = align(a, b, threshold=0.5)
    assert [(s.a, s.b) for s in steps] == [((0,), (0, 1)), ((1,), (2,))]
    assert steps[0].similarity > 0.9


def test_align_below_threshold_is_a_gap_not_a_pair():
    a = _basis([[1, 0.2, 0]])
    b = _basis([[0.2, 1, 0]])
    steps = align(a, b, threshold=0.5)
    assert [(s.a, s.b, s.similarity) for s in steps] in ([((0,), (), None), ((), (0,), None)],
                                                        [((), (0,), None), ((0,), (), None)])


@pytest.mark.parametrize("n, m", [(0, 0), (0, 3), (2, 0)])
def test_align_empty_sides(n, m):
    steps = align(np.zeros((n, 4), np.float32), np.zeros((m, 4), np.float32))
    assert len(steps) == n + m and all(s.similarity is None for s in steps)


# --- word diff ----------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, a_marked, b_marked", [
    ("if anyone runs away, shoot them", "if anyone runs away, just shoot them", [], [("ins", "just")]),
    ("you f*kers: if anyone runs", "if anyone runs", [("del", "you f*kers")], []),
    ("according to an alleged call", "according to an intercepted call", [("chg", "alleged")], [("chg", "intercepted")]),
    ("Same words, different PUNCTUATION!", "same words different punctuation", [], []),
])
def test_word_diff_spans(a, b, a_marked, b_marked):
    diff = word_diff(a, b)
    assert [(k, a[s:e]) for k, s, e in diff.a_spans] == a_marked
    assert [(k, b[s:e]) for k, s, e in diff.b_spans] == b_marked


def test_render_marked_escapes_before_marking():
    text = "open fire <script>alert(1)</script> for $5 to $10 **now** :red[x]"
    html = render_marked(text, (("ins", 10, 35),))
    assert "<script>" not in html and "**" not in html and "$5" not in html and ":red[" not in html
    assert html.count("<ins ") == 1 and html.count("</ins>") == 1
    assert "&#60;script&#62;" in html


# --- the shapes of re-reports --------------------------------------------------------------

def test_rework_alignment(rework):
    layout = [(p.status, [rework.a.texts[i][:20] for i in p.a_rows], [rework.b.texts[j][:20] for j in p.b_rows])
              for p in rework.pairs]
    assert [p.status for p in rework.pairs] == ["aligned", "only in B", "aligned", "only in A", "aligned",
                                               "aligned"], layout
    # headings and furniture never enter the comparison
    assert all("Also read" not in t for t in rework.b.texts)
    assert all("Commander orders" not in t for t in rework.a.texts)


def test_rework_censored_quote_matched(rework):
    (match,) = rework.quote_matches
    assert match.a.censored == ("f*kers",)
    assert match.only_in_a == ("you f*kers",) and match.only_in_b == ()


def test_rework_numbers_converted_are_same_claims(rework):
    by_label = {(m.a.label if m.a else None): m.status for m in rework.quantities}
    assert by_label["160 km²"] == cl.SAME
    assert by_label["3-10 years"] == cl.SAME
    assert by_label["25 Sep"] == cl.SAME
    assert all(m.status == cl.SAME for m in rework.quantities)


def test_rework_dropped_hedges_flagged(rework):
    flags = {(f.dropped_by, f.family, bool(f.other_paragraph_ids)) for f in rework.hedge_flags}
    assert ("B", "not independently verified", False) in flags      # the disclaimer is gone entirely
    assert ("B", "alleged", True) in flags                           # "an alleged call" -> "an intercepted call"
    assert ("B", "reportedly", True) in flags                        # "had reportedly liberated" -> "had liberated"
    assert not any(f.dropped_by == "A" for f in rework.hedge_flags)
    # the article-level drop comes first
    assert rework.hedge_flags[0].family == "not independently verified"


def test_rework_reuse_score(rework, pair_snapshot):
    assert rework.reuse.a_in_b >= 0.7 and rework.reuse.b_in_a >= 0.7
    assert 0.5 <= rework.reuse.verbatim_a < 1.0
    unrelated = compare_articles(pair_snapshot, "wire-1", "other-1")
    assert unrelated.reuse.a_in_b == 0.0 and all(p.status != "aligned" for p in unrelated.pairs)
    same = compare_articles(pair_snapshot, "wire-1", "wire-1")
    assert same.reuse.a_in_b == same.reuse.verbatim_a == 1.0


def test_counts_of_a_faithful_rework_and_an_unrelated_article(rework, pair_snapshot):
    assert comparison_counts(rework) == Counts(hedges_dropped=3, number_differences=0, quotes_in_one_only=0,
                                               numbers_in_one_only=0)
    unrelated = compare_articles(pair_snapshot, "wire-1", "other-1")
    assert comparison_counts(unrelated).quotes_in_one_only == 1       # wire-1's quote is not in the other


def test_counts_a_changed_number_and_a_dropped_quote(tmp_path):
    make_snapshot(tmp_path, [
        ArticleSpec("a", "Outlet A", ["Ukrainian intelligence said 12 soldiers deserted the unit near Bakhmut last week.",
                                      'The commander said: "nobody leaves this trench alive" on the call.'],
                    published="2025-09-25"),
        ArticleSpec("b", "Outlet B", ["Ukrainian intelligence said 40 soldiers deserted the unit near Bakhmut last week.",
                                      "The commander threatened the men on the intercepted call."],
                    published="2025-09-26"),
    ])
    counts = comparison_counts(compare_articles(load_snapshot(tmp_path), "a", "b"))
    assert counts == Counts(hedges_dropped=0, number_differences=1, quotes_in_one_only=1, numbers_in_one_only=0)


def test_figures_in_one_article_only_are_counted_apart_and_said_to_be_no_disagreement(tmp_path):
    """A review read "Number differences 0" above a table of one-sided figures as "the numbers agree"
    (review 30a): the one-sided figures have their own count, and the table says what they mean."""
    make_snapshot(tmp_path, [
        ArticleSpec("a", "Outlet A", ["Ukrainian intelligence said 12 soldiers deserted the unit near Bakhmut on 3 May.",
                                      "The commander threatened the men on the intercepted call."], published="2025-09-25"),
        ArticleSpec("b", "Outlet B", ["Ukrainian intelligence said soldiers deserted the unit near Bakhmut.",
                                      "The commander threatened the men on the call, 300 metres from the line."],
                    published="2025-09-26"),
    ])
    comparison = compare_articles(load_snapshot(tmp_path), "a", "b")
    counts = comparison_counts(comparison)
    assert (counts.number_differences, counts.numbers_in_one_only) == (0, 3)
    lead = numbers_html(comparison).split("</p>")[0]
    assert "Figures: 0 disagree, 0 the same, 3 in one article only." in lead and "no disagreement" in lead


def test_citations_both_cite_hur(rework):
    rows = {r["source"]: r["cited_by"] for r in comparison_dict(rework)["citations"]}
    assert rows["HUR (Ukraine's military intelligence)"] == "both"


def test_json_contract(rework):
    data = comparison_dict(rework)
    assert {"pairs", "quotes", "numbers", "hedges", "reuse"} <= set(data)
    for pair in data["pairs"]:
        assert set(pair) >= {"a", "b", "a_text", "b_text", "similarity"}
        assert pair["a"] is not None or pair["b"] is not None
        if pair["a"] is None or pair["b"] is None:
            assert pair["similarity"] is None
        else:
            assert 0.0 < pair["similarity"] <= 1.0
    assert data["quotes"]["a"][0]["matches"][0]["words_only_here"] == ["you f*kers"]
    assert data["reuse"]["a_in_b"] == rework.reuse.a_in_b


def test_more_than_two_articles_align_to_reference(pair_snapshot):
    results = compare_with_reference(pair_snapshot, "wire-1", ["rework-1", "other-1", "wire-1"])
    assert [(c.a.article_id, c.b.article_id) for c in results] == [("wire-1", "rework-1"), ("wire-1", "other-1")]


@pytest.mark.parametrize("key, expected", [("wire", "wire-1"), ("rework-1", "rework-1")])
def test_resolve_prefix(pair_snapshot, key, expected):
    assert resolve_article_id(pair_snapshot, key) == expected


@pytest.mark.parametrize("key, message", [("nope", "no article"), ("", "no article")])
def test_unknown_article_is_a_clear_error(pair_snapshot, key, message):
    with pytest.raises(CompareError, match=message):
        compare_articles(pair_snapshot, key, "wire-1")


def test_ambiguous_prefix(tmp_path):
    make_snapshot(tmp_path, [ArticleSpec("x-1", "A", ["one text here"]), ArticleSpec("x-2", "B", ["two"])])
    with pytest.raises(CompareError, match="matches 2 articles"):
        resolve_article_id(load_snapshot(tmp_path), "x-")


def test_an_id_a_rebuild_renamed_still_names_its_article_in_the_cli_and_compare(tmp_path):
    """A script or a saved Compare link from before session 32's transliterated ids keeps working."""
    make_snapshot(tmp_path, [ArticleSpec("Frolov_dopros_dfbca33e", "A", ["one text here"]),
                             ArticleSpec("x-2", "B", ["two"])])
    snapshot = load_snapshot(tmp_path)
    assert resolve_article_id(snapshot, "_____________dfbca33e") == "Frolov_dopros_dfbca33e"
    with pytest.raises(CompareError, match="no article"):
        resolve_article_id(snapshot, "_____________00000000")     # another path's hash: not a guess


def test_article_without_content(tmp_path):
    make_snapshot(tmp_path, [ArticleSpec("empty", "A", [("Only a heading", Kind.HEADING)]),
                             ArticleSpec("full", "B", ["Some body text about the war."])])
    result = compare_articles(load_snapshot(tmp_path), "empty", "full")
    assert [p.status for p in result.pairs] == ["only in B"]
    assert result.reuse.a_in_b == 0.0 and "no content paragraphs" in result.notes[0]


# --- the sample corpus, real model ---------------------------------------------------------

@pytest.mark.model
def test_sample_dagens_is_a_rework_of_kyiv_independent(sample_data_dir):
    snapshot = load_snapshot(sample_data_dir)
    ids = snapshot.articles[ArticleCol.ID].tolist()
    kyiv, dagens, ibt = (resolve_article_id(snapshot, k) for k in ("001", "000", "002"))
    result = compare_articles(snapshot, kyiv, dagens)

    def partner(fragment: str) -> str | None:
        for p in result.pairs:
            if p.a_text and fragment in p.a_text:
                return p.b_text
        raise AssertionError(f"{fragment!r} not in A")

    assert "Important Stories" in (partner("More than 50,000 Russian soldiers") or "")
    assert "partial mobilisation" in (partner("increased prison terms") or "")
    # the call's quote, split in two paragraphs by Kyiv Independent, is one paragraph in Dagens
    assert any(len(p.a_rows) == 2 and "shoot them" in (p.b_text or "") for p in result.pairs)
    assert "counteroffensive" in (partner("The alleged order emerged") or "")
    assert result.reuse.a_in_b >= 0.6
    other = compare_articles(snapshot, kyiv, ibt)
    assert other.reuse.a_in_b < result.reuse.a_in_b / 2, (other.reuse, result.reuse, ids)
    # quotes of the call are matched although Kyiv Independent keeps "f*kers" and Dagens drops it
    censored = [m for m in result.quote_matches if m.a.censored]
    assert censored and any("f*kers" in w for m in censored for w in m.only_in_a)
    statuses = {(m.a.label if m.a else None, m.status) for m in result.quantities}
    assert ("3-10 years", cl.SAME) in statuses
    assert any(label == "160 km²" and status in (cl.SAME, cl.QUALIFIER_DIFFERS) for label, status in statuses)


def test_an_untitled_page_reads_untitled_not_nan(pair_snapshot):
    """A scraped page with no headline is stored with a missing title (NaN in the table): the
    comparison's header said "nan" under the outlet (seen on a real German page)."""
    import dataclasses
    import html

    from newslens.compare.html_export import summary_html
    articles = pair_snapshot.articles.copy()
    articles[ArticleCol.TITLE] = articles[ArticleCol.TITLE].astype(object)
    articles.loc[articles[ArticleCol.ID] == "rework-1", ArticleCol.TITLE] = np.nan
    untitled = dataclasses.replace(pair_snapshot, articles=articles)
    c = compare_articles(untitled, "wire-1", "rework-1")
    assert c.b.title == ""
    shown = html.unescape(summary_html(c))
    assert "<div>(untitled)</div>" in shown and ">nan<" not in shown


@pytest.mark.parametrize("large", [False, True])
def test_reuse_chart_shows_its_whole_legend_without_scrolling(rework, large):
    """A slide shows all three parts of the reuse bars' legend: the plot area is tall enough for
    three legend rows (at 300 px Plotly scrolled the legend and hid "word for word")."""
    from newslens.compare.alignment import reuse_figure
    fig = reuse_figure(rework, "stamp", large=large)
    layout = fig.layout
    plot_height = layout.height - layout.margin.t - layout.margin.b
    rows = [trace.name for trace in fig.data if trace.showlegend is not False]
    assert rows == ["word for word", "reworded", "not carried by the other"]
    assert plot_height >= len(rows) * layout.legend.font.size * 2.2 + 40


def _row(a, b, similarity, a_text="A paragraph of its own.", b_text="Another paragraph of its own."):
    from newslens.compare.alignment import AlignedPair
    return AlignedPair(a, b, similarity, a_text if a else None, b_text if b else None,
                       tuple(f"a{i}" for i in a), tuple(f"b{i}" for i in b))


@pytest.mark.parametrize("rows, reused", [
    # two reports of different executions that open alike: one close pair, the rest loose or apart
    ([_row((0,), (0,), 0.76), _row((1,), (1,), 0.56), _row((2,), (), None), _row((), (2,), None)], 0),
    # a rework: two close pairs (no anchor needed), or one close pair beside one as close as an anchor
    ([_row((0,), (0,), 0.76), _row((1,), (1,), 0.74), _row((2,), (), None)], 2),
    ([_row((0,), (0,), 0.76), _row((1,), (1,), 0.90), _row((2,), (), None)], 2),
    # one close pair that copies a run of words outside quotation marks: a rework's kept passage
    ([_row((0,), (0,), 0.76, "Russian forces executed four prisoners of war near the village on Tuesday morning, "
                             "the regional prosecutor said in a statement.",
           "Russian forces executed four prisoners of war near the village on Tuesday morning, officials said."),
      _row((1,), (), None), _row((), (1,), None)], 1),
    # a one-paragraph post and the article that re-reports it: their one close pair is reuse
    ([_row((0,), (1,), 0.76), _row((), (0,), None), _row((), (2,), None)], 1),
])
def test_one_close_paragraph_pair_alone_is_a_shared_theme_not_reuse(rows, reused):
    from newslens.compare.alignment import reused_pairs
    assert len(reused_pairs(rows, 0.72, 0.85)) == reused


def test_a_quote_retyped_in_single_quotes_is_matched_not_called_unquoted(tmp_path):
    """An aggregator retypes a wire's double quotes as straight single ones (set 31's Moscow Times /
    CNews pair): the quote table must match the quotes, not say the other side uses the words
    "without quote marks"."""
    make_snapshot(tmp_path, [
        ArticleSpec("wire", "Wire", ['"Several cases of conscripts serving in the units have been confirmed," '
                                     'the ministry spokesman said on Wednesday.',
                                     'He said the army would take "measures to keep conscripts out of combat areas."'],
                    published="2022-03-09"),
        ArticleSpec("copy", "Aggregator", ["'Several cases of conscripts serving in the units have been confirmed,' "
                                           "the ministry spokesman said. He said the army would take 'measures to "
                                           "keep conscripts out of combat areas.'"],
                    published="2022-03-10"),
    ])
    comparison = compare_articles(load_snapshot(tmp_path), "wire", "copy")
    quotes = comparison_dict(comparison)["quotes"]
    assert [q["status"] for q in quotes["a"]] == ["matched", "matched"]
    assert [q["status"] for q in quotes["b"]] == ["matched", "matched"]
    assert comparison_counts(comparison).quotes_in_one_only == 0


WIRE_MERGED = [
    "The army admitted on Wednesday that conscripts had taken part in the fighting near the border.",
    '"At the same time, a sabotage group attacked one of the units providing supplies," the spokesman said.',
    '"A number of servicemen, including conscripts, were captured," he added.',
    'He said the ministry would take "measures to keep conscripts away from combat areas."',
]
AGGREGATOR_MERGED = [
    "The army admitted that conscripts had taken part in the fighting near the border, on Wednesday.",
    "'At the same time, a sabotage group attacked one of the units providing supplies,' the spokesman said. "
    "'A number of servicemen, including conscripts, were captured,' he added. He said the ministry would take "
    "'measures to keep conscripts away from combat areas.'",
]


def test_paragraphs_a_rework_merged_three_into_one_join_the_pair_they_are_printed_in(tmp_path):
    """Set 31: an aggregator merged three of a wire's paragraphs into one; only the first was aligned
    (0.71), the other two, each printed word for word in it, stood "only in A" (A aligned 88%)."""
    from newslens.compare.alignment import Step, join_printed
    vectors = np.eye(6, dtype=np.float32)
    steps = [Step((0,), (0,), 0.95), Step((1,), (1,), 0.71), Step((2,), (), None), Step((3,), (), None)]
    joined = join_printed(steps, WIRE_MERGED, AGGREGATOR_MERGED, vectors[:4], vectors[:2])
    assert [(s.a, s.b, s.moved) for s in joined] == [((0,), (0,), False), ((1, 2, 3), (1,), False)]
    # a paragraph whose words the other does not print stays where it was
    other = [*WIRE_MERGED[:3], "The ministry gave no figures for the wounded or the missing."]
    assert [(s.a, s.b) for s in join_printed(steps, other, AGGREGATOR_MERGED, vectors[:4], vectors[:2])] == \
        [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
    # the same from B's side: B split what A merged
    back = join_printed([Step((0,), (0,), 0.95), Step((), (1,), None), Step((1,), (2,), 0.7)],
                        ["Opening line of the report about the unit near the border today.",
                         WIRE_MERGED[1] + " " + WIRE_MERGED[2]],
                        ["Opening line of the report about the unit near the border today.", WIRE_MERGED[2],
                         WIRE_MERGED[1]], vectors[:2], vectors[:3])
    assert [(s.a, s.b, s.moved) for s in back] == [((0,), (0,), False), ((1,), (1, 2), False)]
    # a sentence both merged paragraphs repeat joins the pair beside it, not the first that prints it
    repeated = "The ministry did not answer questions about the missing men."
    near = join_printed([Step((0,), (0,), 0.9), Step((1,), (1,), 0.8), Step((2,), (), None)],
                        ["The lead paragraph of the report on the unit.", "Prices in the town rose sharply.", repeated],
                        ["The lead paragraph of the report on the unit. " + repeated,
                         "Prices in the town rose sharply. " + repeated], vectors[:3], vectors[:2])
    assert [(s.a, s.b, s.moved) for s in near] == [((0,), (0,), False), ((1, 2), (1,), False)]


def test_an_official_is_one_source_in_two_scripts(tmp_path):
    """Set 32: the Russian report's "заявил министр обороны Сергей Шойгу" was no citation, so Compare
    said Shoigu was "not cited" by it beside the English report's "Defence Minister Sergei Shoigu"."""
    make_snapshot(tmp_path, [
        ArticleSpec("ru", "Газета", ["Об этом заявил министр обороны России Сергей Шойгу на совещании в среду.",
                                     "Министр Шойгу добавил, что потери противника растут."], language="ru"),
        ArticleSpec("en", "Daily", ["Defence Minister Sergei Shoigu said so at a meeting on Wednesday.",
                                    "Shoigu added that the enemy's losses were growing."]),
    ])
    rows = comparison_dict(compare_articles(load_snapshot(tmp_path), "ru", "en"))["citations"]
    assert [(r["source"], r["cited_by"]) for r in rows] == [("Sergei Shoigu", "both")]
    assert cl.extract_citations("министр обороны заявил, что потери велики") == []   # no name, no source


def test_shares_that_leave_loose_pairs_out_say_so(rework):
    """fi11 vs ro09 (review s31): five loosely aligned pairs and "0% aligned" each way read as "nothing
    shared": the shares say what they carry, and how many aligned pairs they leave out."""
    import dataclasses
    import html
    from newslens.compare.alignment import reuse_figure
    from newslens.compare.html_export import summary_html
    loose = dataclasses.replace(rework, reuse=dataclasses.replace(rework.reuse, a_in_b=0.0, b_in_a=0.0, verbatim_a=0.0,
                                                                  verbatim_b=0.0, loose=5))
    shown = html.unescape(summary_html(loose))
    assert "<b>0%</b> carried by the other" in shown and "5 aligned pairs not counted" in shown
    assert "aligned to the other" not in shown
    assert [t.name for t in reuse_figure(loose).data][-1] == "not carried by the other"


def test_a_figure_inside_the_others_bound_is_not_counted_as_a_disagreement(tmp_path):
    """Set 31's review: "Figures that disagree 1" over "more than 2,900 soldiers" and "2,930
    soldiers", which the table itself reads as agreeing."""
    make_snapshot(tmp_path, [
        ArticleSpec("a", "Outlet A", ["Ukrainian intelligence said more than 2,900 soldiers deserted the corps near Bakhmut.",
                                      "The commander threatened the men on the intercepted call."], published="2025-09-25"),
        ArticleSpec("b", "Outlet B", ["Ukrainian intelligence said 2,930 soldiers deserted the corps near Bakhmut.",
                                      "The commander threatened the men on the intercepted call."], published="2025-09-26"),
    ])
    comparison = compare_articles(load_snapshot(tmp_path), "a", "b")
    assert [m.status for m in comparison.quantities] == [cl.CONSISTENT]
    counts = comparison_counts(comparison)
    assert (counts.number_differences, counts.numbers_consistent) == (0, 1)
    lead = numbers_html(comparison).split("</p>")[0]
    assert "Figures: 0 disagree, 1 agree within a qualifier" in lead


def test_one_count_in_one_claim_in_paragraphs_not_aligned_is_a_possible_disagreement(tmp_path):
    """Set 31's review: "about 30 people" evacuated in A, "about 60 people" in B, listed as one-sided
    figures because their paragraphs were not aligned. Flagged as possible, and only where the unit
    word and the claim around it match: "200 people" at a concert and "40 firefighters" are not."""
    make_snapshot(tmp_path, [
        ArticleSpec("a", "Outlet A", [
            "The regional governor said drones struck a fuel depot outside Belgorod overnight.",
            "About 30 people were evacuated from nearby houses, the governor wrote on Telegram.",
            "Some 40 firefighters worked until morning to put out the blaze at the depot."], published="2025-09-25"),
        ArticleSpec("b", "Outlet B", [
            "Local residents filmed a column of smoke rising above the town early on Tuesday, and schools in two "
            "districts stayed closed while emergency crews checked the air. About 60 people were evacuated from "
            "houses near the depot.",
            "In the evening some 200 people gathered in the central square for a concert that went ahead as planned."],
            published="2025-09-25"),
    ])
    comparison = compare_articles(load_snapshot(tmp_path), "a", "b")
    assert not any(p.status == "aligned" for p in comparison.pairs)
    rows = {(r["a"] or {}).get("normalised"): r for r in quantity_rows(comparison)}
    assert rows["~ 30 people"]["status"] == cl.POSSIBLE and rows["~ 30 people"]["b"]["normalised"] == "~ 60 people"
    assert rows["~ 40 firefighters"]["status"] == cl.ONLY_A
    assert any(r["status"] == cl.ONLY_B and r["b"]["normalised"] == "~ 200 people" for r in quantity_rows(comparison))
    counts = comparison_counts(comparison)
    assert (counts.number_differences, counts.possible_differences) == (0, 1)
    assert "1 possibly disagrees" in numbers_html(comparison).split("</p>")[0]


def test_across_languages_paragraphs_a_long_one_merges_join_its_pair():
    """Review s32 (NRC against the Telegraph): the Dutch report's long first paragraph says what three
    English ones say; only one was aligned with it, the other two stood "only in B" though it says them."""
    from newslens.compare.alignment import join_contained
    a = _basis([[1, 0, 1, 1, 0, 0], [0, 1, 0, 0, 0, 0]])          # A's first paragraph: B's 0, 2 and 3 in one
    b = _basis([[1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0], [0, 0, 0, 1, 0.3, 0],
                [0, 0, 0, 0, 0, 1]])                                # B's last: something A never says
    aligned = align(a, b, threshold=0.4)
    steps = join_contained(aligned, a, b, threshold=0.4)
    assert [(s.a, s.b, s.moved) for s in steps] == [((0,), (0, 2, 3), True), ((1,), (1,), False), ((), (4,), False)]
    # the pair reads no closer than the alignment found it: a join places a paragraph, it does not make
    # two reports on one theme count as reuse (set 27: tagesschau vs NRC, labelled unrelated, 0% -> 69%)
    assert steps[0].similarity == pytest.approx(aligned[0].similarity)


@pytest.mark.parametrize("b_published, differences", [("2026-03-01", 0), ("2026-01-10", 1), (None, 0)])
def test_a_time_back_is_counted_from_each_articles_date(tmp_path, b_published, differences):
    """"3 months ago" on 10 January and "5 months ago" on 1 March are one October; on one day they disagree;
    when a report is undated, no sure disagreement."""
    make_snapshot(tmp_path, [
        ArticleSpec("a", "Outlet A", ["The deserter left his unit near Bakhmut 3 months ago, his mother told reporters."],
                    published="2026-01-10"),
        ArticleSpec("b", "Outlet B", ["The deserter left his unit near Bakhmut 5 months ago, his mother told reporters."],
                    published=b_published),
    ])
    assert comparison_counts(compare_articles(load_snapshot(tmp_path), "a", "b")).number_differences == differences


def test_a_quote_running_over_two_paragraphs_matches_the_same_quote_printed_whole(tmp_path):
    """Set 41 (default model): one report's quote of a soldier ran over two stored paragraphs, each
    piece too far from the other report's whole quote to match it; Compare listed the one utterance
    as "only in A" and twice "only in B". It is matched, and named once, whole."""
    from tests.test_evidence_quotes import FIRST_PART, ONE_PARAGRAPH, SECOND_PART
    make_snapshot(tmp_path, [
        ArticleSpec("whole-ru", "Outlet A", ["Боец из Якутии рассказал, как выжил после ранения.", ONE_PARAGRAPH],
                    language="ru"),
        ArticleSpec("split-ru", "Outlet B", ["Военный рассказал журналистам о ранении.", FIRST_PART, SECOND_PART],
                    language="ru"),
    ])
    rows = quote_rows(compare_articles(load_snapshot(tmp_path), "whole-ru", "split-ru"))
    assert [r["status"] for r in rows] == ["matched"] * 3
    (a_row,) = [r for r in rows if r["side"] == "A"]
    assert len(a_row["matches"]) == 1
    shown = a_row["matches"][0]["text"]
    assert shown.startswith("Каску надел") and shown.endswith("Страшно было очень")


def test_a_split_quote_on_the_left_lists_its_differences_once_and_a_repeated_quote_stays_two(tmp_path):
    """Review (session 38): with the split report as A, each piece carried the utterance's word
    differences and the quote table listed every "only A" word twice; and the pieces' de-duplication
    hid a quote one report repeats (lead and body) as one."""
    from newslens.compare.html_export import quotes_html
    from tests.test_evidence_quotes import FIRST_PART, ONE_PARAGRAPH, SECOND_PART
    said = "\u201cWe will rebuild every school that was destroyed this winter,\u201d the minister said."
    make_snapshot(tmp_path, [
        ArticleSpec("split-ru", "Outlet B", ["Военный рассказал журналистам о ранении.", FIRST_PART, SECOND_PART],
                    language="ru"),
        ArticleSpec("whole-ru", "Outlet A", ["Боец из Якутии рассказал, как выжил после ранения.", ONE_PARAGRAPH],
                    language="ru"),
        ArticleSpec("once", "Outlet C", ["The minister visited the region on Monday.", said]),
        ArticleSpec("twice", "Outlet D", [said, "The visit lasted two hours and included a hospital.",
                                         "Asked about funding, she repeated: " + said]),
    ])
    snapshot = load_snapshot(tmp_path)
    html = quotes_html(compare_articles(snapshot, "split-ru", "whole-ru"))
    assert html.count("Каску надел и тут прилетело") == 1       # an "only A" word run, once
    rows = quote_rows(compare_articles(snapshot, "once", "twice"))
    (a_row,) = [r for r in rows if r["side"] == "A"]
    assert len(a_row["matches"]) == 2 and [r["status"] for r in rows] == ["matched"] * 3
