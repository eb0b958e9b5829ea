"""Wire datelines: the day a reprinted report was filed (story grouping's date window)."""
from __future__ import annotations

import pandas as pd
import pytest

from newslens.compare.evidence import dateline_day, reported_day


@pytest.mark.parametrize("text, language, day", [
    ("By Anna Example LONDON, Oct 3 (Wire) \u2013 Drunk recruits were sent forward.", "en", "%10-03"),
    ("KYIV, Ukraine, 9 April (Agency) - The ministry said ...", "en", "%04-09"),
    ("Berlin, 9. April (Agentur) \u2013 Das Ministerium teilte mit ...", "de", "%04-09"),
    ("London (dts) \u2013 Gro\u00dfbritannien unterstellt ...", "de", None),          # no day
    ("The ministry said on Oct 3 (a Tuesday) that the unit had left.", "en", None),  # not a dateline
    ("He was wounded on Oct 3 (Reuters reported) and flown out.", "en", None),       # no dash after it
    ("On Tuesday, May 5 (local time) \u2013 the convoy left.", "en", None),            # not an agency
])
def test_dateline_day(text, language, day):
    assert dateline_day(text, language) == day


def test_reported_day_is_the_last_such_day_before_the_page_or_none_inside_its_window():
    at = pd.Timestamp("2024-07-13")
    assert reported_day("%10-03", at, at) == pd.Timestamp("2023-10-03")     # the year before
    assert reported_day("%07-01", at, at) == pd.Timestamp("2024-07-01")
    assert reported_day("%07-13", at, at) is None                          # its own day: a plain dateline
    month = (pd.Timestamp("2023-12-01"), pd.Timestamp("2023-12-31"))
    assert reported_day("%12-20", *month) is None                          # inside a month-precise window
    assert reported_day("%02-29", pd.Timestamp("2023-03-01"), pd.Timestamp("2023-03-01")) is None


def test_a_dateline_a_day_after_the_page_date_is_that_days_report_not_last_years():
    """A page dated 26 November over a 'SEOUL, Nov 27 (Reuters)' dateline (a time zone, a date one
    day off) must not read as a reprint of a report from a year before, which would open a date
    window a year back and let it link to another year's event."""
    day = dateline_day("SEOUL, Nov 27 (Reuters) - Soldiers of a mobilised unit refused to advance.", "en")
    page = pd.Timestamp("2023-11-26")
    assert day == "%11-27"
    assert reported_day(day, page, page, ahead_days=2) is None
    new_year = pd.Timestamp("2023-12-31")                      # a page of 31 December, a 1 January dateline
    assert reported_day("%01-01", new_year, new_year, ahead_days=2) is None
    assert reported_day("%12-01", page, page, ahead_days=2) == pd.Timestamp("2022-12-01")   # a real reprint
