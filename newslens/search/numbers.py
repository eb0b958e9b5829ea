"""A number typed in a search, found however a paragraph groups its thousands or scales it (pure).

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

Outlets also print a figure with a scale: "18 тисяч", "18 тыс.", "18 Tausend", "18 mii", "18 thousand",
"1,2 млн", "1.8万", "1万8000", "1만 8천". ``claims.scaled_figures`` reads them as Compare's quantities are read,
and a typed number stands for those of its value too, as a number typed so ("18 тисяч", "1万8000") stands for
its digits ("18,000", grouped: never a year as printed). The index splits such a figure ("18", "тисяч";
"1.8", "万人"; "1만", "8천") or runs it into a word ("1万8000名士兵" in unspaced Chinese), so it is looked up
at query time too: among the rows holding a term spelling the digits before a scale (the mantissa: "18",
"1,8"; a number word: "пяти") and a scale word's term, or one term gluing them ("18тыс", "1万8000名士兵"),
only those whose text prints the value count, by the term that found them. "1.8 million" is no 18,000,
and "18 тисяч" no 18.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from newslens.compare.claims import (GLUED_SCALES, GROUP_SEPARATORS, NUMBER_WORD_VALUES, SCALE_WORDS, YEAR,
                                     scaled_figures, written_number)
from newslens.sentences import APOSTROPHE

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
    # a number typed with a scale: its value as digits ("18 тисяч": "18,000"; "": no digits spell it whole)
    grouped: str | None = None

    @property
    def digits(self) -> str:
        """The digits its other groupings are folded from: as typed, or a scaled number's value grouped."""
        return self.written if self.grouped is None else self.grouped


def typed_numbers(text: str) -> list[TypedNumber]:
    """The numbers of a query: of two digits or more ("9 861", "9.861", "1,8"; a lone digit is no
    index term, ``lexical.tokenize``), or written with a scale ("18 тисяч", "5 тыс.", "1万8000")."""
    found = [TypedNumber(_SPACE.sub(" ", text[start:end]), value, start, end, _grouped(value))
             for start, end, value in scaled_figures(text)]
    scaled = [(n.start, n.end) for n in found]
    for m in _TYPED.finditer(text):
        written = _SPACE.sub(" ", m.group())
        value = written_number(written)
        if value is not None and len(written) > 1 and not any(s < m.end() and m.start() < e for s, e in scaled):
            found.append(TypedNumber(written, value, m.start(), m.end()))
    return sorted(found, key=lambda n: n.start)


def _grouped(value: float) -> str:
    """A scaled figure's value as digits grouped by commas ("18,000"); "" when no digits spell it whole."""
    return f"{int(value):,}" if value.is_integer() else ""


def _parts(number: TypedNumber) -> tuple[list[str], str, bool]:
    """(thousands groups of the whole part, decimal digits as typed, a year as printed)."""
    written = number.digits
    # a decimal part as ``written_number`` reads one: not three digits, unless after a lone 0
    last = re.search(r"[.,](\d+)$", written)
    frac = last.group(1) if last and (len(last.group(1)) != 3 or re.fullmatch(r"0[.,]\d+", written)) else ""
    digits = re.sub(r"\D", "", written[:len(written) - len(frac) - 1] if frac else written).lstrip("0") or "0"
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return groups, frac, not frac and bool(YEAR.fullmatch(number.digits))


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


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9)


def _year_as_printed(number: TypedNumber) -> bool:
    return bool(number.digits) and _parts(number)[2]


def number_spans(number: TypedNumber, scaled: bool = True) -> Callable[[str], list[tuple[int, int]]]:
    """Where a text prints the typed number: its digits with any thousands separator (``number_pattern``),
    and with ``scaled`` (the corpus prints it so: ``FoundNumber.scaled``) its value with a scale
    (``claims.scaled_figures``; a year as printed: only itself)."""
    pattern = number_pattern(number) if number.digits else None
    scaled = scaled and not _year_as_printed(number)

    def spans(text: str) -> list[tuple[int, int]]:
        found = [m.span() for m in pattern.finditer(text)] if pattern is not None else []
        if scaled:
            found += [(s, e) for s, e, value in scaled_figures(text) if _same(value, number.value)]
        return found

    return spans


# --- a value printed with a scale: the terms a row holding it holds -------------------------------------------

_FACTORS = sorted(set(SCALE_WORDS.values()) | set(GLUED_SCALES.values()))
_SCALES_OF: dict[float, list[str]] = defaultdict(list)     # factor -> its scale words ("тыс", "tausend", "k")
for _word, _factor in SCALE_WORDS.items():
    _SCALES_OF[_factor].append(_word)
_WORDS_OF: dict[int, list[str]] = defaultdict(list)        # value -> its number words ("пяти", "five")
for _word, _value in NUMBER_WORD_VALUES.items():
    _WORDS_OF[_value].append(_word)
_GLUED_OF: dict[float, list[str]] = defaultdict(list)     # factor -> its glued scales ("万", "만")
for _word, _factor in GLUED_SCALES.items():
    _GLUED_OF[_factor].append(_word)
_GLUED_SCALE = re.compile("|".join(sorted(map(re.escape, GLUED_SCALES), key=len, reverse=True)))
_MAX_MANTISSA = 10_000     # "1200万": Chinese and Korean scale by ten thousands


def _mantissas(value: float) -> list[tuple[float, str, str, list[str]]]:
    """(factor, whole part, decimals, spellings) of ``value`` over each scale's factor, as a figure prints it
    before the scale: 18,000 over 1,000 "18", over 10,000 "1.8" and "1,8"; an integer's number words too
    ("пяти" of 5,000), one of four digits its groupings ("1,200万", "1 200 тыс."; not a last group "000", in
    every spaced thousand). In hundredths at least."""
    out = []
    for factor in _FACTORS:
        hundredths = value * 100 / factor
        if not 1 <= hundredths < 100 * _MAX_MANTISSA or abs(hundredths - round(hundredths)) > 1e-6:
            continue
        whole, part = divmod(round(hundredths), 100)
        decimals = f"{part:02d}".rstrip("0") if part else ""
        if decimals:
            spellings = [f"{whole}.{decimals}", f"{whole},{decimals}"]
        else:
            spellings = [str(whole), *_WORDS_OF.get(whole, ())] + ([f"{whole:,}"] if whole >= 1000 else [])
            if whole >= 1000 and whole % 1000:
                spellings.append(f"{whole % 1000:03d}")      # "1 200 тыс." is indexed "200", "тыс"
        out.append((factor, str(whole), decimals, spellings))
    return out


@dataclass
class FoundNumber:
    """The index terms standing for a typed number: each with the rows it counts in (None: all of
    its rows), and the spellings the corpus prints, as printed (white space made plain)."""

    terms: dict[str, np.ndarray | None] = field(default_factory=dict)
    spellings: list[str] = field(default_factory=list)
    scaled: bool = False      # some rows print it with a scale ("18 тисяч")

    def restrict(self, term: str, rows: Sequence[int]) -> None:
        """``term`` counts in ``rows`` too (not where it counts everywhere)."""
        if rows and (term not in self.terms or self.terms[term] is not None):
            known = self.terms.get(term)
            self.terms[term] = np.union1d(known, rows) if known is not None else np.asarray(rows, dtype=np.int64)


class NumberSpellings:
    """Typed numbers looked up among an index's terms; ``texts``: each row's text (to read a spaced
    or scaled spelling whole)."""

    def __init__(self, index: "BM25Index", texts: Sequence[str]):
        self._index = index
        self._texts = texts
        self._cache: dict[str, FoundNumber] = {}
        self._glued_terms: dict[float, tuple[dict[str, list[str]], list[str]]] | None = None

    def find(self, number: TypedNumber) -> FoundNumber:
        if number.written not in self._cache:
            self._cache[number.written] = self._find(number)
        return self._cache[number.written]

    def _find(self, number: TypedNumber) -> FoundNumber:
        found = FoundNumber()
        if number.digits:
            self._find_groupings(number, found)
        if not _year_as_printed(number):
            self._find_scaled(number.value, found)
        found.spellings = list(dict.fromkeys(found.spellings))
        return found

    def _rows(self, term: str) -> np.ndarray:
        weights, col = self._index.weights, self._index.vocabulary[term]
        return np.asarray(weights.indices[weights.indptr[col]:weights.indptr[col + 1]])

    def _find_groupings(self, number: TypedNumber, found: FoundNumber) -> None:
        """The number's digits with any thousands separator."""
        vocabulary = self._index.vocabulary
        exact, last = _terms(number)
        found.terms.update({t: None for t in exact if t in vocabulary})
        found.spellings.extend(t for t in exact if t in vocabulary)
        pattern = number_pattern(number)
        for term in last:
            if term not in vocabulary:
                continue
            kept = []
            for row in self._rows(term).tolist():
                printed = [_SPACE.sub(" ", m.group()) for m in pattern.finditer(self._texts[row])]
                # only rows printing it spaced: the others hold the term as a number of its own
                spaced = [p for p in printed if p not in found.terms]
                if spaced:
                    kept.append(row)
                    found.spellings.extend(spaced)
            found.restrict(term, kept)

    def _find_scaled(self, value: float, found: FoundNumber) -> None:
        """The rows printing ``value`` with a scale, each counting by the term that found it."""
        kept: dict[str, list[int]] = defaultdict(list)
        for row, term in self._scaled_candidates(value).items():
            text = self._texts[row]
            printed = [_SPACE.sub(" ", text[s:e]) for s, e, v in scaled_figures(text) if _same(v, value)]
            if printed:
                kept[term].append(row)
                found.spellings.extend(printed)
        for term, rows in kept.items():
            found.restrict(term, rows)
        found.scaled = found.scaled or bool(kept)

    def _scaled_candidates(self, value: float) -> dict[int, str]:
        """Rows that may print ``value`` with a scale, each with a term of it they hold: one spelling the part
        before the scale (``_mantissas``) beside a scale word's term or one opening with a glued scale ("1.8",
        "万人"), or one gluing them ("18тыс", "1万8000名士兵", and "8万人" of "俄军1.8万人"); for a part no term
        spells ("5", "five"), a scale word's term. A row found by a term that may stand for another figure is
        looked at quickly first (``_looks_printed``), so few are read whole."""
        from newslens.search.lexical import tokenize      # (lexical imports this module)
        vocabulary, texts = self._index.vocabulary, self._texts
        found: dict[int, str] = {}

        def add(term: str, rows: np.ndarray, look: re.Pattern[str] | None = None) -> None:
            for row in rows.tolist():
                if row not in found and (look is None or _looks_printed(look, texts[row])):
                    found[row] = term

        for factor, whole, decimals, spellings in _mantissas(value):
            scales = [t for word in _SCALES_OF[factor] for t in tokenize(word) if t in vocabulary]
            leads, opening = self._glued.get(factor, ({}, []))
            beside = [self._rows(t) for t in scales + opening]
            beside_rows = np.unique(np.concatenate(beside)) if beside else np.zeros(0, dtype=np.int64)
            for spelling in spellings:
                look = _spelled_look((spelling,), factor)
                for term in (t for t in tokenize(spelling) if t in vocabulary):
                    add(term, np.intersect1d(self._rows(term), beside_rows, assume_unique=True), look)
                for glued in (spelling + word for word in _SCALES_OF[factor]):
                    if glued in vocabulary:
                        add(glued, self._rows(glued))
            # "1万8000名", "1만" (of "1만 8천"): glued to the whole part; "8万人" (of "俄军1.8万人"): to the decimals
            rest = _glued_look(whole, factor, round(value - int(whole) * factor))
            for lead, lead_look in ((whole, rest), (decimals, _spelled_look(tuple(spellings), factor))):
                for term in leads.get(lead, ()) if lead else ():
                    add(term, self._rows(term), lead_look)
            loose = tuple(spelling for spelling in spellings if not tokenize(spelling))
            for term in scales if loose else ():
                add(term, self._rows(term), _spelled_look(loose, factor))
        return found

    @property
    def _glued(self) -> dict[float, tuple[dict[str, list[str]], list[str]]]:
        """Per glued scale's factor: the terms gluing digits to it, by those digits ("1만8000명", "1만": "1"
        under 10,000), and the terms opening with it (after "1.8", a term of its own: "万人"). Korean,
        Chinese and Japanese tokens run on ("俄军1万8000名士兵"), so they are found once, by the scales, in
        the vocabulary joined."""
        if self._glued_terms is None:
            by_factor: dict[float, tuple[dict[str, list[str]], list[str]]] = {}
            joined = "\n".join(self._index.vocabulary)
            for m in _GLUED_SCALE.finditer(joined):
                start = joined.rfind("\n", 0, m.start()) + 1
                end = joined.find("\n", m.end())
                before = joined[start:m.start()]
                lead = before[len(before.rstrip("0123456789")):]
                if lead or not before:
                    leads, opening = by_factor.setdefault(GLUED_SCALES[m.group()], ({}, []))
                    term = joined[start:end if end >= 0 else len(joined)]
                    (leads.setdefault(lead, []) if lead else opening).append(term)
            self._glued_terms = by_factor
        return self._glued_terms


# A quick look at a row (1-2 us against the reading's 50-100) for what may print the figure, which only
# ``claims.scaled_figures`` confirms: number words in their cases rather than ignoring case (their first letters
# are then all a row is scanned for: ignoring case, 20 us), and the figure's left edge checked after a match
# (a lookbehind first made each look 2.5 us).

@lru_cache(maxsize=256)
def _spelled_look(spellings: tuple[str, ...], factor: float) -> re.Pattern[str]:
    """``spellings`` right before a scale of ``factor``: "18 тыс", "Five thousand", "1.8万"."""
    cased = {form for s in spellings for form in (s, s.capitalize(), s.upper())}
    alternation = "|".join(re.escape(s).replace("'", APOSTROPHE) for s in sorted(cased, key=len, reverse=True))
    scales = [*_SCALES_OF[factor], *_GLUED_OF[factor]]
    return re.compile(rf"(?:{alternation})\s?(?i:{'|'.join(sorted(map(re.escape, scales), key=len, reverse=True))})")


@lru_cache(maxsize=256)
def _glued_look(whole: str, factor: float, rest: int) -> re.Pattern[str]:
    """``whole`` glued to a scale of ``factor``, then the first digit of what rests ("1万8000", "1만 8천": "1",
    "万", "8"), or no digit when nothing does ("1万人")."""
    after = rf"\s?{str(rest)[0]}" if rest > 0 else r"(?!\s?\d)"
    return re.compile(rf"{whole}(?:{'|'.join(map(re.escape, _GLUED_OF[factor]))}){after}")


def _looks_printed(look: re.Pattern[str], text: str) -> bool:
    """``look`` finds a match in ``text`` not inside a longer number nor glued to a cased letter ("F18")."""
    m = look.search(text)
    while m is not None:
        before = text[m.start() - 1] if m.start() else " "
        if not (before.isdigit() or before in ".," or (before.isalpha() and before.lower() != before.upper())):
            return True
        m = look.search(text, m.start() + 1)
    return False
