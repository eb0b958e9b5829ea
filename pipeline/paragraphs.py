"""From one article's text to its paragraph rows, and the corpus-wide furniture pass.

``build_paragraphs`` splits and classifies the text (``pipeline.clean``), splits any paragraph
longer than the model's input limit into consecutive parts (an embedding model silently drops
what is past its limit, so a long paragraph would otherwise be searchable only by its start),
and gives each row a stable id: the same text in the same article keeps its id across builds,
whatever was inserted or removed around it.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from newslens.schema import ArticleCol, Kind, ParagraphCol
from newslens.sentences import sentence_spans
from pipeline.clean import classify_blocks, normalise, split_blocks

TokenCounter = Callable[[str], int]

def _pack(text: str, spans: list[tuple[int, int]], costs: list[int], overhead: int,
          count_tokens: TokenCounter, budget: int) -> list[tuple[int, int]]:
    """Greedily join consecutive spans while the joined text stays within ``budget`` tokens.

    ``costs`` are the spans' own token counts less the fixed ``overhead`` (special tokens such as
    [CLS] and [SEP]), so their running sum estimates a joined part without tokenizing it; the
    tokenizer is asked only when the estimate says no, and every part is checked at the end.
    """
    packed: list[tuple[int, int]] = []
    members: list[list[int]] = []
    current = 0
    for index, (start, end) in enumerate(spans):
        if packed and current + costs[index] <= budget:
            packed[-1], current = (packed[-1][0], end), current + costs[index]
            members[-1].append(index)
            continue
        joined = count_tokens(text[packed[-1][0]:end]) if packed else budget + 1
        if joined <= budget:
            packed[-1], current = (packed[-1][0], end), joined
            members[-1].append(index)
        else:
            packed.append((start, end))
            members.append([index])
            current = overhead + costs[index]
    checked: list[tuple[int, int]] = []
    for (start, end), group in zip(packed, members):
        if len(group) == 1 or count_tokens(text[start:end]) <= budget:
            checked.append((start, end))
        else:   # the estimate was wrong for this tokenizer: pack this part exactly
            checked.extend(_pack_exact(text, [spans[i] for i in group], count_tokens, budget))
    return checked


def _pack_exact(text: str, spans: list[tuple[int, int]], count_tokens: TokenCounter,
                budget: int) -> list[tuple[int, int]]:
    packed: list[tuple[int, int]] = []
    for start, end in spans:
        if packed and count_tokens(text[packed[-1][0]:end]) <= budget:
            packed[-1] = (packed[-1][0], end)
        else:
            packed.append((start, end))
    return packed


def _split_chars(text: str, start: int, end: int, fits: Callable[[str], bool]) -> list[tuple[int, int]]:
    """A single 'word' too long for the model (a URL, a run of symbols): longest prefixes that fit."""
    spans = []
    while start < end:
        low = start + 1
        if not fits(text[start:low]):
            raise ValueError("max_tokens is too small to hold a single character")
        high = start + 2   # gallop: double the window while it fits, so a cut costs ~its own size
        while high < end and fits(text[start:high]):
            low, high = high, start + 2 * (high - start)
        high = min(high, end)
        if fits(text[start:high]):
            low = high
        while low < high:   # largest cut such that text[start:cut] fits
            mid = (low + high + 1) // 2
            if fits(text[start:mid]):
                low = mid
            else:
                high = mid - 1
        spans.append((start, low))
        start = low
    return spans


def _split_words(text: str, start: int, end: int, fits: Callable[[str], bool]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for word in re.finditer(r"\S+", text[start:end]):
        a, b = start + word.start(), start + word.end()
        spans.extend([(a, b)] if fits(text[a:b]) else _split_chars(text, a, b, fits))
    return spans


def split_long_text(text: str, count_tokens: TokenCounter, max_tokens: int) -> list[str]:
    """Split ``text`` into consecutive parts of at most ``max_tokens`` tokens each.

    Parts end at sentence boundaries where possible; a sentence too long on its own is split
    between words, a word too long on its own between characters. Nothing is dropped: the parts,
    joined with the whitespace that separated them, are the text.
    """
    if max_tokens < 1:
        raise ValueError("max_tokens must be positive")

    def fits(part: str) -> bool:
        return count_tokens(part) <= max_tokens

    if not text.strip() or fits(text):
        return [text]
    units: list[tuple[int, int]] = []
    for start, end in sentence_spans(text):
        units.extend([(start, end)] if fits(text[start:end]) else _split_words(text, start, end, fits))
    overhead = count_tokens("")
    costs = [max(0, count_tokens(text[a:b]) - overhead) for a, b in units]

    def pack(budget: int) -> list[tuple[int, int]]:
        return _pack(text, units, costs, overhead, count_tokens, budget)

    # As few parts as greedy packing needs, evened out: the smallest budget that still gives that
    # many parts, so no search hit is a lone trailing word.
    best = pack(max_tokens)
    low, high = 1, max_tokens
    while low < high:   # the part count only grows as the budget shrinks
        mid = (low + high) // 2
        if len(pack(mid)) <= len(best):
            high = mid
        else:
            low = mid + 1
    parts = pack(low) if low < max_tokens else best
    return [text[a:b].strip() for a, b in parts]


def _id_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def paragraph_id(article_id: str, text: str, occurrence: int) -> str:
    """Stable 16-hex-digit id from the article, the (whitespace-normalised) text and how many
    identical texts came before it in that article. Positions are not part of it, so inserting a
    paragraph above does not change the ids below."""
    key = f"{article_id}\x1f{_id_text(text)}\x1f{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def paragraph_ids(article_id: str, texts: Iterable[str]) -> list[str]:
    """The ids of an article's paragraph texts, in order: identical texts numbered by occurrence.
    Also how the Reader finds a paragraph again under a link made before a rebuild renamed its article."""
    seen: Counter[str] = Counter()
    ids = []
    for text in texts:
        key = _id_text(text)
        ids.append(paragraph_id(article_id, text, seen[key]))
        seen[key] += 1
    return ids


def content_hash(text: str) -> str:
    """The embedding cache key (with the model name): sha256 of the exact text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def empty_paragraphs() -> pd.DataFrame:
    return pd.DataFrame({col: pd.Series(dtype="int64" if col in (ParagraphCol.POSITION, ParagraphCol.PART)
                                        else str) for col in ParagraphCol.ALL})


def paragraph_columns(article_id: str, text: str, *, title: str | None = None, author: str | None = None,
                      language: str | None = None, count_tokens: TokenCounter | None = None,
                      max_tokens: int = 256) -> dict[str, list]:
    """The rows of ``build_paragraphs`` as plain column lists (``ParagraphCol.ALL`` keys).

    A corpus build merges these and makes one DataFrame (``paragraphs_frame``): building a small
    frame per article costs more than cleaning the article does.
    """
    blocks = classify_blocks(split_blocks(text), title=title, author=author, language=language)
    columns: dict[str, list] = {col: [] for col in ParagraphCol.ALL}
    for position, block in enumerate(blocks):
        parts = split_long_text(block.text, count_tokens, max_tokens) if count_tokens else [block.text]
        for part_no, part in enumerate(parts):
            columns[ParagraphCol.POSITION].append(position)
            columns[ParagraphCol.TEXT].append(part)
            columns[ParagraphCol.KIND].append(block.kind)
            columns[ParagraphCol.REASON].append(block.reason)
            columns[ParagraphCol.PART].append(part_no)
            columns[ParagraphCol.CONTENT_HASH].append(content_hash(part))
    columns[ParagraphCol.ID] = paragraph_ids(article_id, columns[ParagraphCol.TEXT])
    columns[ParagraphCol.ARTICLE_ID] = [article_id] * len(columns[ParagraphCol.ID])
    return columns


def paragraphs_frame(column_sets: Iterable[dict[str, list]]) -> pd.DataFrame:
    """One paragraphs DataFrame (columns exactly ``ParagraphCol.ALL``) from ``paragraph_columns`` outputs."""
    merged: dict[str, list] = {col: [] for col in ParagraphCol.ALL}
    for columns in column_sets:
        for col in ParagraphCol.ALL:
            merged[col].extend(columns[col])
    if not merged[ParagraphCol.ID]:
        return empty_paragraphs()
    data: dict[str, object] = dict(merged)
    for col in (ParagraphCol.POSITION, ParagraphCol.PART):
        data[col] = np.asarray(merged[col], dtype=np.int64)
    return pd.DataFrame(data)


def build_paragraphs(article_id: str, text: str, *, title: str | None = None, author: str | None = None,
                     language: str | None = None, count_tokens: TokenCounter | None = None,
                     max_tokens: int = 256) -> pd.DataFrame:
    """One article's paragraph rows (columns exactly ``ParagraphCol.ALL``), furniture included.

    POSITION numbers the blocks 0.. in reading order; a block longer than ``max_tokens`` (as
    ``count_tokens`` counts them; no splitting without it) becomes consecutive rows with the same
    position and PART 0, 1, 2...
    """
    return paragraphs_frame([paragraph_columns(article_id, text, title=title, author=author, language=language,
                                               count_tokens=count_tokens, max_tokens=max_tokens)])


REPEATED_ACROSS_ARTICLES = "repeated across articles"
_QUOTE_MARKS = re.compile("[\"“”«»„]")


def _is_label_like(text: str, max_words: int) -> bool:
    """Short, not a sentence and not a quotation: the shape of a label, never of a quoted line
    that several outlets legitimately share when they report the same call."""
    words = text.split()
    return (0 < len(words) <= max_words and not _QUOTE_MARKS.search(text)
            and text.rstrip("'’)] ")[-1:] not in (".", "!", "?", "…"))


def mark_corpus_furniture(paragraphs: pd.DataFrame, articles: pd.DataFrame, *, max_words: int = 8,
                          same_domain: int = 2, anywhere: int = 3, edge: int = 2, edge_words: int = 60,
                          same_domain_at_edge: int = 3) -> pd.DataFrame:
    """Mark as boilerplate the short label-like lines that recur across articles.

    A line no per-article rule caught ("Others are reading now", a section label) is still
    furniture when it appears in ``same_domain`` articles of one outlet's domain, or in
    ``anywhere`` articles in all. Quotations and sentences are never touched: outlets re-reporting
    one intercepted call share its words, and that is content.

    Longer lines (up to ``edge_words``) are furniture too when they stand at the same place, among
    the first or last ``edge`` paragraphs, in ``same_domain_at_edge`` articles of one outlet: a
    site's banner blurb, membership appeal or sign-off, which no per-article rule can know.
    Returns a new frame.
    """
    out = paragraphs.copy()
    if out.empty:
        return out
    content = out[ParagraphCol.KIND].isin(Kind.CONTENT + (Kind.HEADING,)) & (out[ParagraphCol.PART] == 0)
    if ArticleCol.DOMAIN in articles.columns:
        domains = articles.drop_duplicates(ArticleCol.ID).set_index(ArticleCol.ID)[ArticleCol.DOMAIN]
    else:
        domains = pd.Series(dtype="object")
    _mark_outlet_edges(out, content, domains, edge=edge, max_words=edge_words, min_articles=same_domain_at_edge)
    candidates = out.loc[content, ParagraphCol.TEXT].map(lambda t: _is_label_like(t, max_words))
    index = candidates[candidates].index
    if len(index) == 0:
        return out
    lines = pd.DataFrame({
        "key": out.loc[index, ParagraphCol.TEXT].map(normalise),
        "article": out.loc[index, ParagraphCol.ARTICLE_ID],
    }, index=index)
    lines["domain"] = lines["article"].map(domains).fillna("").astype(str).str.strip().str.casefold()
    in_all = lines.groupby("key")["article"].transform("nunique")
    with_domain = lines[lines["domain"] != ""]
    in_domain = with_domain.groupby(["domain", "key"])["article"].transform("nunique")
    repeated = (in_all >= anywhere) | in_domain.reindex(lines.index, fill_value=0).ge(same_domain)
    repeated &= lines["key"] != ""
    hit = repeated[repeated].index
    out.loc[hit, ParagraphCol.KIND] = Kind.BOILERPLATE
    out.loc[hit, ParagraphCol.REASON] = REPEATED_ACROSS_ARTICLES
    return out


def _mark_outlet_edges(out: pd.DataFrame, content: pd.Series, domains: pd.Series, *, edge: int,
                       max_words: int, min_articles: int) -> None:
    """In place: lines at an article's top or tail that recur there in many articles of one outlet."""
    rows = out[content & (out[ParagraphCol.KIND] != Kind.BOILERPLATE)]
    if rows.empty or domains.empty:
        return
    rank = rows.groupby(ParagraphCol.ARTICLE_ID)[ParagraphCol.POSITION]
    at_edge = (rank.rank(method="first") <= edge) | (rank.rank(method="first", ascending=False) <= edge)
    words = rows[ParagraphCol.TEXT].str.split().str.len()
    rows = rows[at_edge & words.le(max_words) & ~rows[ParagraphCol.TEXT].str.contains(_QUOTE_MARKS)]
    if rows.empty:
        return
    lines = pd.DataFrame({"key": rows[ParagraphCol.TEXT].map(normalise),
                          "article": rows[ParagraphCol.ARTICLE_ID]}, index=rows.index)
    lines["domain"] = lines["article"].map(domains).fillna("").astype(str).str.strip().str.casefold()
    lines = lines[(lines["domain"] != "") & (lines["key"] != "")]
    count = lines.groupby(["domain", "key"])["article"].transform("nunique")
    hit = count[count >= min_articles].index
    out.loc[hit, ParagraphCol.KIND] = Kind.BOILERPLATE
    out.loc[hit, ParagraphCol.REASON] = REPEATED_ACROSS_ARTICLES
