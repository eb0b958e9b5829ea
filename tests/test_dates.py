"""Every date wording the views use, from one module: a date never claims more precision than known."""
from __future__ import annotations

import pandas as pd
import pytest

from newslens import dates
from newslens.schema import ArticleCol

T = pd.Timestamp
NaT = pd.NaT


@pytest.mark.parametrize("start, end, kind, text", [
    (T("2022-03-18"), T("2022-03-18"), dates.EXACT, "18 Mar 2022"),
    (T("2023-07-01"), T("2023-07-31"), dates.WINDOW, "Jul 2023 (day unknown)"),
    (T("2022-01-01"), T("2022-12-31"), dates.WINDOW, "2022 (month unknown)"),
    (T("2025-09-25"), T("2025-09-26"), dates.WINDOW, "between 25 Sep 2025 and 26 Sep 2025"),
    (T("2025-09-25"), NaT, dates.OPEN, "on or after 25 Sep 2025"),
    (NaT, NaT, dates.UNDATED, "date unknown"),
    # only a latest day ("Aktualisiert am 25.07.2023"): undated, with what is known said; Compare
    # printed "by 2023-07-25" while the other views said "date unknown" (review 30a)
    (NaT, T("2023-07-25"), dates.UNDATED, "date unknown (on or before 25 Jul 2023)"),
])
def test_date_kind_and_wording_never_claim_a_false_day(start, end, kind, text):
    assert dates.date_kind(start, end) == kind
    assert dates.describe_date(start, end) == text


@pytest.mark.parametrize("published, start, end, text", [
    ("2025-09-25", T("2025-09-25"), T("2025-09-25"), "2025-09-25"),     # the date as printed wins
    (None, T("2025-09-25"), T("2025-09-25"), "2025-09-25"),
    (None, T("2023-07-01"), T("2023-07-31"), "between 2023-07-01 and 2023-07-31"),
    (None, T("2025-09-25"), NaT, "on or after 2025-09-25"),
    (None, NaT, T("2025-09-30"), "date unknown (on or before 2025-09-30)"),   # as every other view says it
    (None, NaT, NaT, "date unknown"),
])
def test_iso_date_text(published, start, end, text):
    assert dates.iso_date_text(published, start, end) == text


def test_article_dates_give_every_command_the_date_as_said_and_in_iso_form():
    """Each `--json` record carries ``date`` (as the Reader says it) and ``date_iso`` (None: undated);
    topics said "2022-03-18" / "undated", timeline and search "18 Mar 2022" / "date unknown" (set 34)."""
    articles = pd.DataFrame({ArticleCol.ID: ["a", "b", "c", "d"], ArticleCol.PUBLISHED: ["2022-03", None, None, None],
                             ArticleCol.DATE_START: [T("2022-03-01"), T("2025-09-25"), NaT, NaT],
                             ArticleCol.DATE_END: [T("2022-03-31"), NaT, T("2023-07-25"), NaT]})
    said = dates.article_dates(articles)
    assert said[dates.DATE].to_dict() == {"a": "Mar 2022 (day unknown)", "b": "on or after 25 Sep 2025",
                                          "c": "date unknown (on or before 25 Jul 2023)", "d": "date unknown"}
    assert said[dates.DATE_ISO].to_dict() == {"a": "2022-03", "b": "on or after 2025-09-25", "c": None, "d": None}
    assert said[dates.TIME_UTC].to_dict() == dict.fromkeys("abcd")          # no exact time stored


def test_the_exact_time_is_a_field_of_its_own_never_a_second_date_wording():
    """Timeline's `--json` said "06 Apr 2023 15:53 UTC" where every other command said "06 Apr 2023":
    one ``date``, and the time of day apart (UTC, also for a moment given in another zone)."""
    articles = pd.DataFrame({ArticleCol.ID: ["a", "b", "c"], ArticleCol.PUBLISHED: ["2023-04-06", None, None],
                             ArticleCol.DATE_START: [T("2023-04-06"), T("2023-04-06"), NaT],
                             ArticleCol.DATE_END: [T("2023-04-06"), T("2023-04-06"), NaT],
                             ArticleCol.PUBLISHED_AT: ["2023-04-06T15:53:00Z", "2023-04-06T18:10:00+03:00", None]})
    said = dates.article_dates(articles)
    assert said.loc["a"].to_dict() == {dates.DATE: "06 Apr 2023", dates.DATE_ISO: "2023-04-06", dates.TIME_UTC: "15:53"}
    assert said.loc["b", dates.TIME_UTC] == "15:10" and said.loc["c", dates.TIME_UTC] is None
    # a page's row with the moment in its wording gets the three keys in its place
    rows = pd.DataFrame({"story": [1, 1], ArticleCol.ID: ["a", "c"], "date": ["06 Apr 2023 15:53 UTC", "date unknown"],
                         "lag": ["first", "date unknown"]})
    out = dates.with_article_dates(rows, said)
    assert list(out.columns) == ["story", ArticleCol.ID, *dates.DATE_KEYS, "lag"]
    assert out[dates.DATE].tolist() == ["06 Apr 2023", "date unknown"]


@pytest.mark.parametrize("days, approximate, first, certain, text", [
    (0, False, True, True, "first"),
    (0, False, False, True, "same day"),
    (1, False, False, True, "+1 day"),
    (3, True, False, True, "≈ +3 days"),
    (0, True, True, False, "first, order uncertain"),
])
def test_lag_text(days, approximate, first, certain, text):
    assert dates.lag_text(days, approximate, first, certain) == text


@pytest.mark.parametrize("lag, first, certain, text", [
    (0.0, True, True, "first"),
    (0.0, True, False, "first, order uncertain"),
    (0.0, False, True, "same earliest date"),
    (1.0, False, True, "+1 day"),
    (2.5, False, True, "+2.5 days"),
    (None, False, True, "date unknown"),
])
def test_story_lag_text(lag, first, certain, text):
    assert dates.story_lag_text(lag, first, certain) == text


def test_a_day_and_year_without_a_month_is_no_date() -> None:
    """"23, 2023" (what is left of a line whose month was misread): no month, no date, never
    today's month filled in by the date parser."""
    from pipeline.metadata import parse_date

    assert parse_date("23, 2023").published is None
    assert parse_date("Feb 23, 2023").published == "2023-02-23"


@pytest.mark.parametrize("printed, published", [
    ("Publicado el 5 de marzo de 2023", "2023-03-05"),      # a label and its little word
    ("Pubblicato il 5 marzo 2023", "2023-03-05"),
    ("Publié le 5 mars 2023", "2023-03-05"),
    ("2023. 03. 12.", "2023-03-12"),                         # year first, spaced: three numbers
    ("Standby 12 March 2023", None),                         # a label is a whole word
])
def test_date_labels_in_more_languages_and_what_is_no_label(printed, published) -> None:
    from pipeline.metadata import parse_date

    assert parse_date(printed).published == published
