"""How an outlet is named on every page, export and CLI: never "nan", "None" or empty (pure)."""
from __future__ import annotations

import pandas as pd

from newslens.schema import ArticleCol

UNKNOWN_OUTLET = "unknown outlet"


def _label_text(value: object) -> str | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):   # list-like values are not "missing"
        pass
    text = str(value).strip()
    return text or None


def outlet_label(outlet: object, domain: object = None) -> str:
    """The outlet's name for display: the outlet, else the domain, else "unknown outlet".

    Every page, export and CLI shows outlets through this, so a missing value (None/NaN in the
    snapshot) never reads as "nan" or "None" or leaves a dangling separator.
    """
    return _label_text(outlet) or _label_text(domain) or UNKNOWN_OUTLET


def outlet_labels(articles: pd.DataFrame) -> pd.Series:
    """``outlet_label`` for every row of an articles frame (same index)."""
    domains = articles[ArticleCol.DOMAIN] if ArticleCol.DOMAIN in articles else pd.Series(None, index=articles.index)
    memo: dict[tuple, str] = {}     # a few hundred outlets for 100k articles: label each pair once
    labels = []
    for pair in zip(articles[ArticleCol.OUTLET].tolist(), domains.tolist()):
        try:
            label = memo.get(pair)
        except TypeError:            # an unhashable value (a list in a hand-made frame)
            label = outlet_label(*pair)
        else:
            if label is None:
                label = memo[pair] = outlet_label(*pair)
        labels.append(label)
    return pd.Series(labels, index=articles.index, dtype=object)
