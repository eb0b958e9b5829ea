"""Article metadata: dates with their precision, outlets from urls, and what the text itself says.

Everything here is a pure function. Values found by a rule in the text or the url are marked
``Provenance.INFERRED`` by the caller; nothing is ever invented: when a rule finds nothing, the
value stays unknown.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import pandas as pd

from newslens.knowledge import known_outlets
from newslens.schema import DatePrecision

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

    @property
    def known(self) -> bool:
        """True when the date says anything (a precise date or at least a window)."""
        return self.published is not None or not pd.isna(self.start) or not pd.isna(self.end)


_ISO = re.compile(r"^\s*(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                  r"\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?\s*$", re.IGNORECASE)
_DMY = re.compile(r"^\s*(\d{1,2})([./-])(\d{1,2})\2(\d{4})\s*$")
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")


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


def _numeric_parts(raw: str) -> tuple[int, int | None, int | None] | str | None:
    """(year, month, day) of a numeric date; a problem ("impossible", "ambiguous") if it is numeric
    but unusable; None if it is not numeric at all."""
    m = _ISO.match(raw)
    if m:
        year = int(m.group(1))
        month = int(m.group(3)) if m.group(3) else None
        day = int(m.group(4)) if m.group(4) else None
        return (year, month, day) if _valid(year, month, day) else "impossible"
    m = _DMY.match(raw)
    if m:
        a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        day, month = a, b
        if m.group(2) == "/":
            # Slashes are month-first in American outlets and day-first elsewhere: only an
            # unambiguous slash date is read.
            if a <= 12 and b <= 12 and a != b:
                return "ambiguous"
            if b > 12 >= a:
                day, month = b, a
        # Dots and dashes are day-first everywhere this field's outlets publish.
        return (year, month, day) if _valid(year, month, day) else "impossible"
    return None


# Languages whose written dates are read ("18 березня 2022"): the outlets that re-report this
# field's stories. Fewer languages = faster and fewer false readings of ordinary words.
DATE_LANGUAGES = ("en", "uk", "ru", "de", "ro", "fr", "pl", "es", "it", "be", "lt", "lv", "et", "cs", "sk")


@lru_cache(maxsize=1)
def _dateparser():
    from dateparser.date import DateDataParser  # imported lazily: ~0.2 s, and rarely needed

    return DateDataParser(languages=list(DATE_LANGUAGES),
                          settings={"REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first",
                                    "RETURN_TIME_AS_PERIOD": False,
                                    # relative dates ("2 hours ago") say nothing once scraped
                                    "PARSERS": ["absolute-time"]})


_LABEL = re.compile(r"^\s*(?:published|updated|posted|last updated|date|first published|"
                    r"опубліковано|оновлено|опубликовано|обновлено|дата|veröffentlicht|aktualisiert|"
                    r"publicat|actualizat)\s*(?:on|am|la)?\s*[:\-–—]?\s*", re.IGNORECASE)
_TIME_TAIL = re.compile(r"(?:[,|•·]?\s*(?:at|um|о|в|la)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
                        r"\s*(?:\(?[A-Z]{2,5}\)?|[+-]\d{2}:?\d{2})?)\s*$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _textual_parts(raw: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a written date in any of dateparser's languages, or None."""
    text = _TIME_TAIL.sub("", _LABEL.sub("", raw)).strip(" ,.|")
    if not text or not _YEAR.search(text):
        return None
    # A written date is short: "18th Mar 2022", "Wednesday 11 May 2022", "July 2023". Longer lines
    # are sentences that mention a year; dateparser is slow on them and may misread them.
    tokens = text.split()
    has_day = len(re.findall(r"\d+", text)) >= 2
    if len(tokens) > 6 or not (has_day or len(tokens) <= 3):
        return None
    try:
        found = _dateparser().get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input; an odd line is no date
        return None
    if found is None or found.date_obj is None:
        return None
    d = found.date_obj
    if found.period == "year":
        return d.year, None, None
    if found.period == "month":
        return d.year, d.month, None
    return d.year, d.month, d.day


def parse_date(value: object, *, today: date | None = None) -> DateInfo:
    """A given date (ISO string, written date, or a date object from YAML) at its precision.

    Impossible or future dates are rejected with a warning; the raw string is always kept.
    """
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
        parts = _numeric_parts(raw)
        if parts is None:
            parts = _textual_parts(raw)
    if parts == "ambiguous":
        return DateInfo(raw=raw, warnings=[f"ambiguous date {raw!r} (day and month order unknown) rejected; "
                                           "kept as date_raw"])
    if parts == "impossible":
        return DateInfo(raw=raw, warnings=[f"impossible date {raw!r} rejected; kept as date_raw"])
    if parts is None:
        return DateInfo(raw=raw, warnings=[f"unrecognised date {raw!r} rejected; kept as date_raw"])
    published, precision, start, end = _window(*parts)
    if start.date() > _today(today):
        return DateInfo(raw=raw, warnings=[f"future date {raw!r} rejected; kept as date_raw"])
    return DateInfo(published, precision, start, end, raw)


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


def title_from_url(url: str | None) -> str | None:
    """A title read from the url's slug ("russian-commander-told-troops" -> "Russian commander told
    troops"), or None when the path has no worded slug. Numeric ids are dropped."""
    if not url:
        return None
    try:
        path = urlsplit(url if "://" in url else "https://" + url).path
    except ValueError:
        return None
    segments = [s for s in unquote(path).split("/") if s]
    if not segments:
        return None
    slug = re.sub(r"\.(html?|php|aspx?)$", "", segments[-1], flags=re.IGNORECASE)
    words = [w for w in re.split(r"[-_+]+", slug) if w and not w.isdigit()]
    if len(words) < 4 or not all(re.fullmatch(r"[^\W_]+", w) for w in words):
        return None
    text = " ".join(words)
    return text[0].upper() + text[1:]


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
_BYLINE = re.compile(r"^\s*(?:by|written by|author|автор|від|von|de)\s*:?\s+(?P<names>.+?)\s*$",
                     re.IGNORECASE)
_NAME_WORD = r"[^\W\d_][^\W\d_'’\-.]*(?:[-'’][^\W\d_]+)*\.?"
_NAME = re.compile(rf"^(?:{_NAME_WORD})(?:\s+{_NAME_WORD}){{1,3}}$")
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&|\bі\b|\bи\b|\bund\b|\bși\b)\s*", re.IGNORECASE)
# Words that make a Titlecase line a label, not a person's name.
_NOT_NAME_WORDS = frozenset(
    "news read more related live updates update stories story latest breaking video photo photos search "
    "menu home world politics war ukraine russia opinion analysis editor editors editorial reporter "
    "desk staff key points share follow subscribe newsletter top most popular sign up".split())
_MARKDOWN_DRESS = re.compile(r"^(?:#{1,6}\s+|[*_]{1,3}(?=\S))|(?<=\S)[*_]{1,3}$")
TOP_LINES = 12          # only this many non-empty lines from the top are searched
_BODY_WORDS = 25        # a line this long is body text: the top region ends there
_HEADLINE_WORDS = (3, 30)
_FIRST_LINE_HEADLINE_MIN_WORDS = 2


def _is_name(text: str) -> bool:
    text = text.strip()
    if not _NAME.match(text):
        return False
    words = [w.strip(".") for w in text.split()]
    if any(w.lower() in _NOT_NAME_WORDS for w in words):
        return False
    # Every word capitalised, not shouted: "Danny Jones", "Jean-Luc de Vries" is too rare to matter.
    return all(w[:1].isupper() and not (len(w) > 2 and w.isupper()) for w in words if len(w) > 1)


def byline_author(line: str) -> str | None:
    """The author named in a byline ("by Tim Zadorozhnyy"), or None."""
    if len(line) > 200:
        return None
    m = _BYLINE.match(line)
    if not m:
        return None
    names = [n for n in _NAME_SPLIT.split(m.group("names").strip(" .")) if n]
    people = [n for n in names if _is_name(n)]
    if not people or len(people) < len(names) and not _is_name(names[0]):
        return None
    return ", ".join(people)


def _top_lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        # Markdown dress ("# Headline", "*By Jane Doe*") is not part of what the line says.
        line = _MARKDOWN_DRESS.sub("", unicodedata.normalize("NFC", raw).strip()).strip()
        if not line:
            continue
        lines.append(line)
        if len(line.split()) >= _BODY_WORDS or len(lines) >= TOP_LINES:
            break
    return lines


def _is_date_line(line: str, today: date | None) -> DateInfo | None:
    if len(line.split()) > 10 or not _YEAR.search(line):
        return None
    for part in re.split(r"\s+[|•·]\s+", line):
        info = parse_date(part, today=today)
        if info.published or (info.warnings and not info.warnings[0].startswith("unrecognised")):
            return info
    return None


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
    return line[:1].isupper() or line[:1] in "\"'“‘«"


@dataclass
class TopOfText:
    """What a rule found in the first lines of an article (each None when nothing was found)."""

    title: str | None = None
    author: str | None = None
    date: DateInfo | None = None


_UPDATED = re.compile(r"^\s*(?:last\s+)?(?:updated|modified|оновлено|обновлено|aktualisiert|actualizat)\b",
                      re.IGNORECASE)


def _updated_only(info: DateInfo, line: str) -> DateInfo:
    """An "Updated ..." line bounds the publication from above; it is not the publication date."""
    if info.published is None:
        return info
    return DateInfo(None, DatePrecision.UNKNOWN, pd.NaT, info.end, line,
                    f"publication date not printed; the page says it was updated on {info.published}")


def read_top_of_text(text: str, *, today: date | None = None) -> TopOfText:
    """Find the headline, the byline and a printed date among the first lines before the body.

    A byline is "by NAME" anywhere in the top lines, or a lone name line right after the
    headline or the date line. The headline is the first headline-shaped line (a few words, no
    closing full stop) that is not furniture, a date or a name.
    """
    found = TopOfText()
    lines = _top_lines(text)
    previous_kind = None
    for index, line in enumerate(lines):
        kind = None
        if (info := _is_date_line(line, today)) is not None:
            if _UPDATED.match(line):
                found.date = found.date or _updated_only(info, line)
            elif found.date is None or not found.date.published:
                found.date = info
            kind = "date"
        elif (author := byline_author(line)) is not None:
            found.author = found.author or author
            kind = "byline"
        elif previous_kind in ("title", "date") and found.author is None and _is_name(line):
            found.author, kind = line, "byline"
        elif found.title is None and _is_headline_shaped(line, first=index == 0) and not _is_name(line):
            found.title, kind = line, "title"
        previous_kind = kind
    return found


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


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid), or None when too short or unsure."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if sum(1 for c in sample if c.isalpha()) < LANGUAGE_MIN_LETTERS:
        return None
    lang, prob = _language_identifier().classify(sample)
    return str(lang) if prob >= LANGUAGE_MIN_PROB else None
