"""How common a word is in its language at large, so a name is weighed by that as well as by the corpus.

Rarity inside the corpus misleads where the corpus holds few articles of a language: in a mostly
English corpus, two Russian reports of different events both write "Украины", "СМИ" and "РИА",
which no English article carries, so these everyday words looked as distinctive as a soldier's
surname and linked the two. Word frequencies of the language at large (wordfreq: Wikipedia,
subtitles, news, books and web text for about 40 languages, shipped in the package; Chinese,
Japanese and Korean need tokenizers not installed here and are skipped) say that
"Украины" is among the most common words of Russian while "Кузьминов" is rare.

The frequency is a Zipf value: log10 of occurrences per billion words (6 = "the"-like words,
5 = once in ten thousand words, 3 = once in a million, 0 = not in the list). Languages wordfreq
does not know get no adjustment (the corpus rarity alone decides, as before).
"""
from __future__ import annotations

from functools import lru_cache

from newslens.languages import base_language

try:
    import langcodes     # wordfreq's own dependency: language codes matched to its lists
    import wordfreq
except ImportError as exc:   # a dependency of the story grouping (requirements.txt)
    raise ImportError("story grouping needs the 'wordfreq' package (pip install -r requirements.txt)") from exc


# wordfreq reads these only with a tokenizer package (jieba, MeCab) that the project does not
# install; a name in them is a Latin word anyway (no capitals in those scripts), so they are skipped.
_NEEDS_TOKENIZER = frozenset({"zh", "ja", "ko"})


@lru_cache(maxsize=1)
def known_languages() -> tuple[str, ...]:
    return tuple(sorted(set(wordfreq.available_languages(wordlist="small")) - _NEEDS_TOKENIZER))


@lru_cache(maxsize=512)
def wordlist_language(language: str | None) -> str | None:
    """wordfreq's list for an article's language: the closest it has (Croatian, Serbian and Bosnian
    share "sh", Norwegian is "nb"), or None."""
    code = base_language(language) if language else ""
    if not code:
        return None
    return langcodes.closest_supported_match(code, list(known_languages()))


@lru_cache(maxsize=200_000)
def zipf(word: str, language: str | None) -> float | None:
    """The word's Zipf frequency in ``language``, or None where wordfreq has no list for it.

    The "small" lists (words of Zipf >= 3 or so) are enough: a rarer word counts as 0, which is
    rare in every reading, and they load in a fraction of the time and memory of the large ones."""
    code = wordlist_language(language)
    if code is None:
        return None
    return float(wordfreq.zipf_frequency(word, code, wordlist="small"))


def everyday_rarity(value: float | None, distinct: float, everyday: float) -> float:
    """1 for a word at most ``distinct`` Zipf (or of an unknown language), 0 from ``everyday`` up,
    linear between."""
    if value is None or value <= distinct:
        return 1.0
    if value >= everyday:
        return 0.0
    return (everyday - value) / (everyday - distinct)
