"""Dates as every view says them, and who published first (pure).

One module for every date wording: a date at its precision ("18 Mar 2022", "Jul 2023 (day
unknown)", "on or after 25 Sep 2025"), the ISO forms the compare view and every ``--json``
(``date_iso``) show, and re-report lags ("first, order uncertain", "≈ +3 days").

An article's date is a window of days (``DATE_START``..``DATE_END``; an open end means "on or
after"). Pages must agree on who reported first, so the rule lives here only: the first reporter
is the article whose window ends earliest (it certainly existed by then; then the earlier start,
the exact time, the id), the others follow by earliest start. An article dated only to a month
that holds the first's day is not put first with every dated report "+14 days" after it: its lag
is negative and is said "order unknown". The order is certain only when the first window ends
before every other begins and no article is undated; with one dated article among undated ones
there is no first at all (``NO_ORDER``). With two dated or more, the earliest dated one is named first,
"order uncertain" while any is undated (it may be older): what the dated reports show is said, with
the doubt.
When both sides carry an exact time (``PUBLISHED_AT``: a Telegram post, a printed "14:33 GMT"),
that time orders them and their lag is said in hours ("+5 h"); otherwise in days.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from newslens.schema import ArticleCol

FIRST = "first"
FIRST_UNCERTAIN = "first, order uncertain"
# How precisely an article's window pins its day (the timeline draws each kind differently).
EXACT = "exact day"
WINDOW = "approximate (date window)"
OPEN = "on or after"
UNDATED = "undated"
# A report whose date window begins before the first reporter's day (dated only to its month):
# it may be earlier or later.
ORDER_UNKNOWN = "≈ order unknown (date window)"
# Why the first reporter is uncertain, as every view says it (a stated reason, not a guess: an undated
# report may be older than the earliest dated one; two windows that overlap cannot be ordered).
ORDER_UNCERTAIN_UNDATED = "a report is undated"
ORDER_UNCERTAIN_OVERLAP = "the possible dates overlap"


def order_uncertain_reason(lags: Mapping[str, float | None], first: str | None, certain: bool) -> str:
    """Why the first reporter of a ``publication_order`` is uncertain ("" when it is sure or there is
    none): an undated report (its lag is None) may be older; else the dated windows overlap."""
    if first is None or certain:
        return ""
    return ORDER_UNCERTAIN_UNDATED if any(lag is None for lag in lags.values()) else ORDER_UNCERTAIN_OVERLAP


def order_uncertain_note(reason: str) -> str:
    """The sentence a page prints under an uncertain order, with its reason."""
    return f"Order uncertain: {reason}, so who was first is not known."
# Why a group of reports has no first reporter: one dated report beside undated ones is no order
# (the undated may be older), so it is not named "first" anywhere (the timeline leaves it out too).
NO_ORDER = "fewer than two reports are dated"


@dataclass(frozen=True)
class PublicationOrder:
    """Articles in order of publication and how sure that order is."""

    article_ids: list[str]                # dated earliest first, then undated (by id)
    first: str | None                     # None when fewer than two articles are dated (``NO_ORDER``)
    certain: bool                         # the first window ends before any other starts
    lags: dict[str, float | None]         # days from the first's earliest day (< 0: order unknown); None when undated
    hours: dict[str, float] = field(default_factory=dict)  # hours after the first, when both have exact times


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def exact_moment(value: object) -> pd.Timestamp | None:
    """The exact UTC moment of a ``PUBLISHED_AT`` value, or None when there is none (or it is unreadable)."""
    if _missing(value) or not str(value).strip():
        return None
    try:
        stamp = pd.Timestamp(str(value))
    except (ValueError, TypeError):
        return None
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def publication_order(windows: Iterable[tuple]) -> PublicationOrder:
    """Order ``(article_id, start, end[, published_at])`` by the rule in this module's docstring:
    the window that ends earliest first, the others by start, then exact time, then end, then id.
    A lag is negative for an article whose window begins before the first's day (order unknown)."""
    dated, undated = [], []
    for aid, start, end, *rest in windows:
        if _missing(start):
            undated.append(str(aid))
            continue
        start = pd.Timestamp(start)
        end = pd.Timestamp.max if _missing(end) else pd.Timestamp(end)
        at = exact_moment(rest[0]) if rest else None
        moment = at.tz_localize(None) if at is not None else pd.Timestamp.max
        dated.append((start, moment, end, str(aid), at))
    dated.sort(key=lambda d: d[:4])
    undated.sort()
    if not dated or (len(dated) == 1 and undated):
        ids = [d[3] for d in dated] + undated
        return PublicationOrder(ids, None, False, {a: None for a in ids})
    # The first reporter: the window that ends earliest (a report of 15 Oct, not one dated only
    # "October", which may be of the 30th); the others by their earliest possible day.
    lead = min(range(len(dated)), key=lambda k: (dated[k][2], dated[k][0], dated[k][1], dated[k][3]))
    dated.insert(0, dated.pop(lead))
    first_start, _, first_end, first, first_at = dated[0]
    certain = not undated and all(
        first_end < start or (first_at is not None and at is not None and first_at < at)
        for start, _, _, _, at in dated[1:])
    lags: dict[str, float | None] = {aid: float((start - first_start).days) for start, _, _, aid, _ in dated}
    lags.update({a: None for a in undated})
    hours = {} if first_at is None else {
        aid: (at - first_at).total_seconds() / 3600 for _, _, _, aid, at in dated if at is not None}
    return PublicationOrder([d[3] for d in dated] + undated, first, certain, lags, hours)


def known_lag(days: float | None, hours: float | None = None) -> float | None:
    """A lag in days as exports give it: ``None`` when it is unknown, and when the report's date
    window begins before the first reporter's day (a negative lag: the order is not known, the
    pages say ``ORDER_UNKNOWN``), so no script reads "-19 days" as "19 days before"."""
    if days is None or days < 0 or (hours is not None and hours < 0):
        return None
    return days


def first_label(certain: bool) -> str:
    """How a page names the first reporter: "first", or "first, order uncertain" when windows overlap."""
    return FIRST if certain else FIRST_UNCERTAIN


# --- wording ---------------------------------------------------------------------------------

def date_kind(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """How precisely an article's window pins its day: exact, a window, open-ended or undated."""
    if pd.isna(start):
        return UNDATED
    if pd.isna(end):
        return OPEN
    return EXACT if end == start else WINDOW


def describe_date(start: pd.Timestamp, end: pd.Timestamp, published: object = None, note: object = None) -> str:
    """The date as a reader should say it: "18 Mar 2022", "Jul 2023 (day unknown)", "on or after 25 Sep 2025"."""
    kind = date_kind(start, end)
    if kind == UNDATED:
        # only a latest day known (a page's "updated on"): still undated, with what is known said
        text = "date unknown" if pd.isna(end) else f"date unknown (on or before {end:%d %b %Y})"
    elif kind == EXACT:
        text = f"{start:%d %b %Y}"
    elif kind == OPEN:
        text = f"on or after {start:%d %b %Y}"
    elif start.day == 1 and end == start + pd.offsets.MonthEnd(0):
        text = f"{start:%b %Y} (day unknown)"
    elif start.month == 1 and start.day == 1 and end == start + pd.offsets.YearEnd(0):
        text = f"{start:%Y} (month unknown)"
    else:
        text = f"between {start:%d %b %Y} and {end:%d %b %Y}"
    if isinstance(note, str) and note.strip():
        text += f" - {note.strip()}"
    return text


def iso_date_text(published: str | None, start, end) -> str:
    """The publication date as precisely as it is known, never more, in ISO form (compare view)."""
    if published:
        return published
    start = None if start is None or pd.isna(start) else pd.Timestamp(start).date().isoformat()
    end = None if end is None or pd.isna(end) else pd.Timestamp(end).date().isoformat()
    if start and end:
        return start if start == end else f"between {start} and {end}"
    if start:
        return f"on or after {start}"
    return f"date unknown (on or before {end})" if end else "date unknown"   # as describe_date says it


# The keys every ``--json`` record of an article's date carries: the date as a reader says it, and
# in ISO form (null when undated). One name for one thing across commands (set 34's review found
# "date" in three formats). Where the exact time is known (``PUBLISHED_AT``) it is a field of its
# own, ``TIME_UTC`` ("15:53"), never a second wording of ``DATE``.
DATE = "date"
DATE_ISO = "date_iso"
TIME_UTC = "time_utc"
DATE_KEYS = (DATE, DATE_ISO, TIME_UTC)


def iso_date(published: object, start, end) -> str | None:
    """``iso_date_text`` for a dated article, None for an undated one (``DATE_ISO``)."""
    if start is None or pd.isna(start):
        return None
    return iso_date_text(published if isinstance(published, str) and published else None, start, end)


def article_dates(articles: pd.DataFrame) -> pd.DataFrame:
    """Per article id, its ``DATE`` ("18 Mar 2022", "date unknown": ``describe_date``), its
    ``DATE_ISO`` ("2022-03-18", "on or after 2025-09-25", or None) and its ``TIME_UTC`` ("15:53",
    or None): the one rule for an article's date in every ``--json``."""
    # Worded once per distinct date (100k articles share a few thousand), keyed by plain integers:
    # a Timestamp per article cost more than the wording.
    start = pd.to_datetime(articles[ArticleCol.DATE_START]).to_numpy(dtype="datetime64[ns]").view("i8").tolist()
    end = pd.to_datetime(articles[ArticleCol.DATE_END]).to_numpy(dtype="datetime64[ns]").view("i8").tolist()
    published = articles[ArticleCol.PUBLISHED].tolist() if ArticleCol.PUBLISHED in articles else [None] * len(start)
    nat = np.iinfo(np.int64).min

    def day(value: int) -> pd.Timestamp:
        return pd.NaT if value == nat else pd.Timestamp(value)

    said: dict[tuple, tuple[str, str | None]] = {}
    for key in zip(published, start, end):
        if key not in said:
            said[key] = (describe_date(day(key[1]), day(key[2])), iso_date(key[0], day(key[1]), day(key[2])))
    moments = articles[ArticleCol.PUBLISHED_AT].tolist() if ArticleCol.PUBLISHED_AT in articles else [None] * len(start)
    times = {m: time_text(m) for m in set(moments) if not _missing(m)}
    return pd.DataFrame([(*said[key], times.get(m)) for key, m in zip(zip(published, start, end), moments)],
                        columns=list(DATE_KEYS), index=articles[ArticleCol.ID].to_numpy(), dtype=object)


def with_article_dates(frame: pd.DataFrame, dated: pd.DataFrame, id_column: str = ArticleCol.ID) -> pd.DataFrame:
    """``frame`` (one row per article) with ``DATE_KEYS`` from ``article_dates`` in place of any date
    wording it had (a page's "06 Apr 2023 15:53 UTC" is ``DATE`` and ``TIME_UTC`` here)."""
    worded = [c for c in frame.columns if c in (*DATE_KEYS, "date_text")]
    columns = list(frame.columns)
    at = columns.index(worded[0]) if worded else len(columns)      # where the old wording stood
    out = frame.drop(columns=worded)
    for offset, key in enumerate(DATE_KEYS):
        out.insert(at + offset, key, out[id_column].map(dated[key]).astype(object))
    return out


def hours_text(hours: float) -> str:
    """An exact lag: "+5 h", "+40 min", "+2 days 3 h" (past two days the days lead)."""
    if hours < 1:
        return f"+{max(0.0, hours) * 60:.0f} min"
    if hours < 48:
        return f"+{hours:.0f} h"
    days, rest = divmod(round(hours), 24)
    return f"+{days} days" + (f" {rest} h" if rest else "")


def lag_text(days: float, approximate: bool, is_first: bool, order_certain: bool,
             hours: float | None = None) -> str:
    """"first", "+5 h" (both times exact), "+2 days", "≈ +1 day", "same day" - with the uncertainty said."""
    if is_first:
        return first_label(order_certain)
    if known_lag(days, hours) is None:
        return ORDER_UNKNOWN
    if hours is not None:
        return hours_text(hours)
    if days == 0:
        text = "same day"
    else:
        text = f"+{days:.0f} day" + ("" if days == 1 else "s")
    return f"≈ {text}" if approximate else text


def story_lag_text(lag: float | None, is_first: bool, first_certain: bool, hours: float | None = None) -> str:
    """A story member's lag after the first reporter: "+5 h" when both times are exact, else in days."""
    if lag is None:
        return "date unknown"
    if is_first:
        return first_label(first_certain)
    if known_lag(lag, hours) is None:
        return ORDER_UNKNOWN
    if hours is not None:
        return hours_text(hours)
    if lag == 0:
        return "same earliest date"
    return f"+{lag:g} day{'s' if lag != 1 else ''}"


def time_text(value: object) -> str | None:
    """The time of day of an exact publication moment, in UTC ("15:53"), or None (``TIME_UTC``)."""
    at = exact_moment(value)
    return None if at is None else f"{at:%H:%M}"


def moment_text(value: object) -> str | None:
    """An exact publication time as a reader sees it ("25 Sep 2025 14:03 UTC"), or None."""
    at = exact_moment(value)
    return None if at is None else f"{at:%d %b %Y %H:%M} UTC"
