"""Finding every passage that says something: semantic, lexical and hybrid ranking (pure).

- semantic: cosine of the query's embedding (the snapshot's model) with each paragraph's;
- lexical: BM25 over words and numbers, with close spellings of unknown names (newslens.lexical);
- hybrid: the cosine plus a weighted, normalised BM25 score (relative-score fusion; see ``rank``),
  so a paraphrase finds its passage and a rare name, number or calibre ("1428th", "7.62") is not
  drowned by meaning.
A phrase in double quotes must appear literally. Only content paragraphs (Kind.SEARCHABLE) are ever
hits. Re-reports of one passage by several outlets (near-identical embeddings, or a shared quote)
collapse into one hit that lists the other wordings.
"""
from __future__ import annotations

import re
import dataclasses
from dataclasses import dataclass, field
from collections.abc import Callable, Collection, Sequence
from typing import Any

import numpy as np
import pandas as pd

from newslens import ann as ann_mod
from newslens import config, languages, vectors
from newslens.compare.evidence import Figure, figures_disagree, passage_figures
from newslens.dates import DATE, DATE_ISO, article_dates
from newslens.export import envelope
from newslens.filters import Filters, article_rows_of_paragraphs
from newslens.embedder import Embedder, ModelLoadError, check_query_model
from newslens.knowledge import threshold
from newslens.language_trace import LanguageTrace, snapshot_trace
from newslens.outlets import UNKNOWN_OUTLET, outlet_labels
from newslens.search.lexical import (FORM_WEIGHT, BM25Index, QueryTerms, TOKEN_RE, best_per_row, bm25_idf,
                                     has_quote_marks, load_lexical, normalise_text, tokenize)
from newslens.search.numbers import FoundNumber, NumberSpellings, TypedNumber, typed_numbers
from newslens.search.similar import read_rows
from newslens.search.word_forms import WordForms, function_words
from newslens.schema import (TITLE_FROM_URL_FIELD, TITLE_SOURCE_FIELD, ArticleCol, DatePrecision, Kind, ManifestKey, ParagraphCol,
                             SnapshotFile, TitleSource, cell_text, title_record, title_source)
from newslens.sentences import ANY_APOSTROPHE, without_closers
from newslens.spelling import fold_letters
from newslens.store import Snapshot

SEMANTIC, LEXICAL, HYBRID = "semantic", "lexical", "hybrid"
MODES = (HYBRID, SEMANTIC, LEXICAL)
DEFAULT_MODE = HYBRID
DEFAULT_K = 10
MAX_K = 100
LEXICAL_WEIGHT = threshold("search", "lexical_weight")      # hybrid = cosine + LEXICAL_WEIGHT * (BM25 / the query's BM25 weight)
CANDIDATE_DEPTH = threshold("search", "candidate_depth", int, low=1)     # hits considered per signal before fusion and grouping
# Two paragraphs of different articles closer than this (cosine, all-MiniLM-L6-v2) are taken for
# re-reports of one passage. Measured on the sample corpus: reworded re-reports of one sentence
# score 0.79-0.94, different sentences about the same story stay below 0.73.
GROUP_THRESHOLD = threshold("search", "group_threshold", high=1.0)
STORY_MAX_DAYS = threshold("stories", "max_days", int)   # a re-report's window, the stories' own
SHARED_QUOTE_WORDS = threshold("search", "shared_quote_words", int, low=1)    # a quoted run of this many words in both paragraphs = the same quote
WEAK_SEMANTIC_SCORE = threshold("search", "weak_semantic_score", high=1.0)
NO_WORDS_MEANING_FLOOR = threshold("search", "no_words_meaning_floor", high=1.0)   # a model may have its own (meaning_floor)
FRAGMENT_CHARS = threshold("search", "fragment_chars", int, low=1)
MORE_LIKE_THIS_MIN_SCORE = threshold("search", "more_like_this_min_score", high=1.0)  # below this, all-MiniLM-L6-v2 neighbours share little more than the subject
# Results spread across reports: hits one article may hold in the ranking; the rest wait under its
# best hit, those scoring at least this share of it.
PER_ARTICLE = threshold("search", "per_article", int, low=1)
MORE_FROM_ARTICLE_SHARE = threshold("search", "more_from_article_share", high=1.0)

_QUOTED_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+", re.UNICODE)
_HAS_WORD = re.compile(r"[^\W_]", re.UNICODE)


class SearchError(Exception):
    """A search cannot run as asked (wrong model, bad mode); the message says what to do."""


# --- the query ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ParsedQuery:
    text: str                       # what is embedded and matched lexically (quotes removed)
    phrases: tuple[str, ...]        # normalised phrases that must appear literally
    original_length: int
    truncated: bool

    @property
    def has_words(self) -> bool:
        return bool(_HAS_WORD.search(self.text))

    @property
    def quoted_words(self) -> frozenset[str]:
        """The quoted phrases' index terms (``tokenize``): each matches only as typed."""
        return frozenset(word for phrase in self.phrases for word in tokenize(phrase))


def parse_query(raw: str, max_chars: int = config.MAX_QUERY_CHARS) -> ParsedQuery:
    """Truncate, pull out "quoted phrases" (any quote style) and keep the rest as free text."""
    raw = str(raw or "")
    truncated = len(raw) > max_chars
    text = raw[:max_chars]
    if truncated and not raw[max_chars].isspace() and " " in text.strip():
        # Cut at the last whole word: a word cut in half ("soldie") is not what the user typed
        # and would be reported as a spelling missing from the corpus.
        text = text[:text.rstrip().rfind(" ")]
    straight = text.translate(str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"',
                                             "\u00ab": '"', "\u00bb": '"'}))
    phrases = tuple(dict.fromkeys(p for p in (normalise_text(m) for m in _QUOTED_PHRASE.findall(straight)) if p))
    free = " ".join(straight.replace('"', " ").split())
    return ParsedQuery(free, phrases, len(raw), truncated)


# --- the index ------------------------------------------------------------------------------

def headline_texts(articles: pd.DataFrame) -> list[str]:
    """Each article's headline for the search by words ("" when none): a first sentence standing
    in for a missing headline (``TitleSource.LEAD``) is none, being its lead paragraph's own words
    (it would count them twice)."""
    return [(cell_text(title) or "") if title_source(note) != TitleSource.LEAD else ""
            for title, note in zip(articles[ArticleCol.TITLE], articles[ArticleCol.TITLE_NOTE])]


@dataclass
class SearchIndex:
    """Everything a query needs, built once per snapshot (the app caches it by snapshot id)."""

    snapshot: Snapshot
    rows: np.ndarray                # snapshot row of each searchable paragraph
    # The searchable paragraphs' vectors, L2-normalised: a float32 copy (len(rows), dim), or, for a
    # large float16 snapshot, the stored matrix itself with ``vector_rows`` naming each position's
    # row (no copy: 0.7 GB at 1M). Read them through ``vectors`` and ``scan``.
    embeddings: np.ndarray
    lexical: BM25Index
    texts: list[str]
    article_ids: np.ndarray
    paragraph_ids: list[str]
    kinds: list[str]
    # article id -> (outlet, published, precision, title, url, language, title note, date, date_iso)
    article_meta: dict[str, tuple]
    has_quotes: np.ndarray          # paragraph holds a quotation mark (may share a quote)
    ann: ann_mod.AnnIndex | None = None   # the pipeline's ANN index (large corpora), else exact scan
    vector_rows: np.ndarray | None = None
    # Positions whose article is in a language the model does not compare by meaning (None: none
    # is): their vectors are no meaning, so they are searched by their words only, as the notice says.
    unread: np.ndarray | None = None
    fragments: np.ndarray | None = None    # positions too short to answer a query (``fragment_positions``)
    # A multilingual model's trace of each snapshot row's language, kept out of the cosines (None:
    # a model without one, scores are the stored cosines). Per row, not a copy of the vectors.
    trace: LanguageTrace | None = None
    _quote_shingles: dict[int, frozenset] = field(default_factory=dict, repr=False)
    _row_lookup: np.ndarray | None = field(default=None, repr=False)
    _article_rows: np.ndarray | None = field(default=None, repr=False)
    _unsearched: tuple[pd.Series, np.ndarray] | None = field(default=None, repr=False)
    _word_forms: WordForms | None = field(default=None, repr=False)
    _numbers: NumberSpellings | None = field(default=None, repr=False)
    _figures: dict[int, tuple[Figure, ...]] = field(default_factory=dict, repr=False)
    _headlines: tuple[BM25Index, np.ndarray, WordForms] | None = field(default=None, repr=False)
    _article_days: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        return len(self.rows)

    def vectors(self, positions: np.ndarray | list[int]) -> np.ndarray:
        """float32 vectors of the paragraphs at ``positions``."""
        if self.vector_rows is None:
            return np.asarray(self.embeddings[positions], dtype=np.float32)
        return vectors.take(self.embeddings, self.vector_rows[np.asarray(positions, dtype=np.int64)])

    def scan(self, query_vector: np.ndarray) -> np.ndarray:
        """Cosine of every position with ``query_vector`` (exact; block by block when float16),
        each language's trace kept out under a multilingual model (``trace``)."""
        found = vectors.scores(self.embeddings, query_vector)
        if self.vector_rows is not None:
            found = found[self.vector_rows]
        return found if self.trace is None else self.trace.adjust(found, query_vector, self.rows)

    def cosines(self, positions: np.ndarray, query_vector: np.ndarray) -> np.ndarray:
        """``scan``'s cosines of the paragraphs at ``positions`` only."""
        found = self.vectors(positions) @ query_vector
        return found if self.trace is None else self.trace.adjust(found, query_vector, self.rows[positions])

    def normalised(self, position: int) -> str:
        """The paragraph's text as phrase matching compares it (computed when asked: a list of
        every normalised text cost seconds and a copy of the corpus at 1M paragraphs)."""
        return normalise_text(self.texts[position])

    def positions_of_rows(self, rows: np.ndarray) -> np.ndarray:
        """Index positions of snapshot rows (-1 where a row is not searchable)."""
        if self._row_lookup is None:    # built once: per query it cost 8 MB and milliseconds at 1M rows
            lookup = np.full(len(self.snapshot.paragraphs), -1, dtype=np.int64)
            lookup[self.rows] = np.arange(len(self.rows))
            self._row_lookup = lookup
        return self._row_lookup[np.asarray(rows, dtype=np.int64)]

    def unsearched_texts(self) -> tuple[pd.Series, np.ndarray]:
        """The headings and captions (``UNSEARCHED_TEXT_KINDS``) as the index reads words (any case,
        letters written two ways as one) and their article ids, built once, when a search first
        misses a word (``unsearched_words``), not on every such search."""
        if self._unsearched is None:
            paragraphs = self.snapshot.paragraphs
            kept = paragraphs[paragraphs[ParagraphCol.KIND].isin(UNSEARCHED_TEXT_KINDS)]
            self._unsearched = (kept[ParagraphCol.TEXT].astype(str).map(lambda t: fold_letters(t.casefold())),
                                kept[ParagraphCol.ARTICLE_ID].astype(str).to_numpy())
        return self._unsearched

    def article_rows(self) -> np.ndarray:
        """Row in ``snapshot.articles`` of each position's article (-1 if none), built once: a
        per-query ``isin`` over article ids took 0.2 s of a 100k-paragraph search."""
        if self._article_rows is None:
            ids = pd.Index(self.snapshot.articles[ArticleCol.ID].astype(str))
            self._article_rows = ids.get_indexer(self.article_ids)
        return self._article_rows

    @property
    def word_forms(self) -> WordForms:
        """Other forms of typed words among the index's terms, by each paragraph's article
        language (config/search.yaml), built on the first search by words."""
        if self._word_forms is None:
            rows = self.article_rows()
            langs = np.append(self.snapshot.articles[ArticleCol.LANGUAGE].to_numpy(dtype=object), None)
            self._word_forms = WordForms(self.lexical, langs[rows], texts=self.texts)   # (row -1, no article: None)
        return self._word_forms

    def headlines(self) -> tuple[BM25Index, np.ndarray, WordForms]:
        """The articles' headlines as a BM25 index (a document per row of ``snapshot.articles``), the
        position of each article's lead, its first searchable paragraph (-1: none), and the other
        forms of words among the headlines' (by each article's language). Built on the first search
        by words, in memory: the stored index holds paragraphs only (cleaning sets aside a headline
        the page repeats), and a few words per article cost little."""
        if self._headlines is None:
            articles = self.snapshot.articles
            titles = headline_texts(articles)
            owners = self.article_rows()
            order = self.snapshot.paragraphs[ParagraphCol.POSITION].iloc[self.rows].to_numpy(dtype=np.float64)
            usable = np.flatnonzero((owners >= 0) & (True if self.fragments is None else ~self.fragments))
            usable = usable[np.lexsort((np.nan_to_num(order[usable], nan=np.inf), owners[usable]))]
            first = np.ones(len(usable), dtype=bool)
            first[1:] = owners[usable][1:] != owners[usable][:-1]
            leads = np.full(len(titles), -1, dtype=np.int64)
            leads[owners[usable[first]]] = usable[first]
            index = BM25Index(titles)
            languages = articles[ArticleCol.LANGUAGE].to_numpy(dtype=object)
            self._headlines = (index, leads, WordForms(index, languages, texts=titles))
        return self._headlines

    def headline_terms(self, terms: QueryTerms, exact: Collection[str] = ()) -> QueryTerms:
        """The query's terms among the headlines' words: per typed word, the paragraphs' terms for
        it (forms, spellings) the headlines hold, and their other forms there in the languages whose
        paragraphs hold the term ("срочники" finds the headline's "срочников" when no paragraph
        prints that form; French "soldats" no German "Soldaten"), a form counting ``FORM_WEIGHT`` of
        the word's heaviest term; ``exact``: words of quoted phrases, matched only as typed."""
        titles, _, forms = self.headlines()
        ids: dict[int, float] = {}
        groups: list[dict[int, float]] = []
        weights = terms.weights.tolist()
        for group in terms.groups or [np.array([n]) for n in range(len(terms.term_ids))]:
            found: dict[int, float] = {}
            typed = [n for n in group.tolist() if n not in terms.only_rows]   # (a spaced number's parts: no)
            heaviest = max((weights[n] for n in typed), default=0.0)
            for n in typed:
                term = terms.terms[n]
                other = () if term in exact else forms.forms(term, self.word_forms.term_languages(term))
                for word, weight in [(term, weights[n])] + [(f, FORM_WEIGHT * heaviest) for f in other]:
                    col = titles.vocabulary.get(word)
                    if col is not None and weight > found.get(col, 0.0):
                        found[col] = weight
            groups.append(found)
            for col, weight in found.items():
                ids[col] = max(ids.get(col, 0.0), weight)
        position = {col: n for n, col in enumerate(ids)}
        term_ids = np.fromiter(ids, dtype=np.int64, count=len(ids))
        words = titles.terms_of(term_ids)
        # (a headline's function words count for nothing, as a paragraph's: ``query_terms``)
        not_rows = {n: rows for n, rows in enumerate(() if w in exact else forms.function_word_rows(w) for w in words)
                    if len(rows)}
        return QueryTerms(term_ids, np.fromiter(ids.values(), dtype=np.float32, count=len(ids)), words,
                          groups=[np.fromiter((position[c] for c in g), dtype=np.int64, count=len(g)) for g in groups],
                          not_rows=not_rows)

    def word_scores(self, terms: QueryTerms, headline: QueryTerms) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per typed word, the positions holding it and its score there (``BM25Index.word_scores``),
        an article's lead also holding what its headline holds (``headline``: ``headline_terms``)
        when the headline holds every typed word: set 31's "срочники" missed two reports saying "срочников" in the headline only
        ("срочной службы" below it), while a headline sharing one common word with a longer query
        ("troops") lifted its lead above the answer (lexical MRR 0.754 -> 0.746 on the evaluation
        set). Each typed word counts once at a lead, at the better of the two."""
        words = self.lexical.word_scores(terms)
        titles, leads, _ = self.headlines()
        in_titles = titles.word_scores(headline)
        answering = None                              # the articles whose headline holds every word
        for articles, _ in in_titles:
            answering = articles if answering is None else np.intersect1d(answering, articles)
        if answering is None or not len(answering):
            return words
        merged = []
        for (rows, values), (articles, title_values) in zip(words, in_titles):
            at = leads[articles]
            keep = (at >= 0) & np.isin(articles, answering)
            merged.append(best_per_row([rows, at[keep]], [values, title_values[keep]]))
        return merged

    @property
    def numbers(self) -> NumberSpellings:
        """Typed numbers' spellings among the index's terms (any thousands separator)."""
        if self._numbers is None:
            self._numbers = NumberSpellings(self.lexical, self.texts)
        return self._numbers

    def figures(self, position: int) -> tuple[Figure, ...]:
        """The figures the paragraph states, read as Compare reads them (computed on demand)."""
        if position not in self._figures:
            language = self.article_meta.get(str(self.article_ids[position]), (None,) * 9)[5]
            self._figures[position] = passage_figures(self.texts[position], cell_text(language) or None)
        return self._figures[position]

    def dated_apart(self, position: int, other: int) -> bool:
        """Both paragraphs' articles are dated and their possible days lie more than the stories'
        window (``stories.max_days``) apart: a paragraph told again years later is no re-report of
        it (set 31: an August 2024 paragraph was "also in" a March 2022 one)."""
        if self._article_days is None:    # each article's first and last possible day, once

            def days(column: str) -> np.ndarray:     # days since 1970, NaN when unknown
                values = pd.to_datetime(self.snapshot.articles[column])
                return ((values - pd.Timestamp(0)) / pd.Timedelta(days=1)).to_numpy(dtype=np.float64)

            start, end = days(ArticleCol.DATE_START), days(ArticleCol.DATE_END)
            end = np.where(np.isnan(end), start, end)     # an open window ("on or after") counts from its start
            self._article_days = (np.append(start, np.nan), np.append(end, np.nan))   # row -1: no article
        start, end = self._article_days
        a, b = self.article_rows()[position], self.article_rows()[other]
        if np.isnan(start[a]) or np.isnan(start[b]):
            return False
        return bool(start[b] - end[a] > STORY_MAX_DAYS or start[a] - end[b] > STORY_MAX_DAYS)

    def quote_shingles(self, position: int) -> frozenset:
        """Word runs of length SHARED_QUOTE_WORDS inside quotation marks (computed on demand)."""
        if position not in self._quote_shingles:
            shingles: set[tuple[str, ...]] = set()
            for quoted in _QUOTED_PHRASE.findall(self.normalised(position)):
                words = _WORD.findall(quoted)
                shingles.update(tuple(words[i:i + SHARED_QUOTE_WORDS])
                                for i in range(len(words) - SHARED_QUOTE_WORDS + 1))
            self._quote_shingles[position] = frozenset(shingles)
        return self._quote_shingles[position]


def build_index(snapshot: Snapshot) -> SearchIndex:
    """Index the snapshot's searchable paragraphs; furniture and headings are never candidates.

    The lexical index is the one the pipeline stored (memory-mapped) when there is one of this
    code's version; otherwise it is built here (seconds to minutes on a large corpus)."""
    paragraphs = snapshot.paragraphs
    rows = np.flatnonzero(paragraphs[ParagraphCol.KIND].isin(Kind.SEARCHABLE).to_numpy())
    stored = snapshot.embeddings
    vector_rows = None
    if stored.dtype != np.float32:
        vector_rows = rows                    # large float16 snapshot: no copy (store.FLOAT32_COPY_BYTES)
    elif len(rows) != len(paragraphs):
        stored = np.ascontiguousarray(stored[rows])
    # fillna + tolist, never astype(str): numpy's str copy is fixed-width (1M x the longest text x 4 bytes).
    texts = paragraphs[ParagraphCol.TEXT].iloc[rows].fillna("").tolist()
    articles = snapshot.articles
    meta_cols = [ArticleCol.OUTLET, ArticleCol.PUBLISHED, ArticleCol.DATE_PRECISION, ArticleCol.TITLE, ArticleCol.URL,
                 ArticleCol.LANGUAGE, ArticleCol.TITLE_NOTE]
    said = article_dates(articles)
    labelled = articles.assign(**{ArticleCol.OUTLET: outlet_labels(articles)})   # never "nan" or empty
    meta = {str(aid): tuple(None if _missing(v) else v for v in values) + (date, date_iso)
            for aid, date, date_iso, *values in zip(articles[ArticleCol.ID], said[DATE], said[DATE_ISO],
                                                    *(labelled[c] for c in meta_cols))}
    found = load_lexical(snapshot.path, snapshot.manifest.get(ManifestKey.LEXICAL_INDEX), len(rows))
    lexical, has_quotes = found if found is not None else (BM25Index(texts), has_quote_marks(texts))
    return SearchIndex(
        snapshot=snapshot, rows=rows, embeddings=stored, lexical=lexical, texts=texts, has_quotes=has_quotes,
        article_ids=paragraphs[ParagraphCol.ARTICLE_ID].iloc[rows].to_numpy().astype(str),
        paragraph_ids=paragraphs[ParagraphCol.ID].iloc[rows].astype(str).tolist(),
        kinds=paragraphs[ParagraphCol.KIND].iloc[rows].astype(str).tolist(),
        article_meta=meta, ann=load_snapshot_ann(snapshot), vector_rows=vector_rows,
        unread=_unread_positions(snapshot, rows), fragments=fragment_positions(texts),
        trace=snapshot_trace(snapshot),
    )


# Scripts written without spaces between words (Thai, Lao, Burmese, Khmer, Japanese kana, Chinese)
# and Hangul, whose short lines say a sentence in a dozen characters.
_NO_SPACE_SCRIPT = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
                              r"\u4e00-\u9fff\uac00-\ud7af]")


def fragment_positions(texts: list[str]) -> np.ndarray | None:
    """Per searchable paragraph: a fragment no query is answered by, under ``FRAGMENT_CHARS``
    characters and one word, or two not ending a sentence (a label "Background:", a drop cap "Н", a
    site's name "Haqqin.az."; "Soldiers deserted." is a sentence). Chinese or Japanese, written
    without spaces, says a sentence in a dozen characters ("“我想弥补过去的错误,”"): only under four is
    a fragment. None: no paragraph is one."""
    def fragment(text: str) -> bool:
        text = text.strip()
        if len(text) >= FRAGMENT_CHARS:
            return False
        if _NO_SPACE_SCRIPT.search(text):
            return len(text) < 4
        words = len(text.split())       # any white space (a non-breaking one too)
        return words <= 1 or (words == 2 and not without_closers(text).endswith((".", "!", "?", "\u2026")))

    found = np.fromiter((fragment(t) for t in texts), dtype=bool, count=len(texts))
    return found if found.any() else None


def _unread_positions(snapshot: Snapshot, rows: np.ndarray) -> np.ndarray | None:
    """Per searchable position (snapshot ``rows``): its article is in a language the model does not
    compare by meaning (``similar.read_rows``, computed once per snapshot for search and the
    Reader alike); None when every article is read."""
    read = read_rows(snapshot)
    return None if read is None else ~read[rows]


def load_snapshot_ann(snapshot: Snapshot) -> ann_mod.AnnIndex | None:
    """The snapshot's ANN index when the pipeline built one (large corpora); a missing or unreadable
    file means exact search, which is slower but right."""
    info = snapshot.manifest.get(ManifestKey.ANN_INDEX)
    path = snapshot.path / SnapshotFile.ANN
    if not info or not path.is_file():
        return None
    try:
        # Probing is a search-time choice: a snapshot built when the default was lower is searched
        # at today's default (its manifest records what the build chose, never more than needed).
        return ann_mod.load_ann(path, max(int(info.get("nprobe") or 0), ann_mod.DEFAULT_NPROBE))
    except Exception:  # noqa: BLE001 - faiss raises RuntimeError for damaged files; exact still works
        return None


def semantic_scores(index: SearchIndex, query_vector: np.ndarray, allowed: np.ndarray, depth: int,
                    extra: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Cosine per position: all of them by exact scan, or, with an ANN index, only the candidates
    it finds among the allowed rows (plus ``extra`` positions) and -inf elsewhere. Candidate scores
    are exact (float32), so only recall is approximate, never a score or a filter. Returns the
    scores and the candidate positions (None after a full exact scan)."""
    query_vector = np.asarray(query_vector, dtype=np.float32).ravel()
    n_allowed = int(np.count_nonzero(allowed))
    if index.ann is None or n_allowed <= ann_mod.EXACT_FILTER_ROWS and n_allowed < index.size:
        if index.ann is None:
            return index.scan(query_vector), None
        candidates = np.flatnonzero(allowed)          # narrow filter: exact over the allowed rows
    else:
        row_mask = None
        if n_allowed < index.size:
            row_mask = np.zeros(len(index.snapshot.paragraphs), dtype=bool)
            row_mask[index.rows[allowed]] = True
        candidates = index.positions_of_rows(index.ann.search(query_vector, depth, row_mask))
        candidates = candidates[candidates >= 0]
    if extra is not None and len(extra):
        candidates = np.union1d(candidates, extra)
    scores = np.full(index.size, -np.inf, dtype=np.float32)
    scores[candidates] = index.cosines(candidates, query_vector)
    return scores, candidates


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def check_model(snapshot: Snapshot, embedder: Embedder) -> None:
    """Refuse to compare a query embedded by one model with paragraphs embedded by another."""
    try:
        check_query_model(snapshot.model_name, snapshot.model_dim, snapshot.embed_setup, embedder)
    except ModelLoadError as exc:
        raise SearchError(str(exc)) from None


# --- ranking --------------------------------------------------------------------------------

@dataclass
class Ranking:
    positions: np.ndarray           # index positions, best first
    scores: np.ndarray              # the mode's score (cosine, BM25 or the fused score)
    semantic: np.ndarray            # cosine per position (NaN when not computed), as ranked (``SearchIndex.scan``)
    lexical: np.ndarray             # BM25 per position (0 when no term occurs)
    matched: int                    # paragraphs that passed filters and phrases
    terms: QueryTerms | None
    # The query's vector when ``semantic`` has the language trace kept out: a hit then shows, and
    # weak_semantic_score judges, its plain cosine (the thresholds were set on it).
    query_vector: np.ndarray | None = None
    headline_terms: set[str] = field(default_factory=set)   # the query's words as the headlines spell them


def _top(scores: np.ndarray, allowed: np.ndarray, depth: int, all_allowed: bool = False) -> np.ndarray:
    """Positions of the ``depth`` best allowed scores, best first (ties by position, reproducibly)."""
    if all_allowed:
        pool, values = None, scores
    else:
        pool = np.flatnonzero(allowed)
        if len(pool) > 4 * depth:       # dense mask: mask in place rather than gather
            pool, values = None, np.where(allowed, scores, -np.inf)
        else:
            values = scores[pool]
    take = min(depth, len(values))
    if take == 0:
        return np.zeros(0, dtype=np.int64)
    # argpartition on the values themselves (no negated copy of a 100k vector).
    top = np.argpartition(values, len(values) - take)[len(values) - take:] if take < len(values) \
        else np.arange(len(values))
    top = top[np.isfinite(values[top])]
    top = top[np.lexsort((top, -values[top]))]
    return top if pool is None else pool[top]


def phrase_mask(index: SearchIndex, phrases: tuple[str, ...], allowed: np.ndarray) -> np.ndarray:
    """``allowed`` narrowed to paragraphs containing every phrase literally (normalised)."""
    allowed = allowed.copy()
    for phrase in phrases:
        prefilter = index.lexical.documents_with_all(phrase)
        if prefilter is not None:
            allowed &= prefilter
        for pos in np.flatnonzero(allowed):
            if phrase not in index.normalised(pos):
                allowed[pos] = False
    return allowed


def _stop_phrase_weight(index: SearchIndex, phrases: tuple[str, ...], printed: int) -> float:
    """What the quoted phrases holding no index term (English stop words alone: "we were") weigh in a
    paragraph printing them, ``printed`` of the index's: each BM25's weight of a word that many
    paragraphs hold once, so a match by them ranks and shows a score as a typed word's does."""
    alone = sum(not tokenize(phrase) for phrase in phrases)
    return float(alone * bm25_idf(printed, index.size))


def _outside_quotes(found: Callable[[str], Sequence], quoted: frozenset[str]) -> Callable[[str], Sequence]:
    """``found`` (a word's other forms, or its spellings in other scripts), except for a word of a
    quoted phrase (``ParsedQuery.quoted_words``): it matches only as typed, and no notice may say it
    matched anything else."""
    return lambda word: () if word in quoted else found(word)


def ignored_words(index: SearchIndex, query: ParsedQuery) -> frozenset[str]:
    """The typed words search by words ignores besides English stop words: the function words of
    the query's language (``WordForms.function_words``), except a quoted phrase's (matched as typed)."""
    return frozenset(index.word_forms.function_words(tokenize(query.text)) - query.quoted_words)


def _numbers_outside_quotes(found: Callable[[TypedNumber], FoundNumber],
                            phrases: tuple[str, ...]) -> Callable[[TypedNumber], FoundNumber | None]:
    """``found`` (a typed number's spellings), except for a number of a quoted phrase: None, it
    matches only as typed."""
    quoted = {n.written for phrase in phrases for n in typed_numbers(phrase)}
    return lambda number: None if number.written in quoted else found(number)


def unread_standing(read_cosines: np.ndarray, read_lexical: np.ndarray, coverage: np.ndarray) -> np.ndarray:
    """The meaning score hybrid gives paragraphs the model does not read (their cosine is noise),
    from the read candidates' cosines and BM25 scores and the share of the query's words each
    holds (``BM25Index.coverage``): from the middle of the read candidates' meaning (at 0 a Finnish
    "Makiivka" fell below every English paragraph of some meaning) up to the best meaning of a read
    paragraph holding no word of the query, reached by a paragraph holding every word. So a name or
    a few keywords, all found in a page the model cannot read, rank it above every paragraph that
    shares no word with the query (set 31: the one Russian article naming "Мединский" ranked 4th for
    "Medinsky", under a byline and a paragraph on someone else); its words rank it from there."""
    if not len(read_cosines):
        return np.zeros(len(coverage), dtype=np.float32)
    middle = float(np.median(read_cosines))
    wordless = read_cosines[read_lexical <= 0]
    best = float(wordless.max()) if len(wordless) else middle
    return (middle + coverage * max(best - middle, 0.0)).astype(np.float32)


def no_match_notice(index: SearchIndex, hits: list, missing: Sequence[str]) -> str:
    """"No match" when none of the query's words is in the searched paragraphs (``missing``) and no
    hit is close in meaning (below the model's floor, config); "" otherwise."""
    nearest = max((h.semantic for h in hits if h.semantic is not None), default=None)
    floor = meaning_floor(index.snapshot.model_name)
    if nearest is None or nearest >= floor:
        return ""
    where = "in the searched paragraphs" if unsearched_words(index, missing) else "in the corpus"
    return (f"No match: nothing {where} holds these words ({words_named(missing)}) and nothing is close in "
            f"meaning (nearest {nearest:.2f}; a match scores {floor:.2f} or more). Below: the paragraphs nearest "
            "in meaning, not matches.")


def query_terms(index: SearchIndex, query: ParsedQuery) -> QueryTerms:
    """The query's words as search by words reads them (forms, spellings, numbers; function words
    out: the query language's, and each paragraph's own language's there, a quoted word's never)."""
    quoted = query.quoted_words
    terms = index.lexical.query_terms(query.text, _outside_quotes(index.word_forms.forms, quoted),
                                      _outside_quotes(index.word_forms.spellings, quoted),
                                      _numbers_outside_quotes(index.numbers.find, query.phrases),
                                      ignored_words(index, query),
                                      lambda term: () if term in quoted else index.word_forms.function_word_rows(term))
    # a quoted phrase's stop words are matched with it, as typed (``rank``): none is ignored
    in_phrases = {word for phrase in query.phrases for word in TOKEN_RE.findall(phrase)}
    terms.stop_words = [w for w in terms.stop_words if w not in in_phrases]
    return terms


def rank(index: SearchIndex, query: ParsedQuery, query_vector: np.ndarray | None, mode: str,
         allowed: np.ndarray | None = None, depth: int = CANDIDATE_DEPTH) -> Ranking:
    """Order the allowed paragraphs for ``query``: the core every caller shares (and the benchmark times)."""
    if mode not in MODES:
        raise SearchError(f"unknown search mode {mode!r}; choose one of {', '.join(MODES)}")
    allowed = np.ones(index.size, dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool)
    if query.phrases:
        allowed = phrase_mask(index, query.phrases, allowed)
    # what the filters and phrases match, before what cannot be a hit (the phrase notice reads it)
    matched = int(np.count_nonzero(allowed))
    if index.fragments is not None:
        allowed = allowed & ~index.fragments
    everything = bool(allowed.all())
    terms = headline = None
    if mode in (SEMANTIC, HYBRID):
        if query_vector is None:
            raise SearchError(f"{mode} search needs the query's embedding")
    lexical = np.zeros(index.size, dtype=np.float32)
    if mode in (LEXICAL, HYBRID):
        terms = query_terms(index, query)
        headline = index.headline_terms(terms, query.quoted_words)
        words = index.word_scores(terms, headline)
        lexical = index.lexical.scores(terms, words)
    if mode in (SEMANTIC, HYBRID):
        read = allowed if index.unread is None else allowed & ~index.unread
        if index.unread is not None:
            # A paragraph the model does not read has no meaning to rank by: meaning search leaves
            # it out, hybrid keeps it only where it holds a word of the query.
            allowed = read if mode == SEMANTIC else allowed & ~(index.unread & (lexical <= 0))
            everything = bool(allowed.all())
        # With an ANN index, hybrid also scores the best lexical matches exactly, so a rare name
        # found by BM25 is fused with its true cosine.
        extra = _top(lexical, allowed & (lexical > 0), depth) if mode == HYBRID and index.ann is not None else None
        semantic, candidates = semantic_scores(index, query_vector, read, depth, extra)
        if index.unread is not None and mode == HYBRID:
            if candidates is None:
                unread, read_at = np.flatnonzero(index.unread), np.flatnonzero(read)
            else:
                unread, read_at = candidates[index.unread[candidates]], candidates[read[candidates]]
            semantic[unread] = unread_standing(semantic[read_at], lexical[read_at],
                                               index.lexical.coverage(terms, words)[unread])
    else:
        semantic, candidates = np.full(index.size, np.nan, dtype=np.float32), None
    if candidates is not None:
        # Only the candidates can rank: no pass over all n positions (milliseconds at 1M).
        allowed_candidates = candidates[allowed[candidates]]
        if mode == HYBRID:
            values = semantic[allowed_candidates] + LEXICAL_WEIGHT * lexical[allowed_candidates] / \
                index.lexical.max_score(terms)
        else:
            values = semantic[allowed_candidates]
        order = np.lexsort((allowed_candidates, -values))[:depth]
        positions, scores = allowed_candidates[order], values[order]
    elif mode == SEMANTIC:
        positions = _top(semantic, allowed, depth, everything)
        scores = semantic[positions]
    elif mode == LEXICAL:
        # a paragraph printing the quoted phrases matches by them, though they be stop words alone
        # ("we were" found nothing); such a phrase counts as one word of its own, the query's other
        # words rank among the paragraphs printing it
        if query.phrases:
            lexical = lexical + np.where(allowed, _stop_phrase_weight(index, query.phrases, matched), 0.0) \
                .astype(np.float32)
        positions = _top(lexical, allowed if query.phrases else allowed & (lexical > 0), depth)
        scores = lexical[positions]
    else:
        # Relative-score fusion: cosine plus the share of the query's BM25 weight a paragraph
        # matches. Measured on the evaluation set it beats reciprocal-rank fusion (recall@5 0.80 vs
        # 0.68, MRR 0.93 vs 0.88): on a small corpus RRF lets any paragraph sharing a common word
        # ("Russian", "troops") climb, while here a rare name or number can still lift its paragraph
        # by up to LEXICAL_WEIGHT, about the gap between a good and a middling semantic match.
        fused = semantic + LEXICAL_WEIGHT * lexical / index.lexical.max_score(terms)
        positions = _top(fused, allowed, depth, everything)
        scores = fused[positions]
    return Ranking(positions, np.asarray(scores, dtype=np.float64), semantic, lexical, matched, terms,
                   np.asarray(query_vector, dtype=np.float32).ravel() if index.trace is not None and mode != LEXICAL
                   else None, set(headline.terms) if headline is not None else set())


# --- hits -----------------------------------------------------------------------------------

@dataclass
class Hit:
    rank: int
    row: int                        # row in snapshot.paragraphs / snapshot.embeddings
    paragraph_id: str
    article_id: str
    outlet: str
    published: str | None
    date_precision: str
    date: str                       # as a reader says it: "18 Mar 2022", "on or after 25 Sep 2025"
    date_iso: str | None            # in ISO form: "2022-03-18", "on or after 2025-09-25" (None: undated)
    title: str
    url: str | None
    text: str
    kind: str
    score: float
    semantic: float | None
    lexical: float | None
    language: str | None = None     # the article's (None: unknown)
    position: int | None = None     # the paragraph's place in its article (0: first)
    spans: list[tuple[int, int]] = field(default_factory=list)
    title_spans: list[tuple[int, int]] = field(default_factory=list)   # the query's words in ``title``
    title_source: str = TitleSource.HEADLINE   # where the title comes from (``schema.title_source``)
    also: list["Hit"] = field(default_factory=list)
    more_from_article: list["Hit"] = field(default_factory=list)   # this article's lower-ranked matches

    @property
    def also_outlets(self) -> list[str]:
        """Other outlets carrying this passage (the hit's own outlet excluded), in rank order."""
        return list(dict.fromkeys(h.outlet for h in self.also if h.outlet != self.outlet))

    def to_record(self) -> dict[str, Any]:
        """A flat, citable row for JSON and CSV (re-reports listed by outlet and paragraph id)."""
        return {
            "rank": self.rank, "paragraph_id": self.paragraph_id, "article_id": self.article_id,
            "outlet": self.outlet, "published": self.published, "date_precision": self.date_precision,
            "date": self.date, "date_iso": self.date_iso,
            **title_record(self.title, self.title_source), "url": self.url, "language": self.language,
            "text": self.text, "kind": self.kind,
            "score": round(self.score, 6),
            "semantic": None if self.semantic is None else round(self.semantic, 4),
            "lexical": None if self.lexical is None else round(self.lexical, 4),
            "also_in_outlets": self.also_outlets,
            "also": [{"paragraph_id": h.paragraph_id, "article_id": h.article_id, "outlet": h.outlet,
                      "published": h.published, "date": h.date, "date_iso": h.date_iso, "url": h.url,
                      "language": h.language, "text": h.text} for h in self.also],
            "more_from_article": [{"paragraph_id": h.paragraph_id, "position": h.position, "text": h.text,
                                   "score": round(h.score, 6)} for h in self.more_from_article],
        }


@dataclass
class SearchResult:
    query: ParsedQuery
    mode: str
    hits: list[Hit]
    notices: list[str]
    matched: int = 0                # paragraphs that passed the filters and phrases
    expanded: dict[str, list[str]] = field(default_factory=dict)
    forms: dict[str, list[str]] = field(default_factory=dict)   # typed word -> its other forms matched
    names: dict[str, list[str]] = field(default_factory=dict)   # typed word -> the name's other spellings matched
    numbers: dict[str, list[str]] = field(default_factory=dict)  # typed number -> its other spellings matched
    # The query matched nothing: none of its words is in the corpus and nothing is close in meaning
    # (``meaning_floor``); the hits are the nearest by meaning, not matches (the notice that says so).
    no_match: str = ""

    def records(self) -> list[dict[str, Any]]:
        return [h.to_record() for h in self.hits]

    def frame(self) -> pd.DataFrame:
        """One row per hit, re-report outlets joined: the table exports are made from."""
        rows = []
        for record in self.records():
            record = dict(record)
            record["also_in_outlets"] = "; ".join(record["also_in_outlets"])
            record.pop("also")
            record.pop("more_from_article")
            rows.append(record)
        return pd.DataFrame(rows, columns=list(EXPORT_COLUMNS))


def search_payload(result: SearchResult, snapshot_id: str, *, query: str | None, mode: str, k: int, group: bool,
                   filters: Filters, like: str | None = None) -> dict[str, Any]:
    """A search as JSON, the same for ``search --json`` and the page's JSON export: the ``envelope``
    with the query, the ranking asked for, k, grouping and filters (``like``: the paragraph a "more
    like this" started from), the notices, and the hits under ``results`` (``SearchResult.records``)."""
    inputs = search_inputs(query=query, mode=mode, k=k, group=group, filters=filters, like=like)
    return envelope(snapshot_id, inputs, result.notices, results=result.records())


def search_inputs(*, query: str | None, mode: str, k: int, group: bool, filters: Filters,
                  like: str | None = None) -> dict[str, Any]:
    """A search's ``inputs`` as applied, for its payload and for the line of a batch query that
    failed (that line must say what was asked as fully as the lines beside it)."""
    inputs = {"query": query, "mode": mode, "k": k, "group": group, "filters": dataclasses.asdict(filters)}
    if like is not None:
        inputs["like"] = like
    return inputs


EXPORT_COLUMNS = ("rank", "outlet", "date", "date_iso", "published", "date_precision", "title", TITLE_FROM_URL_FIELD,
                  TITLE_SOURCE_FIELD,
                  "url", "language", "text", "kind", "score", "semantic", "lexical", "also_in_outlets", "paragraph_id",
                  "article_id")


def highlight_spans(text: str, terms: set[str], phrases: tuple[str, ...] = (),
                    numbers: Sequence[Callable[[str], list[tuple[int, int]]]] = ()) -> list[tuple[int, int]]:
    """Character ranges of ``text`` matching a query term (as indexed), a typed number in any of its
    spellings (``numbers``: ``numbers.number_spans``) or a quoted phrase."""
    spans = [m.span() for m in TOKEN_RE.finditer(text) if terms and normalise_text(m.group()) in terms]
    spans.extend(span for number in numbers for span in number(text))
    for phrase in phrases:
        pattern = "".join(r"\s+" if ch == " " else "[\"\u201c\u201d\u201e\u00ab\u00bb]" if ch == '"'
                          else ANY_APOSTROPHE if ch == "'" else re.escape(ch)
                          for ch in phrase)
        spans.extend(m.span() for m in re.finditer(pattern, text, flags=re.IGNORECASE))
    return sorted(spans)


def _make_hit(index: SearchIndex, pos: int, rank_no: int, ranking: Ranking, score: float,
              terms: set[str], phrases: tuple[str, ...]) -> Hit:
    article_id = str(index.article_ids[pos])
    outlet, published, precision, title, url, language, note, date, date_iso = index.article_meta.get(article_id,
                                                                                                       (None,) * 9)
    sem = float(ranking.semantic[pos])
    if ranking.query_vector is not None and not np.isnan(sem):
        sem = float(index.vectors([pos])[0] @ ranking.query_vector)      # the plain cosine (``Ranking``)
    if index.unread is not None and index.unread[pos]:
        sem = float("nan")          # not read for meaning: ranked by its words (``rank``)
    text = index.texts[pos]
    title = cell_text(title) or ""
    numbers = ranking.terms.number_spans if ranking.terms is not None else ()
    terms = terms - function_words(languages.base_language(cell_text(language)))   # (counted nothing here: ``query_terms``)
    return Hit(
        rank=rank_no, row=int(index.rows[pos]), paragraph_id=index.paragraph_ids[pos], article_id=article_id,
        outlet=str(outlet or UNKNOWN_OUTLET), published=published, date_precision=str(precision or DatePrecision.UNKNOWN),
        date=str(date or "date unknown"), date_iso=date_iso,
        title=title, url=url, language=cell_text(language), text=text, kind=index.kinds[pos],
        position=_position(index, pos),
        score=float(score),
        semantic=None if np.isnan(sem) else sem,
        lexical=float(ranking.lexical[pos]) if ranking.terms is not None else None,
        spans=highlight_spans(text, terms, phrases, numbers),
        title_spans=highlight_spans(title, terms | ranking.headline_terms, numbers=numbers),
        title_source=title_source(note),
    )


def _position(index: SearchIndex, pos: int) -> int | None:
    value = index.snapshot.paragraphs[ParagraphCol.POSITION].iloc[int(index.rows[pos])]
    return None if _missing(value) else int(value)


def collect_hits(index: SearchIndex, ranking: Ranking, query: ParsedQuery, k: int, group: bool = True,
                 threshold: float = GROUP_THRESHOLD, per_article: int | None = PER_ARTICLE) -> list[Hit]:
    """The top ``k`` hits; with ``group``, a later candidate re-reporting an earlier hit joins it.

    Results spread across reports: an article already holding ``per_article`` hits does not take
    another place; its further matches are kept under its best hit (``more_from_article``), one
    click away, so one aggregator's page cannot fill the top while other outlets say the same.
    ``per_article=None`` (or ``group=False``) ranks paragraphs alone.

    Re-report = another article's paragraph with cosine >= ``threshold`` to the hit, or sharing a
    quoted run of words with it, unless the two state figures and none in common (``_re_reports``).
    An article re-reporting a hit is a copy of the hit's article: its further paragraphs that
    re-report that article's are the copy's too and take no rank of their own (a syndicated twin
    filled two ranks with one passage, set 26). Candidates are the ranking's (at most its depth),
    so the cost is a few small matrix products, not a pass over the corpus.
    """
    # (by meaning alone: the query's words, less those search by words would ignore)
    terms = ranking.terms.highlighted if ranking.terms is not None else set(tokenize(query.text)) - ignored_words(index, query)
    per_article = per_article if group else None
    positions = ranking.positions
    candidates = index.vectors(positions) if group and len(positions) else None
    if candidates is not None and index.unread is not None and index.unread[positions].any():
        # a paragraph the model does not read is no re-report by its cosine (noise), only by a quote
        candidates[index.unread[positions]] = 0.0
    leader_pos: list[int] = []
    leader_sims: list[np.ndarray] = []      # each leader's cosine to every candidate
    hits: list[Hit] = []
    # candidates kept under their article's hit before a later hit they re-report was placed:
    # (candidate number, index position, score)
    kept_under_own: list[tuple[int, int, float]] = []
    copies: dict[str, int] = {}             # article id -> the first hit it re-reports

    def join(owner: int, pos: int, score: float) -> None:
        copies.setdefault(str(index.article_ids[pos]), owner)
        # one entry per other article: "also in" counts articles, and a page's second paragraph
        # near the hit is not a second re-report (set 34: one page listed three times)
        if all(h.article_id != index.article_ids[pos] for h in hits[owner].also):
            hits[owner].also.append(_make_hit(index, pos, hits[owner].rank, ranking, score, terms, query.phrases))

    pairs = list(zip(positions.tolist(), ranking.scores.tolist()))
    i = 0
    while i < len(pairs):
        pos, score = pairs[i]
        if group and leader_pos:
            owner = _owner(index, pos, i, leader_pos, leader_sims, threshold)
            if owner is not None:
                join(owner, pos, score)
                i += 1
                continue
        article = index.article_ids[pos]
        if per_article is not None:
            mine = [h for h in hits if h.article_id == article]
            if len(mine) >= per_article:
                if _still_matches(score, mine[0]):
                    mine[0].more_from_article.append(_make_hit(index, pos, mine[0].rank, ranking, score, terms,
                                                               query.phrases))
                if group:
                    kept_under_own.append((i, pos, score))
                i += 1
                continue
        if group and (copied := _copied_hit(index, i, pos, copies.get(str(article)), hits, positions, candidates,
                                            threshold)) is not None:
            join(copied, pos, score)
            i += 1
            continue
        if len(hits) >= k:
            break
        hits.append(_make_hit(index, pos, len(hits) + 1, ranking, score, terms, query.phrases))
        if group:
            leader_pos.append(pos)
            leader_sims.append(candidates @ candidates[i])
            # A copy of this passage met earlier, kept under its own article's hit (it ranked above
            # the passage it copies: teleSUR's word-for-word copy of Sputnik's quote, set 34), is a
            # re-report of this hit too: "also in" counted none.
            for j, pos_j, score_j in kept_under_own:
                if index.article_ids[pos_j] != article and _owner(
                        index, pos_j, j, leader_pos[-1:], leader_sims[-1:], threshold) is not None:
                    join(len(hits) - 1, pos_j, score_j)
            if len(hits) == k:
                # The hits are complete: only candidates close to one of them, or quoting, can
                # still join one. Skip the rest in one vectorised step.
                rest = np.arange(i + 1, len(pairs))
                close = np.max(np.vstack(leader_sims), axis=0)[rest] >= threshold
                quoting = np.fromiter((index.has_quotes[pairs[j][0]] for j in rest), dtype=bool, count=len(rest))
                by_article = {h.article_id: h for h in hits} if per_article is not None else {}
                joined = set()
                for j in rest[close | quoting].tolist():
                    pos_j, score_j = pairs[j]
                    owner = _owner(index, pos_j, j, leader_pos, leader_sims, threshold)
                    if owner is not None:
                        joined.add(j)
                        join(owner, pos_j, score_j)
                for j in rest.tolist():
                    pos_j, score_j = pairs[j]
                    first = by_article.get(index.article_ids[pos_j])
                    if first is not None and j not in joined and _still_matches(score_j, first):
                        first.more_from_article.append(_make_hit(index, pos_j, first.rank, ranking, score_j,
                                                                 terms, query.phrases))
                break
        i += 1
    for hit in hits:     # as the article reads, not by score
        hit.more_from_article.sort(key=lambda m: (m.position is None, m.position or 0))
    return hits


def _still_matches(score: float, best: "Hit") -> bool:
    """Whether a paragraph goes under its article's best hit as "more from this article".

    Only what still matches the query well, not every paragraph of the page: one rule for the
    paragraphs met before and after the top ``k`` is complete.
    """
    return score >= MORE_FROM_ARTICLE_SHARE * best.score


def _re_reports(index: SearchIndex, pos: int, other: int, cosine: float, threshold: float) -> bool:
    """Whether the paragraph at ``pos`` re-reports the one at ``other``: close in meaning (``cosine``
    at least ``threshold``) or sharing a quoted run of words, not stating figures all different
    from the other's ("about two thousand killed" is no re-report of "at least 100 killed, 1,000
    wounded", set 32: the change of the figure is the news), and not published further apart than a
    story's window (``SearchIndex.dated_apart``)."""
    if cosine < threshold:
        shingles = index.quote_shingles(pos)
        if not (shingles and shingles & index.quote_shingles(other)):
            return False
    return not figures_disagree(index.figures(pos), index.figures(other)) and not index.dated_apart(pos, other)


def _owner(index: SearchIndex, pos: int, i: int, leader_pos: list[int], leader_sims: list[np.ndarray],
           threshold: float) -> int | None:
    """The first hit (by rank) that candidate ``i`` (index position ``pos``) re-reports, if any."""
    article = index.article_ids[pos]
    for n, lead in enumerate(leader_pos):
        if index.article_ids[lead] != article and _re_reports(index, pos, lead, float(leader_sims[n][i]), threshold):
            return n
    return None


def _copied_hit(index: SearchIndex, i: int, pos: int, copied: int | None, hits: list["Hit"], positions: np.ndarray,
                candidates: np.ndarray, threshold: float) -> int | None:
    """``copied``, the hit whose passage candidate ``i``'s article already re-reports, when the
    candidate re-reports another matching paragraph of that hit's article (shown under it, or to
    be): the copy's paragraph is that article's, one rank for both. None otherwise."""
    if copied is None:
        return None
    same = np.flatnonzero(index.article_ids[positions] == hits[copied].article_id)
    sims = candidates[same] @ candidates[i]
    if any(_re_reports(index, pos, int(positions[j]), float(sim), threshold) for j, sim in zip(same.tolist(), sims.tolist())):
        return copied
    return None


def allowed_positions(index: SearchIndex, row_mask: np.ndarray | None) -> np.ndarray:
    """A mask over snapshot rows (e.g. filters.paragraph_mask) -> a mask over index positions."""
    if row_mask is None:
        return np.ones(index.size, dtype=bool)
    row_mask = np.asarray(row_mask, dtype=bool)
    if len(row_mask) != len(index.snapshot.paragraphs):
        raise SearchError("the filter mask does not match the snapshot's paragraphs")
    return row_mask[index.rows]


def search(index: SearchIndex, query: str, *, embedder: Embedder | None = None, mode: str = DEFAULT_MODE,
           k: int = DEFAULT_K, row_mask: np.ndarray | None = None, group: bool = True,
           threshold: float = GROUP_THRESHOLD, per_article: int | None = PER_ARTICLE) -> SearchResult:
    """Rank the searchable paragraphs passing ``row_mask`` for ``query``; never raises on odd text.

    ``per_article`` spreads the ranking across reports (see ``collect_hits``); ``None`` ranks
    paragraphs alone, which is what a paragraph-level evaluation of the ranking measures."""
    if mode not in MODES:
        raise SearchError(f"unknown search mode {mode!r}; choose one of {', '.join(MODES)}")
    k = max(1, min(int(k), MAX_K))
    parsed = parse_query(query)
    notices: list[str] = []
    no_match = ""
    if parsed.truncated:
        notices.append(f"The query was {parsed.original_length:,} characters long; only the first "
                       f"{config.MAX_QUERY_CHARS:,} were searched.")
    if not parsed.text.strip():
        return SearchResult(parsed, mode, [], notices + ["Type a few words, a question or a \"quoted phrase\"."])
    if not parsed.has_words:
        return SearchResult(parsed, mode, [], notices + [
            "The query holds no letters or digits (only punctuation or symbols), so there is nothing to search for."])
    vector = None
    asked = mode
    if mode != LEXICAL and query_unread(index, parsed.text):
        # The model's vector of a query in a script it does not read is noise: every paragraph in
        # that script scores about alike (0.6-0.7), so furniture lines ranked above the matches.
        mode = LEXICAL
    if mode != LEXICAL:
        if embedder is None:
            raise SearchError(f"{mode} search needs the snapshot's embedding model")
        check_model(index.snapshot, embedder)
        vector = embedder.encode([parsed.text])[0]
    ranking = rank(index, parsed, vector, mode, allowed_positions(index, row_mask), depth=max(CANDIDATE_DEPTH, 4 * k))
    hits = collect_hits(index, ranking, parsed, k, group=group, threshold=threshold, per_article=per_article)
    expanded = ranking.terms.expanded if ranking.terms is not None else {}
    for word, spellings in expanded.items():
        notices.append(f"\u201c{word}\u201d is not in the corpus; also matched the spellings: {', '.join(spellings)}.")
    forms = ranking.terms.forms if ranking.terms is not None else {}
    names = ranking.terms.names if ranking.terms is not None else {}
    numbers = ranking.terms.numbers if ranking.terms is not None else {}
    if (forms or names or numbers) and hits:     # (with nothing found, "also matched" would explain nothing)
        notices.append(forms_notice(forms, names, numbers))
    if mode == SEMANTIC and not parsed.phrases:
        # meaning alone: a query none of whose words the corpus holds, nothing close, is "no match" too
        # (the words are read only for that: they do not rank)
        words = query_terms(index, parsed)
        if words.missing and not len(words.term_ids):
            no_match = no_match_notice(index, hits, words.missing)
            notices += [no_match] if no_match else []
    missing = words_named(ranking.terms.missing if ranking.terms is not None else [])
    # a query of function words alone searched no word: "no word occurs" would be false ("die sich")
    ignored = ignored_notice(index, ranking.terms, mode, bool(missing)) if ranking.terms is not None \
        and not len(ranking.terms.term_ids) else ""
    if ignored:
        notices.append(ignored)
    unsearched = unsearched_words(index, ranking.terms.missing) if missing else {}
    where = "in the searched paragraphs" if unsearched else "in the corpus"
    if missing and len(ranking.terms.term_ids):
        notices.append(f"Not {where}: {missing}. Paragraphs are ranked by the other words"
                       + (" and by meaning." if mode != LEXICAL else "."))
    elif missing and mode == HYBRID:    # (lexical mode says so below: nothing matched)
        no_match = "" if parsed.phrases else no_match_notice(index, hits, ranking.terms.missing)
        if no_match:
            notices.append(no_match)
        else:
            notices.append(f"None of the query's {'other ' if ignored else ''}words is {where} ({missing}): "
                           "ranked by meaning alone.")
    if unsearched:
        notices.append(unsearched_notice(unsearched))
    if parsed.phrases and ranking.matched == 0:
        quoted = ", ".join(f"\u201c{p}\u201d" for p in parsed.phrases)
        notices.append(f"No paragraph (within the filters) contains {quoted} literally.")
    elif mode == LEXICAL and not hits and (missing or not ignored):
        notices.append(no_words_notice(index, parsed.text, asked, ranking.terms.missing if ranking.terms is not None else [],
                                       others=bool(ignored)))
    elif mode != LEXICAL and not no_match and (compared := [h.semantic for h in hits if h.semantic is not None]) \
            and max(compared) < WEAK_SEMANTIC_SCORE:      # (a hit the model does not read was not compared)
        notices.append("Only weak matches: nothing in the corpus is close in meaning to this query "
                       "(a query in another language needs a multilingual model).")
    notices.extend(language_notices(index, parsed.text, allowed_positions(index, row_mask), asked, ran=mode))
    return SearchResult(parsed, mode, hits, notices, ranking.matched, expanded, forms, names, numbers, no_match)


def meaning_floor(model_name: str) -> float:
    """The score a paragraph nearest in meaning to a query of no corpus word must reach to be a
    match (thresholds.yaml search.no_words_meaning_floor, or the model's own in models.yaml)."""
    return languages.model_floor("no_words_meaning_floor", model_name, NO_WORDS_MEANING_FLOOR)


MISSING_SHOWN = 8         # words a notice names ("Not in the corpus: ...") before "and N more"
WORD_SHOWN_LETTERS = 40   # ...each cut to this many letters: an absurd query's one word runs to thousands


# Kinds kept for the Reader but never searched (``Kind.SEARCHABLE``) in which a word a search did not
# find may still be printed: a Finnish page's lead question and a summary line read as headings, and
# "None of the query's words is in the corpus" sent a reviewer away from an article that has it.
UNSEARCHED_TEXT_KINDS = (Kind.HEADING, Kind.CAPTION)


def unsearched_words(index: SearchIndex, words: Sequence[str]) -> dict[str, list[str]]:
    """Of ``words`` (missing from the searched paragraphs), those printed in headings or captions, with
    the articles that print each (whole words, any case)."""
    wanted = [w for w in dict.fromkeys(words) if w.strip()][:MISSING_SHOWN]
    if not wanted:
        return {}
    texts, article_ids = index.unsearched_texts()
    if texts.empty:
        return {}
    found = {}
    for word in wanted:
        pattern = rf"(?<!\w){re.escape(fold_letters(word.casefold()))}(?!\w)"
        hit = texts.str.contains(pattern, regex=True).to_numpy()
        if hit.any():
            found[word] = list(dict.fromkeys(article_ids[hit]))
    return found


ARTICLES_NAMED = 3      # articles a notice names by id before "and N more"


def unsearched_notice(found: dict[str, list[str]]) -> str:
    """Where the words a search did not find are printed all the same (``unsearched_words``)."""
    articles = list(dict.fromkeys(a for ids in found.values() for a in ids))
    more = len(articles) - ARTICLES_NAMED
    named = ", ".join(articles[:ARTICLES_NAMED]) + (f" and {more} more" if more > 0 else "")
    return (f"{words_named(list(found))} {'is' if len(found) == 1 else 'are'} printed only in headings or "
            f"captions, which search does not rank: open {named} in the Reader.")


def words_named(words: list[str]) -> str:
    """Words a notice names, quoted: the first ``MISSING_SHOWN``, each cut to ``WORD_SHOWN_LETTERS``."""
    cut = [w if len(w) <= WORD_SHOWN_LETTERS else w[:WORD_SHOWN_LETTERS] + "\u2026" for w in words[:MISSING_SHOWN]]
    shown = [f"\u201c{w}\u201d" for w in cut]
    more = len(words) - MISSING_SHOWN
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


FORMS_SHOWN = 5   # forms named per word in the notice (``SearchResult.forms`` holds them all)


def forms_notice(forms: dict[str, list[str]], names: dict[str, list[str]] | None = None,
                 numbers: dict[str, list[str]] | None = None) -> str:
    """The notice naming the other word forms, the names' other spellings (scripts, romanisations)
    and the numbers' other separators or scales ("9 861", "9.861"; "18 тисяч") a search by words matched,
    and how to avoid them."""
    def listed(found_by_word: dict[str, list[str]]) -> str:
        parts = []
        for word, found in found_by_word.items():
            more = f" and {len(found) - FORMS_SHOWN} more" if len(found) > FORMS_SHOWN else ""
            parts.append(f"\u201c{word}\u201d: {', '.join(found[:FORMS_SHOWN])}{more}")
        return "; ".join(parts)

    matched = [f"other forms of the words ({listed(forms)})"] if forms else []
    if names:
        matched.append(f"the names as spelled in other scripts or romanisations ({listed(names)})")
    if numbers:
        matched.append(f"the numbers written with other separators or scales ({listed(numbers)})")
    said = matched[-1] if len(matched) == 1 else f"{', '.join(matched[:-1])} and {matched[-1]}"
    what = "a word or number" if numbers and len(matched) > 1 else "a number" if numbers else "a word"
    return f"Also matched {said}. Put {what} in quotation marks to match it exactly."


def ignored_notice(index: SearchIndex, terms: QueryTerms, mode: str, missing: bool = False) -> str:
    """The typed words search by words ignored (``QueryTerms.ignored``, ``stop_words``), for a query
    that left it no word to search; "" when none was ignored. ``missing``: the query's other words are
    not in the corpus (their notice says how the search ranked)."""
    said = []
    if terms.ignored:
        read_in = " or ".join(languages.language_name(c) for c in index.word_forms.query_languages(terms.ignored))
        said.append(f"{read_in} function words ({words_named(terms.ignored)})")
    if terms.stop_words:
        said.append(f"English stop words ({words_named(terms.stop_words)})")
    if not said:
        return ""
    # a quoted word is matched as typed (``ignored_words``; a quoted phrase: ``rank``)
    hints = ["put a function word in quotes to match it as typed"] if terms.ignored \
        else ["quote a phrase to match it as typed"]
    if not missing:
        hints += ["ranked by meaning alone"] if mode != LEXICAL else [] if terms.ignored else ["try semantic or hybrid mode"]
    return f"Search by words ignores {' and '.join(said)}" + (f"; {'; '.join(hints)}." if hints else ".")


def no_words_notice(index: SearchIndex, query: str, asked: str, missing: Sequence[str] = (), others: bool = False) -> str:
    """What to do when a search by words found nothing, as fits the mode asked and the model: meaning
    search when the model reads the query; otherwise another spelling or word (a query the model
    cannot read already ran by words whatever the mode; ``language_notices`` says how to search it
    by meaning, except in lexical mode, where this does). When what is missing is the query's
    figures alone, it says so: "18 тисяч" on a corpus printing "тисяч" but never 18,000 is no word
    missing, and the words-wording sent a reviewer looking for a spelling fault. ``others``: the
    query's other words were ignored as function words (``ignored_notice`` names them)."""
    figures = absent_numbers(query, missing)
    said = (f"None of the query's {'other ' if others else ''}words occurs in the searched paragraphs, in any form or "
            "spelling the search matches")
    if figures and len(figures) == len(set(missing)):
        said = f"No paragraph prints {figures_named(figures)} in any grouping or scale"
    if not query_unread(index, query):
        return f"{said}; try semantic or hybrid mode."
    hint = "" if asked != LEXICAL else (f" The model {index.snapshot.model_name} cannot search this script by meaning: "
                                        f"to do so, {languages.fix_hint()}.")
    return f"{said}: try another spelling or another word.{hint}"


def absent_numbers(query: str, missing: Sequence[str]) -> list[TypedNumber]:
    """The query's typed numbers among the ``missing`` terms (``QueryTerms.missing`` holds a number
    as typed when no paragraph prints it in any grouping or scale)."""
    absent = set(missing)
    return [n for n in typed_numbers(query) if n.written in absent]


def figures_named(numbers: Sequence[TypedNumber]) -> str:
    """'18,000 (18 тисяч)', '9 861': a scaled figure by its value as well as as typed."""
    named = [f"{n.grouped} ({n.written})" if n.grouped and n.grouped != n.written else n.written for n in numbers]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"


_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u052f\u0590-\u06ff\u3040-\u30ff\u4e00-\u9fff]")


def query_unread(index: SearchIndex, query: str) -> bool:
    """A query in a script the snapshot's model does not read for meaning (Cyrillic, Greek, Arabic
    ... under an English-only model): it is searched by its words only."""
    covered = languages.model_languages(index.snapshot.model_name)
    return covered is not None and not covered - {"en"} and bool(_NON_LATIN.search(query))


def language_notices(index: SearchIndex, query: str, allowed: np.ndarray, mode: str,
                     ran: str | None = None) -> list[str]:
    """Say when articles (or the query) are in languages the model does not compare by meaning.
    ``mode``: the mode asked for; ``ran``: the one run (words only for a query the model cannot read)."""
    ran = mode if ran is None else ran
    if mode == LEXICAL:
        return []
    covered = languages.model_languages(index.snapshot.model_name)
    if covered is None:
        return []
    out = []
    if query_unread(index, query):
        out.append(f"The query is in a script the model {index.snapshot.model_name} does not read for meaning: "
                   f"it was matched by its words only. To search by meaning in any language, {languages.fix_hint()}.")
    rows = np.unique(index.article_rows()[allowed]) if len(allowed) else np.zeros(0, dtype=np.int64)
    langs = index.snapshot.articles[ArticleCol.LANGUAGE].iloc[rows[rows >= 0]].tolist()   # article order
    outside = languages.uncovered_counts(langs, covered)
    if outside:
        total = sum(outside.values())
        listing = ", ".join(f"{lang}: {n}" for lang, n in outside.items())
        how = ("meaning search leaves them out (hybrid and lexical search find them by their words)"
               if ran == SEMANTIC else f"{'they were' if total != 1 else 'it was'} searched by words only")
        out.append(f"{total} searched article{'s are' if total != 1 else ' is'} in languages the model "
                   f"{index.snapshot.model_name} does not compare by meaning ({listing}): {how}. To search "
                   f"{'them' if total != 1 else 'it'} by meaning, {languages.fix_hint()}.")
    return out


def more_like_this(index: SearchIndex, row: int, *, k: int = DEFAULT_K, row_mask: np.ndarray | None = None,
                   group: bool = True, threshold: float = GROUP_THRESHOLD,
                   min_score: float = MORE_LIKE_THIS_MIN_SCORE) -> SearchResult:
    """Paragraphs of other articles closest in meaning to the paragraph at snapshot ``row``.

    The reader's similar-paragraph lookup (newslens.similar) ranks; this adds grouping and hits.
    Works for any paragraph, searchable or not, from its stored embedding: no model needed.
    """
    from newslens.search.similar import similar_paragraphs

    paragraphs = index.snapshot.paragraphs
    if not 0 <= row < len(paragraphs):
        raise SearchError(f"no paragraph at row {row}")
    text = str(paragraphs.iloc[row][ParagraphCol.TEXT])
    parsed = ParsedQuery(text, (), len(text), False)
    similar = similar_paragraphs(index.snapshot, row, k=max(CANDIDATE_DEPTH, 4 * k), min_score=min_score,
                                 candidate_mask=row_mask)
    positions = index.positions_of_rows(similar["row"].to_numpy(dtype=np.int64))
    keep = positions >= 0
    scores = similar["score"].to_numpy(dtype=np.float64)[keep]
    positions = positions[keep]
    semantic = np.full(index.size, np.nan, dtype=np.float32)
    semantic[positions] = scores
    ranking = Ranking(positions, scores, semantic, np.zeros(index.size, dtype=np.float32), len(positions), None)
    hits = collect_hits(index, ranking, parsed, k, group=group, threshold=threshold)
    for hit in hits:  # highlighting every shared word of a whole paragraph is noise
        hit.spans, hit.title_spans = [], []
        for member in hit.also:
            member.spans, member.title_spans = [], []
    if hits:
        notices = []
    else:
        from newslens.search.similar import unread_language, unread_note   # (why it has no neighbours)

        article_id = str(paragraphs.iloc[row][ParagraphCol.ARTICLE_ID])
        notices = [unread_note(index.snapshot, article_id) if unread_language(index.snapshot, article_id)
                   else "No paragraph of another article is close in meaning to this one."]
    return SearchResult(parsed, SEMANTIC, hits, notices, len(positions), {})


def row_of_paragraph(snapshot: Snapshot, paragraph_id: str) -> int | None:
    """Snapshot row of a paragraph id (None if unknown, e.g. a stale link after a rebuild)."""
    matches = np.flatnonzero(snapshot.paragraphs[ParagraphCol.ID].to_numpy() == paragraph_id)
    return int(matches[0]) if len(matches) else None


def neighbours(snapshot: Snapshot, row: int) -> tuple[str | None, str | None]:
    """Text of the previous and next content paragraphs of the same article, for context."""
    paragraphs = snapshot.paragraphs
    owners = article_rows_of_paragraphs(paragraphs, snapshot.articles)
    if owners[row] >= 0:      # the article's rows by integer codes: 10 hits cost 3.5 s at 1M by ids
        rows = np.flatnonzero(owners == owners[row])
    else:                     # an article missing from the articles table: by its id
        ids = paragraphs[ParagraphCol.ARTICLE_ID]
        rows = np.flatnonzero((ids == ids.iloc[row]).to_numpy())
    # Only the columns read, taken at those rows: taking whole rows cost 70 ms a hit at 1M.
    rows = rows[paragraphs[ParagraphCol.KIND].iloc[rows].isin(Kind.CONTENT + (Kind.HEADING,)).to_numpy()]
    positions = paragraphs[ParagraphCol.POSITION].iloc[rows].to_numpy()
    position = paragraphs[ParagraphCol.POSITION].iloc[row]
    before, after = rows[positions < position], rows[positions > position]
    texts = paragraphs[ParagraphCol.TEXT]
    return (str(texts.iloc[int(before[-1])]) if len(before) else None,
            str(texts.iloc[int(after[0])]) if len(after) else None)
