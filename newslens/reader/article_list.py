"""The reader's article list: one row per article with its metadata and paragraph counts, and
the raw files the build left out as copies of them (pure)."""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from newslens.outlets import outlet_labels
from newslens.safe import terminal_text

from newslens.schema import (TITLE_FROM_URL_FIELD, TITLE_SOURCE_FIELD, ArticleCol, Kind, ManifestKey, ParagraphCol,
                             TitleSource, cell_text, shown_title, title_source)
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


@dataclass(frozen=True)
class LeftOutCopy:
    """A raw file the build kept out of the corpus as a copy of another (manifest ``duplicates``).
    For a disinformation analyst a site reprinting another word for word is a finding, so every view
    that counts the articles says it. The manifest records the two files and, for a near copy, the
    build's reason; not the copy's url or outlet (those stay in the raw folder's metadata)."""

    file: str                  # the copy, relative to the raw folder
    copy_of: str | None        # the article it copies (None: no article of this snapshot)
    copy_of_file: str
    near: str | None = None    # "near-duplicate: 3 word(s) changed"; None for an exact copy

    def text(self, outlet_of: dict[str, str]) -> str:
        """'copy.txt = outlet.com' (exact) or 'copy.txt ≈ outlet.com (near-duplicate: ...)'."""
        original = outlet_of.get(self.copy_of or "", self.copy_of_file)
        return f"{self.file} {'≈' if self.near else '='} {original}" + (f" ({self.near})" if self.near else "")

    def to_dict(self) -> dict:
        return {"file": self.file, "copy_of": self.copy_of, "copy_of_file": self.copy_of_file,
                "exact": self.near is None, "reason": self.near or "exact copy"}


def left_out_copies(snapshot: Snapshot) -> list[LeftOutCopy]:
    """The copies the build left out, in the manifest's order, each with the article it copies. A
    copy of a file itself left out as a near copy is traced to the article kept (the build matches
    exact copies on text before it looks for near ones)."""
    entries = [d for d in snapshot.manifest.get(ManifestKey.DUPLICATES) or []
               if isinstance(d, dict) and d.get("file") and d.get("duplicate_of")]
    if not entries:
        return []
    left_out = {str(d["file"]): str(d["duplicate_of"]) for d in entries}
    articles = snapshot.articles
    named = articles[articles[ArticleCol.SOURCE_FILE].isin(set(left_out.values()))]
    article_of = dict(zip(named[ArticleCol.SOURCE_FILE], named[ArticleCol.ID]))
    copies = []
    for d in entries:
        original, seen = str(d["duplicate_of"]), set()
        while original not in article_of and original in left_out and original not in seen:
            seen.add(original)
            original = left_out[original]
        near = d.get("reason")
        copies.append(LeftOutCopy(str(d["file"]), article_of.get(original), str(d["duplicate_of"]),
                                  str(near) if near else None))
    return copies


def copies_count_text(copies: list[LeftOutCopy]) -> str:
    """'1 exact copy', '2 exact copies and 1 near copy'."""
    near = sum(c.near is not None for c in copies)
    parts = [(len(copies) - near, "exact"), (near, "near")]
    return " and ".join(f"{n} {kind} cop{'y' if n == 1 else 'ies'}" for n, kind in parts if n)


def copies_outlets(snapshot: Snapshot, copies: list[LeftOutCopy]) -> dict[str, str]:
    """The outlet of each article copied, as every view names outlets."""
    originals = snapshot.articles[snapshot.articles[ArticleCol.ID].isin({c.copy_of for c in copies})]
    return dict(zip(originals[ArticleCol.ID], outlet_labels(originals)))


def article_table(snapshot: Snapshot) -> pd.DataFrame:
    """Articles sorted by date (undated last) with paragraph counts, the inferred fields and the
    copies of each the build left out (``copies_left_out``: ``LeftOutCopy.to_dict`` rows)."""
    paragraphs = snapshot.paragraphs
    content = paragraphs[paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT)]
    counts = content.groupby(ParagraphCol.ARTICLE_ID).size()
    table = snapshot.articles.loc[:, ARTICLE_LIST_COLUMNS].copy()
    sources = table[ArticleCol.TITLE_NOTE].map(title_source).astype(object)
    table.insert(table.columns.get_loc(ArticleCol.TITLE) + 1, TITLE_FROM_URL_FIELD, sources.eq(TitleSource.URL))
    table.insert(table.columns.get_loc(TITLE_FROM_URL_FIELD) + 1, TITLE_SOURCE_FIELD, sources)
    table["paragraphs"] = table[ArticleCol.ID].map(counts).fillna(0).astype(int)
    table["inferred"] = snapshot.articles[ArticleCol.PROVENANCE].map(inferred_fields)
    copies: dict[str, list[dict]] = {}
    for copy in left_out_copies(snapshot):
        copies.setdefault(copy.copy_of or "", []).append(copy.to_dict())
    table["copies_left_out"] = table[ArticleCol.ID].map(lambda a: copies.get(a, []))
    order = snapshot.articles[ArticleCol.DATE_START]
    return table.assign(_order=order).sort_values(["_order", ArticleCol.ID], na_position="last") \
        .drop(columns="_order").reset_index(drop=True)


def copies_text(snapshot: Snapshot) -> str:
    """The copies the build left out, for a terminal: a count, then one line each; "" when none."""
    copies = left_out_copies(snapshot)
    if not copies:
        return ""
    outlet_of = copies_outlets(snapshot, copies)
    lines = [f"Left out by the build as copies of the articles above: {copies_count_text(copies)}"]
    lines += [f"  {terminal_text(c.text(outlet_of))}" + (f"  (article {terminal_text(c.copy_of)})" if c.copy_of else "")
              for c in copies]
    return "\n".join(lines)


def article_text(table: pd.DataFrame) -> str:
    """The article list as a plain-text table for a terminal: unknown values show as "-"."""
    if table.empty:
        return "no articles"
    shown = table.drop(columns="copies_left_out", errors="ignore")     # said under the table (copies_text)
    shown[ArticleCol.TITLE] = [shown_title(t, f) if cell_text(t) else None
                               for t, f in zip(shown[ArticleCol.TITLE], shown[TITLE_SOURCE_FIELD])]
    shown["inferred"] = shown["inferred"].map(lambda fields: ", ".join(fields) if len(fields) else "")
    # the headline's evidence is long: the JSON output carries it, the terminal table does not
    order = [c for c in shown.columns
             if c not in (ArticleCol.URL, ArticleCol.TITLE_NOTE, TITLE_FROM_URL_FIELD, TITLE_SOURCE_FIELD)] + [ArticleCol.URL]
    shown = shown.loc[:, order].astype(object).where(shown.loc[:, order].notna(), "-")
    shown = shown.map(lambda v: "-" if v is None or v == "" else terminal_text(v))
    with pd.option_context("display.max_colwidth", 48, "display.width", 250):
        return shown.to_string(index=False)
