"""The paragraphs in other articles closest in meaning to a given one ("more like this"; pure).

Used by the reader (per paragraph, links into other articles) and by search ("more like this").
Only content paragraphs are candidates: headings, captions and furniture would match everything.
Scores are cosine similarities of the snapshot's normalised embeddings (the minimum applies to
them); under a multilingual model with a measured cross-language shift they are ordered with each
paragraph's language trace kept out (``newslens.language_trace``), or its nearest are mostly in its
own language.

When the pipeline stored an approximate nearest-neighbour index (large corpora, ``newslens.ann``),
each paragraph's candidates come from it, with the filters and "not its own article" passed as a
bitmap so they stay exact, and the candidates' scores are recomputed exactly; a filter leaving
few paragraphs is scanned exactly. An exact scan of a million paragraphs takes seconds.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from newslens import ann as ann_mod
from newslens import languages, vectors
from newslens.language_trace import LanguageTrace, snapshot_trace
from newslens.knowledge import threshold
from newslens.outlets import outlet_labels
from newslens.schema import ArticleCol, Kind, ParagraphCol
from newslens.store import Snapshot

DEFAULT_K = 3
# For all-MiniLM-L6-v2, paragraphs scoring 0.5-0.6 share a theme; from ~0.6 they tend to report
# the same statement (checked on the sample corpus: the re-reported call's quotes score 0.7-0.95).
DEFAULT_MIN_SCORE = threshold("reader", "similar_min_score", high=1.0)

RESULT_COLUMNS = ["source_row", "row", ParagraphCol.ID, ParagraphCol.ARTICLE_ID, ArticleCol.OUTLET,
                  ArticleCol.TITLE, ArticleCol.PUBLISHED, ArticleCol.DATE_START, ArticleCol.DATE_END,
                  ParagraphCol.POSITION,
                  ParagraphCol.TEXT, "score"]


_UNREAD_CACHE: dict[tuple[str, str, str], tuple[dict[str, str], np.ndarray | None]] = {}
_UNREAD_CACHE_SIZE = 4      # snapshots remembered (a page reruns on every click: 0.4 s each at 1M rows)


def _unread(snapshot: Snapshot) -> tuple[dict[str, str], np.ndarray | None]:
    """(article id -> base language, of the articles the model does not compare by meaning;
    per paragraph row, whether its article is read, None when all are), once per snapshot."""
    key = (str(snapshot.path), str(snapshot.snapshot_id), snapshot.model_name)
    if key not in _UNREAD_CACHE:
        articles = snapshot.articles
        unread = languages.unread_articles(articles[ArticleCol.ID], articles[ArticleCol.LANGUAGE], snapshot.model_name)
        codes = {str(a): languages.base_language(lang if isinstance(lang, str) else None) or languages.UNKNOWN
                 for a, lang in zip(articles[ArticleCol.ID], articles[ArticleCol.LANGUAGE]) if str(a) in unread}
        read = (~snapshot.paragraphs[ParagraphCol.ARTICLE_ID].astype(str).isin(unread).to_numpy()
                if unread else None)
        while len(_UNREAD_CACHE) >= _UNREAD_CACHE_SIZE:
            _UNREAD_CACHE.pop(next(iter(_UNREAD_CACHE)))
        _UNREAD_CACHE[key] = (codes, read)
    return _UNREAD_CACHE[key]


def read_rows(snapshot: Snapshot) -> np.ndarray | None:
    """Per paragraph row: its article is in a language the model compares by meaning
    (``languages.unread_articles``); None when every article is."""
    return _unread(snapshot)[1]


def unread_language(snapshot: Snapshot, article_id: str) -> str | None:
    """The language of ``article_id`` when the model does not compare it by meaning, else None."""
    return _unread(snapshot)[0].get(str(article_id))


def unread_note(snapshot: Snapshot, article_id: str) -> str | None:
    """What the reader says when similar paragraphs leave articles out for their language: this
    article's own (none are looked up for it), or other articles' (never offered as similar)."""
    unread = _unread(snapshot)[0]
    if not unread:
        return None
    fix = f"To compare them by meaning, {languages.fix_hint()}."
    if (code := unread.get(str(article_id))) is not None:
        return (f"The model {snapshot.model_name} does not compare this article's language ({code}) by "
                f"meaning: no similar paragraphs are looked up for it. {fix}")
    n = len(unread)
    return (f"{n} article{'s' if n != 1 else ''} in languages the model {snapshot.model_name} does not compare "
            f"by meaning {'are' if n != 1 else 'is'} never offered as similar. {fix}")


def _candidate_mask(snapshot: Snapshot, candidate_mask: np.ndarray | None, read: np.ndarray | None) -> np.ndarray:
    mask = snapshot.paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).to_numpy()
    if candidate_mask is not None:
        mask = mask & np.asarray(candidate_mask, dtype=bool)
    if read is not None:
        mask = mask & read      # a vector of a language the model does not read is no meaning
    return mask


def similar_for_rows(snapshot: Snapshot, rows: Iterable[int], k: int = DEFAULT_K,
                     min_score: float = DEFAULT_MIN_SCORE, candidate_mask: np.ndarray | None = None,
                     other_articles_only: bool = True) -> pd.DataFrame:
    """Top ``k`` matches (score >= ``min_score``) for each paragraph row in ``rows``, in one pass.

    ``candidate_mask`` (aligned with ``snapshot.paragraphs``) restricts where matches may come from,
    e.g. the sidebar filters. With ``other_articles_only`` a paragraph never matches its own article.
    Returns one row per match, ``source_row`` naming the paragraph it matches, best first.
    """
    paragraphs = snapshot.paragraphs
    read = read_rows(snapshot)
    rows = [int(r) for r in rows if read is None or read[int(r)]]
    if not rows or len(paragraphs) == 0 or k <= 0:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    allowed = _candidate_mask(snapshot, candidate_mask, read)
    if not allowed.any():
        return pd.DataFrame(columns=RESULT_COLUMNS)
    emb = snapshot.embeddings          # the memory map itself: never a float32 copy of the matrix
    article_of = pd.factorize(paragraphs[ParagraphCol.ARTICLE_ID])[0]   # ints: fast to compare
    take = min(k, len(paragraphs))
    index = _snapshot_ann(snapshot)
    trace = snapshot_trace(snapshot)    # a multilingual model: each language's trace kept out of the ranking
    if index is not None:
        found = _nearest_by_index(index, emb, rows, take, min_score, allowed, article_of, other_articles_only, trace)
    else:
        found = _nearest_by_scan(emb, rows, take, min_score, allowed, article_of, other_articles_only, trace)
    if not found:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    source_rows, match_rows, match_scores = zip(*found)
    matched = paragraphs.iloc[list(match_rows)]
    meta = snapshot.articles.set_index(ArticleCol.ID)
    ids = matched[ParagraphCol.ARTICLE_ID]
    return pd.DataFrame({
        "source_row": source_rows,
        "row": match_rows,
        ParagraphCol.ID: matched[ParagraphCol.ID].to_numpy(),
        ParagraphCol.ARTICLE_ID: ids.to_numpy(),
        ArticleCol.OUTLET: ids.map(outlet_labels(meta)).to_numpy(),
        ArticleCol.TITLE: ids.map(meta[ArticleCol.TITLE]).to_numpy(),
        ArticleCol.PUBLISHED: ids.map(meta[ArticleCol.PUBLISHED]).to_numpy(),
        ArticleCol.DATE_START: ids.map(meta[ArticleCol.DATE_START]).to_numpy(),
        ArticleCol.DATE_END: ids.map(meta[ArticleCol.DATE_END]).to_numpy(),
        ParagraphCol.POSITION: matched[ParagraphCol.POSITION].to_numpy(),
        ParagraphCol.TEXT: matched[ParagraphCol.TEXT].to_numpy(),
        "score": match_scores,
    }, columns=RESULT_COLUMNS)


def _snapshot_ann(snapshot: Snapshot) -> ann_mod.AnnIndex | None:
    from newslens.search.engine import load_snapshot_ann   # the one reader of the snapshot's index

    return load_snapshot_ann(snapshot)


def _top(scores: np.ndarray, take: int) -> np.ndarray:
    top = np.argpartition(-scores, take - 1)[:take] if take < len(scores) else np.arange(len(scores))
    return top[np.argsort(-scores[top], kind="stable")]


def _nearest_by_scan(emb: np.ndarray, rows: list[int], take: int, min_score: float, allowed: np.ndarray,
                     article_of: np.ndarray, other_articles_only: bool,
                     trace: LanguageTrace | None = None) -> list[tuple[int, int, float]]:
    """Exact: every allowed paragraph scored against every row (one matrix product); ``_kept``
    says what is kept and shown."""
    queries = vectors.take(emb, rows)
    cosines = vectors.scores(emb, queries)     # block by block for float16
    found: list[tuple[int, int, float]] = []
    for i, row in enumerate(rows):
        keep = allowed.copy()
        keep[row] = False
        if other_articles_only:
            keep &= article_of != article_of[row]
        candidates = np.flatnonzero(keep)
        found.extend(_kept(row, candidates, cosines[i][candidates], queries[i], take, min_score, trace))
    return found


def _kept(row: int, candidates: np.ndarray, cosines: np.ndarray, query: np.ndarray, take: int, min_score: float,
          trace: LanguageTrace | None) -> list[tuple[int, int, float]]:
    """The ``take`` best ``candidates`` of cosine >= ``min_score``, as (row, candidate, cosine).

    ``min_score`` and the score shown are the plain cosine (the thresholds were set on it); under a
    multilingual model the order is the cosine with each language's trace kept out (``trace``), so a
    translation can come before a same-language paragraph of a higher cosine."""
    keep = cosines >= min_score
    candidates, cosines = candidates[keep], cosines[keep]
    if not len(candidates):
        return []
    ranked = cosines if trace is None else trace.adjust(cosines, query, candidates)
    return [(row, int(candidates[j]), float(cosines[j])) for j in _top(ranked, take)]


def _nearest_by_index(index: ann_mod.AnnIndex, emb: np.ndarray, rows: list[int], take: int, min_score: float,
                      allowed: np.ndarray, article_of: np.ndarray, other_articles_only: bool,
                      trace: LanguageTrace | None = None) -> list[tuple[int, int, float]]:
    """Candidates from the ANN index among the allowed rows (a bitmap: exact filters), scored exactly
    (with ``trace``, rescored without the language's trace: the index's candidates lean to the row's
    language; on the six real sets rescoring 32 of them kept most of the gain, README)."""
    depth = max(4 * take, 32)
    masks: dict[int, np.ndarray] = {}
    found: list[tuple[int, int, float]] = []
    for row in rows:
        key = int(article_of[row]) if other_articles_only else -1
        if key not in masks:
            masks[key] = allowed & (article_of != key) if other_articles_only else allowed
        mask = masks[key]
        query = np.asarray(emb[row], dtype=np.float32)
        if np.count_nonzero(mask) <= ann_mod.EXACT_FILTER_ROWS:
            candidates = np.flatnonzero(mask)
        else:
            candidates = index.search(query, depth, mask)
            candidates = candidates[mask[candidates]]      # the bitmap already did this; never trust blindly
        ordered = np.sort(candidates[candidates != row])     # sorted: reads the memory map in order
        if not len(ordered):
            continue
        found.extend(_kept(row, ordered, np.asarray(emb[ordered], dtype=np.float32) @ query, query, take,
                           min_score, trace))
    return found


def similar_paragraphs(snapshot: Snapshot, row_index: int, k: int = DEFAULT_K,
                       min_score: float = DEFAULT_MIN_SCORE, candidate_mask: np.ndarray | None = None,
                       other_articles_only: bool = True) -> pd.DataFrame:
    """The ``k`` paragraphs most similar to paragraph row ``row_index`` in other articles, best first."""
    if not 0 <= int(row_index) < len(snapshot.paragraphs):
        raise IndexError(f"paragraph row {row_index} is outside 0..{len(snapshot.paragraphs) - 1}")
    return similar_for_rows(snapshot, [row_index], k=k, min_score=min_score, candidate_mask=candidate_mask,
                            other_articles_only=other_articles_only).reset_index(drop=True)


def article_rows(snapshot: Snapshot, article_id: str) -> np.ndarray:
    """Row numbers of an article's paragraphs, in reading order."""
    paragraphs = snapshot.paragraphs
    rows = np.flatnonzero((paragraphs[ParagraphCol.ARTICLE_ID] == article_id).to_numpy())
    order = np.argsort(paragraphs[ParagraphCol.POSITION].to_numpy()[rows], kind="stable")
    return rows[order]
