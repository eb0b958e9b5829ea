"""One name in any script or romanisation, for the two readers that match names across them:
story comparison (a Russian and a German report of one event share "Бахмут" and "Bachmut",
``newslens.compare.evidence``) and search by words (a typed "Kostrikin" finds "Кострикин",
``newslens.search.word_forms``).

Both compare a name's key: its Latin letters (Cyrillic, Greek... transliterated by anyascii) with
the sounds transliterations spell differently folded into one spelling. Search also matches a
Russian and a Ukrainian spelling of one name in Cyrillic (``east_slavic_key``, ``orthographies``).
"""
from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from newslens.knowledge import east_slavic_letters, letter_equivalents, own_letters

# Spellings of one sound across transliterations (Kharkiv / Charkiw / Харків, Bakhmut / Bachmut),
# applied in order to the Latin form of a name: the key two spellings of one name share.
_SOUNDS = (("sch", "sh"), ("tsch", "ch"), ("kh", "h"), ("ch", "h"), ("zh", "j"), ("w", "v"), ("y", "i"),
           ("j", "i"), ("ph", "f"), ("ck", "k"), ("c", "k"), ("q", "k"), ("x", "ks"), ("z", "s"))
_NOT_KEY = re.compile(r"[^a-z0-9]")
_DOUBLED = re.compile(r"(.)\1+")


def latin(text: str) -> str:
    """``text`` in Latin letters, lower-cased, without accents (Cyrillic transliterated by anyascii)."""
    return anyascii(text).lower()


def name_key(word: str) -> str:
    """The spelling-independent key of a name: Latin letters, sounds folded, doubled letters single,
    so "Харків", "Kharkiv" and "Charkiw" share one key, as do "Bakhmut" and "Bachmut"."""
    key = _NOT_KEY.sub("", latin(word))
    for old, new in _SOUNDS:
        key = key.replace(old, new)
    return _DOUBLED.sub(r"\1", key)


@lru_cache(maxsize=None)
def key_openings(letter: str) -> frozenset[str]:
    """The first letters of Latin forms (``latin``) whose key can start with ``letter``: a folded
    sound may change a word's first letter ("kh" -> "h", "c" -> "k", "w" -> "v"), so a word's key
    is looked for among the words opening with any of these, not the vocabulary."""
    return frozenset(raw for raw in string.ascii_lowercase + string.digits
                     if letter in {name_key(s)[:1] for s in (raw, *(old for old, _ in _SOUNDS if old.startswith(raw)))})


def script(word: str) -> str:
    """The script ``word`` is written in, by its first letter's Unicode name ("LATIN", "CYRILLIC",
    "GREEK"...; "" for none): two romanisations of a name share one, a transliteration does not."""
    return unicodedata.name(word[0], "").split(" ", 1)[0] if word else ""


_LETTER_FOLD = str.maketrans(letter_equivalents())


def fold_letters(text: str) -> str:
    """``text`` with the letters a language writes two ways made one (config/search.yaml
    ``letter_equivalents``: Romanian "acuzaţi" -> "acuzați"), one character for one, so offsets
    found in it stand in ``text``: the form words are matched in, never the form shown."""
    return text if text.isascii() else text.translate(_LETTER_FOLD)


@lru_cache(maxsize=None)
def _own_spelling(language: str) -> dict[int, str]:
    """The fold undone for the folded letters ``language`` writes as its own (Turkish ș -> ş)."""
    own = own_letters().get(language, frozenset())
    return {ord(folded): letter for letter, folded in letter_equivalents().items() if letter.lower() in own}


def own_spelling(text: str, language: str) -> str:
    """``text`` with the letters ``fold_letters`` makes one written as ``language`` (a base code)
    writes them (config/search.yaml ``own_letters``: Turkish "konușmuș" -> "konuşmuş"), for a reader
    that knows only the language's own letters, its stemmer; unchanged for any other language."""
    table = _own_spelling(language)
    return fold_letters(text).translate(table) if table and not text.isascii() else text


@lru_cache(maxsize=1)
def _east_slavic() -> tuple[dict[int, str], dict[str, frozenset[str]]]:
    """The fold of config/search.yaml ``east_slavic_letters`` (for ``str.translate``) and each
    language's own letters."""
    table = east_slavic_letters()
    fold = {ord(letter): same for letters in table.values() for letter, same in letters.items()}
    return fold, {code: frozenset(letters) for code, letters in table.items()}


def east_slavic_fold(word: str) -> str:
    """``word`` in lower case with the letters Russian and Ukrainian spell one name with differently
    made one (config/search.yaml ``east_slavic_letters``): "бугаєв" -> "бугаев"."""
    return word.lower().translate(_east_slavic()[0])


def east_slavic_key(word: str) -> str:
    """``name_key`` of ``east_slavic_fold(word)``: "Бугаев" and "Бугаєв" share "bugaev", which
    their own keys ("bugaev", "bugaiev") do not. Only for comparing two Cyrillic spellings: a
    romanisation spells the Ukrainian letters as written ("Buhaiev")."""
    return name_key(east_slavic_fold(word))


def orthographies(word: str) -> frozenset[str]:
    """The languages whose own letters ``word`` holds (config/search.yaml ``east_slavic_letters``):
    {"uk"} for "бугаєв", {"ru"} for "объявил", none for "бугаев", which both spell alike."""
    letters = set(word.lower())
    return frozenset(code for code, own in _east_slavic()[1].items() if letters & own)
