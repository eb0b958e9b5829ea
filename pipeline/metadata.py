"""Article metadata: dates with their precision, outlets from urls, and what the text itself says.

Everything here is a pure function. Values found by a rule in the text or the url are marked
``Provenance.INFERRED`` by the caller; nothing is ever invented: when a rule finds nothing, the
value stays unknown.
"""
from __future__ import annotations

import calendar
import re
from collections import Counter
import unicodedata
from dataclasses import dataclass, field, replace as _replaced
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit

import pandas as pd

from newslens.knowledge import known_outlets
from pipeline.headline import (HEADLINE_MAX_WORDS, SLUG_WEAK_AGREEMENT, choose_headline, fold, is_cut_teaser, is_glued_menu, is_long_off_slug,
                               is_repeated_word,
                               is_off_slug_label, is_stray_line, names_url_section, opens_with_slug, reading_time_suffix, script_of,
                               slug_agreement, slug_segment, slug_words, spells_slug, url_section_names)
from newslens.sentences import without_closers
from pipeline.rules import Rules, RulesError, load_rules, rules_path
from newslens.languages import UNKNOWN as UNKNOWN_LANGUAGE
from newslens.schema import DatePrecision
from pipeline.clean import (_MONTH_NAMES, DATE_PART_SEPARATOR, DATELINE, YEAR as _YEAR, Reason, agency_match,
                            author_box_names, furniture_reason, is_author_role, is_dateline_place, is_image_markup,
                            join_lone_byline_marker, opens_with_credit, unglued_images)

# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------


@dataclass
class DateInfo:
    """A publication date at its precision, and the window of days it allows."""

    published: str | None = None              # "2022-03-18", "2023-07", "2022" or None
    precision: str = DatePrecision.UNKNOWN
    start: pd.Timestamp = pd.NaT
    end: pd.Timestamp = pd.NaT
    raw: str | None = None
    note: str | None = None
    warnings: list[str] = field(default_factory=list)
    at: str | None = None                     # the exact moment in UTC ("2025-09-25T14:03:00Z") when known

    @property
    def known(self) -> bool:
        """True when the date says anything (a precise date or at least a window)."""
        return self.published is not None or not pd.isna(self.start) or not pd.isna(self.end)


_ISO = re.compile(r"^\s*(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                  r"\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?\s*$", re.IGNORECASE)
_DMY = re.compile(r"^\s*(\d{1,2})([./-])(\d{1,2})\2(\d{4})\s*$")


# A time of day with its zone: "14:33 GMT", "T14:03:00Z", "2:33 pm UTC", "14:03+03:00". A time
# without a zone says nothing exact (whose clock?), so only these are read.
_ZONED_TIME = re.compile(r"(?:(?<=\d)T|\b)(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?\s*([ap])?\.?m?\.?\s*"
                         r"\(?(Z|UTC|GMT|[+-]\d{2}:?\d{2})\)?(?![\w:])", re.IGNORECASE)


def exact_time(raw: str, year: int, month: int, day: int) -> str | None:
    """The moment a day-precise date line states with a time zone, in ISO UTC, else None."""
    m = _ZONED_TIME.search(raw)
    if not m:
        return None
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if m.group(4):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m.group(4).lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    zone = m.group(5).upper()
    offset = "+00:00" if zone in ("Z", "UTC", "GMT") else zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
    stamp = pd.Timestamp(f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{offset}")
    return stamp.tz_convert("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def _today(today: date | None) -> date:
    return today or datetime.now().date()


def _window(year: int, month: int | None, day: int | None) -> tuple[str, str, pd.Timestamp, pd.Timestamp]:
    if day is not None and month is not None:
        ts = pd.Timestamp(year=year, month=month, day=day)
        return f"{year:04d}-{month:02d}-{day:02d}", DatePrecision.DAY, ts, ts
    if month is not None:
        last = calendar.monthrange(year, month)[1]
        return (f"{year:04d}-{month:02d}", DatePrecision.MONTH, pd.Timestamp(year=year, month=month, day=1),
                pd.Timestamp(year=year, month=month, day=last))
    return f"{year:04d}", DatePrecision.YEAR, pd.Timestamp(year=year, month=1, day=1), \
        pd.Timestamp(year=year, month=12, day=31)


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        return False
    return day is None or (month is not None and 1 <= day <= calendar.monthrange(year, month)[1])


def day_and_month(first: int, second: int, separator: str, *, day_first: bool = False) -> tuple[int, int] | None:
    """(day, month) of a numeric date's first two numbers ("06/12/2023": 6, 12), or None when their
    order is unknown. Dots and dashes are day first everywhere this field's outlets publish. Slashes
    are month first in American outlets and day first elsewhere: a number above 12 is the day; when
    both read as a month, the day comes first only on a page whose language writes it so
    (``day_first``: furniture.yaml ``day_first_languages``), else the order is unknown."""
    if separator != "/" or first == second or first > 12:
        return first, second
    if second > 12:
        return second, first
    return (first, second) if day_first else None


def _numeric_parts(raw: str, *, day_first: bool = False) -> tuple[int, int | None, int | None] | str | None:
    """(year, month, day) of a numeric date; a problem ("impossible", "ambiguous") if it is numeric
    but unusable; None if it is not numeric at all. ``day_first``: see ``day_and_month``."""
    m = _ISO.match(raw)
    if m:
        year = int(m.group(1))
        month = int(m.group(3)) if m.group(3) else None
        day = int(m.group(4)) if m.group(4) else None
        return (year, month, day) if _valid(year, month, day) else "impossible"
    m = _DMY.match(raw)
    if m:
        order = day_and_month(int(m.group(1)), int(m.group(3)), m.group(2), day_first=day_first)
        if order is None:
            return "ambiguous"
        year = int(m.group(4))
        return (year, order[1], order[0]) if _valid(year, order[1], order[0]) else "impossible"
    return None


# A numeric day inside a written date's words ("03/04/2024 alle", "03/04/2024 18h20")
_NUMERIC_DAY_IN = re.compile(r"(?<![\d./-])\d{1,2}([./-])\d{1,2}\1\d{4}(?![\d./-])")


# A time of day on the 12-hour clock in capitals ("10:04 AM", "6:20 P.M."): an American site's stamp,
# whatever the page's language. Not in lower case: Latin American Spanish writes its day first with
# "10:04 p.m." (review), and German "am" follows a time ("10:04 am Abend")
_TWELVE_HOUR = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*[AP]\.?\s?M\b")


def reads_day_first(language: str | None, raw: str = "") -> bool:
    """Whether a page in ``language`` writes a slash date day first (furniture.yaml ``day_first_languages``),
    never on a stamp with a 12-hour time (``raw``): "06/12/2023 10:04 AM" is an American site's, on an
    English page the detector read as Russian for the Russian it quotes."""
    return language is not None and language in load_rules().day_first_languages and not _TWELVE_HOUR.search(raw)


def _ambiguous_warning(raw: str, language: str | None) -> str:
    """Why a numeric date reading both ways was not read: the page's language does not settle it."""
    if language is None:
        why = "day and month order unknown"
    elif language == UNKNOWN_LANGUAGE:
        why = "day and month order unknown: the page's language is unknown"
    elif _TWELVE_HOUR.search(raw):
        why = "day and month order unknown: a 12-hour time, as American sites print it, whatever the page's language"
    else:
        why = (f"day and month order unknown: a page in {language!r}, which furniture.yaml day_first_languages "
               "does not list as writing the day first")
    return f"ambiguous date {raw!r} ({why}) rejected; kept as date_raw"


@lru_cache(maxsize=4)
def _dateparser(languages: tuple[str, ...]):
    """dateparser for the written dates of ``languages`` (furniture.yaml ``date_languages``)."""
    from dateparser.data.languages_info import language_order
    from dateparser.date import DateDataParser  # imported lazily: ~0.2 s, and rarely needed

    # (checked here: dateparser itself lets some unknown codes through, and then reads nothing)
    unknown = [code for code in languages if code not in language_order]
    if unknown:
        raise RulesError(f"{rules_path()}: date_languages: dateparser does not know {', '.join(unknown)}")
    return DateDataParser(languages=list(languages),
                          settings={"REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first",
                                    "RETURN_TIME_AS_PERIOD": False,
                                    # relative dates ("2 hours ago") say nothing once scraped
                                    "PARSERS": ["absolute-time"]})


_TIME_TAIL = re.compile(r"(?:[,|•·\-–—]?\s*(?:at|um|о|в|la)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
                        r"\s*(?:\(?[A-Z]{2,5}\)?|[+-]\d{2}:?\d{2})?)\s*$", re.IGNORECASE)
# A printed timestamp may put the time first: "14:33 GMT 20.02.2026", "05:16 PM Feb 23, 2023".
_TIME_HEAD = re.compile(r"^\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*"
                        # a time zone, not the month of the date after it ("05:16 PM Feb 23, 2023")
                        r"(?:(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|$))\(?[A-Z]{2,5}\)?|[+-]\d{2}:?\d{2})?"
                        r"\s*[,|•·\-–—]?\s+(?=\d)", re.IGNORECASE)
# "01 03. 2022": day, month and year separated by spaces and dots (Romanian outlets print it).
_DMY_SPACED = re.compile(r"^\s*(\d{1,2})\.?\s+(\d{1,2})\.?\s+(\d{4})\s*$")


def strip_date_dress(raw: str) -> str:
    """The date itself: its label ("Published:", "Data publicării:") and the time of day removed."""
    text = load_rules().date_label_prefix.sub("", raw)
    text = _TIME_HEAD.sub("", text)
    return _TIME_TAIL.sub("", text).strip(" ,.|")


@lru_cache(maxsize=4096)
def _textual_parts(raw: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a written date in any of dateparser's languages, or None."""
    text = strip_date_dress(raw)
    if not text or not _YEAR.search(text):
        return None
    # A written date is short: "18th Mar 2022", "Wednesday 11 May 2022", "July 2023". Longer lines
    # are sentences that mention a year; dateparser is slow on them and may misread them.
    tokens = text.split()
    has_day = len(re.findall(r"\d+", text)) >= 2
    if len(tokens) > 6 or not (has_day or len(tokens) <= 3):
        return None
    parser = _dateparser(load_rules().date_languages)   # outside the try: a bad language list is loud
    try:
        found = parser.get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input; an odd line is no date
        return None
    if found is None or found.date_obj is None:
        return None
    d = found.date_obj
    if found.period == "day" and len(re.findall(r"\d+", text)) == 2 and not re.search(r"[^\W\d_]", text):
        return None     # "23, 2023": a day and a year, no month; dateparser filled in today's ("12/2023" is a month)
    if found.period == "year":
        return d.year, None, None
    if found.period == "month":
        return d.year, d.month, None
    return d.year, d.month, d.day


def parse_date(value: object, *, today: date | None = None, language: str | None = None) -> DateInfo:
    """A given date (ISO string, written date, or a date object from YAML) at its precision.

    Impossible or future dates are rejected with a warning; the raw string is always kept. ``language``:
    the page's (``UNKNOWN_LANGUAGE`` when not known), which settles a slash date reading both ways
    (``day_and_month``); None for a date that is not a page's (given metadata).
    """
    day_first = reads_day_first(language, value if isinstance(value, str) else "")
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return DateInfo()
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        raw = value.isoformat()
        parts: tuple[int, int | None, int | None] | str | None = (value.year, value.month, value.day)
    else:
        raw = str(value).strip()
        if not raw:
            return DateInfo()
        parts = _numeric_parts(raw, day_first=day_first)
        if parts is None:
            bare = strip_date_dress(raw)
            parts = _numeric_parts(bare, day_first=day_first) if bare != raw else None
            spaced = _DMY_SPACED.match(bare)
            if parts is None and spaced:
                day, month, year = (int(g) for g in spaced.groups())
                parts = (year, month, day) if _valid(year, month, day) else "impossible"
        if parts is None:
            parts = _textual_parts(raw)
            numeric = _NUMERIC_DAY_IN.search(strip_date_dress(raw)) if parts is not None else None
            if numeric:
                # a numeric day with words dateparser read it with ("03/04/2024 alle 18:20"): its numbers
                # are read in the one order (dateparser picked its own, "03/04/2024 18h20" as 4 March)
                parts = _numeric_parts(numeric.group(0), day_first=day_first)
    if parts == "ambiguous":
        return DateInfo(raw=raw, warnings=[_ambiguous_warning(raw, language)])
    if parts == "impossible":
        return DateInfo(raw=raw, warnings=[f"impossible date {raw!r} rejected; kept as date_raw"])
    if parts is None:
        return DateInfo(raw=raw, warnings=[f"unrecognised date {raw!r} rejected; kept as date_raw"])
    published, precision, start, end = _window(*parts)
    if start.date() > _today(today):
        return DateInfo(raw=raw, warnings=[f"future date {raw!r} rejected; kept as date_raw"])
    at = exact_time(raw, *parts) if precision == DatePrecision.DAY else None
    return DateInfo(published, precision, start, end, raw, at=at)


def parse_window_bound(value: object, *, end: bool, today: date | None = None) -> tuple[pd.Timestamp, str | None]:
    """One bound of a given window ("2025-09-25", or "2023-07" meaning its first/last day)."""
    info = parse_date(value, today=today)
    if info.warnings:
        return pd.NaT, info.warnings[0].replace("kept as date_raw", "window bound ignored")
    return (info.end if end else info.start), None


def date_with_window(published: object, start: object, end: object, note: str | None, *,
                     today: date | None = None) -> DateInfo:
    """Combine a given date and/or a given window of possible days into one DateInfo.

    A window narrows what the date's precision allows (000 in the sample: date unknown, on or after
    2025-09-25). A window that contradicts the date is dropped with a warning.
    """
    info = parse_date(published, today=today)
    lo, warn_lo = parse_window_bound(start, end=False, today=today)
    hi, warn_hi = parse_window_bound(end, end=True, today=today)
    info.warnings += [w for w in (warn_lo, warn_hi) if w]
    note = (str(note).strip() or None) if note is not None and not pd.isna(note) else None
    info.note = note
    if pd.isna(lo) and pd.isna(hi):
        return info
    if not pd.isna(lo) and not pd.isna(hi) and lo > hi:
        info.warnings.append(f"date window {lo.date()}..{hi.date()} runs backwards; ignored")
        return info
    if info.published is not None:
        inside = ((pd.isna(lo) or info.start <= lo <= info.end) and (pd.isna(hi) or info.start <= hi <= info.end))
        if not inside:
            info.warnings.append(f"date window does not fit the date {info.published}; window ignored")
            return info
    info.start = lo if not pd.isna(lo) else info.start
    info.end = hi if not pd.isna(hi) else info.end
    return info


# --------------------------------------------------------------------------------------------
# Outlets and urls
# --------------------------------------------------------------------------------------------

# Display names of outlets, by domain (config/outlets.yaml); any other outlet is shown by its domain.
KNOWN_OUTLETS = known_outlets()
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")


def domain_from_url(url: str | None) -> str | None:
    """The site's domain ("https://www.kyivpost.com/post/1" -> "kyivpost.com"), or None."""
    if not url:
        return None
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        host = (urlsplit(text).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if "." not in host or " " in host:
        return None
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix):]
    return host


def outlet_for_domain(domain: str | None) -> str | None:
    """The outlet's display name for a domain (subdomains included), else the domain itself."""
    if not domain:
        return None
    for known, name in KNOWN_OUTLETS.items():
        if domain == known or domain.endswith("." + known):
            return name
    return domain


def domain_of_outlet(domain: str | None) -> str | None:
    """The known-outlet domain a host belongs to ("edition.cnn.com" -> "cnn.com")."""
    if not domain:
        return None
    for known in KNOWN_OUTLETS:
        if domain == known or domain.endswith("." + known):
            return known
    return domain


def _url_path(url: str | None) -> str | None:
    """The path of a url given with or without its scheme; None when there is none to read."""
    if not url:
        return None
    try:
        return urlsplit(url if "://" in url else "https://" + url).path
    except ValueError:
        return None


def title_from_url(url: str | None, text: str | None = None) -> str | None:
    """A title read from the url's slug ("russian-commander-told-troops" -> "Russian commander told
    troops"), or None when the path has no worded slug of four words or more. The slug is the
    path's most worded segment (``pipeline.headline.slug_segment``), so a numeric id or "amp"
    after it ("/russisk-loytnant-jeg-vet/309124", ".../a-fost-fortat.html/amp") does not hide it.
    Each word is written as the article's ``text`` writes it inside its sentences ("north korean"
    -> "North Korean", "nis" -> "NIS"), when it does."""
    words, readable = slug_segment(url, numbers=True)
    if text:
        words = _without_url_labels(words, text)
    if sum(not w.isdigit() for w in words) < 4 or not readable:     # "soldiers-don't-want-to-fight" must not read "Soldiers want to fight"
        return None
    spelled = _spellings(text, {w.casefold() for w in words}) if text else {}
    words = [spelled.get(w.casefold(), w) for w in words]
    if words[0] == words[0].lower():
        words[0] = words[0][:1].upper() + words[0][1:]      # not a recased "iPhone" ("ß" folds to "ss": lower)
    return " ".join(words)


def _without_url_labels(words: list[str], text: str) -> list[str]:
    """A slug's words without the site's id labels opening or closing it (config ``url_id_words``:
    "news-rosyjscy-...", "..._arid"), where the article's ``text`` never uses the word, in any form: a
    video's "Video shows ..." keeps its first word."""
    rules = load_rules()
    used = set(_WORDS_OF_TEXT.findall(fold(text, rules)))       # ("videót" is a form of "video")
    labels = {label for label in rules.url_id_words if not any(word.startswith(label) for word in used)}
    start, end = 0, len(words)
    while start < end and fold(words[start], rules) in labels:
        start += 1
    while end > start and fold(words[end - 1], rules) in labels:
        end -= 1
    return words[start:end]


_WORDS_OF_TEXT = re.compile(r"[^\W\d_]+")


# A word inside a sentence: after a space or a hyphen ("Russia-Ukraine"), not after a sentence's end.
_INNER_WORD = re.compile(r"(?<=[^\s.!?:\"«„“'])(?:[^\S\n]+|-)([^\W\d_]+)")
_ACRONYM_LETTERS = 5        # an all-capital form longer than this is shouting ("SAYS"), not an acronym


def _spellings(text: str, wanted: set[str]) -> dict[str, str]:
    """How ``text`` writes each word of ``wanted`` (folded) inside its sentences, where it never
    writes it in lower case there (a name, an acronym: "Ukraine", "NIS"; not "May" beside the verb
    "may"). Lines in title case or capitals (menus, related links, shouted labels) are not read."""
    counts: dict[str, dict[str, int]] = {}
    for line in text.splitlines():
        words = line.split()
        if line.isupper() or (len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.6 * len(words)):
            continue
        for found in _INNER_WORD.finditer(line):
            word = found.group(1)
            key = word.casefold()
            if key in wanted:
                forms = counts.setdefault(key, {})
                forms[word] = forms.get(word, 0) + 1
    out = {}
    for key, forms in counts.items():
        if key in forms:
            continue
        best = max(forms, key=lambda form: forms[form])
        if not (best.isupper() and len(best) > _ACRONYM_LETTERS):
            out[key] = best
    return out


_SITE_SEPARATOR = re.compile(r"\s+[|–—:\-•·]\s+")


def strip_site_suffix(title: str | None, site: str | None) -> str | None:
    """A page title without the site name pages append or prepend ("Headline | Example News" ->
    "Headline"). Only the given site's name is cut: other text after a bar may be the headline's."""
    if not title or not site:
        return title
    key = " ".join(site.split()).casefold()
    separators = list(_SITE_SEPARATOR.finditer(title))
    if not separators:
        return title
    last, first = separators[-1], separators[0]
    if " ".join(title[last.end():].split()).casefold() == key and title[:last.start()].strip():
        return title[:last.start()].strip()
    if " ".join(title[:first.start()].split()).casefold() == key and title[first.end():].strip():
        return title[first.end():].strip()
    return title


# --------------------------------------------------------------------------------------------
# What the top of the text says: date line, headline, byline
# --------------------------------------------------------------------------------------------

# Short page-furniture labels that are never a headline or a byline.
_FURNITURE = re.compile(
    r"^(?:others are reading( now)?|also read|read also|read more|related( (links|articles|stories))?:?|"
    r"most read|key points|search( icon)?|menu|skip to (main )?content|advertisement|sign up.*|"
    r"subscribe.*|newsletter|share( this( article)?)?|follow us.*|listen to this article|home|news|"
    r"latest news|breaking news|live updates?|top stories|читайте також|читайте также|"
    r"реклама|новини|новости)\s*:?$", re.IGNORECASE)
_NAME_WORD = r"[^\W\d_][^\W\d_'’\-.]*(?:[-'’][^\W\d_]+)*\.?"
_NAME = re.compile(rf"^(?:{_NAME_WORD})(?:\s+{_NAME_WORD}){{1,3}}$")
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&|\bі\b|\bи\b|\bund\b|\bși\b)\s*", re.IGNORECASE)
# Words that make a Titlecase line a label, not a person's name.
_NOT_NAME_WORDS = frozenset(
    "news read more related live updates update stories story latest breaking video photo photos search "
    "menu home world politics war ukraine russia opinion analysis editor editors editorial reporter "
    "desk staff key points share follow subscribe newsletter top most popular sign up "
    # little words that open a sentence, never a name: "On De" ends a page the scrape cut mid-sentence
    # ("the" not: "Por: The Sun" credits a paper)
    "on in at of to from with after before during since when while".split())
_MARKDOWN_DRESS = re.compile(r"^(?:#{1,6}\s+|[*_]{1,3}(?=\S))|(?<=\S)[*_]{1,3}$")
_BODY_WORDS = 25        # a line this long is body text: the top region ends there
_HEADLINE_WORDS = (3, HEADLINE_MAX_WORDS)
_FIRST_LINE_HEADLINE_MIN_WORDS = 2


def _is_name(text: str) -> bool:
    text = text.strip()
    if not _NAME.match(text):
        return False
    words = [w.strip(".") for w in text.split()]
    if any(w.lower() in _NOT_NAME_WORDS for w in words):
        return False
    first = text.split()[0]
    if len(first) == 1:
        return False    # a lone letter is an initial only with its full stop ("В Государственно": a cut sentence)
    if any(len(w) == 1 and w.islower() for w in words):
        return False    # a lower-case letter is a preposition, no initial ("Оскільки з": a sentence cut off)
    # Every word capitalised, not shouted: "Danny Jones", "Jean-Luc de Vries" is too rare to matter.
    return all(w[:1].isupper() and not (len(w) > 2 and w.isupper()) for w in words if len(w) > 1)


_BYLINE_TRAILING_SEPARATOR = re.compile(r"\s+[|•·–—]\s*$")


def byline_author(line: str) -> str | None:
    """The author named in a byline ("by Tim Zadorozhnyy", "Фото автора: Name"), or None."""
    if len(line) > 200:
        return None
    if (pictured := author_box_names(line)) is not None:
        return _byline_people(pictured)          # the author box's photo, labelled with the name
    # a separator the page prints after the name, before a date it left out ("By Jane Doe |")
    m = load_rules().marked_byline.match(_BYLINE_TRAILING_SEPARATOR.sub("", line))
    if not m:
        return None
    agency = agency_match(m.group("names").strip(" ."))
    if agency:      # "By REUTERS": a wire agency is the author the page names
        name = agency.group(0)
        return name.title() if name.isupper() and len(name) > 3 else name
    if load_rules().desk_byline.match(m.group("names").strip(" .")):
        return m.group("names").strip(" .")    # "par Rédaction en ligne": the desk the page credits
    # "By Jane Doe New York Times": the name, then the paper that syndicated the story
    name = _without_outlet_tail(m.group("names").strip(" ."))
    return (name and _byline_people(name)) or _byline_people(m.group("names"))


def _byline_people(text: str) -> str | None:
    """The people a byline's names part lists ("Jane Doe and John Roe"), or None when it names none."""
    names = [n for n in _NAME_SPLIT.split(_EDITOR_INITIALS.sub("", text).strip(" .")) if n]
    people = [n for n in names if _is_name(n)]
    if not people or len(people) < len(names) and not _is_name(names[0]):
        return None
    return ", ".join(people)


def _outlet_key(text: str) -> str:
    return re.sub(r"^The\s+", "", " ".join(text.split()))


@lru_cache(maxsize=1)
def _outlet_keys() -> frozenset[str]:
    return frozenset(_outlet_key(name) for name in KNOWN_OUTLETS.values())


def _is_outlet_name(text: str) -> bool:
    """``text`` is a known outlet as config/outlets.yaml spells it ("The" optional)."""
    return _outlet_key(text) in _outlet_keys()


def _without_outlet_tail(names: str) -> str | None:
    """A byline's names without the paper a story credits after them ("Jane Doe New York Times",
    "Jane Doe, The Washington Post"): a known outlet as config/outlets.yaml spells it ("The"
    optional) or a capitalised wire agency. None when the names end with neither."""
    words = names.split()
    for cut in range(1, len(words)):
        tail = " ".join(words[cut:])
        if _is_outlet_name(tail) or (tail[:1].isupper() and agency_match(tail)):
            return " ".join(words[:cut]).rstrip(" ,;|–—-")
    return None


_EDITOR_INITIALS = re.compile(r"\s*\((?:[a-zäöü]{1,4}(?:/[a-zäöü]{1,4})*)\)$")
_ORGANISATION = re.compile(r"\b(?:gmbh|ag|ltd|inc|llc|plc|s\.?a|srl|verlag|online|media|newspaper|zeitung|"
                           r"www\.|\.com|\.de|\.org)\b|\(www\.", re.IGNORECASE)


def _folded_letters(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().replace("ü", "ue").replace("ö", "oe").replace("ä", "ae"))
    return "".join(c for c in text if c.isalnum() and c.isascii())


# A leading article marks a body, not a person: "The Russian and Syrian defense ministries". Only
# articles that never open a person's name ("Le Van Thanh", "La Toya", "El Hadji", "A Smith" do).
_DETERMINER = re.compile(r"^(?:the|der|die|das)\s", re.IGNORECASE)


def _is_collective(part: str) -> bool:
    """An author part naming a body of people (a ministry, "the editors"), not a person: it opens
    with an article, ends with a lower-case word, or holds two lower-case words of four letters or
    more (a name ends with a capitalised surname; its particles, "de", "van", "da", are short)."""
    if _DETERMINER.match(part):
        return True
    words = re.findall(r"\w+", part)
    if not any(w[:1].isupper() for w in words):
        return False    # "maria schmidt": a name typed without capitals, not a body of people
    long_lower = [w for w in words if len(w) >= 4 and w.islower()]
    if not (len(long_lower) >= 2 or words[-1] in long_lower):
        return False
    # "Jane Doe and the editors": a person named before or after "and" keeps the part
    pieces = re.split(r"\s+(?:and|und|&)\s+", part)
    return not any(len(names := re.findall(r"\w+", piece)) >= 2 and all(w[:1].isupper() for w in names)
                   for piece in pieces)


def person_author(value: str | None, domain: str | None) -> str | None:
    """The people an HTML page's author field names, without the organisation pages put there
    ("Süddeutsche.de GmbH, Munich, Germany", "Deutsche Welle", "Denis Dilba, Heise Online"): a
    part naming a company or the site (its name, or its initials as the domain: DW for dw.com) is
    dropped, with the one-word place names that follow it. None when no person is left."""
    if not value:
        return None
    label = re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", (domain or "").casefold()).split(".")[0]
    label = "" if len(label) < 2 else label
    people: list[str] = []
    after_org = False
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        letters = _folded_letters(part)
        initials = "".join(w[0] for w in part.split() if w[:1].isalpha()).casefold()
        if _ORGANISATION.search(part) or (label and (len(label) >= 4 and _folded_letters(label) in letters
                                                     or initials == label)):
            after_org = True
            continue
        if after_org and len(part.split()) == 1:
            continue    # "Hamburg", "Germany": the organisation's address
        if _is_collective(part):
            continue
        people.append(part)
    return ", ".join(people) or None


def byline_in_text(text: str) -> str | None:
    """The author from the first byline line anywhere in a page's text ("Author: Julia Hitz (eg)",
    "Von Clemens Höges" signed at the end): for HTML pages, whose bylines trafilatura keeps in place."""
    for line in text.splitlines():
        author = byline_author(line.strip())
        if author:
            return author
    return None


TOP_LINE_MAX_CHARS = 2000   # a top line is read up to this many characters (a headline, a byline or a
                            # date line is far shorter; the rest of a long paragraph tells none of them)


def _top_lines(text: str, limit: int) -> list[str]:
    """The first ``limit`` non-empty lines, each with its whitespace runs collapsed and cut at
    TOP_LINE_MAX_CHARS: the date, byline and headline patterns were written for lines as pages print
    them, and a line of a few words padded with thousands of spaces took minutes in them."""
    lines = []
    for raw in text.splitlines():
        # Markdown dress ("# Headline", "*By Jane Doe*") is not part of what the line says.
        raw = " ".join(raw[:TOP_LINE_MAX_CHARS * 4].split())[:TOP_LINE_MAX_CHARS]
        line = _MARKDOWN_DRESS.sub("", unicodedata.normalize("NFC", raw).strip()).strip()
        # an image ("![alt](src)", "<img ...>"), alone or glued to the text, is no line of the text
        lines += [part for part in unglued_images(line) if part and not is_image_markup(part)]
        if len(lines) > limit:
            break
    return join_lone_byline_marker(lines)[:limit]


_LABELLED_DATE_WORDS = 6
# A full date as pages print it: "15.05.2019", "15. Mai 2019", "May 15, 2019" (month names checked by the parser).
PRINTED_DATE = re.compile(r"(?<!\d)(?:\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d|\d{1,2}\.?\s+[^\W\d_]{3,12}\.?,?\s+(?:19|20)\d\d"
                          r"|[^\W\d_]{3,12}\.?\s+\d{1,2},?\s+(?:19|20)\d\d)(?!\d)")
_EMBEDDED_DATE = re.compile(r"(?<!\d)(?:\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d|\d{1,2}\.?\s+[^\W\d_]{3,12}\.?,?\s+(?:19|20)\d\d)(?!\d)")


_TRAILING_WRITTEN_DATE = re.compile(rf"\s+(?P<date>{_EMBEDDED_DATE.pattern})(?:,?\s+\d{{1,2}}:\d{{2}})?$")


def _dateline_author(head: str) -> str | None:
    """The author of a dateline's head: a byline ("By Jane Doe", "Автор: Иван Петров") or a name in
    capitals ("ALONA MAZURENKO"); a name in ordinary case may be a headline's subject or a place."""
    if (author := byline_author(head)) is not None:
        return author
    if is_dateline_place(head):
        return None                      # "NEW YORK – FRIDAY, MARCH 3, 2023": the wire's place
    return head.title() if head.isupper() and _is_name(head.title()) else None


# A date line opening with a weekday the scrape glued to the word before it ("DOEThursday, 24 ...").
_GLUED_WEEKDAY = re.compile(r"^(?P<head>.*?[^\W\d_])(?P<date>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b.*\d.*)$")


def _name_glued_to_date(line: str, today: date | None, *, language: str | None = None) -> tuple[str, str] | None:
    """(the author, the date line) of a byline the scrape glued to the date line after it, no space
    between the name and the weekday ("JANE DOEThursday, 24 February 2022, 16:59",
    "Jane DoeFriday, 7 July 2023"), or None. The name is a person's, in capitals or not."""
    found = _GLUED_WEEKDAY.match(line)
    if not found:
        return None
    info = _is_date_line(found.group("date"), today, language=language)
    if info is None or info.precision != DatePrecision.DAY:
        return None
    head = found.group("head").strip()
    author = _dateline_author(head) or (head if _is_name(head) else None)
    return (author, found.group("date")) if author else None


def _is_dateline_head(head: str, rules) -> bool:
    """What may stand before a dateline's date and its separator: a byline, a name (in capitals or
    not) or a few words (``headline.dateline_rubric_words``); a longer text is a headline with its date."""
    return bool(head) and (_is_name(head.title() if head.isupper() else head) or byline_author(head) is not None
                           or len(head.split()) <= rules.headline_dateline_rubric_words)


def _rubric_dateline(line: str, rules, today: date | None, *, language: str | None = None) -> tuple[DateInfo, str] | None:
    """(the date, the name or rubric before it) of a dateline in any language whose date ends the
    line after a separator ("Война, 10 мар 2023, 07:27", "ALONA MAZURENKO – 14 October 2022"), or None."""
    found = _TRAILING_WRITTEN_DATE.search(line)
    if not found or not _DANGLING_SEPARATOR.search(line[:found.start()]):
        return None
    head = _DANGLING_SEPARATOR.sub("", line[:found.start()])
    if not _is_dateline_head(head, rules):
        return None
    info = parse_date(found.group("date"), today=today, language=language)
    return (info, head) if info.published else None


# A year glued to the word after it ("16.09.2022NewsFocusDetails", "07.02.2023Lesedauer: 2 Min."):
# the scrape dropped the space between the date and the label or rubric printed next to it.
_YEAR_GLUED_TO_WORD = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=[^\W\d_])")


# A numeric day with a two-digit year beside its clock time ("07/29/22 6:32 AM ET", "19:25, 20.11.23"):
# a stamp American papers and some Ukrainian sites print, opening its line or set off by a separator
# ("by Agency - 07/29/22 ..."; not "Version 2.1.23 10:00"). Read with the century only when the order is
# sure (``day_and_month``: "05/06/22" on a page of a day-first language, else left as it is, rejected as
# ambiguous); a year after the build's today stays unread.
_SHORT_DAY = r"(?P<first>\d{1,2})(?P<sep>[/.])(?P<second>\d{1,2})(?P=sep)(?P<year>\d\d)(?![\d/.:])"
_STAMP_AFTER_TIME = rf"|(?<=\d:\d\d)(?P<gap>\s*+,?\s*+){_SHORT_DAY.replace('?P<', '?P<t_').replace('(?P=sep)', '(?P=t_sep)')}"
_BEFORE_TIME = r"(?=\s*+,?\s*+\d{1,2}:\d{2}(?!\d))"
_TWO_DIGIT_YEAR_STAMP = re.compile(rf"(?:^|(?<=[-–—|•·,]\s)|(?<=[-–—|•·,])){_SHORT_DAY}{_BEFORE_TIME}{_STAMP_AFTER_TIME}")
# ...anywhere after a word on a byline's or a date label's line ("By Anna Smith 07/29/22 6:32 AM ET",
# "Опубліковано 20.11.23 19:25")
_TWO_DIGIT_YEAR_LABELLED = re.compile(rf"(?<![\w/.:]){_SHORT_DAY}{_BEFORE_TIME}{_STAMP_AFTER_TIME}")


def _with_century(found: re.Match[str], today: date | None = None, *, language: str | None = None) -> str:
    p = "" if found.group("first") is not None else "t_"
    first, sep, second = int(found.group(p + "first")), found.group(p + "sep"), int(found.group(p + "second"))
    year = 2000 + int(found.group(p + "year"))
    order = day_and_month(first, second, sep, day_first=reads_day_first(language, found.group(0)))
    if order is None:
        return found.group(0)
    day, month = order
    if year > _today(today).year or not _valid(year, month, day):
        return found.group(0)
    return f"{found.group('gap') or ''}{found.group(p + 'first')}{sep}{found.group(p + 'second')}{sep}{year}"


def _unglued(line: str, today: date | None = None, *, language: str | None = None) -> str:
    """The line as the date rules read it: a year glued to the next word set apart, a two-digit year
    of a stamp written out (``_TWO_DIGIT_YEAR_STAMP``)."""
    rules = load_rules()
    stamp = (_TWO_DIGIT_YEAR_LABELLED if rules.marked_byline.match(line) or rules.date_label_prefix.match(line)
             else _TWO_DIGIT_YEAR_STAMP)
    return stamp.sub(lambda found: _with_century(found, today, language=language), _YEAR_GLUED_TO_WORD.sub(r"\1 ", line))


def _is_date_line(line: str, today: date | None, *, language: str | None = None) -> DateInfo | None:
    line = _unglued(line, today, language=language)
    if len(line.split()) > 10 or not _YEAR.search(line):
        return None
    for part in DATE_PART_SEPARATOR.split(line):
        info = parse_date(part, today=today, language=language)
        if info.published or (info.warnings and not info.warnings[0].startswith("unrecognised")):
            return info
    if len(line.split()) <= _LABELLED_DATE_WORDS:
        # "«Podcast» 10.10.2024 Download", "Show name10 October 2024": a date with a short label
        for found in _EMBEDDED_DATE.finditer(line):
            # (the date's own time after it is no label: "dpa 08.11.2024 - 15:49 Uhr")
            rest = (line[:found.start()] + " " + _TIME_TAIL.sub("", line[found.end():])).split()
            if len(rest) <= 3 and not line.rstrip().endswith((".", "!", "?")):
                info = parse_date(found.group(0), today=today, language=language)
                if info.published and info.precision == DatePrecision.DAY:
                    return info
    found = DATELINE.search(line)     # "Vienna, September 7, 2022": a dateline with a place
    if found and len(line.split()) <= 8:
        info = parse_date(found.group(0), today=today, language=language)
        if info.published:
            return info
    return None


_STAMP_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:[ap]\.?m\.?)?$", re.IGNORECASE)
_STAMP_SPLIT = re.compile(r"[\s,|•·]+")
_STAMP_MAX_TOKENS = 8


def is_date_stamp(line: str) -> bool:
    """A date stamp printed without its year, in any language the dates are read in ("29 ДЕК, 12:59
    Обновлено 13:06", "12 März, 14:30", "14:05 | Updated 15:10"): a day and a month name, times and
    the date labels of config/furniture.yaml, nothing else. No date can be read from it, and it is
    never a headline."""
    tokens = [t.strip(":()[]") for t in _STAMP_SPLIT.split(line.strip()) if t.strip(":()[]-–—")]
    if not tokens or len(tokens) > _STAMP_MAX_TOKENS or _YEAR.search(line):
        return False
    labels = load_rules().date_label_words
    rest = [t for t in tokens if not _STAMP_TIME.match(t) and t.casefold() not in labels]
    times = len(tokens) - len(rest) - sum(1 for t in tokens if t.casefold() in labels)
    if not rest:
        return times > 0       # times and labels only ("12:59 Обновлено 13:06")
    # a day and a month name, either order ("29 ДЕК", "Dec. 29"), read with a year added to be sure
    if len(rest) != 2 or sum(t.isdigit() and len(t) <= 2 for t in rest) != 1:
        return False
    if not any(re.fullmatch(r"[^\W\d_]{3,12}\.?", t) for t in rest):
        return False
    return parse_date(" ".join(rest) + " 2000").precision == DatePrecision.DAY


_DATE_LINE_WORDS = 10          # the most words ``_is_date_line`` reads as a date line
_DATE_BELOW_LEAD_LINES = 3     # a day alone on its line this close below the first paragraph dates the page...
_DATE_ALONE_WORDS = 5          # ...when it is this short and no date came before it
_STAMPS_BELOW_LEAD_LINES = 4   # labelled stamps this close below it, under an author box ("Author" / name), too
_GLUED_FURNITURE_WORDS = 6     # the most words of furniture glued after one ("Lesedauer: 1 Min.")


def _next_to_lead(lines: list[str], index: int, first_body: int, most: int) -> bool:
    """Line ``index`` is at most ``most`` lines below the first paragraph (a standfirst), with no other
    paragraph or sentence between them: only a photo caption, an author box."""
    return first_body < index <= first_body + most and not any(
        _is_body_line(lines[j]) or without_closers(lines[j]).endswith((".", "!", "?", "…"))
        for j in range(first_body + 1, index))


def _day_below_lead(lines: list[str], index: int, first_body: int, info: DateInfo) -> bool:
    """Line ``index`` is a day alone on its line just below the first paragraph (a standfirst) and
    its photo caption ("... / Photo: AP"), before any other paragraph or sentence: the page's date
    ("December 27, 2024" under a broadcaster's standfirst), where no date came before it."""
    return (_next_to_lead(lines, index, first_body, _DATE_BELOW_LEAD_LINES) and info.precision == DatePrecision.DAY
            and len(lines[index].split()) <= _DATE_ALONE_WORDS)


def date_before_furniture(line: str, today: date | None, *, language: str | None = None) -> str | None:
    """The date part of a line that is a date line with page furniture glued after it
    ("Aktualisiert am 29.08.2022 - 11:37 Uhr Lesedauer: 1 Min."), or None. Such a line is the
    page's date, never its headline."""
    words = _unglued(line, today, language=language).split()
    year_word = next((n for n, word in enumerate(words) if _YEAR.search(word)), None)
    if year_word is None or len(words) > _DATE_LINE_WORDS + _GLUED_FURNITURE_WORDS:
        return None                  # a date line has a year: most lines are done here
    # The longest furniture tail first, so the date part keeps nothing of it.
    for cut in range(max(year_word + 1, len(words) - _GLUED_FURNITURE_WORDS), min(len(words), _DATE_LINE_WORDS + 1)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        # (or an update's label and time after the publication's: "2026-01-27 17:54 Last Updated At:18:00")
        if ((furniture_reason(tail) is not None or load_rules().update_tail.match(" " + tail))
                and _is_date_line(head, today, language=language) is not None):
            return head
    return None


_BYLINE_NAME_WORDS = 8     # the most words of a byline beside its date ("by The Example Independent news desk")


@lru_cache(maxsize=4)
def _byline_after_date(markers: str) -> re.Pattern[str]:
    """A byline's marker (config ``byline_markers``) after the date, set apart or glued by the scrape to
    the time's "am"/"pm" or a digit ("June 19, 2022 12:02 pmby The Kyiv Independent news desk", set 26)."""
    return re.compile(rf"(?:(?<=\s)|(?<=\d)|(?<=[ap]m)|(?<=[ap]\.m\.))(?:{markers})\s*:?\s+\S", re.IGNORECASE)


# What a furniture tail may not be: the date's own time ("11:36 AM" is a date line to cleaning)
_DATE_REASONS = (Reason.DATE_LINE, Reason.DATELINE)


class DatedByline(NamedTuple):
    author: str | None      # None when the byline names no person ("Von t-online , wan")
    date: str               # the date part, with its time
    byline: str             # the byline part, from its marker on ("by Name", "Von t-online , wan")


def dated_byline(line: str, today: date | None = None, *, language: str | None = None) -> DatedByline | None:
    """The author, date and byline of a byline line that carries the page's date: the byline, then the
    date and its time ("Von t-online , wan 01.11.2025 - 01:48 Uhr", set 37), or the date first ("June
    19, 2022 12:02 pmby Name"), maybe with furniture glued after them (a reading time, a comment count,
    a share button: ``furniture_reason``). Read only when the byline names a person or the line carries
    such furniture: a headline or a sentence that opens with "By" or "Von" and closes with a date does
    neither. None for any other line (cleaning asks of every one)."""
    rules = load_rules()
    line = _unglued(line, today, language=language)
    if not _YEAR.search(line) or not (rules.marked_byline.match(line)
                                      or _byline_after_date(rules.byline_markers).search(line)):
        return None
    words = line.split()
    year_word = next(n for n, word in enumerate(words) if _YEAR.search(word))
    if len(words) > _DATE_LINE_WORDS + _BYLINE_NAME_WORDS + _GLUED_FURNITURE_WORDS:
        return None
    # The longest furniture tail first, so the date part keeps nothing of it.
    cut = next((c for c in range(max(year_word + 1, len(words) - _GLUED_FURNITURE_WORDS), len(words))
                if _is_furniture_tail(" ".join(words[c:]))), len(words))
    text, furnished = " ".join(words[:cut]), cut < len(words)
    return (_byline_then_date(text, furnished, today, language=language)
            or _date_then_byline(text, furnished, today, language=language))


def _is_furniture_tail(tail: str) -> bool:
    """Page furniture in words glued after a date (not the date's own time, not a bare number)."""
    return re.search(r"[^\W\d_]", tail) is not None and furniture_reason(tail) not in (None, *_DATE_REASONS)


def _is_day(text: str, today: date | None, *, language: str | None = None) -> bool:
    info = parse_date(text, today=today, language=language)
    return info.published is not None and info.precision == DatePrecision.DAY


_INITIALS_LETTERS = 4      # a lower-case word this short in a byline: an editor's initials ("wan"), a particle, "desk"


def _credits_no_person(byline: str) -> bool:
    """A byline that names no person but a site, a desk or an editor's initials ("Von t-online , wan",
    "by The Kyiv Independent news desk"): each word capitalised, short or a site's name ("t-online"). A
    headline opening with a byline's word has longer lower-case words ("De ce au fugit soldații"), or
    a colon inside ("By The Numbers: Russian Desertions")."""
    names = load_rules().marked_byline.match(byline)
    return bool(names) and ":" not in names.group("names") and all(
        w[:1].isupper() or len(w) <= _INITIALS_LETTERS or re.search(r"\w[.-]\w", w)
        for w in re.findall(r"[\w.-]+", names.group("names")))


def _byline_then_date(text: str, furnished: bool, today: date | None, *, language: str | None = None) -> DatedByline | None:
    """``dated_byline`` for a byline whose date closes it: the longest run of last words that reads as a day."""
    marked = load_rules().marked_byline
    if not marked.match(text):
        return None
    words = text.split()
    start = None
    for j in range(len(words) - 1, max(0, len(words) - _DATE_LINE_WORDS - 1), -1):
        if _is_day(" ".join(words[j:]), today, language=language):
            start = j
        elif start is not None:
            break                        # the name before the date: "Doe 12 April 2023" is no day
    if not start:
        return None
    head = _DANGLING_SEPARATOR.sub("", " ".join(words[:start]))
    if _YEAR.search(head) or len(head.split()) > _BYLINE_NAME_WORDS or not marked.match(head):
        return None                      # (another date before it: a line of labelled dates, read elsewhere)
    author, day = byline_author(head), " ".join(words[start:])
    if not _stamped(head, furnished or _CLOCK.search(day) is not None):
        return None
    return DatedByline(author, day, head) if author or (furnished and _credits_no_person(head)) else None


def _stamped(byline: str, stamped: bool) -> bool:
    """A dated byline opened by another word than "By" (``by_bylines``: "Von", "De", "Autor") is read only
    with its time or furniture after the date: those words open headings too, and a capitalised one
    reads as a name ("De Ziua Victoriei, 9 mai 2023", "Von Moskau Kritik, 12.03.2024")."""
    return stamped or load_rules().by_byline.match(byline) is not None


def _date_then_byline(text: str, furnished: bool, today: date | None, *, language: str | None = None) -> DatedByline | None:
    """``dated_byline`` for a date that opens the line, the byline after it; read with the date's time too."""
    for found in _byline_after_date(load_rules().byline_markers).finditer(text):
        head, byline = _DANGLING_SEPARATOR.sub("", text[:found.start()].strip()), text[found.start():]
        if not 0 < len(head.split()) <= _DATE_LINE_WORDS or not _is_day(head, today, language=language):
            continue                     # ("12 de abril de 2023": "de" inside the date)
        if len(byline.split()) > _BYLINE_NAME_WORDS or _YEAR.search(byline):
            return None
        author, stamped = byline_author(byline), furnished or _CLOCK.search(head) is not None
        if not _stamped(byline, stamped):
            return None
        return DatedByline(author, head, byline) if author or (stamped and _credits_no_person(byline)) else None
    return None


# A dateline whose date and time come first, then a dash and its source ("26 октября 2022, 13:50 — <Agency>
# — <ABBR>", "12.03.2024 14:05 | Example News"): the date, the separator, a few words.
# ... or the source in square brackets ("24 августа 2024, 13:40 [ «Аргументы Недели» ]", set 31)
_DATE_THEN_SOURCE = re.compile(r"^(?P<date>.*?\d{1,2}[:.]\d{2})\s+(?:[–—|-]\s+(?P<source>\S.*)|\[\s*(?P<bracketed>[^\]\s][^\]]{0,80}?)\s*\])$")


def date_before_source(line: str, today: date | None = None, *, language: str | None = None) -> str | None:
    """The date part of a dateline printed as its date and time, a dash and the source after it (at
    most ``headline.dateline_rubric_words`` words, dashes left out), or None. Never a headline."""
    found = _DATE_THEN_SOURCE.match(line)
    if not found or not _YEAR.search(found.group("date")):
        return None
    source = [w for w in (found.group("source") or found.group("bracketed")).split() if w.strip("–—|-")]
    if not source or len(source) > load_rules().headline_dateline_rubric_words:
        return None
    return found.group("date") if _is_date_line(found.group("date"), today, language=language) is not None else None


_MENU_LIST = re.compile(r"[^\W\d_]+(?:\s*,\s*[^\W\d_]+){2,}")
_CLOCK = re.compile(r"(?<![\d:.])\d{1,2}:\d{2}(?![\d:])")


def _is_headline_shaped(line: str, *, first: bool = False) -> bool:
    """A few words, no closing full stop, not furniture. The very first line of a text is what a
    headline looks like in a saved article, so there a two-word or all-caps headline counts too
    ("Бунт мобилизованных", "ДЕЗЕРТИРЫ ИЗ КУРСКА"); further down such lines are usually labels."""
    words = line.split()
    min_words = _FIRST_LINE_HEADLINE_MIN_WORDS if first else _HEADLINE_WORDS[0]
    if not min_words <= len(words) <= _HEADLINE_WORDS[1]:
        return False
    if line.endswith((".", ":", ";", ",")) and not line.endswith("..."):
        return False
    if line[:1] in "•-*–—>#" or _FURNITURE.match(line) or (line.isupper() and not first):
        return False
    if sum(1 for c in line if c.isalpha()) < 2 * len(words):
        return False   # mostly digits or symbols: a score line, a code, not a headline
    if len(words) <= _DATE_LINE_WORDS and _YEAR.search(line) and _CLOCK.search(line):
        return False   # a day with its time in a form not read as a date ("Среда, 21 января 2026, 10:13 мск")
    if _MENU_LIST.fullmatch(line) and all(item.strip()[:1].isupper() for item in line.split(",")):
        return False   # capitalised single words in a comma list: a menu ("Новости, Кратко, Популярное"),
                       # not "Бежать, прятаться, молчать"
    if is_glued_menu(line):
        return False
    return line[:1].isupper() or line[:1] in "\"'“‘«„"


def _may_be_headline(line: str) -> bool:
    """Worth scoring as a headline at all: not a bullet, a code, a UI label, a shouted label, or a
    short line stamped with a time and a numeric date (a byline glued to its stamp, "Yuri Kobzar19:25,
    20.11.23": set 26's story was named by it)."""
    words = line.split()
    return (bool(words) and line[:1] not in "•-*–—>#" and not _FURNITURE.match(line)
            and sum(1 for c in line if c.isalpha()) >= 2 * len(words)
            and not (len(words) <= _STAMPED_LINE_WORDS and _TIME_AND_DATE.search(line)))


# A time of day and a numeric date beside it, either order ("19:25, 20.11.23", "20.11.2023 19:25"),
# glued to letters or not: no headline prints its own time stamp.
_TIME_AND_DATE = re.compile(r"\d{1,2}:\d{2}\s*,?\s*\d{1,2}[./]\d{1,2}[./]\d{2,4}(?!\d)"
                            r"|(?<!\d)\d{1,2}[./]\d{1,2}[./]\d{2,4}\s*,?\s*\d{1,2}:\d{2}(?!\d)")
_STAMPED_LINE_WORDS = 6


@dataclass
class TopOfText:
    """What a rule found in the first lines of an article (each None when nothing was found)."""

    title: str | None = None
    author: str | None = None
    date: DateInfo | None = None
    title_note: str | None = None             # which line won the headline and why
    warnings: list[str] = field(default_factory=list)


_HAS_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
# What is left of a line whose trailing date was cut, ending with a separator ("Name –", "Section |").
_DANGLING_SEPARATOR = re.compile(r"\s*[–—|•·,:-]\s*$")
# A date printed at the end of the headline line: "Headline words Sunday, February 26, 2023 2:30 PM",
# "Headline words 7.12.2025, 19:51" (a numeric date only with its time, checked where it is read).
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_TRAILING_DATE = re.compile(
    rf"\s+(?P<date>(?P<weekday>{_WEEKDAY},?\s+)?(?:(?:(?:{_MONTH_NAMES})\.?\s+\d{{1,2}},?"
    rf"|\d{{1,2}}\.?\s+(?:{_MONTH_NAMES})\.?,?)\s+(?:19|20)\d\d|\d{{1,2}}\.\d{{1,2}}\.(?:19|20)\d\d)"
    rf"(?P<time>,?\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?)?)$",
    re.IGNORECASE)
# the bullets between a byline's name, its date and its time ("By Jane Doe • 28 October 2022 • 3:04")
_BYLINE_TAIL_BULLET = re.compile(rf"\s+[•·]\s+(?=(?:\d|{_WEEKDAY}\b|(?:{_MONTH_NAMES})\b))", re.IGNORECASE)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)(?:[/-]?(0[1-9]|1[0-2])(?:[/-]?(0[1-9]|[12]\d|3[01]))?)?(?=[/-]|$)")
# A whole day as one token of a slug: "-20231127-" (year, month and day run together, between
# hyphens, dots or underscores; also day, month, year: "-18052023-", as Ukrainian sites write it)
# or "/23sep2022/" (day, English month abbreviation, year).
# The day token counts only beside a slug word ("-20231127-word", "word-20231127"): alone as the
# last segment or next to an id ("article-20150612.html", "id_20101010_photo") it may be a number.
# (No token reads both ways: a day-first token read year first would have 19 or 20 as its month.)
_URL_DAY_TOKEN_AT = r"(?:(?<=[^\W\d_]{3}[_-])|(?<=[/_-])(?=\d{8}[_-][^\W\d_]{3,}))"
_URL_DAY_TOKEN = re.compile(_URL_DAY_TOKEN_AT + r"((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[._/-]|$)",
                            re.IGNORECASE)
_URL_DAY_TOKEN_DMY = re.compile(_URL_DAY_TOKEN_AT + r"(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])((?:19|20)\d\d)(?=[._/-]|$)",
                                re.IGNORECASE)
_URL_DAY_MONTH_YEAR = re.compile(rf"(?<=[/_-])(\d{{1,2}})({_MONTH_NAMES})((?:19|20)\d\d)(?=[/._-]|$)", re.IGNORECASE)
# A day as three folders, written unpadded ("/2023/4/12/") or day first ("/01/11/2025/", as Russian
# sites write it). An American site's month-first "/04/12/2023/" reads as 4 December, so a day-first
# reading both ways (day and month both 12 or less) only dates a page that prints no date: it never
# rejects a printed one as the site's (``url_date(..., ambiguous=False)``).
_URL_DATE_FOLDERS = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?=[/._-]|$)")
_URL_DATE_FOLDERS_DMY = re.compile(r"/(0?[1-9]|[12]\d|3[01])/(0?[1-9]|1[0-2])/((?:19|20)\d\d)(?=/|$)")
# The month as an English name or abbreviation between the year and day folders, any case
# ("/stories/2023/apr/21/", "/nation/2024/Mar/08/"), as some American and Indian outlets write it.
_URL_DATE_FOLDERS_MONTH_NAME = re.compile(rf"/((?:19|20)\d\d)/({_MONTH_NAMES})/(0?[1-9]|[12]\d|3[01])(?=[/._-]|$)",
                                          re.IGNORECASE)
# The Czech MAFRA sites' article code ("idnes.cz/...-odskodne.A250915_142046_zahranicni_dtt"): "A", the
# day as yymmdd, "_", the time as hhmmss; only that exact shape, with a valid day and time.
_URL_MAFRA_CODE = re.compile(r"(?<=[./_-])A(\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])_(?:[01]\d|2[0-3])[0-5]\d[0-5]\d(?=[_./-]|$)")
# A slug that ends with the day written out: month name, day, year ("...-irkutsk-region-september-26-2022/").
_URL_SLUG_END_DATE = re.compile(rf"(?<=[^\W\d_]-)({_MONTH_NAMES})-(0?[1-9]|[12]\d|3[01])-((?:19|20)\d\d)(?=/?$|\.s?html?$)",
                                re.IGNORECASE)
# A day written with dots as a folder ("/novosti/02.01.2023/slug"): day first, as every site writing
# dotted dates does.
_URL_DATE_DOTTED = re.compile(r"/(0?[1-9]|[12]\d|3[01])\.(0?[1-9]|1[0-2])\.((?:19|20)\d\d)(?=/|$)")
# A slug that ends with the day, day first ("...-moskva-snova-otpravlyayut-voevat-21-06-2022.html"); one
# that reads month first too ("-04-05-2022") dates only a page printing no date (as the day-first folders).
_URL_SLUG_END_DMY = re.compile(r"(?<=[^\W\d_]-)(0[1-9]|[12]\d|3[01])-(0[1-9]|1[0-2])-((?:19|20)\d\d)(?=/?$|\.s?html?$)")
# ...or with the moment run together, day first, with a valid time ("...-na-sluzhbe-06032019153100").
_URL_SLUG_END_MOMENT = re.compile(r"(?<=[^\W\d_]-)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])((?:19|20)\d\d)"
                                  r"(?:[01]\d|2[0-3])[0-5]\d[0-5]\d(?=/?$|\.s?html?$)")
# A segment of a few letters and the day as yyyymmdd, then "_" and an id: the Mediahuis sites' article
# code ("standaard.be/cnt/dmf20220406_92900203").
_URL_LETTERS_DAY_ID = re.compile(r"(?<=/)[a-z]{2,4}((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])_\d{4,}(?=[/.?]|$)")
# A letter code, then the day and the time run together as yyyymmddhhmm, ending the page: BFM's
# article code ("..._AV-202501080518.html", set 32). Twelve digits a valid day and time: no unix
# timestamp (ten digits) nor id reads so.
_URL_CODE_MOMENT = re.compile(r"(?<=[_/-][A-Z]{2}-)((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
                              r"(?:[01]\d|2[0-3])[0-5]\d(?=/?$|\.s?html?$)")
# A Unix time (ten digits, seconds since 1970: 2001 to 2286) glued by a hyphen or underscore to a worded
# slug ("...-perehopilo-peregovori-1767971286.html", "/1697456731-v-gur-raskryli-...", "...-befehlsverweigerung-
# 1698351363-15928"), as some Ukrainian and German sites stamp their pages. A number alone as a folder
# ("/1609844136/slug": an id that happens to read as 2021) or beside other numbers only is no time. Like the
# day-first shapes that read both ways, it only dates a page printing no date (``ambiguous``): a ten-digit id
# read as a time must never reject a printed date.
_URL_UNIX_TIME = re.compile(r"(?<=[/_-])(1\d{9})(?=[_./-]|$)")
# The day-first shapes (day, month, year groups), and whether one may read month first as well.
_URL_DAY_FIRST = ((_URL_DATE_FOLDERS_DMY, True), (_URL_DATE_DOTTED, False), (_URL_SLUG_END_DMY, True),
                  (_URL_SLUG_END_MOMENT, False))
_MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


_LABELLED_PART_WORDS = 8     # the most words of one labelled date part of a longer line


def _labelled_date_parts(line: str, rules: Rules, today: date | None, *,
                         language: str | None = None) -> tuple[DateInfo | None, DateInfo | None] | None:
    """The publication and update dates of a line's parts between bars that open with a date label
    ("... | Created at 2024-09-22 16:05:09 | Updated at 2024-09-30 ..."), or None when it has none."""
    parts = DATE_PART_SEPARATOR.split(line)
    if len(parts) < 2:
        return None
    published = update = None
    for part in parts:
        if len(part.split()) > _LABELLED_PART_WORDS or not rules.date_label_prefix.match(part):
            continue
        info = parse_date(part, today=today, language=language)
        if info.published is None:
            continue
        if rules.update_label.match(part):
            update = update or info
        else:
            published = published or info
    return (published, update) if published is not None or update is not None else None


def _updated_only(info: DateInfo, line: str) -> DateInfo:
    """An "Updated ..." line bounds the publication from above; it is not the publication date."""
    if info.published is None:
        return info
    return DateInfo(None, DatePrecision.UNKNOWN, pd.NaT, info.end, line,
                    f"publication date not printed; the page says it was updated on {info.published}")


def _is_body_line(line: str) -> bool:
    """A paragraph of the article: long, or a sentence of some length ending with a full stop."""
    words = len(line.split())
    return words >= 40 or (words >= 15 and without_closers(line).endswith((".", "!", "…")))


def _any_slug_word(words: list[str]) -> bool:
    """Whether one of a url's words is a slug's word: letters, at least three, not a site's id label."""
    id_words = load_rules().url_id_words
    return any(len(w) >= 3 and w.isalpha() and w.casefold() not in id_words for w in words)


def _beside_slug_word(path: str, match: re.Match) -> bool:
    """A day token with a worded slug beside it ("story-20231127-troops"), not an id's parts."""
    before = re.split(r"[/._-]", path[:match.start()].rstrip("/._-"))[-1:]
    after = re.split(r"[/._-]", path[match.end():].lstrip("._-"))[:1]
    if path[match.end():match.end() + 1] == ".":
        after = []    # "troops-20231127.html": the file extension is no slug word
    return _any_slug_word(before + after)


def _in_worded_segment(path: str, match: re.Match) -> bool:
    """A number glued by "-" or "_" into a path segment that has a slug word ("peregovori-1767971286.html")."""
    start = path.rfind("/", 0, match.start()) + 1
    end = path.find("/", match.end())
    segment = path[start:end if end >= 0 else len(path)]
    rest = segment[:match.start() - start] + " " + segment[match.end() - start:]
    rest = re.sub(r"\.s?html?$|\.php$", "", rest.strip())
    glued = path[match.start() - 1] in "-_" or path[match.end():match.end() + 1] in ("-", "_")
    return glued and _any_slug_word(re.split(r"[._\s-]+", rest))


def _unix_day(match: re.Match) -> tuple[int, int, str]:
    """The UTC day of a Unix time in seconds."""
    moment = datetime.fromtimestamp(int(match.group(1)), tz=timezone.utc)
    return moment.year, moment.month, f"{moment.day:02d}"


def url_date(url: str | None, *, today: date | None = None, ambiguous: bool = True) -> DateInfo | None:
    """The date in a url's path ("/2023/10/27/", "/20231231/", "/2014-06-03-slug"), or None;
    ``ambiguous=False`` leaves out a day-first folder date that reads month first as well."""
    path = _url_path(url)
    if path is None:
        return None
    found = [(int(m.group(1)), int(m.group(2)) if m.group(2) else None, m.group(3), m)
             for m in _URL_DATE.finditer(path)]
    found += [(int(m.group(1)), int(m.group(2)), m.group(3), m) for m in _URL_DAY_TOKEN.finditer(path)
              if _beside_slug_word(path, m)]
    found += [(int(m.group(3)), int(m.group(2)), m.group(1), m) for m in _URL_DAY_TOKEN_DMY.finditer(path)
              if _beside_slug_word(path, m)]
    found += [(int(m.group(3)), _MONTH_ABBREVIATIONS.index(m.group(2)[:3].lower()) + 1, m.group(1), m)
              for m in _URL_DAY_MONTH_YEAR.finditer(path)]
    found += [(2000 + int(m.group(1)), int(m.group(2)), m.group(3), m) for m in _URL_MAFRA_CODE.finditer(path)]
    found += [(int(m.group(3)), _MONTH_ABBREVIATIONS.index(m.group(1)[:3].lower()) + 1, m.group(2), m)
              for m in _URL_SLUG_END_DATE.finditer(path)]
    found += [(int(m.group(1)), int(m.group(2)), m.group(3), m) for m in _URL_DATE_FOLDERS.finditer(path)]
    found += [(int(m.group(1)), _MONTH_ABBREVIATIONS.index(m.group(2)[:3].lower()) + 1, m.group(3), m)
              for m in _URL_DATE_FOLDERS_MONTH_NAME.finditer(path)]
    found += [(int(m.group(3)), int(m.group(2)), m.group(1), m) for pattern, both_ways in _URL_DAY_FIRST
              for m in pattern.finditer(path) if ambiguous or not both_ways or int(m.group(1)) > 12]
    found += [(int(m.group(1)), int(m.group(2)), m.group(3), m) for m in _URL_LETTERS_DAY_ID.finditer(path)]
    found += [(int(m.group(1)), int(m.group(2)), m.group(3), m) for m in _URL_CODE_MOMENT.finditer(path)]
    if ambiguous:
        earliest = load_rules().url_unix_earliest_year
        found += [(*day, m) for m in _URL_UNIX_TIME.finditer(path)
                  if _in_worded_segment(path, m) and (day := _unix_day(m))[0] >= earliest]
    if all(y == found[0][0] for y, *_ in found):
        # "/2023/story-20231127-x": candidates that agree, the most precise first
        found.sort(key=lambda item: (item[2] is None, item[1] is None))
    for year, month, day, match in found:
        if _valid(year, month, int(day) if day else None):
            published, precision, start, end = _window(year, month, int(day) if day else None)
            if start.date() <= _today(today):
                # raw keeps the url's own slashes ("/2023/07"): a bare "2023/07" reads as an issue number
                how = "from the url (a Unix time)" if match.re is _URL_UNIX_TIME else "from the url"
                return DateInfo(published, precision, start, end, "/" + match.group(0).strip("/"), how)
    return None


def _distance_days(a: DateInfo, b: DateInfo) -> float:
    """Days between two date windows (0 when they overlap)."""
    if b.start > a.end:
        return (b.start - a.end).days
    if a.start > b.end:
        return (a.start - b.end).days
    return 0


def _choose_date(found: list[tuple[int, DateInfo, str]], title_index: int | None, url_info: DateInfo | None,
                 max_days: int, url_check: DateInfo | None) -> tuple[DateInfo | None, list[str]]:
    """The publication date among printed dates; site dates (a header clock) rejected with a warning.

    A printed date far (more than ``max_days``) from the url's unambiguous date (``url_check``), or
    printed above the headline while another printed date below it disagrees, belongs to the site, not
    the article; ``url_info`` (which may be a reading only good for a page printing no date) is the
    fallback.
    """
    warnings: list[str] = []
    kept: list[tuple[int, DateInfo, str]] = []
    for index, info, line in found:
        if not info.published:
            kept.append((index, info, line))
            continue
        others = [o for j, o, _ in found if j != index and o.published]
        if url_check is not None and _distance_days(info, url_check) > max_days:
            warnings.append(f"date {line!r} rejected as the site's, not the article's: "
                            f"{_distance_days(info, url_check):.0f} days from the url's date {url_check.published}")
            continue
        if (title_index is not None and index < title_index and others
                and all(_distance_days(info, o) > max_days for o in others)):
            warnings.append(f"date {line!r} above the headline rejected as the site's (a header clock): "
                            f"it disagrees with the date printed with the article")
            continue
        kept.append((index, info, line))
    printed = [k for k in kept if k[1].published]
    if printed:
        after = [k for k in printed if title_index is None or k[0] > title_index]
        return (after or printed)[0][1], warnings
    if url_info is not None:
        return url_info, warnings
    return (kept[0][1] if kept else None), warnings


# A name printed after a dash or a bullet on its own line ("- Jane Doe", "• Jane Doe"): a byline
# under the headline, or the signature that ends the text.
_DASHED_NAME = re.compile(r"^[-–—•]\s*(?P<name>\S.*)$")


_CLOSING_QUOTES = ('"', "\u201d", "\u00bb", "\u201c", "'", "\u2019")


def _dashed_name(lines: list[str], index: int) -> str | None:
    """The name a dashed or bulleted line names, unless a line beside it is dashed too (a menu or a
    list of people, not a byline), the line before ends a quotation (the speaker it is attributed
    to: "... we will hold.” / - Jane Doe"), or the name is a wire agency's or an outlet's."""
    found = _DASHED_NAME.match(lines[index])
    if not found or not _is_name(found.group("name")):
        return None
    name = found.group("name").strip()
    if agency_match(name) or _is_outlet_name(name):
        return None
    if index > 0 and lines[index - 1].rstrip().endswith(_CLOSING_QUOTES):
        return None
    beside = [lines[j] for j in (index - 1, index + 1) if 0 <= j < len(lines)]
    return None if any(_dashed_item(line) for line in beside) else name


def _dashed_item(line: str) -> bool:
    """A dashed or bulleted line of words: a menu item or another person, not the date or the view
    count a byline's list goes on with ("- Jane Doe", "- 28.10.2025, 9:38", "- 2,008")."""
    found = _DASHED_NAME.match(line)
    if not found:
        return False
    item = found.group("name")
    return any(c.isalpha() for c in item) and _is_date_line(item, None) is None


def _tail_signature(text: str) -> str | None:
    """A reader's letter or a column signed at its end: a lone name line (or "- Name"), maybe followed by a place."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()][-3:]
    if len(lines) < 2:
        return None
    for i in (len(lines) - 1, len(lines) - 2):
        tail = lines[i + 1:]
        name = lines[i] if _is_name(lines[i]) else _dashed_name(lines, i)
        if (name and furniture_reason(lines[i]) is None and i > 0 and len(lines[i - 1].split()) >= 8
                and all(len(t.split()) <= 2 and not t.endswith(".") for t in tail)):
            return name
    return None


# An Austrian-style sign-off closing the article's last paragraph: the editor's initials or the agency,
# then the day ("... verbreiten. (bed, 31.5.2022)", "(APA, 19.2. 2019)", "(red, APA, 3.10.2023)").
_SIGN_OFF_DATE = re.compile(r"\((?:[^\W\d_][\w./-]{1,11},\s*){1,3}(0?[1-9]|[12]\d|3[01])\.\s?(0?[1-9]|1[0-2])\.\s?"
                            r"((?:19|20)\d\d)\)\s*$")
_SIGN_OFF_LINES = 12     # read from the end: the sign-off closes the article, furniture may follow it


# A wire dateline opening the article's first paragraph: place, date, the agency in brackets, a dash
# ("Москва, 21 март 2022 (МИА) – „Комсомолскаја правда“ ...", "Warszawa, 12 marca 2024 (PAP) - ...", set 32)
_WIRE_DATELINE = re.compile(r"^[^\W\d_][\w .'’-]{1,30},\s+(?P<date>[^()]{6,30}?)\s*\((?:[^()\d]{2,20})\)\s*[–—-]\s+\S")


# The day alone opening the article's first paragraph, then a dash, or glued by the scrape to the lead's
# first word ("Wednesday, 28 September 2022 – A young man ...", "November 14, 2024Germany is ...", sets 27, 39)
_LEAD_DATE = re.compile(r"^(?P<date>[^–—]{6,40}?(?:19|20)\d\d)(?:\s+(?P<dash>[–—-])\s+|(?=[^\W\d_]))")
_LEAD_DATE_WORDS = 6
_LEAD_ASIDE_WORDS = 8      # a second dash this close after the first closes an aside ("– Victory Day –")
_CLOSING_DASH = re.compile(r"\s[–—-]\s")


def _lead_day(line: str, today: date | None, *, language: str | None = None) -> DateInfo | None:
    """The whole day ``_LEAD_DATE`` reads at the start of ``line``, or None. After a dash the lead's
    clause opens with a capital and does not close again a few words on: "9 May 1945 – Victory Day –
    is ..." and "February 24, 2022 – a date every ..." are a day the lead is about, not its dateline."""
    lead = _LEAD_DATE.match(line)
    if not lead or len(lead.group("date").split()) > _LEAD_DATE_WORDS:
        return None
    rest = line[lead.end():]
    # (a capital, a figure or an opening quote: "– 300 soldiers ...", "– «We ...»")
    opens = rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "\"'“‘«„"
    if lead.group("dash") and (not opens or _CLOSING_DASH.search(" ".join(rest.split()[:_LEAD_ASIDE_WORDS]))):
        return None
    info = parse_date(lead.group("date"), today=today, language=language)
    return info if info.published and info.precision == DatePrecision.DAY else None


def _wire_dateline_date(lines: list[str], first_body: int, today: date | None = None, *,
                        language: str | None = None) -> DateInfo | None:
    """The day of a wire dateline opening the article's first paragraph (``_WIRE_DATELINE``)."""
    for line in lines[first_body:first_body + 2]:
        match = _WIRE_DATELINE.match(line)
        info = _is_date_line(match.group("date"), today, language=language) if match else None
        if info is not None and info.published and info.precision == DatePrecision.DAY:
            return _replaced(info, note="from the wire dateline opening the article")
    return None


def _dated_teasers(lines: list[str], today: date | None = None, *, language: str | None = None,
                   slug: list[str] | None = None, at_body: bool = False) -> set[int]:
    """The lines of lists of dated teasers: two or more other articles in a row, each its day glued
    before its first words ("March 16, 2024The family of ...", "March 16, 2024In Ukraine, ...", set 34)
    or its headline over its day alone ("Fuel may rise by two rand" / "March 17, 2026", a "What's On"
    widget above the article, set 42). Their headlines and days are those articles', never this one's.
    The article's own head is no teaser: a day under a date label ("Updated ...", "Published ...") is
    the article's stamp; and the article's head may follow the list directly: a list ends above the
    headline the url's ``slug`` spells, and, when ``lines`` end where the article's paragraphs start
    (``at_body``), above the last headline of all."""
    rules = load_rules()
    items: list[range] = []
    index = 0
    while index < len(lines):
        if _lead_day(lines[index], today, language=language) is not None:
            items.append(range(index, index + 1))
        elif (index + 1 < len(lines) and _is_headline_shaped(lines[index])
              and _is_date_line(lines[index], today, language=language) is None
              and not rules.date_label_prefix.match(lines[index + 1])
              and (day := _is_date_line(lines[index + 1], today, language=language)) is not None
              and day.published and day.precision == DatePrecision.DAY):
            items.append(range(index, index + 2))
        index = items[-1].stop if items and items[-1].start == index else index + 1
    runs: list[list[range]] = []
    for item in items:
        if runs and runs[-1][-1].stop == item.start:
            runs[-1].append(item)
        else:
            runs.append([item])
    teasers: set[int] = set()
    for run in runs:
        doubtful: list[int] = []
        while run and len(run[-1]) == 2 and ((spelt := spells_slug(lines[run[-1].start], slug or [], rules)) or (
                at_body and not any(_may_head(line, today, language=language) for line in lines[run[-1].stop:]))):
            item = run.pop()     # the article's own headline over its day...
            if not spelt:
                # ...or the list's last teaser, by shape alone not told apart (review): its headline may be
                # the article's, its day is never taken (a teaser's day would date the page wrong)
                doubtful.append(item.start + 1)
        if len(run) >= 2:
            teasers.update(i for listed in run for i in listed)
            teasers.update(doubtful)
    return teasers


def _may_head(line: str, today: date | None, *, language: str | None = None) -> bool:
    """A line that may be the article's headline below a list of dated teasers: headline-shaped, not a
    date, a byline or furniture."""
    return (_is_headline_shaped(line) and _is_date_line(line, today, language=language) is None
            and byline_author(line) is None and furniture_reason(line) is None)


def _lead_dateline_date(lines: list[str], first_body: int, today: date | None = None, *,
                        language: str | None = None) -> DateInfo | None:
    """The day alone before the lead of the article's first paragraph (``_lead_day``), unless the
    paragraph is one of a list of dated teasers (``_dated_teasers``)."""
    teasers = _dated_teasers(lines, today, language=language)
    for index in range(first_body, min(first_body + 2, len(lines))):
        info = _lead_day(lines[index], today, language=language)
        if info is not None and index not in teasers:
            return _replaced(info, note="from the date opening the article's first paragraph")
    return None


def _sign_off_date(text: str, today: date | None = None) -> DateInfo | None:
    """The day of the sign-off closing the article (``_SIGN_OFF_DATE``), read in its last lines."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()][-_SIGN_OFF_LINES:]
    for line in reversed(lines):
        match = _SIGN_OFF_DATE.search(line)
        if match and len(line.split()) >= 8:      # the close of a paragraph, not a lone stamp
            day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
            if _valid(year, month, day):
                published, precision, start, end = _window(year, month, day)
                if start.date() <= _today(today):
                    return DateInfo(published, precision, start, end, match.group(0).strip(),
                                    "from the sign-off closing the article")
    return None


def _is_date_label(line: str, rules) -> bool:
    """A date's label alone on its line, the date on the next ("Broadcast on:" / "20 Sep 2024")."""
    return any(kind.name == "date_label" and kind.pattern.match(line) for kind in rules.kinds)


_TITLE_TAIL_WORDS = 4     # the most words of a site's name in a "Headline - Site, 16.02.2026" page title


def _without_glued_credit(line: str, rules) -> str:
    """A top line without a photo credit the scrape glued to its end ("... фронта Фото: Agency /
    Name": an image's alt text repeating the headline, then its credit), read as the headline it is.
    Kept whole when too little would be left, and when a sentence ends before the credit: that is a
    caption (``headline.photo_credit``), never a headline."""
    cut = rules.headline_title_photo_credit.search(line)
    if not cut or len(line[:cut.start()].split()) < 3 or rules.headline_photo_credit.search(line):
        return line
    return line[:cut.start()].rstrip()


def _trimmed_title(title: str | None, rules, today: date | None, *, language: str | None = None) -> str | None:
    """The headline without the site's name and the day a page title appends to it
    ("... соприкосновения - РИА Новости, 16.02.2026"), and without a photo credit closing it
    ("... (Фото: Source)", ``headline.title_photo_credit``). Kept whole when too little would be left."""
    if not title:
        return title
    credit = rules.headline_title_photo_credit.search(title)
    if credit and len(title[:credit.start()].split()) >= 3:
        title = title[:credit.start()].rstrip()
    separators = list(_SITE_SEPARATOR.finditer(title))
    if separators:
        head, tail = title[:separators[-1].start()].strip(), title[separators[-1].end():]
        name, comma, day = tail.rpartition(",")
        if (comma and name.strip() and len(name.split()) <= _TITLE_TAIL_WORDS and len(head.split()) >= 3
                and parse_date(day.strip(), today=today, language=language).precision == DatePrecision.DAY):
            title = head
    return title


def read_top_of_text(text: str, *, url: str | None = None, today: date | None = None,
                     language: str | None = None) -> TopOfText:
    """Find the headline, the byline and the publication date among the first lines of a page.

    Every top line is first sorted: a date line, a byline, furniture, or a headline candidate.
    The headline is chosen among candidates by evidence (``pipeline.headline``); the date among
    printed dates, with site dates rejected (``_choose_date``) and the url's date as a fallback;
    the author from a byline, a lone name line next to the headline or date, or a signature.
    A site's menu above the article (``_article_start``) is passed over. ``language``: the page's
    (given or detected; None when not known), which settles a slash date reading both ways.
    """
    rules = load_rules()
    language = language or UNKNOWN_LANGUAGE
    found, settled = _read_header(_top_lines(text, rules.headline_max_lines), text, url, today, rules, language=language)
    if not settled and (start := _article_start(lines := _top_lines(text, rules.headline_menu_max_lines), rules)):
        found = _read_header(lines[start:start + rules.headline_max_lines], text, url, today, rules, start,
                             language=language)[0]
    return found


def _article_start(lines: list[str], rules) -> int:
    """Where the article's header starts on a page whose top lines are the site's menu (a skip link,
    sections, editors, phone numbers): ``headline.lines_above_body`` lines above its first paragraph
    (a body line, not furniture, not printed twice in a row as a caption is); 0 when there is none."""
    for index, line in enumerate(lines):
        if (_is_body_line(line) and furniture_reason(line) is None
                and line not in lines[max(0, index - 1):index] + lines[index + 1:index + 2]):
            return max(0, index - rules.headline_lines_above_body)
    return 0


def _read_header(lines: list[str], text: str, url: str | None, today: date | None, rules,
                 offset: int = 0, *, language: str) -> tuple[TopOfText, bool]:
    """``read_top_of_text`` over the header ``lines`` (``offset`` lines of the page above them); and whether they held the article's header (a
    convincing headline or a paragraph of the article), not only a site's menu."""
    found = TopOfText()
    lines = [_without_glued_credit(line, rules) for line in lines]
    kinds: list[str | None] = []
    reasons: list[str | None] = []     # why a furniture line is furniture ("browser notice"), for the title's note
    dates: list[tuple[int, DateInfo, str]] = []
    dateline_heads: list[int] = []     # short heads of datelines: a rubric or a short headline
    updated: DateInfo | None = None
    first_body = len(lines)
    slug = slug_words(url)
    sections = url_section_names(url, rules)
    for index, line in enumerate(lines):
        kind: str | None = None
        reason: str | None = None
        dateline_head: str | None = None
        if index < first_body and (glued := _name_glued_to_date(line, today, language=language)) is not None:
            # "JANE DOEThursday, 24 February 2022, 16:59": the byline, then the date line
            found.author = found.author or glued[0]
            lines[index] = line = glued[1]
        elif index < first_body and (dated := dated_byline(line, today, language=language)) is not None:
            # "Von Name 01.11.2025 - 01:48 Uhr Lesedauer: 3 Min.": the byline, then its date line and furniture
            found.author = found.author or dated.author
            lines[index] = line = dated.date
        long_line = len(line.split()) >= 8
        if long_line and index < first_body and _is_date_line(line, today, language=language) is None:
            # "by Jane Doe February 22, 2024 1:39 AM 2 min read", "By Jane Doe • 28 October 2022 • 3:04":
            # a byline line's date and time, read without the reading time and the bullets after the name
            line = lines[index] = _BYLINE_TAIL_BULLET.sub(", ", reading_time_suffix(rules.reading_time).sub("", line))
        trailing = _TRAILING_DATE.search(line) if long_line else None
        if trailing and index < first_body and (trailing.group("weekday") or trailing.group("time")):
            info = parse_date(trailing.group("date"), today=today, language=language)
            if info.published:
                dates.append((index, info, trailing.group("date")))
                lines[index] = line = line[:trailing.start()].strip().rstrip(" ,;")
                if _DANGLING_SEPARATOR.search(line):
                    # "ALONA MAZURENKO – FRIDAY, 14 OCTOBER 2022, 14:48": a name or a few words before
                    # the date and its separator are a byline, a rubric or a short headline (below).
                    lines[index] = line = _DANGLING_SEPARATOR.sub("", line)
                    if _is_dateline_head(line, rules):
                        dateline_head = line
        elif (index < first_body and not rules.update_label.match(line)
              and _is_date_line(line, today, language=language) is None
              and (dateline := _rubric_dateline(line, rules, today, language=language)) is not None):
            # "Военная операция на Украине, 10 мар 2023, 07:27": a rubric, its separator and the date.
            info, dateline_head = dateline
            dates.append((index, info, line))
            lines[index] = line = dateline_head
        info = _is_date_line(line, today, language=language)
        if info is None and (dated := date_before_furniture(line, today, language=language)
                             or date_before_source(line, today, language=language)) is not None:
            line = dated               # the date, read as a date line (its furniture tail dropped)
            info = _is_date_line(line, today, language=language)
        if (parts := _labelled_date_parts(line, rules, today, language=language)) is not None and (
                index < first_body or (parts[0] is not None and not [d for d in dates if d[0] != index]
                                       and _next_to_lead(lines, index, first_body, _STAMPS_BELOW_LEAD_LINES))):
            # "By Jane Doe | Created at 2024-09-22 16:05:09 | Updated at ...": a byline line whose
            # labelled parts say which date is the publication's and which an update's (a trailing date
            # read above may be the update's); its first part names the author. A publication label
            # makes it the page's date right below a standfirst read as the first paragraph too, under
            # its author box, where no date came before ("First Published Jan 13, 2025, 3:04 PM IST |
            # Last Updated ...", set 42); never further down, among the article's paragraphs (a related
            # article's stamps). An update label alone there leaves the line to the date lines' rules.
            kind = "date"
            found.author = found.author or byline_author(DATE_PART_SEPARATOR.split(line)[0])
            published, update = parts
            dates = [d for d in dates if d[0] != index]
            if published is not None:
                dates.append((index, published, line))
            if update is not None:
                updated = updated or _updated_only(update, line)
        elif info is not None:
            kind = "date"
            labelled = bool(index) and _is_date_label(lines[index - 1], rules)   # the line above is its label
            if rules.update_label.match(line) or (labelled and rules.update_label.match(lines[index - 1])):
                updated = updated or _updated_only(info, line)    # ("Updated:" over the date: a bound)
            elif (index < first_body or (_HAS_TIME.search(line) and not dates) or labelled
                  or (not dates and _day_below_lead(lines, index, first_body, info))):
                dates.append((index, info, line))    # (below a "Broadcast on:" label: a labelled date)
        elif is_date_stamp(line):
            kind = "date"                    # a date stamp without its year: no date, never the headline
        elif dateline_head is not None and (author := _dateline_author(dateline_head)) is not None:
            found.author = found.author or author
            kind = "byline"
        elif dateline_head is not None and is_dateline_place(dateline_head):
            kind = "furniture"               # the dateline's place: no headline, whatever follows
        elif dateline_head is not None:
            dateline_heads.append(index)     # a rubric, or a short headline: decided below
        elif (author := byline_author(line)) is not None:
            found.author = found.author or author
            kind = "byline"
        elif index < first_body and names_url_section(line, sections, rules):
            # the url's section or the publication's name ("Dayton Daily News" over ".../dayton-daily-news/
            # 20230507/..."): a label above the headline, never the headline, though all its words are the url's
            kind, reason = "prompt", Reason.NAVIGATION
        elif ((reason := furniture_reason(line)) is not None or not _may_be_headline(line)
              or rules.headline_photo_credit.search(line)):
            # a subscription prompt is never the headline, however often it is printed, unless the
            # url's words spell it (a headline that only opens like one: "Sign up to fight: ...")
            kind = ("prompt" if reason in rules.headline_never_reasons and not spells_slug(line, slug, rules)
                    else "furniture")
        elif first_body == len(lines) and _is_body_line(line) and line not in (
                lines[index - 1] if index else None, lines[index + 1] if index + 1 < len(lines) else None) \
                and not spells_slug(line, slug, rules) and not opens_with_slug(line, slug, rules):
            # (a line printed twice in a row is a caption or a title, not the body; nor is the
            # headline the url's slug was built from, though it ends like a sentence, or cut from)
            first_body = index
        kinds.append(kind)
        reasons.append(reason if kind in ("furniture", "prompt") else None)
    for index in (teasers := _dated_teasers(lines[:first_body], today, language=language, slug=slug,
                                                  at_body=first_body < len(lines))):
        # a list of other articles, each its headline and day ("What's On" above the headline): never
        # the headline, nor its date, nor the dates next to a byline's name
        kinds[index], reasons[index] = "prompt", Reason.READ_ALSO
    dates = [d for d in dates if d[0] not in teasers]
    for index in range(min(first_body + 1, len(lines))):
        # a cut copy of the article's first paragraph above the headline ("Five men lived in the
        # house where ..."): a teaser of the lead, never the headline. Long enough, the teaser was
        # taken for the first paragraph itself (a wire lede cut by the site's description, with no
        # headline printed): the paragraph it cuts is the first one.
        if kinds[index] is not None:
            continue
        teased = next((j for j in range(index + 1, min(len(lines), first_body + 3))
                       if is_cut_teaser(lines[index], lines[j])), None)
        if teased is not None:
            kinds[index] = "prompt"
            if index == first_body:
                first_body = teased
    for index in range(min(first_body, len(lines)) - 1):
        # a line printed twice, then a photo credit ("Фото: ..."), or after one ("Изображение: Name ©
        # Agency", then "Казахстан на карте мира" twice, set 32): an image's alt text and its caption,
        # unless the url's slug was built from it (the headline, repeated as the lead image's alt text)
        credited = (index + 2 < len(lines) and opens_with_credit(lines[index + 2])) or (
            index > 0 and opens_with_credit(lines[index - 1]))
        if (kinds[index] is None and lines[index + 1] == lines[index] and credited
                and slug_agreement(lines[index], slug, rules) < SLUG_WEAK_AGREEMENT):
            kinds[index] = kinds[index + 1] = "prompt"
    for index in dateline_heads:
        # "Военная операция на Украине, 10 мар 2023, 07:27" over the headline: the rubric of the
        # dateline; with no headline-shaped line right below it, it is the (short) headline itself.
        below = [j for j in (index + 1, index + 2) if j < min(first_body, len(lines)) and kinds[j] is None]
        if any(len(lines[j].split()) >= 4 and j not in dateline_heads for j in below):
            kinds[index] = "furniture"
    body_script = script_of(" ".join(lines[first_body:first_body + 3])) if first_body < len(lines) else None
    choice = choose_headline(lines, kinds, url, body_script, first_body, rules=rules, reasons=reasons, offset=offset)
    title_index = next((c.index for c in choice.candidates if c.text == choice.title), None)
    settled = choice.title is not None or first_body < len(lines)
    if choice.title is None:
        # Weak evidence only: the first headline-shaped line, as a saved article starts with it.
        # A long line the url's worded slug disagrees with is a summary: the url's words are better.
        for index, line in enumerate(lines[:first_body]):
            if (kinds[index] is None and _is_headline_shaped(line, first=index == 0) and not _is_name(line)
                    and not is_repeated_word(line)
                    and not is_long_off_slug(line, slug, rules, choice.lead) and not is_stray_line(line, slug, choice.lead, rules)
                    and not is_off_slug_label(line, slug, rules, choice.lead)):
                choice.title, title_index = line, index
                choice.note = f"line {index + 1 + offset} of the page (first headline-shaped line; {choice.note})"
                break
    found.title, found.title_note = _trimmed_title(choice.title, rules, today, language=language), choice.note
    if found.author is None:
        for index, line in enumerate(lines[:first_body + 4]):
            near = [j for j in (index - 1, index + 1) if 0 <= j < len(lines)]
            name = (line if kinds[index] is None and _is_name(line)
                    else _dashed_name(lines, index) if kinds[index] == "furniture" and reasons[index] is None else None)
            # next to the headline or the date, or the last line of the header right above the body
            if name and index != title_index and (any(
                    j == title_index or kinds[j] == "date" for j in near) or (index == first_body - 1 and title_index is not None)) and (
                    title_index is None or index > title_index):
                found.author = name
                break
    if found.author is None:
        # an author box anywhere near the top: a name line with the author's role right below it
        found.author = next((line for line, below in zip(lines, lines[1:])
                             if _is_name(line) and is_author_role(below)), None)
    found.author = found.author or _tail_signature(text)
    widget_dates = [d for d in dates if any(rules.site_widget.search(lines[j])
                                            for j in range(max(0, d[0] - 2), min(len(lines), d[0] + 3)) if j != d[0])]
    for _index, _info, line in widget_dates:
        found.warnings.append(f"date {line!r} rejected as the site's (a 'today' widget next to the weather or rates)")
    dates = [d for d in dates if d not in widget_dates]
    url_info = url_date(url, today=today)
    # a day-first date that reads month first too ("/04/12/2023/") never rejects a printed date
    url_check = url_date(url, today=today, ambiguous=False) if url_info is not None else None
    if not dates and (wired := _wire_dateline_date(lines, first_body, today, language=language)) is not None:
        # no date printed at the top: the wire dateline's is the article's own, a url's only a fallback
        url_info = url_check = wired
    elif not dates and (lead := _lead_dateline_date(lines, first_body, today, language=language)) is not None and (
            url_check is None or _distance_days(lead, url_check) <= rules.site_date_max_days):
        # ... as is the day opening the lead, unless the url's own day says otherwise (the lead may open
        # with the day of the event it recalls)
        url_info = url_check = lead
    elif not dates and (signed := _sign_off_date(text, today)) is not None:
        # no date printed at the top: the sign-off's is the article's own, a url's only a fallback
        url_info = url_check = signed
    date_info, warnings = _choose_date(dates, title_index, url_info, rules.site_date_max_days, url_check=url_check)
    found.warnings += warnings
    found.date = date_info if (date_info is not None and date_info.published) else (updated or date_info)
    return found, settled


# --------------------------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------------------------

LANGUAGE_MIN_LETTERS = 40
LANGUAGE_MIN_PROB = 0.8
LANGUAGE_SAMPLE_CHARS = 2000   # plenty for a sure answer; the detector's cost grows with length


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


LANGUAGE_VOTE_SHARE = 0.75     # unsure of the whole: the language this share of its paragraphs' letters is in


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid), or None when too short or unsure. Unsure
    of the whole sample, it reads the paragraphs: an Arabic report quoting an English post read 'ar'
    at 0.75 as a whole and each of its paragraphs 'ar' at 0.9 (set 28), and was "unknown"."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if sum(1 for c in sample if c.isalpha()) < LANGUAGE_MIN_LETTERS:
        return None
    lang = _sure_language(sample)
    if lang is not None:
        return lang
    votes: Counter[str] = Counter()
    total = 0
    for part in sample.splitlines():
        letters = sum(1 for c in part if c.isalpha())
        if letters < LANGUAGE_MIN_LETTERS:
            continue
        total += letters
        lang = _sure_language(part)
        if lang is not None:
            votes[lang] += letters
    if votes:
        lang, letters = votes.most_common(1)[0]
        if letters >= LANGUAGE_VOTE_SHARE * total:
            return lang
    return None


def _sure_language(text: str) -> str | None:
    """The language the detector is sure ``text`` is in; or the code of a group of languages it cannot
    tell apart (furniture.yaml ``language_groups``: Serbian, Croatian, Bosnian in Latin script) when it
    is sure of the group only; else None."""
    ranked = _language_identifier().rank(text)
    lang, prob = ranked[0]
    if prob >= LANGUAGE_MIN_PROB:
        return str(lang)
    groups = load_rules().language_groups
    group = groups.get(str(lang))
    if group is not None and sum(p for other, p in ranked if groups.get(str(other)) == group) >= LANGUAGE_MIN_PROB:
        return group
    return None
