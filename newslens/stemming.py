"""Word stems by language (Snowball stemmers of the snowballstemmer package; config/search.yaml).

Two readers of words need a word's forms as one word: search by words (a typed word's other forms,
``newslens.search.word_forms``) and the comparison of two articles in a language the model does
not compare by meaning (``newslens.compare.alignment.words_side``: a paraphrase in Russian says
"ранены" where its source said "раненые").
"""
from __future__ import annotations

import re
import threading

import snowballstemmer

from newslens.knowledge import word_stemmers
from newslens.languages import base_language

_WORD = re.compile(r"\w+", re.UNICODE)
_LOCAL = threading.local()     # a Snowball stemmer keeps state: one per thread and algorithm


def stemmer(algorithm: str):
    """This thread's Snowball stemmer ``algorithm`` ("english", "russian", ...)."""
    cache = getattr(_LOCAL, "stemmers", None)
    if cache is None:
        cache = _LOCAL.stemmers = {}
    if algorithm not in cache:
        cache[algorithm] = snowballstemmer.stemmer(algorithm)
    return cache[algorithm]


def stemmer_name(language: str | None) -> str | None:
    """The Snowball algorithm for ``language`` (a code, "de-AT" reads as "de"), None without one."""
    return word_stemmers().get(base_language(language)) if language else None


def stem_text(text: str, language: str | None) -> str:
    """``text`` with each word replaced by its lower-case stem in ``language``; unchanged (not even
    lower-cased) when the language has no stemmer or is unknown."""
    name = stemmer_name(language)
    if name is None:
        return text
    stem = stemmer(name).stemWord
    return _WORD.sub(lambda m: stem(m.group().lower()), text)
