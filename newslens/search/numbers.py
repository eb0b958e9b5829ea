"""A number typed in a search, found however a paragraph groups its thousands (pure).

Outlets write one figure as their language does: "9 861" (Russian, often with a narrow no-break
space), "9.861" (Romanian, Macedonian, German), "9,861" (English), "9'861" (Swiss), or ungrouped
("5937"). Search by words matched only the spelling typed, so tracking one figure across languages
took three queries. The lexical index, stored in the snapshot, keeps "9.861" and "9,861" as terms
but splits "9 861" into "861" (a one-digit "9" is no term, ``lexical.tokenize``); so a typed number
is looked up at query time rather than folded in the index, and stored snapshots keep working. It
stands for:
- its spellings that are terms: "9861", "9,861", "9.861" (a decimal: "1,8" and "1.8");
- the last group of a spaced spelling ("861"), only in the paragraphs whose text prints the whole
  number ("9 861", "9'861"; ``number_pattern``).
What the digits mean is ``claims.written_number``'s reading (three digits after a separator are a
thousands group, fewer a decimal part), the one Compare's numbers build on.
A year as printed ("2022": four digits, no separator, ``claims.YEAR``) matches only as typed: "2 022"
and "2,022" are counts. A count typed grouped ("2 022") finds the other groupings, not the years.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import numpy as np

from newslens.compare.claims import GROUP_SEPARATORS, YEAR, written_number

if TYPE_CHECKING:
    from newslens.search.lexical import BM25Index

_SEP = f"[{re.escape(GROUP_SEPARATORS)}]"
# A number as a query types it: digits grouped in threes by any separator, or not, with a decimal part.
_TYPED = re.compile(rf"(?<![\w.,])(?:\d{{1,3}}(?:{_SEP}\d{{3}})+|\d+)(?:[.,]\d+)?(?!\w|[.,]\d)")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class TypedNumber:
    written: str          # as typed (white space made plain spaces)
    value: float
    start: int
    end: int


def typed_numbers(text: str) -> list[TypedNumber]:
    """The numbers of a query of two digits or more ("9 861", "9.861", "1,8"); a lone digit is no
    index term (``lexical.tokenize``)."""
    found = []
    for m in _TYPED.finditer(text):
        written = _SPACE.sub(" ", m.group())
        value = written_number(written)
        if value is not None and len(written) > 1:
            found.append(TypedNumber(written, value, m.start(), m.end()))
    return found


def _parts(number: TypedNumber) -> tuple[list[str], str, bool]:
    """(thousands groups of the whole part, decimal digits as typed, a year as printed)."""
    written = number.written
    # a decimal part as ``written_number`` reads one: not three digits, unless after a lone 0
    last = re.search(r"[.,](\d+)$", written)
    frac = last.group(1) if last and (len(last.group(1)) != 3 or re.fullmatch(r"0[.,]\d+", written)) else ""
    digits = re.sub(r"\D", "", written[:len(written) - len(frac) - 1] if frac else written).lstrip("0") or "0"
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return groups, frac, not frac and bool(YEAR.fullmatch(number.written))


def number_pattern(number: TypedNumber) -> re.Pattern[str]:
    """The number printed with any thousands separator, or none (a year as printed: only itself;
    a year's value typed grouped: never ungrouped). Not inside a longer number ("19 861", "9 861 000")."""
    groups, frac, year = _parts(number)
    digits_only = frac == "" and len(groups) > 1 and YEAR.fullmatch("".join(groups))
    joiner = "" if year else _SEP if digits_only else f"{_SEP}?"
    body = joiner.join(groups) + (rf"[.,]{frac}" if frac else "")
    return re.compile(rf"(?<![\w.,])(?<!\d{_SEP}){body}(?!\w|{_SEP}\d)")


def _terms(number: TypedNumber) -> tuple[list[str], list[str]]:
    """(index terms that spell the whole number, last groups of its spaced spellings)."""
    groups, frac, year = _parts(number)
    if year:
        return ["".join(groups)], []
    tails = [f".{frac}", f",{frac}"] if frac else [""]
    whole = [] if len(groups) > 1 and YEAR.fullmatch("".join(groups)) and not frac else ["".join(groups)]
    grouped = [sep.join(groups) for sep in (",", ".")] if len(groups) > 1 else []
    exact = [w + tail for w in whole + grouped for tail in tails if not (tail and tail[0] in w[len(groups[0]):])]
    last = [groups[-1] + tail for tail in tails] if len(groups) > 1 else []
    return list(dict.fromkeys(exact)), last


@dataclass
class FoundNumber:
    """The index terms standing for a typed number: each with the rows it counts in (None: all of
    its rows), and the spellings the corpus prints, as printed (white space made plain)."""

    terms: dict[str, np.ndarray | None] = field(default_factory=dict)
    spellings: list[str] = field(default_factory=list)


class NumberSpellings:
    """Typed numbers looked up among an index's terms; ``texts``: each row's text (to read a spaced
    spelling whole)."""

    def __init__(self, index: "BM25Index", texts: Sequence[str]):
        self._index = index
        self._texts = texts
        self._cache: dict[str, FoundNumber] = {}

    def find(self, number: TypedNumber) -> FoundNumber:
        if number.written not in self._cache:
            self._cache[number.written] = self._find(number)
        return self._cache[number.written]

    def _find(self, number: TypedNumber) -> FoundNumber:
        vocabulary, weights = self._index.vocabulary, self._index.weights
        exact, last = _terms(number)
        found = FoundNumber({t: None for t in exact if t in vocabulary}, [t for t in exact if t in vocabulary])
        pattern = number_pattern(number)
        for term in last:
            col = vocabulary.get(term)
            if col is None:
                continue
            rows = weights.indices[weights.indptr[col]:weights.indptr[col + 1]]
            kept = []
            for row in rows.tolist():
                printed = [_SPACE.sub(" ", m.group()) for m in pattern.finditer(self._texts[row])]
                # only rows printing it spaced: the others hold the term as a number of its own
                spaced = [p for p in printed if p not in found.terms]
                if spaced:
                    kept.append(row)
                    found.spellings.extend(spaced)
            if kept:
                found.terms[term] = np.asarray(kept, dtype=np.int64)
        found.spellings = list(dict.fromkeys(found.spellings))
        return found
