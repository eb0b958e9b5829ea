"""A stand-in title for the articles whose page printed no headline and whose url has no words (or
only in other letters than the page's: a Russian page's transliterated slug).

Such a page showed "(untitled)" in every chooser, table, hover and story heading: 50 of 513 real
scraped pages (sets 27 and 33-42: wire pages opening on their dateline, Russian and Korean news
sites with numeric urls, Twitter threads), indistinguishable from each other on a slide. Its first
sentence (of its first paragraph of text, after cleaning: no menu, caption or teaser; else of
its "Key points" box) says what the report is about; cut to ``lead_title`` in config/ingest.yaml, it stands
in. Its note ends with ``ArticleCol.TITLE_FROM_LEAD``, so every view marks it "(from its first
sentence)" (``schema.title_source``) and neither the story grouping nor the search reads it as a
headline (it is the lead's own words).
"""
from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Sequence

import pandas as pd

from newslens.knowledge import IngestSettings
from newslens.safe import terminal_text
from newslens.schema import ArticleCol, Kind, ParagraphCol, Provenance, cell_text
from newslens.sentences import sentences
from pipeline.metadata import title_from_url

# where a stand-in may come from: the text, else the outlet's summary box (never a caption, a quote
# block, a list item or furniture)
_LEAD_KINDS = (Kind.BODY, Kind.SUMMARY)


# what may open a first sentence without being its words: a thread's counter ("1/", "(2/5)"), a
# dash or a bullet; never a number ("9,836 people from Russia ...", "9/11 families ...")
_MARKER = re.compile(r"(?:\d{1,3}/|\(\d{1,3}/\d{1,3}\)|[^\w\s]+)")
# Where ``sentences`` sees no end, for a title: a Chinese or Japanese full stop, with no space after
# it, and a stop before a letter of a script without capitals (Korean, Arabic, Georgian...), which
# that splitter (made for paragraphs) waits for. Only the title's first sentence is cut here.
_WIDE_STOP = re.compile(r"(?<=[\u3002\uff01\uff1f])")
_STOP_BEFORE_LETTER = re.compile(r"(?<=[.!?])\s+(?=([^\W\d_]))")


def _first_sentences(paragraph: str):
    """The sentences of ``paragraph`` in order, bidi and control characters out (an override would
    turn the title's mark around on screen: ``safe.terminal_text``)."""
    for sentence in sentences(terminal_text(paragraph)):
        start = 0
        for stop in _STOP_BEFORE_LETTER.finditer(sentence):
            if stop.group(1).lower() == stop.group(1).upper():          # no case: the splitter missed it
                yield from _WIDE_STOP.split(sentence[start:stop.start()])
                start = stop.end()
        yield from _WIDE_STOP.split(sentence[start:])


def _worded(sentence: str) -> int:
    return sum(any(c.isalpha() for c in word) for word in sentence.split())


def _width(char: str) -> int:
    """A character's width on screen: 2 for a Chinese, Japanese or Korean one, else 1."""
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` (``_width``) with an ellipsis when wider: at a word's end when it
    has spaces (Chinese and Japanese have none)."""
    if sum(map(_width, text)) <= width:
        return text
    # (the characters that fit in the width with the ellipsis)
    head = text[:sum(1 for used in itertools.accumulate(map(_width, text)) if used <= width - 1)]
    space = head.rfind(" ")
    return (head[:space] if space > len(head) // 2 else head).rstrip(",;:\u2013\u2014- ") + "\u2026"


def lead_title(text: str | Sequence[str], settings: IngestSettings) -> str | None:
    """The first sentence of ``text`` (a paragraph, or an article's paragraphs in order) as a title:
    a thread's counter or a dash opening it dropped, a sentence of fewer than
    ``lead_title_min_words`` words (a wire dateline, in its paragraph or a paragraph of its own)
    giving way to the next, cut to ``lead_title_words`` words and then ``lead_title_characters``
    characters (wide ones count twice) with an ellipsis. None when it holds no word with a letter."""
    found = (s.strip() for paragraph in ([text] if isinstance(text, str) else text) for s in _first_sentences(paragraph))
    short = None
    for sentence in found:
        if _worded(sentence) >= settings.lead_title_min_words:
            break
        short = short or (sentence if _worded(sentence) else None)
    else:
        sentence = short
    words = (sentence or "").split()
    while words and _MARKER.fullmatch(words[0]):
        words.pop(0)
    if not words:
        return None
    text = " ".join(words[:settings.lead_title_words])
    if len(words) > settings.lead_title_words:
        text = text.rstrip(",;:\u2013\u2014-") + "\u2026"
    return _cut(text, settings.lead_title_characters)


def with_lead_titles(articles: pd.DataFrame, paragraphs: pd.DataFrame,
                     settings: IngestSettings | None = None) -> pd.DataFrame:
    """``articles`` with each missing title filled by its first sentence (``lead_title``), its note
    ending with ``ArticleCol.TITLE_FROM_LEAD`` and its provenance inferred."""
    settings = settings or IngestSettings()
    todo = articles[ArticleCol.TITLE].map(lambda t: cell_text(t) is None)
    if not todo.any() or paragraphs.empty:
        return articles
    leads = paragraphs[paragraphs[ParagraphCol.KIND].isin(_LEAD_KINDS)
                       & paragraphs[ParagraphCol.ARTICLE_ID].isin(set(articles.loc[todo, ArticleCol.ID]))]
    # the text before a summary box, each in reading order; a paragraph stored in parts starts at part 0
    leads = leads.assign(_summary=leads[ParagraphCol.KIND].eq(Kind.SUMMARY)).sort_values(
        [ParagraphCol.ARTICLE_ID, "_summary", ParagraphCol.POSITION, ParagraphCol.PART], kind="stable")
    first = leads.groupby(ParagraphCol.ARTICLE_ID, sort=False)[ParagraphCol.TEXT].agg(list)
    out = articles.copy()
    for i in out.index[todo.to_numpy()]:
        row = out.loc[i]
        note = cell_text(row[ArticleCol.TITLE_NOTE])
        title, ending = lead_title(first.get(row[ArticleCol.ID], []), settings), ArticleCol.TITLE_FROM_LEAD
        if title is None and note and note.endswith(ArticleCol.URL_IN_OTHER_SCRIPT):
            # no sentence to stand in: the transliterated url words after all (pipeline.ingest left them)
            title, ending = title_from_url(cell_text(row[ArticleCol.URL])), ArticleCol.TITLE_FROM_URL
        if title is None:
            continue
        provenance = json.loads(row[ArticleCol.PROVENANCE] or "{}")
        provenance[ArticleCol.TITLE] = Provenance.INFERRED
        out.at[i, ArticleCol.TITLE] = title
        out.at[i, ArticleCol.TITLE_NOTE] = f"{note}; {ending}" if note else ending
        out.at[i, ArticleCol.PROVENANCE] = json.dumps(provenance, sort_keys=True)
    return out
