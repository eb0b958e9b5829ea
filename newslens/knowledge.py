"""Corpus knowledge as data: hedge families, known sources, outlet names, tuning thresholds and
the ingest settings.

Each lives in a YAML file under ``config/`` (``$NEWSLENS_CONFIG`` overrides the folder), is read
(``read_mapping``, the one reader of every config file) and validated once per process, and a bad
value stops with a ``ConfigError`` naming the file and the key, so a typo in a pattern or a
threshold is found at start-up, not as a wrong result.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from newslens import config
from newslens.sentences import APOSTROPHES, apostrophes


class ConfigError(ValueError):
    """A config file is missing, unreadable or holds a bad value (the message names file and key)."""


def _path(name: str) -> Path:
    return config.config_dir() / name


def read_mapping(path: Path, error: type[ConfigError] = ConfigError) -> dict[str, Any]:
    """A config file's YAML mapping; ``error`` naming the file when it cannot be read, is not
    UTF-8 or YAML, or is not a mapping. Every config file is read here."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML ({' '.join(str(exc).split())[:200]})") from None
    if not isinstance(data, dict):
        raise error(f"{path}: expected a mapping of keys at the top level")
    return data


@lru_cache(maxsize=None)
def _load(name: str) -> dict[str, Any]:
    path = _path(name)
    return expand_fragments(read_mapping(path), str(path))


_REFERENCE = re.compile(r"\{\{(\w+)\}\}")      # {{name}}: double braces never occur in a regular expression


def expand_fragments(data: dict[str, Any], where: str) -> dict[str, Any]:
    """``data`` without its top-level ``fragments`` mapping (name -> a piece of regular expression),
    each ``{{name}}`` in its strings replaced by that text as one group, ``(?:text)``: a word list or a
    guard many patterns share is written once, and an edit cannot miss a copy; a bare ``a|b`` fragment
    cannot change what the pattern around it matches (review, session 37). A fragment may use others.
    An unknown name, a cycle or a fragment that is not text is a ``ConfigError`` naming ``where`` and
    the key; a mapping without fragments or references comes back equal."""
    fragments = data.get("fragments", {})
    if not isinstance(fragments, dict):
        raise ConfigError(f"{where}: fragments must map names to pieces of regular expressions, not {fragments!r}")
    expanded: dict[str, str] = {}

    def fragment(name: str, key: str, using: tuple[str, ...]) -> str:
        if name in using:
            raise ConfigError(f"{where}: fragments.{name} refers back to itself ({' -> '.join((*using, name))})")
        if name not in expanded:
            if name not in fragments:
                raise ConfigError(f"{where}: {key} uses an unknown fragment {{{{{name}}}}}")
            text = fragments[name]
            if not isinstance(text, str) or not text:
                raise ConfigError(f"{where}: fragments.{name} must be text (a piece of a regular expression), "
                                  f"not {text!r}")
            expanded[name] = text_of(text, f"fragments.{name}", (*using, name))
        return f"(?:{expanded[name]})"

    def text_of(text: str, key: str, using: tuple[str, ...] = ()) -> str:
        if "{{" not in text:
            return text
        if "{{" in _REFERENCE.sub("", text):
            raise ConfigError(f"{where}: {key} has '{{{{' that opens no fragment name ({{{{name}}}}, a word)")
        return _REFERENCE.sub(lambda m: fragment(m.group(1), key, using), text)

    def walk(node: Any, key: str) -> Any:
        if isinstance(node, str):
            return text_of(node, key)
        if isinstance(node, dict):
            return {k: walk(v, f"{key}.{k}" if key else str(k)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, f"{key}[{i}]") for i, v in enumerate(node)]
        return node

    for name in fragments:       # each checked, used or not
        if not isinstance(name, str) or not re.fullmatch(r"\w+", name):
            raise ConfigError(f"{where}: fragments key {name!r} must be a name of letters, digits and '_'")
        fragment(name, f"fragments.{name}", ())
    return walk({k: v for k, v in data.items() if k != "fragments"}, "")


def file_settings(name: str) -> dict[str, Any]:
    """A config file's whole mapping, as read (for keys of stored results that depend on it)."""
    return _load(name)


def _section(name: str, key: str) -> Any:
    data = _load(name)
    if key not in data:
        raise ConfigError(f"{_path(name)}: missing key {key!r}")
    return data[key]


def _text_list(name: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{_path(name)}: {key} must be a non-empty list of non-empty strings")
    return tuple(value)


@lru_cache(maxsize=None)
def hedge_patterns() -> dict[str, re.Pattern[str]]:
    """Hedge family -> one case-insensitive pattern (config/hedges.yaml ``families``)."""
    families = _section("hedges.yaml", "families")
    if not isinstance(families, dict) or not families:
        raise ConfigError(f"{_path('hedges.yaml')}: families must map family names to lists of patterns")
    return {str(family): _alternation("hedges.yaml", f"families.{family}", patterns)
            for family, patterns in families.items()}


def _alternation(name: str, key: str, patterns: Any) -> re.Pattern[str]:
    """A non-empty list of regular expressions at ``key`` of config ``name``, each checked (the
    error names the one that is not valid), joined into one case-insensitive pattern."""
    patterns = _text_list(name, key, patterns)
    for i, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{_path(name)}: {key}[{i}] is not a valid regular expression ({exc})") from None
    return re.compile("|".join(patterns), re.IGNORECASE)


@lru_cache(maxsize=None)
def strong_hedges() -> tuple[str, ...]:
    """The hedge families whose loss changes what the reader is told about certainty."""
    return _hedge_families("strong", _section("hedges.yaml", "strong"))


def _hedge_families(key: str, value: Any) -> tuple[str, ...]:
    """A list of hedge family names at ``key`` of hedges.yaml, each one a family it defines."""
    families = _text_list("hedges.yaml", key, value)
    unknown = [f for f in families if f not in hedge_patterns()]
    if unknown:
        raise ConfigError(f"{_path('hedges.yaml')}: {key} names unknown families {unknown}")
    return families


@lru_cache(maxsize=None)
def attribution_rules() -> tuple[tuple[str, ...], re.Pattern[str] | None, tuple[str, ...]]:
    """What attributes a claim to a source (config/hedges.yaml ``attribution``; optional): the hedge
    families that do ("according to"), reporting verbs ("said", "told", "заявил"), and the hedge
    families an attribution keeps (``covers``: a hedge on the source, "claims", "reportedly"; not
    one on the claim itself, "may be", nor "alleged", which often qualifies the source named)."""
    data = _load("hedges.yaml").get("attribution")
    if data is None:
        return (), None, ()
    if not isinstance(data, dict):
        raise ConfigError(f"{_path('hedges.yaml')}: attribution must map families and verbs to lists")
    families = _hedge_families("attribution.families", data.get("families"))
    covers = _hedge_families("attribution.covers", data.get("covers"))
    return families, _alternation("hedges.yaml", "attribution.verbs", data.get("verbs")), covers


@lru_cache(maxsize=None)
def onward_attribution_families() -> tuple[str, ...]:
    """Hedge families whose sentence attributes what the sentences after it say, as a reporting verb's
    does (config/hedges.yaml ``attribution.onward``; optional): a claim verb ("the SBU made a similar
    allegation, claiming ... . The troops were fed up ...")."""
    data = _load("hedges.yaml").get("attribution") or {}
    return _hedge_families("attribution.onward", data["onward"]) if isinstance(data, dict) and "onward" in data else ()


@lru_cache(maxsize=None)
def article_level_hedges() -> tuple[str, ...]:
    """Whole-report disclaimers (config/hedges.yaml ``article_level``; optional): dropped when the
    other report, telling the same story, never makes them anywhere."""
    data = _load("hedges.yaml")
    if "article_level" not in data:
        return ()
    return _hedge_families("article_level", data["article_level"])


@lru_cache(maxsize=None)
def article_level_clause() -> re.Pattern[str] | None:
    """Words opening a concessive clause (config/hedges.yaml ``article_level_clause``; optional): a
    whole-report disclaimer in such a clause after a claim of its own sentence ("The brigade asserted
    that ..., although the BBC has not verified this") hedges that claim, not the report."""
    data = _load("hedges.yaml")
    if "article_level_clause" not in data:
        return None
    return _alternation("hedges.yaml", "article_level_clause", data["article_level_clause"])


@lru_cache(maxsize=None)
def known_sources() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Canonical source -> (kind, aliases) (config/sources.yaml ``sources``)."""
    sources = _section("sources.yaml", "sources")
    if not isinstance(sources, dict) or not sources:
        raise ConfigError(f"{_path('sources.yaml')}: sources must map canonical names to kind and aliases")
    out = {}
    for name, entry in sources.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("kind"), str) or not entry["kind"].strip():
            raise ConfigError(f"{_path('sources.yaml')}: sources.{name}.kind must be a non-empty string")
        out[str(name)] = (entry["kind"], _text_list("sources.yaml", f"sources.{name}.aliases", entry.get("aliases")))
    return out


@dataclass(frozen=True)
class OriginRules:
    """How far an attribution may stand from the source it names, and the kinds never an origin
    (config/sources.yaml ``attribution``)."""

    words_before: int
    words_after: int
    not_origins: frozenset[str]


@lru_cache(maxsize=None)
def origin_rules() -> OriginRules:
    """config/sources.yaml ``attribution``."""
    where = f"{_path('sources.yaml')}: attribution"
    data = _section("sources.yaml", "attribution")
    if not isinstance(data, dict):
        raise ConfigError(f"{where} must map words_before, words_after and not_origins")
    kinds = {kind for kind, _ in known_sources().values()}
    not_origins = _text_list("sources.yaml", "attribution.not_origins", data.get("not_origins"))
    unknown = [k for k in not_origins if k not in kinds]
    if unknown:
        raise ConfigError(f"{where}.not_origins names kinds no source has: {unknown}")
    return OriginRules(checked_number(f"{where}.words_before", data.get("words_before"), int, 0, 10),
                       checked_number(f"{where}.words_after", data.get("words_after"), int, 0, 10),
                       frozenset(not_origins))


@lru_cache(maxsize=None)
def outlet_words() -> dict[str, tuple[str, ...]]:
    """Kind -> words saying the name after them is a source of that kind ("newspaper", "газета",
    "Telegram channel"; config/sources.yaml ``outlet_words``)."""
    section = _section("sources.yaml", "outlet_words")
    if not isinstance(section, dict) or not section:
        raise ConfigError(f"{_path('sources.yaml')}: outlet_words must map kinds to lists of words")
    return {str(kind): _text_list("sources.yaml", f"outlet_words.{kind}", words) for kind, words in section.items()}


@lru_cache(maxsize=None)
def known_outlets() -> dict[str, str]:
    """Domain -> the outlet's display name (config/outlets.yaml ``outlets``)."""
    outlets = _section("outlets.yaml", "outlets")
    if not isinstance(outlets, dict) or not outlets:
        raise ConfigError(f"{_path('outlets.yaml')}: outlets must map domains to display names")
    for domain, name in outlets.items():
        if not isinstance(domain, str) or "." not in domain or domain != domain.strip().lower():
            raise ConfigError(f"{_path('outlets.yaml')}: outlets key {domain!r} must be a lower-case domain")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{_path('outlets.yaml')}: outlets.{domain} must be a non-empty display name")
    return dict(outlets)


def threshold(section: str, key: str, kind: type = float, low: float = 0.0, high: float | None = None) -> Any:
    """One tuning value from config/thresholds.yaml, checked for type and range."""
    values = _section("thresholds.yaml", section)
    where = f"{_path('thresholds.yaml')}: {section}.{key}"
    if not isinstance(values, dict) or key not in values:
        raise ConfigError(f"{where} is missing")
    return checked_number(where, values[key], kind, low, high)


def checked_number(where: str, value: Any, kind: type = float, low: float = 0.0, high: float | None = None,
                   error: type[ConfigError] = ConfigError) -> Any:
    """``value`` as ``kind`` when it is a number of that kind within [low, high]; else ``error``
    saying ``where`` (file and key) and what was found. The one range check of every config file."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        raise error(f"{where} must be {'an integer' if kind is int else 'a number'}, not {value!r}")
    if value < low or (high is not None and value > high):
        raise error(f"{where} must be between {low} and {high if high is not None else 'any'}, not {value!r}")
    return kind(value)


_QUALIFIER_MEANINGS = (">", ">=", "<", "<=", "~", "~<")


def _lower_words(name: str, key: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _text_list(name, key, _section(name, key)))


def _phrase_map(name: str, key: str, shape: str) -> dict[str, Any]:
    """A section mapping non-empty phrases (stripped, lower case) to values the caller checks."""
    section = _section(name, key)
    if not isinstance(section, dict) or not section:
        raise ConfigError(f"{_path(name)}: {key} must map {shape}")
    out: dict[str, Any] = {}
    for phrase, value in section.items():
        if not isinstance(phrase, str) or not phrase.strip():
            raise ConfigError(f"{_path(name)}: {key} key {phrase!r} must be a non-empty phrase")
        out[phrase.strip().lower()] = value
    return out


@lru_cache(maxsize=None)
def claim_qualifiers() -> dict[str, str]:
    """Qualifier phrase (lower case) -> its meaning (config/claims.yaml ``qualifiers``)."""
    qualifiers = _phrase_map("claims.yaml", "qualifiers", f"phrases to one of {list(_QUALIFIER_MEANINGS)}")
    for phrase, meaning in qualifiers.items():
        if meaning not in _QUALIFIER_MEANINGS:
            raise ConfigError(f"{_path('claims.yaml')}: qualifiers.{phrase} must be one of "
                              f"{list(_QUALIFIER_MEANINGS)}, not {meaning!r}")
    return qualifiers


def _unit_only_in(key: str, entry: dict) -> dict[str, tuple[str, ...]]:
    """A units entry's spellings only one language writes, by language code (``only_in``; none when left out)."""
    only = entry.get("only_in", {})
    if not isinstance(only, dict):
        raise ConfigError(f"{_path('claims.yaml')}: {key}.only_in must map language codes to unit spellings")
    return {str(code).strip().lower(): _text_list("claims.yaml", f"{key}.only_in.{code}", words)
            for code, words in only.items()}


@lru_cache(maxsize=None)
def claim_units() -> dict[str, tuple[str, str, float]]:
    """Unit spelling (lower case) -> (dimension, canonical unit, factor to the dimension's base unit)
    (config/claims.yaml ``units``: ``names`` and the spellings ``only_in`` one language)."""
    where = _path("claims.yaml")
    units = _section("claims.yaml", "units")
    if not isinstance(units, list) or not units:
        raise ConfigError(f"{where}: units must be a list of {{names, dimension, unit, factor}}")
    out: dict[str, tuple[str, str, float]] = {}
    for i, entry in enumerate(units):
        key = f"units[{i}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: {key} must be a mapping with names, dimension, unit and factor")
        names = _text_list("claims.yaml", f"{key}.names", entry.get("names"))
        for field in ("dimension", "unit"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise ConfigError(f"{where}: {key}.{field} must be a non-empty string")
        factor = entry.get("factor")
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or factor <= 0:
            raise ConfigError(f"{where}: {key}.factor must be a positive number, not {factor!r}")
        for name in (*names, *(w for words in _unit_only_in(key, entry).values() for w in words)):
            if name.lower() in out:
                raise ConfigError(f"{where}: {key}.names repeats {name!r}, already a unit above")
            if "*" in name[:-1] or name == "*":
                raise ConfigError(f"{where}: {key}.names {name!r}: a '*' may only end a stem (процент*)")
            out[name.lower()] = (entry["dimension"], entry["unit"], float(factor))
    return out


@lru_cache(maxsize=None)
def figure_unit_words() -> dict[str, tuple[float, str]]:
    """Stem (lower case) of a word holding a figure and its unit in one ("стопроцентн") -> (the figure,
    a unit name of ``claim_units``) (config/claims.yaml ``figure_unit_words``)."""
    where = _path("claims.yaml")
    words = _phrase_map("claims.yaml", "figure_unit_words", "stems to [figure, unit] (стопроцентн: [100, \"%\"])")
    units = claim_units()
    out = {}
    for stem, value in words.items():
        if (not isinstance(value, list) or len(value) != 2 or isinstance(value[0], bool)
                or not isinstance(value[0], (int, float)) or not isinstance(value[1], str)
                or value[1].lower() not in units):
            raise ConfigError(f"{where}: figure_unit_words.{stem} must be [a number, a unit name of units], "
                              f"not {value!r}")
        out[stem] = (float(value[0]), value[1].lower())
    return out


@lru_cache(maxsize=None)
def claim_scale_words() -> dict[str, float]:
    """Scale word after digits (lower case, no final dot) -> its factor (config/claims.yaml ``scale_words``)."""
    where = _path("claims.yaml")
    words = _phrase_map("claims.yaml", "scale_words", "words to factors (\"тыс\": 1000)")
    for word, factor in words.items():
        if word.endswith("."):
            raise ConfigError(f"{where}: scale_words key {word!r} must be a word without its final dot")
        if isinstance(factor, bool) or not isinstance(factor, (int, float)) or factor <= 1:
            raise ConfigError(f"{where}: scale_words.{word} must be a number above 1, not {factor!r}")
    return {word: float(factor) for word, factor in words.items()}


@dataclass(frozen=True)
class GluedNumbers:
    """How Korean, Chinese and Japanese glue words to a number (config/claims.yaml ``glued_numbers``)."""

    scales: dict[str, float]        # "만" -> 10000
    about: dict[str, str]           # "여" -> ">": glued after the number
    after: dict[str, str]           # "이상" -> ">=": after the counter
    counters: dict[str, str]        # "명" -> "people"
    years: tuple[str, ...]
    months: tuple[str, ...]
    days: tuple[str, ...]
    before: dict[str, str]          # "至少" -> ">=": glued before the number (Chinese, Japanese)


@lru_cache(maxsize=None)
def glued_numbers() -> GluedNumbers:
    """Scales, qualifiers, counters and date words glued to a number (config/claims.yaml ``glued_numbers``)."""
    where = f"{_path('claims.yaml')}: glued_numbers"
    section = _section("claims.yaml", "glued_numbers")
    if not isinstance(section, dict):
        raise ConfigError(f"{where} must map scales, about, after, counters, years, months and days")

    def words_to(key: str, check: Any, shape: str) -> dict[str, Any]:
        table = section.get(key)
        if not isinstance(table, dict) or not table:
            raise ConfigError(f"{where}.{key} must map words to {shape}")
        for word, value in table.items():
            if not isinstance(word, str) or not word.strip() or not check(value):
                raise ConfigError(f"{where}.{key}.{word} must be {shape}, not {value!r}")
        return {word.strip().lower(): value for word, value in table.items()}

    def is_meaning(value: Any) -> bool:
        return value in _QUALIFIER_MEANINGS

    scales = words_to("scales", lambda v: not isinstance(v, bool) and isinstance(v, (int, float)) and v > 1,
                      "a number above 1")
    meanings = f"one of {list(_QUALIFIER_MEANINGS)}"
    return GluedNumbers({w: float(f) for w, f in scales.items()}, words_to("about", is_meaning, meanings),
                        words_to("after", is_meaning, meanings),
                        words_to("counters", lambda v: isinstance(v, str) and bool(v.strip()), "a noun"),
                        *(_text_list("claims.yaml", f"glued_numbers.{key}", section.get(key))
                          for key in ("years", "months", "days")),
                        words_to("before", is_meaning, meanings))


@lru_cache(maxsize=None)
def exchange_words() -> tuple[str, ...]:
    """Words between the two equal numbers of an exchange's format ("1000 на 1000") (config/claims.yaml
    ``exchange_words``)."""
    return tuple(dict.fromkeys(_lower_words("claims.yaml", "exchange_words")))


@lru_cache(maxsize=None)
def leading_elisions() -> frozenset[str]:
    """Words written with a leading apostrophe, no opening quote (config/claims.yaml ``leading_elisions``)."""
    return frozenset(_lower_words("claims.yaml", "leading_elisions"))


@lru_cache(maxsize=None)
def dot_thousands_languages() -> frozenset[str]:
    """Languages that group thousands with a dot (config/claims.yaml ``dot_thousands_languages``)."""
    return frozenset(_lower_words("claims.yaml", "dot_thousands_languages"))


@lru_cache(maxsize=None)
def before_unit_words() -> tuple[str, ...]:
    """Words between a number and its unit ("32 de ani") (config/claims.yaml ``before_unit``)."""
    return tuple(dict.fromkeys(_lower_words("claims.yaml", "before_unit")))


@lru_cache(maxsize=None)
def range_words(language: str | None = None) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Words joining two numbers into a range (config/claims.yaml): ``range_to`` always, and in a text of
    ``language`` (a base code) its own (``range_by_language``: Spanish "de 18 a 27"), ``range_and`` only after a
    word of ``range_between``."""
    own = _sides_by_language("range_by_language", ("to",)).get(language or "", ((),))[0]
    to, between, and_ = (_lower_words("claims.yaml", key) for key in ("range_to", "range_between", "range_and"))
    return tuple(dict.fromkeys(to + own)), tuple(dict.fromkeys(between)), tuple(dict.fromkeys(and_))


@lru_cache(maxsize=None)
def _sides_by_language(key: str, sides: tuple[str, ...], keyed: tuple[str, ...] = ()) -> dict[str, tuple[tuple, ...]]:
    """Language code -> one list of lower-case words per side (a side left out: none) of a claims.yaml section
    mapping language codes to mappings of ``sides`` to lists; a side of ``keyed`` may map words to lists instead, and
    reads as (word, listed word) pairs ("" for every word: a list)."""
    table = _section("claims.yaml", key)
    if not isinstance(table, dict) or not all(isinstance(v, dict) and set(v) <= set(sides) for v in table.values()):
        raise ConfigError(f"{_path('claims.yaml')}: {key} must map language codes to {', '.join(sides)} word lists")

    def words(where: str, value: Any) -> tuple[str, ...]:
        return tuple(w.lower() for w in _text_list("claims.yaml", where, value))

    def side_words(code: str, side: str, value: Any) -> tuple:
        where = f"{key}.{code}.{side}"
        if side not in keyed:
            return words(where, value)
        if isinstance(value, list):
            return tuple(("", listed) for listed in words(where, value))
        if not isinstance(value, dict) or not value:
            raise ConfigError(f"{_path('claims.yaml')}: {where} must list words or map words to lists of words")
        return tuple((" ".join(str(w).lower().split()), listed) for w, listed_words in value.items()
                     for listed in words(f"{where}.{w}", listed_words))

    return {str(code).strip().lower(): tuple(side_words(code, side, entry[side]) if side in entry else ()
                                             for side in sides)
            for code, entry in table.items()}


@lru_cache(maxsize=None)
def speech_dashes() -> tuple[str, ...]:
    """The dashes that open direct speech at a paragraph's start (config/claims.yaml ``speech_dashes``),
    each one character."""
    dashes = _text_list("claims.yaml", "speech_dashes", _section("claims.yaml", "speech_dashes"))
    if not all(len(d) == 1 for d in dashes):
        raise ConfigError(f"{_path('claims.yaml')}: speech_dashes must be single characters")
    return dashes


@lru_cache(maxsize=None)
def speech_dash_languages() -> frozenset[str]:
    """The languages whose reports print direct speech after a dash (config/claims.yaml
    ``speech_dash_languages``): Compare reads such a paragraph as a quote only in them."""
    return frozenset(w.lower() for w in _text_list("claims.yaml", "speech_dash_languages",
                                                   _section("claims.yaml", "speech_dash_languages")))


@lru_cache(maxsize=None)
def number_compounds() -> dict[str, str]:
    """Language code -> what stands between a tens word and a units word of one number
    (config/claims.yaml ``number_compounds``: " și ", " ", "-", "" glued), for languages with
    ``number_words``."""
    where = f"{_path('claims.yaml')}: number_compounds"
    table = _section("claims.yaml", "number_compounds")
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ConfigError(f"{where} must map language codes to the text joining tens and units")
    unknown = [code for code in table if str(code).strip().lower() not in number_words()]
    if unknown:
        raise ConfigError(f"{where}: {unknown} have no number_words")
    return {str(code).strip().lower(): joiner for code, joiner in table.items()}


@lru_cache(maxsize=None)
def compound_ones() -> dict[str, tuple[str, ...]]:
    """Language code -> the words for "one" read only as the units of a tens word (config/claims.yaml
    ``compound_ones``: "douăzeci și unu", "двадцать один", "kaksikymmentäyksi"); alone they are
    articles or pronouns ("un soldat", "один из них") and stay no figure."""
    where = f"{_path('claims.yaml')}: compound_ones"
    table = _section("claims.yaml", "compound_ones")
    if not isinstance(table, dict) or not all(isinstance(v, list) for v in table.values()):
        raise ConfigError(f"{where} must map language codes to lists of words")
    unknown = [code for code in table if str(code).strip().lower() not in number_compounds()]
    if unknown:
        raise ConfigError(f"{where}: {unknown} have no number_compounds")
    return {str(code).strip().lower(): tuple(str(w).lower() for w in words) for code, words in table.items()}


@lru_cache(maxsize=None)
def number_words() -> dict[str, dict[str, int]]:
    """Language code -> number word (lower case, straight apostrophe) -> its value (config/claims.yaml
    ``number_words``; English is required). One spelling has one value in every language, so a word
    read in any text parses the same."""
    where = f"{_path('claims.yaml')}: number_words"
    table = _section("claims.yaml", "number_words")
    if not isinstance(table, dict) or not isinstance(table.get("en"), dict):
        raise ConfigError(f"{where} must map language codes (English among them) to words and their values")
    out: dict[str, dict[str, int]] = {}
    seen: dict[str, int] = {}
    for code, words in table.items():
        if not isinstance(code, str) or not isinstance(words, dict) or not words:
            raise ConfigError(f"{where}.{code} must map words to their values")
        for word, value in words.items():
            if not isinstance(word, str) or not word.strip():
                raise ConfigError(f"{where}.{code}: {word!r} must be a non-empty word")
            word = " ".join(apostrophes(word.lower()).split())
            checked_number(f"{where}.{code}.{word}", value, int)
            if seen.setdefault(word, value) != value:
                raise ConfigError(f"{where}.{code}.{word} is {value}, but {seen[word]} in another language")
            out.setdefault(code.strip().lower(), {})[word] = value
    return out


@lru_cache(maxsize=None)
def ordinal_endings() -> tuple[str, ...]:
    """Endings after a hyphen that make a number an ordinal ("1441-го") (config/claims.yaml ``ordinal_endings``)."""
    return tuple(dict.fromkeys(_lower_words("claims.yaml", "ordinal_endings")))


@lru_cache(maxsize=None)
def signed_dimensions() -> frozenset[str]:
    """Dimensions of ``units`` whose values may be negative, read with their minus sign ("-50 °C")
    (config/claims.yaml ``signed_dimensions``)."""
    dimensions = frozenset(_lower_words("claims.yaml", "signed_dimensions"))
    unknown = sorted(dimensions - {dimension.lower() for dimension, _, _ in claim_units().values()})
    if unknown:
        raise ConfigError(f"{_path('claims.yaml')}: signed_dimensions names dimensions no unit has: {unknown}")
    return dimensions


@lru_cache(maxsize=None)
def unit_name_words() -> tuple[str, ...]:
    """Beginnings of words naming a military unit, whose number is its name ("Brigăzii 129", "155. Brigade")
    (config/claims.yaml ``unit_name_words``)."""
    return tuple(dict.fromkeys(_lower_words("claims.yaml", "unit_name_words")))


@lru_cache(maxsize=None)
def unit_name_forms() -> tuple[str, ...]:
    """Forms of a unit's word that follow its number, never a count ("3 batalionu")
    (config/claims.yaml ``unit_name_forms``)."""
    return tuple(dict.fromkeys(_lower_words("claims.yaml", "unit_name_forms")))


@lru_cache(maxsize=None)
def minus_words() -> tuple[str, ...]:
    """Words for "minus" before a signed value ("minus 20 °C") (config/claims.yaml ``minus_words``)."""
    return tuple(dict.fromkeys(_lower_words("claims.yaml", "minus_words")))


def _word_lists(key: str, sides: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """One list of lower-case words per side of a claims.yaml section mapping ``sides`` to lists."""
    section = _section("claims.yaml", key)
    if not isinstance(section, dict):
        raise ConfigError(f"{_path('claims.yaml')}: {key} must map {', '.join(sides)} to lists of words")
    return tuple(tuple(dict.fromkeys(w.lower() for w in _text_list("claims.yaml", f"{key}.{side}", section.get(side))))
                 for side in sides)


# The sides of an entry of config/claims.yaml ``ago_words``; those of AGO_KEYED may map one of its after or before
# words to the words that cancel it after that word alone (a list: after any)
AGO_SIDES = ("after", "before", "not_before", "not_after", "present", "present_next", "not_between", "not_past",
             "not_before_comma")
AGO_KEYED = ("not_before", "not_before_comma")


@lru_cache(maxsize=None)
def _ago_table() -> dict[str, tuple[tuple, ...]]:
    """config/claims.yaml ``ago_words`` by language, ``not_before`` and ``not_before_comma`` as (ago word, word) pairs:
    a list's words after each of the language's after and before words, a mapping's after the word it names, checked
    to be one of them."""
    table = _sides_by_language("ago_words", AGO_SIDES, AGO_KEYED)
    out = {}
    for code, entry in table.items():
        own = tuple(dict.fromkeys(entry[0] + entry[1]))
        sides = list(entry)
        for side in map(AGO_SIDES.index, AGO_KEYED):
            strays = sorted({word for word, _ in entry[side]} - {"", *own})
            if strays:
                raise ConfigError(f"{_path('claims.yaml')}: ago_words.{code}.{AGO_SIDES[side]} follows words that are "
                                  f"none of its after or before words: {', '.join(strays)}")
            sides[side] = tuple(dict.fromkeys((ago, w) for word, w in entry[side] for ago in ((word,) if word else own)))
        out[code] = tuple(sides)
    return out


@lru_cache(maxsize=None)
def ago_words(language: str | None = None) -> tuple[tuple, ...]:
    """(after, before, not_before, not_after, present, present_next, not_between, not_past, not_before_comma) for a text
    in ``language`` (a base code; None: unknown): the words that make a duration a time back from the report's day right
    after its unit ("3 anni fa") or right before its number ("vor 3 Jahren"), the words right after such a phrase that
    make it another, as (the ago word they follow, the word) pairs ("тому що": because; the last side, after a comma
    too: "тому, хто", to the one who), the words before a word written before the number that make the phrase a period
    ("desde hace 3 años": for three years), the verbs of a state in the present that do so from further back in its
    clause ("está preso há 3 anos") or only right before it ("dura há"), and the words that may not stand between such
    a verb and the word (a clause's or a past verb's: "*ó" an ending) and those that end so but are none ("ou": or).
    The language's own and English's, read in every
    text; for an unknown language, those of the languages whose words are a time back in no other
    (config/claims.yaml ``ago_words``, ``ago_words_unknown_language``)."""
    table = _ago_table()
    if "en" not in table:
        raise ConfigError(f"{_path('claims.yaml')}: ago_words must list English's (read in every text)")
    unknown = _text_list("claims.yaml", "ago_words_unknown_language", _section("claims.yaml", "ago_words_unknown_language"))
    if not set(unknown) <= set(table):
        raise ConfigError(f"{_path('claims.yaml')}: ago_words_unknown_language names languages ago_words does not list: "
                          f"{', '.join(sorted(set(unknown) - set(table)))}")
    codes = ["en", *(unknown if not language else [language] if language in table else [])]
    return tuple(tuple(dict.fromkeys(w for code in codes for w in table[code][side])) for side in range(len(AGO_SIDES)))


@lru_cache(maxsize=None)
def ago_unit_languages() -> dict[str, str]:
    """Unit spelling -> the language whose ago words a text of unknown language reads right after it: a spelling only
    that language writes ("3 роки тому": Ukrainian, left out of ``ago_words_unknown_language`` for Russian's "тому,
    кто") (config/claims.yaml ``units``' ``only_in``, each language one ``ago_words`` lists)."""
    claim_units()           # the spellings checked, none twice
    known = _ago_table()
    out: dict[str, str] = {}
    for i, entry in enumerate(_section("claims.yaml", "units")):
        for code, words in _unit_only_in(f"units[{i}]", entry).items():
            if code not in known:
                raise ConfigError(f"{_path('claims.yaml')}: units[{i}].only_in names a language ago_words does not "
                                  f"list: {code}")
            out.update((word.lower(), code) for word in words)
    return out


@lru_cache(maxsize=None)
def half_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(before, after): "and a half" before a number's unit ("two and a half years") or after it ("cinco anos e
    meio") (config/claims.yaml ``half_words``)."""
    return _word_lists("half_words", ("before", "after"))


@lru_cache(maxsize=None)
def age_words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(before, after, units): words that make a number of years a person's age ("aged 27", "27 years old",
    "27-jarigen", "27-летний": a unit ending in "*" is a stem) (config/claims.yaml ``age_words``)."""
    return _word_lists("age_words", ("before", "after", "units"))


@lru_cache(maxsize=None)
def age_unit_periods() -> tuple[str, ...]:
    """Nouns of a period after an age's unit word that make it the period's adjective ("8-летнему сроку": a term of
    8 years; a name ending in "*" is a stem) (config/claims.yaml ``age_words.periods``)."""
    return _word_lists("age_words", ("periods",))[0]


# The sides of an entry of config/claims.yaml ``age_of_years``, the last five optional
_AGE_OF_YEARS_SIDES = ("of", "not_after", "complement", "before_place", "before_source", "dative", "dative_after",
                       "dative_between", "dative_subjects", "dative_after_subject")
_AGE_OF_YEARS_OPTIONAL = ("dative", "dative_after", "dative_between", "dative_subjects", "dative_after_subject")


@lru_cache(maxsize=None)
def age_of_years() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Language code -> (of, not_after, complement, before_place, before_source, dative, dative_after, dative_between,
    dative_subjects, dative_after_subject):
    the words before a number of years that make it an age after a noun ("un soldat de 27 ans"), the period words before
    them that do not ("une peine de 10 ans"), the words after the unit that make it a period ("10 ans de prison"), the
    prepositions before a capitalised word that make it a place, not a person whose age follows ("En Crimée, 3 ans."),
    those of source or purpose, after which a comma after the unit makes it an age ("Selon Olga, 34 ans, son mari") and
    an end does not ("Según Moscú, 3 años."), those of place that after a verb of ``dative_after`` bring in a person
    ("Ha detto a Vlad, 27 anni,"; the two given together or neither: none), the short adverbs that may stand
    between the two ("Ha detto ieri a Vlad"; only with them; "*" an ending), and the subject pronouns or auxiliaries
    after which a verb spelt as a noun counts as one of dative_after ("il demande", "ha dato"; the two together)
    (config/claims.yaml ``age_of_years``)."""
    table = _section("claims.yaml", "age_of_years")
    if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
        raise ConfigError(f"{_path('claims.yaml')}: age_of_years must map language codes to of, not_after, complement, "
                          "before_place and before_source (and dative with dative_after)")
    out: dict[str, tuple[tuple[str, ...], ...]] = {}
    for code, entry in table.items():
        if ("dative" in entry) != ("dative_after" in entry):
            raise ConfigError(f"{_path('claims.yaml')}: age_of_years.{code} must give dative and dative_after together")
        for side in ("dative_between", "dative_subjects"):
            if side in entry and "dative" not in entry:
                raise ConfigError(f"{_path('claims.yaml')}: age_of_years.{code} gives {side} without dative")
        if ("dative_subjects" in entry) != ("dative_after_subject" in entry):
            raise ConfigError(f"{_path('claims.yaml')}: age_of_years.{code} must give dative_subjects and "
                              "dative_after_subject together")
        out[str(code).strip().lower()] = tuple(
            tuple(w.lower() for w in _text_list("claims.yaml", f"age_of_years.{code}.{side}", entry.get(side)))
            if side in entry or side not in _AGE_OF_YEARS_OPTIONAL else ()
            for side in _AGE_OF_YEARS_SIDES)
    return out


@lru_cache(maxsize=None)
def unit_name_after() -> re.Pattern[str]:
    """What follows a unit's number in a language that puts the unit's adjectives between them: a
    genitive singular ("74 мотострілкової бригади", "74 отдельной мотострелковой бригады"), never a
    count's agreement (config/claims.yaml ``unit_name_after``)."""
    return _alternation("claims.yaml", "unit_name_after", _section("claims.yaml", "unit_name_after"))


@lru_cache(maxsize=None)
def year_time_units() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(decade, decade_before, four_digits): unit words of years after which a number names a time, no period: a
    decade's after a round number with one of decade_before's words before it ("в 90 годах": the 90s), a year's
    after four digits ("зимой 1812 года") (config/claims.yaml ``year_time_units``), each a unit of years."""
    sides = ("decade", "decade_before", "four_digits")
    lists = _word_lists("year_time_units", sides)
    units = claim_units()
    for side, words in zip(sides, lists):
        if side == "decade_before":
            continue
        strays = [w for w in words if units.get(w, ("", "", 0.0))[1] != "years"]
        if strays:
            raise ConfigError(f"{_path('claims.yaml')}: year_time_units.{side} names words units does not list as years: "
                              f"{', '.join(strays)}")
    return lists


@lru_cache(maxsize=None)
def year_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words that make a four-digit number a year (config/claims.yaml): ``year_before`` it ("у 1947"),
    ``year_after`` it ("2022 року")."""
    return tuple(tuple(dict.fromkeys(_lower_words("claims.yaml", key))) for key in ("year_before", "year_after"))


@lru_cache(maxsize=None)
def official_titles() -> tuple[str, ...]:
    """Titles before a name that make it a cited official (config/claims.yaml ``titles``; case kept)."""
    return _text_list("claims.yaml", "titles", _section("claims.yaml", "titles"))


def official_titles_other_languages() -> tuple[str, ...]:
    """The titles of ``titles`` in the Cyrillic-script corpus languages, lower case (matched in any
    case; config/claims.yaml ``titles_other_languages``)."""
    return _lower_words("claims.yaml", "titles_other_languages")


@lru_cache(maxsize=None)
def not_counted_by_language() -> dict[str, frozenset[str]]:
    """Language code -> its function words after a count that are not what it counts
    (config/claims.yaml ``not_counted_by_language``)."""
    table = _section("claims.yaml", "not_counted_by_language")
    if not isinstance(table, dict) or not table:
        raise ConfigError(f"{_path('claims.yaml')}: not_counted_by_language must map language codes to word lists")
    return {str(code).lower(): frozenset(w.lower() for w in _text_list("claims.yaml", f"not_counted_by_language.{code}", words))
            for code, words in table.items()}


@lru_cache(maxsize=None)
def elisions_opening_phrase() -> dict[str, frozenset[str]]:
    """Language code -> its elided words ("l’", "qu’") after which a count names no noun
    (config/claims.yaml ``elisions_opening_phrase``)."""
    table = _section("claims.yaml", "elisions_opening_phrase")
    if not isinstance(table, dict) or not table:
        raise ConfigError(f"{_path('claims.yaml')}: elisions_opening_phrase must map language codes to word lists")
    return {str(code).lower(): frozenset(w.lower() for w in _text_list("claims.yaml", f"elisions_opening_phrase.{code}", words))
            for code, words in table.items()}


@lru_cache(maxsize=None)
def nouns_capitalised() -> frozenset[str]:
    """Languages that capitalise every noun (config/claims.yaml ``nouns_capitalised``)."""
    return frozenset(_lower_words("claims.yaml", "nouns_capitalised"))


@lru_cache(maxsize=None)
def not_counted_words() -> frozenset[str]:
    """Words after a bare count that are not what is counted (config/claims.yaml ``not_counted``)."""
    return frozenset(_lower_words("claims.yaml", "not_counted"))


@lru_cache(maxsize=None)
def word_stemmers() -> dict[str, str]:
    """Language code -> Snowball stemmer name for matching a typed word's other forms
    (config/search.yaml ``stemmers``), each name one the snowballstemmer package knows."""
    import snowballstemmer   # (imported here: only search by words needs it)

    where = f"{_path('search.yaml')}: stemmers"
    table = _section("search.yaml", "stemmers")
    if not isinstance(table, dict) or not table:
        raise ConfigError(f"{where} must map language codes to Snowball stemmer names")
    known = set(snowballstemmer.algorithms())
    out: dict[str, str] = {}
    for code, name in table.items():
        if not isinstance(code, str) or not code.strip() or not isinstance(name, str):
            raise ConfigError(f"{where}: {code!r}: {name!r} must be a language code and a stemmer name")
        if name not in known:
            raise ConfigError(f"{where}.{code}: unknown stemmer {name!r}; snowballstemmer has {', '.join(sorted(known))}")
        out[code.strip().lower()] = name
    return out


@lru_cache(maxsize=None)
def search_examples() -> tuple[str, ...]:
    """The search page's configured example queries (config/search.yaml ``examples``)."""
    return _text_list("search.yaml", "examples", _section("search.yaml", "examples"))


@lru_cache(maxsize=None)
def east_slavic_letters() -> dict[str, dict[str, str]]:
    """Language code -> {letter: the letter the other East Slavic spelling writes for it ("" drops
    it)}: the letters Russian and Ukrainian spell one name with differently (config/search.yaml
    ``east_slavic_letters``), each a single lower-case character."""
    where = f"{_path('search.yaml')}: east_slavic_letters"
    table = _section("search.yaml", "east_slavic_letters")
    if not isinstance(table, dict) or not table:
        raise ConfigError(f"{where} must map language codes to {{letter: letter}} mappings")
    out: dict[str, dict[str, str]] = {}
    for code, letters in table.items():
        if not isinstance(code, str) or not isinstance(letters, dict) or not letters:
            raise ConfigError(f"{where}: {code!r} must be a language code mapping letters to letters")
        for letter, same in letters.items():
            if not (isinstance(letter, str) and len(letter) == 1 and letter == letter.lower()
                    and isinstance(same, str) and len(same) <= 1):
                raise ConfigError(f"{where}.{code}: {letter!r}: {same!r} must map one lower-case letter "
                                  f"to one letter or \"\"")
        out[code.strip().lower()] = {str(k): str(v) for k, v in letters.items()}
    return out


@lru_cache(maxsize=None)
def letter_equivalents() -> dict[str, str]:
    """{letter: the letter it is read as}: the letters a language writes two ways (config/search.yaml
    ``letter_equivalents``: Romanian ş/ș, ţ/ț), each one character to one character."""
    where = f"{_path('search.yaml')}: letter_equivalents"
    table = _section("search.yaml", "letter_equivalents")
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) and len(k) == len(v) == 1
                                              for k, v in table.items()):
        raise ConfigError(f"{where} must map single letters to single letters")
    return {str(k): str(v) for k, v in table.items()}


@lru_cache(maxsize=None)
def own_letters() -> dict[str, frozenset[str]]:
    """Language code -> the letters it writes as letters of its own, not another letter with a mark
    (config/search.yaml ``own_letters``: Finnish ä, ö; Turkish ş), each a single lower-case letter."""
    where = f"{_path('search.yaml')}: own_letters"
    table = _section("search.yaml", "own_letters")
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must map language codes to lists of letters")
    out: dict[str, frozenset[str]] = {}
    for code, letters in table.items():
        if not isinstance(code, str) or not code.strip() or not isinstance(letters, list) or not letters:
            raise ConfigError(f"{where}: {code!r} must be a language code with a non-empty list of letters")
        for letter in letters:
            if not (isinstance(letter, str) and len(letter) == 1 and letter.isalpha() and letter == letter.lower()):
                raise ConfigError(f"{where}.{code}: {letter!r} must be one lower-case letter")
        out[code.strip().lower()] = frozenset(letters)
    return out


@lru_cache(maxsize=None)
def word_lemmatized() -> frozenset[str]:
    """Languages read through simplemma's word lists where no Snowball stemmer serves them
    (config/search.yaml ``lemmatized``), each one simplemma knows."""
    try:   # (search and compare by words only; a probe word would load each language's list, 60-80 MB)
        from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES
    except ImportError:     # a simplemma that moved it (tested with 2.0): its first word names the language
        SUPPORTED_LANGUAGES = None

    codes = _lower_words("search.yaml", "lemmatized")
    unknown = sorted(set(codes) - set(SUPPORTED_LANGUAGES)) if SUPPORTED_LANGUAGES is not None else []
    if unknown:
        raise ConfigError(f"{_path('search.yaml')}: lemmatized names languages simplemma does not know: {unknown}")
    return frozenset(codes)


@lru_cache(maxsize=None)
def search_content_words() -> dict[str, frozenset[str]]:
    """Language code -> the words its stop-word list names that search still matches as typed
    (config/search.yaml ``content_words``: Russian "люди", "тысяч"), each lower case."""
    where = f"{_path('search.yaml')}: content_words"
    table = _section("search.yaml", "content_words")
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must map language codes to lists of words")
    out: dict[str, frozenset[str]] = {}
    for code, words in table.items():
        if not isinstance(code, str) or not code.strip() or not isinstance(words, list) \
                or not all(isinstance(w, str) and w.strip() for w in words):
            raise ConfigError(f"{where}: {code!r} must be a language code with a list of words")
        out[code.strip().lower()] = frozenset(w.strip().lower() for w in words)
    return out


@lru_cache(maxsize=None)
def topic_stopwords() -> frozenset[str]:
    """News-report words that say nothing about a theme (config/topics.yaml ``stopwords``)."""
    return frozenset(_lower_words("topics.yaml", "stopwords"))


# --------------------------------------------------------------------------------------------
# config/ingest.yaml: what the pipeline accepts as an article
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IngestSettings:
    """What counts as an article and when two files are one (defaults = the shipped file)."""

    min_words: int = 5
    earliest_year: int = 1995
    max_changed_words: int = 5
    max_changed_share: float = 0.03
    shingle_words: int = 3
    # the first sentence standing in for a missing headline (``pipeline.lead_titles``)
    lead_title_words: int = 16
    lead_title_characters: int = 120
    lead_title_min_words: int = 4


_INGEST_KEYS = {"min_words", "earliest_year", "near_duplicate", "lead_title"}
_NEAR_DUPLICATE_KEYS = {"max_changed_words", "max_changed_share", "shingle_words"}
_LEAD_TITLE_KEYS = {"max_words": "lead_title_words", "max_characters": "lead_title_characters",
                    "min_words": "lead_title_min_words"}


def parse_ingest_settings(path: Path) -> IngestSettings:
    """Read and check an ingest file; ``ConfigError`` naming the file and the key."""
    data = read_mapping(path)
    near = data.get("near_duplicate")
    if not isinstance(near, dict):
        raise ConfigError(f"{path}: key 'near_duplicate' must be a mapping")
    # optional (added later: an ingest file written before it still reads): the shipped values
    lead = data.get("lead_title") or {}      # (its keys all commented out: null)
    if not isinstance(lead, dict):
        raise ConfigError(f"{path}: key 'lead_title' must be a mapping")
    unknown = (sorted(set(data) - _INGEST_KEYS) + [f"near_duplicate.{k}" for k in sorted(set(near) - _NEAR_DUPLICATE_KEYS)]
               + [f"lead_title.{k}" for k in sorted(set(lead) - set(_LEAD_TITLE_KEYS))])
    if unknown:
        raise ConfigError(f"{path}: unknown key '{unknown[0]}'")

    def number(values: dict, key: str, kind: type, low: float, high: float, prefix: str = "") -> Any:
        if key not in values:
            raise ConfigError(f"{path}: key '{prefix}{key}' is missing")
        return checked_number(f"{path}: key '{prefix}{key}'", values[key], kind, low, high)

    return IngestSettings(
        min_words=number(data, "min_words", int, 1, 1000),
        earliest_year=number(data, "earliest_year", int, 1000, 2200),
        max_changed_words=number(near, "max_changed_words", int, 0, 1000, "near_duplicate."),
        max_changed_share=number(near, "max_changed_share", float, 0.0, 0.5, "near_duplicate."),
        shingle_words=number(near, "shingle_words", int, 1, 20, "near_duplicate."),
        **{field: number(lead, key, int, 1, 1000, "lead_title.") for key, field in _LEAD_TITLE_KEYS.items()
           if key in lead},
    )


def ingest_settings(path: Path | None = None) -> IngestSettings:
    """The ingest settings of ``path``, else of ``$NEWSLENS_INGEST_CONFIG`` or the config folder's
    ingest.yaml (``newslens.config.ingest_file``), parsed once per file."""
    return _ingest(path or config.ingest_file())


@lru_cache(maxsize=4)
def _ingest(path: Path) -> IngestSettings:
    return parse_ingest_settings(path)


# --- story grouping rules (config/stories.yaml) ---------------------------------------------------

@dataclass(frozen=True)
class StoryRules:
    """The story grouping rules of ``config/stories.yaml``, validated once."""

    raw: dict[str, Any]

    def get(self, *keys: str) -> Any:
        node: Any = self.raw
        for key in keys:
            node = node[key]
        return node


_NUMBER_KINDS = (int, float)
_WEEKDAY_WORD = re.compile(rf"[^\W\d_]+(?:[{APOSTROPHES}-][^\W\d_]+)*\*?")   # one word of weekdays.names
# Every key the grouping reads, with its kind: a number, an integer, or a list.
_STORY_KEYS: dict[tuple[str, ...], type | tuple[type, ...]] = {
    ("meaning", "low"): _NUMBER_KINDS, ("meaning", "span"): _NUMBER_KINDS,
    ("meaning", "uncovered_same_language_low"): _NUMBER_KINDS, ("meaning", "teaser_paragraphs"): int,
    ("meaning", "hashing_low"): _NUMBER_KINDS, ("meaning", "language_mean_min_articles"): int,
    ("meaning", "uncovered_quantile"): _NUMBER_KINDS, ("meaning", "uncovered_min_articles"): int,
    ("meaning", "uncovered_sample"): int, ("meaning", "uncovered_neighbours"): int,
    ("words", "ngram_min"): int, ("words", "ngram_max"): int, ("words", "low"): _NUMBER_KINDS,
    ("words", "span"): _NUMBER_KINDS, ("words", "candidates"): int,
    ("words", "min_articles"): int, ("words", "max_characters"): int,
    ("passages", "shingle_words"): int, ("passages", "full"): _NUMBER_KINDS, ("passages", "rare_within"): int,
    ("specifics", "full"): _NUMBER_KINDS, ("specifics", "max_article_share"): _NUMBER_KINDS,
    ("specifics", "long_number"): _NUMBER_KINDS, ("specifics", "short_number"): _NUMBER_KINDS,
    ("specifics", "name"): _NUMBER_KINDS, ("specifics", "min_name_letters"): int,
    ("specifics", "origin"): _NUMBER_KINDS, ("specifics", "link"): _NUMBER_KINDS, ("specifics", "date"): _NUMBER_KINDS,
    ("specifics", "candidate_holders"): int,
    ("specifics", "fuzzy_min_letters"): int, ("specifics", "fuzzy_similarity"): _NUMBER_KINDS, ("specifics", "one_name_letters"): int,
    ("specifics", "full_name_words"): int,
    ("specifics", "noun_capitalising_languages"): list, ("specifics", "generic"): list,
    ("specifics", "law_article_words"): list,
    ("specifics", "everyday", "distinct_zipf"): _NUMBER_KINDS, ("specifics", "everyday", "none_zipf"): _NUMBER_KINDS,
    ("specifics", "everyday", "corpus_articles"): int,
    ("quotes", "min_words"): int, ("quotes", "full_words"): int, ("quotes", "at_min_words"): _NUMBER_KINDS,
    ("quotes", "paragraph_similarity"): _NUMBER_KINDS, ("quotes", "apart_words"): int,
    ("origin_bonus",): _NUMBER_KINDS, ("origin_post",): _NUMBER_KINDS,
    ("dates", "close_days"): _NUMBER_KINDS, ("dates", "bonus"): _NUMBER_KINDS,
    ("dates", "dateline_ahead_days"): _NUMBER_KINDS, ("dates", "later_mention_days"): _NUMBER_KINDS,
    ("figures", "min_value"): _NUMBER_KINDS, ("figures", "lead_paragraphs"): int, ("figures", "apart_factor"): _NUMBER_KINDS,
    ("link", "score"): _NUMBER_KINDS, ("link", "undated_score"): _NUMBER_KINDS, ("link", "undated_own"): _NUMBER_KINDS,
    ("link", "undated_unworded"): _NUMBER_KINDS,
    ("link", "min_kinds"): int, ("link", "kind_floor"): _NUMBER_KINDS, ("link", "near_copy"): _NUMBER_KINDS,
    ("link", "near_rewrite"): _NUMBER_KINDS, ("link", "uncompared_specifics"): _NUMBER_KINDS,
    ("link", "translation_specifics"): _NUMBER_KINDS, ("link", "translation_coverage"): _NUMBER_KINDS,
    ("link", "late_copy"): _NUMBER_KINDS, ("link", "late_factor"): _NUMBER_KINDS,
    ("grouping", "merge_mean"): _NUMBER_KINDS, ("grouping", "pair_floor"): _NUMBER_KINDS, ("grouping", "related_score"): _NUMBER_KINDS,
    ("grouping", "teaser_margin"): _NUMBER_KINDS, ("grouping", "sure_confidence"): _NUMBER_KINDS,
    ("grouping", "support_members"): int,
    ("weekdays", "names"): dict, ("weekdays", "not_days"): list, ("steps",): dict, ("steps_compatible",): list,
    ("steps_relative_words",): list, ("steps_relative_closed",): list, ("steps_reported_speech",): list,
    ("steps_speech_verbs",): list, ("steps_speech_openers",): list, ("steps_speech_appositions",): list,
    ("steps_speech_told",): list, ("steps_denied",): list, ("steps_other_senses",): list,
}


# Keys with a floor above 0: a factor below 1 would lower what a late or quote-apart pair needs,
# and quotes of 0 words would make any two quoting reports "apart".
_STORY_MINIMUM: dict[tuple[str, ...], float] = {("link", "late_factor"): 1.0, ("quotes", "apart_words"): 1,
                                                ("figures", "apart_factor"): 1.0, ("figures", "lead_paragraphs"): 1,
                                                # one report's evidence with a lone one is a link's question:
                                                # a story vouches with at least two
                                                ("grouping", "support_members"): 2,
                                                # with shorter stems "Lviv" and "Lvov" would be one name
                                                ("specifics", "one_name_letters"): 4,
                                                ("specifics", "full_name_words"): 1,
                                                # a spread needs pairs left once each article's nearest
                                                # are set aside, and a sample at least that large
                                                ("meaning", "uncovered_min_articles"): 4,
                                                ("meaning", "uncovered_sample"): 4}


def _check_patterns(where: str, key: str, patterns: Any) -> None:
    """``key`` lists regular expressions, at least one, each valid (the error names the one that is not)."""
    if not (isinstance(patterns, list) and patterns and all(isinstance(x, str) and x for x in patterns)):
        raise ConfigError(f"{where}: '{key}' must list regular expressions, not {patterns!r}")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{where}: '{key}': {pattern!r} is not a regular expression ({exc})") from None


def parse_story_rules(raw: Any, where: str = "config/stories.yaml") -> StoryRules:
    """``raw`` (the parsed YAML) as rules, or a ``ConfigError`` naming ``where`` and the key."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping of keys at the top level")
    raw = expand_fragments(raw, where)       # (read by _load they are already: this is for a mapping read elsewhere)
    for keys, kind in _STORY_KEYS.items():
        node: Any = raw
        for depth, key in enumerate(keys):
            if not isinstance(node, dict) or key not in node:
                raise ConfigError(f"{where}: missing key '{'.'.join(keys[:depth + 1])}'")
            node = node[key]
        dotted = ".".join(keys)
        if kind is list:
            if not isinstance(node, list):
                raise ConfigError(f"{where}: '{dotted}' must be a list, not {node!r}")
        elif kind is dict:
            if not isinstance(node, dict):
                raise ConfigError(f"{where}: '{dotted}' must be a mapping, not {node!r}")
        else:
            checked_number(f"{where}: '{dotted}'", node, int if kind is int else float, _STORY_MINIMUM.get(keys, 0.0))
    meaning = raw["meaning"]
    if not 0 < meaning["uncovered_quantile"] < 1:
        raise ConfigError(f"{where}: 'meaning.uncovered_quantile' must be between 0 and 1, "
                          f"not {meaning['uncovered_quantile']!r}")
    # Pairs must remain once each article's nearest are set aside, or every language falls back to
    # the fixed bar without a word.
    if meaning["uncovered_min_articles"] < 2 * meaning["uncovered_neighbours"] + 2:
        raise ConfigError(f"{where}: 'meaning.uncovered_min_articles' must be at least twice "
                          f"meaning.uncovered_neighbours plus 2 ({2 * meaning['uncovered_neighbours'] + 2}), "
                          f"not {meaning['uncovered_min_articles']!r}")
    if meaning["uncovered_sample"] < meaning["uncovered_min_articles"]:
        raise ConfigError(f"{where}: 'meaning.uncovered_sample' must be at least meaning.uncovered_min_articles "
                          f"({meaning['uncovered_min_articles']}), not {meaning['uncovered_sample']!r}")
    if raw["grouping"]["sure_confidence"] > 1:
        # a story's confidence is at most 1: above it no story would ever be sure
        raise ConfigError(f"{where}: 'grouping.sure_confidence' must be at most 1, not {raw['grouping']['sure_confidence']!r}")
    for language, days in raw["weekdays"]["names"].items():
        if not isinstance(language, str):
            # an unquoted YAML key "no" (Norwegian) is read as false and would never match
            raise ConfigError(f"{where}: 'weekdays.names' keys must be language codes in quotes where YAML "
                              f"reads them otherwise (\"no\"), not {language!r}")
        # Monday first: a language's list is read by position, so a missing day would shift the rest;
        # each entry one word as the reader splits them ("quarta-feira", "п'ятницю"), "*" for a beginning
        if not (isinstance(days, list) and len(days) == 7
                and all(isinstance(d, list) and all(isinstance(w, str) and _WEEKDAY_WORD.fullmatch(w) for w in d)
                        for d in days)):
            raise ConfigError(f"{where}: 'weekdays.names.{language}' must list seven lists of single words, Monday "
                              f"first (a day may be an empty list), not {days!r}")
    for step, patterns in raw["steps"].items():
        _check_patterns(where, f"steps.{step}", patterns if isinstance(step, str) else None)
    _check_patterns(where, "steps_denied", raw["steps_denied"])
    _check_patterns(where, "steps_other_senses", raw["steps_other_senses"])
    _check_patterns(where, "steps_speech_appositions", raw["steps_speech_appositions"])
    for key in ("steps_relative_words", "steps_relative_closed", "steps_reported_speech", "steps_speech_verbs",
                "steps_speech_openers", "steps_speech_told"):
        if not (raw[key] and all(isinstance(w, str) and re.fullmatch(r"\w+", w) for w in raw[key])):
            raise ConfigError(f"{where}: '{key}' must list single words, not {raw[key]!r}")
    for pair in raw["steps_compatible"]:
        if not (isinstance(pair, list) and len(pair) == 2 and all(step in raw["steps"] for step in pair)):
            raise ConfigError(f"{where}: 'steps_compatible' lists pairs of steps named under 'steps', not {pair!r}")
    link, formed = raw["link"], raw["grouping"]["merge_mean"] * raw["specifics"]["full"]
    if not formed <= link["translation_specifics"] <= link["uncompared_specifics"]:
        # below it a pair linked as a translation counts less than a story needs, and never forms one
        raise ConfigError(f"{where}: 'link.translation_specifics' must be at least grouping.merge_mean x "
                          f"specifics.full ({formed:g}) and at most link.uncompared_specifics "
                          f"({link['uncompared_specifics']!r}), not {link['translation_specifics']!r}")
    if not 0 < link["translation_coverage"] <= 1:
        raise ConfigError(f"{where}: 'link.translation_coverage' must be a share above 0 and at most 1, "
                          f"not {link['translation_coverage']!r}")
    close, later = raw["dates"]["close_days"], raw["dates"]["later_mention_days"]
    if not close < later < 183:
        # A day and a month name no year: past half a year the later of two days is no longer known.
        raise ConfigError(f"{where}: 'dates.later_mention_days' must be above dates.close_days ({close}) "
                          f"and below 183, not {later!r}")
    return StoryRules(raw)


@lru_cache(maxsize=None)
def story_rules() -> StoryRules:
    """The story grouping rules (config/stories.yaml), validated once per process."""
    return parse_story_rules(_load("stories.yaml"), str(_path("stories.yaml")))
