"""Named topic lenses (morale, desertion, executions...): config, validation and scoring (pure).

A lens is a definition plus a few example phrasings, and optionally a lexicon: wordings that
name the theme outright ("deserters", "barrier troops", "расстрел"). Every content paragraph is
scored against every lens as the mean cosine similarity to the lens's ``TOP_K`` closest
phrasings, embedded with the snapshot's own model, plus ``lexicon_weight`` for each distinct
lexicon entry the paragraph contains (at most ``LEXICON_CAP`` counted). Similarity alone stays
far below what a reader sees on real reporting (held-out macro-F1 0.52-0.62): a paragraph that
says "shoot them" or "barrier detachment" in a long sentence about something else is not close to
any example, while one on the same theme without the act is. The words are what a reader looks
for; the similarity catches wordings no lexicon lists. The weight and threshold are fitted on half
of the real evaluation set by ``benchmarks/eval_lenses.py`` and stored in the lens file.
The closest phrasing and the lexicon words found are kept so the app can say *why* a paragraph got
its label. Furniture (headings, captions, boilerplate) gets no score and no label.

A paragraph in a language the snapshot's model does not compare by meaning (a German report under
the English default model, see ``newslens.languages``) is scored **by words only**: its similarity
to English examples says nothing (on the real corpus's German and Ukrainian paragraphs no lens
label was right by similarity, and a lexicon bonus on top of it rarely reached a threshold), so it
gets ``WORDS_ONLY_SIMILARITY`` instead and its lexicon wordings decide.

A paragraph the model does compare by meaning but in another language than the lens examples (a
German report under multilingual-e5-small, examples in English: the file's ``examples_language``)
gets the better of the two: its similarity, or ``WORDS_ONLY_SIMILARITY`` when that is lower. Cross-
language similarity runs lower than same-language similarity (on the real corpus under e5, German
and Ukrainian paragraphs of a lens averaged 0.35 against 0.45-0.50 for English ones), so thresholds
fitted on English paragraphs would need two wordings where the words-only rule needs one
(macro-F1 0.71 by meaning alone, 0.88 with this floor, on 60 labelled paragraphs).

Lenses live in a user-editable YAML file (``config/lenses.yaml``); users may add lenses in the
app for the session and save them back, so loading validates everything and saving is atomic.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import yaml

from newslens import languages, vectors
from newslens.embedder import Embedder
from newslens.fsutil import write_atomic_text
from newslens.knowledge import own_letters
from newslens.topics.lexicon import unsafe_reason
from newslens.schema import ArticleCol, ParagraphCol

DEFAULT_THRESHOLD = 0.45
# The scoring's version: a snapshot's stored lens scores are read back only under the version that
# computed them (``lens_store.lens_key``). Bump it with any change that moves a score, similarity,
# closest phrasing or word found, here or in what scoring calls (languages, vectors, the lexicon's
# folding, the phrasings' embedding). tests/test_lens_scoring_guard.py fails until it is bumped and
# re-recorded, but only for a change that moves a score on its own texts and lenses: a change to what
# they do not reach needs the bump all the same. An edit that scores the same keeps every stored score.
SCORING_VERSION = 1
TOP_K = 2                      # phrasings averaged into a score
LEXICON_CAP = 2                # distinct lexicon entries counted (a third adds no more evidence)
MAX_LEXICON = 80
MAX_NESTING = 20          # groups inside each other in one lexicon entry (re parses them recursively)
# The similarity given to a paragraph scored by words only. With the fitted lexicon weights
# (0.15-0.2) and thresholds (0.42-0.58) of config/lenses.yaml, no wording found stays below every
# threshold and one wording found reaches every lens; benchmarks/eval_lenses.py checks both.
WORDS_ONLY_SIMILARITY = 0.40


def words_only_decides(lexicon_weight: float, threshold: float) -> bool:
    """Whether, for a lens with these numbers, one wording found labels a paragraph scored by words
    only and none found does not (the premise of ``WORDS_ONLY_SIMILARITY``)."""
    return WORDS_ONLY_SIMILARITY < threshold <= WORDS_ONLY_SIMILARITY + lexicon_weight + 1e-9

# What the views show instead of a closest example for such a paragraph.
WORDS_ONLY_NOTE = "by words only: the model does not compare this language by meaning"
MAX_LEXICON_WEIGHT = 0.5
MAX_NAME_CHARS = 60
MAX_DEFINITION_CHARS = 600
MAX_EXAMPLE_CHARS = 400
MAX_EXAMPLES = 30
MAX_LENSES = 30
_LENS_KEYS = {"name", "definition", "examples", "threshold", "lexicon", "lexicon_weight"}
_TOP_KEYS = {"default_threshold", "examples_language", "lenses"}
DEFAULT_EXAMPLES_LANGUAGE = "en"
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")

FILE_HEADER = """\
# NewsLens topic lenses: named themes every content paragraph is scored against.
#
# Each lens has a short definition and a handful of example phrasings. A paragraph's score for a
# lens is its mean cosine similarity to the two closest of them (in the snapshot's embedding
# model), plus lexicon_weight for each distinct lexicon entry it contains (at most two counted);
# it gets the lens as a label when the score reaches the lens's threshold (or default_threshold).
# examples_language: the language the definitions and examples are written in; a paragraph in
# another language gets at least the words-only base similarity (see newslens/topics/lenses.py).
# A lexicon entry is a regular expression matched case-insensitively and whatever the accents on
# Latin letters ("deserteur" finds "déserteur"; write it in single quotes), except the letters a
# paragraph's language writes as its own (config/search.yaml own_letters: Finnish ä, ö); one that
# could take too long to search, such as (a+)+ or x.*y.*z, is refused on load (newslens/topics/lexicon.py);
# list general wordings of the theme, in the corpus's languages. lexicon_weight and threshold are
# fitted on the real evaluation set: python benchmarks/eval_lenses.py ... --write
# Keep examples generic: typical ways a reporter would say it, not sentences copied from articles.
# Edit freely; the app validates this file on load and can add lenses to it.
"""


class LensError(ValueError):
    """A lens file or a lens typed in the app is invalid; the message says what to fix."""


@dataclass(frozen=True)
class Lens:
    name: str
    definition: str
    examples: tuple[str, ...] = ()
    threshold: float | None = None      # None: the config's default threshold
    lexicon: tuple[str, ...] = ()       # regular expressions (case-insensitive)
    lexicon_weight: float = 0.0         # added to the score per distinct entry found

    def words_in(self, text: str, language: str | None = None) -> tuple[str, ...]:
        """The lexicon wordings ``text`` contains, one per entry, in entry order (at most the cap's
        worth count towards the score; all are shown). ``language``: the text's, whose own letters
        keep their marks (``_letters_kept``)."""
        if not self.lexicon:
            return ()
        kept = _letters_kept(language)
        # (a dotted capital I lowers to two characters: read as I, so the rest keeps its offsets)
        lowered: str | None = _fold(text.replace("\u0130", "I").lower(), kept)
        if len(lowered) != len(text):
            lowered = None                      # offsets would not carry over: search as written
        other_script = bool(_NON_LATIN_LETTER.search(text))
        found = []
        for entry in _compiled(self.lexicon, kept):
            if entry.non_latin_only and not other_script:
                continue
            span = entry.search(text, lowered)
            if span is not None:
                found.append(text[span[0]:span[1]])
        return tuple(found)

    def phrasings(self) -> tuple[str, ...]:
        """What a paragraph is compared with: the definition first, then the examples."""
        return (self.definition, *self.examples)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "definition": self.definition,
                               "examples": list(self.examples)}
        if self.threshold is not None:
            out["threshold"] = self.threshold
        if self.lexicon:
            out["lexicon_weight"] = self.lexicon_weight
            out["lexicon"] = list(self.lexicon)
        return out


@dataclass(frozen=True)
class LensConfig:
    lenses: tuple[Lens, ...]
    default_threshold: float = DEFAULT_THRESHOLD
    examples_language: str = DEFAULT_EXAMPLES_LANGUAGE   # ISO 639-1 code of the phrasings

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(lens.name for lens in self.lenses)

    def get(self, name: str) -> Lens:
        for lens in self.lenses:
            if lens.name == name:
                return lens
        raise KeyError(name)

    def thresholds(self) -> dict[str, float]:
        return {lens.name: (self.default_threshold if lens.threshold is None else lens.threshold)
                for lens in self.lenses}

    def with_lens(self, lens: Lens) -> "LensConfig":
        """A copy with ``lens`` added, or replacing the lens of the same name (case-insensitive)."""
        kept = [existing for existing in self.lenses if existing.name.casefold() != lens.name.casefold()]
        if len(kept) >= MAX_LENSES:
            raise LensError(f"at most {MAX_LENSES} lenses")
        return replace(self, lenses=(*kept, lens))

    def without(self, name: str) -> "LensConfig":
        return replace(self, lenses=tuple(lens for lens in self.lenses if lens.name != name))

    def to_dict(self) -> dict[str, Any]:
        return {"default_threshold": self.default_threshold, "examples_language": self.examples_language,
                "lenses": [lens.to_dict() for lens in self.lenses]}

    def fingerprint(self) -> str:
        """A short stable hash of the whole config, for cache keys."""
        blob = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


# --- validation -----------------------------------------------------------------------------

def _clean_text(value: Any, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise LensError(f"{what} must be text, got {type(value).__name__}")
    text = " ".join(value.split())
    if not text:
        raise LensError(f"{what} is empty")
    if len(text) > limit:
        raise LensError(f"{what} is longer than {limit} characters")
    return text


def _threshold(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
        raise LensError(f"{what} must be a number between 0 and 1, got {value!r}")
    if not 0.0 <= float(value) <= 1.0:
        raise LensError(f"{what} must be between 0 and 1, got {value}")
    return float(value)


# Matching is the slow part of scoring a large corpus (every paragraph x every entry), so each
# entry is compiled for lower-cased text (about twice as fast as a case-insensitive search), split
# into its top-level alternatives, and a leading word boundary (\b) is checked by hand: Python's
# regex engine skips ahead to a literal prefix only when the pattern starts with it (20x faster on
# news paragraphs). An entry written only in non-Latin letters (Cyrillic...) is skipped on a
# paragraph that has none: it cannot match there. The result is the case-insensitive search's.
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F]")
_ESCAPE = re.compile(r"\\.", re.DOTALL)


def _accent_table() -> dict[int, str]:
    """Latin letters with accents -> the letter without (one character for one, so offsets carry
    over): an entry ``deserteur`` finds the French "déserteur", ``dezerter`` the Polish "dezertér"
    forms, whichever way the lexicon or the page writes them. Only Latin: Cyrillic "й" is a letter."""
    table = {}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFD", chr(code))
        if len(base) > 1 and base[0].isascii() and base[0].isalpha() and all(
                unicodedata.combining(c) for c in base[1:]):
            table[code] = base[0]
    table.update({ord(a): b for a, b in zip("łŁøØđĐıħĦ", "lLoOdDihH")})   # no decomposition in Unicode
    return table


_UNACCENTED = _accent_table()


@lru_cache(maxsize=None)
def _letters_kept(language: str | None) -> str:
    """The language whose own letters (config/search.yaml ``own_letters``) a text in ``language``
    keeps: its base code when it has any, else "" (every accent dropped)."""
    code = languages.base_language(language)
    return code if code in own_letters() else ""


@lru_cache(maxsize=None)
def _accent_fold(kept: str) -> dict[int, str]:
    """``_UNACCENTED`` without the letters language ``kept`` writes as its own: in Finnish, ä is no
    a with dots ("välitti", passed on, is not "valitti", complained)."""
    own = own_letters().get(kept, frozenset())
    return {code: base for code, base in _UNACCENTED.items() if chr(code).lower() not in own}


def _fold(text: str, kept: str = "") -> str:
    """``text`` without accents on Latin letters, but for the own letters of language ``kept``
    (``_letters_kept``), one character for one."""
    return text.translate(_accent_fold(kept) if kept else _UNACCENTED)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@dataclass(frozen=True)
class _Entry:
    anycase: re.Pattern[str]                              # the entry as written, case-insensitive
    parts: tuple[tuple[re.Pattern[str], bool], ...]       # lower-cased alternatives, leading \b dropped?
    non_latin_only: bool

    def search(self, text: str, lowered: str | None) -> tuple[int, int] | None:
        """(start, end) of the entry's leftmost match; ``lowered`` is ``text.lower()`` when it has
        the same length (offsets carry over), else None and the case-insensitive pattern is used."""
        if lowered is None:
            m = self.anycase.search(text)
            return None if m is None else m.span()
        best: tuple[int, int] | None = None
        for pattern, boundary in self.parts:
            pos = 0
            while (m := pattern.search(lowered, pos)) is not None:
                start = m.start()
                if not boundary or (start > 0 and _is_word(lowered[start - 1])) != (
                        start < len(lowered) and _is_word(lowered[start])):
                    if best is None or start < best[0]:
                        best = m.span()
                    break
                pos = start + 1
        return best


def _lower_pattern(pattern: str, kept: str = "") -> str:
    r"""The pattern for lower-cased, unaccented text (``_fold`` keeping the own letters of ``kept``):
    letters lower-cased and their accents dropped, escapes (\W, \S, \B...) kept. A range in a class
    keeps its ends and gains what its letters become: [à-ÿ] is à-ÿ plus a, c, e..., not [a-y], which
    would take b, d, f... too."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if in_class and (written := _CLASS_RANGE.match(pattern, i)):
            ends = _code(written[1]), _code(written[2])
            out.append(written[0] + (_range_folded(*ends, kept) if None not in ends else ""))
            i = written.end()
            continue
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            opening = 1 + (pattern[i + 1:i + 2] == "^")
            opening += pattern[i + opening:i + opening + 1] == "]"     # "[]...]": a literal bracket first
            out.append(pattern[i:i + opening])
            i += opening
            continue
        out.append(_fold(ch.lower(), kept))
        i += 1
    return "".join(out)


# A range in a class: its ends written as characters or as \xe0, \u00e0, \U000000e0, \N{name}, \-.
_CLASS_END = r"\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|\\N\{[^}]*\}|\\[^0-9A-Za-z]|[^\\\]]"
_CLASS_RANGE = re.compile(f"({_CLASS_END})-({_CLASS_END})", re.DOTALL)


def _code(end: str) -> int | None:
    """The code point a range's end is written for (``_CLASS_END``), or None."""
    if len(end) == 1 or end[1] not in "xuUN":
        return ord(end[-1])
    try:
        return ord(unicodedata.lookup(end[3:-1])) if end[1] == "N" else int(end[2:], 16)
    except (KeyError, ValueError):
        return None


@lru_cache(maxsize=None)
def _range_folded(low: int, high: int, kept: str) -> str:
    """What the characters from ``low`` to ``high`` become in lower-cased, unaccented text, where
    that is another character, as a class's runs ("a", "c", "e"... for à-ÿ)."""
    codes = sorted({ord(c) for c in (_fold(chr(code).lower(), kept) for code in range(low, high + 1))
                    if len(c) == 1 and not low <= ord(c) <= high})
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in runs)


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (``a|b(c|d)`` -> ``a``, ``b(c|d)``)."""
    parts, start = [], 0
    for i, ch, depth in _structure(pattern):
        if ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return parts


def _nesting(pattern: str) -> int:
    """How many groups of a pattern lie inside each other at most."""
    return max((depth + 1 for _, ch, depth in _structure(pattern) if ch == "("), default=0)


def _structure(pattern: str):
    """(index, character, how many groups it is in) of each character of a pattern outside escapes
    and classes (an opening parenthesis counts the groups around its own)."""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":
                i += 1          # "[]...]": a literal bracket first
        else:
            depth -= ch == ")"
            yield i, ch, depth
            depth += ch == "("
        i += 1


def _entry(pattern: str, kept: str = "") -> _Entry:
    letters = [c for c in _ESCAPE.sub("", pattern) if c.isalpha()]
    non_latin = bool(letters) and all(_NON_LATIN_LETTER.match(c) for c in letters)
    lowered = _lower_pattern(pattern, kept)
    try:
        parts = []
        for alternative in _alternatives(lowered):
            boundary = alternative.startswith(r"\b")
            parts.append((re.compile(alternative[2:] if boundary else alternative), boundary))
    except re.error:             # an alternative that only compiles inside the whole: no shortcut
        parts = [(re.compile(lowered), False)]
    return _Entry(re.compile(pattern, re.IGNORECASE), tuple(parts), non_latin)


_PATTERNS: dict[tuple[tuple[str, ...], str], tuple[_Entry, ...]] = {}


def _compiled(lexicon: tuple[str, ...], kept: str = "") -> tuple[_Entry, ...]:
    """The lexicon's entries compiled once per fold (they were validated when the lens was made):
    for text keeping the own letters of ``kept``, or none."""
    if (lexicon, kept) not in _PATTERNS:
        _PATTERNS[lexicon, kept] = tuple(_entry(p, kept) for p in lexicon)
    return _PATTERNS[lexicon, kept]


def _lexicon(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, (list, tuple)):
        raise LensError(f"{where}: lexicon must be a list of wordings (one '- ' line each)")
    if len(value) > MAX_LEXICON:
        raise LensError(f"{where}: at most {MAX_LEXICON} lexicon entries")
    out = []
    for i, entry in enumerate(value):
        if not isinstance(entry, str) or not entry.strip():
            raise LensError(f"{where}: lexicon entry {i + 1} must be non-empty text")
        if _nesting(entry) > MAX_NESTING:     # re and the checks below read groups recursively
            raise LensError(f"{where}: lexicon entry {i + 1} is nested too deeply (more than "
                            f"{MAX_NESTING} groups inside each other)")
        try:
            pattern = re.compile(entry, re.IGNORECASE)
        except (re.error, OverflowError) as exc:     # (OverflowError: a repeat count such as a{99999999999})
            raise LensError(f"{where}: lexicon entry {i + 1} ({entry!r}) is not a valid regular "
                            f"expression ({exc})") from None
        except RecursionError:
            raise LensError(f"{where}: lexicon entry {i + 1} is nested too deeply") from None
        if pattern.search(""):
            raise LensError(f"{where}: lexicon entry {i + 1} ({entry!r}) matches empty text")
        for kept in ("", *own_letters()):    # the forms it is searched in (_entry): text without accents
            try:
                re.compile(_lower_pattern(entry, kept))
            except re.error:
                raise LensError(f"{where}: lexicon entry {i + 1} ({entry!r}) reads differently once accents "
                                "are dropped: write its range ends without accents") from None
        hang = unsafe_reason(entry)    # every paragraph is searched with it, and a search cannot be stopped
        if hang:
            raise LensError(f"{where}: lexicon entry {i + 1} ({entry!r}) could take too long to search: {hang}")
        out.append(entry)
    return tuple(out)


def make_lens(name: Any, definition: Any, examples: Iterable[Any] | str = (),
              threshold: Any = None, lexicon: Any = None, lexicon_weight: Any = None) -> Lens:
    """A validated lens; ``examples`` may be a list or text with one phrasing per line."""
    name = _clean_text(name, "lens name", MAX_NAME_CHARS)
    where = f"lens {name!r}"
    definition = _clean_text(definition, f"{where}: definition", MAX_DEFINITION_CHARS)
    if isinstance(examples, str):
        examples = [line for line in examples.splitlines() if line.strip()]
    elif examples is None:
        examples = []
    elif not isinstance(examples, (list, tuple)):
        raise LensError(f"{where}: examples must be a list of phrasings")
    if len(examples) > MAX_EXAMPLES:
        raise LensError(f"{where}: at most {MAX_EXAMPLES} examples")
    cleaned = tuple(_clean_text(ex, f"{where}: example {i + 1}", MAX_EXAMPLE_CHARS)
                    for i, ex in enumerate(examples))
    words = _lexicon(lexicon, where)
    weight = 0.0 if lexicon_weight is None else _threshold(lexicon_weight, f"{where}: lexicon_weight")
    if weight > MAX_LEXICON_WEIGHT:
        raise LensError(f"{where}: lexicon_weight must be at most {MAX_LEXICON_WEIGHT}, got {weight}")
    return Lens(name, definition, cleaned,
                None if threshold is None else _threshold(threshold, f"{where}: threshold"),
                words, weight)


def parse_lenses(data: Any) -> LensConfig:
    """Validate a parsed lens file (a mapping with ``lenses`` and optional ``default_threshold``)."""
    if not isinstance(data, Mapping):
        raise LensError("the lens file must be a mapping with a 'lenses' list")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise LensError(f"unknown keys in the lens file: {', '.join(sorted(map(str, unknown)))}")
    raw = data.get("lenses")
    if not isinstance(raw, list) or not raw:
        raise LensError("the lens file needs a non-empty 'lenses' list")
    if len(raw) > MAX_LENSES:
        raise LensError(f"at most {MAX_LENSES} lenses")
    default = _threshold(data.get("default_threshold", DEFAULT_THRESHOLD), "default_threshold")
    examples_language = data.get("examples_language", DEFAULT_EXAMPLES_LANGUAGE)
    if not isinstance(examples_language, str) or not _LANGUAGE_CODE.fullmatch(examples_language):
        raise LensError(f"examples_language must be a language code such as 'en', got {examples_language!r}")
    lenses, seen = [], set()
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise LensError(f"lens {i + 1} must be a mapping with name, definition and examples")
        unknown = set(item) - _LENS_KEYS
        if unknown:
            raise LensError(f"lens {i + 1}: unknown keys {', '.join(sorted(map(str, unknown)))} "
                            f"(allowed: {', '.join(sorted(_LENS_KEYS))})")
        examples = item.get("examples") or []
        if not isinstance(examples, list):
            raise LensError(f"lens {i + 1}: examples must be a list of phrasings (one '- ' line each)")
        lens = make_lens(item.get("name"), item.get("definition"), examples, item.get("threshold"),
                         item.get("lexicon"), item.get("lexicon_weight"))
        if lens.name.casefold() in seen:
            raise LensError(f"lens {lens.name!r} is defined twice")
        seen.add(lens.name.casefold())
        lenses.append(lens)
    return LensConfig(tuple(lenses), default, examples_language)


def load_lenses(path: Path | str) -> LensConfig:
    """Read and validate a lens file; every problem is a ``LensError`` naming the file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LensError(f"lens file {path} not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LensError(f"lens file {path} is not valid YAML ({str(exc).splitlines()[0]})") from None
    try:
        return parse_lenses(data)
    except LensError as exc:
        raise LensError(f"lens file {path}: {exc}") from None


def dump_lenses(config: LensConfig) -> str:
    return FILE_HEADER + yaml.safe_dump(config.to_dict(), sort_keys=False, allow_unicode=True, width=100)


def save_lenses(path: Path | str, config: LensConfig) -> None:
    """Write ``config`` so a reader sees the old file or the new one, never half of one.

    The text is validated by parsing it back before it replaces anything.
    """
    path = Path(path)
    text = dump_lenses(config)
    if parse_lenses(yaml.safe_load(text)) != config:
        raise LensError("the lenses do not survive a round trip through YAML; not saved")
    write_atomic_text(path, text)


# --- scoring --------------------------------------------------------------------------------

@dataclass
class LensScores:
    """Scores of every paragraph against every lens, aligned with the snapshot's paragraph rows.

    ``scores`` = ``similarity`` + the lens's lexicon weight x the lexicon entries found (capped).
    ``scores[i, j]`` is NaN and ``closest[i, j]`` is -1 for furniture rows.
    """

    names: tuple[str, ...]
    scores: np.ndarray                      # float32 (n_paragraphs, n_lenses)
    closest: np.ndarray                     # int (n_paragraphs, n_lenses): index into phrasings
    phrasings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    similarity: np.ndarray | None = None    # float32, the example part of the score (None: = scores)
    found: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)  # (row, lens) -> words
    stored: tuple[str, ...] = ()            # lenses read from the snapshot's stored scores, not scored now
    words_only: np.ndarray | None = None    # bool per row: scored by words only (language not covered)
    cross_language: np.ndarray | None = None  # bool per row: not in the examples' language (floored)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.scores, columns=list(self.names))

    def by_words_only(self, row: int) -> bool:
        return self.words_only is not None and bool(self.words_only[row])

    def floored(self, row: int) -> bool:
        """Scored by meaning across languages, so its base is at least ``WORDS_ONLY_SIMILARITY``."""
        return (self.cross_language is not None and bool(self.cross_language[row])
                and not self.by_words_only(row))

    def why(self, row: int, lens: str) -> str | None:
        """The lens phrasing closest to paragraph ``row`` (None for furniture, and for a paragraph
        scored by words only: no phrasing is close to it in a meaningful way)."""
        if self.by_words_only(row):
            return None
        j = self.names.index(lens)
        k = int(self.closest[row, j])
        return None if k < 0 else self.phrasings[lens][k]

    def words(self, row: int, lens: str) -> tuple[str, ...]:
        """The lexicon wordings of ``lens`` found in paragraph ``row`` (as written there)."""
        return self.found.get((row, self.names.index(lens)), ())

    def explain(self, row: int, lens: str) -> str:
        """One line saying what made the score: the similarity, its closest example, the words."""
        j = self.names.index(lens)
        if not np.isfinite(self.scores[row, j]):
            return "not scored (not a content paragraph)"
        sim = float(self.scores[row, j] if self.similarity is None else self.similarity[row, j])
        words = self.words(row, lens)
        if self.by_words_only(row):
            line = (f"{float(self.scores[row, j]):.2f}: by words only (the model does not compare this "
                    f"paragraph's language by meaning), base {sim:.2f}")
            return line + (f"; words {', '.join(repr(w) for w in words)} add {float(self.scores[row, j]) - sim:.2f}"
                           if words else "; no lexicon wording found")
        line = f"{float(self.scores[row, j]):.2f}: similarity {sim:.2f} to examples like {self.why(row, lens)!r}"
        base = sim
        if self.floored(row) and sim < WORDS_ONLY_SIMILARITY:
            base = WORDS_ONLY_SIMILARITY
            line += (f", raised to {base:.2f} (another language than the examples: at least the "
                     "words-only base)")
        if words:
            line += f"; words {', '.join(repr(w) for w in words)} add {float(self.scores[row, j]) - base:.2f}"
        return line


def embed_phrasings(config: LensConfig, embedder: Embedder) -> dict[str, np.ndarray]:
    """Each lens's phrasings embedded (normalised rows), in one batch."""
    flat = [p for lens in config.lenses for p in lens.phrasings()]
    vectors = embedder.encode(flat) if flat else np.zeros((0, embedder.dim), np.float32)
    return split_by_lens(config, vectors)


def split_by_lens(config: LensConfig, matrix: np.ndarray) -> dict[str, np.ndarray]:
    """The rows of ``matrix`` (every lens's phrasings, in config order) as one float32 block per lens."""
    out, start = {}, 0
    for lens in config.lenses:
        n = len(lens.phrasings())
        out[lens.name] = np.asarray(matrix[start:start + n], dtype=np.float32)
        start += n
    return out


def lexicon_bonus(lens: Lens, words: Sequence[str]) -> float:
    """What the lexicon adds to a score: the weight per distinct entry found, at most ``LEXICON_CAP``."""
    return lens.lexicon_weight * min(len(words), LEXICON_CAP)


def words_only_rows(paragraphs: pd.DataFrame, articles: pd.DataFrame, model_name: str) -> np.ndarray:
    """Per paragraph row, True where its article's language is known and not one the model
    compares by meaning (``newslens.languages``, config/models.yaml). An unknown language is
    scored by meaning as before: most unlabelled pages are English."""
    covered_languages = languages.model_languages(model_name)
    if covered_languages is None:
        return np.zeros(len(paragraphs), dtype=bool)
    return _rows_in_languages(paragraphs, articles, lambda lang: not languages.covered(lang, covered_languages))


def cross_language_rows(paragraphs: pd.DataFrame, articles: pd.DataFrame, examples_language: str) -> np.ndarray:
    """Per paragraph row, True where its article's language is known and is not the language the
    lens examples are written in (an unknown language is taken to be theirs, as above)."""
    return _rows_in_languages(paragraphs, articles, lambda lang: languages.base_language(lang) != examples_language)


def paragraph_languages(paragraphs: pd.DataFrame, articles: pd.DataFrame) -> np.ndarray:
    """Per paragraph row, its article's language (base code, "" when unknown): the lexicon keeps
    that language's own letters (``Lens.words_in``)."""
    language_of = {str(a): languages.base_language(lang if isinstance(lang, str) else None)
                   for a, lang in zip(articles[ArticleCol.ID], articles[ArticleCol.LANGUAGE])}
    return paragraphs[ParagraphCol.ARTICLE_ID].astype(str).map(language_of).fillna("").to_numpy(dtype=object)


def _rows_in_languages(paragraphs: pd.DataFrame, articles: pd.DataFrame, keep: Callable[[str], bool]) -> np.ndarray:
    """Per paragraph row, True where its article's language is known and ``keep`` takes it."""
    chosen = {str(a) for a, lang in zip(articles[ArticleCol.ID], articles[ArticleCol.LANGUAGE])
              if isinstance(lang, str) and lang.strip() and keep(lang)}
    return paragraphs[ParagraphCol.ARTICLE_ID].astype(str).isin(chosen).to_numpy(dtype=bool)


def score_paragraphs(embeddings: np.ndarray, content_mask: np.ndarray, config: LensConfig,
                     phrase_vectors: Mapping[str, np.ndarray], top_k: int = TOP_K,
                     texts: Sequence[str] | None = None, words_only: np.ndarray | None = None,
                     cross_language: np.ndarray | None = None,
                     text_languages: Sequence[str] | None = None) -> LensScores:
    """Score content rows against each lens (mean cosine to its ``top_k`` closest phrasings, plus
    the lexicon bonus when ``texts`` are given) and remember the closest phrasing and the words.
    Rows flagged in ``words_only`` get ``WORDS_ONLY_SIMILARITY`` instead of their similarity; rows
    flagged in ``cross_language`` keep their similarity but their score starts from at least
    ``WORDS_ONLY_SIMILARITY``. ``text_languages``: each row's language (``paragraph_languages``),
    whose own letters its wordings are matched with."""
    if not isinstance(embeddings, np.ndarray) or embeddings.dtype not in vectors.STORED_DTYPES:
        embeddings = np.asarray(embeddings, dtype=np.float32)
    n = len(embeddings)
    content_mask = np.asarray(content_mask, dtype=bool)
    names = config.names
    similarity = np.full((n, len(names)), np.nan, dtype=np.float32)
    closest = np.full((n, len(names)), -1, dtype=np.int32)
    found: dict[tuple[int, int], tuple[str, ...]] = {}
    rows = np.flatnonzero(content_mask)
    if texts is not None and len(texts) != n:
        raise ValueError(f"{len(texts)} texts for {n} paragraphs")
    if text_languages is not None and len(text_languages) != n:
        raise ValueError(f"{len(text_languages)} languages for {n} paragraphs")
    for name in names:
        if phrase_vectors[name].shape[1] != embeddings.shape[1]:
            raise LensError(f"lens {name!r} was embedded with another model "
                            f"(dimension {phrase_vectors[name].shape[1]}, paragraphs have {embeddings.shape[1]})")
    # Block by block: a float16 snapshot's matrix is never copied to float32 as a whole.
    for start in range(0, len(rows), vectors.BLOCK_ROWS):
        block = rows[start:start + vectors.BLOCK_ROWS]
        content = vectors.take(embeddings, block)
        for j, name in enumerate(names):
            sims = content @ np.asarray(phrase_vectors[name], dtype=np.float32).T
            closest[block, j] = sims.argmax(axis=1)
            k = min(top_k, sims.shape[1])
            similarity[block, j] = np.sort(sims, axis=1)[:, -k:].mean(axis=1)
    if words_only is not None:
        words_only = np.asarray(words_only, dtype=bool)
        if len(words_only) != n:
            raise ValueError(f"{len(words_only)} words-only flags for {n} paragraphs")
        similarity[words_only & content_mask] = WORDS_ONLY_SIMILARITY
    scores = similarity.copy()
    if cross_language is not None:
        cross_language = np.asarray(cross_language, dtype=bool)
        if len(cross_language) != n:
            raise ValueError(f"{len(cross_language)} cross-language flags for {n} paragraphs")
        floor_rows = np.flatnonzero(cross_language & content_mask)
        scores[floor_rows] = np.maximum(scores[floor_rows], WORDS_ONLY_SIMILARITY)
    if texts is not None:
        for j, lens in enumerate(config.lenses):
            if not lens.lexicon:
                continue
            for row in rows:
                words = lens.words_in(str(texts[row]), None if text_languages is None else text_languages[row])
                if words:
                    found[(int(row), j)] = words
                    scores[row, j] += lexicon_bonus(lens, words)
    return LensScores(names, scores, closest, {lens.name: lens.phrasings() for lens in config.lenses},
                      similarity, found, words_only=words_only, cross_language=cross_language)
