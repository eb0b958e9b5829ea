"""Romanian ş/ţ (cedilla) and ș/ț (comma below) are one letter for matching (config/search.yaml
``letter_equivalents``): two outlets printing one report each way share its hedges, qualifiers, words
and search terms. The text shown keeps the letters the page wrote. Turkish writes ş as a letter of
its own (``own_letters``): its stemmer reads the word so spelled, so the fold loses it no form."""
from __future__ import annotations

import numpy as np
import pytest

from newslens.compare import claims as cl
from newslens.compare.alignment import AlignedPair, compare_articles, hedge_flags, word_diff
from newslens.embedder import normalise_rows
from newslens.search.engine import LEXICAL, build_index, highlight_spans, search
from newslens.search.lexical import BM25Index
from newslens.spelling import fold_letters
from newslens.stemming import stem_function
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot
from tests.test_compare_by_words import _EnglishModelStandIn

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


# --- word forms: the stemmer reads each language's own letters --------------------------------
# Sentences written by us in the shape of Turkish and Romanian reports of soldiers' calls home.

TURKISH = ArticleSpec("tr1", "Akşam Postası", [
    "Asker annesiyle telefonda konuşmuş ve cepheye dönmek istemediğini söylemiş.",
    "Komutan askerlerle konuştu, ama kimse saldırıya katılmak istemedi.",
    "Hava soğuk ve yağmurluydu.",
], language="tr")
ROMANIAN_COMMA = ArticleSpec("ro1", "Ziarul A", [
    "Soldații ruși s-au plâns că au fost trimiși fără muniție.",
    "Vremea a fost rece toată săptămâna.",
], language="ro")
ROMANIAN_CEDILLA = ArticleSpec("ro2", "Ziarul B", [
    "Familiile soldaţilor ruşi cer ca aceştia să fie aduşi acasă.",
], language="ro")


@pytest.fixture(scope="module")
def forms_index(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("letters")
    make_snapshot(data_dir, [TURKISH, ROMANIAN_COMMA, ROMANIAN_CEDILLA])
    return build_index(load_snapshot(data_dir))


def _found(index, query: str) -> list[str]:
    return [h.text for h in search(index, query, mode=LEXICAL, k=10, per_article=None).hits]


@pytest.mark.parametrize("query, other", [("konuşmuş", "Komutan askerlerle konuştu"),
                                          ("konuştu", "Asker annesiyle telefonda konuşmuş")])
def test_a_turkish_word_with_s_cedilla_finds_its_other_forms(forms_index, query, other):
    # The fold spells ş as the Romanian ș; the Turkish stemmer knows only ş, so it took "konuşmuş"
    # for no form of "konuştu" until the word was spelled back in Turkish letters for it.
    found = _found(forms_index, query)
    assert len(found) == 2 and any(t.startswith(other) for t in found)
    hit = next(h for h in search(forms_index, query, mode=LEXICAL, k=10, per_article=None).hits
               if h.text.startswith(other))
    assert [hit.text[a:b] for a, b in hit.spans] == [other.split()[-1]]    # highlighted as printed


def test_the_turkish_stem_is_read_in_the_folded_letters_whichever_a_page_printed():
    stem = stem_function("tr")
    assert stem("konuşmuş") == stem("konușmuș") == stem("konuştu") == fold_letters("konuş")


@pytest.mark.parametrize("query", ["soldații", "soldaţii", "soldaţilor", "soldaților"])
def test_romanian_forms_are_found_across_the_two_spellings(forms_index, query):
    found = _found(forms_index, query)
    assert any(t.startswith("Soldații ruși") for t in found) and any(t.startswith("Familiile soldaţilor") for t in found)


def test_a_romanian_rework_in_the_other_spelling_and_other_forms_is_aligned_by_words(tmp_path):
    # Compared by words (a model that does not read Romanian): the source prints ș/ț, the rework
    # ş/ţ and other forms of its words; each paragraph still finds its partner.
    source = ArticleSpec("ro-a", "Ziarul A", [
        "Soldații ruși s-au plâns că au fost trimiși la asalt fără muniție și fără hrană.",
        "Comandanții lor i-au amenințat că vor fi împușcați dacă se retrag.",
    ], language="ro", title="Soldații se plâng")
    rework = ArticleSpec("ro-b", "Ziarul B", [
        "Un soldat rus s-a plâns că a fost trimis la asalt fără muniţie şi fără hrană.",
        "Comandantul său l-a ameninţat că va fi împuşcat dacă se retrage.",
    ], language="ro", title="Un soldat se plânge")
    make_snapshot(tmp_path, [source, rework], embedder=_UncoveredLanguageStandIn())
    result = compare_articles(load_snapshot(tmp_path), "ro-a", "ro-b")
    assert result.by_words
    assert [(p.status, p.a_text[:8], p.b_text[:9]) for p in result.pairs] == [
        ("aligned", "Soldații", "Un soldat"), ("aligned", "Comandan", "Comandant")]


class _UncoveredLanguageStandIn(_EnglishModelStandIn):
    """The default English model's vectors of a language it does not read: any two of its
    paragraphs about as close, whatever they say (``tests.test_compare_by_words``)."""

    def encode(self, texts):
        return normalise_rows(np.array([self.russian + self.rng.normal(size=self.dim) * 0.7 for _ in texts],
                                       dtype=np.float32))
