"""Raw bytes -> text, with the encoding recorded, or a clear reason why the bytes are not text.

Scraped corpora in this field mix UTF-8 with legacy Cyrillic (cp1251, KOI8-R/U) and Western
(Latin-1/cp1252) encodings. General detectors (charset-normalizer) are good on long texts but go
wrong on short Cyrillic ones: a KOI8-R sentence of thirty letters comes back as Shift-JIS, an
all-caps cp1251 headline as cp932. So every candidate decoding is scored here for plausibility
(letter frequencies, case pattern, mixed-script and accent-soup words, control characters) and the
most plausible one wins; charset-normalizer's guess is only one more candidate.
"""
from __future__ import annotations

import codecs
import math
import re
import unicodedata
from dataclasses import dataclass, field

import ftfy
from charset_normalizer import from_bytes

# Magic numbers of common binary formats people drop next to articles.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"RIFF", "RIFF media file"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings tried when the bytes are not UTF-8, in order of preference on a tie.
LEGACY_CANDIDATES: tuple[str, ...] = ("cp1251", "koi8-r", "koi8-u", "latin-1", "cp1252")
_DISPLAY_NAMES = {"utf_8": "utf-8", "utf_8_sig": "utf-8-sig", "iso8859-1": "latin-1", "latin_1": "latin-1",
                  "koi8-r": "koi8-r", "koi8_r": "koi8-r", "koi8-u": "koi8-u", "koi8_u": "koi8-u"}

# Letter frequencies (per cent) of Russian text, with the Ukrainian letters added: a decoding in
# the wrong Cyrillic code page permutes letters, so its letters are rare ones.
_CYRILLIC_FREQ = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47, "р": 4.73,
    "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81, "у": 2.62, "я": 2.01,
    "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59, "ч": 1.44, "й": 1.21, "х": 0.97,
    "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48, "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04,
    "ё": 0.10, "і": 3.0, "ї": 0.5, "є": 0.4, "ґ": 0.05,
}
_UNIFORM = 1 / 33
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Penalties: a word or character that real text almost never has.
_MIXED_SCRIPT = 4.0      # Latin and Cyrillic letters in one word ("GrьЯe")
_ACCENT_SOUP = 4.0       # most letters of a word accented ("Ñîëäàòû": Cyrillic read as Latin-1)
_CASE_FLIP = 2.0         # upper case after lower inside a word ("рУССКИЕ": KOI8-R read as cp1251)
_BAD_CHAR = 3.0          # controls, box drawing, replacement characters, private use
# Above this share of implausible words the best decoding is still not readable text.
UNREADABLE_SHARE = 0.3
GUESS_MIN_BYTES = 200
# Above this share of unprintable characters decoded "text" is binary data (real text has ~0).
UNPRINTABLE_SHARE = 0.05
UNPRINTABLE_MIN = 4      # a stray byte or two in a short note is damage, not binary data


class NotText(Exception):
    """The bytes are not an article: binary, empty, or in no encoding we can read."""


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def display_name(encoding: str) -> str:
    """A stable short name for a Python codec ("iso8859-1" -> "latin-1")."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    return _DISPLAY_NAMES.get(name, name.replace("_", "-"))


def binary_kind(data: bytes) -> str | None:
    """What binary format the bytes are, or None if they may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if any(data.startswith(bom) for bom, _ in _BOMS if bom != codecs.BOM_UTF8):
        return None  # UTF-16/32 text legitimately holds NUL bytes
    if b"\x00" in data[:65536]:
        return "binary data (NUL bytes)"
    return None


def _is_bad_char(ch: str) -> bool:
    if ch in "\t\n\r\f":
        return False
    if ch == "\ufffd" or "\u2500" <= ch <= "\u259f" or ch in "\u2320\u2321":
        return True
    return unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs")


def _word_penalty(word: str) -> float:
    latin = sum(1 for c in word if "LATIN" in unicodedata.name(c, ""))
    cyrillic = sum(1 for c in word if "CYRILLIC" in unicodedata.name(c, ""))
    penalty = 0.0
    if latin and cyrillic:
        penalty += _MIXED_SCRIPT
    accented = sum(1 for c in word if c.isalpha() and not c.isascii())
    if (latin >= 2 and accented == latin) or (latin >= 4 and accented / len(word) > 0.5):
        penalty += _ACCENT_SOUP
    if any(a.islower() and b.isupper() for a, b in zip(word, word[1:])):
        penalty += _CASE_FLIP
    return penalty


def plausibility(text: str) -> tuple[float, float]:
    """(score, share of implausible words): higher score = more like real text."""
    words = _WORD.findall(text)
    word_penalties = [_word_penalty(w) for w in words]
    bad_chars = sum(1 for c in text if _is_bad_char(c))
    bonus = 0.0
    for c in text:
        p = _CYRILLIC_FREQ.get(c.lower())
        if p is not None:
            bonus += math.log(p / 100 / _UNIFORM)
    score = bonus - sum(word_penalties) - _BAD_CHAR * bad_chars
    units = len(words) + bad_chars
    share = (sum(1 for p in word_penalties if p) + bad_chars) / units if units else 0.0
    return score, share


def _is_unprintable(ch: str) -> bool:
    if ch in "\t\n\r\f\v":
        return False
    return ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs")


def unprintable_share(text: str) -> float:
    """Share of the non-space characters that are controls, U+FFFD, private-use or unassigned code
    points: near zero for real text in any encoding; high for binary data however it was decoded
    (random bytes saved as UTF-8 with replacement characters, or read through a UTF-16 BOM)."""
    sample = text[:65536]
    visible = sum(1 for c in sample if not c.isspace())
    bad = sum(1 for c in sample if _is_unprintable(c))
    return bad / visible if visible and bad >= UNPRINTABLE_MIN else 0.0


def _check_printable(decoded: Decoded) -> Decoded:
    share = unprintable_share(decoded.text)
    if share > UNPRINTABLE_SHARE:
        raise NotText(f"binary or not text: {share:.0%} of the characters are control, replacement or "
                      "unprintable characters")
    return decoded


def _utf8(data: bytes) -> Decoded | None:
    """Strict UTF-8; or UTF-8 with the few invalid bytes replaced when the rest is clearly UTF-8."""
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    valid_multibyte = sum(1 for c in text if not c.isascii() and c != "\ufffd")
    # Legacy bytes (cp1251, cp1252) are practically never valid UTF-8 sequences, so a text with at
    # least as many valid multi-byte characters as damaged ones is UTF-8 with a few bad bytes:
    # switching the whole article to cp1252 for them would turn every curly quote into mojibake.
    if valid_multibyte >= max(1, replaced):
        return Decoded(text, "utf-8", [f"{replaced} invalid UTF-8 byte sequence(s) replaced with U+FFFD"])
    return None


def _candidates(data: bytes, declared: str | None) -> list[str]:
    names: list[str] = []
    if declared:
        names.append(declared)
    names.extend(LEGACY_CANDIDATES)
    # charset-normalizer is reliable on longer texts only (on a short Cyrillic word it answers
    # Big5 or Shift-JIS), so its guess competes only then.
    best = from_bytes(data[:200_000]).best() if len(data) >= GUESS_MIN_BYTES else None
    if best is not None:
        names.append(best.encoding)
    seen, ordered = set(), []
    for name in names:
        try:
            key = codecs.lookup(name).name
        except LookupError:
            continue
        if key not in seen:
            seen.add(key)
            ordered.append(name)
    return ordered


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode raw article bytes; raise NotText with a one-line reason when they are not text.

    ``declared`` is an encoding the file itself names (an HTML meta charset): preferred on a tie,
    never trusted blindly (pages often declare UTF-8 and are cp1251).
    """
    kind = binary_kind(data)
    if kind:
        raise NotText(f"binary file ({kind}): binary or not text, not an article")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            warnings = ["invalid bytes replaced with U+FFFD"] if "\ufffd" in text else []
            name = display_name(codec) if codec != "utf-8-sig" else "utf-8-sig"
            return _check_printable(Decoded(text.lstrip("\ufeff"), name, warnings))
    # Valid UTF-8 with non-ASCII text is practically never a legacy encoding by accident, so it
    # wins over any declaration.
    if (decoded := _utf8(data)) is not None:
        return _check_printable(decoded)
    best: tuple[float, float, str, str] | None = None
    for name in _candidates(data, declared):
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        score, share = plausibility(text)
        if best is None or score > best[0]:
            best = (score, share, name, text)
    if best is None or best[1] > UNREADABLE_SHARE:
        raise NotText("undecodable, binary or not text: not UTF-8, and no supported legacy encoding "
                      "gives readable text")
    _, _, name, text = best
    return _check_printable(Decoded(text, display_name(name)))


MOJIBAKE_EXAMPLE_CHARS = 40


def repair_mojibake(text: str) -> tuple[str, list[str]]:
    """Text with mojibake ("â€œWe donâ€™t", "Ð Ð¾Ñ\x81") repaired line by line with ftfy, and what
    was done, one warning per kind: repaired lines (with the first example) and lines that still
    look like mojibake after repair (bytes lost on the way cannot be restored; flagged, not guessed).

    Lines are repaired on their own because a corpus file may mix a damaged quote with clean text.
    """
    from ftfy.badness import is_bad

    lines = text.split("\n")
    repaired = flagged = 0
    first_repair: tuple[str, str] | None = None
    first_flag: str | None = None
    for i, line in enumerate(lines):
        if line.isascii() or not is_bad(line):
            continue
        fixed = ftfy.fix_encoding(line)
        if fixed != line:
            repaired += 1
            if first_repair is None:
                first_repair = (line, fixed)
            lines[i] = fixed
        if is_bad(lines[i]):
            flagged += 1
            first_flag = first_flag or lines[i]
    warnings = []
    if first_repair is not None:
        before, after = (" ".join(x.split())[:MOJIBAKE_EXAMPLE_CHARS] for x in first_repair)
        warnings.append(f"mojibake repaired with ftfy in {repaired} line(s) (e.g. {before!r} -> {after!r})")
    if first_flag is not None:
        example = " ".join(first_flag.split())[:MOJIBAKE_EXAMPLE_CHARS]
        warnings.append(f"{flagged} line(s) still look like mojibake that could not be repaired "
                        f"(e.g. {example!r}); check the source file")
    return "\n".join(lines), warnings


# A well-formed reference ("&amp;", "&#8212;", "&#x27;"), the only kind a scraper leaves behind by
# mistake; a bare "&" or an "&" before a made-up word is text and stays.
_CHARACTER_REFERENCE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_character_references(text: str) -> tuple[str, list[str]]:
    """A text file's HTML character references ("&#8212;", "&amp;", "&nbsp;") as the characters
    they stand for, and a warning saying how many and one example.

    Scrapers that save a page's text often keep them; left as they are, a reader sees "&#8212;"
    and the claim extractor reads 8212 as a number. Decoded with ftfy (already used for mojibake),
    which knows the whole HTML5 table; references it does not know are left as written.
    """
    from ftfy.fixes import unescape_html

    decoded = 0
    example: tuple[str, str] | None = None

    def one(match: re.Match[str]) -> str:
        nonlocal decoded, example
        value = unescape_html(match.group(0))
        if value == "\ufffd" and match.group(0).lower() not in ("&#65533;", "&#xfffd;"):
            return match.group(0)       # no character ("&#0;", a surrogate): left as written
        if value != match.group(0):
            decoded += 1
            example = example or (match.group(0), value)
        return value

    # A page escaped twice ("&amp;#8212;") needs a second pass; three cover what scrapers do.
    for _ in range(3):
        before = decoded
        text = _CHARACTER_REFERENCE.sub(one, text)
        if decoded == before:
            break
    if not decoded:
        return text, []
    return text, [f"{decoded} HTML character reference(s) decoded (e.g. {example[0]!r} -> {example[1]!r})"]
