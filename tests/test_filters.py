"""The shared sidebar filters: outlets, language, date windows with honest precision."""
from datetime import date

import pytest

from newslens.filters import Filters, article_mask, paragraph_mask
from newslens.schema import ArticleCol, Kind
from tests.factories import ArticleSpec, article_frames

SPECS = [
    ArticleSpec("day", "A", ["x"], published="2022-03-18"),
    ArticleSpec("month", "B", ["y"], published="2023-07"),
    ArticleSpec("year", "A", ["z"], published="2022", language="uk"),
    ArticleSpec("undated", "C", ["w", ("Also read", Kind.BOILERPLATE)], published=None),
]
ARTICLES, PARAGRAPHS = article_frames(SPECS)


def kept(filters):
    return list(ARTICLES.loc[article_mask(ARTICLES, filters), ArticleCol.ID])


@pytest.mark.parametrize("filters, expected", [
    (Filters(), ["day", "month", "year", "undated"]),
    (Filters(outlets=("A",)), ["day", "year"]),
    (Filters(languages=("uk",)), ["year"]),
    # A month-precise article overlaps a range that touches any day of that month.
    (Filters(date_from=date(2023, 7, 31)), ["month", "undated"]),
    (Filters(date_from=date(2023, 7, 31), include_undated=False), ["month"]),
    (Filters(date_to=date(2022, 1, 1), include_undated=False), ["year"]),
    (Filters(date_from=date(2022, 3, 19), date_to=date(2022, 12, 31), include_undated=False), ["year"]),
])
def test_article_filters(filters, expected):
    assert kept(filters) == expected


def test_open_ended_window_reaches_later_ranges():
    articles = ARTICLES.copy()
    articles.loc[articles[ArticleCol.ID] == "undated", ArticleCol.DATE_START] = "2025-09-25"
    mask = article_mask(articles, Filters(date_from=date(2025, 10, 1), include_undated=False))
    assert list(articles.loc[mask, ArticleCol.ID]) == ["undated"]


def test_paragraph_filters_by_article_kind_and_topic():
    mask = paragraph_mask(PARAGRAPHS, ARTICLES, Filters(outlets=("C",), kinds=Kind.CONTENT))
    assert PARAGRAPHS.loc[mask, "text"].tolist() == ["w"]
    labels = [["morale"], [], ["desertion"], ["morale", "executions"], []]
    mask = paragraph_mask(PARAGRAPHS, ARTICLES, Filters(topics=("morale",)), topic_labels=labels)
    assert PARAGRAPHS.loc[mask, "text"].tolist() == ["x", "w"]


def test_describe_names_every_restriction():
    text = Filters(outlets=("A", "B"), date_from=date(2022, 1, 1), topics=("morale",)).describe()
    assert "A, B" in text and "2022-01-01" in text and "morale" in text
    assert Filters().describe() == "all articles"
