"""A multilingual model's trace of the language, kept out of ranking by meaning (pure).

A multilingual model's vectors keep a trace of their text's language, so the nearest paragraphs to a
query or a paragraph are mostly in its own language, whatever they say. Each language's mean vector
stands for that trace: story grouping takes it out of article vectors (``language_means``), and
search and "similar paragraphs" score every paragraph as if its language's mean were the corpus
mean (``LanguageTrace``), a language of few articles only partly (its mean is then much of its
one story: config/thresholds.yaml ``search.language_trace_shrink_articles``). That moves no
vector: the score is the stored cosine plus the query's product with a per-language offset, over a
per-paragraph norm, computed once per snapshot (a few MB at 1M paragraphs, no second copy of the
vectors). The adjusted score only orders: thresholds and what is shown stay the plain cosine. Only
a model with a measured cross-language shift (config/models.yaml ``cross_language_shift``) is
adjusted; the default English model is not.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newslens import vectors
from newslens.filters import article_rows_of_paragraphs
from newslens.knowledge import story_rules, threshold
from newslens.languages import base_language, model_shift
from newslens.schema import ArticleCol, Kind, ParagraphCol
from newslens.store import Snapshot


def language_means(matrix: np.ndarray, row_languages: list[str | None] | np.ndarray, min_groups: int,
                   groups: np.ndarray | None = None,
                   counted: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's language mean: (per row an index into ``means``, ``means``, the corpus mean).

    A language's mean is over its ``counted`` rows (default all) and stands for the language only
    when they belong to at least ``min_groups`` distinct ``groups`` (articles; default each row its
    own): the mean of one article is that article's story, not its language. Smaller or unknown
    languages get the corpus mean (index 0). Computed block by block (float16 stays float16)."""
    langs = np.array([base_language(lang if isinstance(lang, str) else None) for lang in row_languages], dtype=object)
    counted = np.ones(len(langs), dtype=bool) if counted is None else np.asarray(counted, dtype=bool)
    groups = np.arange(len(langs)) if groups is None else np.asarray(groups)
    names = sorted(lang for lang in set(langs[counted]) if lang
                   and len(np.unique(groups[counted & (langs == lang)])) >= min_groups)
    code_of = {lang: n + 1 for n, lang in enumerate(names)}
    codes = np.fromiter((code_of.get(lang, 0) for lang in langs), dtype=np.int16, count=len(langs))
    sums = np.zeros((len(names) + 1, matrix.shape[1]), dtype=np.float64)
    counts = np.bincount(codes[counted], minlength=len(names) + 1).astype(np.float64)
    for start in range(0, len(matrix), vectors.BLOCK_ROWS):
        block = vectors.take(matrix, slice(start, start + vectors.BLOCK_ROWS))
        keep = counted[start:start + len(block)]
        block_codes = codes[start:start + len(block)][keep]
        for code in np.unique(block_codes):
            sums[code] += block[keep][block_codes == code].sum(axis=0, dtype=np.float64)
    corpus = sums.sum(axis=0) / max(counts.sum(), 1.0)
    means = np.divide(sums, counts[:, None], out=np.tile(corpus, (len(sums), 1)), where=counts[:, None] > 0)
    means[0] = corpus
    return codes, means.astype(np.float32), corpus.astype(np.float32)


@dataclass(frozen=True)
class LanguageTrace:
    """Scores as if each paragraph's language mean were the corpus mean: ``v - m_lang + m_corpus``,
    normalised. The query is left as it is (its language need not be known: with the candidates'
    trace moved out, its own trace favours no language)."""

    codes: np.ndarray           # per row: its language's offset (int16; 0: not moved)
    offsets: np.ndarray         # (languages, dim) float32: the corpus mean less the language's mean
    inverse_norms: np.ndarray   # per row: 1 / |v + offset|

    def adjust(self, scores: np.ndarray, queries: np.ndarray, rows: np.ndarray | slice | None = None) -> np.ndarray:
        """``scores`` (the stored cosines of ``queries`` with ``rows``, default every row: shape (n,)
        for one query, (q, n) for several) as cosines with the moved paragraph vectors: a new array
        of that shape and no other of it (a 40-paragraph article against 300k rows made three
        more, 150 MB)."""
        rows = slice(None) if rows is None else rows
        codes, inverse = self.codes[rows], self.inverse_norms[rows]        # (n,) each
        shift = np.atleast_2d(np.asarray(queries, dtype=np.float32)) @ self.offsets.T    # (q, languages)
        out = np.array(scores, dtype=np.float32)      # the one (q, n) result: each query's row in place
        for line, query_shift in zip(np.atleast_2d(out), shift):
            line += query_shift[codes]
            line *= inverse
        return out


def language_trace(matrix: np.ndarray, row_languages: list[str | None] | np.ndarray, groups: np.ndarray,
                   counted: np.ndarray, min_groups: int, shrink_groups: float = 0.0) -> LanguageTrace:
    """The trace of every row of ``matrix`` (normalised vectors), its languages' means taken over the
    ``counted`` rows (``language_means``). Each language's offset is weighted n / (n + ``shrink_groups``),
    n its distinct ``groups``: a language of few articles is often one story, and its mean is then
    that story's meaning more than the language's trace (taking it out whole lost word-for-word
    re-reports within the language)."""
    codes, means, corpus = language_means(matrix, row_languages, min_groups, groups, counted)
    offsets = (corpus - means).astype(np.float32)
    offsets[0] = 0.0
    counted = np.asarray(counted, dtype=bool)
    for code in range(1, len(offsets)):
        n = len(np.unique(np.asarray(groups)[counted & (codes == code)]))
        offsets[code] *= n / (n + shrink_groups)
    # |v + d|^2 = |v|^2 + 2 v.d + |d|^2, block by block: no moved copy of the vectors.
    squared = np.empty(len(matrix), dtype=np.float32)
    for start in range(0, len(matrix), vectors.BLOCK_ROWS):
        block = vectors.take(matrix, slice(start, start + vectors.BLOCK_ROWS))
        block_codes = codes[start:start + len(block)]
        squared[start:start + len(block)] = (np.einsum("ij,ij->i", block, block)
                                             + 2 * np.take_along_axis(block @ offsets.T, block_codes[:, None].astype(np.int64), 1)[:, 0]
                                             + np.einsum("ij,ij->i", offsets, offsets)[block_codes])
    inverse = 1.0 / np.sqrt(np.maximum(squared, 1e-12))
    return LanguageTrace(codes, offsets, inverse.astype(np.float32))


_CACHE: dict[tuple[str, str, str], LanguageTrace | None] = {}
_CACHE_SIZE = 4      # snapshots remembered (the Reader and search ask on every rerun)


def snapshot_trace(snapshot: Snapshot) -> LanguageTrace | None:
    """The trace of every paragraph row of ``snapshot`` (its article's language; means over content
    paragraphs, a language counted from ``meaning.language_mean_min_articles`` articles, the rule
    story grouping uses), once per snapshot; None under a model without a measured cross-language
    shift (the default English model: nothing changes)."""
    key = (str(snapshot.path), str(snapshot.snapshot_id), snapshot.model_name)
    if key not in _CACHE:
        trace = None
        if model_shift(snapshot.model_name) > 0 and len(snapshot.paragraphs):
            paragraphs, articles = snapshot.paragraphs, snapshot.articles
            owners = article_rows_of_paragraphs(paragraphs, articles)
            langs = np.append(articles[ArticleCol.LANGUAGE].to_numpy(dtype=object), None)[owners]   # (-1: None)
            trace = language_trace(snapshot.embeddings, langs, owners,
                                   paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).to_numpy(),
                                   story_rules().get("meaning", "language_mean_min_articles"),
                                   threshold("search", "language_trace_shrink_articles"))
        while len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = trace
    return _CACHE[key]
