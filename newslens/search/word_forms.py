"""A typed word's other forms in the corpus, for search by words (config/search.yaml).

BM25 matches words letter for letter, so "deserters" missed "deserter" and "desertion", and in
inflected languages most forms of a word ("командир", "командиров", "командира"; "sotilaat",
"sotilaita") were different words. Stemming the index would fix that only for one language and
change every stored index; instead a typed word is expanded at query time to the corpus words
that reduce to its stem (``newslens.stemming``: a Snowball stemmer, or simplemma's word lists for
Ukrainian, Bulgarian, Slovak...) in a language whose paragraphs hold that corpus word (and the
typed word, when the corpus has it): so French "soldats" does not pull in German "Soldaten", nor
Spanish "soldados" the English "sold".

Candidates are the corpus words sharing the stem's leading letters (a range of the sorted
vocabulary), so a query stems a few hundred words, not the vocabulary.

A name is also matched as the corpus spells it in other scripts and romanisations ("Kostrikin":
"Кострикин"; ``spellings``), among the words the corpus writes as names: a common word ("commander")
is not matched to a name that sounds alike, nor a lower-case Cyrillic word ("командир").
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Collection, Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse

from newslens.knowledge import story_rules, threshold
from newslens.languages import base_language, language_stopwords
from newslens.search.lexical import BM25Index, content_words, lettered, normalise_text
from newslens.stemming import has_stems, stem_function

FORM_MIN_LENGTH = threshold("search", "form_min_length", int, low=1)   # shorter typed words: as typed only
FORM_CANDIDATES = threshold("search", "form_candidates", int, low=1)   # a stem shared by more words is too short to expand
FORM_NAME_SHARE = threshold("search", "form_name_share", float, low=0.5, high=1.0)  # capitalised this often: a name
FORM_CASE_ROWS = threshold("search", "form_case_rows", int, low=1)     # paragraphs read for how a word is written
_MIN_PREFIX = 3                     # letters a candidate must share with the typed word and its stem
# letters the forms of a word that is its own stem may change ("-ий" / "-ого")
_OWN_STEM_ENDING = threshold("search", "own_stem_ending", int, low=1)
# how many times its length a form of a word that is its own stem may be ("sich" is no "sicherheit")
_OWN_STEM_GROWTH = threshold("search", "own_stem_growth", float, low=1.0)
_OPENERS = "\"'«»“”„‘’([- \t\n"
_SENTENCE_ENDS = (".", "!", "?", ":", "…")


def _opens_sentence(text: str, start: int) -> bool:
    """The word at ``start`` opens the text or a sentence (after its end and any opening quotes)."""
    before = text[max(0, start - 12):start].rstrip(_OPENERS)
    return not before and not text[:start].strip(_OPENERS) or before.endswith(_SENTENCE_ENDS)


@lru_cache(maxsize=None)
def function_words(language: str) -> frozenset[str]:
    """The words of ``language`` search ignores as it does English stop words: its stop-word list,
    less the words search keeps (``lexical.content_words``: the field's, the number words), spelled
    as the index spells them ("daß" as "dass")."""
    return frozenset(normalise_text(w) for w in language_stopwords(language)) - content_words(language)


def _common_prefix(first: str, second: str) -> str:
    n = 0
    for x, y in zip(first, second):
        if x != y:
            break
        n += 1
    return first[:n]


class WordForms:
    """Other forms of typed words among an index's terms.

    ``index``: the BM25 index searched (its rows are the searchable paragraphs); ``row_languages``:
    each row's article language (code, or None when unknown); ``only``: the languages whose forms
    are matched (default: every language ``newslens.stemming`` reduces); ``texts``: each row's text,
    to read which words the corpus writes as names (``_is_name``; without it every form counts).
    """

    def __init__(self, index: BM25Index, row_languages: Sequence[str | None], only: Collection[str] | None = None,
                 texts: Sequence[str] | None = None):
        # Each distinct language once (a million rows hold a handful), then every row by index.
        values = np.asarray(row_languages, dtype=object)
        known = np.array([isinstance(v, str) and bool(v) for v in values], dtype=bool) if len(values) else np.zeros(0, bool)
        names, inverse = np.unique(np.where(known, values, "").astype(str), return_inverse=True)
        base = [base_language(n) for n in names]
        # the corpus languages whose words have stems (``only``: of these alone)
        self._codes = sorted({c for c in base if has_stems(c) and (only is None or c in only)})
        lookup = {c: i for i, c in enumerate(self._codes)}
        # per row: its language's position in self._codes, -1 when it has no stemmer
        self._row_code = np.array([lookup.get(c, -1) for c in base], dtype=np.int16)[inverse] \
            if len(values) else np.zeros(0, dtype=np.int16)
        self._index = index
        self._vocabulary = index.vocabulary
        self._weights: sparse.csc_matrix = index.weights
        self._sorted: dict[str, list[str]] = {}      # the index's terms by first letter, sorted when first read
        self._cache: dict[str | tuple[str, frozenset[str]], tuple[str, ...]] = {}
        self._texts = texts                          # each row's text: how the corpus writes a word (``_is_name``)
        # rows in a language that capitalises every noun (German) say nothing of which words are names
        noun_caps = {str(c).lower() for c in story_rules().get("specifics", "noun_capitalising_languages")}
        self._row_caps = np.array([b in noun_caps for b in base], dtype=bool)[inverse] if len(values) \
            else np.zeros(0, dtype=bool)
        self._case: dict[str, bool | None] = {}
        self._spelled: dict[str, tuple[tuple[str, float], ...]] = {}
        # each row's own language (any, stemmed or not: its position in these names, "" unknown), whose
        # function words do not count there (``function_word_rows``)
        self._row_language_names = [str(b) for b in base]
        self._row_language = np.asarray(inverse, dtype=np.int32) if len(values) else np.zeros(0, dtype=np.int32)

    @property
    def languages(self) -> list[str]:
        """The corpus languages whose word forms are matched."""
        return list(self._codes)

    def _languages_of(self, term: str) -> set[int]:
        col = self._vocabulary.get(term)
        if col is None:
            return set()
        start, end = self._weights.indptr[col], self._weights.indptr[col + 1]
        found = np.unique(self._row_code[self._weights.indices[start:end]])
        return {int(c) for c in found if c >= 0}

    def term_languages(self, term: str) -> frozenset[str]:
        """The stemmed languages of the rows holding ``term`` (codes: "ru", "uk")."""
        return frozenset(self._codes[c] for c in self._languages_of(term))

    def function_words(self, words: Collection[str]) -> frozenset[str]:
        """Of the typed ``words`` (index terms), the function words of the language the query is in
        (``function_words``), to be ignored: the query is read in the corpus languages whose
        paragraphs hold the most of its words, and a word is ignored when it is a function word in
        each of them ("die sich" reads German; "war" alone, as English as German, stays a word)."""
        if not any(word in function_words(code) for word in words for code in self._codes):
            return frozenset()      # (most queries: no row of any typed word need be read)
        read_in = [function_words(code) for code in self.query_languages(words)]
        if not read_in:
            return frozenset()
        return frozenset(w for w in words if all(w in listed for listed in read_in))

    def function_word_rows(self, term: str) -> np.ndarray:
        """The rows holding ``term`` (an index term) whose own language lists it as a function word
        (``function_words``): there it counts for nothing, whatever the query's language (German
        "war", "man", "dies" for an English query; Romanian "care", Spanish "los")."""
        listed = np.array([term in function_words(code) for code in self._row_language_names], dtype=bool)
        col = self._vocabulary.get(term)
        if col is None or not listed.any():
            return np.zeros(0, dtype=np.int64)
        rows = np.asarray(self._weights.indices[self._weights.indptr[col]:self._weights.indptr[col + 1]], dtype=np.int64)
        return rows[listed[self._row_language[rows]]]

    def query_languages(self, words: Collection[str]) -> list[str]:
        """The corpus languages a query of the typed ``words`` (index terms) is read in: the stemmed
        languages whose paragraphs hold the most of its words (codes; none when no paragraph holds one)."""
        held: Counter[int] = Counter()
        for word in set(words):
            held.update(self._languages_of(word))
        most = max(held.values(), default=0)
        return [self._codes[code] for code in sorted(held) if held[code] == most]

    def forms(self, word: str, languages: frozenset[str] | None = None) -> tuple[str, ...]:
        """Corpus words that are other forms of ``word`` (an index term: casefolded), most
        frequent first; none for short words, numbers and words mixing letters with digits.
        ``languages``: in these languages only (where another index holds the word), instead of
        the word's own languages here, or every language when this index lacks it."""
        key = word if languages is None else (word, languages)
        if key in self._cache:
            return self._cache[key]
        found: dict[str, int] = {}
        if len(word) >= FORM_MIN_LENGTH and lettered(word) and self._codes:
            found = self._find(word, languages)
            if found and self._is_name(word):
                # a name's forms are names too: not a word the corpus writes in lower case
                found = {t: n for t, n in found.items() if self._is_name(t) is not False}
        result = tuple(sorted(found, key=lambda t: (-found[t], t)))
        self._cache[key] = result
        return result

    def spellings(self, word: str) -> tuple[tuple[str, float], ...]:
        """The name ``word`` (an index term: casefolded) as the corpus spells it in other scripts or
        romanisations (``BM25Index.spelled_alike``), closest first, with how close. A pair of words
        counts when the corpus writes neither in lower case and one of them as a name (``_is_name``):
        "commander" is no "Командир", "comme" no "кроме", German "hatten" no "hätten" (German
        capitalises every noun, so its words alone say nothing). A word the corpus lacks, or writes
        only where a sentence opens or in German, is a name when a spelling of its very key is one
        ("кострікін": "Кострикин", so the German "Kostrikin" counts too). Without the texts, every pair."""
        if word not in self._spelled:
            typed = self._is_name(word)
            found: tuple[tuple[str, float], ...] = ()
            if typed is not False:
                alike = self._index.spelled_alike(word)
                case = {t: self._is_name(t) for t, _ in alike}
                typed = typed or any(closeness == 1.0 and case[t] for t, closeness in alike)
                found = tuple((t, c) for t, c in alike
                              if self._texts is None or case[t] is not False and (typed or case[t]))
            self._spelled[word] = found
        return self._spelled[word]

    def _is_name(self, term: str) -> bool | None:
        """Whether the corpus writes ``term`` with a capital where no sentence opens (``FORM_NAME_SHARE``
        of the times, in its first ``FORM_CASE_ROWS`` paragraphs): a name; None when unknown (no texts,
        or only sentence openings)."""
        if self._texts is None:
            return None
        if term not in self._case:
            col = self._vocabulary.get(term)
            rows = self._weights.indices[self._weights.indptr[col]:self._weights.indptr[col + 1]][:FORM_CASE_ROWS] \
                if col is not None else []
            pattern = re.compile(rf"(?<![\w])({re.escape(term)})(?!\w)", re.IGNORECASE)
            upper = lower = 0
            for row in rows:
                if self._row_caps[row]:
                    continue
                text = self._texts[int(row)]
                for match in pattern.finditer(text):
                    if _opens_sentence(text, match.start()):
                        continue     # a sentence's first word is capitalised whatever it is
                    if match.group(1)[:1].isupper():
                        upper += 1
                    else:
                        lower += 1
            seen = upper + lower
            self._case[term] = None if not seen else upper / seen >= FORM_NAME_SHARE
        return self._case[term]

    def _candidates(self, prefix: str) -> list[str]:
        """The terms starting with ``prefix``: the index's bucket of its first letter
        (``BM25Index.terms_starting_with``), sorted once per letter, not the whole vocabulary."""
        letter = prefix[:1]
        if letter not in self._sorted:
            self._sorted[letter] = sorted(self._index.terms_starting_with(letter))
        bucket = self._sorted[letter]
        lo = bisect.bisect_left(bucket, prefix)
        hi = bisect.bisect_left(bucket, prefix + "\U0010ffff")
        return bucket[lo:hi]

    def _sharing_stem(self, word: str, stem: str) -> list[str] | None:
        """The terms sharing the letters of ``word`` its ``stem`` keeps; None when that is fewer than
        ``_MIN_PREFIX`` letters or more than ``FORM_CANDIDATES`` terms. A word that is its own stem
        (a dictionary form, "мацієвський", or a name no rule shortens) may change its last letters in
        its other forms ("мацієвського"): its candidates share all but those, when not too many."""
        prefix = _common_prefix(stem, word)
        if len(prefix) < _MIN_PREFIX:
            return None
        if prefix == word and len(word) - _OWN_STEM_ENDING >= _MIN_PREFIX:
            shorter = self._candidates(word[:-_OWN_STEM_ENDING])
            if len(shorter) <= FORM_CANDIDATES:
                return shorter
        candidates = self._candidates(prefix)
        return candidates if len(candidates) <= FORM_CANDIDATES else None

    def _find(self, word: str, languages: frozenset[str] | None = None) -> dict[str, int]:
        # The typed word's own languages when the corpus has it (else every language stemmed).
        if languages is not None:
            own = {n for n, code in enumerate(self._codes) if code in languages}
        else:
            own = self._languages_of(word) if word in self._vocabulary else set(range(len(self._codes)))
        found: dict[str, int] = {}
        for code in sorted(own):
            stem_word = stem_function(self._codes[code])
            stem = stem_word(word)
            candidates = self._sharing_stem(word, stem)
            if candidates is None:
                continue
            longest = _OWN_STEM_GROWTH * len(word) if stem == word else float("inf")
            for term in candidates:
                if term == word or term in found or not lettered(term) or len(term) > longest:
                    continue
                if stem_word(term) == stem and code in self._languages_of(term):
                    col = self._vocabulary[term]
                    found[term] = int(self._weights.indptr[col + 1] - self._weights.indptr[col])
        return found
