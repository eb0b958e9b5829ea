"""Word stems by language, for the two readers of words that need a word's forms as one word:
search by words (a typed word's other forms, ``newslens.search.word_forms``) and the comparison of
two articles in a language the model does not compare by meaning
(``newslens.compare.alignment.words_side``: a paraphrase in Russian says "ранены" where its source
said "раненые").

A language's words are reduced by its Snowball stemmer (the snowballstemmer package;
config/search.yaml ``stemmers``) or, for languages Snowball lacks (Ukrainian, Bulgarian, Slovak...),
to their dictionary form by simplemma's word lists (``lemmatized``); any other language is read as
written.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable

import snowballstemmer

from newslens.knowledge import word_lemmatized, word_stemmers
from newslens.languages import base_language
from newslens.spelling import fold_letters, own_spelling

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


def has_stems(language: str | None) -> bool:
    """Whether ``language`` (a code, "de-AT" reads as "de") has its words reduced at all."""
    code = base_language(language)
    return bool(code) and (code in word_stemmers() or code in word_lemmatized())


def stem_function(language: str | None) -> Callable[[str], str] | None:
    """A function from a lower-case word to its stem (or dictionary form) in ``language``, None
    when the language has neither a stemmer nor a word list. Call it in the thread that got it.

    The word is read in the language's own letters and its stem returned in the folded ones
    (``spelling.own_spelling``, ``fold_letters``): search holds "konuşmuş" as the folded
    "konușmuș", which the Turkish stemmer reads as no form of "konuştu"; and a stem reads alike
    whichever of the two letters a page printed."""
    code = base_language(language)
    if not code:
        return None
    name = word_stemmers().get(code)
    if name is not None:
        reduce = stemmer(name).stemWord
    elif code in word_lemmatized():
        import simplemma     # (here: 0.1 s to import, and only corpora in these languages need it)

        def reduce(word: str) -> str:
            return simplemma.lemmatize(word, lang=code).lower()
    else:
        return None
    return lambda word: fold_letters(reduce(own_spelling(word, code)))


def stem_text(text: str, language: str | None) -> str:
    """``text`` with each word replaced by its lower-case stem in ``language``; unchanged (not even
    lower-cased) when the language has no stemmer or is unknown."""
    stem = stem_function(language)
    if stem is None:
        return text
    return _WORD.sub(lambda m: stem(m.group().lower()), text)
