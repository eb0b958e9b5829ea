"""The search page's example queries, fitted to the corpus loaded (pure).

A new user's first click is an example. The configured ones (config/search.yaml ``examples``) were
written for the sample corpus: a word example such as "1428th" opened another corpus on "0 hits"
(a set-26 reviewer). An example is offered only when the corpus holds one of its words, and the rest
of the row is names this corpus's own headlines print across the most outlets ("Prigozhin",
"Bakhmut"): a search by words that finds reports of several outlets at once.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from newslens.compare.everyday_words import zipf
from newslens.knowledge import nouns_capitalised
from newslens.languages import base_language
from newslens.search.lexical import BM25Index

_NOUNS_CAPITALISED = nouns_capitalised()
_CAPITALISED = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*", re.UNICODE)


def kept_examples(examples: Sequence[str], index: BM25Index) -> list[str]:
    """The configured examples a search by words finds something for, as the search reads them
    (``BM25Index.query_terms``: near spellings too, so the sample's "Budenovsk" keeps "Budennovsk";
    an unknown name or a regiment's number another corpus lacks opens on no hit)."""
    return [text for text in examples if _found(text, index)]


def _found(text: str, index: BM25Index) -> bool:
    return len(index.query_terms(text).term_ids) > 0


def headline_names(titles: Iterable[tuple[str, str, str | None]], *, min_letters: int, max_zipf: float,
                   min_outlets: int, limit: int) -> list[str]:
    """Names the headlines print (capitalised words not opening the headline, not everyday words of
    the headline's language) by how many outlets print them, most first; ``titles`` are
    (title, outlet, language). Each name as its commonest spelling, at least ``min_outlets`` outlets."""
    outlets: dict[str, set[str]] = defaultdict(set)
    spellings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for title, outlet, language in titles:
        if base_language(language) in _NOUNS_CAPITALISED:
            continue        # German capitalises every noun: "Brigade" is no name there
        words = _CAPITALISED.findall(title or "")
        for word in words[1:]:
            letters = word.strip("'’-")
            if not letters[:1].isupper() or letters.isupper() or len(letters) < min_letters:
                continue
            common = zipf(letters.lower(), language)
            if common is not None and common > max_zipf:
                continue
            key = letters.lower()
            outlets[key].add(outlet)
            spellings[key][letters] += 1
    ranked = sorted((k for k in outlets if len(outlets[k]) >= min_outlets), key=lambda k: (-len(outlets[k]), k))
    return [max(spellings[k].items(), key=lambda kv: (kv[1], kv[0]))[0] for k in ranked[:limit]]


def example_queries(examples: Sequence[str], index: BM25Index, titles: Iterable[tuple[str, str, str | None]], *,
                    count: int, min_letters: int, max_zipf: float, min_outlets: int) -> list[str]:
    """At most ``count`` examples: the configured ones the corpus holds words of, then its widely
    printed headline names (each found by words in the index too)."""
    kept = kept_examples(examples, index)[:count]
    names = headline_names(titles, min_letters=min_letters, max_zipf=max_zipf, min_outlets=min_outlets,
                           limit=count)
    taken = {text.lower() for text in kept}
    for name in names:
        if len(kept) >= count:
            break
        if name.lower() not in taken and _found(name, index):
            kept.append(name)
    return kept
