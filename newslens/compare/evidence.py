"""Evidence that two articles report the same event, each kind weighted by how distinctive it is.

Real re-reports of one event share different things: an aggregator copies passages word for word,
a national outlet rewords everything but keeps the unit number and the quote, a foreign outlet
translates it all and keeps only numbers and names. Articles on one *theme* (executions of
deserters, barrier troops) share a lot of loose meaning without reporting one event. So no single
kind of evidence links two articles: meaning, shared wording, shared passages, shared specifics
(rare numbers, names and places in any script, cited origins, links, days mentioned), long shared
quotes and the same cited origin are scored separately and must converge (see
``config/stories.yaml``). Meaning only counts when the snapshot's model covers both articles'
languages; wording only between two articles in one language; the others work across languages,
where specifics of different kinds count as independent evidence.
"""
from __future__ import annotations

import itertools
import math
import re
from collections import ChainMap, Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from newslens import knowledge, languages
from newslens.compare import claims as cl
from newslens.compare import everyday_words
from newslens.compare.components import component_of
from newslens.compare.weekdays import NAME_WORD, WeekdayNames, weekday_table
from newslens.sentences import apostrophes
from newslens.embedder import HASHING_PREFIX, normalise_rows
from newslens.languages import base_language, cross_language_shift, pair_shift, same_language as one_language
from newslens.links import URL
from newslens.schema import TitleSource
from newslens.sentences import sentences
from newslens.spelling import latin, name_key


_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r"[\w][\w-]*", re.UNICODE)
# A number, with thousands written "40,318", "40.318", "40 318" (thin, no-break or, in groups of exactly
# three digits, plain space: the comparison's rule, claims.SPACE_GROUPED) or "40'318", or an English
# ordinal ("the 1427th regiment": unit numbers are written so; "1427-й", "1427." match as they are).
_END = r"(?=(?:st|nd|rd|th)?(?!\w))"
_PLAIN_NUMBER = rf"(?<![\w.,])\d[\d.,'\u00a0\u202f\u2009]*\d{_END}|(?<![\w.,])\d{{2,}}{_END}"
# English groups thousands with commas: "June 12 400 people" is two numbers ("2 000" is one: cl.ZERO_GROUPED).
_NUMBER_EN = re.compile(rf"(?<![\w.,]){cl.ZERO_GROUPED}{_END}|{_PLAIN_NUMBER}")
_NUMBER = re.compile(rf"(?<![\w.,])(?:{cl.ZERO_GROUPED}{_END}|{cl.SPACE_GROUPED})|{_PLAIN_NUMBER}")
_SEPARATORS = re.compile(r"[ .,'\u00a0\u202f\u2009]")
_DECIMAL_PART = re.compile(r"[.,]\d{1,2}$")   # thousands groups have three digits
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\n+")
_OPENERS = "\"'\u201c\u201e\u00ab\u2018([-\u2013\u2014 "


# The rules live in config/stories.yaml, read and validated once by the project's one config
# loader (newslens.knowledge), like every other config file.
StoryRules = knowledge.StoryRules
load_story_rules = knowledge.story_rules


# --- languages the model compares by meaning: one rule, in newslens.languages ------------------

model_languages = languages.model_languages
covered = languages.covered


# --- per-article facts -------------------------------------------------------------------------

class Figure(NamedTuple):
    """A figure a text states: the values it allows, ``low``-``high`` in its dimension's base unit
    (``claims.figure_range``)."""

    low: float
    high: float
    text: str


@dataclass
class ArticleFacts:
    """What one article offers as evidence, extracted once."""

    id: str
    rows: np.ndarray
    start: pd.Timestamp
    end: pd.Timestamp
    precise: bool
    source: str | None
    title: str
    language: str | None
    title_source: str = TitleSource.HEADLINE   # a printed headline or not (``schema.title_source``)
    centroid: np.ndarray | None = None
    numbers: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    # its word runs (``passages.shingle_words`` words), as sorted distinct 64-bit hashes
    # (``shingle_hashes``): a set of word tuples took 40 KB an article, 1.6 GB at 40k articles.
    shingles: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    quotes: list[cl.Quote] = field(default_factory=list)
    specifics: set[str] = field(default_factory=set)
    paragraph_rows: dict[str, int] = field(default_factory=dict)
    outlet: str | None = None
    url: str | None = None
    at: object = None                        # exact publication time (ArticleCol.PUBLISHED_AT), when known
    channel_names: set[str] = field(default_factory=set)   # names this article is an origin post under
    lone_links: set[str] = field(default_factory=set)      # links printed alone on a line (furniture): specifics too
    cited: set[str] = field(default_factory=set)           # sources its text cites (canonical, lower-cased)
    text_lower: str = ""
    origin_weights: dict[str, float] = field(default_factory=dict)  # a post's specifics, rare outside its re-reports
    name_forms: dict[str, str] = field(default_factory=dict)   # name key -> a spelling on the page
    name_partners: dict[str, set[str]] = field(default_factory=dict)   # name key -> names written next to it (names_in)
    words: WordRow | None = None             # its wording: unit-length TF-IDF of character n-grams
    reported: pd.Timestamp | None = None     # the day of a wire dateline it reprints, when before its own date
    thin: bool = False                       # in a language the corpus holds few articles of (thin_languages)
    latest_day: int | None = None            # the latest day of the year its text mentions (mentions_later)
    # the figures (``Figure``) its headline and lead state, and those with every number of its text (figures_apart)
    lead_figures: tuple[Figure, ...] = ()
    figures: tuple[Figure, ...] = ()
    lead_weekdays: frozenset[int] = frozenset()   # the weekdays its first sentence names, 0 = Monday (weekdays_apart)
    lead_steps: frozenset[str] = frozenset()      # the steps of a case its first sentence names (steps_apart)

    @property
    def dated(self) -> bool:
        return not pd.isna(self.start)


# Numbers written in English words ("fifteen", "two hundred"), read by the comparison's own parser.
_WORD_NUMBER = re.compile(rf"(?<![\w-]){cl.WORD_NUMBER_PATTERN}(?![\w-])", re.IGNORECASE)


def law_article_pattern(words: list[str]) -> re.Pattern[str]:
    """What stands right before a law's article number ("article 337", "ст. 337", "статьи 337",
    "§ 211"): such a number names the law every report of its kind cites, not the event. Compiled
    once per word list (hedge checks read it for every sentence they compare)."""
    return _law_article_pattern(tuple(str(w) for w in words if w))


@lru_cache(maxsize=8)
def _law_article_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    marker = rf"(?<!\w)(?:{'|'.join(map(re.escape, words))})\.?|§{{1,2}}" if words else "§{1,2}"
    return re.compile(rf"(?:{marker})\s*(?:№\s*|no\.\s*)?$", re.IGNORECASE)


# Articles listed together are neighbours in their code (337, 338, 339; 407 and 408): a number this
# far from the last article after a list's joining word is a count, not the next article.
_LAW_LIST_SPAN = 50
# What joins the numbers of a list of articles ("статьям 337 и 338", "Articles 337, 338 and 339").
_LIST_JOIN = re.compile(r"\s*(?:,|;|и|і|та|або|или|and|or|und|oder|i|lub|e|y|o|et|ou|și|sau)?\s*", re.IGNORECASE)


def numbers_in(text: str, language: str | None = None, law_article: re.Pattern[str] | None = None) -> set[str]:
    """Numbers of two or more digits as "#digits" tokens, however their thousands are written; in
    English also written in words ("fifteen" is "#15"), so a report writing the word and a
    translation printing the digits share it. ``law_article``: what marks a law's article number
    (left out)."""
    out = set()
    law_end, law_number = -1, 0    # where the last law-article number ended (a list may go on from it), its value
    english = base_language(language or "en") == "en"
    for match in (_NUMBER_EN if english else _NUMBER).finditer(text):
        digits = _SEPARATORS.sub("", match.group(0))      # read once: the law-list test and the token
        value = int(digits) if law_article is not None else 0
        if law_article is not None and (
                law_article.search(text, max(0, match.start() - 24), match.start())
                # a list goes on in neighbouring articles of the code ("статьям 337 и 338", "articles
                # 98 and 101"), not in a count after it ("under article 337 and 42 soldiers fled")
                or (law_end >= 0 and _LIST_JOIN.fullmatch(text, law_end, match.start())
                    and abs(value - law_number) <= _LAW_LIST_SPAN)):
            law_end, law_number = match.end(), value
            continue
        law_end = -1
        if _DECIMAL_PART.search(match.group(0)):
            continue       # "1,8 тыс.", "2.5": a decimal is a rounded figure or a measure, not an identifier
        if len(digits) >= 2:
            out.add("#" + digits)
    if english:
        for match in _WORD_NUMBER.finditer(text):
            value = cl.parse_number(match.group(0))
            if value is not None and value >= 10 and value == int(value):
                out.add(f"#{int(value)}")
    return out


_ADJACENT = re.compile(r"\s{1,2}")   # what stands between two parts of one name (a blanked citation is longer)


def names_in(text: str, min_letters: int = 3, generic: frozenset[str] = frozenset(),
             forms: dict[str, str] | None = None, partners: dict[str, set[str]] | None = None,
             run_words: int = 1) -> set[str]:
    """Capitalised words inside sentences (not the first word): names and places, as ``name_key``s
    (any script). ``forms``, when given, records the spelling first seen for each key (for display);
    ``partners``, the names each is written next to (nothing but spaces between) in runs of 2 to
    ``run_words`` of them: one name's parts, "Maria Andreyeva" (``specifics.full_name_words``)."""
    out = set()
    for sentence in _SENTENCE.split(text):
        sentence = sentence.lstrip(_OPENERS)
        run: list[str] = []
        for before, match in itertools.pairwise(_TOKEN.finditer(sentence)):
            word, key = match.group(0), None
            if word[0].isupper() and sum(c.isalpha() for c in word) >= min_letters \
                    and word.lower() not in generic and latin(word) not in generic:
                key = name_key(word)
            named = key is not None and len(key) >= min_letters
            if not named or (run and not _ADJACENT.fullmatch(sentence[before.end():match.start()])):
                _note_run(run, partners, run_words)
                run = []
            if not named:
                continue
            out.add(key)
            run.append(key)
            if forms is not None:
                forms.setdefault(key, word)
        _note_run(run, partners, run_words)
    return out


def _note_run(run: list[str], partners: dict[str, set[str]] | None, run_words: int) -> None:
    """Record the names of one run of adjacent names as each other's partners; a longer run than
    ``run_words`` is not one name (a place before a person, a heading in title case)."""
    if partners is None or not 2 <= len(run) <= run_words:
        return
    for key in run:
        partners.setdefault(key, set()).update(k for k in run if k != key)


def claim_specifics(text: str, language: str | None, rules: StoryRules, everyday_zipf: float) -> set[str]:
    """What a sentence's claim can be known by in another language: its numbers (not its dates or
    years, nor a law's article) and its names as ``name_key``s (not a cited source's words, nor names
    everyday in their language: at least ``everyday_zipf`` on wordfreq's scale, "Ukraine", "Putin").
    German nouns count as names here: only what the other sentence holds too is counted, and it
    does not capitalise them."""
    unlinked = _without_citations(cl.without_links(text), cl.extract_citations(text))
    law_article = law_article_pattern(rules.get("specifics", "law_article_words"))
    out = {n for n in numbers_in(without_dates(unlinked, language, _date_matches(unlinked, language)), language,
                                 law_article) if not cl.YEAR.fullmatch(n[1:])}   # a year says little of which claim
    forms: dict[str, str] = {}
    generic = frozenset(str(g).lower() for g in rules.get("specifics", "generic"))
    for key in names_in(unlinked, rules.get("specifics", "min_name_letters"), generic, forms):
        common = everyday_words.zipf(forms[key].lower(), language)
        if common is None or common < everyday_zipf:
            out.add(key)
    return out


def claim_specifics_shared(mine: set[str], theirs: set[str], rules: StoryRules) -> int:
    """How many of ``mine`` (``claim_specifics``) ``theirs`` holds: a number as it is, a name also in
    another grammatical case ("Tokmak" / "Токмаком", ``specifics.one_name_letters``)."""
    letters = rules.get("specifics", "one_name_letters")
    return sum(1 for t in mine if t in theirs or (not t.startswith("#") and any(
        not u.startswith("#") and _same_stem(t, u, letters) for u in theirs)))


def links_in(text: str) -> set[str]:
    """Links printed in the text, without scheme, "www." and trailing punctuation: the same post or
    page linked by two reports is evidence in any language."""
    out = set()
    for match in URL.finditer(text):
        url = re.sub(r"^(?:https?://)?(?:www\.)?", "", match.group(0).lower()).rstrip(".,;:!?/")
        if "/" in url:                     # a page, not a bare domain (every outlet links its own)
            out.add("~" + url)
    return out


def origins_in(text: str) -> set[str]:
    """Known original sources the text cites (config/sources.yaml, any language's alias), as tokens."""
    return _origins(cl.extract_citations(text))


def _origins(citations: list[cl.Citation]) -> set[str]:
    return {"@" + c.source.lower() for c in citations if _is_origin(c)}


def _without_citations(text: str, citations: list[cl.Citation]) -> str:
    """``text`` with the known sources it cites blanked (same length): their words are no names."""
    for c in citations:
        if _is_origin(c):
            text = text.replace(c.text, " " * len(c.text))
    return text


def _is_origin(c: cl.Citation) -> bool:
    """A known source (config/sources.yaml), not a titled official or an "according to" name, nor
    one of the kinds every event's reports cite (stories.yaml ``specifics.common_origin_kinds``)."""
    return c.kind not in ("official", "other") and c.kind not in knowledge.story_rules().get("specifics", "common_origin_kinds")


_ISO_DATE = re.compile(r"(?<!\d)(?:19|20)\d\d-(\d\d)-(\d\d)(?!\d)")
_DOTTED_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?:19|20)\d\d(?!\d)")


def _date_matches(text: str, language: str | None) -> list[tuple[tuple[int, int], str]]:
    """Each date the text mentions, as (span, "%MM-DD"). A month name serves one date: "18 January 14
    men" is 18 January, not also January 14."""
    found = [(m.span(), f"%{int(m.group(1)):02d}-{int(m.group(2)):02d}") for m in _ISO_DATE.finditer(text)]
    found += [(m.span(), f"%{int(m.group(2)):02d}-{int(m.group(1)):02d}") for m in _DOTTED_DATE.finditer(text)
              if 1 <= int(m.group(2)) <= 12]
    day_first, month_first = cl.days_written(text, language)
    found += [(m.span(), f"%{month:02d}-{int(m.group(1)):02d}") for m, month in day_first]
    found += [(m.span(), f"%{month:02d}-{int(m.group(2)):02d}") for m, month in month_first]
    return [(span, token) for span, token in found if 1 <= int(token[4:]) <= 31]


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def reported_days(text: str, language: str | None, before_year: int | None = None,
                  matches: list[tuple[tuple[int, int], str]] | None = None) -> set[str]:
    """The days ``dates_in`` reads, less a wire dateline's (the day the report was filed, not one it
    reports; the same day written in the text still counts) and those written with a year before
    ``before_year`` (a dated article's own year): "since 24 February 2022" in a report of 2023 is
    background it retells, not a step of the case it reports (``mentions_later``). ``matches``: the
    text's ``_date_matches`` when the caller has them."""
    out = set()
    dateline = _dateline(text, language)
    for (start, end), token in (_date_matches(text, language) if matches is None else matches):
        if dateline and dateline[0] == (start, end):
            continue
        year = _YEAR.search(text, start, end) or cl.YEAR_AFTER.match(text, end)
        if before_year is not None and year and int(_YEAR.search(year.group(0)).group(0)) < before_year:
            continue
        out.add(token)
    return out


def without_dates(text: str, language: str | None,
                  matches: list[tuple[tuple[int, int], str]] | None = None) -> str:
    """``text`` with the dates ``dates_in`` reads blanked out, so the day of "18 January" is not
    counted again as the number 18 (one fact, one piece of evidence). ``matches``: the text's
    ``_date_matches`` when the caller has them."""
    for (start, end), _ in sorted(_date_matches(text, language) if matches is None else matches, reverse=True):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def dates_in(text: str, language: str | None) -> set[str]:
    """Days of the year the text mentions ("9 April", "9 квітня", "am 9. April", "Oct. 3",
    "2023-10-03", "03.10.2023") as "%MM-DD" tokens, in any language dateparser names months in:
    two reports of one event name the same days whatever their language."""
    return {token for _, token in _date_matches(text, language)}


# A wire dateline: a place, a day, the agency in brackets, a dash ("LONDON, Oct 3 (Reuters) -",
# "Kyjiw, 9. April (dpa) -"): the day the report it prints was filed.
_DATELINE_PLACE = re.compile(r"(?:^|\s)[^\W\d_][\w.'\u2019-]*(?:\s+[^\W\d_][\w.'\u2019-]*){0,2},\s*$")
_DATELINE_AGENCY = re.compile(r"\s*\(([^\W\d_][^()\d]{1,30})\)\s*[-\u2013\u2014]")
DATELINE_CHARACTERS = 300     # a dateline opens the report (after a byline at most)


def _dateline(text: str, language: str | None) -> tuple[tuple[int, int], str] | None:
    """The span and day of a wire dateline opening ``text``, else None."""
    head = text[:DATELINE_CHARACTERS]
    for (start, end), token in sorted(_date_matches(head, language)):
        agency = _DATELINE_AGENCY.match(head, end)
        if agency and agency.group(1)[0].isupper() and _DATELINE_PLACE.search(head[:start]):   # "(Reuters)", not "(local time)"
            return (start, end), token
    return None


def dateline_day(text: str, language: str | None) -> str | None:
    """The day ("%MM-DD") of a wire dateline opening ``text``, else None. A page that prints its own
    (later) date above such a dateline republishes a report filed that day."""
    found = _dateline(text, language)
    return found[1] if found else None


def reported_day(day: str, start: pd.Timestamp, end: pd.Timestamp, ahead_days: float = 0) -> pd.Timestamp | None:
    """The latest date on ``day`` ("%MM-DD": a dateline prints no year) before an article's
    possible-date window (a republication); None when a date on that day falls inside the window or
    at most ``ahead_days`` after it (an ordinary dateline: a time zone or a page date a day off must
    not read as a report filed a year earlier), or when no such date exists."""
    month, dom = int(day[1:3]), int(day[4:6])
    first = start.normalize()
    last = (end if not pd.isna(end) else start).normalize()
    candidates = []
    for year in (last.year - 1, last.year, last.year + 1):
        try:
            candidates.append(pd.Timestamp(year=year, month=month, day=dom))
        except ValueError:          # 29 February in a common year, 31 April
            continue
    if any(first <= c <= last + pd.Timedelta(days=ahead_days) for c in candidates):
        return None
    before = [c for c in candidates if c < first]
    return max(before) if before else None


def token_kind(token: str) -> str:
    """The kind of a specific token: number, link, origin, date or name."""
    return {"#": "number", "~": "link", "@": "origin", "%": "date"}.get(token[:1], "name")


_TME_POST = re.compile(r"(?:https?://)?t\.me/(?:s/)?([A-Za-z][A-Za-z0-9_]{3,31})/\d+", re.IGNORECASE)


def channel_names(f: ArticleFacts, min_letters: int) -> set[str]:
    """Names under which an article is an origin post: a Telegram post (its url a t.me post link)
    goes by its channel's name and username, and by the source it forwarded (HUR, SBU...)."""
    m = _TME_POST.match(f.url or "")
    if not m:
        return set()
    names = {m.group(1).lower()}
    for name in (f.outlet, f.source):
        if not name:
            continue
        names.update(c.source.lower() for c in cl.extract_citations(name))   # "HUR" -> its canonical name
        if sum(c.isalpha() for c in name) >= min_letters:                     # short names match too much text
            names.add(name.strip().lower())
    return names


def cites_origin_post(post: ArticleFacts, report: ArticleFacts) -> str | None:
    """The channel (or forwarded source) of ``post`` that ``report`` names as its source, when the
    report is another outlet's and not dated before the post; else None."""
    if not post.channel_names or (post.outlet or "").lower() == (report.outlet or "").lower():
        return None
    if post.dated and report.dated and report.start < post.start:
        return None
    for name in sorted(post.channel_names):
        if name in report.cited or re.search(rf"(?<!\w){re.escape(name)}(?!\w)", report.text_lower):
            return name
    return None


def shingle_hashes(texts: list[str], size: int) -> np.ndarray:
    """The texts' runs of ``size`` lower-cased words as sorted distinct 64-bit hashes: 8 bytes a run,
    compared by sorted intersection. Python's hash of the run is stable within the process that
    groups (every hash is made and compared there). Two different runs of a judged pair taken for
    one (a 64-bit collision): about 3 in a billion over a million pairs of 250-run articles."""
    words = [w.lower() for t in texts for w in _WORD.findall(t)]
    if len(words) < size:
        return np.zeros(0, dtype=np.int64)
    runs = zip(*(words[i:] for i in range(size)))
    return np.unique(np.fromiter(map(hash, runs), dtype=np.int64, count=len(words) - size + 1))


@dataclass(frozen=True)
class PassageRarity:
    """Weight (< 1) of each word run (by hash) carried by more than ``passages.rare_within``
    articles, as two sorted arrays; a run not listed weighs 1."""

    runs: np.ndarray
    weights: np.ndarray

    def total(self, runs: np.ndarray) -> float:
        """The summed weight of ``runs``: exactly rounded (``math.fsum``), so the same whatever order
        the runs' hashes put them in (Python's string hash differs between processes, and a stored
        grouping must come out the same from every build)."""
        if not len(runs):
            return 0.0
        at = np.minimum(np.searchsorted(self.runs, runs), max(len(self.runs) - 1, 0))
        found = self.runs[at] == runs if len(self.runs) else np.zeros(len(runs), dtype=bool)
        return math.fsum(np.where(found, self.weights[at] if len(self.runs) else 1.0, 1.0).tolist())


NO_RARITY = PassageRarity(np.zeros(0, dtype=np.int64), np.zeros(0))


def prepare(facts: list[ArticleFacts], texts: np.ndarray, ids: np.ndarray, embeddings: np.ndarray,
            rules: StoryRules, progress: Callable[[int], None] | None = None) -> None:
    """Fill in each article's evidence; names in noun-capitalising languages count only when the
    corpus also capitalises them in another language (so German nouns are not taken for names).
    ``progress(done)``: called before each article (minutes at 100k articles)."""
    min_letters = rules.get("specifics", "min_name_letters")
    run_words = rules.get("specifics", "full_name_words")
    generic = frozenset(str(g).lower() for g in rules.get("specifics", "generic"))
    law_article = law_article_pattern(rules.get("specifics", "law_article_words"))
    size = rules.get("passages", "shingle_words")
    noun_caps = {str(x).lower() for x in rules.get("specifics", "noun_capitalising_languages")}
    extras: list[list[set[str]]] = []          # per article, per paragraph: origins, links, dates
    for done, f in enumerate(facts):
        if progress is not None:
            progress(done)
        paragraph_texts = [str(texts[r]) for r in f.rows]
        # The digits and dates of a link ("/2022/10/04/") are not what an article reports.
        unlinked = [cl.without_links(t) for t in paragraph_texts]
        date_spans = [_date_matches(u, f.language) for u in unlinked]   # read once: numbers, dates, days use them
        f.numbers = set().union(*(numbers_in(without_dates(u, f.language, m), f.language, law_article)
                                  for u, m in zip(unlinked, date_spans))) if paragraph_texts else set()
        citations = [cl.extract_citations(t) for t in paragraph_texts]    # once per paragraph: the costliest read
        # Nor are a link's capitalised path segments ("t.me/Rybar/...") names the article writes, nor
        # the words of a cited known source: it counts once, as its origin ("Grey Zone" is not also the
        # names Grey and Zone), while its words written elsewhere ("Ukraine says") stay names.
        f.names = set().union(*(names_in(_without_citations(t, found), min_letters, generic, f.name_forms,
                                         f.name_partners, run_words)
                                for t, found in zip(unlinked, citations))) if paragraph_texts else set()
        f.shingles = shingle_hashes(paragraph_texts, size)
        # read as Compare reads them: a quote running over paragraphs (or over the parts a long
        # paragraph is stored in) is one utterance, matched whole
        f.quotes = [q for found in cl.paragraph_quotes([(str(ids[r]), str(texts[r])) for r in f.rows]).values()
                    for q in found]
        f.paragraph_rows = {str(ids[r]): int(r) for r in f.rows}
        f.text_lower = "\n".join(paragraph_texts).lower()
        f.cited = {c.source.lower() for found in citations for c in found}
        # Origins and links are language-independent as they are (aliases in config/sources.yaml).
        extras.append([_origins(found) | links_in(t) | {token for _, token in m}
                       for t, m, found in zip(paragraph_texts, date_spans, citations)])
        f.channel_names = channel_names(f, min_letters + 1)
        day = next((d for t in paragraph_texts[:2] if (d := dateline_day(t, f.language))), None)
        # The days it reports, not the day a wire dateline says the report was filed.
        year = f.start.year if f.dated else None
        f.latest_day = _latest_day(set().union(*(reported_days(u, f.language, year, m)
                                                 for u, m in zip(unlinked, date_spans))) if paragraph_texts else set())
        f.reported = (reported_day(day, f.start, f.end, rules.get("dates", "dateline_ahead_days"))
                      if day and f.dated else None)
        # (a first sentence standing in for a missing headline is no evidence of its own: it is the lead)
        headline = "" if f.title_source == TitleSource.LEAD else f.title
        f.lead_figures, f.figures = article_figures(headline, unlinked, f.language, rules, law_article, f.numbers)
        opening = first_sentence(unlinked[0]) if unlinked else ""
        f.lead_weekdays = lead_weekdays(opening, f.language, rules)
        f.lead_steps = lead_steps(opening, rules)
        if len(f.rows):
            f.centroid = article_vector(embeddings, f.rows)
    word_vectors(facts, rules)
    name_vocabulary = set().union(*(f.names for f in facts if (f.language or "").lower() not in noun_caps)) \
        if facts else set()
    for f, extra in zip(facts, extras):
        names = f.names & name_vocabulary if (f.language or "").lower() in noun_caps else f.names
        f.specifics = (f.numbers | names | set().union(*extra) if len(f.rows) else f.numbers | names) | f.lone_links
    origin_post_weights(facts, rules)


def _latest_day(tokens: set[str]) -> int | None:
    """The latest of the days ("%MM-DD" tokens) among ``tokens``, as a day of a leap year."""
    days = []
    for token in tokens:
        if token_kind(token) == "date":
            try:
                days.append(date(2000, int(token[1:3]), int(token[4:6])).timetuple().tm_yday)
            except ValueError:
                continue
    return max(days) if days else None


# quantities cost several times a number scan: a text with no digit and no English number word states none
_MAY_STATE_FIGURE = re.compile(r"\d|hundred|thousand|million|billion", re.IGNORECASE)


def text_figures(text: str, language: str | None, min_value: float,
                 law_article: re.Pattern[str] | None = None) -> list[Figure]:
    """The figures ``text`` states that can tell one release of a series from another: counts and sums
    of at least ``min_value`` (not dates, shares or terms, not a bare year, not a law's article after
    ``law_article``), each as the values it allows (``claims.figure_range``)."""
    out = []
    for q in cl.extract_quantities(text, "", language):
        low, high = q.base
        if not (q.dimension == "count" or q.dimension.startswith("money")) or high < min_value or (
                not q.unit and cl.YEAR.fullmatch(q.text.strip())) or (
                law_article is not None and law_article.search(text, max(0, q.start - 24), q.start)):
            continue
        out.append(Figure(*cl.figure_range(q), q.text))
    return out


def passage_figures(text: str, language: str | None) -> tuple[Figure, ...]:
    """The figures one passage states, read as a report's are (``text_figures``: counts and sums of at
    least ``figures.min_value``, not a law's article): what search compares before it calls two
    paragraphs one passage re-reported."""
    rules = load_story_rules()
    law_article = law_article_pattern(rules.get("specifics", "law_article_words"))
    return tuple(text_figures(text, language, float(rules.get("figures", "min_value")), law_article))


def article_figures(title: str, paragraphs: list[str], language: str | None, rules: StoryRules,
                    law_article: re.Pattern[str] | None = None,
                    numbers: set[str] = frozenset()) -> tuple[tuple[Figure, ...], tuple[Figure, ...]]:
    """The figures of an article's headline and first ``figures.lead_paragraphs`` of ``paragraphs``
    (read as quantities, with their rounding and bounds), and those with every number of its text
    (``numbers``, the ``numbers_in`` tokens it already has: exact, and cheap; reading the whole text
    as quantities doubled the story step, ``benchmarks/bench_stories.py``)."""
    min_value = float(rules.get("figures", "min_value"))
    lead = int(rules.get("figures", "lead_paragraphs"))
    leading = [f for t in [title or "", *paragraphs[:lead]] if _MAY_STATE_FIGURE.search(t)
               for f in text_figures(t, language, min_value, law_article)]
    if not leading:      # (figures_apart needs both articles to lead with figures)
        return (), ()
    exact = [Figure(v, v, n[1:]) for n in numbers if not cl.YEAR.fullmatch(n[1:]) and (v := float(n[1:])) >= min_value]
    return tuple(leading), tuple(leading + exact)


def _figure_agrees(a: Figure, b: Figure) -> bool:
    """One figure in two texts, whatever unit each names ("£47,000" and "47.000 λίρες", the sign one
    reads and the word the other does not): the values they allow overlap."""
    return a.low <= b.high and b.low <= a.high


def figures_disagree(mine: Sequence[Figure], theirs: Sequence[Figure]) -> bool:
    """Both sides state figures and none of one agrees with any of the other ("about two thousand"
    and "at least 100 ... 1,000"; "29.000" and "more than 35.000"): not one statement of a figure."""
    return bool(mine) and bool(theirs) and not any(_figure_agrees(a, b) for a in mine for b in theirs)


def figures_apart(x: ArticleFacts, y: ArticleFacts) -> bool:
    """Both articles lead with figures and they state no figure in common anywhere: most often two
    releases of one series (a monthly count, the next exchange of bodies) retold from
    one template, which share everything but the figures that make them news."""
    if not x.lead_figures or not y.lead_figures:
        return False
    return figures_disagree(x.figures, y.figures)


def _weekday_names(rules: StoryRules, language: str) -> WeekdayNames | None:
    days = rules.get("weekdays", "names").get(language)
    if not days:
        return None
    return weekday_table(tuple(tuple(str(w) for w in day) for day in days),
                         tuple(str(p) for p in rules.get("weekdays", "not_days")))


def first_sentence(paragraph: str) -> str:
    """The first sentence of an article's first paragraph: where a report says what happened and
    when (``lead_weekdays``, ``lead_steps``); later sentences retell earlier steps and other days."""
    found = sentences(paragraph) if paragraph.strip() else []
    return found[0] if found else ""


def lead_weekdays(sentence: str, language: str | None, rules: StoryRules) -> frozenset[int]:
    """The weekdays (0 = Monday) the first sentence (``first_sentence``) names, in its language's
    words (``weekdays.names``): the day its event happened or was announced. Later sentences name
    other days (an earlier step, a paper's "Wednesday editions")."""
    table = _weekday_names(rules, base_language(language)) if language and sentence.strip() else None
    if table is None:
        return frozenset()
    sentence = apostrophes(sentence)
    if table.not_days is not None:
        sentence = table.not_days.sub(" ", sentence)
    return frozenset(day for match in NAME_WORD.finditer(sentence) if (day := table.day_of(match.group(0))) is not None)


def _leads_disagree(x: ArticleFacts, y: ArticleFacts, mine: frozenset, theirs: frozenset) -> bool:
    """Both first sentences name something of one kind (weekdays, steps of a case) and nothing in
    common, and one of the two reports is not dated to the day: two reports dated to the day have
    their dates to say how far apart they are (a wire's Tuesday is a Korean paper's Wednesday)."""
    return not (x.precise and y.precise) and bool(mine) and bool(theirs) and not (mine & theirs)


def weekdays_apart(x: ArticleFacts, y: ArticleFacts) -> bool:
    """Two events on different days (``_leads_disagree`` on the weekdays: the August and the
    October exchange of bodies, undated, each "on Tuesday" and "on Thursday")."""
    return _leads_disagree(x, y, x.lead_weekdays, y.lead_weekdays)


def _alternatives(words: tuple[str, ...]) -> str:
    """Whole words of a stories.yaml list as one alternation (they are matched as written, any case)."""
    return "|".join(map(re.escape, words))


@lru_cache(maxsize=4)
def _relative_clause(words: tuple[str, ...], closed: tuple[str, ...], reported: tuple[str, ...]) -> re.Pattern[str]:
    """A relative clause set off by commas ("Private X, who fled his unit in May, was detained") or,
    opened by one of ``steps_relative_words``, ending the sentence ("... commented on the death of X,
    who was found shot dead") unless a verb of ``steps_reported_speech`` makes it indirect speech
    ("teilte mit, der Deserteur sei festgenommen worden"); opened by one of ``steps_relative_closed``
    only set off by commas. It retells an earlier step, so the step the sentence reports is read
    without it."""
    return re.compile(rf",\s*(?:{_alternatives(words)})\b(?:[^,]{{0,200}},|(?![^,]*\b(?:{_alternatives(reported)})\b)"
                      rf"[^,]{{0,200}}$)|,\s*(?:{_alternatives(closed)})\b[^,]{{0,200}},", re.IGNORECASE)


@lru_cache(maxsize=4)
def _said_after_inserted(verbs: tuple[str, ...], openers: tuple[str, ...], relative: tuple[str, ...],
                         appositions: tuple[str, ...], told: tuple[str, ...]) -> re.Pattern[str]:
    """A verb of saying (``steps_speech_verbs``, up to three words after it: "told Reuters", "informó el lunes"), a
    phrase set off by commas and a clause opened by one of ``steps_speech_openers`` ("afirmó, en un comunicado, que el
    desertor fue hallado muerto"): group 1 is all but the comma that closes the phrase, so without it the clause reads
    as what was said, not as a relative clause retelling an earlier step. Not when an opener or a relative word
    (``relative``) stands among those words: what was said opened there, so the later clause is a relative one
    ("informó que el piloto, de 35 años, que comentó ..."); nor when the phrase is the age of the noun before it
    (``appositions``: "said the deserter, 35, that fled ..."), but after a verb of ``told``, whose noun is the one told."""
    opened = _alternatives(openers + relative)
    return re.compile(rf"(\b(?:(?P<told>{_alternatives(told)})|{_alternatives(verbs)})\b"
                      rf"(?:\s+(?!(?:{opened})\b)[^\s,]+){{0,3}}\s*,"
                      rf"(?(told)|(?!\s*(?:{'|'.join(f'(?:{p})' for p in appositions)})\s*,))[^,]{{1,100}}),"
                      rf"(?=\s*(?:{_alternatives(openers)})\b)", re.IGNORECASE)


@lru_cache(maxsize=4)
def _denied(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """Wording that says a step did not happen (``steps_denied``: "has not publicly commented on"), however
    many adverbs stand between the negation and the verb, which a step's own look-behind cannot see, or whose
    step words mean something else (``steps_other_senses``: "Sie wurden Ermittlungen ausgesetzt", exposed to
    them), which depends on the clause's subject, named before the step's words."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def lead_steps(sentence: str, rules: StoryRules) -> frozenset[str]:
    """The steps of a case (``steps``: fled, detained, charged, requested, sentenced, appealed, resigned; killed,
    reacted, blamed, closed) the first sentence (``first_sentence``) names, a step it denies, wording of another
    sense and a relative
    clause retelling an earlier one left out (not what a verb of saying introduces after an inserted phrase)."""
    if not sentence.strip():
        return frozenset()
    sentence = _denied(tuple(rules.get("steps_denied")) + tuple(rules.get("steps_other_senses"))).sub(" ", sentence)
    speech = (tuple(rules.get("steps_speech_verbs")), tuple(rules.get("steps_speech_openers")),
              tuple(rules.get("steps_relative_words")) + tuple(rules.get("steps_relative_closed")),
              tuple(rules.get("steps_speech_appositions")), tuple(rules.get("steps_speech_told")))
    sentence = _said_after_inserted(*speech).sub(r"\1", sentence)
    sentence = _relative_clause(*(tuple(rules.get(key)) for key in ("steps_relative_words", "steps_relative_closed",
                                                                   "steps_reported_speech"))).sub(",", sentence)
    return frozenset(step for step, pattern in _step_patterns(_steps_key(rules)) if pattern.search(sentence))


def _steps_key(rules: StoryRules) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((str(step), tuple(str(p) for p in patterns)) for step, patterns in rules.get("steps").items())


@lru_cache(maxsize=8)
def _step_patterns(steps: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((step, re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)) for step, patterns in steps)


def steps_apart(x: ArticleFacts, y: ArticleFacts, rules: StoryRules) -> bool:
    """Two events of one case (``_leads_disagree`` on the steps: the escape and the arrest months
    later; the prosecutors' request and the verdict), unless the two steps are compatible
    (``steps_compatible``: an appeal's ruling told as the sentence it gives)."""
    if not _leads_disagree(x, y, x.lead_steps, y.lead_steps):
        return False
    return not any(a in x.lead_steps and b in y.lead_steps or b in x.lead_steps and a in y.lead_steps
                   for a, b in rules.get("steps_compatible"))


def first_sentences_apart(x: ArticleFacts, y: ArticleFacts, rules: StoryRules) -> bool:
    """Their first sentences tell two events: on different weekdays or at different steps of a case
    (what grouping holds as dates past the window; ``Evidence.first_sentences_apart`` for a judged pair)."""
    return weekdays_apart(x, y) or steps_apart(x, y, rules)


def date_windows(f: ArticleFacts) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """An article's possible-date window, and the day of the wire report it reprints (its dateline,
    when earlier): a republication reports the event of that day, whenever the page went up."""
    out = [(f.start, f.end if not pd.isna(f.end) else pd.Timestamp.max)]
    if f.reported is not None:
        out.append((f.reported, f.reported))
    return out


def gap_days(a: tuple[pd.Timestamp, pd.Timestamp], b: tuple[pd.Timestamp, pd.Timestamp]) -> float:
    """Days between two date windows, 0 when they overlap."""
    if a[0] <= b[1] and b[0] <= a[1]:
        return 0.0
    return float(((b[0] - a[1]) if b[0] > a[1] else (a[0] - b[1])).days)


def days_apart(x: ArticleFacts, y: ArticleFacts) -> float | None:
    """Gap in days between two articles' dates (0 when their windows overlap; a republication's
    dateline counts as one of its dates); None if either is unknown. The one reading of "days apart"
    for grouping's date window and for the evidence that reads it (``mentions_later``)."""
    if pd.isna(x.start) or pd.isna(y.start):
        return None
    return min(gap_days(a, b) for a in date_windows(x) for b in date_windows(y))


def mentions_later(x: ArticleFacts, y: ArticleFacts, rules: StoryRules) -> bool:
    """One article mentions a day more than ``dates.close_days`` after every day the other mentions
    (``reported_days``: not a dateline's nor an earlier year's; and at most ``dates.later_mention_days``
    after, as a day and month name no year; none across New Year): it most often
    reports a later step of the case the other reports (the charge after the arrest, the governor's
    answer after the appeal), retelling the earlier step as background."""
    if x.latest_day is None or y.latest_day is None:
        return False
    close = rules.get("dates", "close_days")
    days = days_apart(x, y) if x.precise and y.precise else None
    if days is not None and days <= close:
        # both dated to the day within days of each other (a reprint's wire dateline counts as one of
        # its days, as for the date window): one report's background day ("invaded on August 6")
        # against the other's event day is no later step (fakti.bg and Breitbart, set 28)
        return False
    gap = abs(x.latest_day - y.latest_day)
    return close < gap <= rules.get("dates", "later_mention_days")


_HASH_SLICE = 1000     # articles hashed at a time (word_vectors)
WORD_FEATURES = 2 ** 20   # columns of the hashed wording matrix


def word_vectors(facts: list[ArticleFacts], rules: StoryRules) -> sparse.csr_matrix:
    """Each article's wording as a unit-length TF-IDF vector of character n-grams (rare runs of
    letters weigh most), stored on its facts; the matrix, one row per article, is returned.

    Why characters, not words: they match inflected forms (German "Deserteure"/"Deserteuren") and
    need no language's stemmer; why hashed: the vocabulary of a large corpus stays bounded."""
    low, high = rules.get("words", "ngram_min"), rules.get("words", "ngram_max")
    hashing = HashingVectorizer(analyzer="char_wb", ngram_range=(low, high), n_features=WORD_FEATURES,
                                alternate_sign=False, norm=None, lowercase=True, dtype=np.float32)
    # The first characters of each article say what it reports (the cost grows with the text).
    docs = [f.text_lower[:rules.get("words", "max_characters")] for f in facts]
    if len(docs) < rules.get("words", "min_articles"):
        # Too few articles to tell a rare letter run from a common one: wording is not counted.
        for f in facts:
            f.words = None
        return sparse.csr_matrix((0, WORD_FEATURES), dtype=np.float32)
    # Hashed in slices: the hasher holds every n-gram occurrence of what it is given (about 10k a
    # long article, 8 bytes each: 3 GB at 40k articles at once). Hashing is per document, so the
    # slices stacked are the same matrix.
    matrix = sparse.vstack([hashing.transform(docs[start:start + _HASH_SLICE])
                            for start in range(0, len(docs), _HASH_SLICE)]).tocsr()
    # Weighted in place (the same arithmetic as fit_transform, without a second matrix); each
    # article's row is a view of the matrix's arrays, not a copy.
    matrix = TfidfTransformer(sublinear_tf=True).fit(matrix).transform(matrix, copy=False).tocsr()
    for n, f in enumerate(facts):
        start, end = matrix.indptr[n], matrix.indptr[n + 1]
        f.words = WordRow(matrix.indices[start:end], matrix.data[start:end])
    return matrix


@dataclass(frozen=True)
class WordRow:
    """One article's row of the wording matrix: views of its sorted column indices and weights
    (a scipy row per article copied the matrix again, about 0.5 GB at 40k articles)."""

    indices: np.ndarray
    data: np.ndarray

    @property
    def nnz(self) -> int:
        return len(self.indices)


def word_rows(rows: list[WordRow], width: int = WORD_FEATURES) -> sparse.csr_matrix:
    """The rows stacked as a CSR matrix (one row each)."""
    indptr = np.concatenate([[0], np.cumsum([r.nnz for r in rows])])
    if not rows:
        return sparse.csr_matrix((0, width), dtype=np.float32)
    return sparse.csr_matrix((np.concatenate([r.data for r in rows]), np.concatenate([r.indices for r in rows]),
                              indptr), shape=(len(rows), width))


def copied_shares(x: ArticleFacts, y: ArticleFacts) -> tuple[np.ndarray, float, float]:
    """The word runs two articles share, and their share of the shorter and of the longer article's
    runs (``Evidence.shared_passage_share``, ``longer_passage_share``; zeros when either has none).
    Alone, a cheap first look at a pair far apart in time."""
    if not len(x.shingles) or not len(y.shingles):
        return np.zeros(0, dtype=np.int64), 0.0, 0.0
    runs = np.intersect1d(x.shingles, y.shingles, assume_unique=True)
    return runs, len(runs) / min(len(x.shingles), len(y.shingles)), len(runs) / max(len(x.shingles), len(y.shingles))


def word_similarity(x: ArticleFacts, y: ArticleFacts) -> float:
    """Cosine of the two articles' wording (0 when either has none)."""
    if x.words is None or y.words is None or not x.words.nnz or not y.words.nnz:
        return 0.0
    _, at_x, at_y = np.intersect1d(x.words.indices, y.words.indices, assume_unique=True, return_indices=True)
    return float((x.words.data[at_x] * y.words.data[at_y]).sum())


def citing_articles(facts: list[ArticleFacts]) -> dict[str, list[int]]:
    """Each channel post's name -> the articles (positions in ``facts``) naming it as a source, as
    ``cites_origin_post`` reads them; one pass over the corpus per name, not per post."""
    cites: dict[str, list[int]] = {}
    for post in facts:
        for name in post.channel_names:
            if name not in cites:
                pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
                cites[name] = [n for n, f in enumerate(facts) if name in f.cited or pattern.search(f.text_lower)]
    return cites


def origin_post_weights(facts: list[ArticleFacts], rules: StoryRules) -> None:
    """For each channel post, the weight of its numbers and names counted against the articles that
    do not cite its channel: in a small corpus where most articles re-report one post, its unit
    number and place are in most articles, yet they are what the re-reports share with it."""
    cites = citing_articles(facts)
    if not cites:
        return
    limit = max(2, rules.get("specifics", "max_article_share") * len(facts))
    carriers: Counter = Counter()          # articles carrying each token, the whole corpus
    for f in facts:
        carriers.update(f.specifics)
    position = {f.id: n for n, f in enumerate(facts)}
    for post in facts:
        if not post.channel_names or not post.specifics:
            continue
        family = set().union(*(cites[name] for name in post.channel_names)) | {position[post.id]}
        # Carriers outside the family: all of them less the family's (one count per article).
        inside: Counter = Counter()
        for n in family:
            inside.update(facts[n].specifics & post.specifics)
        post.origin_weights = {t: w for t, w in _token_weights(post.specifics, rules).items()
                               if carriers[t] - inside[t] <= limit}


def _token_weights(tokens: set[str], rules: StoryRules, counts: dict[str, int] | None = None,
                   articles: int = 0) -> dict[str, float]:
    """Weight of each token as evidence: by its kind (long numbers, short numbers, names, cited
    origins, links), times its rarity in the corpus when ``counts`` are given (1 for a token two
    articles carry, falling as log(n/df) with more)."""
    weights = {}
    for token in tokens:
        kind = token_kind(token)
        if kind == "number":
            digits = token[1:]
            long_ = len(digits) >= 3 and not re.fullmatch(r"(19|20)\d\d", digits)
            weight = rules.get("specifics", "long_number") if long_ else rules.get("specifics", "short_number")
        else:
            weight = rules.get("specifics", kind)
        if counts is not None and articles > 2:
            weight *= _rarity(counts.get(token, 2), articles)
        weights[token] = weight
    return weights


def _rarity(df: int, articles: int) -> float:
    """IDF of a token carried by ``df`` articles of ``articles``, 1 at df=2 (the least a shared token has)."""
    return min(1.0, math.log(articles / max(df, 2)) / math.log(articles / 2))


def thin_languages(language_counts: Counter, rules: StoryRules) -> frozenset[str]:
    """Languages the corpus holds too few articles of (``everyday.corpus_articles``) for rarity in
    the corpus to mean much: there a name's rarity in the language at large is read as well."""
    enough = rules.get("specifics", "everyday", "corpus_articles")
    return frozenset(lang for lang, n in language_counts.items() if n < enough)


def everyday_name_rarity(facts: list[ArticleFacts], tokens: set[str], rules: StoryRules) -> dict[str, float]:
    """Each name's rarity in the language at large (``everyday_words``), read from the articles that
    write it in a thin language (``ArticleFacts.thin``), at its most common spelling among them."""
    distinct = rules.get("specifics", "everyday", "distinct_zipf")
    everyday = rules.get("specifics", "everyday", "none_zipf")
    highest: dict[str, float] = {}
    for f in facts:
        if not f.thin:
            continue
        for key in f.names & tokens:
            value = everyday_words.zipf(f.name_forms.get(key, key), f.language)
            if value is not None and value > highest.get(key, -1.0):
                highest[key] = value
    return {key: everyday_words.everyday_rarity(value, distinct, everyday) for key, value in highest.items()}


def everyday_weights(facts: list[ArticleFacts], weights: dict[str, float], rules: StoryRules) -> dict[str, float]:
    """The weights of the names that are everyday words of a thin language, as a pair with an article
    of such a language reads them: the lower of the corpus rarity and the rarity in the language at
    large (in a corpus with few Russian articles, "Украины" and "СМИ" are rare in the corpus but
    everyday in Russian). Pairs of two articles in well-represented languages keep the corpus
    weights: one Russian "Курск" does not weaken "Kursk" between two English reports."""
    rarity = everyday_name_rarity(facts, set(weights), rules)
    kind = _token_weights(set(rarity), rules)
    return {t: min(weights[t], kind[t] * r) for t, r in rarity.items() if r < 1.0}


def passage_rarity(facts: list[ArticleFacts], rules: StoryRules) -> PassageRarity:
    """Weight of each word run shared by more than ``passages.rare_within`` articles (< 1): a
    passage every report of a practice quotes (an official statement) links them weakly."""
    within = rules.get("passages", "rare_within")
    every = [f.shingles for f in facts if len(f.shingles)]
    if not every:
        return NO_RARITY
    runs, counts = np.unique(np.concatenate(every), return_counts=True)   # each article's runs are distinct
    common = counts > within
    return PassageRarity(runs[common], within / counts[common])


def specific_weights(facts: list[ArticleFacts], rules: StoryRules) -> dict[str, float]:
    """Weight of each token as evidence: numbers by length, names; none when too common."""
    counts: dict[str, int] = {}
    for f in facts:
        for token in f.specifics:
            counts[token] = counts.get(token, 0) + 1
    limit = max(2, rules.get("specifics", "max_article_share") * len(facts))
    return _token_weights({token for token, count in counts.items() if count <= limit}, rules, counts, len(facts))


# --- one pair --------------------------------------------------------------------------------

@dataclass
class Evidence:
    """Scores (0-1) of each kind of evidence for one pair, and what they rest on."""

    meaning: float = 0.0
    words: float = 0.0                       # shared wording (same language only), any language
    passages: float = 0.0
    specifics: float = 0.0
    quotes: float = 0.0
    origin: float = 0.0
    origin_post: float = 0.0                 # one is a channel post the other names as its source
    dates: float = 0.0
    article_similarity: float | None = None
    word_similarity: float | None = None
    shared_passage_share: float = 0.0
    longer_passage_share: float = 0.0      # the same share of the longer article's word runs (a reprint: both high)
    shared_specifics: tuple[str, ...] = ()
    longest_quote_words: int = 0
    quote_pieces: int = 1                    # one report quotes that utterance in this many pieces
    shared_quotes: int = 0
    meaning_compared: bool = True
    cited_channel: str | None = None
    same_language: bool = False
    specific_kinds: tuple[str, ...] = ()     # kinds of the shared specifics (number, name, origin, link)
    specifics_weight: float = 0.0            # their summed weight before the clip at specifics.full
    quotes_apart: bool = False               # both quote someone at length, in one language, and share no quote
    mentions_later: bool = False             # one mentions a day well after every day the other mentions
    figures_apart: bool = False              # both lead with figures and state none in common (figures_apart)
    weekdays_apart: bool = False             # their first sentences name different weekdays (weekdays_apart)
    steps_apart: bool = False                # their first sentences name different steps of a case (steps_apart)
    undated_unworded: bool = False           # one undated, one language, nothing shared in words (undated_unworded)
    # read only where it can decide a link (stories._translation): the share of each text the
    # translation pairing places (anchors.translation_coverage); None where not read
    translation_coverage: float | None = None

    @property
    def first_sentences_apart(self) -> bool:
        """Their first sentences tell two events (``first_sentences_apart``)."""
        return self.weekdays_apart or self.steps_apart

    @property
    def languages_apart_unread(self) -> bool:
        """Two languages the model does not compare by meaning: only language-independent evidence."""
        return not self.meaning_compared and not self.same_language

    @property
    def score(self) -> float:
        return self.meaning + self.words + self.passages + self.specifics + self.quotes + self.origin + self.dates \
            + self.origin_post

    def kinds(self, floor: float) -> int:
        """Kinds of content evidence at ``floor`` or above. Where the model cannot compare the two
        by meaning (another language), the same cited origin and close dates also count: they are
        the language-independent evidence left. A report naming a channel post's channel as its
        source is evidence of its own (it still needs one kind of content evidence beside it)."""
        # Meaning and wording both read the whole content: where the model compares meaning they
        # are one kind (two views of one similarity do not converge). In a language it does not
        # cover, its vectors only count when very close (shared word pieces) and wording is the
        # better reader, so both count: a risk taken for recall there (README, round 3).
        whole = [max(self.meaning, self.words)] if self.meaning_compared else [self.meaning, self.words]
        content = whole + [self.passages, self.specifics, self.quotes, self.origin_post]
        if not self.meaning_compared:
            content += [self.origin, self.dates]
        kinds = sum(v >= floor for v in content)
        if self.languages_apart_unread and self.specifics >= floor:
            # Across languages, shared specifics of different kinds (a unit number and a place, a
            # place and the cited origin) are independent evidence; two names are one kind.
            kinds += max(0, len(self.specific_kinds) - 1)
        return kinds

    def to_dict(self) -> dict:
        return {"meaning": round(self.meaning, 3), "words": round(self.words, 3),
                "word_similarity": self.word_similarity, "passages": round(self.passages, 3),
                "specifics": round(self.specifics, 3), "quotes": round(self.quotes, 3),
                "origin": round(self.origin, 3), "origin_post": round(self.origin_post, 3),
                "cited_channel": self.cited_channel, "dates": round(self.dates, 3), "score": round(self.score, 3),
                "article_similarity": self.article_similarity,
                "shared_passage_share": round(self.shared_passage_share, 3),
                "shared_specifics": list(self.shared_specifics), "longest_shared_quote_words": self.longest_quote_words,
                "longest_quote_pieces": self.quote_pieces,
                "shared_quotes": self.shared_quotes, "compared_by_meaning": self.meaning_compared,
                "specific_kinds": list(self.specific_kinds), "specifics_weight": round(self.specifics_weight, 3),
                "quotes_apart": self.quotes_apart,
                "mentions_later": self.mentions_later, "figures_apart": self.figures_apart,
                "weekdays_apart": self.weekdays_apart, "steps_apart": self.steps_apart,
                "undated_unworded": self.undated_unworded,
                "translation_coverage": self.translation_coverage}


def _clip(x: float) -> float:
    return float(min(1.0, max(0.0, x)))


def article_vector(embeddings: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """An article's vector: the unit mean of its content paragraphs' vectors (the one rule for it)."""
    return normalise_rows(np.asarray(embeddings[rows], dtype=np.float32).mean(axis=0, keepdims=True))[0]


def uncovered_meaning_floors(vectors_by_language: Mapping[str, np.ndarray], rules: StoryRules) -> dict[str, float]:
    """Per language the model does not cover, the article similarity from which two articles in it
    count as close in meaning: ``meaning.uncovered_same_language_low``, or the language's own
    ``uncovered_quantile`` of its articles' similarities to each other where that is higher (an
    English model reads Cyrillic as a few word pieces: every pair of Russian reports looks close).
    Each article's ``uncovered_neighbours`` nearest are left out of that reading: they are most
    often its own story's re-reports, and in a language of few articles they would set the bar on
    the very pairs it should let through. ``vectors_by_language``: language -> its articles' unit
    vectors (a sample, ``uncovered_sample``)."""
    fixed = float(rules.get("meaning", "uncovered_same_language_low"))
    skip = rules.get("meaning", "uncovered_neighbours")
    out = {}
    for language, vectors in vectors_by_language.items():
        n = len(vectors)
        if n < rules.get("meaning", "uncovered_min_articles"):
            continue
        sims = vectors @ vectors.T
        np.fill_diagonal(sims, -np.inf)
        keep = np.triu(np.ones((n, n), dtype=bool), 1)
        rows, nearest = np.arange(n)[:, None], np.argsort(-sims, axis=1)[:, :skip]
        keep[rows, nearest] = keep[nearest, rows] = False
        if keep.any():
            out[language] = max(fixed, round(float(np.quantile(sims[keep], rules.get("meaning", "uncovered_quantile"))), 3))
    return out


def pair_evidence(x: ArticleFacts, y: ArticleFacts, *, embeddings: np.ndarray, weights: Mapping[str, float],
                  rules: StoryRules, model_name: str, languages: set[str] | None,
                  rarity: PassageRarity | None = None, model_shift: float | None = None,
                  thin_weights: dict[str, float] | None = None,
                  uncovered_floors: Mapping[str, float] | None = None) -> Evidence:
    """The evidence on one pair. ``model_shift``: the model's cross-language shift when the caller
    has read it once for many pairs (else it is looked up). ``thin_weights`` (``everyday_weights``)
    replace ``weights`` when either article is in a thin language. ``uncovered_floors``
    (``uncovered_meaning_floors``): where meaning starts to count in a language the model does not cover."""
    if thin_weights and (x.thin or y.thin):
        weights = ChainMap(thin_weights, weights)
    ev = Evidence()
    ev.meaning_compared = covered(x.language, languages) and covered(y.language, languages)
    same_language = one_language(x.language, y.language)     # (``languages`` here is the model's set)
    ev.same_language = same_language
    # A multilingual model's cosines across two languages sit lower (config/models.yaml).
    if not ev.meaning_compared:
        shift = 0.0
    elif model_shift is None:
        shift = cross_language_shift(model_name, x.language, y.language)
    else:
        shift = pair_shift(model_shift, x.language, y.language)
    if x.centroid is not None and y.centroid is not None:
        ev.article_similarity = round(max(float(x.centroid @ y.centroid),
                                          _teaser_coverage(x, y, embeddings, rules)), 3)
        if not ev.meaning_compared and same_language:
            # Two articles in one language the model does not cover: its vectors still see shared
            # word pieces, so only a much closer similarity counts (and says so).
            low = (uncovered_floors or {}).get(base_language(x.language),
                                               rules.get("meaning", "uncovered_same_language_low"))
            ev.meaning = _clip((ev.article_similarity - low) / rules.get("meaning", "span"))
        elif ev.meaning_compared:
            # The word-hashing embedder (tests, no model installed) scores rewordings lower.
            low = rules.get("meaning", "hashing_low" if model_name.startswith(HASHING_PREFIX) else "low")
            ev.meaning = _clip((ev.article_similarity + shift - low) / rules.get("meaning", "span"))
    if same_language:
        # Shared wording, compared only within one language (across languages it sees only names).
        ev.word_similarity = round(word_similarity(x, y), 3)
        ev.words = _clip((ev.word_similarity - rules.get("words", "low")) / rules.get("words", "span"))
    rarity = rarity or NO_RARITY
    if len(x.shingles) and len(y.shingles):
        shared_runs, ev.shared_passage_share, ev.longer_passage_share = copied_shares(x, y)
        shorter = min(len(x.shingles), len(y.shingles))
        ev.passages = _clip(rarity.total(shared_runs) / shorter / rules.get("passages", "full"))
    shared = {t: weights[t] for t in x.specifics & y.specifics if weights.get(t, 0.0) > 0}
    shared.update(_fuzzy_names(x, y, weights, rules))
    shared, forms = _one_per_name(shared, rules.get("specifics", "one_name_letters"))
    # One person's full name counts once between two reports in one language; across languages the
    # shared names are matched by spelling and linking on specifics alone (link.uncompared_specifics)
    # was measured counting each (config/stories.yaml specifics.full_name_words).
    shared, whole = _one_per_person(shared, forms, x, y) if same_language else (shared, {})
    ev.shared_specifics = tuple(sorted(whole.get(t) or _shown(t, x, y) for t in shared))
    ev.specific_kinds = tuple(sorted({token_kind(t.split("|")[0]) for t in shared}))
    ev.specifics_weight = math.fsum(shared.values())   # the same in any order
    ev.specifics = _clip(ev.specifics_weight / rules.get("specifics", "full"))
    ev.longest_quote_words, ev.shared_quotes, quotes, ev.quote_pieces = _shared_quotes(
        x, y, embeddings, rules, ev.meaning_compared, shift)
    min_w, full_w = rules.get("quotes", "min_words"), rules.get("quotes", "full_words")
    # Not across two known languages: there independent translations of one call share no quote
    # that words or paragraph meaning can match, so "no shared quote" says little. (An article whose
    # language is unknown is read as before: by a model that reads both.)
    two_languages = bool(x.language and y.language) and not same_language
    ev.quotes_apart = ev.longest_quote_words < min_w and not two_languages \
        and (same_language or ev.meaning_compared) \
        and _quotes_at_length(x, rules) and _quotes_at_length(y, rules)
    if ev.longest_quote_words >= min_w and quotes:
        # A quote many articles carry (an official statement) is weaker evidence of one event: read
        # on both renderings, the more common one counts (so the pair scores the same either way round).
        rare = min(_quote_rarity(q, rarity, rules) for q in quotes)
        base = rules.get("quotes", "at_min_words")
        ev.quotes = _clip(base + (1 - base) * (ev.longest_quote_words - min_w) / max(1, full_w - min_w)) * rare
    ev.mentions_later = mentions_later(x, y, rules)
    ev.figures_apart = figures_apart(x, y)
    ev.weekdays_apart = weekdays_apart(x, y)
    ev.steps_apart = steps_apart(x, y, rules)
    if x.source and y.source and x.source.strip().lower() == y.source.strip().lower():
        ev.origin = float(rules.get("origin_bonus"))
    post, report = (x, y) if cites_origin_post(x, y) else (y, x)
    ev.cited_channel = cites_origin_post(post, report)
    if ev.cited_channel:
        ev.origin_post = float(rules.get("origin_post"))
        # The post's own numbers and names found in the re-report, rare outside its re-reports.
        carried = sorted(t for t in post.origin_weights if t in report.specifics)
        own_weight = math.fsum(post.origin_weights[t] for t in carried)
        own = _clip(own_weight / rules.get("specifics", "full"))
        if own > ev.specifics:
            ev.specifics, ev.shared_specifics, ev.specifics_weight = own, tuple(carried), own_weight
    ev.undated_unworded = undated_unworded(x, y, ev, rules)
    return ev


def undated_unworded(x: ArticleFacts, y: ArticleFacts, ev: Evidence, rules: StoryRules) -> bool:
    """Two reports in one language, one of them undated, that share nothing in words: their wording
    (read for both) stays below ``words.low`` and passages, quotes and cited origin together below
    ``link.undated_unworded``. What is left is meaning and names, which two writers on one theme
    share (a death toll in September and a deployment the October before, both "КНДР", "Кореи"), and
    no date tells the two events apart (README, "Grouping round 27")."""
    if (x.dated and y.dated) or not ev.same_language or x.words is None or y.words is None:
        return False
    said = ev.passages + ev.quotes + ev.origin + ev.origin_post
    return ev.words == 0 and said < rules.get("link", "undated_unworded")


def close_spellings(names_a: list[str], names_b: list[str], close: float) -> np.ndarray:
    """Which pairs of the two name lists are spelled at least ``close`` alike (normalised edit
    similarity), as a boolean matrix, in one vectorised pass. No ``score_cutoff``: rapidfuzz turns
    it into a distance and drops a score equal to it, and a name at the bar is a match."""
    near = process.cdist(names_a, names_b, scorer=Levenshtein.normalized_similarity, dtype=np.float32)
    return near >= np.float32(close) - 1e-6


def _fuzzy_names(x: ArticleFacts, y: ArticleFacts, weights: Mapping[str, float], rules: StoryRules) -> dict[str, float]:
    """Names the two spell differently beyond what ``name_key`` folds: a declined form (Ukrainian
    "під Кліщіївкою", German "Bachmuts": the same stem, endings of at most ``_ENDING`` letters) or a
    close spelling (normalised edit similarity). "a|b" -> the weight of the more common of the two."""
    min_letters = rules.get("specifics", "fuzzy_min_letters")
    close = rules.get("specifics", "fuzzy_similarity")
    # Sorted: names are matched greedily below, so the order decides which of two close spellings
    # pairs up; a set's order changes with Python's per-process string hash.
    only_x = sorted(t for t in x.names - y.specifics if weights.get(t, 0.0) > 0 and len(t) >= min_letters)
    only_y = sorted(t for t in y.names - x.specifics if weights.get(t, 0.0) > 0 and len(t) >= min_letters)
    out: dict[str, float] = {}
    if not only_x or not only_y:
        return out
    # One vectorised pass (C++) over every pair of names, then the stems: cheap at hundreds of names.
    close_pairs = close_spellings(only_x, only_y, close)
    by_start: dict[str, list[int]] = {}
    for m, b in enumerate(only_y):
        by_start.setdefault(b[:min_letters], []).append(m)
    used: set[str] = set()
    for n, a in enumerate(only_x):
        near = [int(m) for m in np.flatnonzero(close_pairs[n]) if abs(len(a) - len(only_y[m])) <= 2]
        near += [m for m in by_start.get(a[:min_letters], []) if _same_stem(a, only_y[m], min_letters)]
        for m in near:
            b = only_y[m]
            if b not in used:
                out[f"{a}|{b}"] = min(weights[a], weights[b])
                used.add(b)
                break
    return out


_ENDING = 3   # letters a case ending may add or change (-а, -ою, -om, -s)


def _one_per_name(shared: dict[str, float], min_letters: int) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Shared specifics with a name's declined forms counted once, under its shortest form's key and
    with its heaviest form's weight: a Russian and a Polish report both print "Кадыров" and
    "Кадырова" ("Kadyrow", "Kadyrowa"), one man. (A stem shorter than ``fuzzy_min_letters``: these
    forms are each found in both texts, so no spelling is guessed, and "Lapin" / "Lapina" must
    count as one. Two people of one family name, "Ivanov" and "Ivanova", count as one too.)
    Also returns each kept token's forms (itself first)."""
    kept: dict[str, float] = {}
    forms: dict[str, list[str]] = {}
    by_start: dict[str, list[str]] = {}     # forms of one name share their first min_letters letters
    for token in sorted(shared, key=lambda t: (len(t.split("|")[0]), t)):    # shortest form first
        name = token.split("|")[0]
        if token_kind(name) == "name":
            start = by_start.setdefault(name[:min_letters], [])
            twin = next((k for k in start if _same_stem(k.split("|")[0], name, min_letters)), None)
            if twin is not None:
                kept[twin] = max(kept[twin], shared[token])
                forms[twin].append(token)
                continue
            start.append(token)
        kept[token] = shared[token]
        forms[token] = [token]
    return kept, forms


def _one_per_person(shared: dict[str, float], forms: dict[str, list[str]], x: ArticleFacts,
                    y: ArticleFacts) -> tuple[dict[str, float], dict[str, str]]:
    """Shared names that either article writes next to each other (``ArticleFacts.name_partners``)
    counted once, at the weight of the heaviest (its rarest part): "Maria Andreyeva" is one person,
    one piece of evidence, and two reports of two events of her movement shared her as two rare
    names (thirty-seventh set). ``forms``: each name's declined forms (``_one_per_name``). Also
    returns, for each name kept for a longer one, that name as shown ("Maria Andreyeva")."""
    names = [t for t in shared if token_kind(t.split("|")[0]) == "name"]
    if len(names) < 2 or not (x.name_partners or y.name_partners):
        return shared, {}
    together = [(a, b) for a, b in itertools.combinations(names, 2)
                if _written_together(forms[a], forms[b], x, 0) or _written_together(forms[a], forms[b], y, -1)]
    if not together:
        return shared, {}
    parts_of: dict[int, list[str]] = {}
    for token, component in component_of(together).items():
        parts_of.setdefault(component, []).append(token)
    kept, whole = dict(shared), {}
    order = {key: n for n, key in enumerate(x.name_forms)}     # the order x first writes them in
    for parts in parts_of.values():
        heaviest = max(parts, key=lambda t: (shared[t], t))
        for token in parts:
            if token != heaviest:
                del kept[token]
        parts.sort(key=lambda t: order.get(t.split("|")[0], len(order)))
        whole[heaviest] = " ".join(_shown(t, x, y) for t in parts)
    return kept, whole


def _written_together(forms_a: list[str], forms_b: list[str], f: ArticleFacts, side: int) -> bool:
    """Whether ``f`` writes a form of one name next to a form of the other (``side``: which half of
    a fuzzy match "a|b" is ``f``'s spelling, 0 for the first article, -1 for the second)."""
    return any(b.split("|")[side] in f.name_partners.get(a.split("|")[side], ()) for a in forms_a for b in forms_b)


def _same_stem(a: str, b: str, min_letters: int) -> bool:
    """One name in two grammatical cases: a shared beginning of ``min_letters`` or more, and
    endings of at most ``_ENDING`` letters after it."""
    n = 0
    for ca, cb in zip(a, b):
        if ca != cb:
            break
        n += 1
    return n >= min_letters and len(a) - n <= _ENDING and len(b) - n <= _ENDING


def _shown(token: str, x: ArticleFacts, y: ArticleFacts) -> str:
    """A shared specific as a reader would recognise it (the page's spelling of a name)."""
    if "|" in token:
        a, b = token.split("|", 1)
        return f"{x.name_forms.get(a, a)} ~ {y.name_forms.get(b, b)}"
    kind = token_kind(token)
    if kind == "name":
        return x.name_forms.get(token) or y.name_forms.get(token) or token
    if kind == "date":
        return token[1:]
    if kind == "origin":
        return next((c for c in knowledge.known_sources() if c.lower() == token[1:]), token[1:])
    return token if kind == "number" else token[1:]


def _teaser_coverage(x: ArticleFacts, y: ArticleFacts, embeddings: np.ndarray, rules: StoryRules) -> float:
    """For a teaser (a page of a few paragraphs: an aggregator's excerpt, a one-paragraph wire
    version), how closely each of its paragraphs is rendered in the other article, on average.
    The mean of all paragraphs (the centroid) would measure the longer article's other content
    against it, so a teaser of a long report looks less similar than it is."""
    short, other = (x, y) if len(x.rows) <= len(y.rows) else (y, x)
    if not len(short.rows) or not len(other.rows) or len(short.rows) > rules.get("meaning", "teaser_paragraphs"):
        return -1.0
    sims = np.asarray(embeddings[short.rows], dtype=np.float32) @ np.asarray(embeddings[other.rows], dtype=np.float32).T
    return float(sims.max(axis=1).mean())


def _quote_words(q: cl.Quote) -> int:
    return len(q.normalised.split())


def _quotes_at_length(f: ArticleFacts, rules: StoryRules) -> bool:
    """The article quotes someone at ``quotes.apart_words`` words or more."""
    return any(_quote_words(q) >= rules.get("quotes", "apart_words") for q in f.quotes)


def _quote_rarity(quote: cl.Quote, rarity: PassageRarity, rules: StoryRules) -> float:
    runs = shingle_hashes([quote.text], rules.get("passages", "shingle_words"))
    return rarity.total(runs) / len(runs) if len(runs) else 1.0


def _shared_quotes(x: ArticleFacts, y: ArticleFacts, embeddings: np.ndarray, rules: StoryRules,
                   by_meaning: bool, shift: float = 0.0) -> tuple[int, int, tuple[cl.Quote, ...], int]:
    """The longest utterance both quote (in words, the shorter rendering), how many utterances they
    share, its two renderings (the longest quote of each) and in how many pieces one of them quotes it.
    The same whichever article comes first.

    A quote matches when its words match (tolerant of trimming and small changes) or, where the
    model compares both languages, when two long quotes of similar length sit in paragraphs that
    say the same thing (another translation of one utterance). Quotes that match each other, also
    through a third (one report's pieces of the other's whole quote), are one utterance."""
    min_words = rules.get("quotes", "min_words")
    close = rules.get("quotes", "paragraph_similarity") - shift   # a translation scores lower (see caller)
    qx = [q for q in x.quotes if _quote_words(q) >= min_words]
    qy = [q for q in y.quotes if _quote_words(q) >= min_words]
    matches: list[tuple[cl.Quote, cl.Quote, int]] = []
    for a in qx:
        for b in qy:
            wa, wb = _quote_words(a), _quote_words(b)
            same = cl.match_quote_pair(a, b) is not None
            if not same and by_meaning and max(wa, wb) <= 2 * min(wa, wb):
                ra, rb = x.paragraph_rows.get(a.paragraph_id), y.paragraph_rows.get(b.paragraph_id)
                same = ra is not None and rb is not None and float(
                    np.asarray(embeddings[ra], dtype=np.float32) @ np.asarray(embeddings[rb], dtype=np.float32)) >= close
            if same:
                matches.append((a, b, min(wa, wb)))
    return _utterances(matches)


def _utterances(matches: list[tuple[cl.Quote, cl.Quote, int]]) -> tuple[int, int, tuple[cl.Quote, ...], int]:
    """(words, utterances, renderings, pieces) of the longest utterance among matched quote pairs.

    One utterance is a group of quotes that match each other. Its words: those of one report's
    quotes that match the other's, each side capped by its own quotes' lengths (a piece repeated or
    overlapping is not counted twice), so a statement one report quotes whole and the other in
    pieces ("...", the ministry writes: "...") is as long as its pieces, not as its longest piece."""
    component = component_of([(("x", a.normalised), ("y", b.normalised)) for a, b, _ in matches])
    first: dict[int, tuple[str, str]] = {}      # each utterance's least node: utterances in a stable order
    for node, label in component.items():
        first[label] = min(first.get(label, node), node)
    components = sorted(first, key=first.get)
    best: tuple[int, int, tuple[cl.Quote, ...], int] = (0, len(components), (), 1)
    for label in components:
        inside = [(a, b, w) for a, b, w in matches if component[("x", a.normalised)] == label]
        totals = []
        for side in (0, 1):
            pieces: dict[str, dict[str, int]] = {}   # a quote on this side -> {matching piece of the other: words}
            length: dict[str, int] = {}
            for m in inside:
                key = m[side].normalised
                length[key] = _quote_words(m[side])
                pieces.setdefault(key, {})[m[1 - side].normalised] = m[2]
            totals.append((sum(min(length[k], sum(got.values())) for k, got in pieces.items()), len(pieces)))
        words = min(totals[0][0], totals[1][0])
        if words > best[0]:
            renderings = tuple(max((m[side] for m in inside), key=lambda q: (_quote_words(q), q.normalised))
                               for side in (0, 1))
            best = (words, len(components), renderings, max(totals[0][1], totals[1][1]))
    return best
