"""A report's original source read from its text, for the articles whose metadata gives none.

A report names where its account comes from ("according to British intelligence", "citing
Kommersant", "повідомляє ... з посиланням на Yonhap"); the build takes the source its content
paragraphs attribute to most often (``newslens.compare.claims.cited_origin``, rules and names in
config/sources.yaml) as the article's ``original_source``, marked inferred. A given one (metadata
table, front matter, a Telegram post's forward) is kept as it is.
"""
from __future__ import annotations

import json

import courlan
import pandas as pd

from newslens.compare.claims import cited_origin
from newslens.schema import ArticleCol, Kind, ParagraphCol, Provenance


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip()


def _site_name(domain: object) -> str | None:
    """The site's own name in its domain: the label before the public suffix ("ukrinform" of
    ukrinform.de, "pravda" of pravda.com.ua, "ibtimes" of ibtimes.co.uk; courlan reads the suffix list)."""
    if _missing(domain) or "." not in str(domain):
        return None
    registered = courlan.extract_domain("https://" + str(domain).strip("/")) or str(domain)
    return registered.split(".")[0] or None


def _own_names(article: pd.Series) -> tuple[str, ...]:
    """The names a report's own outlet goes by: its outlet's and its site's."""
    site = _site_name(article[ArticleCol.DOMAIN])
    return tuple(n for n in (article[ArticleCol.OUTLET], site) if not _missing(n))


def with_cited_origins(articles: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """``articles`` with each missing ``original_source`` filled from the article's content
    paragraphs (in reading order), and its provenance saying it was inferred."""
    todo = articles[ArticleCol.ORIGINAL_SOURCE].map(_missing)
    if not todo.any() or paragraphs.empty:
        return articles
    content = paragraphs[paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT)]
    content = content.sort_values([ParagraphCol.ARTICLE_ID, ParagraphCol.POSITION, ParagraphCol.PART], kind="stable")
    texts = content.groupby(ParagraphCol.ARTICLE_ID, sort=False)[ParagraphCol.TEXT].agg(list)
    out = articles.copy()
    for i in out.index[todo.to_numpy()]:
        row = out.loc[i]
        found = cited_origin(texts.get(row[ArticleCol.ID], []), _own_names(row))
        if found is None:
            continue
        provenance = json.loads(row[ArticleCol.PROVENANCE] or "{}")
        provenance[ArticleCol.ORIGINAL_SOURCE] = Provenance.INFERRED
        out.at[i, ArticleCol.ORIGINAL_SOURCE] = found[0]
        out.at[i, ArticleCol.PROVENANCE] = json.dumps(provenance, sort_keys=True)
    return out
