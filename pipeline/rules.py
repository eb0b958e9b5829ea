"""Corpus knowledge for cleaning and metadata, loaded once from ``config/furniture.yaml``.

Phrase lists and thresholds are data, not code: a researcher adding a language edits the YAML.
The file is validated when first used; a bad entry stops the build with a message naming the
file and the key, instead of a regex error deep inside cleaning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newslens import config
from newslens.knowledge import ConfigError, checked_number, read_mapping

FILE_NAME = "furniture.yaml"
HEADLINE_WEIGHTS = ("slug_strong", "slug_spelled", "slug_weak", "repeated", "first_line", "next_to_meta", "below_meta", "sentence_shape",
                    "after_body", "furniture_phrase", "too_short", "full_stop", "lowercase", "truncated", "leading_number",
                    "other_script", "long_off_slug", "stray_line", "code_run")


FURNITURE_MAX_CHARS = 600   # a furniture line is short: longer lines are never read as one


_NOTHING = r"(?!)"      # an optional expression left out matches nothing (``_expression``)


class RulesError(ConfigError):
    """The rules file is missing, not YAML, or has a bad key (the message names both)."""


@dataclass(frozen=True)
class FurnitureKind:
    name: str
    reason: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    max_words: int
    kinds: tuple[FurnitureKind, ...]
    speaker_label: re.Pattern[str]
    stage_direction: re.Pattern[str]
    site_date_max_days: int
    site_widget: re.Pattern[str]
    headline_min_score: float
    headline_max_lines: int
    headline_menu_max_lines: int        # how far below a site's menu the article's first paragraph is looked for
    headline_lines_above_body: int      # ...and how many lines above it its header is read from
    headline_label_max_words: int       # a top line this short sharing no word with the url's headline slug is a label
    headline_long_words: int            # a top line longer than this that the url's words disagree with is a summary
    headline_dateline_rubric_words: int  # at most this many words before a dateline's date: a rubric
    headline_dateline_places: frozenset[str]  # wire datelines' places, never a dateline's author
    headline_weights: dict[str, float]
    headline_stray_line: dict[str, float]   # when a top line is a stray line, not the headline (furniture.yaml)
    headline_never_reasons: frozenset[str]   # furniture of these kinds is never the headline
    headline_photo_credit: re.Pattern[str]  # a caption's photo credit after its sentence: never a headline
    headline_title_photo_credit: re.Pattern[str]  # a photo credit glued to the headline's end: cut
    transliteration: dict[str, str]
    read_also_marker: re.Pattern[str]    # a line that is only a read-also marker ("Czytaj także:")
    related_marker: re.Pattern[str]      # a line that is only a related-articles marker
    inline_teaser: re.Pattern[str]       # a marker with its teaser's title ("Read also: Title")
    author_role: re.Pattern[str]         # a role line under a name in an author box
    author_role_line: re.Pattern[str]    # a role line standing alone ("Redakteur in der Wirtschaft.")
    key_points_label: re.Pattern[str]    # the label of a key-points box ("KEY POINTS", "Pe scurt")
    desk_byline: re.Pattern[str]         # a byline naming a newsroom desk ("Rédaction en ligne")
    byline_markers: str                  # the words opening a byline, as an alternation (``byline_markers``)
    marked_byline: re.Pattern[str]       # a line opened by one, the names after it ("Von Jana Example")
    lone_byline_marker: re.Pattern[str]  # one alone on its line, the name on the next ("par")
    by_byline: re.Pattern[str]           # a byline by its shape ("By Name", ``by_bylines``), the names after it
    byline_name_particles: frozenset[str]  # lower-case words such a byline's names may hold ("and", "van")
    caption_credit_words: frozenset[str]   # lower-case words of a credit appended to a caption ("via", "file")
    speech_verb: re.Pattern[str]         # a word attributing speech ("told", "sagte"): such a line is never a pull quote
    url_id_words: frozenset[str]         # url parts naming an id, not a slug ("article-20150612.html")
    url_unix_earliest_year: int          # a Unix time in a url dates a page only from this year on
    author_photo: re.Pattern[str]        # an author's photo label and the name after it ("Фото автора: Name")
    author_link: re.Pattern[str]         # a name and the link to its other articles ("Name | Всі новини автора")
    image_viewer_label: re.Pattern[str]  # an image viewer's button label glued to a line's end ("... Fullscreen")
    appeal_opener: re.Pattern[str]      # a reader appeal's first line ("Dear readers,"; config ``appeal.openers``)
    appeal_voice: re.Pattern[str]       # a word of the outlet speaking to the reader ("our", "your"; ``appeal.voice``)
    appeal_asks: re.Pattern[str]        # what an appeal asks for ("support", "donate"; ``appeal.asks``)
    appeal_max_lines: int               # lines after the opener an appeal may run to
    menu_min_words: int                  # a line of at least this many words...
    menu_capitalised: float              # ...this share of them capitalised, no sentence punctuation: a menu
    sentence_min_words: int              # a heading-shaped line this long between paragraphs is a sentence
    question_min_words: int              # ...and a question this long (``unpunctuated_sentence``)
    date_row_min_days: int               # a line of at least this many written days with their times...
    date_row_label_words: int            # ...and at most this many other words: a ticker's stamps
    offer_box_lines: int                 # at most this many short lines between two calls to action: a paywall's offer box
    offer_box_item_words: int            # ...each of at most this many words (the offers' names)
    offer_tail_lines: int                # at most this many lines after such a box, to the page's end: its teasers
    offer_tail_words: int                # ...each of at most this many words
    date_label_prefix: re.Pattern[str]   # a date's label before it on its line ("Publicado el ", "Stand: ")
    update_label: re.Pattern[str]        # a line opening with an update label ("Aktualisiert am ...")
    update_tail: re.Pattern[str]         # an update's label and time closing a date line ("... Last Updated At:18:00")
    date_label_words: frozenset[str]     # every word of those labels and connectors: a date-only line may hold them
    date_languages: tuple[str, ...]      # dateparser's codes of the languages whose written dates are read
    day_first_languages: frozenset[str]  # languages whose pages write a slash date day first ("06/12/2023": 6 December)
    # member language -> the code of its group (``language_groups``: "hr" -> "sh"), for the detector
    language_groups: dict[str, str]
    credit_words: str                    # credit_words as an alternation (pipeline.clean's caption patterns)
    credit_agencies: str                 # credit_agencies as an alternation (captions' credits, agency bylines)
    social_platforms: str                # social_platforms as an alternation (never open a chain of credits)
    reading_time: str                    # one reading time ("4 min read"), unanchored (headline, byline, furniture)
    view_count: str = _NOTHING           # one view count ("70 views", "1715 прочитания"), unanchored (furniture, date lines)

    def furniture_reason(self, text: str) -> str | None:
        """The reason a short line is furniture by its phrasing, or None. Read with its spaces
        collapsed and never past FURNITURE_MAX_CHARS (a line of a few "words" can still be megabytes
        of spaces or letters, and the phrases are regular expressions)."""
        words = text.split()
        if len(words) > self.max_words:
            return None
        text = " ".join(words)
        if len(text) > FURNITURE_MAX_CHARS:
            return None
        for kind in self.kinds:
            if kind.pattern.match(text):
                return kind.reason
        return None


def _compile(source: object, where: str) -> re.Pattern[str]:
    if not isinstance(source, str) or not source.strip():
        raise RulesError(f"{where}: expected a non-empty regular expression")
    try:
        return re.compile(source, re.IGNORECASE | re.UNICODE)
    except re.error as exc:
        raise RulesError(f"{where}: not a valid regular expression ({exc})") from None


def _language_codes(value: object, where: str) -> tuple[str, ...]:
    """A non-empty list of language codes ("fi", "sr-Latn"); that dateparser knows them is checked
    when it is first used (``pipeline.metadata``)."""
    if value is None:
        raise RulesError(f"{where}: missing (the languages whose written dates are read; copy the key from "
                         "the shipped config/furniture.yaml)")
    if not isinstance(value, list) or not value or \
            not all(isinstance(v, str) and re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?", v) for v in value):
        raise RulesError(f"{where}: expected a non-empty list of language codes (en, fi, sr-Latn...; "
                         "quote no and on, which YAML reads as true or false)")
    return tuple(dict.fromkeys(value))


def _day_first_languages(value: object, where: str) -> frozenset[str]:
    """``day_first_languages`` (optional: none, and every slash date reading both ways stays ambiguous)."""
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) and re.fullmatch(r"[a-z]{2,3}", v) for v in value):
        raise RulesError(f"{where}: expected a list of language codes (de, fr, es...; quote no, which YAML "
                         "reads as false)")
    return frozenset(value)


def _language_groups(value: object, where: str) -> dict[str, str]:
    """``language_groups`` (optional: none) as member -> group code; a language in one group only."""
    if value is None:
        return {}
    code = re.compile(r"[a-z]{2,3}")
    if not isinstance(value, dict) or not all(isinstance(k, str) and code.fullmatch(k) and isinstance(v, list)
                                              and len(v) > 1 and all(isinstance(m, str) and code.fullmatch(m) for m in v)
                                              for k, v in value.items()):
        raise RulesError(f"{where}: expected group codes mapped to lists of two or more language codes (sh: [bs, hr, sr])")
    out: dict[str, str] = {}
    for group, members in value.items():
        for member in members:
            if out.setdefault(member, group) != group:
                raise RulesError(f"{where}: {member} is in two groups ({out[member]} and {group})")
    return out


def place_key(text: str) -> str:
    """A place name as it is compared: punctuation and case dropped ("ST. PETERSBURG" is "st petersburg")."""
    return " ".join(re.sub(r"[^\w\s-]", " ", text).split()).casefold()


def _places(value: object, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RulesError(f"{where}: expected a list of place names")
    return frozenset(place_key(v) for v in value)


def _number(data: dict, key: str, where: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise RulesError(f"{where}: {key} must be a positive whole number, got {value!r}")
    return value


# What may close a marker line ("Related:", "Read more »"), and what separates an inline marker
# from its teaser's title ("Read also: Title", "Lesen Sie auch | Title", "Czytaj także - Title").
# Only the markers of ``teaser_markers.quoted_title`` may take the title in quotes with no separator
# ('Смотрите также "Title": ...'): other marker words before a quote open ordinary lines
# ('Watch "<programme>" tonight', 'По теме «...» высказался ...').
MARKER_END = r"\s*[:.…>»|\-–—]*\s*$"
INLINE_SEPARATOR = r"\s*(?:[:|>»]|\s[-–—])\s*\S"
QUOTED_TITLE = r"\s*[\"«„“]\s?\S"     # (French puts a space inside « »)


def _phrase_list(data: dict, key: str, where: str) -> str:
    phrases = data.get(key)
    if not isinstance(phrases, list) or not phrases:
        raise RulesError(f"{where}.{key}: expected a non-empty list of regular expressions")
    for i, phrase in enumerate(phrases):
        _compile(phrase, f"{where}.{key}[{i}]")
    return "|".join(f"(?:{p})" for p in phrases)


def _teaser_patterns(data: object, path: Path) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    if not isinstance(data, dict):
        raise RulesError(f"{path}: teaser_markers must be a mapping with read_also, related and quoted_title")
    where = f"{path}: teaser_markers"
    read_also, related = _phrase_list(data, "read_also", where), _phrase_list(data, "related", where)
    quoted = _phrase_list(data, "quoted_title", where)
    return (_compile(rf"^(?:{read_also}){MARKER_END}", f"{where}.read_also"),
            _compile(rf"^(?:{related}){MARKER_END}", f"{where}.related"),
            _compile(rf"^(?:(?:{read_also}|{related}){INLINE_SEPARATOR}|(?:{quoted}){QUOTED_TITLE})", where))


def _date_labels(data: object, where: str) -> tuple[str, str, str, frozenset[str]]:
    """(publication labels, update labels, connectors) of ``date_labels`` as regular expressions:
    whole words, longest first, spaces matching any run of spaces; and every single word of them,
    lower-cased (the words a date-only line may hold)."""
    if not isinstance(data, dict):
        raise RulesError(f"{where}: must be a mapping with published, updated and connectors")
    parts, single = [], set()
    for key in ("published", "updated", "connectors"):
        words = data.get(key)
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise RulesError(f"{where}.{key}: expected a non-empty list of words")
        ordered = sorted({w.strip().lower() for w in words}, key=len, reverse=True)   # not casefold: ß
        parts.append("|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered))
        single.update(word for w in ordered for word in w.split())
    return parts[0], parts[1], parts[2], frozenset(single)


CREDIT_WORDS = "{credit_words}"   # where a pattern of the file takes the photo-credit words
READING_TIME = "{reading_time}"   # where a pattern of the file takes the reading-time expression
SOCIAL_PLATFORMS = "{social_platforms}"   # where a pattern of the file takes the social platforms' names
VIEW_COUNT = "{view_count}"   # where a pattern of the file takes the view-count expression


def _word_list(data: dict, key: str, where: str, letters_only: bool = False) -> list[str]:
    """The file's list ``key`` of plain words (stripped), or a RulesError naming it."""
    words = data.get(key)
    good = (lambda w: isinstance(w, str) and w.isalpha()) if letters_only else (lambda w: isinstance(w, str) and w.strip())
    if not isinstance(words, list) or not words or not all(good(w) for w in words):
        raise RulesError(f"{where}.{key}: expected a non-empty list of words" + (" (letters only)" if letters_only else ""))
    return [w.strip() for w in words]


def _lower_words(data: dict, key: str, where: str) -> frozenset[str]:
    """The file's list ``key`` of words (letters only), case-folded: the words are compared in any case."""
    return frozenset(w.casefold() for w in _word_list(data, key, where, letters_only=True))


_STRAY_LINE_KEYS = ("slug_min_words", "line_slug_max", "lead_slug_min", "line_lead_max", "lead_min_words")


def _stray_line(headline: dict, where: str) -> dict[str, float]:
    data = headline.get("stray_line")
    if not isinstance(data, dict) or set(data) != set(_STRAY_LINE_KEYS):
        raise RulesError(f"{where} must map exactly {', '.join(_STRAY_LINE_KEYS)} to numbers, got {data!r}")
    # word counts: a slug of fewer than 3 words is never read as a headline's (slug_words), so a
    # smaller bar would silently do nothing; shares of words: 0 to 1
    return {key: float(checked_number(f"{where}.{key}", value, int, low=3, error=RulesError)
                       if key.endswith("_words")
                       else checked_number(f"{where}.{key}", value, float, high=1.0, error=RulesError))
            for key, value in data.items()}


def _never_reasons(headline: dict, kinds: list, where: str) -> frozenset[str]:
    """``headline.never_reasons``: reasons cleaning gives (a furniture kind's, or one of
    pipeline.clean's own), checked so a typo does not silently turn the rule off."""
    if headline.get("never_reasons") is None:
        return frozenset()
    from pipeline.clean import Reason   # (clean reads these rules: imported when they are parsed)
    known = {k.reason for k in kinds} | {v for k, v in vars(Reason).items() if k.isupper() and isinstance(v, str)}
    reasons = _word_list(headline, "never_reasons", where)
    unknown = [r for r in reasons if r not in known]
    if unknown:
        raise RulesError(f"{where}.never_reasons: unknown reason(s) {', '.join(map(repr, unknown))}; "
                         f"known: {', '.join(sorted(known))}")
    return frozenset(reasons)


def _credit_words(data: dict, where: str) -> str:
    """``credit_words`` as one alternation, longest first (the words that open or close a photo credit,
    in every language: "Фото:", "Illustration:", "Иллюстрация: Name / Outlet")."""
    words = _word_list(data, "credit_words", where)
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _expression(data: dict, key: str, where: str, example: str, *, optional: bool = False) -> str:
    """``key``: one regular expression (checked here) put in place of its placeholder, grouped:
    ``reading_time`` (one reading time in every language, "4 min read"), ``view_count`` (a page's
    count of its readers, "70 views", "1715 прочитания"; optional: an older furniture file has none,
    and nothing matches)."""
    source = data.get(key)
    if source is None and optional:
        return _NOTHING
    if not isinstance(source, str) or not source.strip():
        raise RulesError(f"{where}: {key} must be a regular expression (e.g. '{example}')")
    _compile(source, f"{where}: {key}")
    return f"(?:{source.strip()})"


def _with_placeholders(node: object, values: dict[str, str]) -> object:
    """``node`` with every pattern's placeholders (``{credit_words}``, ``{reading_time}``,
    ``{social_platforms}``) replaced by
    their values: one list or expression, used by the furniture kinds, the headline and pipeline.clean."""
    if isinstance(node, str):
        for placeholder, value in values.items():
            node = node.replace(placeholder, value)
        return node
    if isinstance(node, list):
        return [_with_placeholders(n, values) for n in node]
    if isinstance(node, dict):
        return {k: _with_placeholders(v, values) for k, v in node.items()}
    return node


def parse_rules(data: object, path: Path) -> Rules:
    """Validate the loaded YAML and compile it (pure: tests feed it dictionaries)."""
    if not isinstance(data, dict):
        raise RulesError(f"{path}: expected a mapping at the top level")
    date_languages = _language_codes(data.get("date_languages"), f"{path}: date_languages")
    credit_words = _credit_words(data, str(path))
    reading_time = _expression(data, "reading_time", str(path), "4 min read")
    view_count = _expression(data, "view_count", str(path), "70 views", optional=True)
    platforms = f"(?:{_phrase_list(data, 'social_platforms', str(path))})"
    data = _with_placeholders({k: v for k, v in data.items() if k not in ("reading_time", "view_count")},
                              {CREDIT_WORDS: credit_words, READING_TIME: reading_time, SOCIAL_PLATFORMS: platforms,
                               VIEW_COUNT: view_count})
    assert isinstance(data, dict)
    kinds_data = data.get("kinds")
    if not isinstance(kinds_data, dict) or not kinds_data:
        raise RulesError(f"{path}: kinds must be a non-empty mapping")
    whole = r"(?![^\W\d_])"
    if "date_label" in kinds_data:   # (required: said below, after the checks tests expect first)
        published_labels, update_labels, connectors, date_words = _date_labels(data.get("date_labels"),
                                                                               f"{path}: date_labels")
        date_labels = f"{published_labels}|{update_labels}"
    kinds = []
    for name, spec in kinds_data.items():
        where = f"{path}: kinds.{name}"
        if not isinstance(spec, dict) or not isinstance(spec.get("reason"), str) or not spec["reason"].strip():
            raise RulesError(f"{where}: needs a reason (text)")
        phrases = spec.get("phrases")
        if name == "date_label":     # its first phrase: a label of date_labels alone on its line
            phrases = [rf"(?:{date_labels}){whole}\s*(?:(?:{connectors}){whole})?\s*:?\s*$", *(phrases or [])]
        if not isinstance(phrases, list) or not phrases:
            raise RulesError(f"{where}.phrases: expected a non-empty list")
        for i, phrase in enumerate(phrases):
            _compile(phrase, f"{where}.phrases[{i}]")
        joined = "|".join(f"(?:{p})" for p in phrases)
        kinds.append(FurnitureKind(str(name), spec["reason"].strip(),
                                   _compile(rf"^\s*(?:{joined})", f"{where}.phrases")))
    transcript = data.get("transcript")
    if not isinstance(transcript, dict):
        raise RulesError(f"{path}: transcript must be a mapping with speaker_label and stage_direction")
    site = data.get("site_date")
    if not isinstance(site, dict):
        raise RulesError(f"{path}: site_date must be a mapping with max_days_from_evidence")
    headline = data.get("headline")
    if not isinstance(headline, dict):
        raise RulesError(f"{path}: headline must be a mapping (min_score, max_lines, weights, transliteration)")
    weights = headline.get("weights")
    if not isinstance(weights, dict) or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                for v in weights.values()):
        raise RulesError(f"{path}: headline.weights must map names to numbers")
    missing = sorted(set(HEADLINE_WEIGHTS) - set(weights))
    if missing:
        raise RulesError(f"{path}: headline.weights lacks {', '.join(missing)}")
    score = headline.get("min_score")
    if not isinstance(score, (int, float)) or isinstance(score, bool):
        raise RulesError(f"{path}: headline.min_score must be a number, got {score!r}")
    translit = headline.get("transliteration") or {}
    if not isinstance(translit, dict) or not all(isinstance(k, str) and len(k) == 1 for k in translit):
        raise RulesError(f"{path}: headline.transliteration must map single letters to text")
    read_also, related, inline = _teaser_patterns(data.get("teaser_markers"), path)
    roles = data.get("author_roles")
    if not isinstance(roles, list) or not roles:
        raise RulesError(f"{path}: author_roles must be a non-empty list of regular expressions")
    roles_joined = _phrase_list(data, "author_roles", str(path))
    role_pattern = _compile(rf"\b(?:{roles_joined})\b", f"{path}: author_roles")
    links = data.get("author_role_links")
    if not isinstance(links, str) or not links.strip():
        raise RulesError(f"{path}: author_role_links must be a regular expression of link words")
    role_line = _compile(rf"^(?:[^\W\d_]+\s+)?(?:{roles_joined})\s+(?:{links})\s", f"{path}: author_role_links")
    labels = _phrase_list(data, "key_points_labels", str(path))
    key_points = _compile(rf"^(?:{labels})\s*:?$", f"{path}: key_points_labels")
    if "date_label" not in kinds_data:
        # pipeline.metadata reads a date printed under its label with this kind's phrases
        raise RulesError(f"{path}: kinds.date_label is required (the labels a printed date stands under)")
    markers = _phrase_list(data, "byline_markers", str(path))
    by_bylines = _phrase_list(data, "by_bylines", str(path))
    desks = _phrase_list(data, "desk_bylines", str(path))
    desk_byline = _compile(rf"^(?:{desks})(?:\s+[^\W\d_]+){{0,3}}$", f"{path}: desk_bylines")
    verbs = _phrase_list(data, "speech_verbs", str(path))
    speech_verb = _compile(rf"(?<!\w)(?:{verbs})(?!\w)", f"{path}: speech_verbs")
    photo_labels = _phrase_list(data, "author_photo_labels", str(path))
    author_photo = _compile(rf"^(?:{photo_labels})\s*:?\s+(?P<names>\S.*?)\s*$", f"{path}: author_photo_labels")
    page_links = _phrase_list(data, "author_page_links", str(path))
    author_link = _compile(rf"^(?P<names>\S.*?)\s*[|•·–—:/]?\s*(?:{page_links})\s*[.…»>→]*$", f"{path}: author_page_links")
    viewer_labels = _phrase_list(data, "image_viewer_labels", str(path))
    viewer_label = _compile(rf"\s+(?:{viewer_labels})\s*$", f"{path}: image_viewer_labels")
    appeal = data.get("appeal")
    if not isinstance(appeal, dict):
        raise RulesError(f"{path}: appeal must be a mapping with openers and voice")
    appeal_opener = _compile(rf"^\s*(?:{_phrase_list(appeal, 'openers', f'{path}: appeal')})", f"{path}: appeal.openers")
    voice = "|".join(re.escape(w) for w in _word_list(appeal, "voice", f"{path}: appeal"))
    appeal_voice = _compile(rf"(?<![\w'’])(?:{voice})(?![\w'’])", f"{path}: appeal.voice")
    appeal_asks = _compile(appeal.get("asks"), f"{path}: appeal.asks")
    appeal_max_lines = checked_number(f"{path}: appeal.max_lines", appeal.get("max_lines"), int, low=1, error=RulesError)
    menu = data.get("menu_line")
    if not isinstance(menu, dict):
        raise RulesError(f"{path}: menu_line must be a mapping with min_words and capitalised_share")
    menu_min_words = checked_number(f"{path}: menu_line.min_words", menu.get("min_words"), int, low=2, error=RulesError)
    menu_capitalised = checked_number(f"{path}: menu_line.capitalised_share", menu.get("capitalised_share"), float,
                                      low=0.5, high=1.0, error=RulesError)
    unpunctuated = data.get("unpunctuated_sentence")
    if not isinstance(unpunctuated, dict):
        raise RulesError(f"{path}: unpunctuated_sentence must be a mapping with min_words and question_min_words")
    # a subheading runs to a few words ("Families wait for news"): a bar under 5 would make those sentences
    sentence_min_words, question_min_words = (
        checked_number(f"{path}: unpunctuated_sentence.{key}", unpunctuated.get(key), int, low=5, error=RulesError)
        for key in ("min_words", "question_min_words"))
    row = data.get("date_row")
    if not isinstance(row, dict):
        raise RulesError(f"{path}: date_row must be a mapping with min_days and label_words")
    date_row_min_days = checked_number(f"{path}: date_row.min_days", row.get("min_days"), int, low=2, error=RulesError)
    date_row_label_words = checked_number(f"{path}: date_row.label_words", row.get("label_words"), int, low=0,
                                          high=10, error=RulesError)
    box = data.get("offer_box")
    if not isinstance(box, dict):
        raise RulesError(f"{path}: offer_box must be a mapping with lines, item_words, tail_lines and tail_words")
    offer = {key: checked_number(f"{path}: offer_box.{key}", box.get(key), int, low=1, high=high, error=RulesError)
             for key, high in (("lines", 12), ("item_words", 10), ("tail_lines", 6), ("tail_words", 60))}
    return Rules(
        offer_box_lines=offer["lines"], offer_box_item_words=offer["item_words"],
        offer_tail_lines=offer["tail_lines"], offer_tail_words=offer["tail_words"],
        date_row_min_days=date_row_min_days, date_row_label_words=date_row_label_words,
        key_points_label=key_points, desk_byline=desk_byline, speech_verb=speech_verb,
        byline_markers=markers,
        marked_byline=_compile(rf"^\s*(?:{markers})\s*:?\s+(?P<names>.+?)\s*$", f"{path}: byline_markers"),
        lone_byline_marker=_compile(rf"^(?:{markers})\s*:?$", f"{path}: byline_markers"),
        by_byline=_compile(rf"^(?:{by_bylines})[:\s]+(?P<names>.+)$", f"{path}: by_bylines"),
        byline_name_particles=_lower_words(data, "byline_name_particles", str(path)),
        caption_credit_words=_lower_words(data, "caption_credit_words", str(path)),
        url_id_words=_lower_words(data, "url_id_words", str(path)),
        url_unix_earliest_year=checked_number(f"{path}: url_unix_earliest_year", data.get("url_unix_earliest_year"), int,
                                              low=2001, high=2100, error=RulesError),
        author_photo=author_photo, author_link=author_link, image_viewer_label=viewer_label,
        appeal_opener=appeal_opener, appeal_voice=appeal_voice, appeal_asks=appeal_asks,
        appeal_max_lines=appeal_max_lines,
        menu_min_words=menu_min_words, menu_capitalised=menu_capitalised,
        sentence_min_words=sentence_min_words, question_min_words=question_min_words,
        update_label=re.compile(rf"^\s*(?:{update_labels}){whole}", re.IGNORECASE),
        # (tried from a run of spaces' first only, and each part taken once: linear on any line)
        update_tail=re.compile(rf"(?<!\s)\s++(?:{update_labels}){whole}\s*+(?:(?:{connectors}){whole})?\s*+:?\s*+"
                               rf"\d[\d:./,\s-]{{0,24}}+(?:[ap]\.?m\.?)?\s*$", re.IGNORECASE),
        date_label_words=date_words,
        date_languages=date_languages,
        day_first_languages=_day_first_languages(data.get("day_first_languages"), f"{path}: day_first_languages"),
        language_groups=_language_groups(data.get("language_groups"), f"{path}: language_groups"),
        date_label_prefix=re.compile(rf"^\s*(?:{date_labels}){whole}\s*(?:(?:{connectors}){whole})?\s*[:\-–—]?\s*",
                                     re.IGNORECASE),
        read_also_marker=read_also, related_marker=related, inline_teaser=inline, author_role=role_pattern,
        author_role_line=role_line,
        headline_min_score=float(score),
        headline_max_lines=_number(headline, "max_lines", f"{path}: headline"),
        headline_menu_max_lines=_number(headline, "menu_max_lines", f"{path}: headline"),
        headline_lines_above_body=_number(headline, "lines_above_body", f"{path}: headline"),
        headline_label_max_words=_number(headline, "label_max_words", f"{path}: headline"),
        headline_long_words=_number(headline, "long_words", f"{path}: headline"),
        headline_dateline_rubric_words=_number(headline, "dateline_rubric_words", f"{path}: headline"),
        headline_dateline_places=_places(headline.get("dateline_places"), f"{path}: headline.dateline_places"),
        headline_weights={k: float(v) for k, v in weights.items()},
        headline_stray_line=_stray_line(headline, f"{path}: headline.stray_line"),
        headline_never_reasons=_never_reasons(headline, kinds, f"{path}: headline"),
        headline_photo_credit=_compile(headline.get("photo_credit"), f"{path}: headline.photo_credit"),
        headline_title_photo_credit=_compile(headline.get("title_photo_credit"), f"{path}: headline.title_photo_credit"),
        transliteration={k: str(v or "") for k, v in translit.items()},
        max_words=_number(data, "max_words", str(path)),
        kinds=tuple(kinds),
        speaker_label=_compile(transcript.get("speaker_label"), f"{path}: transcript.speaker_label"),
        stage_direction=_compile(transcript.get("stage_direction"), f"{path}: transcript.stage_direction"),
        site_date_max_days=_number(site, "max_days_from_evidence", f"{path}: site_date"),
        site_widget=_compile(data.get("site_widget"), f"{path}: site_widget"),
        credit_words=credit_words,
        credit_agencies=_phrase_list(data, "credit_agencies", str(path)),
        social_platforms=_phrase_list(data, "social_platforms", str(path)),
        reading_time=reading_time,
        view_count=view_count,
    )


def rules_path() -> Path:
    """config/furniture.yaml, in the project's config folder (``$NEWSLENS_CONFIG`` overrides it)."""
    return config.config_dir() / FILE_NAME


@lru_cache(maxsize=4)
def _load(path: Path) -> Rules:
    return parse_rules(read_mapping(path, RulesError), path)


def load_rules() -> Rules:
    """The furniture rules of the config folder, parsed once per process."""
    return _load(rules_path())
