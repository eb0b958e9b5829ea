"""Which languages the snapshot's model compares by meaning (config/models.yaml).

One rule for every view: story grouping weighs meaning only where the model covers both
articles, and search and the compare page tell the user when articles (or the query) are in a
language the model does not cover, so they were compared by words only.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml
from stop_words import StopWordError, get_stop_words

from newslens import config
from newslens.embedder import HASHING_PREFIX, MULTILINGUAL_MODEL
from newslens.knowledge import checked_number


class ModelsConfigError(ValueError):
    """config/models.yaml is missing or malformed; the message names file and key."""


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)   # YAML's true is not 1


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> dict:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ModelsConfigError(f"{path}: cannot read the model languages ({exc})") from exc
    if not isinstance(raw, dict):
        raise ModelsConfigError(f"{path}: expected a mapping at the top level")
    for key, kind in (("model_languages", dict), ("multilingual_name_hints", list), ("default_languages", list)):
        if not isinstance(raw.get(key), kind):
            raise ModelsConfigError(f"{path}: missing key '{key}' ({kind.__name__})")
    for name, langs in raw["model_languages"].items():
        if not isinstance(langs, list):
            raise ModelsConfigError(f"{path}: 'model_languages.{name}' must be a list of language codes")
    for key in ("cross_language_shift", "vector_centres", "coverage_words"):
        if not isinstance(raw.get(key) or {}, dict):
            raise ModelsConfigError(f"{path}: '{key}' must map model names to values")
    for name, words in (raw.get("coverage_words") or {}).items():
        if not isinstance(words, str) or not words.strip():
            raise ModelsConfigError(f"{path}: 'coverage_words.{name}' must be a short text, got {words!r}")
    for name, value in (raw.get("cross_language_shift") or {}).items():
        if not _number(value) or not 0 <= value < 0.5:
            raise ModelsConfigError(f"{path}: 'cross_language_shift.{name}' must be a number from 0 up to "
                                    f"(not including) 0.5, got {value!r}")
    for name, values in (raw.get("vector_centres") or {}).items():
        if not isinstance(values, list) or not all(_number(x) for x in values):
            raise ModelsConfigError(f"{path}: 'vector_centres.{name}' must be a list of numbers")
    return raw


def models_config(path: Path | None = None) -> dict:
    path = Path(path or config.config_dir() / "models.yaml")
    if not path.exists():
        raise ModelsConfigError(f"{path}: the model languages file is missing")
    return _load(str(path), path.stat().st_mtime)


def _entry(table: dict, model_name: str) -> object | None:
    """A per-model entry of models.yaml, by the full name or its last part ("org/x" is "x")."""
    for name in (model_name, model_name.rstrip("/").split("/")[-1]):
        if name in table:
            return table[name]
    return None


def model_languages(model_name: str, path: Path | None = None) -> set[str] | None:
    """Languages the model compares by meaning; ``None``: all (multilingual or word-hashing)."""
    if model_name.startswith(HASHING_PREFIX):
        return None
    cfg = models_config(path)
    known = _entry(cfg["model_languages"], model_name)
    if known is not None:
        return {str(x).lower() for x in known}
    if any(str(h).lower() in model_name.lower() for h in cfg["multilingual_name_hints"]):
        return None
    return {str(x).lower() for x in cfg["default_languages"]}


def coverage_words(model_name: str, path: Path | None = None) -> str:
    """What the model compares by meaning, in the app's words: 'English only', 'about 100
    languages' (``coverage_words``), 'any language' (a multilingual model by its name, word hashing)."""
    words = _entry(models_config(path).get("coverage_words") or {}, model_name)
    if words is not None:
        return str(words).strip()
    covered = model_languages(model_name, path)
    if covered is None:
        return "any language"
    if covered == {"en"}:
        return "English only"
    return ", ".join(sorted(covered)) + " only"


def fix_hint(path: Path | None = None, command: str | None = None) -> str:
    """How to compare every article by meaning, as the shell command (the app makes it a button);
    ``command``: the build with a corpus' folders (``store.build_command``), else the bare one."""
    return (f"rebuild with the multilingual model ({coverage_words(MULTILINGUAL_MODEL, path)}, installed with "
            f"the app): {command or f'python -m pipeline build --model {MULTILINGUAL_MODEL}'}")


def languages_text(counts: dict[str, int]) -> str:
    """'3 articles (de: 2, uk: 1)': articles per language, in the order given."""
    total = sum(counts.values())
    listing = ", ".join(f"{lang}: {n}" for lang, n in counts.items())
    return f"{total} article{'s' if total != 1 else ''} ({listing})"


def language_name(code: str | None) -> str:
    """A language's English name for a chart's legend ("et" -> "Estonian"), from the CLDR tables
    babel ships; the code itself when CLDR has no name for it. A language not known has one name,
    ``UNKNOWN_NAME``, however it is written (the Timeline legend had "unknown", "(unknown)" and
    CLDR's "Unknown language" for "und", review s32)."""
    from babel import Locale     # (imported here: only the charts need it)

    code = language_code(code)
    return UNKNOWN_NAME if code == UNKNOWN else Locale("en").languages.get(code) or code


def language_code(code: str | None) -> str:
    """The base code a language is counted and grouped by (``base_language``), ``UNKNOWN`` for a
    missing or blank one and for ISO 639's "und" (undetermined)."""
    base = base_language(code if isinstance(code, str) else None)
    return UNKNOWN if base in ("", UNDETERMINED, UNKNOWN) else base


def base_language(code: str | None) -> str:
    """The one rule for comparing languages: the base code, lower case ("de-AT" -> "de"; "" when
    unknown). Builds already store base codes (pipeline.ingest); tests and older snapshots may not."""
    return str(code or "").strip().lower().split("-")[0]


def known_language(code: object) -> bool:
    """A code the CLDR tables babel ships name as a language ("de", "de-AT"), not a name ("german"),
    a locale written with "_" ("ru_RU": ``base_language`` keeps it whole, so no paragraph's language
    would ever equal it) or "und" (undetermined): for config that lists languages."""
    from babel import Locale     # (imported here, as in language_name)

    base = base_language(code if isinstance(code, str) else None)
    return base.isascii() and base.isalpha() and base != UNDETERMINED and base in Locale("en").languages


def same_language(first: str | None, second: str | None) -> bool:
    """Two texts known to be in one language (an unknown language is in none)."""
    return bool(base_language(first)) and base_language(first) == base_language(second)


def cross_language_shift(model_name: str, first: str | None, second: str | None,
                         path: Path | None = None) -> float:
    """What to add to the model's cosine of two texts in these two languages so it compares with
    the thresholds set for one language (0 for one language, an unknown one, or a model without a
    measured shift)."""
    return pair_shift(model_shift(model_name, path), first, second)


def pair_shift(shift: float, first: str | None, second: str | None) -> float:
    """``shift`` for two known, different languages; 0 otherwise (the one rule, for callers that
    read the model's shift once for many pairs)."""
    if not first or not second or base_language(first) == base_language(second):
        return 0.0
    return shift


def model_shift(model_name: str, path: Path | None = None) -> float:
    """The model's measured cross-language shift (``cross_language_shift``; 0 when none): above 0
    for a multilingual model whose vectors keep a trace of the language."""
    shift = _entry(models_config(path).get("cross_language_shift") or {}, model_name)
    return 0.0 if shift is None else float(shift)


def model_floor(key: str, model_name: str, default: float, path: Path | None = None) -> float:
    """A model's own value of a score threshold (``key``, e.g. ``no_words_meaning_floor``: the
    threshold's name in thresholds.yaml), else ``default`` (that threshold, on the default model's scale)."""
    own = _entry(models_config(path).get(key) or {}, model_name)
    where = f"{path or config.config_dir() / 'models.yaml'}: {key}.{model_name}"
    return default if own is None else checked_number(where, own, float, 0.0, 1.0, error=ModelsConfigError)


def vector_centre(model_name: str, path: Path | None = None) -> list[float]:
    """The fixed centre a model's raw vectors are moved by (``vector_centres``)."""
    cfg = models_config(path)
    try:
        return list(cfg["vector_centres"][model_name])
    except (KeyError, TypeError):
        raise ModelsConfigError(f"{path or config.config_dir() / 'models.yaml'}: no 'vector_centres.{model_name}' "
                                "(python -m benchmarks.model_centre prints it)") from None


UNKNOWN = "unknown"            # the code of a language not known, where counts and groups need one
UNKNOWN_NAME = "(unknown language)"
UNDETERMINED = "und"           # ISO 639's code for "not determined"


def covered(language: str | None, languages: set[str] | None) -> bool:
    """Whether a model covering ``languages`` (None: every language) compares an article in
    ``language`` by meaning. An unknown language is not covered for stories, search and Compare
    (one cannot tell); the lenses score it by meaning all the same (``topics.lenses.words_only_rows``:
    most unlabelled pages are English)."""
    if languages is None:
        return True
    return bool(base_language(language)) and base_language(language) in languages


def unread_articles(article_ids: Iterable[object], article_languages: Iterable[object], model_name: str) -> set[str]:
    """The articles in a language ``model_name`` does not compare by meaning (``covered``): their
    vectors are no meaning, so search ranks them by their words and the reader finds no "similar"
    paragraphs by them."""
    languages = model_languages(model_name)
    if languages is None:
        return set()
    return {str(a) for a, lang in zip(article_ids, article_languages)
            if not covered(lang if isinstance(lang, str) else None, languages)}


def uncovered_counts(languages_of_articles: Iterable[str | None], languages: set[str] | None) -> dict[str, int]:
    """Articles per language the model does not cover, by base code ("de-AT" counts as "de"; an
    unknown language as "unknown"): the one count every notice is worded from."""
    if languages is None:
        return {}
    return language_counts(lang for lang in languages_of_articles if not covered(lang, languages))


def language_counts(languages_of_items: Iterable[str | None]) -> dict[str, int]:
    """Items per base language code, sorted ("unknown" for a missing or blank code: ``language_code``)."""
    counts = Counter(language_code(lang) for lang in languages_of_items)
    return dict(sorted(counts.items()))


@lru_cache(maxsize=None)
def language_stopwords(language: str | None) -> frozenset[str]:
    """Function words of ``language`` (the ``stop-words`` package's lists; none for a language it
    lacks). Read per paragraph's language, never pooled: German's "war" (was) is English's war."""
    code = base_language(language)
    if not code or code == "en":
        return frozenset()
    try:
        return frozenset(w.lower() for w in get_stop_words(code))
    except StopWordError:
        return frozenset()
