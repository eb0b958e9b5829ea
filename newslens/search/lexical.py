"""A BM25 index stored as one sparse matrix, so a query is a few column sums, not a Python loop.

rank-bm25 scores every document in Python (seconds at 100k paragraphs); here the BM25 weight of
every (paragraph, term) pair is computed once at build time, and a query sums the columns of its
terms: milliseconds at 100k. Query terms missing from the vocabulary ("Budennovsk" when the text
spells it "Budenovsk" or "Budensovsk") are expanded to close spellings with rapidfuzz, so names
transliterated differently by different outlets are still found; so are the names whose Latin key
(``newslens.spelling``) is close to a query word's, in any script ("Kostrikin" finds "Кострикин").

The pipeline builds the index once per snapshot and stores its arrays next to the vectors
(``write_lexical``); the app memory-maps them (``load_lexical``) instead of tokenising every
paragraph on its first search (26-62 s at 100k paragraphs, minutes at 1M).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Collection, Sequence

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from newslens.knowledge import letter_equivalents, number_words, search_content_words, threshold
from newslens.schema import SnapshotFile
from newslens.sentences import ANY_APOSTROPHE, LOOKALIKE_APOSTROPHES
from newslens.search.numbers import FoundNumber, TypedNumber, number_spans, typed_numbers
from newslens.spelling import (east_slavic_fold, east_slavic_key, fold_letters, key_openings, latin, name_key, orthographies,
                               script)

# Quote and apostrophe variants outlets use interchangeably (the modifier letter "ʼ" only inside a
# Cyrillic word: ``_MODIFIER_APOSTROPHE``).
_QUOTE_MAP = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                            **{curly: "'" for curly in "\u2019" + LOOKALIKE_APOSTROPHES}})
_CYRILLIC = "\u0400-\u04ff"
# Numbers keep their decimal point or thousands separator ("7.62", "50,000"); ordinals stay whole
# ("1428th"); words split at apostrophes so "Ukraine's" is found by "Ukraine", but a Cyrillic word
# is one word through its apostrophe, as Ukrainian spells "п'ять" (five), "м'ясо", "з'явився".
TOKEN_RE = re.compile(rf"\d+(?:[.,]\d+)+|[{_CYRILLIC}]+(?:{ANY_APOSTROPHE}[{_CYRILLIC}]+)+|\w+", re.UNICODE)
# "ʼ" inside a Cyrillic word, written as the straight apostrophe the other variants are read as
_MODIFIER_APOSTROPHE = re.compile(rf"(?<=[{_CYRILLIC}])\u02bc(?=[{_CYRILLIC}])")
_SPACE_RE = re.compile(r"\s+")

BM25_K1 = 1.5
BM25_B = 0.75
FUZZY_MIN_LENGTH = threshold("search", "fuzzy_min_length", int, low=1)      # shorter words have too many near neighbours to expand safely
FUZZY_CUTOFF = threshold("search", "fuzzy_cutoff", high=100.0)       # rapidfuzz ratio (0-100): "budennovsk"~"budenovsk" 95, ~"budensovsk" 90
FUZZY_LIMIT = threshold("search", "fuzzy_limit", int)           # expansions per query word
FUZZY_WEIGHT = threshold("search", "fuzzy_weight", high=1.0)        # an expansion counts less than the word as typed
FORM_WEIGHT = threshold("search", "form_weight", high=1.0)          # another form of a typed word (word_forms)
NAME_MIN_LENGTH = threshold("search", "name_min_length", int, low=1)   # shorter words are not matched across scripts
NAME_CUTOFF = threshold("search", "name_cutoff", high=100.0)         # rapidfuzz ratio (0-100) of two names' Latin keys
NAME_LIMIT = threshold("search", "name_limit", int, low=1)           # keys matched per query word
NAME_KEY_GAP = threshold("search", "name_key_gap", int)              # letters two close keys' lengths may differ by


_QUOTE_PAIRS = tuple((chr(code), straight) for code, straight in _QUOTE_MAP.items())


def normalise_text(text: str) -> str:
    """Casefolded, NFKC, straight quotes, single spaces, letters written two ways made one
    (``fold_letters``: Romanian ş/ș), a Cyrillic word's apostrophe straight ("пʼять" as "п'ять"):
    the form phrase matching and the index's terms compare. Each character stays one character.

    Written for speed (the pipeline runs it on every paragraph: 1M at scale): ``str.replace`` per
    quote style present instead of ``str.translate`` (a dict lookup per character), and
    ``split``/``join`` instead of a regex (both split at exactly the characters ``str.isspace``
    names). Same result as ``_SPACE_RE.sub(" ", nfkc.translate(_QUOTE_MAP)).strip().casefold()``.
    """
    text = unicodedata.normalize("NFKC", str(text))
    if not text.isascii():
        for curly, straight in _QUOTE_PAIRS:
            if curly in text:
                text = text.replace(curly, straight)
        if "\u02bc" in text:
            text = _MODIFIER_APOSTROPHE.sub("'", text)
    return fold_letters(" ".join(text.split()).casefold())


def content_words(language: str) -> frozenset[str]:
    """The words of ``language``'s stop-word list search keeps as words, spelled as the index spells
    them: the field's words it names (config/search.yaml ``content_words``) and its number words
    (config/claims.yaml ``number_words``: the lists hold cardinals, "five", "двадцать", "kolme", that
    Compare reads as figures, and "five soldiers" must find the five)."""
    return frozenset(normalise_text(w) for w in search_content_words().get(language, frozenset())
                     | number_words().get(language, {}).keys())


# English function words, left out of the index and the query (scikit-learn's list, less the words
# search keeps: ``content_words``).
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) - content_words("en")


# Bump when tokenize, normalise_text, the weights or the stored layout change: a stored index of
# another version is ignored and the app builds one itself (slower, never wrong). The letter fold
# (config/search.yaml ``letter_equivalents``) is part of it: its terms are folded; so are the English
# stop words kept as words (``STOP_WORDS``).
LEXICAL_VERSION = ("bm25-3 " + "".join(sorted(f"{k}{v}" for k, v in letter_equivalents().items()))
                   + " " + " ".join(sorted(ENGLISH_STOP_WORDS - STOP_WORDS)))


def lettered(term: str) -> bool:
    """``term`` (an index term) is letters only, or letters joined by apostrophes ("п'ять"): a word,
    not a number or a code mixing letters with digits."""
    return term.replace("'", "").isalpha()


def tokenize(text: str) -> list[str]:
    """Index terms of ``text``: casefolded words and numbers, English stop words and 1-letter words dropped."""
    return [t for t in TOKEN_RE.findall(normalise_text(text)) if len(t) > 1 and t not in STOP_WORDS]


@dataclass
class QueryTerms:
    """The vocabulary terms a query asks for, with weights; ``expanded`` maps typed word -> spellings
    found (the word is not in the corpus), ``forms`` typed word -> its other forms found
    (``word_forms``), ``names`` typed word -> the name's spellings in other scripts or
    romanisations found, with their forms (``spelled_alike``); ``groups`` holds, per typed word, the
    positions in ``term_ids`` of the terms that stand for it (a paragraph counts each typed word
    once, at its best term)."""

    term_ids: np.ndarray
    weights: np.ndarray
    terms: list[str]
    expanded: dict[str, list[str]] = field(default_factory=dict)
    query_weight: float = 0.0   # what a paragraph holding every typed word would score (``max_score``)
    missing: list[str] = field(default_factory=list)   # typed words no paragraph holds, in no near spelling
    forms: dict[str, list[str]] = field(default_factory=dict)
    groups: list[np.ndarray] = field(default_factory=list)
    names: dict[str, list[str]] = field(default_factory=dict)
    # typed number -> the corpus's other spellings of it ("9861": "9 861", "9.861"; "18,000": "18 тисяч";
    # ``numbers``)
    numbers: dict[str, list[str]] = field(default_factory=dict)
    # position in ``term_ids`` -> the only rows the term counts in: "861" stands for "9861" only
    # where the text prints "9 861", "тисяч" for "5000" only where it prints "5 тисяч"
    only_rows: dict[int, np.ndarray] = field(default_factory=dict)
    # position in ``term_ids`` -> the rows the term does not count in: those whose own language
    # lists it as a function word (German "war" for an English "war crimes"; ``query_terms``)
    not_rows: dict[int, np.ndarray] = field(default_factory=dict)
    # where a text prints each typed number, in any spelling (``numbers.number_spans``)
    number_spans: list[Callable[[str], list[tuple[int, int]]]] = field(default_factory=list)
    # per entry of ``groups``: what the typed word weighs in ``query_weight`` (``coverage``)
    group_weights: list[float] = field(default_factory=list)
    # typed words that counted for nothing, in typed order: the function words of the query's
    # language (``query_terms``' ``ignored``), and English stop words (``tokenize``); a notice names
    # them when nothing else was searched
    ignored: list[str] = field(default_factory=list)
    stop_words: list[str] = field(default_factory=list)

    @property
    def highlighted(self) -> set[str]:
        """The terms a hit's words are highlighted by: not those counting in some rows only (a
        group of a spaced number, a scaled one's digits or scale word: ``number_spans`` highlight
        the number whole)."""
        return {t for n, t in enumerate(self.terms) if n not in self.only_rows}


def bm25_idf(doc_freq: np.ndarray | float, n_docs: int) -> np.ndarray | float:
    """BM25's idf of terms held by ``doc_freq`` of ``n_docs`` documents, with a BM25+ style floor:
    never negative, so a very common term cannot push a document down."""
    return np.log1p((n_docs - doc_freq + 0.5) / (doc_freq + 0.5))


class BM25Index:
    """BM25 over a list of texts, as a CSC matrix of per-(document, term) weights."""

    size: int
    vocabulary: dict[str, int]
    idf: np.ndarray
    weights: sparse.csc_matrix

    def __init__(self, texts: Sequence[str], k1: float = BM25_K1, b: float = BM25_B):
        self.size = len(texts)
        vectorizer = CountVectorizer(analyzer=tokenize, dtype=np.float32)
        try:
            counts = vectorizer.fit_transform(texts).tocsr()
            vocabulary = vectorizer.vocabulary_
        except ValueError:  # no document has a single term
            counts = sparse.csr_matrix((len(texts), 0), dtype=np.float32)
            vocabulary = {}
        self.vocabulary: dict[str, int] = vocabulary
        n_docs = max(len(texts), 1)
        doc_len = np.asarray(counts.sum(axis=1)).ravel()
        avg_len = float(doc_len.mean()) if len(doc_len) and doc_len.mean() > 0 else 1.0
        doc_freq = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float32)
        self.idf = bm25_idf(doc_freq, n_docs).astype(np.float32)
        tf = counts.data
        row_len = np.repeat(doc_len, np.diff(counts.indptr))
        counts.data = (tf * (k1 + 1) / (tf + k1 * (1 - b + b * row_len / avg_len))).astype(np.float32)
        self.weights = counts.multiply(self.idf[np.newaxis, :]).tocsc().astype(np.float32)

    @classmethod
    def from_arrays(cls, size: int, terms: list[str], idf: np.ndarray, data: np.ndarray,
                    indices: np.ndarray, indptr: np.ndarray) -> "BM25Index":
        """An index from its stored arrays (memory maps stay memory maps: nothing is copied)."""
        index = cls.__new__(cls)
        index.size = int(size)
        index.vocabulary = dict(zip(terms, range(len(terms))))
        index.idf = idf
        index.weights = sparse.csc_matrix((data, indices, indptr), shape=(int(size), len(terms)), copy=False)
        return index

    @property
    def _buckets(self) -> dict[str, list[str]]:
        """Vocabulary bucketed by first character: fuzzy expansion compares a word with far fewer
        terms. Built on the first unknown word, not on load."""
        if not hasattr(self, "_bucket_cache"):
            buckets: dict[str, list[str]] = defaultdict(list)
            for term in self.vocabulary:
                buckets[term[0]].append(term)
            self._bucket_cache = dict(buckets)
        return self._bucket_cache

    def terms_starting_with(self, letter: str) -> list[str]:
        """The vocabulary's terms whose first character is ``letter`` (in vocabulary order; shared:
        callers must not reorder it)."""
        return self._buckets.get(letter, [])

    def terms_keyed(self, letter: str, east_slavic: bool = False) -> dict[str, list[str]]:
        """The vocabulary's words of ``NAME_MIN_LENGTH`` letters or more whose Latin key
        (``spelling.name_key``) starts with ``letter``, by key. Built once per letter, on the first
        query word needing it, from the buckets of the words opening with a letter that may fold to
        it (``spelling.key_openings``): a share of the vocabulary keyed, not all of it (13-120 ms a
        letter at 150,000 words, once per snapshot). ``east_slavic``: the Cyrillic words only, by
        ``spelling.east_slavic_key`` (a Russian and a Ukrainian spelling of one name share it)."""
        if not hasattr(self, "_key_cache"):
            self._key_cache: dict[tuple[str, bool], dict[str, list[str]]] = {}
        if (letter, east_slavic) not in self._key_cache:
            openings = key_openings(letter)
            key_of = east_slavic_key if east_slavic else name_key
            keyed: dict[str, list[str]] = defaultdict(list)
            for first, terms in self._buckets.items():
                opening = latin(east_slavic_fold(first) if east_slavic else first)[:1]
                if opening not in openings or (east_slavic and script(first) != "CYRILLIC"):
                    continue
                for term in terms:
                    if len(term) >= NAME_MIN_LENGTH and lettered(term):
                        key = key_of(term)
                        if key[:1] == letter:
                            keyed[key].append(term)
            self._key_cache[letter, east_slavic] = {key: sorted(found) for key, found in keyed.items()}
        return self._key_cache[letter, east_slavic]

    def spelled_alike(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary words spelling ``word``'s Latin key, closest first, with how close (0-1): the
        name in another script or romanisation ("kostrikin": "кострикин"; "matsiievskyi":
        "мацієвський"; "zelensky": "selenskyj"). The keys fold what romanisations spell differently
        (kh/h, y/i/j, w/v, doubled letters, soft signs); across scripts rapidfuzz compares them as
        ``expand`` compares spellings, for what transliterations differ in besides ("ц" read "ts"
        or "c", "г" read "g" or "h"), when their lengths differ by at most ``NAME_KEY_GAP`` ("Ukrainian"
        is no "Україна"). In the word's own script the keys must be equal: close keys there are
        other words ("seinen", "Russian") or forms, the stemmers' part; in Cyrillic, a Russian and a
        Ukrainian spelling are matched too (``east_slavic_spellings``). None for words shorter than
        ``NAME_MIN_LENGTH``: "Mary" and "Мари" are too many names."""
        if len(word) < NAME_MIN_LENGTH or not lettered(word):
            return []
        key, own = name_key(word), script(word)
        keyed = self.terms_keyed(key[:1]) if key else {}
        matches = process.extract(key, list(keyed), scorer=fuzz.ratio, score_cutoff=NAME_CUTOFF, limit=None)
        found: list[tuple[str, float]] = []
        keys = 0
        for near, score, _ in matches:
            terms = [t for t in keyed[near] if t != word and (near == key or script(t) != own)]
            # a shorter key the typed one begins with is the word it derives from, not its spelling:
            # "Russian" is no "Русия", "Indian" no "Индия" (a declined name is longer: "Кострикина")
            if not terms or abs(len(near) - len(key)) > NAME_KEY_GAP or (len(near) < len(key) and key.startswith(near)):
                continue
            found += [(t, score / 100.0) for t in terms]
            keys += 1
            if keys == NAME_LIMIT:
                break
        if own == "CYRILLIC":
            taken = {t for t, _ in found}
            found += [(t, close) for t, close in self.east_slavic_spellings(word) if t not in taken]
        return found

    def east_slavic_spellings(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary words spelling the Cyrillic name ``word`` in the other East Slavic orthography
        (``spelling.orthographies``: Russian "Бугаев" / Ukrainian "Бугаєв"), closest first, with how
        close (0-1): their ``east_slavic_key``s are equal, or one is the other with an ending of at
        most ``NAME_KEY_GAP`` letters, the name declined ("Бугаев": "бугаєва"; "Бугаева": "бугаєв").
        Two words of one orthography are the stemmers' part, as in ``spelled_alike``."""
        key, marks = east_slavic_key(word), orthographies(word)
        if len(key) <= NAME_KEY_GAP:
            return []
        keyed = self.terms_keyed(key[:1], east_slavic=True)
        stem = key[:len(key) - NAME_KEY_GAP]        # every key ending the typed one's way starts so
        found = []
        for near in sorted(k for k in keyed if k.startswith(stem)):
            if abs(len(near) - len(key)) <= NAME_KEY_GAP and (near.startswith(key) or key.startswith(near)):
                close = fuzz.ratio(key, near) / 100.0
                found += [(t, close) for t in keyed[near] if t != word and orthographies(t) != marks]
        return sorted(found, key=lambda tc: -tc[1])

    def expand(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary spellings close to ``word`` (itself first if indexed), with a weight each."""
        found = [(word, 1.0)] if word in self.vocabulary else []
        if len(word) < FUZZY_MIN_LENGTH or word.isdigit() or word in self.vocabulary:
            return found
        candidates = self.terms_starting_with(word[0])
        matches = process.extract(word, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                  limit=FUZZY_LIMIT)
        return found + [(term, FUZZY_WEIGHT * score / 100.0) for term, score, _ in matches
                        if term != word and abs(len(term) - len(word)) <= 2]

    def query_terms(self, query: str, forms: Callable[[str], Sequence[str]] | None = None,
                    names: Callable[[str], Sequence[tuple[str, float]]] | None = None,
                    numbers: Callable[[TypedNumber], FoundNumber | None] | None = None,
                    ignored: Collection[str] = (),
                    function_rows: Callable[[str], np.ndarray] | None = None) -> QueryTerms:
        """The terms standing for each typed word: itself, its near spellings when the corpus lacks
        it (``expand``), its other forms (``forms``: ``word_forms.WordForms.forms``), and the name
        spelled in other scripts or romanisations, with those spellings' forms (``names``:
        ``word_forms.WordForms.spellings``); a typed number stands for its spellings with any
        thousands separator or a scale (``numbers``: ``numbers.NumberSpellings.find``; None for a
        number matched as typed); ``ignored``: typed words that count for nothing, as stop words
        (``word_forms.WordForms.function_words``); ``function_rows``: per term, the rows it counts
        nothing in, a function word of their own language (``word_forms.WordForms.function_word_rows``)."""
        typed = [] if numbers is None else typed_numbers(query)
        found_numbers = {n: numbers(n) for n in typed}
        for n in reversed(typed):
            if found_numbers[n] is not None:    # (read below, not as words: "9 861" is no "861")
                query = query[:n.start] + " " + query[n.end:]
        ids: dict[int, float] = {}
        expanded: dict[str, list[str]] = {}
        found_forms: dict[str, list[str]] = {}
        found_names: dict[str, list[str]] = {}
        word_terms: list[tuple[dict[int, float], float]] = []   # per typed word: its terms, its weight
        # What a paragraph holding the whole query would score: each typed word once, at its best
        # spelling (two typed spellings of one corpus word are that word once, as ``scores`` counts
        # it); a word the corpus never uses, in no near spelling, as much as the query's rarest
        # known word: no paragraph holds it, so one holding the other words holds part of what was
        # asked (the rarest term possible would grow with the corpus and drown the known words).
        missing: list[str] = []
        for word in dict.fromkeys(w for w in tokenize(query) if w not in ignored):
            other = list(forms(word)) if forms is not None else []
            # A word the corpus lacks is matched by its near spellings only when it has no other
            # form there: "командиров" by "командира", not by the near "командировку" (a business trip).
            spellings = self.expand(word) if not other or word in self.vocabulary else []
            if spellings and spellings[0][0] != word:
                expanded[word] = [t for t, _ in spellings]
            if other:
                found_forms[word] = other
            alike = self._spelled_elsewhere(word, names, forms, {t for t, _ in spellings} | set(other)) \
                if names is not None else []
            if alike:
                found_names[word] = [t for t, _ in alike]
            # The word's weight in the query is its own (or its spellings'); its other forms and
            # spellings elsewhere only when the corpus has neither: a rare form must not make the
            # word as typed a part match.
            weighed = spellings or alike + [(t, FORM_WEIGHT) for t in other]
            spellings = spellings + [(t, self._capped(word, t, FORM_WEIGHT)) for t in other] + alike
            if not spellings:
                missing.append(word)
                continue
            mine: dict[int, float] = {}
            for term, weight in spellings:
                idx = self.vocabulary[term]
                ids[idx] = max(ids.get(idx, 0.0), weight)
                mine[idx] = max(mine.get(idx, 0.0), weight)
            term, weight = max(weighed, key=lambda tw: float(self.idf[self.vocabulary[tw[0]]]) * tw[1])
            word_terms.append((mine, float(self.idf[self.vocabulary[term]]) * weight))
        restricted: dict[int, np.ndarray] = {}
        unrestricted = set(ids)
        # a term counting only in the rows printing a typed number (the "000" of "18 000", the "тисяч"
        # of "5 тисяч"): weighed there as the number's rarest spelling, so each spelling of the figure
        # counts as the figure typed, however common the term it is found by
        as_number: dict[int, float] = {}
        numbers_matched: dict[str, list[str]] = {}
        for number, found in found_numbers.items():
            if found is None:
                continue
            if not found.terms:
                missing.append(number.written)
                continue
            mine = {self.vocabulary[t]: 1.0 for t in found.terms}   # any spelling is the figure typed
            rarest = max(float(self.idf[i]) for i in mine)
            for term, rows in found.terms.items():
                idx = self.vocabulary[term]
                ids[idx] = 1.0
                if rows is None:
                    unrestricted.add(idx)
                else:
                    restricted[idx] = np.union1d(restricted.get(idx, rows), rows)
                    as_number[idx] = max(as_number.get(idx, 0.0), rarest / max(float(self.idf[idx]), 1e-6))
            word_terms.append((mine, rarest))
            other = [s for s in found.spellings if s != number.written]
            if other:
                numbers_matched[number.written] = other
        for idx, weight in as_number.items():
            if idx not in unrestricted:
                ids[idx] = weight
        # Typed words sharing a term ("Kadyrov Kadyrow", "deserter deserters") are one word.
        merged = _merge_overlapping(word_terms)
        best = [value for _, value in merged]
        rarest = max(best, default=0.0)
        query_weight = sum(best) + rarest * len(missing)
        term_ids = np.fromiter(ids.keys(), dtype=np.int64, count=len(ids))
        position = {idx: n for n, idx in enumerate(ids)}
        # A term that stands for two typed words keeps the higher weight.
        weights = np.fromiter(ids.values(), dtype=np.float32, count=len(ids))
        groups = [np.fromiter((position[i] for i in mine), dtype=np.int64, count=len(mine)) for mine, _ in merged]
        only_rows = {position[idx]: rows for idx, rows in restricted.items() if idx not in unrestricted}
        spans = [number_spans(n, found.scaled) for n, found in found_numbers.items()
                 if found is not None and found.terms]
        typed = TOKEN_RE.findall(normalise_text(query))
        terms = self.terms_of(term_ids)
        not_rows = {n: rows for n, rows in enumerate(function_rows(t) for t in terms) if len(rows)} \
            if function_rows is not None else {}
        return QueryTerms(term_ids, weights, terms, expanded, query_weight, missing,
                          found_forms, groups, found_names, numbers_matched, only_rows, not_rows, spans, best,
                          ignored=[w for w in dict.fromkeys(tokenize(query)) if w in ignored],
                          stop_words=[w for w in dict.fromkeys(typed) if len(w) > 1 and w in STOP_WORDS])

    def _spelled_elsewhere(self, word: str, names: Callable[[str], Sequence[tuple[str, float]]],
                           forms: Callable[[str], Sequence[str]] | None, taken: set[str]) -> list[tuple[str, float]]:
        """The name ``word`` spelled in other scripts or romanisations (``names``), each counting as
        a near spelling (``FUZZY_WEIGHT`` times its closeness), then its own other forms, counting as
        forms ("kostrikin": "кострикин", then "кострикина", "кострикиным"); none of ``taken``."""
        out: dict[str, float] = {}
        for term, closeness in names(word):
            if term in taken or term in out:
                continue
            out[term] = self._capped(word, term, FUZZY_WEIGHT * closeness)
            for form in forms(term) if forms is not None else ():
                if form != word and form not in taken and form not in out:
                    out[form] = self._capped(word, form, FORM_WEIGHT)
        return list(out.items())

    def _capped(self, word: str, other: str, weight: float) -> float:
        """What a term standing for a typed word counts (another form, the name spelled elsewhere):
        ``weight``, and no more than the word as typed would (a rarer form's idf is higher: "soldier"
        in a corpus saying "soldiers" must not outrank the paragraphs holding the word typed)."""
        if word not in self.vocabulary:
            return weight
        typed, rarer = float(self.idf[self.vocabulary[word]]), float(self.idf[self.vocabulary[other]])
        return weight * min(1.0, typed / rarer) if rarer > 0 else weight

    def terms_of(self, term_ids: np.ndarray) -> list[str]:
        """The terms of ``term_ids``, as the vocabulary spells them."""
        if not hasattr(self, "_inverse"):
            self._inverse = np.empty(len(self.vocabulary), dtype=object)
            for term, idx in self.vocabulary.items():
                self._inverse[idx] = term
        return [str(self._inverse[i]) for i in term_ids]

    def word_scores(self, terms: QueryTerms) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per typed word (``terms.groups``): the documents holding it, each once, and its BM25
        score there, at the best of its terms (a paragraph saying "deserter" and "deserters" holds
        the word once, as ``max_score`` counts it); a term counts only in its ``only_rows``, never in
        its ``not_rows``."""
        weights = terms.weights.tolist()
        out = []
        for group in terms.groups or [np.array([n]) for n in range(len(terms.term_ids))]:
            found_rows, found_values = [], []
            for n in group.tolist():
                idx = int(terms.term_ids[n])
                start, end = self.weights.indptr[idx], self.weights.indptr[idx + 1]
                rows, values = self.weights.indices[start:end], self.weights.data[start:end]
                if n in terms.only_rows:
                    keep = np.isin(rows, terms.only_rows[n])
                    rows, values = rows[keep], values[keep]
                if n in terms.not_rows:
                    keep = ~np.isin(rows, terms.not_rows[n])
                    rows, values = rows[keep], values[keep]
                found_rows.append(np.asarray(rows, dtype=np.int64))
                found_values.append(weights[n] * np.asarray(values, dtype=np.float32))
            out.append(best_per_row(found_rows, found_values))
        return out

    def scores(self, terms: QueryTerms, words: list[tuple[np.ndarray, np.ndarray]] | None = None) -> np.ndarray:
        """BM25 score of every document (float32, length ``size``); zero where no term occurs: the
        sum of its typed words' scores (``word_scores``, or ``words`` given: the headlines' too)."""
        out = np.zeros(self.size, dtype=np.float32)
        for rows, values in self.word_scores(terms) if words is None else words:
            out[rows] += values
        return out

    def coverage(self, terms: QueryTerms, words: list[tuple[np.ndarray, np.ndarray]] | None = None) -> np.ndarray:
        """Per document, the share of the query's weight (``max_score``) held by the typed words it
        holds in any of their terms, each word whole however often and in however long a text
        (0-1): 1 where every typed word is found, 0 where none is (``words``: as in ``scores``).
        Without per-word weights (a hand-made ``QueryTerms``), the BM25 share, at most 1."""
        if not terms.groups or len(terms.group_weights) != len(terms.groups):
            return np.minimum(self.scores(terms, words) / self.max_score(terms), 1.0)
        out = np.zeros(self.size, dtype=np.float32)
        for (rows, _), value in zip(self.word_scores(terms) if words is None else words, terms.group_weights):
            out[rows] += value
        return np.minimum(out / self.max_score(terms), 1.0)

    def max_score(self, terms: QueryTerms) -> float:
        """The query's total BM25 weight: what a paragraph holding each typed word once (at its best
        spelling), at average length, scores. Dividing by it puts BM25 on a 0-1-ish scale per
        query: the share of what was asked that a paragraph holds."""
        if len(terms.term_ids) == 0:
            return 1.0
        return max(terms.query_weight, 1e-6)

    def documents_with_all(self, text: str) -> np.ndarray | None:
        """Documents holding every index term of ``text`` (a cheap pre-filter for phrase matching);
        None when ``text`` has no index terms (only stop words or punctuation)."""
        words = tokenize(text)
        if not words:
            return None
        if any(w not in self.vocabulary for w in words):
            return np.zeros(self.size, dtype=bool)
        ids = [self.vocabulary[w] for w in dict.fromkeys(words)]
        mask = np.ones(self.size, dtype=bool)
        for idx in ids:
            col = np.zeros(self.size, dtype=bool)
            start, end = self.weights.indptr[idx], self.weights.indptr[idx + 1]
            col[self.weights.indices[start:end]] = True
            mask &= col
        return mask


def best_per_row(rows: list[np.ndarray], values: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The rows of several (rows, values) lists, each once, with its highest value."""
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    if len(rows) == 1:
        return rows[0], values[0]
    every, scored = np.concatenate(rows), np.concatenate(values)
    order = np.lexsort((-scored, every))              # by row, best value first
    every, scored = every[order], scored[order]
    first = np.ones(len(every), dtype=bool)
    first[1:] = every[1:] != every[:-1]
    return every[first], scored[first]


def _merge_overlapping(words: list[tuple[dict[int, float], float]]) -> list[tuple[dict[int, float], float]]:
    """Typed words' term sets joined where they share a term, each joined word weighing as its
    heaviest part: the query asks for that corpus word once."""
    merged: list[tuple[dict[int, float], float]] = []
    for terms, value in words:
        terms = dict(terms)
        keep = []
        for other, other_value in merged:
            if other.keys() & terms.keys():
                for idx, weight in other.items():
                    terms[idx] = max(terms.get(idx, 0.0), weight)
                value = max(value, other_value)
            else:
                keep.append((other, other_value))
        merged = keep + [(terms, value)]
    return merged


# --- stored in the snapshot -----------------------------------------------------------------

def has_quote_marks(texts: Sequence[str]) -> np.ndarray:
    """Per text: holds a quotation mark (any style), so it may share a quote with another."""
    return np.fromiter(('"' in normalise_text(t) for t in texts), dtype=bool, count=len(texts))


# The arrays of a stored index, each one ``.npy`` file in the snapshot folder.
_ARRAYS = {"idf": SnapshotFile.LEXICAL_IDF, "data": SnapshotFile.LEXICAL_DATA,
           "indices": SnapshotFile.LEXICAL_INDICES, "indptr": SnapshotFile.LEXICAL_INDPTR,
           "quotes": SnapshotFile.LEXICAL_QUOTES}
LEXICAL_FILES = (*_ARRAYS.values(), SnapshotFile.LEXICAL_TERMS)


def lexical_writers(index: BM25Index, quotes: np.ndarray) -> dict[str, Callable[[Path], None]]:
    """One writer per file of ``LEXICAL_FILES``, each putting its file at the path it is given
    (the pipeline's staging folder). Terms are one per line: a term never holds white space."""
    terms = [""] * len(index.vocabulary)
    for term, idx in index.vocabulary.items():
        terms[idx] = term
    weights = index.weights
    arrays = {"idf": np.asarray(index.idf, dtype=np.float32), "data": weights.data.astype(np.float32, copy=False),
              "indices": weights.indices.astype(np.int32, copy=False),
              "indptr": weights.indptr.astype(np.int64, copy=False), "quotes": np.asarray(quotes, dtype=bool)}

    def array_writer(array: np.ndarray) -> Callable[[Path], None]:
        return lambda path: np.save(path, array, allow_pickle=False)

    writers = {name: array_writer(arrays[key]) for key, name in _ARRAYS.items()}
    writers[SnapshotFile.LEXICAL_TERMS] = lambda path: Path(path).write_text("\n".join(terms), encoding="utf-8")
    return writers


def load_lexical(folder: Path, info: Any, size: int) -> tuple[BM25Index, np.ndarray] | None:
    """The stored index and quote flags over ``size`` searchable paragraphs, memory-mapped; None
    when there is none, it is of another version or size, or a file is unreadable (the caller then
    builds one: slower, never wrong)."""
    if not isinstance(info, dict) or info.get("version") != LEXICAL_VERSION or info.get("rows") != size:
        return None
    try:
        arrays = {key: np.load(Path(folder) / name, mmap_mode="r", allow_pickle=False)
                  for key, name in _ARRAYS.items()}
        text = (Path(folder) / SnapshotFile.LEXICAL_TERMS).read_text(encoding="utf-8")
        terms = text.split("\n") if text else []
        n_terms = len(terms)
        if (len(arrays["quotes"]) != size or len(arrays["idf"]) != n_terms or len(arrays["indptr"]) != n_terms + 1
                or len(arrays["data"]) != len(arrays["indices"]) or int(arrays["indptr"][-1]) != len(arrays["data"])):
            return None
        index = BM25Index.from_arrays(size, terms, arrays["idf"], arrays["data"], arrays["indices"], arrays["indptr"])
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return index, np.asarray(arrays["quotes"])
