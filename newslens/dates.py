"""Who published first: one ordering of possible-date windows, shared by every page (pure).

An article's date is a window of days (``DATE_START``..``DATE_END``; an open end means "on or
after"). Pages must agree on who reported first, so the rule lives here only: earliest start,
then the earlier end (a bounded window before an open one), then the article id. The order is
certain only when the first window ends before every other begins and no article is undated.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

FIRST = "first"
FIRST_UNCERTAIN = "first (order uncertain)"
ORDER_UNCERTAIN_NOTE = "Order uncertain: the possible publication dates overlap, so who was first is not known."


@dataclass(frozen=True)
class PublicationOrder:
    """Articles in order of publication and how sure that order is."""

    article_ids: list[str]                # dated earliest first, then undated (by id)
    first: str | None                     # None when no article is dated
    certain: bool                         # the first window ends before any other starts
    lags: dict[str, float | None]         # days from the first's earliest day; None when undated


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def publication_order(windows: Iterable[tuple[str, object, object]]) -> PublicationOrder:
    """Order ``(article_id, start, end)`` windows by start, then the earlier end, then id."""
    dated, undated = [], []
    for aid, start, end in windows:
        if _missing(start):
            undated.append(str(aid))
            continue
        start = pd.Timestamp(start)
        end = pd.Timestamp.max if _missing(end) else pd.Timestamp(end)
        dated.append((start, end, str(aid)))
    dated.sort()
    undated.sort()
    if not dated:
        return PublicationOrder(undated, None, False, {a: None for a in undated})
    first_start, first_end, first = dated[0]
    certain = not undated and all(first_end < start for start, _, _ in dated[1:])
    lags: dict[str, float | None] = {aid: float((start - first_start).days) for start, _, aid in dated}
    lags.update({a: None for a in undated})
    return PublicationOrder([aid for _, _, aid in dated] + undated, first, certain, lags)


def first_label(certain: bool) -> str:
    """How a page names the first reporter: "first", or "first (order uncertain)" when windows overlap."""
    return FIRST if certain else FIRST_UNCERTAIN
