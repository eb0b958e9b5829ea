"""Sentence boundaries, one rule for the pipeline (splitting long paragraphs) and the read side
(comparing claims sentence by sentence). A full stop after an abbreviation or an initial ("Sept.
25", "U.S. officials", "J. Smith") ends nothing; a sentence ends before a capital or a digit.
"""
from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence ("Sept. 25", "U.S. officials").
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj capt cpt sgt cpl pvt adm st jr sr vs etc e.g i.e u.s u.k u.n "
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos approx inc ltd co corp gov sen rep rev "
    "fig p pp vol ed eds est dept univ cf al".split())
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_SPACE_RUN = re.compile(r"\s+")
_NEXT_STARTS = re.compile(r"\s+[\"'“‘«(\[]*(?=[^\W_])", re.UNICODE)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; the whitespace between sentences belongs to none."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        nxt = _NEXT_STARTS.match(text, match.end())
        if not nxt or nxt.end() >= len(text):
            continue
        following = text[nxt.end()]
        if not (following.isupper() or following.isdigit()):
            continue
        word = re.search(r"(\S+)$", text[start:match.start()])
        token = (word.group(1) if word else "").lstrip("\"'“‘«([").casefold()
        if match.group().startswith(".") and (token in _ABBREVIATIONS or len(token) == 1):
            continue   # "Sept. 25", "J. Smith"
        spans.append((start, match.end()))
        start = _SPACE_RUN.match(text, match.end()).end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, in order."""
    return [text[a:b] for a, b in sentence_spans(text)]
