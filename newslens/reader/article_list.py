"""The reader's article list: one row per article with its metadata and paragraph counts (pure)."""
from __future__ import annotations

import json

import pandas as pd

from newslens.safe import terminal_text

from newslens.schema import ArticleCol, Kind, ParagraphCol
from newslens.store import Snapshot

ARTICLE_LIST_COLUMNS = [
    ArticleCol.ID, ArticleCol.OUTLET, ArticleCol.URL, ArticleCol.TITLE, ArticleCol.AUTHOR,
    ArticleCol.PUBLISHED, ArticleCol.DATE_PRECISION, ArticleCol.LANGUAGE, ArticleCol.ORIGINAL_SOURCE,
    ArticleCol.TITLE_NOTE,
]

def inferred_fields(provenance_json: str | None) -> list[str]:
    """Metadata fields whose value was inferred from the text or url rather than given."""
    try:
        provenance = json.loads(provenance_json or "{}")
    except json.JSONDecodeError:
        return []
    return sorted(k for k, v in provenance.items() if v == "inferred")


def article_table(snapshot: Snapshot) -> pd.DataFrame:
    """Articles sorted by date (undated last) with paragraph counts and the inferred fields."""
    paragraphs = snapshot.paragraphs
    content = paragraphs[paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT)]
    counts = content.groupby(ParagraphCol.ARTICLE_ID).size()
    table = snapshot.articles.loc[:, ARTICLE_LIST_COLUMNS].copy()
    table["paragraphs"] = table[ArticleCol.ID].map(counts).fillna(0).astype(int)
    table["inferred"] = snapshot.articles[ArticleCol.PROVENANCE].map(inferred_fields)
    order = snapshot.articles[ArticleCol.DATE_START]
    return table.assign(_order=order).sort_values(["_order", ArticleCol.ID], na_position="last") \
        .drop(columns="_order").reset_index(drop=True)


def article_text(table: pd.DataFrame) -> str:
    """The article list as a plain-text table for a terminal: unknown values show as "-"."""
    if table.empty:
        return "no articles"
    shown = table.copy()
    shown["inferred"] = shown["inferred"].map(lambda fields: ", ".join(fields) if len(fields) else "")
    # the headline's evidence is long: the JSON output carries it, the terminal table does not
    order = [c for c in shown.columns if c not in (ArticleCol.URL, ArticleCol.TITLE_NOTE)] + [ArticleCol.URL]
    shown = shown.loc[:, order].astype(object).where(shown.loc[:, order].notna(), "-")
    shown = shown.map(lambda v: "-" if v is None or v == "" else terminal_text(v))
    with pd.option_context("display.max_colwidth", 48, "display.width", 250):
        return shown.to_string(index=False)
