"""Search by words reads a Ukrainian word written with an apostrophe ("п'ять", "м'ясо", "з'явився") as
one word, whichever apostrophe an outlet prints (' ’ ʼ), in the index and the query alike
(newslens/search/lexical.py ``TOKEN_RE``, ``normalise_text``). Texts written for these tests, in the
shape of a Ukrainian outlet's paragraphs."""
from __future__ import annotations

import pytest

from newslens.search.engine import LEXICAL, build_index, search
from newslens.search.lexical import tokenize
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot

CORPUS = [
    ArticleSpec("uk1", "Південний вісник", [
        "Пʼять солдатів залишили позиції без наказу.",                   # the modifier letter
        "Біля села з’явився блокпост, і м’ясо везли в обхід.",          # the typographic apostrophe
        "На фронті з'явилися нові загони загородження.",                # the straight one
        "Ще три солдати пішли без дозволу, кажуть у батальйоні.",
    ], language="uk"),
    ArticleSpec("en1", "Harbour Daily", [
        "Ukraine's commanders said five soldiers had left.",
    ]),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("apostrophes")
    make_snapshot(data_dir, CORPUS)
    return build_index(load_snapshot(data_dir))


def highlighted(hit) -> list[str]:
    return [hit.text[a:b] for a, b in hit.spans]


def test_an_apostrophe_word_is_one_term_whichever_apostrophe_it_is_printed_with():
    assert tokenize("П'ять") == tokenize("П’ять") == tokenize("Пʼять") == ["п'ять"]
    assert tokenize("м’ясо, зʼявився") == ["м'ясо", "з'явився"]
    # an English possessive still splits: "Ukraine's" is found by "Ukraine"
    assert tokenize("Ukraine's army") == ["ukraine", "army"]


@pytest.mark.parametrize("query", ["п'ять солдатів", "п’ять солдатів", "пʼять солдатів"])
def test_a_typed_apostrophe_word_finds_the_word_however_the_text_prints_it(index, query):
    result = search(index, query, mode=LEXICAL, k=10, per_article=None)
    assert result.hits[0].text.startswith("Пʼять солдатів")
    assert highlighted(result.hits[0]) == ["Пʼять", "солдатів"]
    assert result.hits[0].score > max(h.score for h in result.hits[1:])


def test_a_word_split_at_its_apostrophe_found_nothing_of_it(index):
    # "м'ясо" was "ясо" (the "м" too short to be a term), "з'явився" "явився"
    meat = search(index, "м'ясо", mode=LEXICAL, k=10, per_article=None)
    assert [highlighted(h) for h in meat.hits] == [["м’ясо"]]
    appeared = search(index, "зʼявився", mode=LEXICAL, k=10, per_article=None)
    assert appeared.hits[0].text.startswith("Біля села")
    assert highlighted(appeared.hits[0]) == ["з’явився"]
    # another form of the word is matched as forms are ("з'явилися")
    assert any(h.text.startswith("На фронті") for h in appeared.hits)


def test_a_quoted_phrase_matches_whichever_apostrophe_either_side_prints(index):
    result = search(index, '"п\'ять солдатів"', mode=LEXICAL, k=10, per_article=None)
    assert [h.text[:14] for h in result.hits] == ["Пʼять солдатів"]
    assert "Пʼять солдатів" in highlighted(result.hits[0])
