"""What an article claims, extracted so two outlets' versions can be checked against each other.

Re-reports of one story differ in small, telling ways: a quote loses its profanity, "160 square
kilometers (60 square miles)" becomes "160 square kilometres", "3-10 years" becomes "three to ten
years", a hedge ("allegedly", "could not independently verify") disappears. This module turns text
into comparable records - quotes, quantities, hedges, cited sources - and matches them across two
articles. Pure functions over strings; no Streamlit, no model.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date
from functools import lru_cache
from itertools import islice
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping, Sequence

import numpy as np
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newslens.sentences import sentence_spans
from newslens.knowledge import (article_level_clause, article_level_hedges, before_unit_words, leading_elisions, attribution_rules, claim_qualifiers, claim_scale_words, claim_units,
                                dot_thousands_languages, elisions_opening_phrase, exchange_words, glued_numbers, hedge_patterns, known_sources, not_counted_by_language, not_counted_words, nouns_capitalised, official_titles, onward_attribution_families, official_titles_other_languages, origin_rules, outlet_words, range_words,
                                compound_ones, number_compounds, number_words, speech_dash_languages, ordinal_endings, story_rules, strong_hedges, figure_unit_words,
                                signed_dimensions, threshold, minus_words, ago_unit_languages, ago_words, age_words, age_unit_periods, half_words, age_of_years, unit_name_after, unit_name_forms, unit_name_words, year_time_units, year_words)
from newslens.languages import base_language
from newslens.stemming import stem_function
from newslens.spelling import fold_letters, name_key
from newslens.compare.weekdays import NAME_WORD, WeekdayNames, weekday_table
from newslens.sentences import APOSTROPHE, APOSTROPHES, apostrophes, opens_speech
from newslens.links import URL

# --- links and markup: not claims -----------------------------------------------------------

# An HTML tag left in a scraped text ('<a href="..." target="_blank">'); links: newslens.links.URL.
_TAG = re.compile(r"</?(?:a|abbr|b|blockquote|br|cite|div|em|figcaption|figure|font|h[1-6]|i|iframe|img|li|ol|p|"
                  r"script|small|span|strong|style|sub|sup|table|td|th|tr|u|ul)(?:\s[^<>]{0,500})?/?>", re.IGNORECASE)


def without_links(text: str) -> str:
    """``text`` with every link and HTML tag blanked out (spaces of the same length, so offsets
    still point into the original): the digits of "/2022/10/04/" are not numbers an article reports,
    and a quoted href is not a quote."""
    def blank(match: re.Match) -> str:
        return " " * len(match.group(0))

    return URL.sub(blank, _TAG.sub(blank, text))


# --- quotes ---------------------------------------------------------------------------------

# (opening, closing) pairs. Single quotes, curly or straight, only count when they enclose several
# words, so an apostrophe ("Ukraine’s", "I’ll") is never taken for a quote mark. Straight single
# quotes ('...', as aggregators retype quotes): the opening one after no letter and before a letter
# ("the '90s" opens none), the closing one after a non-space and before no letter; an apostrophe
# inside a word ("don't", Ukrainian "м'ясо") stays inside, a plural possessive ("soldiers' wives")
# opens none.
# A straight single quote opening a quote: after no letter, before a letter, not an elision ("'em").
_SINGLE_OPEN = (r"(?<![\w'])'(?!(?:" + "|".join(sorted(map(re.escape, leading_elisions()), key=len, reverse=True))
                + r")(?!\w))(?=[^\W\d_])")
# Paired quote marks: each opening mark with the marks that close it (German „ closes with “ or ”).
# Read here for quotes within a paragraph and by ``spanning_quotes`` for quotes across paragraphs.
QUOTE_PAIRS = (("\u201c", "\u201d"),            # “...”
               ("\u201e", "\u201c\u201d"),      # „...“ / „...”
               ("\u00ab", "\u00bb"),            # «...»
               ("\u300c", "\u300d"),            # 「...」 (Japanese)
               ("\u300e", "\u300f"))            # 『...』


def _paired_pattern(opening: str, closing: str) -> re.Pattern[str]:
    return re.compile(f"{opening}([^{opening}{closing}]+?)[{closing}]")


_QUOTE_PATTERNS = [
    *(_paired_pattern(opening, closing) for opening, closing in QUOTE_PAIRS),
    re.compile(r'"([^"]+?)"'),                                  # "..."
    re.compile(r"(?<![\w\u2019])\u2018(.+?)\u2019(?![\w])"),    # ‘...’
    # '...' closed after a sentence's punctuation, a plural possessive inside ("'The soldiers' wives
    # are tired,' she said"), then any '...'
    re.compile(rf"{_SINGLE_OPEN}((?:[^'\n]|(?<=\w)'(?=\w)|(?<=s)'(?=\s))+?[,.!?\u2026])'(?![\w'])", re.IGNORECASE),
    re.compile(rf"{_SINGLE_OPEN}((?:[^'\n]|(?<=\w)'(?=\w))+?)(?<=\S)'(?![\w'])", re.IGNORECASE),
]
MIN_QUOTE_WORDS = threshold("compare", "min_quote_words", int, low=1)
# A censored word: letters with asterisks, hashes or a run of dots in place of some letters.
_CENSORED = re.compile(r"\b\w+[*#]+\w*|\b\w*[*#]+\w+\b|\[expletive\]|\[bleep\]", re.IGNORECASE)
_WORD = re.compile(r"[\w*#]+(?:['\u2019][\w]+)*", re.UNICODE)
QUOTE_MATCH_THRESHOLD = threshold("compare", "quote_match_score", high=100.0)
MIN_MATCH_WORDS = threshold("compare", "min_quote_match_words", int, low=1)   # shorter: identical only
QUOTE_WORDS_APART = threshold("compare", "quote_words_apart", low=1.0)


@dataclass(frozen=True)
class Quote:
    """A quoted passage: where it is, and its words normalised for fuzzy matching."""

    text: str
    paragraph_id: str
    start: int            # character offsets of the quoted words inside the paragraph
    end: int
    censored: tuple[str, ...] = ()
    # The whole utterance when this is one piece of a quote running over paragraphs, or over the
    # parts the build stores a long paragraph in (``spanning_quotes``): pieces are matched by it, as
    # a piece alone fell under the match score against the same quote printed whole elsewhere.
    whole: str = ""

    @property
    def normalised(self) -> str:
        return normalise_quote(self.text)

    @property
    def said(self) -> str:
        """What the quote is matched by: the whole utterance it is a piece of, or its own text."""
        return self.whole or self.text


def normalise_quote(text: str) -> str:
    """Lower case, curly apostrophes straightened, letters written two ways made one (``fold_letters``),
    censored words and punctuation dropped."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = _CENSORED.sub(" ", text)
    return fold_letters(" ".join(w.lower() for w in _WORD.findall(text)))


# Chinese and Japanese write no spaces: their ideographs and kana count two to a word.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def quote_word_count(text: str) -> int:
    """Words of a quote for the length bars: spaced words, and Chinese or Japanese characters two to a
    word (a Chinese quote of 30 characters was one "word", under every bar: no quote at all)."""
    unspaced = len(_UNSPACED.findall(text))
    return len(_WORD.findall(_UNSPACED.sub(" ", text))) + (unspaced + 1) // 2


# Quote marks that nest in one family: Russian and Ukrainian wire copy quotes a name inside a quote
# with the same marks ("...в проект "Хочу найти" в январе...", “...до проєкту “Хочу найти” в січні...”),
# which the patterns above cut at the inner marks. Straight marks open and close alike: which one a
# mark does is read from its neighbours (``_mark_role``).
_NESTING = (('"', '"'), ("\u201c", "\u201d"))
_BEFORE_OPENING = "([{/-\u2013\u2014\u00ab\u201e\u201c\""
_AFTER_CLOSING = ".,;:!?)]}\u00bb\u2026-\u2013\u2014\"'\u201d"
_OPENING_START = "\"\u00ab\u201e\u201c([.\u2026"      # what a quote may start with besides a letter or digit


def _mark_role(text: str, at: int) -> int:
    """+1: the straight mark at ``at`` opens a quote (after a space, an opening bracket, a dash or a
    mark, before a letter, a digit or a mark); -1: it closes one (after a non-space, before a space or
    punctuation); 0: it cannot be told (then the nested reading gives up)."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    opens = (before.isspace() or before in _BEFORE_OPENING) and (after.isalnum() or after in _OPENING_START)
    closes = not before.isspace() and (after.isspace() or after in _AFTER_CLOSING)
    return 1 if opens and not closes else -1 if closes and not opens else 0


def _nested_reading(text: str, opening: str, closing: str, depth: int = 0):
    """Read ``text``'s marks of one family (``_NESTING``, or a ``QUOTE_PAIRS`` pair) as nested quotes, starting inside ``depth``
    quotes: ``(quotes, open_at, closed_at)``, the outermost quotes closed in it that hold a nested one
    (inner spans), where the one quote it leaves open opens (-1: none), and where it closes the quote
    it started inside (-1: never). None when the marks do not nest (a mark of no clear role, a closing
    one with nothing open, two quotes left open): the patterns read it as before."""
    stack: list[int] = [-1] * depth
    nested: set[int] = set()
    quotes, closed_at = [], -1
    for at, mark in ((i, c) for i, c in enumerate(text) if c in opening + closing):
        role = _mark_role(text, at) if opening == closing else 1 if mark == opening else -1
        if role == 0 or (role < 0 and not stack):
            return None
        if role > 0:
            if stack:
                nested.add(len(stack) - 1)
            stack.append(at)
            continue
        start = stack.pop()
        if not stack and start < 0:
            closed_at = at
        elif not stack and 0 in nested:
            quotes.append((start + 1, at))
        nested.discard(len(stack))
    if len(stack) > 1:
        return None
    return quotes, (stack[0] if stack and stack[0] >= 0 else -1), closed_at


def _nested_quotes(text: str) -> list[tuple[int, int]]:
    """Spans (quote marks included) of the quotes in ``text`` that hold a quote in the same marks."""
    out = []
    for opening, closing in _NESTING:
        if opening == "\u201c" and "\u201e" in text:
            continue        # German: “ closes a „ quote, it opens none
        read = _nested_reading(text, opening, closing)
        out += [(a - 1, b + 1) for a, b in (read[0] if read else [])]
    return out


def extract_quotes(text: str, paragraph_id: str = "") -> list[Quote]:
    """Quoted passages of at least ``MIN_QUOTE_WORDS`` words, in reading order, without overlaps."""
    found: list[Quote] = []
    taken: list[tuple[int, int]] = []
    masked = without_links(text)        # quote marks inside a tag or a link are not quotes
    # a quote holding a quote in its own marks, whole, before the patterns cut it at the inner marks
    for start, end in _nested_quotes(masked):
        if quote_word_count(text[start + 1:end - 1]) >= MIN_QUOTE_WORDS:
            taken.append((start, end))
            inner = text[start + 1:end - 1].strip()
            found.append(Quote(inner, paragraph_id, start + 1, end - 1,
                               tuple(c.group(0) for c in _CENSORED.finditer(inner))))
    for pattern in _QUOTE_PATTERNS:
        for m in pattern.finditer(masked):
            start, end = m.span(1)
            if any(start < e and s < end for s, e in taken):
                continue
            inner = text[start:end].strip()
            if quote_word_count(m.group(1)) < MIN_QUOTE_WORDS:
                continue
            taken.append((m.start(), m.end()))
            censored = tuple(c.group(0) for c in _CENSORED.finditer(inner))
            found.append(Quote(inner, paragraph_id, start, end, censored))
    return sorted(found, key=lambda q: q.start)


@dataclass(frozen=True)
class QuoteMatch:
    """Quote ``a`` of one article matched to quote ``b`` of the other.

    ``kind``: "same" (identical words), "part" (one is a stretch of the other), "altered", or
    "same meaning" (another translation or paraphrase: found by the aligned paragraphs' meaning).
    ``only_in_a`` / ``only_in_b``: words one version has and the other lacks, within the
    matching stretch (e.g. a censored insult one outlet kept and the other dropped).
    """

    a: Quote
    b: Quote
    score: float
    kind: str
    only_in_a: tuple[str, ...] = ()
    only_in_b: tuple[str, ...] = ()


def _word_difference(a_words: list[str], b_words: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    import difflib

    sm = difflib.SequenceMatcher(a=[fold_letters(w.lower()) for w in a_words], b=[fold_letters(w.lower()) for w in b_words],
                                autojunk=False)
    only_a, only_b = [], []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag in ("delete", "replace") and i2 > i1:
            only_a.append(" ".join(a_words[i1:i2]))
        if tag in ("insert", "replace") and j2 > j1:
            only_b.append(" ".join(b_words[j1:j2]))
    return tuple(only_a), tuple(only_b)


def _display_words(text: str) -> list[str]:
    return _WORD.findall(text.replace("\u2019", "'"))


def match_quote_pair(a: Quote, b: Quote, threshold: float = QUOTE_MATCH_THRESHOLD) -> QuoteMatch | None:
    """Match two quotes, tolerant of censoring, trimming and small rewording; None below ``threshold``.
    A piece of an utterance running over paragraphs (``Quote.whole``) is matched by the whole, and
    failing that by its own words (a short quote another report prints as that piece alone)."""
    found = _match_texts(a.said, b.said, threshold)
    said = found is not None
    if not said and (a.whole or b.whole):
        found = _match_texts(a.text, b.text, threshold)
    if found is None:
        return None
    kind, score = found
    # Word differences over the matching stretch, with the original (possibly censored) words.
    a_words, b_words = (_display_words(a.said), _display_words(b.said)) if said else (
        _display_words(a.text), _display_words(b.text))
    if kind == "part":
        a_words, b_words = _overlapping_stretch(a_words, b_words)
    only_a, only_b = _word_difference(a_words, b_words)
    return QuoteMatch(a, b, round(float(score), 1), kind, only_a, only_b)


def _match_texts(a: str, b: str, threshold: float) -> tuple[str, float] | None:
    """(kind, score) of two quoted texts that match, else None (``match_quote_pair``)."""
    na, nb = normalise_quote(a), normalise_quote(b)
    if not na or not nb:
        return None
    # A short fragment ("to the hospital with wounds.") matches only an identical quote: as a
    # stretch of a longer one, or fuzzily, it is too generic to say two reports share a quote.
    words_a, words_b = len(na.split()), len(nb.split())
    if min(words_a, words_b) < MIN_MATCH_WORDS and na != nb:
        return None
    if na == nb:
        return "same", 100.0
    short, long_ = (na, nb) if len(na) <= len(nb) else (nb, na)
    # A bag of words matches quotes of comparable length (reordered, trimmed); a much shorter quote
    # must be a stretch of the longer one.
    token = fuzz.token_set_ratio(na, nb) if max(words_a, words_b) <= QUOTE_WORDS_APART * min(words_a, words_b) else 0.0
    # A stretch of the other quote: only meaningful when the shorter one is more than a few words.
    partial = fuzz.partial_ratio(short, long_) if len(short.split()) >= MIN_QUOTE_WORDS else 0.0
    score = max(token, partial)
    if score < threshold:
        return None
    return ("part" if partial >= max(token, 90.0) and len(short) < 0.9 * len(long_) else "altered"), score


def _overlapping_stretch(a_words: list[str], b_words: list[str]) -> tuple[list[str], list[str]]:
    """Trim the longer word list to the stretch the shorter one matches (plus inserted words)."""
    import difflib

    swap = len(a_words) > len(b_words)
    short, long_ = (b_words, a_words) if swap else (a_words, b_words)
    sm = difflib.SequenceMatcher(a=[fold_letters(w.lower()) for w in short], b=[fold_letters(w.lower()) for w in long_],
                                autojunk=False)
    blocks = [blk for blk in sm.get_matching_blocks() if blk.size]
    if not blocks:
        return a_words, b_words
    lo, hi = blocks[0].b, blocks[-1].b + blocks[-1].size
    long_ = long_[lo:hi]
    return (long_, short) if swap else (short, long_)


def match_quotes(quotes_a: Sequence[Quote], quotes_b: Sequence[Quote],
                 threshold: float = QUOTE_MATCH_THRESHOLD) -> list[QuoteMatch]:
    """Every pair of matching quotes (one outlet may split what the other quotes in one piece)."""
    matches = []
    for qa in quotes_a:
        for qb in quotes_b:
            m = match_quote_pair(qa, qb, threshold)
            if m is not None:
                matches.append(m)
    return matches


def quoted_words_in_text(quote: Quote, text: str, threshold: float = 90.0) -> bool:
    """Whether ``text`` carries the quote's words without quote marks (paraphrase-free reuse)."""
    return words_printed_in(quote.text, text, threshold)


def words_printed_in(part: str, text: str, threshold: float = 90.0) -> bool:
    """Whether ``text`` prints ``part``'s words in a run, case, punctuation and quote marks aside
    (a fuzzy ``threshold`` of 0-100 tolerates a changed word or spelling)."""
    return printed_score(part, text) >= threshold


def printed_score(part: str, text: str) -> float:
    """How fully ``text`` prints ``part``'s words in a run (0-100; 0 when ``part`` is the longer)."""
    nq, nt = normalise_quote(part), normalise_quote(text)
    return float(fuzz.partial_ratio(nq, nt)) if nq and len(nq) <= len(nt) else 0.0


# --- numbers and quantities ---------------------------------------------------------------

# Numbers in words, per language (config/claims.yaml ``number_words``); one table reads a word of any of them.
_NUMBER_WORDS = number_words()
_WORD_VALUES = {word: value for words in _NUMBER_WORDS.values() for word, value in words.items()}
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def _word_alternatives(words: Iterable[str]) -> str:
    """``words`` as a regex alternation, longest first, any apostrophe ("п’ять") and spacing ("a  dozen")."""
    return "|".join(re.escape(w).replace("'", APOSTROPHE).replace(r"\ ", r"\s+")
                    for w in sorted(words, key=len, reverse=True))


_NUMBER_WORD = _word_alternatives(_NUMBER_WORDS["en"])
_SCALE_WORD = "|".join(_SCALE)
# Thousands grouped by commas, or by spaces as Russian, Ukrainian, French or Polish print them ("5 024",
# often a plain space once scraped: exactly three digits per group, so "2023 150" stays two numbers).
# A group glued to a word or a decimal part ("30 152-mm shells", "1 234,5") is not read so.
_SPACE_GROUPS = r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+"
SPACE_GROUPED = rf"{_SPACE_GROUPS}(?![\w-]|[.,]\d)"   # one rule: story evidence reads it too
# A plain-spaced group that begins with 0 ("2 000", "1 050") can only be a thousands group, in any language
# (no count is written "000"), so it is one number even in English and before a hyphen ("2 000-strong").
ZERO_GROUPED = r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})*[ \u00a0\u202f\u2009]0\d{2}(?:[ \u00a0\u202f\u2009]\d{3})*(?!\d|[.,]\d)"
_DIGITS = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|{SPACE_GROUPED}|\d+,\d{{1,2}}(?!\d)|\d+(?:\.\d+)?"   # "1,8": a decimal comma
_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009](?=\d{3}(?!\d))")
_WORDNUM = rf"(?:{_NUMBER_WORD})(?:[-\s](?:{_NUMBER_WORD}))?(?:\s(?:{_SCALE_WORD}))*"
WORD_NUMBER_PATTERN = _WORDNUM   # a number written in English words; ``parse_number`` reads it
# Scale words of other languages (config/claims.yaml ``scale_words``): "1,8 тыс.", "2,5 млн", "3 Mio.".
_LOCAL_SCALES = claim_scale_words()
_LOCAL_SCALE = "|".join(sorted(map(re.escape, _LOCAL_SCALES), key=len, reverse=True))
_LOCAL_SCALED = rf"(?:{_SPACE_GROUPS}|\d+)(?:[.,]\d{{1,2}})?\s?(?:{_LOCAL_SCALE})\.?(?!\w)"
_NUM = rf"(?:{_LOCAL_SCALED}|(?:{_DIGITS})(?:\s?(?:{_SCALE_WORD}|bn|m|k)\b)?|{_WORDNUM})"


def _compound(code: str) -> str | None:
    """A tens word and a units word of ``code`` joined as its language writes one number ("treizeci și
    patru", "kolmekymmentäneljä": config/claims.yaml ``number_compounds``), groups ``tens``/``units``."""
    if code not in _COMPOUND_JOINERS:
        return None
    words = _NUMBER_WORDS[code]
    tens = [w for w, v in words.items() if 20 <= v <= 90 and v % 10 == 0]
    units = [w for w, v in words.items() if 1 <= v <= 9] + list(_COMPOUND_ONES.get(code, ()))
    join = r"\s+".join(map(re.escape, _COMPOUND_JOINERS[code].split(" ")))
    return rf"(?P<tens>{_word_alternatives(tens)}){join}(?P<units>{_word_alternatives(units)})" if tens and units else None


_SPEECH_DASH_LANGUAGES = speech_dash_languages()
_COMPOUND_JOINERS = number_compounds()
_COMPOUND_ONES = compound_ones()
_ONES = {word for words in _COMPOUND_ONES.values() for word in words}
_COMPOUNDS = [re.compile(p) for p in map(_compound, _COMPOUND_JOINERS) if p]


def _compound_value(t: str) -> float | None:
    """The value of a tens word and a units word joined as one number (``_compound``), ``t`` lower-cased."""
    m = next((m for rx in _COMPOUNDS if (m := rx.fullmatch(t))), None)
    if not m:
        return None
    units = 1 if m.group("units") in _ONES else _WORD_VALUES[m.group("units")]
    return float(_WORD_VALUES[m.group("tens")] + units)


@lru_cache(maxsize=64)
def _local_number_words(language: str | None) -> str | None:
    """The text's own language's number words (not English's, read in every text) as an alternation,
    a tens and a units word joined first (``_compound``), tried at a word's start only (the pattern is
    tried at every position of every text)."""
    code = base_language(language)
    if code == "en" or code not in _NUMBER_WORDS:
        return None
    compound = _compound(code)
    compound = re.sub(r"\(\?P<\w+>", "(?:", compound) + "|" if compound else ""
    return rf"(?<![\w{APOSTROPHES}])(?:{compound}{_word_alternatives(_NUMBER_WORDS[code])})"

# Qualifier phrase -> meaning, unit spellings, official titles, words that are not counted:
# config/claims.yaml. A qualifier is a phrase before the number, or a word glued after it ("100여명": over
# 100 people; ``glued_numbers``): the meanings of both.
_GLUED = glued_numbers()
_QUALIFIER = "|".join(sorted(map(re.escape, claim_qualifiers()), key=len, reverse=True))
_QUALIFIERS = {**claim_qualifiers(), **_GLUED.about, **_GLUED.after, **_GLUED.before}


def same_qualifier(a: str, b: str) -> bool:
    """Qualifiers that mean the same ("more than" / "over", "about" / "around") are no difference."""
    return _QUALIFIERS.get(a.lower(), a.lower()) == _QUALIFIERS.get(b.lower(), b.lower())

# unit spelling -> (dimension, canonical unit, factor to the dimension's base unit)
_UNITS = claim_units()
_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "₴": "UAH"}
# a name ending in "*" is a stem: the word with any ending ("процент*": "процентов", "процентный")
_UNIT_STEMS = {u[:-1]: v for u, v in _UNITS.items() if u.endswith("*")}


def _stem_or_word(word: str) -> str:
    """A word as a pattern; one ending in "*" a stem with any ending ("процент*": "процентов"), one starting with it
    an ending after any stem ("*ó": "desertó")."""
    if word.startswith("*"):
        return r"[^\W\d_]+" + re.escape(word[1:])
    return re.escape(word[:-1]) + r"[^\W\d_]*" if word.endswith("*") else re.escape(word)


# An age's unit word glued to its number only ("27-летний"; config/claims.yaml ``age_words.units``): "3 летних
# месяца" are three summer months.
_GLUED_UNITS = frozenset(age_words()[2])
_UNIT = "|".join(("(?<!\\s)" if u in _GLUED_UNITS else "") + _stem_or_word(u)
                 for u in sorted(_UNITS, key=len, reverse=True))


def unit_of(word: str) -> tuple[str, str, float]:
    """(dimension, canonical unit, factor) of a unit word the quantity pattern matched (``_UNIT``)."""
    lower = word.lower()
    if lower in _UNITS:
        return _UNITS[lower]
    return next(v for stem, v in sorted(_UNIT_STEMS.items(), key=lambda sv: -len(sv[0])) if lower.startswith(stem))


# Words holding a figure and its unit in one ("стопроцентного", config/claims.yaml ``figure_unit_words``),
# by stem, as whole words; not right after a number ("two hundred-percent": the number is read whole).
_FIGURE_UNIT_WORDS = figure_unit_words()
_FIGURE_UNIT_WORD = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in sorted(_FIGURE_UNIT_WORDS, key=len, reverse=True))
    + r")[^\W\d_]*", re.IGNORECASE)

# Words joining two numbers into a range (config/claims.yaml range_*): "to" always (and the text's own language's:
# ``_range_to``), "and" only after "between" (up to three words before the first number: "between the ages of 18
# and 60").
_RANGE_BETWEEN, _RANGE_AND = ("|".join(sorted(map(re.escape, words), key=len, reverse=True))
                              for words in range_words()[1:])


def _range_to(language: str | None) -> str:
    """The words joining two numbers into a range in a text of ``language`` (a base code; "a" in Spanish only)."""
    return "|".join(sorted(map(re.escape, range_words(language)[0]), key=len, reverse=True))


# Words between a number and its unit ("32 de ani"; config/claims.yaml ``before_unit``).
_BEFORE_UNIT_WORDS = frozenset(before_unit_words())
_BEFORE_UNIT = "|".join(sorted(map(re.escape, _BEFORE_UNIT_WORDS), key=len, reverse=True))


# A minus sign before a number, a hyphen or U+2212 with or without a space after it, after no letter, digit or
# dash ("-50 °C", "− 50 °C", not "Su-34"): kept only for config/claims.yaml ``signed_dimensions``.
_SIGN = (r"(?:(?<![\w.,\-\u2212])[-\u2212]\s?|(?<![^\W\d_])(?:"
         + "|".join(map(re.escape, minus_words())) + r")\s+)(?=\d)")
_SIGNED = signed_dimensions()
# A duration that is a time back from the report's day ("three months ago", "acum 3 ani": config/claims.yaml
# ``ago_words``): a point in time of its own dimension, compared only with another such.
TIME_AGO = "time ago"


# Unit words only one language writes, with it: a text of unknown language reads that language's ago words after
# them ("3 роки тому"; config/claims.yaml ``units``' ``only_in``).
_AGO_UNIT_LANGUAGES = ago_unit_languages()


# How many words (``NAME_WORD``s: no punctuation or figure) may stand between a verb of a state in the present and
# "há"/"hace" for it to make the phrase a period (config/thresholds.yaml ``compare.ago_verb_reach``): "está preso há".
_AGO_VERB_REACH = threshold("compare", "ago_verb_reach", int, high=10)


def _past_ending(word: str) -> str:
    """A word of ``ago_words.*.not_between`` as a pattern; an ending ("*ou") only on a word in lower case: a past verb
    inside a clause is one, a name ending so is not ("vive em Moscou há", "mora com Tadeu Abreu há")."""
    return rf"(?-i:(?![A-ZÀ-ÖØ-Þ])){_stem_or_word(word)}" if word.startswith("*") else _stem_or_word(word)


def _ago_key(word: str) -> str:
    """An ago word as matched, as config/claims.yaml keys it (lower case, one space: "тому  назад")."""
    return " ".join(word.lower().split())


def _goes_on(ago: str, pairs: tuple[tuple[str, str], ...], comma_pairs: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """The words right after the phrase of ``ago`` (and, of ``comma_pairs``, after a comma) that make it another."""
    words, comma_words = (_word_alternatives(w for key, w in side if key == ago) or "(?!)" for side in (pairs, comma_pairs))
    return re.compile(rf"\s+(?:{words})(?![^\W\d_])|\s*,\s*(?:{comma_words})(?![^\W\d_])", re.IGNORECASE)


@lru_cache(maxsize=64)
def _ago_patterns(language: str | None) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, re.Pattern[str]],
                                                 re.Pattern[str]]:
    """(right after the unit, right before the number, right after the phrase by its ago word, before the word before
    the number) for a text in ``language`` (a base code; None: unknown, which reads the words no other language shares):
    its ago words and English's (config/claims.yaml ``ago_words``: "3 anni fa" in Italian only), each as group
    ``word``; the one before the number with a word before it that makes the phrase a period (group ``period``: "desde
    hace"); the words after it that make it another, after the ago word they follow alone ("5 років тому що": because,
    not "5 років тому назад, що"; "hace 3 años que": for three years; some after a comma too: "5 років тому, хто", to
    the one who); a verb of a state in the present a few words back in its clause, with no clause
    word or past verb between ("está preso há", not "vive em Kiev foi preso há", "vive em Kiev e desertou há"; a
    word that only ends as a past is none: "preso ou detido há"), or right before the word ("dura há")."""
    words = ago_words(language)
    after, before, not_after, present, present_next = (_word_alternatives(words[i]) or "(?!)" for i in (0, 1, 3, 4, 5))
    not_between = "|".join(map(_past_ending, words[6])) or "(?!)"
    not_past = _word_alternatives(words[7]) or "(?!)"
    between = rf"\s+(?!(?!(?:{not_past})(?![^\W\d_]))(?:{not_between})(?![^\W\d_])){NAME_WORD.pattern}"
    goes_on = {ago: _goes_on(ago, words[2], words[8]) for ago in dict.fromkeys(a for a, _ in words[2] + words[8])}
    return (re.compile(rf"\s+(?<![^\W\d_])(?P<word>{after})(?![^\W\d_])", re.IGNORECASE),
            re.compile(rf"(?<![^\W\d_])(?:(?P<period>{not_after})\s+)?(?P<word>{before})\s+$", re.IGNORECASE),
            goes_on,
            re.compile(rf"(?<![^\W\d_])(?:(?:{present})(?:{between}){{0,{_AGO_VERB_REACH}}}|(?:{present_next}))\s+$",
                       re.IGNORECASE))


def _time_back_end(text: str, start: int, end: int, language: str | None, unit: str) -> int | None:
    """Where the period at ``start:end`` ends as a time back ("5 днів тому": past its word; "vor 5 Tagen": at
    ``end``); None when it is none (``_ago_patterns``). In a text of unknown language a unit only one language writes
    ("роки") reads that language's words (``_AGO_UNIT_LANGUAGES``)."""
    after, before, goes_on, present = _ago_patterns(language or _AGO_UNIT_LANGUAGES.get(unit))
    ago = after.match(text, end)
    if ago is None:
        back = before.search(text, max(0, start - 20), start)
        ago = None if back is None or back.group("period") or present.search(
            text, max(0, back.start() - 200), back.start()) else back
    if ago is None:
        return None
    other = goes_on.get(_ago_key(ago.group("word")))
    return None if other is not None and other.match(text, max(end, ago.end())) else max(end, ago.end())


# A duration that is a person's age ("aged 27 years", "a 27-year-old", "27-jarigen": config/claims.yaml ``age_words``):
# a figure of its own kind, never a period's disagreement ("served for 18 months" is no age). A bare number after
# "aged" stays what it was (a count of nothing), as the other languages' bare ranges are ("от 25 до 60"), and equals
# an age of its number (``_age_unsaid``).
AGE = "age"
_AGE_BEFORE, _AGE_AFTER, _AGE_UNITS = (rf"(?<![^\W\d_])(?:{'|'.join(_stem_or_word(w) for w in sorted(words, key=len, reverse=True))})(?![^\W\d_])"
                                       for words in age_words())
_AGE_BEFORE_AT = re.compile(rf"{_AGE_BEFORE}\s+$", re.IGNORECASE)
_AGE_AFTER_AT = re.compile(rf"[\s\-\u2011]+{_AGE_AFTER}", re.IGNORECASE)
_AGE_UNIT = re.compile(_AGE_UNITS, re.IGNORECASE)
# A period's noun right after an age's unit word: the unit is the period's adjective ("к 8-летнему сроку":
# config/claims.yaml ``age_words.periods``), no age. Not past another word: "27-летний участник войны" is a man.
_AGE_UNIT_PERIOD = re.compile(rf"\s+(?:{'|'.join(map(_stem_or_word, age_unit_periods()))})(?![^\W\d_])", re.IGNORECASE)
# A word right after a number, past no comma or bracket: what a count counts ("27 soldiers"; not "Sergei, 33, was")
_WORD_NEXT = re.compile(r"\s+[^\W\d_]")


@lru_cache(maxsize=64)
def _age_of_years(language: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
    """(before, after, after a name) for ``language``'s age after a noun (config/claims.yaml ``age_of_years``):
    "de"/"di" right before the number after a word that is no period's ("un soldat de 27 ans", not "une peine de 10
    ans"); a complement right after the unit that makes it a period ("10 ans de prison"); a word and a comma right
    before the number, "de"/"di" between or none ("Farber, 48 ans,", "Fedorchenko, de 33 años,": group ``name``),
    the word after a preposition of place (group ``place``: "En Crimée, 3 ans.") or of source (group ``source``:
    "Selon Olga, 34 ans,", "Según Moscú, 3 años.") or neither; a preposition of place that also brings in a person
    (``dative``) is a place's except after a verb of ``dative_after``, right after it or past a short adverb of
    ``dative_between`` (group ``dative``: "Ha detto a Vlad, 27 anni,", "Ha detto ieri a Vlad"; "è tornato a Kharkiv, 3
    anni," is a place), or of ``dative_after_subject`` right after one of ``dative_subjects`` ("Il demande à Olga")."""
    words = _AGE_OF_YEARS.get(language)
    if words is None:
        return None
    of, not_after, complement, place, source, dative, dative_after, _, subjects, after_subject = (
        _word_alternatives(w) or "(?!)" for w in words)
    between = "|".join(map(_stem_or_word, words[7])) or "(?!)"
    # a verb spelt as a noun is one right after a subject pronoun or an auxiliary ("Il demande", "J'offre", "ha dato")
    verb = rf"{dative_after}|(?:{subjects})(?:(?<={APOSTROPHE})|\s+)(?:{after_subject})"
    return (re.compile(rf"(?<![^\W\d_])(?!(?:{not_after})(?![^\W\d_]))[^\W\d_]+\s+(?:{of})\s+$", re.IGNORECASE),
            re.compile(rf"\s*(?:{complement})(?![^\W\d_])", re.IGNORECASE),
            re.compile(rf"(?:(?<![^\W\d_])(?:(?:{verb})(?:\s+(?:{between})(?![^\W\d_]))?\s+(?P<dative>{dative})"
                       rf"|(?P<place>{place})|(?P<source>{source}))\s+)?"
                       rf"(?<![^\W\d_])(?P<name>{NAME_WORD.pattern}),\s+(?:(?:{of})\s+)?$", re.IGNORECASE))


_AGE_OF_YEARS = age_of_years()
# A mark right after the unit of a number of years set apart after a name ("Farber, 48 ans, qui vit", "Renuka
# Karunaratne, 49 ans."): nothing goes on from it ("En Ukraine, 3 ans de guerre" is a period)
_SET_APART_END = re.compile(r"\s*(?:[,.;:)]|$)")
# After a preposition of source, only a comma there: the clause goes on past the age ("Selon Olga, 34 ans, son
# mari"); an end ("Según Moscú, 3 años.") is the source's figure
_SET_APART_COMMA = re.compile(r"\s*,")


def _of_years_age(text: str, start: int, end: int, language: str | None) -> bool:
    """A number of years after "de"/"di" and a noun, with no complement after it ("un soldat de 27 ans", "un soldato
    di 27 anni"), or set apart by a comma after a name (no place's: "En Crimée, 3 ans.") and a mark after its unit
    ("Vlad, 27 anni, ha": as the English "Vlad, 27, has" is; a comma after a source's: "Selon Olga, 34 ans, son
    mari", not "Según Moscú, 3 años."): a person's age (``_age_of_years``), as the English "a 27-year-old soldier"
    is one."""
    patterns = _age_of_years(base_language(language) or "")
    if patterns is None:
        return False
    after_noun, complement, after_name = patterns
    named = after_name.search(text, max(0, start - 60), start)
    if (named is not None and not named.group("place") and named.group("name")[0].isupper()
            and (_SET_APART_COMMA if named.group("source") else _SET_APART_END).match(text, end)):
        return True
    return after_noun.search(text, max(0, start - 40), start) is not None and complement.match(text, end) is None


# "And a half" before a number's unit or after it ("two and a half years", "cinco anos e meio": config/claims.yaml
# ``half_words``): the number and a half.
_HALF_BEFORE, _HALF_AFTER = (_word_alternatives(words) for words in half_words())


def _quantity_pattern(num: str, range_to: str) -> re.Pattern[str]:
    # (a comma may follow the qualifier: "По меньшей мере, 3 388" read as a bare 3,388, set 35)
    return re.compile(
        rf"(?:(?<!\w)(?P<qual>{_QUALIFIER}),?\s+)?(?:(?<!\w)(?P<between>{_RANGE_BETWEEN})(?:\s+[^\W\d]+){{0,3}}?\s+)?(?P<cur>[$€£₽₴])?"
        rf"(?P<sign>{_SIGN})?(?P<low>{num})"
        rf"(?:\s*(?:-|–|—|\u2212|(?<!\w)(?:{range_to})(?!\w)|(?(between)(?<!\w)(?:{_RANGE_AND})(?!\w)|(?!)))"
        rf"\s*[$€£₽₴]?(?P<high_sign>{_SIGN})?(?P<high>{num}))?"
        rf"(?:(?P<half_before>\s+(?:{_HALF_BEFORE}))?(?:\s|-)?(?:(?:{_BEFORE_UNIT})\s+)?(?P<unit>{_UNIT})(?![\w²])"
        rf"(?P<half_after>\s+(?:{_HALF_AFTER})(?![^\W\d_]))?)?",
        re.IGNORECASE)


# Where a dot groups thousands ("5.000 Euro"): a dot before exactly three digits, groups and all.
_DOT_GROUPED = r"\d{1,3}(?:\.\d{3})+(?![.,]?\d)"
_DOT_GROUP = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")
_DOT_LANGUAGES = dot_thousands_languages()


@lru_cache(maxsize=64)
def _quantities_in(language: str | None) -> re.Pattern[str]:
    """The quantity pattern for a text in ``language``: its number words besides English's, and where
    it groups thousands with a dot ("5.000"), such a group as one number."""
    num = _NUM
    words = _local_number_words(language)
    if words:      # with a scale word after it: "пяти тысяч" is 5,000, not 5 ("тысяч" counted)
        num = rf"(?:{num}|{words}(?:\s(?:{_LOCAL_SCALE})\.?(?!\w))?)"
    if base_language(language) in _DOT_LANGUAGES:
        num = rf"(?:{_DOT_GROUPED}(?:\s?(?:{_LOCAL_SCALE})\.?(?!\w))?|{num})"
    return _quantity_pattern(num, _range_to(language))

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = r"(?:" + "|".join(sorted(list(_MONTHS) + list(_MONTH_ABBR), key=len, reverse=True)) + r")\.?"
# An English ordinal day. Before a month it is a date only where the month is written as one ("the 3rd
# of March", not "the 3rd may be"; checked where read, ``ordinal_before_lower``); after a month, only
# where no capitalised name follows ("May 3rd", not "May 3rd Assault Brigade").
ORDINAL = r"(?:st|nd|rd|th)"
_ORDINAL_AFTER_MONTH = rf"(?:{ORDINAL}(?!\s+(?-i:[A-Z])))?"
_ORDINAL_DAY = re.compile(rf"\d{{1,2}}{ORDINAL}", re.IGNORECASE)
# An ordinal of another language, its ending after a hyphen ("1441-го полка", "47-ма бригада"): a name, not a
# count (config/claims.yaml ``ordinal_endings``).
_ORDINAL_ENDING = re.compile(rf"[-\u2011](?:{'|'.join(sorted(map(re.escape, ordinal_endings()), key=len, reverse=True))})(?!\w)",
                             re.IGNORECASE)

# A number naming a military unit (config/claims.yaml ``unit_name_words``): right after the unit's word
# ("Brigăzii 129"), or before it after an ordinal's dot ("155. Brigade", "38.ª brigada") or before a form
# that only follows an ordinal (``unit_name_forms``: "z 3 batalionu", as another report prints "3. batalionu").
_UNIT_NAME_WORD = rf"(?<![^\W\d_])(?:{'|'.join(sorted(map(re.escape, unit_name_words()), key=len, reverse=True))})[^\W\d_]*"
_UNIT_WORD_BEFORE = re.compile(rf"{_UNIT_NAME_WORD}\s+$", re.IGNORECASE)
_UNIT_NAME_AFTER = unit_name_after()
_UNIT_NAME_WORD_AT = re.compile(_UNIT_NAME_WORD, re.IGNORECASE)
_UNIT_WORD_AFTER = re.compile(rf"\.[ªº]?\s*{_UNIT_NAME_WORD}|\s+(?:{'|'.join(map(re.escape, unit_name_forms()))})(?![^\W\d_])",
                              re.IGNORECASE)


def _names_a_unit(text: str, start: int, end: int, language: str | None = None) -> bool:
    """The bare number at ``start:end`` is a unit's name ("Brigăzii 129", "155. Brigade", "74
    мотострілкової бригади"), as "129th Brigade" is: no count. After a unit's word, a number that a
    counted noun follows at once counts ("W batalionie 300 żołnierzy", "Im Bataillon 400 Soldaten",
    "În brigadă 300 de soldați"); "300. Brigade" is a dotted ordinal except in English, where the dot
    ends a sentence ("they lost 300. Brigade commanders ...")."""
    if re.fullmatch(r"\d{1,4}", text[start:end]) is None:
        return False
    if _UNIT_WORD_BEFORE.search(text, max(0, start - 40), start) is not None:
        # a count's noun follows at once (past Romanian "de"), is more than a short verb ("brigata
        # 118 ha raccontato") and names no unit itself ("2 batalionu 118 pułku")
        first = re.match(r"\s+(?:de\s+)?([^\W\d_][\w'\u2019-]*)", text[end:end + 60])
        word = first.group(1).lower() if first else ""
        counted = (len(word) > 3 and _counted_noun(text, end, language) == word
                   and not _UNIT_NAME_WORD_AT.match(word) and word not in unit_name_forms())
        return not counted
    if _UNIT_WORD_AFTER.match(text, end) is not None:
        return base_language(language) != "en" or not text[end:end + 1] == "."
    return _UNIT_NAME_AFTER.match(text, end) is not None


def ordinal_before_lower(day_first: str, month: str) -> bool:
    """A day-first match whose ordinal day ("3rd") comes before a month name in lower case: a verb
    or a word ("the 3rd may be the last"), not a date."""
    return _ORDINAL_DAY.match(day_first) is not None and month[:1].islower()


# Words that make a four-digit number a year, before it ("in 1947", "у 1947", "în 2022") or after it ("2022
# року", "1947 році") (config/claims.yaml ``year_before``, ``year_after``); not with a unit after ("в 2000 км").
_YEAR_BEFORE, _YEAR_AFTER = ("|".join(sorted(map(re.escape, words), key=len, reverse=True)) for words in year_words())
_YEAR_WORD_AFTER = rf"(?:{_YEAR_AFTER})(?!\w)"
# Units of years after which a number names a time, no figure (config/claims.yaml ``year_time_units``): "годах" after
# "в" and a round number ("в 90 годах": the 90s; "о 5 годах колонии" is 5 years), "года" after four digits ("зимой 1812
# года"; 1900-2099 are read first, as dates)
_DECADE_UNITS, _DECADE_BEFORE, _TIME_AFTER_YEAR = year_time_units()
_DECADE_BEFORE_AT = re.compile(rf"(?<![^\W\d_])(?:{_word_alternatives(_DECADE_BEFORE)})\s+$", re.IGNORECASE)


def _names_a_decade(text: str, start: int, values: tuple[float, ...]) -> bool:
    """Numbers at ``start`` that name a decade before a decade's unit word: round (a multiple of ten, or four digits:
    "80-90", "1990") after a word of ``year_time_units.decade_before`` ("в 90 годах")."""
    return (all(v == int(v) and (v % 10 == 0 or 1000 <= v <= 9999) for v in values)
            and _DECADE_BEFORE_AT.search(text, max(0, start - 10), start) is not None)


_NO_UNIT_AFTER = rf"(?!\s*(?:{_UNIT})(?![\w²])|[-\u2011][^\W\d_])"   # nor a decade ("в 1990-х")
_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:{ORDINAL}(?:\s+of)?)?\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}}){_ORDINAL_AFTER_MONTH}\b(?:,?\s+(?P<y2>(?:19|20)\d\d))?"
    rf"|(?P<m3>{_MONTH})\s+(?P<y3>(?:19|20)\d\d)"
    rf"|(?:{_YEAR_BEFORE})\s+(?P<y4>(?:19|20)\d\d){_NO_UNIT_AFTER})\b"
    rf"|\b(?P<y5>(?:19|20)\d\d)\s+{_YEAR_WORD_AFTER}",
    re.IGNORECASE)
# Words after a bare count that are not what is counted.
_SKIP_NOUNS = not_counted_words()
_NOT_COUNTED_BY_LANGUAGE = not_counted_by_language()
_NOUNS_CAPITALISED = nouns_capitalised()
# An elided word and its apostrophe at a word's start ("l’hiver", "dell'esercito"; config/claims.yaml
# ``elisions_opening_phrase``)
_ELISIONS_OPENING = elisions_opening_phrase()
_ELIDED = re.compile(rf"([^\W\d_]+){APOSTROPHE}(?=[^\W\d_])")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit and qualifier, normalised so different wordings compare equal.

    ``low``/``high`` are in ``unit`` as written (number words turned to digits; dates as yyyymmdd
    with 00 for an unknown year, month or day); ``factor`` converts them to the dimension's base
    unit (km², km, days...) for comparison. ``alt`` holds a conversion printed beside it
    ("160 square kilometers (60 square miles)").
    """

    text: str
    paragraph_id: str
    start: int
    end: int
    dimension: str          # area, length, duration, percent, money:USD, count, date, exchange ("1000 на 1000")
    low: float
    high: float
    unit: str               # as written, canonical: km², mi², years, "soldiers" for counts...
    qualifier: str = ""     # "more than", "about"... lower case, "" when none
    alt: tuple[str, ...] = ()
    factor: float = 1.0
    rounding: float = 0.0   # half the step a scaled figure is rounded to ("1,8 тыс.": 50), in ``unit``
    counted: str = ""       # a count's noun as its stem in the text's language: what two counts must share
                            # to disagree ("2 461 контрактник" and "2,6 тыс. контрактников" count one thing)
    when: tuple[float, float] | None = None   # a time back's days (ordinals) counted from its report's dates
                                          # (``compare_quantities``' ``published``); None when undated
    bare: bool = False      # a count that counts no word of its own: nothing counted, the number set apart by a
                            # comma or bracket ("Sergei, 33, was", "Timoer (37)") or after an age's word ("at the
                            # age of 10 with"): an age said without its unit (``_age_unsaid``)

    @property
    def base(self) -> tuple[float, float]:
        return self.low * self.factor, self.high * self.factor

    @property
    def label(self) -> str:
        """A normalised reading: "> 50,000 soldiers", "3-10 years", "2025-09-25"."""
        if self.dimension == "date":
            return _date_label(self.low)
        if self.dimension == EXCHANGE:
            return f"{_fmt(self.low)} for {_fmt(self.high)}"
        value = _fmt(self.low) if self.low == self.high else \
            f"{_fmt(self.low)}{' to ' if self.low < 0 else '-'}{_fmt(self.high)}"      # "-60 to -50 °C"
        qual = _QUALIFIERS.get(self.qualifier.lower(), "")
        unit = self.unit + {TIME_AGO: " ago", AGE: " old"}.get(self.dimension, "")
        return f"{qual + ' ' if qual else ''}{value}{' ' + unit if unit else ''}"


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


_MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _date_label(value: float) -> str:
    """"25 Sep 2025", "25 Sep" (year not given), "Feb 2022", "2022"."""
    v = int(value)
    year, month, day = v // 10000, (v // 100) % 100, v % 100
    parts = []
    if day:
        parts.append(str(day))
    if month:
        parts.append(_MONTH_SHORT[month - 1])
    if year:
        parts.append(str(year))
    return " ".join(parts) or "?"


# Scale words after digits: English ("1.5 million", "20k") and the corpus's other languages ("1,8 тыс.").
_AFTER_DIGITS = {"bn": 1e9, "m": 1e6, "k": 1e3, **_SCALE, **_LOCAL_SCALES}
_GLUED_ONLY = frozenset({"m", "k"})   # English one-letter scales: only glued to the digits ("5m", "20k")
_SCALED_FIGURE = re.compile(rf"(\d+)(?:([.,])(\d+))?\s?({'|'.join(sorted(map(re.escape, _AFTER_DIGITS), key=len, reverse=True))})\.?")
# A rounded figure agrees with a value at most half its last written digit away, and never further
# than this share of it ("1 million" is not 1,400,000) (config/thresholds.yaml).
ROUNDING_SHARE = threshold("compare", "rounding_share", high=1.0)


def _scaled_figure(t: str) -> tuple[float, float, float] | None:
    """(value, rounding, scale) of digits with a scale word, ``t`` lower-cased with its thousands
    spaces taken out: "1,8 тыс." -> (1800, 50, 1000); "1.5 million" -> (1.5e6, 50_000, 1e6)."""
    m = _SCALED_FIGURE.fullmatch(t)
    if not m or (m.group(2) == "," and len(m.group(3)) > 2):
        return None
    if m.group(4) in _GLUED_ONLY and not t[m.end(3) if m.group(3) else m.end(1)].isalpha():
        return None          # "a 5 m wall" is five metres; "$5m" and "1.5m men" are millions
    decimals = m.group(3) or ""
    scale = _AFTER_DIGITS[m.group(4)]
    value = _scaled(m.group(1), decimals, scale)
    return value, _rounding(value, scale, decimals), scale


def _scaled(whole: str, decimals: str, scale: float) -> float:
    """Digits with a decimal part times a scale, in whole steps of the last written digit, so "2,01 тыс."
    is 2010, not 2009.9999999999998."""
    return (int(whole) * 10 ** len(decimals) + int(decimals or 0)) * scale / 10 ** len(decimals)


def _rounding(value: float, scale: float, decimals: str = "") -> float:
    """How far a figure written to ``scale`` ("1,8 тыс.", "1천", "пять тысяч") may lie from a value it
    rounds: half its last written digit, at most ``ROUNDING_SHARE`` of it."""
    return min(0.5 * scale / 10 ** len(decimals), ROUNDING_SHARE * value)


def _scaled_words(t: str) -> tuple[float, float, float] | None:
    """(value, rounding, scale) of a number word with a scale word, ``t`` lower-cased: "пяти тысяч" ->
    (5000, 250, 1000), rounded as "5 тыс." is."""
    words = t.rsplit(None, 1)
    if len(words) != 2 or words[1].rstrip(".") not in _AFTER_DIGITS:
        return None
    value = _WORD_VALUES.get(" ".join(apostrophes(words[0]).split()))
    scale = _AFTER_DIGITS[words[1].rstrip(".")]
    return None if value is None else (value * scale, _rounding(value * scale, scale), scale)


def _read_figure(text: str) -> tuple[float | None, float, float]:
    """(value, rounding, scale) of a written figure: a scaled one ("1,8 тыс.": rounded to half its
    last digit, at most ``ROUNDING_SHARE`` of it), or digits and English number words (exact, scale 1)."""
    t = _GROUP_SPACE.sub("", text.lower().strip())
    scaled = _scaled_figure(t) or _scaled_words(t)
    return scaled if scaled is not None else (_plain_number(t), 0.0, 1.0)


def parse_number(text: str) -> float | None:
    """"50,000" -> 50000, "three" -> 3, "twenty-five" -> 25, "1.5 million" -> 1500000, "1,8 тыс." -> 1800,
    "1,8" -> 1.8."""
    return _read_figure(text)[0]


# What outlets print between thousands groups, in any language: spaces (plain, no-break, narrow
# no-break, thin), a dot, a comma, an apostrophe ("9 861", "9.861", "9,861", "9'861").
GROUP_SEPARATORS = " \u00a0\u202f\u2009.," + APOSTROPHES
_ANY_GROUP = re.compile(rf"(?<=\d)[{GROUP_SEPARATORS}](?=\d{{3}}(?!\d))")


def written_number(text: str) -> float | None:
    """The value of digits whatever their language groups thousands with: a separator before exactly
    three digits groups them ("9.861", "9 861", "9'861", "9,861" -> 9861), a dot or comma before
    fewer digits is a decimal point ("1,8" -> 1.8, "2.5"), and so is one after a lone 0 ("0,125").
    Unlike ``parse_number``, which reads a text knowing its language, this reads a number alone (a
    search query's): "9.861" is 9861 here. None: not digits so written."""
    t = text.strip()
    if not re.fullmatch(rf"\d[\d{GROUP_SEPARATORS}]*", t) or not t[-1].isdigit():
        return None
    if re.fullmatch(r"0[.,]\d+", t):
        return float(t.replace(",", "."))
    return _plain_number(_ANY_GROUP.sub("", t))


def _plain_number(t: str) -> float | None:
    """Digits or number words (English ones combined: "twenty-five", "two hundred"), ``t`` lower-cased
    with its thousands spaces taken out."""
    if re.fullmatch(r"\d+,\d{1,2}", t):       # a decimal comma (thousands come in threes)
        return float(t.replace(",", "."))
    t = t.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    t = " ".join(apostrophes(t).split())
    if t in _WORD_VALUES:
        return float(_WORD_VALUES[t])
    compound = _compound_value(t)
    if compound is not None:
        return compound
    total, current = 0.0, 0.0
    for word in re.split(r"[-\s]+", t):
        if word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        elif word in _SCALE:
            current = (current or 1) * _SCALE[word]
            if _SCALE[word] >= 1000:
                total, current = total + current, 0.0
        elif word:
            return None
    return total + current


@lru_cache(maxsize=64)
def month_patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int]] | None:
    """Day-month patterns for ``language`` from dateparser's month names (and English ones, which
    foreign pages quote in datelines); None when dateparser does not know the language."""
    from dateparser.languages.loader import default_loader
    names: dict[str, int] = {}
    for code in dict.fromkeys([language, "en"]):
        try:
            info = default_loader.get_locale(code).info
        except ValueError:
            continue
        for number, month in enumerate(_MONTH_KEYS, start=1):
            for name in info.get(month, []):
                if len(name) >= 3:
                    names.setdefault(name.lower().rstrip("."), number)
    if not names:
        return None
    alternatives = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    # an English ordinal is a day as the digits are ("July 10th", "the 10th of July"), as ``_DATE`` reads it
    # (``ORDINAL``)
    day_month = re.compile(rf"(?<![\w.])(\d{{1,2}})(?:{ORDINAL}(?:\s+of)?)?\.?\s+(?:de\s+)?({alternatives})(?!\w)",
                           re.IGNORECASE)
    month_day = re.compile(rf"(?<!\w)({alternatives})\.?\s+(\d{{1,2}}){_ORDINAL_AFTER_MONTH}(?![\d.,]\d|\w)",
                           re.IGNORECASE)
    return day_month, month_day, names


_MONTH_KEYS = tuple(_MONTHS)     # dateparser's keys are the English month names, January first


def days_written(text: str, language: str | None) -> tuple[list[tuple[re.Match[str], int]], list[tuple[re.Match[str], int]]]:
    """``(day first, month first)``: the days ``text`` writes with a month name of its language or
    English (``month_patterns``; no language: English), each match with its month number; the day
    (group 1 of a day-first match, 2 of a month-first one) is not checked. A month name serves one
    date: a month-first match whose name a day-first one took is left out ("18 January 14 men" is
    18 January), as is a lower-case one ("they may 12 times")."""
    patterns = month_patterns(base_language(language) if language else "en")
    if patterns is None:
        return [], []
    day_month, month_day, names = patterns
    first = [(m, names[m.group(2).lower()]) for m in day_month.finditer(text)
             if not ordinal_before_lower(m.group(0), m.group(2))]
    taken = [m.span(2) for m, _ in first]
    second = [(m, names[m.group(1).lower()]) for m in month_day.finditer(text)
              if m.group(1)[0].isupper() and not any(s < m.end(1) and m.start(1) < e for s, e in taken)]
    return first, second


@lru_cache(maxsize=64)
def _month_year_pattern(language: str) -> tuple[re.Pattern[str], dict[str, int]] | None:
    """A month of ``language`` (``month_patterns``' names) and a year: "у лютому 2022 року", "в июне 2024
    года", "w czerwcu 2023", "em fevereiro de 2022". The month word may go on past the name, as
    Ukrainian, Russian and Polish decline it ("лютому" from "лют", "czerwcu" from "czerwca")."""
    patterns = month_patterns(language)
    if patterns is None:
        return None
    names = patterns[2]
    alternatives = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternatives})\w*\.?\s+(?:(?:de|of)\s+)?((?:19|20)\d\d)(?!\d|[.,]\d)"
                      rf"(?:\s+{_YEAR_WORD_AFTER})?", re.IGNORECASE), names


def _local_dates(text: str, language: str | None, paragraph_id: str) -> list[Quantity]:
    """Days written in the text's own language ("30 серпня 2025 року", "30. August", "30 de agosto"),
    day first (``days_written``), so a translation's date is the English one's and not a count of 30;
    a year right after it is read with it (``YEAR_AFTER``: "5. März 2000 Soldaten" is a day and a count).
    Then its months of a year ("у лютому 2022 року": the English "February 2022")."""
    out = []
    for m, month in days_written(text, language)[0] if language else []:
        start, end = m.span()
        day = int(m.group(1))
        if not 1 <= day <= 31:
            continue
        after = YEAR_AFTER.match(text, end)
        year = int(YEAR.search(after.group(0)).group(0)) if after else 0
        if after:
            end += len(after.group(0).rstrip())
        value = float(year * 10000 + month * 100 + day)
        out.append(Quantity(text[start:end], paragraph_id, start, end, "date", value, value, ""))
    month_year = _month_year_pattern(base_language(language)) if language else None
    for m in month_year[0].finditer(text) if month_year else ():
        if not any(m.start() < q.end and q.start < m.end() for q in out):
            value = float(int(m.group(2)) * 10000 + month_year[1][m.group(1).lower()] * 100)
            out.append(Quantity(m.group(0), paragraph_id, m.start(), m.end(), "date", value, value, ""))
    return out


# A year written after a day: "24 de febrero de 2022", or followed by punctuation, the end or a word
# for year ("24 February 2022,", "February 24, 2022.", "24 февраля 2022 года"), so a count is not one
# ("on 5 March 2000 soldiers left"); "since 24 February 2022 the ..." goes unread (a day kept).
YEAR_AFTER = re.compile(r"\s*(?:(?:of|de|del)\s+(?:19|20)\d\d(?!\d)|,?\s*(?:19|20)\d\d(?!\d)"
                        rf"(?=\s*(?:[.,;:!?)\]\u2013\u2014-]|$|{_YEAR_WORD_AFTER})))",
                        re.IGNORECASE)


def _month_number(token: str) -> int:
    token = token.lower().rstrip(".")
    return _MONTHS.get(token) or _MONTH_ABBR.get(token) or 0


def extract_dates(text: str, paragraph_id: str = "") -> list[Quantity]:
    out = []
    for m in _DATE.finditer(text):
        g = m.groupdict()
        if g["m1"] and ordinal_before_lower(m.group(0), g["m1"]):
            continue
        month = _month_number(g["m1"] or g["m2"] or g["m3"] or "")
        day = int(g["d1"] or g["d2"] or 0)
        year = int(g["y1"] or g["y2"] or g["y3"] or g["y4"] or g["y5"] or 0)
        if day > 31:
            continue
        value = float(year * 10000 + month * 100 + day)
        start = m.start("y4") if g["y4"] else m.start()
        out.append(Quantity(text[start:m.end()], paragraph_id, start, m.end(), "date", value, value, ""))
    return out


# --- numbers glued to the word after them (Korean, Chinese, Japanese), and exchange formats ---------

def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_G_SCALE = _alternation(_GLUED.scales)
# digits before a glued scale, grouped by commas ("1,800万") or not, a decimal by a point ("1.8万") or, before
# a scale, a comma ("1,8万": one or two digits after it are no thousands group)
_G_DIGITS = rf"\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+,\d{{1,2}}(?=\s?(?:{_G_SCALE}))|\d+(?:\.\d+)?"
# "1만1천", "1만 1천", "1.1万", "1만1500": digits with a scale, more such groups, the last maybe plain digits
_G_NUMBER = rf"(?:{_G_DIGITS})(?:(?:{_G_SCALE})(?:\s?(?:{_G_DIGITS})(?:{_G_SCALE}))*(?:{_G_DIGITS})?)?"
_G_RANGE = r"\s?[~\uff5e\u301c\-\u2013]\s?"           # "2~3명", "8～13日"
_GLUED_COUNT = re.compile(
    rf"(?:(?<!\w)(?P<qual>{_QUALIFIER})\s+|(?P<before>{_alternation(_GLUED.before)})\s?)?(?<![\d.,])(?P<low>{_G_NUMBER})(?:{_G_RANGE}(?P<high>{_G_NUMBER}))?"
    rf"(?P<about>{_alternation(_GLUED.about)})?(?:\s?(?P<counter>{_alternation(_GLUED.counters)}))?"
    rf"(?:\s?(?P<after>{_alternation(_GLUED.after)}))?", re.IGNORECASE)
_G_YEAR, _G_MONTH, _G_DAY = (_alternation(words) for words in (_GLUED.years, _GLUED.months, _GLUED.days))
_GLUED_DATE = re.compile(
    rf"(?<![\d.,])(?:(?P<year>(?:19|20)\d\d)\s?(?:{_G_YEAR})(?:\s?(?P<month>\d{{1,2}})\s?(?:{_G_MONTH}))?"
    rf"|(?P<month_only>\d{{1,2}})\s?(?:{_G_MONTH}))(?:\s?(?P<day>\d{{1,2}})\s?(?:{_G_DAY}))?"
    rf"|(?<![\d.,])\d{{1,2}}(?:{_G_RANGE}\d{{1,2}})?\s?(?:{_G_DAY})")   # a day alone, or days: no date


class _Spans:
    """Character ranges taken by earlier readings, tested for overlap in time proportional to the span
    tested, not to how many are taken (a 1 MB Korean page holds thousands: the list took minutes)."""

    def __init__(self, size: int) -> None:
        self._marks = bytearray(size + 1)

    def add(self, start: int, end: int) -> None:
        self._marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self._marks.find(1, start, end) >= 0


def _glued_after_letter(text: str, start: int) -> bool:
    """A number glued to a letter of a cased alphabet before it ("F16", "Su34"): part of a name. Chinese
    and Japanese write no space before a number ("北朝鮮兵18人"), so a letter without case is no edge."""
    before = text[start - 1] if start else ""
    return before.isalpha() and before.lower() != before.upper()


def _glued_figure(text: str) -> tuple[float, float]:
    """(value, rounding) of a glued number: "1만1천" -> (11000, 500), "1.1万" and "1,1万" -> (11000, 500), "1500"
    exact."""
    value, last = 0.0, (1.0, "")
    for digits, scale in re.findall(rf"({_G_DIGITS})\s?({_G_SCALE})?", text):
        digits = digits.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", digits) else digits.replace(",", "")
        whole, _, decimals = digits.partition(".")
        factor = _GLUED.scales.get(scale, 1.0)
        value += _scaled(whole, decimals, factor)
        last = (factor, decimals)
    return value, _rounding(value, *last) if last[0] > 1 else 0.0


def _glued_quantities(text: str, paragraph_id: str) -> tuple[list[Quantity], list[tuple[int, int]]]:
    """Numbers glued to what follows them (config/claims.yaml ``glued_numbers``), and the spans they take
    (a day or a month alone, "19일", is taken and left out): dates first ("2024년 10월 12일"), then
    counts with a scale, an "about" or a counter ("최소 100여명" is at least 100 people)."""
    out, spans = [], []
    taken = _Spans(len(text))
    for m in _GLUED_DATE.finditer(text):
        if _glued_after_letter(text, m.start()):
            continue
        spans.append(m.span())
        taken.add(*m.span())
        year, month, day = (int(m.group(g) or 0) for g in ("year", "month", "day"))
        month = month or int(m.group("month_only") or 0)
        if (year or (month and day)) and month <= 12 and day <= 31:
            value = float(year * 10000 + month * 100 + day)
            out.append(Quantity(m.group(0), paragraph_id, m.start(), m.end(), "date", value, value, ""))
    for m in _GLUED_COUNT.finditer(text):
        if taken.overlaps(*m.span()) or _glued_after_letter(text, m.start("low")) or not (
                m.group("about") or m.group("counter") or re.search(_G_SCALE, m.group(0))):
            continue        # plain digits: read as any other number, or not at all ("1차")
        (low, low_rounding), (high, high_rounding) = (_glued_figure(m.group(g) or m.group("low")) for g in ("low", "high"))
        qual = m.group("qual") or m.group("before") or m.group("after") or m.group("about") or ""
        noun = _GLUED.counters.get(m.group("counter") or "", "")
        start = m.start("qual") if m.group("qual") else m.start("before") if m.group("before") else m.start("low")
        spans.append(m.span())
        taken.add(*m.span())
        out.append(Quantity(m.group(0), paragraph_id, start, m.end(), "count", low, high, noun, qual.lower(),
                            rounding=max(low_rounding, high_rounding), counted=noun))
    return out, spans


# --- figures written with a scale, wherever a text prints them (search finds a typed figure by them) -------

# Scale words after digits or a number word ("18 тисяч", "1,2 Millionen", "20k"; ``_AFTER_DIGITS``), but "m",
# which after digits is as often metres ("a 5 m wall"); the glued scales (config/claims.yaml ``glued_numbers``);
# the number words of every language, by value.
SCALE_WORDS = {word: factor for word, factor in _AFTER_DIGITS.items() if word != "m"}
GLUED_SCALES = dict(_GLUED.scales)
NUMBER_WORD_VALUES = dict(_WORD_VALUES)
# Digits with a scale word, as a quantity reads them ("1,8 тыс.", "18 thousand", "2.5bn"), or glued to a
# Korean, Chinese or Japanese scale ("1만 8천", "1,8万", "1万8000"); not one followed by a space and digits
# ("1만 8000명" is 18,000 in Korean prints, which the glued reading takes for 10,000 and 8,000).
_SCALED_DIGITS = re.compile(
    rf"(?<![\w.,])(?:{_LOCAL_SCALED}|(?:{_DIGITS})\s?(?:{_SCALE_WORD}|bn|k)\b)"
    rf"|(?<![\d.,])(?P<glued>(?:{_G_DIGITS})(?:{_G_SCALE})(?:\s?(?:{_G_DIGITS})(?:{_G_SCALE}))*(?:{_G_DIGITS})?)(?!\s?\d)",
    re.IGNORECASE)
# A number word of any language with scale words ("пяти тысяч", "five thousand", "two hundred thousand"); tried
# only where a scale word follows a word or two (the lookahead: a fifth of the time on news paragraphs).
_SCALED_WORDS = re.compile(
    rf"(?<![\w{APOSTROPHES}-])(?=[\w{APOSTROPHES}]+(?:[-\s]\w+)?\s(?:{_SCALE_WORD}|{_LOCAL_SCALE}))"
    rf"(?:{_word_alternatives(_WORD_VALUES)})(?:[-\s](?:{_NUMBER_WORD}))?"
    rf"(?:\s(?:{_SCALE_WORD}|{_LOCAL_SCALE})\.?(?!\w))+", re.IGNORECASE)
# What makes a scaled figure part of a longer one: a number or scale word before it ("двадцать пять тысяч", "2 млн
# 300 тыс."), digits or a number word after it ("2 млн 300 тыс.", "five thousand two hundred", "две тысячи двадцать")
_WORD_BEFORE = re.compile(rf"(\w[\w{APOSTROPHES}]*)\.?[\s-]+$")
_MORE_AFTER = re.compile(rf"\s+(?:\d|(?:{_word_alternatives(_WORD_VALUES)})(?![\w{APOSTROPHES}]))", re.IGNORECASE)


def scaled_figures(text: str) -> list[tuple[int, int, float]]:
    """(start, end, value) of each figure ``text`` prints with a scale, read as a quantity's figure is
    (``_read_figure``, ``_glued_figure``): "18 тисяч" and "1万8000" 18,000, "1,2 Millionen" 1,200,000. Not a
    number word after another ("двадцать пять тысяч" is no 5,000), nor one a number follows ("2 млн 300 тыс."
    is no 2,000,000), nor digits glued to a cased letter."""
    out = []
    for m in [*_SCALED_DIGITS.finditer(text), *_SCALED_WORDS.finditer(text)]:
        glued = m.re is _SCALED_DIGITS and m.group("glued")
        if (glued and _glued_after_letter(text, m.start())) or _part_of_longer(text, m.start(), m.end()):
            continue
        value = _glued_figure(glued)[0] if glued else _read_figure(m.group(0))[0]
        if value is not None:
            out.append((m.start(), m.end(), float(value)))
    return sorted(out)


def _part_of_longer(text: str, start: int, end: int) -> bool:
    """A number or scale word before ``text[start:end]``, or digits or a number word after it."""
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    word = apostrophes(before.group(1).lower()) if before else ""
    return word in _WORD_VALUES or word in SCALE_WORDS or _MORE_AFTER.match(text, end) is not None


# A prisoner exchange's format: one number on both sides of a word of config/claims.yaml ``exchange_words``
# ("«1000 на 1000»", "a 1,000-for-1,000 swap").
EXCHANGE = "exchange"
_EXCHANGE = re.compile(rf"(?<![\w.,-])(?P<n>{_DIGITS})(?:\s+|\s*-\s*)(?:{_alternation(exchange_words())})"
                       rf"(?:\s+|\s*-\s*)(?P=n)(?![\w-]|[.,]\d)", re.IGNORECASE)


def _figure_unit_words(text: str, paragraph_id: str) -> list[Quantity]:
    """Words that hold a figure and its unit ("стопроцентного" is 100 %), unless a number stands right
    before the word (its figure is that number's, read by the quantity pattern)."""
    out = []
    for m in _FIGURE_UNIT_WORD.finditer(text):
        before = text[max(0, m.start() - 30):m.start()].split()
        if before and (re.search(r"\d$", before[-1]) or before[-1].lower() in _WORD_VALUES or before[-1].lower() in _SCALE):
            continue
        value, unit_name = next(v for stem, v in _FIGURE_UNIT_WORDS.items() if m.group().lower().startswith(stem))
        dim, unit, factor = _UNITS[unit_name]
        out.append(Quantity(m.group(), paragraph_id, m.start(), m.end(), dim, value, value, unit, factor=factor))
    return out


def _exchanges(text: str, paragraph_id: str) -> list[Quantity]:
    """Exchange formats ("1000 на 1000"): one figure of their own kind, not two counts."""
    out = []
    for m in _EXCHANGE.finditer(text):
        value = parse_number(m.group("n"))
        if value is not None:
            out.append(Quantity(m.group(0), paragraph_id, m.start(), m.end(), EXCHANGE, value, value, ""))
    return out


def _counted_noun(text: str, pos: int, language: str | None = None) -> str:
    """The word a bare number counts: "50,000 Russian troops" -> "troops" (adjectives skipped),
    "120 de militari" -> "militari", "dwóch żołnierzy" -> "żołnierzy", "семь из них" past "из"
    (config/claims.yaml ``not_counted_by_language``: function words only, never "человек"). Words of any
    cased alphabet (a Latin-only read made the verb after a Polish noun the noun); a capitalised word is
    a name, except in a language that capitalises its nouns ("200 russische Soldaten"); scripts without
    case (Chinese, Arabic) name none, as their words have no reliable edges here."""
    code = base_language(language)
    skipped = _NOT_COUNTED_BY_LANGUAGE.get(code, frozenset())
    capital_nouns = code in _NOUNS_CAPITALISED
    for word in re.findall(r"(?<![^\W\d_])[^\W\d_][\w'\u2019-]*", text[pos:pos + 60])[:3]:   # whole words only
        elided = _ELIDED.match(word) if code in _ELISIONS_OPENING else None
        if elided and elided.group(1).lower() in _ELISIONS_OPENING[code]:
            return ""              # "60 l’hiver": another phrase begins
        if elided and elided.group(1).lower() in skipped:
            word = word[elided.end():]          # "d’habitants": what "de" introduces
        lower = word.lower()
        if (lower in _SKIP_NOUNS or lower in _BEFORE_UNIT_WORDS or lower in skipped
                or (word[0].isupper() and not capital_nouns) or word[0].lower() == word[0].upper()):
            continue
        return lower
    return ""


# A time of day as datelines print it ("18 февраля 2026, 14:42", "10:55", "08:50:12"): hours 0-23.
_CLOCK_TIME = re.compile(r"(?<![\d:.,])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])|(?<![\d:.,])24:00(?![\d:])")


def extract_quantities(text: str, paragraph_id: str = "", language: str | None = None) -> list[Quantity]:
    """Dates, then numbers with units and qualifiers; a parenthesised conversion is folded in.
    ``language``: where it groups thousands with a dot ("5.000"), such a group is one number.
    Read in the folded letters (``fold_letters``: "cel puţin" is the qualifier "cel puțin"); each
    figure's text is shown as the paragraph writes it."""
    shown = without_links(text)
    text = fold_letters(shown)
    # the text's own language's days first ("30. August 2025" is that day, not "August 2025" after a 30)
    dates = _local_dates(text, language, paragraph_id) if language and base_language(language) != "en" else []
    taken = _Spans(len(text))
    for d in dates:
        taken.add(d.start, d.end)
    for d in extract_dates(text, paragraph_id):
        if not taken.overlaps(d.start, d.end):
            dates.append(d)
            taken.add(d.start, d.end)
    glued, glued_spans = _glued_quantities(text, paragraph_id)
    for q in glued + _exchanges(text, paragraph_id) + _figure_unit_words(text, paragraph_id):
        if not taken.overlaps(q.start, q.end):
            dates.append(q)
            taken.add(q.start, q.end)
    for span in glued_spans:
        taken.add(*span)
    for m in _CLOCK_TIME.finditer(text):      # "14:42" is a time of day, not the figures 14 and 42
        taken.add(*m.span())
    found: list[Quantity] = []
    dotted = base_language(language) in _DOT_LANGUAGES
    stem = stem_function(language)
    for m in _quantities_in(base_language(language) or None).finditer(text):
        start, end = m.span()
        if taken.overlaps(start, end):
            continue
        signed = m.group("unit") is not None and unit_of(m.group("unit"))[0] in _SIGNED
        if (m.group("sign") or m.group("high_sign")) and not signed:
            if m.group("high_sign"):
                continue
            start = m.start("low")     # a dash before a count, read from its digits as ever ("Su-34" is none)
        # Not part of a word or an ordinal ("1428th"), not a bare "one" ("no one", "anyone").
        before = text[start - 1] if start > 0 else ""
        # A number in quotes ("'120' people") is a number; an apostrophe inside a word is not.
        opening_quote = before in "'\u2018" and (start < 2 or not text[start - 2].isalnum())
        if before and (before.isalnum() or (before in "-'\u2019" and not opening_quote)):
            continue
        # A decimal comma this parser does not read ("1,8 км"): neither 1 nor 8.
        if (before == "," and start > 1 and text[start - 2].isdigit()) or re.match(r",\d", text[end:end + 2]):
            continue
        if re.match(rf"{ORDINAL}\b", text[end:end + 3]) or re.match(r"[\w]", text[end:end + 1]) or \
                _ORDINAL_ENDING.match(text, end) or _day_after_weekday(text, start, end, language) or \
                _names_a_unit(text, start, end, language):
            continue
        low_text, high_text = m.group("low"), m.group("high") or ""
        if dotted:
            low_text, high_text = _DOT_GROUP.sub("", low_text), _DOT_GROUP.sub("", high_text)
        low, low_rounding, low_scale = _read_figure(low_text)
        high, high_rounding, high_scale = _read_figure(high_text) if high_text else (low, 0.0, 1.0)
        if (high_scale > 1 and low is not None and high is not None and re.fullmatch(r"[\d.,]+", low_text.strip())
                and low * high_scale <= high):
            low *= high_scale        # "1-2 тыс." is 1,000-2,000, not 1 to 2,000
        if low is None or high is None:
            continue
        if (m.group("half_before") or m.group("half_after")) and low == high:
            low = high = low + 0.5          # "cinco anos e meio" is 5.5 years ("5,5 anni")
        if signed:
            if m.group("sign"):
                low = -low
                high = high if high_text else low
            if m.group("high_sign"):
                high = -high
            low, high = min(low, high), max(low, high)       # "-50 à -60 °C" is -60 to -50
        unit_word = (m.group("unit") or "").lower()
        bare = False
        is_word_number = not re.search(r"\d", m.group("low"))
        cur = m.group("cur")
        if cur:
            dim, unit, factor = f"money:{_CURRENCY_SIGNS[cur]}", _CURRENCY_SIGNS[cur], 1.0
        elif unit_word:
            if (unit_word in _DECADE_UNITS and _names_a_decade(text, m.start("low"), (low, high))) or (
                    unit_word in _TIME_AFTER_YEAR and re.fullmatch(r"\d{4}", low_text) and not high_text):
                continue          # a decade, or a year outside a date phrase: no figure, as a bare year is none
            dim, unit, factor = unit_of(unit_word)
            if dim == "money":
                dim = f"money:{unit}"
            back = _time_back_end(text, start, end, base_language(language) or None, unit_word) \
                if dim == "duration" else None
            if back is not None:
                dim, end = TIME_AGO, back
            old = _AGE_AFTER_AT.match(text, end) if dim == "duration" else None
            age_unit = _AGE_UNIT.fullmatch(unit_word) and not _AGE_UNIT_PERIOD.match(text, end)
            if old or (dim == "duration" and (age_unit or _AGE_BEFORE_AT.search(text, max(0, start - 30), start)
                                              or (unit == "years" and _of_years_age(text, start, end, language)))):
                dim, end = AGE, old.end() if old else end
        else:
            if is_word_number and low == 1 and high == 1:
                continue
            if _years(m.group("low"), m.group("high") or ""):
                continue  # a year, or years, outside a date phrase: not a count
            after = end + len(re.match(r"['\u2019\u201d\"]*", text[end:]).group(0))
            noun = _counted_noun(text, after, language)
            # A number word counts what follows it in English ("ten received"); elsewhere only a word of
            # the text's own number words right before a word does ("Сім'ї" is a family, not seven), or one
            # with a scale word ("пяти тысяч"), a figure as "5 тыс." is.
            if is_word_number and low_scale == 1 and not (
                    noun[:1].isascii() and noun or _counts_next_word(text, end, m.group("low"), language)):
                continue
            dim, unit, factor = "count", noun, 1.0
            bare = not noun or not _WORD_NEXT.match(text, after) \
                or bool(_AGE_BEFORE_AT.search(text, max(0, start - 30), start))
        qual = (m.group("qual") or "").lower() if start == m.start() else ""
        rounding = max(low_rounding, high_rounding)
        counted = (stem or str)(unit) if dim == "count" and unit else ""
        found.append(Quantity(text[start:end], paragraph_id, start, end, dim, low, high, unit, qual,
                              factor=factor, rounding=rounding, counted=counted, bare=bare))
    found = _fold_conversions(found, text)
    return sorted((replace(q, text=shown[q.start:q.end]) if q.text == text[q.start:q.end] else q for q in dates + found),
                  key=lambda q: q.start)


# A word and an opening bracket right before a number: "anunciaram na quinta-feira (7)".
_WORD_BEFORE_BRACKET = re.compile(rf"({NAME_WORD.pattern})\s*\($")


def _day_after_weekday(text: str, start: int, end: int, language: str | None) -> bool:
    """The day of the month in brackets after a weekday ("na quinta-feira (7)", "el jueves (7)"): a date
    without its month, not a count. Weekday names of the text's language and English (config/stories.yaml
    ``weekdays.names``, read as story grouping reads them)."""
    if text[end:end + 1] != ")" or not re.fullmatch(r"\d{1,2}", text[start:end]):
        return False
    word = _WORD_BEFORE_BRACKET.search(text, max(0, start - 40), start)
    return word is not None and any(table.day_of(word.group(1)) is not None
                                    for table in _weekday_tables(base_language(language)))


@lru_cache(maxsize=64)
def _weekday_tables(language: str) -> tuple[WeekdayNames, ...]:
    """The weekday names of ``language`` and English (config/stories.yaml ``weekdays.names``)."""
    rules = story_rules()
    names = rules.get("weekdays", "names")
    return tuple(weekday_table(tuple(tuple(str(w) for w in day) for day in names[code]), ())
                 for code in dict.fromkeys([language, "en"]) if names.get(code))


def _counts_next_word(text: str, end: int, number: str, language: str | None) -> bool:
    """A number word of the text's own language right before a word, whatever its script or case
    ("шістьох солдатів", "zwei Soldaten"): what it counts (``_counted_noun`` reads English's)."""
    words = _local_number_words(language)
    return bool(words) and re.fullmatch(words, number, re.IGNORECASE) is not None and \
        re.match(r"\s+[^\W\d_]", text[end:end + 3]) is not None


def _years(low: str, high: str) -> bool:
    """A year as printed, or a range of them, the second maybe shortened ("2022-2023", "(1950-53)")."""
    if not YEAR.fullmatch(low):
        return False
    return not high or (YEAR.fullmatch(high) is not None and int(high) > int(low)) or (
        re.fullmatch(r"\d\d", high) is not None and int(high) > int(low[2:]))


def _fold_conversions(quantities: list[Quantity], text: str) -> list[Quantity]:
    """"160 square kilometers (60 square miles)": keep the first, note the second as its conversion."""
    out: list[Quantity] = []
    for q in quantities:
        prev = out[-1] if out else None
        if (prev is not None and prev.dimension == q.dimension and prev.dimension != "count"
                and re.fullmatch(r"\s*[(\[,/]\s*(?:or\s+|about\s+|around\s+)?", text[prev.end:q.start])
                and _close(prev.base[0], q.base[0], 0.12)):
            out[-1] = replace(prev, alt=prev.alt + (q.text,))
            continue
        out.append(q)
    return out


def _close(x: float, y: float, tolerance: float) -> bool:
    return abs(x - y) <= tolerance * max(abs(x), abs(y), 1e-9)


@dataclass(frozen=True)
class QuantityMatch:
    """How one article's quantity compares with the other's.

    ``status``: "same", "same value, qualifier differs", "consistent, qualifier differs" (a figure
    inside the other's bound: "more than 2,900" and 2,930), "different", "only in A", "only in B".
    """

    status: str
    a: Quantity | None
    b: Quantity | None
    note: str = ""


SAME, QUALIFIER_DIFFERS, CONSISTENT, DIFFERENT, ONLY_A, ONLY_B = (
    "same", "same value, qualifier differs", "consistent, qualifier differs", "different", "only in A", "only in B")
# Two figures of one unit word in sentences making the same claim, in paragraphs the alignment did not
# pair ("about 30 people" / "about 60 people"): a lead to check, not a sure difference.
POSSIBLE = "possible disagreement (paragraphs not aligned)"


def _kind(q: Quantity) -> str:
    """The dimension two equal values share: an age unsaid ("mannen van 18 tot 27 jaar") reads as a duration,
    so it equals the other report's "aged 18 to 27"; only ``_comparable`` keeps an age from a period."""
    return "duration" if q.dimension == AGE else q.dimension


def _age_unsaid(a: Quantity, b: Quantity) -> bool:
    """An age against a bare count of the same number (``Quantity.bare``): the count is the age without its unit
    ("Sergei, 33, was mobilised", "at the age of 10", "от 25 до 60") of another report's "33-летний", "zehn Jahren",
    "aged 25 to 60" (as the other languages' ages read as counts did, before their units were read). A count of a
    noun is none ("27 soldiers" is not "a 27-year-old soldier"; "37 others were wounded" not "37-летний")."""
    return {a.dimension, b.dimension} == {AGE, "count"} and (a.low, a.high) == (b.low, b.high) \
        and not (a.rounding or b.rounding) and (a.bare or b.bare)


def _same_value(a: Quantity, b: Quantity) -> bool:
    if _age_unsaid(a, b):
        return True
    if _kind(a) != _kind(b):
        return False
    if a.dimension == "date":
        return _dates_agree(int(a.low), int(b.low))
    if a.when and b.when:
        # two times back, each counted from its report's dates: the same time when their days meet
        return a.when[0] <= b.when[1] and b.when[0] <= a.when[1]
    # Converted units are rounded by the writer: allow a few percent; ages and periods in one unit are whole
    # numbers, read exactly ("24-летнего" is not the "25-year-old" of another report).
    tol = 0.0 if a.dimension in ("count", EXCHANGE) or (_kind(a) == "duration" and a.unit == b.unit) else 0.05
    (a_low, a_high), (b_low, b_high) = a.base, b.base
    # A scaled figure ("1,8 тыс.", "1.5 million") agrees with any value it rounds (1,793; 1,512,000).
    slack = max(a.rounding * a.factor, b.rounding * b.factor)
    return all(_close(x, y, tol) or abs(x - y) <= slack for x, y in ((a_low, b_low), (a_high, b_high)))


# How far past a bound ("more than 2,900") a figure may lie and still be read as the same count.
_BOUND_MARGIN = threshold("compare", "bound_margin", high=1.0)


YEAR = re.compile(r"(?:19|20)\d\d")    # a year as printed: four digits, no separator ("2,034" is a count)


def figure_range(q: Quantity) -> tuple[float, float]:
    """The values (in the base unit) a stated figure allows: an exact count only itself, a scaled
    one its rounding ("144 тис.": 143,500-144,500), "about" ``compare.rounding_share`` either side,
    and past a "more than" / "up to" bound as far as ``compare.bound_margin`` ("over 150": 150-165)."""
    low, high = q.base
    meaning = _QUALIFIERS.get(q.qualifier.lower(), "")
    slack = q.rounding * q.factor
    if meaning.startswith("~"):
        slack = max(slack, ROUNDING_SHARE * high)
    low, high = low - slack, high + slack
    if meaning in (">", ">="):
        high = max(high, q.base[1] * (1 + _BOUND_MARGIN))
    elif meaning in ("<", "<="):
        low = min(low, q.base[0] * (1 - _BOUND_MARGIN))
    return low, high


def _within_bound(bound: Quantity, value: Quantity) -> bool:
    """``value`` (no qualifier) lies inside the open side of ``bound``'s "more than" / "at least" (or
    "fewer than" / "up to"), and close to it: "more than 2,900" agrees with 2,930, not with 29,000."""
    meaning = _QUALIFIERS.get(bound.qualifier.lower(), "")
    if value.qualifier or value.low != value.high or bound.low != bound.high or bound.dimension == "date":
        return False
    (b, _), (v, _) = bound.base, value.base
    if meaning in (">", ">="):
        return (v > b or (meaning == ">=" and v == b)) and v <= b * (1 + _BOUND_MARGIN)
    if meaning in ("<", "<="):
        return (v < b or (meaning == "<=" and v == b)) and v >= b * (1 - _BOUND_MARGIN)
    return False


def _dates_agree(x: int, y: int) -> bool:
    """The same day, month or year: "Sept. 25" agrees with "September 25, 2025" (a missing year
    is not a conflict), but "Sept. 18" never agrees with "September 2022"."""
    (year_x, month_x, day_x) = (x // 10000, (x // 100) % 100, x % 100)
    (year_y, month_y, day_y) = (y // 10000, (y // 100) % 100, y % 100)
    years_ok = year_x == year_y or not (year_x and year_y)
    return month_x == month_y and day_x == day_y and years_ok and bool(year_x or month_x)


def _comparable(a: Quantity, b: Quantity) -> bool:
    """Two values that state the same kind of thing, so a mismatch is a real difference: counts of
    the same noun, dates of the same precision (a day is not "different" from a month), periods in any
    unit ("2 years" and "18 months" of service; an age is a dimension of its own, ``AGE``; far apart in two
    claims, two facts: ``_two_periods``)."""
    if a.dimension != b.dimension:
        return False
    if a.dimension == "count":
        return a.counted == b.counted
    if a.dimension == TIME_AGO:
        # "3 months ago" is counted from each report's day, and re-reports come days or weeks apart:
        # only two times back placed in days (both reports dated) can disagree
        return bool(a.when and b.when)
    if a.dimension == "date":
        x, y = int(a.low), int(b.low)
        return bool((x // 100) % 100) == bool((y // 100) % 100) and bool(x % 100) == bool(y % 100)
    return True


def _two_periods(a: Quantity, b: Quantity, claim_a: frozenset[str], claim_b: frozenset[str]) -> bool:
    """Two periods further apart than ``compare.period_ratio`` in sentences making different claims
    (``claim_overlap`` below ``CLAIM_OVERLAP``): two facts of aligned passages ("a nine-year sentence", "nach drei
    Monaten im Krieg"), not one figure the reports disagree on. In one claim they are one ("jailed for 5 years" /
    "jailed for 11 years")."""
    if a.dimension != "duration":
        return False
    x, y = sorted((a.base[1], b.base[1]))
    return y > _PERIOD_RATIO * x and claim_overlap(claim_a, claim_b) < CLAIM_OVERLAP


_PERIOD_RATIO = threshold("compare", "period_ratio", low=1.0)
_AGO_ROUNDING = threshold("compare", "ago_rounding", high=1.0)


def _counted_back(quantities: Sequence[Quantity], published: tuple[int, int] | None) -> list[Quantity]:
    """Each time back placed in days (``when``): its report's publication days (first, last as ordinals)
    less the figure (``figure_range``) and ``compare.ago_rounding`` of its unit either side; as it is when
    the report is undated (or dated only on or after a day)."""
    if published is None:
        return list(quantities)
    first, last = published
    out = []
    for q in quantities:
        if q.dimension == TIME_AGO:
            low, high = figure_range(q)
            slack = _AGO_ROUNDING * q.factor
            q = replace(q, when=(first - high - slack, last - low + slack))
        out.append(q)
    return out


def _days_back(q: Quantity) -> str:
    """The days a placed time back may point to, as a note says them: "17 Sep 2025-2 Nov 2025"."""
    days = [date.fromordinal(int(x)) for x in q.when]
    return "-".join(_date_label(d.year * 10000 + d.month * 100 + d.day) for d in days)


def _counted_note(qa: Quantity, qb: Quantity) -> str:
    return f"counted back from each report's date: {_days_back(qa)} and {_days_back(qb)}" if qa.when and qb.when else ""


def _said(qualifier: str) -> str:
    """A qualifier as a note quotes it, with its meaning when it is not English ("'여' (>)": more than)."""
    if not qualifier:
        return "'no qualifier'"
    meaning = _QUALIFIERS.get(qualifier.lower(), "")
    return f"{qualifier!r} ({meaning})" if meaning and not qualifier.isascii() else repr(qualifier)


def _pairing_rank(qa: Quantity, qb: Quantity, aligned: set[tuple[str, str]]) -> tuple[bool, bool, bool]:
    """Why one of two equal figures is the other's counterpart, most telling first: they count one noun
    ("27 soldiers" is not "27 dead"; two languages' nouns read alike only where their stems do), they
    say the same qualifier, they stand in aligned passages."""
    return (bool(qa.counted) and qa.counted == qb.counted, same_qualifier(qa.qualifier, qb.qualifier),
            (qa.paragraph_id, qb.paragraph_id) in aligned)


def _pair_equal_values(quantities_a: Sequence[Quantity], quantities_b: Sequence[Quantity],
                       aligned: set[tuple[str, str]]) -> dict[int, int]:
    """A's index -> B's for equal figures: as many pairs as can be made, and among those the most that
    share the first rank of ``_pairing_rank``, then the second, the third, then the pairs that keep both
    articles' order. Chosen over all pairs at once: pairing each of A's figures in turn with its best B
    crossed a translation's "at least 27 soldiers" and "27 dead" after the summary line's bare 27 took
    "cel puțin 27" (two false "qualifier differs", review 30a)."""
    base = min(len(quantities_a), len(quantities_b)) + 1
    weights = np.zeros((len(quantities_a), len(quantities_b)))
    for i, qa in enumerate(quantities_a):
        for j, qb in enumerate(quantities_b):
            if _same_value(qa, qb):
                # a pair outweighs any number of better ranked ones, each rank all the ranks after it, and
                # all of them how far apart the two stand in their articles (squared: crossing costs more)
                rank = _pairing_rank(qa, qb, aligned)
                weights[i, j] = (base ** len(rank) + sum(base ** (len(rank) - 1 - k) for k, hit in enumerate(rank) if hit)
                                 - (i / len(quantities_a) - j / len(quantities_b)) ** 2 / base)
    if not weights.any():
        return {}
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return {int(i): int(j) for i, j in zip(rows, cols) if weights[i, j] > 0}


def _claims_of(quantities: Sequence[Quantity], texts: Mapping[str, str]) -> list[frozenset[str]]:
    """The claim words of the sentence each figure stands in (none when its paragraph is not given),
    each paragraph split once: split per pair, 96 figures an article took 26 s (a review's probe)."""
    sentences: dict[str, list] = {}
    out = []
    for q in quantities:
        text = texts.get(q.paragraph_id)
        if text is None:
            out.append(frozenset())
            continue
        if q.paragraph_id not in sentences:
            sentences[q.paragraph_id] = split_claims(text, q.paragraph_id)
        out.append(next((s.words for s in sentences[q.paragraph_id] if s.start <= q.start < s.end), frozenset()))
    return out


def _may_clash(qa: Quantity, qb: Quantity) -> bool:
    """Whether two leftover figures in unaligned paragraphs could be one claim's: they count the same
    noun (a count) or share the unit, are no dates (a day is no claim of its own), and neither is
    inside the other's bound (that agrees)."""
    return _comparable(qa, qb) and qa.dimension != "date" and qa.unit == qb.unit \
        and not (qa.dimension == "count" and not qa.counted) and not _within_bound(qa, qb) and not _within_bound(qb, qa)


def _possible_clashes(left_a: list[Quantity], left_b: list[Quantity],
                      texts: Mapping[str, str]) -> list[tuple[Quantity, Quantity]]:
    """One-to-one pairs of figures that may clash (``_may_clash``) in sentences making one claim
    (``claim_overlap`` at least ``CLAIM_OVERLAP``), closest claims first."""
    claims_a, claims_b = _claims_of(left_a, texts), _claims_of(left_b, texts)
    scored = sorted(((v, i, j) for i, qa in enumerate(left_a) for j, qb in enumerate(left_b)
                     if _may_clash(qa, qb) and (v := claim_overlap(claims_a[i], claims_b[j])) >= CLAIM_OVERLAP and v > 0),
                    key=lambda x: -x[0])
    used_a, used_b, out = set(), set(), []
    for _, i, j in scored:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((left_a[i], left_b[j]))
    return out


def _repeated(q: Quantity, listed: Sequence[Quantity], other: Sequence[Quantity]) -> bool:
    """An article's figure stated again ("18 tot 27 jaar", later "18 tot 27-jarigen"): the same value of the
    same kind as one of its figures already left over, or as a figure the other article states (then paired
    with its first mention). Listed once: a repeat is no second figure "only in A", nor a difference. Equal
    values of one kind (``_same_value``; counts of one noun), whether or not they could disagree ("aged 18 to 27
    years", later "18 to 27 years"; an undated "3 months ago" said twice)."""
    return any(_same_value(q, r) and q.counted == r.counted for r in (*listed, *other))


def compare_quantities(quantities_a: Sequence[Quantity], quantities_b: Sequence[Quantity],
                       aligned: Iterable[tuple[str, str]] = (),
                       texts: Mapping[str, str] | None = None,
                       published: tuple[tuple[int, int] | None, tuple[int, int] | None] = (None, None)) -> list[QuantityMatch]:
    """Match quantities by normalised value; leftovers of one dimension in aligned paragraphs
    are real differences, the rest are carried by one article only. ``texts`` (paragraph id ->
    text): two leftovers in paragraphs not aligned are a possible disagreement when they count the
    same thing in sentences making the same claim (``_possible_clashes``). ``published``: each
    article's publication days (first, last as ordinals; None when not known), from which a time back
    ("3 months ago") is counted (``_counted_back``)."""
    aligned = set(aligned)
    quantities_a, quantities_b = (_counted_back(q, p) for q, p in zip((quantities_a, quantities_b), published))
    partners = _pair_equal_values(quantities_a, quantities_b, aligned)
    used_b = set(partners.values())
    results: list[QuantityMatch] = []
    leftovers_a: list[Quantity] = []
    for i, qa in enumerate(quantities_a):
        if i not in partners:
            if not _repeated(qa, leftovers_a, quantities_b):
                leftovers_a.append(qa)
            continue
        qb = quantities_b[partners[i]]
        rounds = (f"{'A' if qa.rounding >= qb.rounding else 'B'} rounds it"
                  if qa.base != qb.base and max(qa.rounding, qb.rounding) > 0 else
                  _counted_note(qa, qb) if qa.base != qb.base else "")
        if not same_qualifier(qa.qualifier, qb.qualifier):
            note = f"A says {_said(qa.qualifier)}, B says {_said(qb.qualifier)}"
            results.append(QuantityMatch(QUALIFIER_DIFFERS, qa, qb, f"{note}; {rounds}" if rounds else note))
        elif rounds:
            results.append(QuantityMatch(SAME, qa, qb, rounds))
        else:
            results.append(QuantityMatch(SAME, qa, qb))
    leftovers_b: list[Quantity] = []
    for j, qb in enumerate(quantities_b):
        if j not in used_b and not _repeated(qb, leftovers_b, quantities_a):
            leftovers_b.append(qb)
    only_a: list[Quantity] = []
    claim_of = dict(zip(map(id, leftovers_a + leftovers_b), _claims_of(leftovers_a + leftovers_b, texts or {})))
    for qa in leftovers_a:
        partner = next((qb for qb in leftovers_b if (qa.paragraph_id, qb.paragraph_id) in aligned
                        and _comparable(qa, qb) and not _two_periods(qa, qb, claim_of[id(qa)], claim_of[id(qb)])), None)
        if partner is not None:
            leftovers_b.remove(partner)
            if _within_bound(qa, partner) or _within_bound(partner, qa):
                # "more than 2,900" and "2,930" do not contradict each other: a qualifier's difference
                results.append(QuantityMatch(CONSISTENT, qa, partner, f"{qa.label} and {partner.label} agree"))
            else:
                counted = _counted_note(qa, partner)
                results.append(QuantityMatch(DIFFERENT, qa, partner, f"{qa.label} vs {partner.label}"
                                             + (f"; {counted}" if counted else "")))
        else:
            only_a.append(qa)
    clashes = _possible_clashes(only_a, leftovers_b, texts or {})
    clashing = {id(q) for pair in clashes for q in pair}
    results.extend(QuantityMatch(POSSIBLE, qa, qb, f"{qa.label} vs {qb.label}, in passages the alignment did not pair")
                   for qa, qb in clashes)
    results.extend(QuantityMatch(ONLY_A, qa, None) for qa in only_a if id(qa) not in clashing)
    results.extend(QuantityMatch(ONLY_B, None, qb) for qb in leftovers_b if id(qb) not in clashing)
    return results


# --- hedges and attribution ----------------------------------------------------------------

# Hedge families, the strong ones (dropping those changes what the reader is told about
# certainty; "according to" is attribution) and the whole-report disclaimers: config/hedges.yaml.
_HEDGE_RE = hedge_patterns()
STRONG_HEDGES = strong_hedges()
ARTICLE_LEVEL_HEDGES = article_level_hedges()
ARTICLE_LEVEL_CLAUSE = article_level_clause()      # a disclaimer clause on its sentence's own claim...
ARTICLE_LEVEL_CLAUSE_WORDS = threshold("compare", "article_level_clause_words", int, low=1)   # ...this far in
# What attributes a claim to a source (config/hedges.yaml ``attribution``): a restatement that
# attributes it ("..., Gulagu.net said") does not drop the other report's hedge.
ATTRIBUTION_FAMILIES, ATTRIBUTION_VERBS, ATTRIBUTION_COVERS = attribution_rules()
# A claim verb attributes the sentences after it too ("the SBU made a similar allegation, claiming ...").
ONWARD_FAMILIES = onward_attribution_families()


@dataclass(frozen=True)
class Hedge:
    family: str
    text: str
    paragraph_id: str
    start: int
    end: int


def extract_hedges(text: str, paragraph_id: str = "") -> list[Hedge]:
    # read in the folded letters ("acuzaţi de" is "acuzați de"), shown as the text writes them
    folded = fold_letters(text)
    found = [Hedge(family, text[m.start():m.end()], paragraph_id, m.start(), m.end())
             for family, rx in _HEDGE_RE.items() for m in rx.finditer(folded)]
    return sorted(found, key=lambda h: h.start)


# --- the same claim, sentence by sentence -----------------------------------------------------

# Two sentences make the same claim when this share of their content words is shared (Dice, see
# claim_overlap). Written pairs of one claim reworded ("are shooting deserters" / "may be ready to
# shoot deserters") share 0.3-0.6; sentences of one story making different claims 0.0-0.2.
CLAIM_OVERLAP = threshold("compare", "hedge_claim_overlap", high=1.0)
_CLAIM_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_STEM = 5          # "shoot"/"shooting", "deserters"/"deserting", "Russia"/"Russian" share a stem


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paragraph: its text, its content-word stems and its strong hedges."""

    text: str
    paragraph_id: str
    start: int
    end: int
    words: frozenset[str]
    hedges: tuple[Hedge, ...]
    # the sentence before it in its paragraph, or the paragraph's first, attributes ("По версии Шойгу, потери
    # составили около 100 тыс. Из них погибли 61 207"): it goes on with that source's account
    after_attribution: bool = False

    @property
    def hedged(self) -> bool:
        return any(h.family in STRONG_HEDGES for h in self.hedges)

    def keeps(self, family: str) -> bool:
        """Whether this sentence keeps a hedge of ``family`` on its claim: any strong hedge, or, for a
        hedge on the source ("claims", "reportedly": ``ATTRIBUTION_COVERS``), an attribution, its own or the
        one of the sentence it goes on from."""
        return self.hedged or (family in ATTRIBUTION_COVERS and (self.after_attribution or attributes(self.text, self.hedges)))


def attributes(text: str, hedges: Sequence[Hedge]) -> bool:
    """Whether ``text`` (with its ``hedges``) attributes what it says to a source ("according to",
    a reporting verb): config/hedges.yaml ``attribution``."""
    return any(h.family in ATTRIBUTION_FAMILIES for h in hedges) or \
        bool(ATTRIBUTION_VERBS and ATTRIBUTION_VERBS.search(text))


def claim_words(text: str) -> frozenset[str]:
    """The stems of a sentence's content words, hedge wordings left out (they are not the claim)."""
    for h in sorted(extract_hedges(text), key=lambda h: -h.start):
        text = text[:h.start] + " " + text[h.end:]
    return frozenset(fold_letters(w.casefold())[:_STEM] for w in _CLAIM_WORD.findall(text)
                     if w.casefold() not in ENGLISH_STOP_WORDS)


def claim_names(text: str) -> frozenset[str]:
    """The claim words (stems, as ``claim_words``) a sentence writes only capitalised, past its opening
    word: its names ("Vuhledar"), which say where or who, not what happened."""
    upper: set[str] = set()
    lower: set[str] = set()
    for m in _CLAIM_WORD.finditer(text):
        stem = fold_letters(m.group().casefold())[:_STEM]
        if not m.group()[0].isupper():
            lower.add(stem)
        elif any(c.isalnum() for c in text[:m.start()]):
            upper.add(stem)
    return frozenset(upper - lower)


def claim_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice overlap of two sentences' claim words (0: nothing shared, 1: the same words)."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _attributes_onward(sentence: Sentence) -> bool:
    """Whether what follows ``sentence`` in its paragraph goes on with a source's account: it attributes
    or makes a claim someone's (``attribution.onward`` in config/hedges.yaml)."""
    return attributes(sentence.text, sentence.hedges) or any(h.family in ONWARD_FAMILIES for h in sentence.hedges)


def split_claims(text: str, paragraph_id: str = "") -> list[Sentence]:
    """A paragraph's sentences with their claim words and hedges (hedge offsets within the paragraph).
    A sentence after one that attributes goes on with its source's account; after a paragraph's first
    that does, every sentence of the paragraph does (a paragraph opened by "In late March, the SBU made
    a similar allegation, claiming ..." tells the SBU's account to its end)."""
    hedges = extract_hedges(text, paragraph_id)
    out: list[Sentence] = []
    opened = False
    for a, b in sentence_spans(text):
        after = bool(out) and (opened or _attributes_onward(out[-1]))
        out.append(Sentence(text[a:b], paragraph_id, a, b, claim_words(text[a:b]),
                            tuple(h for h in hedges if a <= h.start < b), after))
        opened = opened or (len(out) == 1 and _attributes_onward(out[0]))
    return out


def unhedged_restatements(sentence: Sentence, others: Sequence[Sentence],
                          overlap: float = CLAIM_OVERLAP) -> list[Sentence]:
    """The sentences of ``others`` that make ``sentence``'s claim without any strong hedge."""
    return [o for o in others if not o.hedged and claim_overlap(sentence.words, o.words) >= overlap]


# Canonical source -> (kind, aliases), matched case-sensitively on word boundaries: config/sources.yaml.
KNOWN_SOURCES = known_sources()
_TITLES = "|".join(re.escape(t) for t in sorted(official_titles(), key=len, reverse=True))
_NAME = r"[A-Z][a-z\u00C0-\u024F'\u2019-]+(?:\s[A-Z][a-z\u00C0-\u024F'\u2019-]+){0,2}"
_TITLED_PERSON = re.compile(rf"\b(?P<title>{_TITLES})\s+(?P<name>{_NAME})")
# "министр обороны (России) Сергей Шойгу": a Cyrillic title in any case, then capitalised words, of which
# the last two are the name (a country's name in the genitive may stand between: "России").
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_TITLES_OTHER = "|".join(re.escape(t) for t in sorted(official_titles_other_languages(), key=len, reverse=True))
_CYRILLIC_WORD = r"[А-ЯЁІЇЄҐ][а-яёіїєґ'\u2019]+(?:-[А-ЯЁІЇЄҐ][а-яёіїєґ'\u2019]+)?"      # "Касым-Жомарт"
# up to three words between the title and the name ("губернатор Белгородской области Вячеслав Гладков",
# "Голова Харківської ОВА Олег Синєгубов"), then a first name and a surname: a place's genitive after a
# title ("командующий Северной группой") is no person
_TITLED_PERSON_OTHER = re.compile(rf"(?<!\w)(?P<title>(?i:{_TITLES_OTHER}))(?:\s+\S+?){{0,3}}?\s+"
                                  rf"(?P<name>{_CYRILLIC_WORD}\s{_CYRILLIC_WORD})(?![\w-])")
_ACCORDING = re.compile(r"\baccording to (?:the |a |an )?(?P<name>(?:[A-Z][\w'\u2019-]*\s?)+)")
_INVESTIGATION = re.compile(r"\b(?:investigation|report|analysis) (?:by|from) (?:the )?(?:[a-z]+\s){0,4}"
                            r"(?P<name>(?:[A-Z][\w'\u2019-]*\s?)+)")


@dataclass(frozen=True)
class Citation:
    """A source the article cites: ``source`` is canonical so outlets' spellings compare equal."""

    source: str
    kind: str               # intelligence service, outlet, official, person, ...
    text: str
    paragraph_id: str


# A possessive after a name ("Vladimir Putin's", "the Forces'"): the name is the source, not a second one.
_POSSESSIVE = re.compile(r"['\u2019]s?$")


def _without_possessive(name: str) -> str:
    """``name`` without a final possessive: "Vladimir Putin's" -> "Vladimir Putin"."""
    return _POSSESSIVE.sub("", name)


def _last_two_capitalised(text: str, m: re.Match) -> str:
    """The first name and surname a Cyrillic title names: the last two of the capitalised words its match
    ends on ("министр обороны России Сергей Шойгу": "Сергей Шойгу", not "России Сергей")."""
    words = m.group("name").split()
    following = re.match(rf"\s({_CYRILLIC_WORD})(?![\w-])", text[m.end():])
    return " ".join([words[-1], following.group(1)]) if following else " ".join(words)


def person_key(name: str) -> str:
    """One person however an article names and spells them: the surname's spelling-independent key
    ("President Vladimir Putin's", "Putin", "Путин" -> "putin"; ``spelling.name_key``)."""
    return name_key(_without_possessive(name.split()[-1])) if name.split() else name


# Each alias' pattern, compiled once: the story step reads every paragraph of the corpus (a
# million at scale), and compiling ~60 patterns per paragraph was most of its time.
# Longest alias first: the source a text names at length is the one it cites ("General Staff of the
# Russian Armed Forces" is Russia's, not the "General Staff" of Ukraine's that its first words spell).
# An alias written in lower case ("британская разведка", "britischen Geheimdienst") also opens a sentence.
def _alias_pattern(alias: str) -> re.Pattern[str]:
    first = f"[{alias[0]}{alias[0].upper()}]" if alias[0].islower() else re.escape(alias[0])
    return re.compile(rf"(?<![\w]){first}{re.escape(alias[1:])}(?![\w])")


_ALIAS_PATTERNS = tuple(sorted(((canonical, kind, alias, _alias_pattern(alias))
                                for canonical, (kind, aliases) in KNOWN_SOURCES.items() for alias in aliases),
                               key=lambda entry: -len(entry[2])))


def _known_spans(text: str) -> list[tuple[int, int, str, str]]:
    """Each known source the text names (config/sources.yaml) as (start, end, canonical, kind), in
    the order found: the longest alias first, and no two overlapping."""
    found: list[tuple[int, int, str, str]] = []
    for canonical, kind, alias, pattern in _ALIAS_PATTERNS:
        # a plain substring test first: most aliases are absent
        if alias[1:] in text and (alias in text or alias[0].upper() + alias[1:] in text):
            for m in pattern.finditer(text):
                if not any(m.start() < e and s < m.end() for s, e, _, _ in found):
                    found.append((m.start(), m.end(), canonical, kind))
    return found


def extract_citations(text: str, paragraph_id: str = "") -> list[Citation]:
    """Who the paragraph cites: known agencies and outlets, titled officials, "according to X"."""
    known = _known_spans(text)
    found = [Citation(canonical, kind, text[s:e], paragraph_id) for s, e, canonical, kind in known]
    spans = [(s, e) for s, e, _, _ in known]
    for m in _TITLED_PERSON.finditer(text):
        name = _without_possessive(m.group("name").strip())
        # "General Staff" is a known source, not a General named Staff
        if name.split()[0] in {"The", "A", "In"} or any(m.start() < e and s < m.end() for s, e in spans):
            continue
        found.append(Citation(name, "official", m.group(0), paragraph_id))
    if _TITLES_OTHER and _CYRILLIC.search(text):
        for m in _TITLED_PERSON_OTHER.finditer(text):
            found.append(Citation(_last_two_capitalised(text, m), "official", m.group(0), paragraph_id))
    for rx in (_ACCORDING, _INVESTIGATION):
        for m in rx.finditer(text):
            name = _without_possessive(m.group("name").strip())
            # "an investigation by the independent Russian outlet Important Stories": the known
            # source a few words on is the one cited, not "Russian".
            if any(m.start() <= s < m.end() + 60 for s, e in spans) or any(
                    name in c.text or c.source.endswith(name) for c in found):
                continue
            found.append(Citation(name, "other", m.group(0), paragraph_id))
    return found


# --- the original source: what a report attributes its account to ----------------------------

ORIGIN_RULES = origin_rules()
# "the Russian newspaper", "газета", "Telegram channel": the name after such a word is a source of its kind
_OUTLET_WORDS = tuple((kind, re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(w) for w in sorted(words, key=len, reverse=True))})(?!\w)",
                                        re.IGNORECASE))
                      for kind, words in outlet_words().items())
_QUOTED = {"«": "»", "„": "“”", "“": "”", '"': '"', "‘": "’"}
_WORD_AFTER = re.compile(r"\s+([^\s,;:()\[\]]+)")
# what ends the run of words between an attribution and the source it names: a clause or a sentence
_GAP_BREAK = re.compile(r"[,;]|:\s|[.!?](?:\s|$)")
_GAP_WORD = re.compile(r"\w+")


def _name_after(text: str, at: int) -> tuple[int, int, str] | None:
    """The name written after an outlet word ending at ``at``, past at most two lower-case words of
    four letters or more, the adjectives of languages that write them after the noun ("cotidianul
    economic Kommersant", "quotidiano russo"; not "channel on March 16"): in quotes («Вечерняя
    Казань») or capitalised words."""
    for _ in range(3):
        m = _WORD_AFTER.match(text, at)
        if not m:
            return None
        word, start = m.group(1), m.start(1)
        closing = _QUOTED.get(word[0])
        if closing:
            end = min((i for i in (text.find(c, start + 1) for c in closing) if i > start), default=-1)
            name = text[start + 1:end].strip() if 0 < end - start <= 60 else ""
            return (start, end + 1, name) if name[:1].isupper() or name[:1].isdigit() else None
        if word[:1].isupper():
            end, words = start, []
            while m and m.group(1)[:1].isupper() and len(words) < 4:
                words.append(m.group(1).rstrip(".!?"))
                end = m.start(1) + len(words[-1])
                if m.group(1) != words[-1]:
                    break                           # the sentence ends on the name
                m = _WORD_AFTER.match(text, end)
            return start, end, _without_possessive(" ".join(words))
        if not (word[:1].islower() and len(word) >= 4):
            return None
        at = m.end()
    return None


def _named_sources(text: str) -> list[tuple[int, int, str, str]]:
    """The sources a text names, as (start, end, name, kind): known ones (config/sources.yaml) and
    names an outlet word marks as one ("the newspaper Vedomosti"), in the order they stand."""
    found = _known_spans(text)
    for kind, pattern in _OUTLET_WORDS:
        for m in pattern.finditer(text):
            named = _name_after(text, m.end())
            if not named:
                continue
            known = [n for n, (s, e, _, _) in enumerate(found) if named[0] < e and s < named[1]]
            if not known:
                found.append((m.start(), named[1], named[2], kind))
            elif found[known[0]][0] > m.start():
                # a known source its outlet word introduces ("gazeta "Kommiersant""): named from that word
                found[known[0]] = (m.start(), *found[known[0]][1:])
    return sorted(found)


def _attributions(text: str) -> list[tuple[int, int, bool]]:
    """Where ``text`` attributes what it says (config/hedges.yaml ``attribution``), as (start, end,
    whether it is an "according to" wording rather than a reporting verb)."""
    found = [(h.start, h.end, True) for h in extract_hedges(text) if h.family in ATTRIBUTION_FAMILIES]
    if ATTRIBUTION_VERBS is not None:
        found += [(m.start(), m.end(), False) for m in ATTRIBUTION_VERBS.finditer(text)]
    return found


def _gap_words(gap: str, most: int) -> bool:
    """Whether ``gap`` (between an attribution and a name) is at most ``most`` words of one clause.
    Its words are read up to the one too many: the gap to the nearest cue may be the rest of a page."""
    return next(islice(_GAP_WORD.finditer(gap), most, None), None) is None and not _GAP_BREAK.search(gap)


def _letters(name: str) -> str:
    """A name's letters and digits, case folded: "RBC-Ukraine" and "rbcukraine" are one name."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def _spellings(name: str) -> set[str]:
    """Every way a source is written: its canonical name and its aliases (config/sources.yaml)."""
    known = KNOWN_SOURCES.get(name)
    return {_letters(n) for n in (name, *(known[1] if known else ()))}


class _Cues:
    """A text's attribution cues (``_attributions``), by where they start and end."""

    def __init__(self, text: str):
        self.cues = _attributions(text)
        self.by_start = sorted(range(len(self.cues)), key=lambda i: self.cues[i][0])
        self.by_end = sorted(range(len(self.cues)), key=lambda i: self.cues[i][1])
        self.starts = [self.cues[i][0] for i in self.by_start]
        self.ends = [self.cues[i][1] for i in self.by_end]
        self.longest = max((ce - cs for cs, ce, _ in self.cues), default=0)

    def near(self, text: str, s: int, e: int) -> tuple[int, int, bool] | None:
        """The cue the name at ``s:e`` is read with: of the cues on it or close enough before or
        after it, the first in ``_attributions``' order. Only the cues next to the name are tried,
        outwards while they are close enough (a cue farther away has a longer gap): trying every cue
        for every name was cubic on a long unpunctuated page (15k characters: 131 s, review s32)."""
        starts, ends = self.starts, self.ends
        near = {i for i in self.by_start[bisect_left(starts, s - self.longest):bisect_left(starts, e)]
                if self.cues[i][1] > s}
        for k in range(bisect_right(ends, s) - 1, -1, -1):          # before the name, nearest first
            if not _gap_words(text[ends[k]:s], ORIGIN_RULES.words_before):
                break
            near.add(self.by_end[k])
        for k in range(bisect_left(starts, e), len(starts)):          # after it, nearest first
            if not _gap_words(text[e:starts[k]], ORIGIN_RULES.words_after):
                break
            near.add(self.by_start[k])
        return self.cues[min(near)] if near else None


def attributed_sources(text: str, own: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """The source each sentence of ``text`` attributes its account to, as (name, kind): a named source
    with an attribution at most ``words_before`` words before it or ``words_after`` after it. Of two
    in one sentence, the one cited "according to" the last ("reports RBC-Ukraine, citing Yonhap":
    Yonhap), else the first named ("HUR said that the SBU..."): config/sources.yaml ``attribution``.
    The report's own outlet (``own``, as ``_letters`` spells it) and the kinds never an origin are left out."""
    named = [n for n in _named_sources(text) if n[3] not in ORIGIN_RULES.not_origins and not own & _spellings(n[2])]
    if not named:
        return []                          # the attribution wordings are read only where a source is named
    cues = _Cues(text)
    out = []
    for a, b in sentence_spans(text) or [(0, len(text))]:
        according, said = [], []
        for s, e, name, kind in named:
            if not (a <= s < b):
                continue
            cue = cues.near(text, s, e)
            if cue is not None:
                (according if cue[2] and cue[1] <= s else said).append((name, kind))
        if according or said:
            out.append(according[-1] if according else said[0])
    return out


def cited_origin(texts: Iterable[str], own: Iterable[str | None] = ()) -> tuple[str, str] | None:
    """A report's original source, as (name, kind): the source its sentences attribute their account
    to most often (the first named of equals), never the report's own outlet, by any of the ``own``
    names (its outlet's name, its site's: "Wie Ukrinform berichtet" on ukrinform.de), nor a kind
    config/sources.yaml ``attribution.not_origins`` lists (Telegram)."""
    own_names = frozenset(_letters(n) for n in own if isinstance(n, str) and _letters(n))
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, tuple[str, str]]] = {}
    for text in texts:
        for name, kind in attributed_sources(text, own_names):
            key = name.casefold()
            counts[key] = counts.get(key, 0) + 1
            first.setdefault(key, (len(first), (name, kind)))
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k][0]))
    return first[best][1]


def canonical_people(citations: Iterable[Citation]) -> list[Citation]:
    """Merge "President Volodymyr Zelensky" and "Zelensky" under the longest spelling."""
    citations = list(citations)
    longest: dict[str, str] = {}
    for c in citations:
        if c.kind == "official":
            key = person_key(c.source)
            if len(c.source) > len(longest.get(key, "")):
                longest[key] = c.source
    return [Citation(longest[person_key(c.source)], c.kind, c.text, c.paragraph_id) if c.kind == "official"
            else c for c in citations]


@dataclass
class ClaimSet:
    """Everything extracted from one article's content paragraphs."""

    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    hedges: list[Hedge] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


# Quote marks that open and close differently, so a quote left open at a paragraph's end is seen:
# a long quote the pipeline split into two paragraphs (a 900-character «...» of set 26) lost both halves.
_ALL_QUOTE_MARKS = "".join(opening + closing for opening, closing in QUOTE_PAIRS)


def _open_mark(text: str) -> tuple[int, str] | None:
    """Where ``text`` opens a quote it does not close (more opening marks than closing ones: Danish
    and German print guillemets the other way round, »...«, and close as often as they open), and the
    closing marks it waits for."""
    for opening, closing in (*QUOTE_PAIRS, ('"', '"')):
        if opening == "\u201c" and "\u201e" in text:
            continue        # German: “ closes a „ quote, it opens none
        read = _nested_reading(text, opening, closing)
        if read is not None:
            if read[1] >= 0:
                return read[1], closing     # the one quote left open, past any nested in it
            continue
        # marks that do not nest cleanly, read as counts
        if opening == '"':
            # straight double quotes, which open and close alike: an odd count leaves the last one open
            if text.count('"') % 2 and len(_WORD.findall(text[text.rfind('"'):])) > 1:
                return text.rfind('"'), '"'
            continue
        at = text.rfind(opening)
        if at >= 0 and text.count(opening) > sum(map(text.count, closing)) and _find_any(text, closing, at + 1) < 0:
            return at, closing
    return None


def _closing_at(text: str, opening: str, closing: str) -> int:
    """Where ``text`` closes a quote opened before it, any quote nested in it read past (-1: never)."""
    if not (opening == "\u201c" and "\u201e" in text):
        read = _nested_reading(text, opening, closing, depth=1)
        if read is not None:
            return read[2]
    end = _find_any(text, closing)
    return end if end >= 0 and (opening not in text[:end] or opening == closing) else -1


def _find_any(text: str, marks: str, start: int = 0) -> int:
    """Where the first of ``marks`` stands in ``text`` from ``start``, or -1."""
    found = [at for at in (text.find(mark, start) for mark in marks) if at >= 0]
    return min(found, default=-1)


def spanning_quotes(paragraphs: Sequence[tuple[str, str]]) -> dict[str, list[Quote]]:
    """Quotes opened in one paragraph and closed in a later one, by paragraph id, one part per
    paragraph (so each part is marked where it stands): the opening paragraph's tail, any paragraphs
    in between whole, the closing paragraph's head. A quote never closed is no quote."""
    found: dict[str, list[Quote]] = {}
    closed_at: dict[int, int] = {}      # paragraph -> where a quote from an earlier one closes in it
    for n, (pid, text) in enumerate(paragraphs):
        # (the mark closing an earlier paragraph's quote opens none: read what follows it)
        skip = closed_at.get(n, -1) + 1
        opened = _open_mark(without_links(text)[skip:])
        if opened is None:
            continue
        at, closing = opened[0] + skip, opened[1]
        parts = [(pid, text, at + 1, len(text))]
        opening = text[at]
        for step, (next_pid, next_text) in enumerate(paragraphs[n + 1:n + 3], start=n + 1):
            end = _closing_at(next_text, opening, closing)
            # the closing mark ends the quote left open only with no opening mark before it: English
            # reopens a quote at each paragraph it runs on to ("“A ... / “B ...”"), read as before
            # (straight quotes: the closing paragraph holds an odd number and does not open with one,
            # as a quote reopened on its next paragraph does); a quote nested in it is read past
            closes = end >= 0 and not next_text.lstrip().startswith(opening)
            if closing == '"' and not _nested_reading(next_text, '"', '"', depth=1):
                closes = closes and next_text.count('"') % 2 == 1
            if end >= 0 and closes:
                parts.append((next_pid, next_text, 0, end))
                closed_at[step] = end
                whole = " ".join(part_text[a:b].strip() for _, part_text, a, b in parts)
                for part_pid, part_text, a, b in parts:
                    if quote_word_count(part_text[a:b]) >= MIN_QUOTE_WORDS:
                        found.setdefault(part_pid, []).append(Quote(part_text[a:b].strip(), part_pid, a, b,
                                                                    whole=whole))
                break
            if any(mark in next_text for mark in _ALL_QUOTE_MARKS) or (closing == '"' and '"' in next_text):
                break
            parts.append((next_pid, next_text, 0, len(next_text)))
    return found


def paragraph_quotes(paragraphs: Sequence[tuple[str, str]]) -> dict[str, list[Quote]]:
    """Each paragraph's quotes, by paragraph id, in reading order: its own and its part of a quote
    spanning paragraphs (``spanning_quotes``). The one reading of an article's quotes, for comparison
    and grouping alike: a long paragraph is stored in parts, and a quote cut at a part's end was read
    by neither part (grouping missed a soldier's quote two Russian reports share, set 41)."""
    spanning = spanning_quotes(paragraphs)
    out: dict[str, list[Quote]] = {}
    for pid, text in paragraphs:
        parts = spanning.get(pid, [])
        # a quote the patterns read inside a spanning quote's part is a piece of it ("...в проект "X"...")
        own = [q for q in extract_quotes(text, pid) if not any(q.start < p.end and p.start < q.end for p in parts)]
        out.setdefault(pid, []).extend(sorted(parts + own, key=lambda q: q.start))
    return out


# A dash between spaces inside dash speech: the attribution starts there (", — рассказал он"), and
# the speech goes on after the next one ("— ...").
_SPEECH_BREAK = re.compile(r"\s[\u2013\u2014\u2015]\s")


def dash_speech(text: str, paragraph_id: str = "") -> list[Quote]:
    """The direct speech of a paragraph opening with a dash (``opens_speech``: "– Istuimme ... päivää,
    hän kertoi."), as quotes: every other stretch between dashes, the first from after the opening dash;
    where the speech runs to the end, a last clause after a comma with a reporting verb is left out."""
    if not opens_speech(text):
        return []
    cuts = [1, *(x for m in _SPEECH_BREAK.finditer(text) for x in m.span()), len(text)]
    found = []
    for start, end in zip(cuts[::4], cuts[1::4]):
        said = text[start:end]
        comma = said.rfind(", ")
        if end == len(text) and comma > 0 and ATTRIBUTION_VERBS is not None and ATTRIBUTION_VERBS.search(said[comma:]):
            end = start + comma
        inner = text[start:end].strip(" ,")
        if quote_word_count(inner) >= MIN_QUOTE_WORDS:
            start += len(text[start:end]) - len(text[start:end].lstrip(" ,"))
            found.append(Quote(inner, paragraph_id, start, start + len(inner)))
    return found


def extract_claims(paragraphs: Iterable[tuple[str, str]], language: str | None = None) -> ClaimSet:
    """Claims of an article given as (paragraph id, text) pairs in reading order, in ``language``."""
    claims = ClaimSet()
    paragraphs = list(paragraphs)
    quotes = paragraph_quotes(paragraphs)
    for pid, text in paragraphs:
        claims.quotes.extend(quotes[pid])
        claims.quantities.extend(extract_quantities(text, pid, language))
        claims.hedges.extend(extract_hedges(text, pid))
        claims.citations.extend(extract_citations(text, pid))
    claims.citations = canonical_people(claims.citations)
    # direct speech after a dash (Finnish, Russian...: ``speech_dash_languages``), where no quote mark
    # already marks it
    order = {pid: n for n, (pid, _) in enumerate(paragraphs)}
    speech = base_language(language) in _SPEECH_DASH_LANGUAGES
    claims.quotes = sorted(claims.quotes + [s for pid, text in paragraphs if speech for s in dash_speech(text, pid)
                                            if not any(q.paragraph_id == pid and q.start < s.end and s.start < q.end
                                                       for q in claims.quotes)],
                           key=lambda q: (order[q.paragraph_id], q.start))
    return claims
