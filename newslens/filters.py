"""The shared sidebar filters as data, and applying them to a snapshot's frames (pure)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from newslens.schema import ArticleCol, ParagraphCol


@dataclass(frozen=True)
class Filters:
    """Empty tuples mean "no restriction"."""

    outlets: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    include_undated: bool = True
    topics: tuple[str, ...] = ()    # lens names; paragraphs carrying none of them are dropped
    kinds: tuple[str, ...] = field(default=())

    def is_default(self) -> bool:
        return self == Filters()

    def describe(self) -> str:
        """One line for chart stamps and exports: what the view is restricted to."""
        parts = []
        if self.outlets:
            parts.append("outlets: " + ", ".join(self.outlets))
        if self.languages:
            parts.append("language: " + ", ".join(self.languages))
        if self.date_from or self.date_to:
            parts.append(f"dates: {self.date_from or '…'} to {self.date_to or '…'}")
            if not self.include_undated:
                parts.append("undated excluded")
        if self.topics:
            parts.append("topics: " + ", ".join(self.topics))
        if self.kinds:
            parts.append("kinds: " + ", ".join(self.kinds))
        return "; ".join(parts) if parts else "all articles"


def article_mask(articles: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Which articles pass. A date range keeps an article whose possible dates overlap it."""
    mask = np.ones(len(articles), dtype=bool)
    if filters.outlets:
        mask &= articles[ArticleCol.OUTLET].isin(filters.outlets).to_numpy()
    if filters.languages:
        mask &= articles[ArticleCol.LANGUAGE].isin(filters.languages).to_numpy()
    if filters.date_from or filters.date_to:
        start = pd.to_datetime(articles[ArticleCol.DATE_START])
        end = pd.to_datetime(articles[ArticleCol.DATE_END])
        # An open end ("on or after 2025-09-25") may reach any later day.
        open_end = end.isna().to_numpy()
        undated = start.isna().to_numpy()
        overlaps = np.ones(len(articles), dtype=bool)
        if filters.date_from:
            overlaps &= open_end | (end >= pd.Timestamp(filters.date_from)).to_numpy()
        if filters.date_to:
            overlaps &= (start <= pd.Timestamp(filters.date_to)).to_numpy()
        mask &= np.where(undated, filters.include_undated, overlaps)
    return mask


def filter_articles(articles: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    return articles[article_mask(articles, filters)]


def paragraph_mask(paragraphs: pd.DataFrame, articles: pd.DataFrame, filters: Filters,
                   topic_labels: pd.Series | None = None) -> np.ndarray:
    """Which paragraphs pass: their article passes, their kind is allowed, and (when topic filters
    are set and ``topic_labels`` - lists of lens names aligned with ``paragraphs`` - is given) they
    carry one of the chosen topics."""
    kept_ids = articles.loc[article_mask(articles, filters), ArticleCol.ID]
    # A fresh writable array: pandas' copy-on-write hands out read-only views.
    mask = np.array(paragraphs[ParagraphCol.ARTICLE_ID].isin(kept_ids), dtype=bool)
    if filters.kinds:
        mask &= paragraphs[ParagraphCol.KIND].isin(filters.kinds).to_numpy()
    if filters.topics and topic_labels is not None:
        wanted = set(filters.topics)
        mask &= np.fromiter((bool(wanted.intersection(labels)) for labels in topic_labels),
                            dtype=bool, count=len(paragraphs))
    return mask
