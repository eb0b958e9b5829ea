"""Romanian ş/ţ (cedilla) and ș/ț (comma below) are one letter for matching (config/search.yaml
``letter_equivalents``): two outlets printing one report each way share its hedges, qualifiers, words
and search terms. The text shown keeps the letters the page wrote."""
from __future__ import annotations

from newslens.compare import claims as cl
from newslens.compare.alignment import AlignedPair, hedge_flags, word_diff
from newslens.search.engine import highlight_spans
from newslens.search.lexical import BM25Index
from newslens.spelling import fold_letters

# One sentence, written by us, in the two spellings Romanian sites use.
COMMA = "Comandanții ruși sunt acuzați de executarea a cel puțin 150 de soldați și ofițeri."
CEDILLA = "Comandanţii ruşi sunt acuzaţi de executarea a cel puţin 150 de soldaţi şi ofiţeri."


def test_the_fold_keeps_every_offset():
    assert fold_letters(CEDILLA) == COMMA and len(fold_letters(CEDILLA)) == len(CEDILLA)
    assert fold_letters("ŞTIRI Ţară") == "ȘTIRI Țară"


def test_a_hedge_in_cedilla_letters_is_found_and_shown_as_written():
    (hedge,) = [h for h in cl.extract_hedges(CEDILLA) if h.family == "alleged"]
    assert hedge.text == "acuzaţi de"


def test_the_two_spellings_drop_no_hedge():
    pair = AlignedPair((0,), (0,), 0.99, COMMA, CEDILLA, ("a",), ("b",))
    flags = hedge_flags([pair], cl.extract_hedges(COMMA, "a"), cl.extract_hedges(CEDILLA, "b"), languages_ab=("ro", "ro"))
    assert flags == []


def test_the_qualifier_in_cedilla_letters_is_the_same_qualifier():
    (match,) = cl.compare_quantities(cl.extract_quantities(COMMA, "a", "ro"), cl.extract_quantities(CEDILLA, "b", "ro"),
                                     [("a", "b")])
    assert match.status == cl.SAME, match
    assert match.b.text == "cel puţin 150"        # shown as B prints it


def test_the_word_diff_marks_nothing_between_the_two_spellings():
    diff = word_diff(COMMA, CEDILLA)
    assert diff.a_spans == () and diff.b_spans == ()


def test_quotes_in_the_two_spellings_are_the_same_quote():
    (a,), (b,) = cl.extract_quotes(f"„{COMMA}”", "a"), cl.extract_quotes(f"„{CEDILLA}”", "b")
    match = cl.match_quote_pair(a, b)
    assert match is not None and match.kind == "same" and match.only_in_a == match.only_in_b == ()


def test_search_finds_either_spelling_with_the_other():
    bm25 = BM25Index([CEDILLA, "Un alt paragraf despre front."])
    for query in ("acuzați soldații", "acuzaţi soldaţii"):
        terms = bm25.query_terms(query)
        assert terms.missing == [] and bm25.scores(terms)[0] > 0, query
    spans = highlight_spans(CEDILLA, set(bm25.query_terms("acuzați").terms))
    assert [CEDILLA[a:b] for a, b in spans] == ["acuzaţi"]
