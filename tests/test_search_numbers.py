"""A number typed in a search finds the figure however a paragraph groups its thousands (review 29a,
item 5: "9861", "9 861", "9.861", "9,861" each found another subset of outlets). Texts written for the
test, in the shape of the real case: one figure of losses retold in Russian, Romanian and English."""
from __future__ import annotations

import pytest

from newslens.search.engine import LEXICAL, build_index, search
from newslens.store import load_snapshot
from tests.factories import ArticleSpec, make_snapshot

NNBSP = "\u202f"     # the narrow no-break space Russian pages group thousands with
ARTICLES = [
    ArticleSpec("ru", "Газета", [f"Газета сообщила о гибели 9{NNBSP}861 военного, а затем удалила заметку."],
                language="ru"),
    ArticleSpec("ro", "Ziar", ["Ziarul a scris că 9.861 de militari au murit, apoi a șters articolul."], language="ro"),
    ArticleSpec("en", "Daily", ["The paper said 9,861 soldiers had died, then deleted the report."]),
    ArticleSpec("ch", "Zeitung", ["Die Zeitung meldete 9'861 Tote und löschte den Bericht."], language="de"),
    # the same digits, other figures: no match
    ArticleSpec("other", "Weekly", ["Some 861 soldiers were wounded and 19 861 were listed missing; 9 861 000 "
                                    "roubles were paid."]),
    ArticleSpec("dec", "Herald", ["Losses rose 1.8 times, the ministry said; 18 brigades were moved."]),
    ArticleSpec("count", "Bulletin", ["By then 2,022 conscripts had been sent to the front."]),
    ArticleSpec("year", "Review", ["In 2022 the conscripts were sent to the front."]),
]
SPELLINGS = ["9861", "9 861", "9.861", "9,861", f"9{NNBSP}861", "9'861"]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("numbers")
    make_snapshot(folder, ARTICLES)
    return build_index(load_snapshot(folder))


@pytest.mark.parametrize("query", SPELLINGS)
def test_one_figure_is_found_in_every_grouping(index, query):
    result = search(index, query, mode=LEXICAL, k=10, group=False)
    assert {h.article_id for h in result.hits} == {"ru", "ro", "en", "ch"}
    notice = next(n for n in result.notices if "other separators" in n)
    assert "9.861" in notice or query == "9.861"
    assert notice.endswith("Put a number in quotation marks to match it exactly.")


def test_the_whole_number_is_highlighted(index):
    hit = next(h for h in search(index, "9861", mode=LEXICAL, k=10).hits if h.article_id == "ru")
    assert [hit.text[s:e] for s, e in hit.spans] == [f"9{NNBSP}861"]


def test_a_quoted_number_matches_only_as_typed(index):
    result = search(index, '"9.861"', mode=LEXICAL, k=10)
    assert [h.article_id for h in result.hits] == ["ro"]
    assert not any("other separators" in n for n in result.notices)


def test_a_decimal_is_not_a_thousands_group(index):
    assert {h.article_id for h in search(index, "1,8", mode=LEXICAL, k=10).hits} == {"dec"}
    assert search(index, "1,800", mode=LEXICAL, k=10).hits == []


def test_a_year_is_not_a_count(index):
    assert {h.article_id for h in search(index, "2022", mode=LEXICAL, k=10).hits} == {"year"}
    assert {h.article_id for h in search(index, "2 022", mode=LEXICAL, k=10).hits} == {"count"}
