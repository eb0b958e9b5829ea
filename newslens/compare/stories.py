"""Stories: articles that report the same event, grouped automatically and explained.

Two articles are linked when enough of one's content paragraphs have a close counterpart in the
other (the snapshot's own embeddings), or when they carry the same quote, and their possible
publication dates lie within ``max_days`` of each other. Stories are the connected groups of
links. Every link keeps its reasons, so the page can say why articles were grouped, and the
user can override a group by picking articles by hand (``story_from_articles``).

Scales to thousands of articles: only each article's nearest neighbours by mean embedding are
examined paragraph by paragraph.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from newslens.ann import nearest_neighbours
from newslens.compare import claims as cl
from newslens.compare.alignment import default_threshold
from newslens.dates import publication_order
from newslens.embedder import normalise_rows
from newslens.schema import ArticleCol, DatePrecision, Kind, ParagraphCol
from newslens.store import Snapshot

MIN_SHARE = 0.3          # share of the shorter article's paragraphs with a counterpart
MIN_MATCHED = 2          # ...and at least this many paragraphs (fewer when an article is shorter)
MAX_DAYS = 14
CANDIDATES = 10          # nearest articles (by mean embedding) examined per article
# Grouping asks for closer paragraphs than aligning two chosen articles does: articles on one
# theme (desertion) share loosely similar paragraphs without reporting the same event.
STORY_MARGIN = 0.1


def story_threshold(model_name: str) -> float:
    return default_threshold(model_name) + STORY_MARGIN


@dataclass
class StoryLink:
    """Why two articles were grouped (or, for a hand-picked group, how close they are)."""

    a: str
    b: str
    matched_a: int            # paragraphs of a with a counterpart in b above the threshold
    paragraphs_a: int
    matched_b: int
    paragraphs_b: int
    mean_similarity: float | None
    shared_quotes: int
    days_apart: float | None  # gap between the possible-date windows; None when a date is unknown
    same_source: str | None   # the original source both cite, when they agree

    @property
    def share(self) -> float:
        shares = [m / n for m, n in ((self.matched_a, self.paragraphs_a), (self.matched_b, self.paragraphs_b)) if n]
        return max(shares) if shares else 0.0

    def reasons(self) -> list[str]:
        out = []
        if self.matched_a or self.matched_b:
            sim = f", mean similarity {self.mean_similarity:.2f}" if self.mean_similarity is not None else ""
            out.append(f"{self.matched_a} of {self.paragraphs_a} paragraphs of {self.a} and {self.matched_b} of "
                       f"{self.paragraphs_b} of {self.b} have a close counterpart{sim}")
        if self.shared_quotes:
            out.append(f"{self.shared_quotes} shared quote{'s' if self.shared_quotes != 1 else ''}")
        if self.days_apart is not None:
            out.append("possible dates overlap" if self.days_apart == 0 else f"published {self.days_apart:.0f} days apart")
        else:
            out.append("a date is unknown")
        if self.same_source:
            out.append(f"both cite {self.same_source}")
        return out

    def describe(self) -> str:
        return f"{self.a} \u2194 {self.b}: " + "; ".join(self.reasons())


@dataclass
class Story:
    id: str
    article_ids: list[str]                 # earliest first; undated last
    title: str
    links: list[StoryLink]
    first_reporter: str | None
    first_reporter_certain: bool           # its date window ends before any other's begins
    lags: dict[str, float | None]          # days after the first reporter's earliest date
    by_hand: bool = False
    explanation: str = field(default="")

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "article_ids": self.article_ids,
                "first_reporter": self.first_reporter, "first_reporter_certain": self.first_reporter_certain,
                "lags_days": self.lags, "by_hand": self.by_hand, "explanation": self.explanation,
                "links": [{"a": l.a, "b": l.b, "share": round(l.share, 3), "mean_similarity": l.mean_similarity,
                           "shared_quotes": l.shared_quotes, "days_apart": l.days_apart,
                           "same_source": l.same_source, "reasons": l.reasons()} for l in self.links]}


@dataclass
class _Article:
    id: str
    rows: np.ndarray          # content paragraph rows in the snapshot
    start: pd.Timestamp
    end: pd.Timestamp
    precise: bool
    source: str | None
    title: str
    quotes: list[cl.Quote] | None = None


def _articles(snapshot: Snapshot, only: list[str] | None = None) -> dict[str, _Article]:
    paragraphs = snapshot.paragraphs
    content = paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).to_numpy()
    groups = pd.Series(np.arange(len(paragraphs)))[content].groupby(
        paragraphs[ParagraphCol.ARTICLE_ID].to_numpy()[content]).apply(lambda s: s.to_numpy())
    out = {}
    for row in snapshot.articles.itertuples(index=False):
        meta = row._asdict()
        aid = str(meta[ArticleCol.ID])
        if only is not None and aid not in only:
            continue
        start, end = pd.Timestamp(meta[ArticleCol.DATE_START]), pd.Timestamp(meta[ArticleCol.DATE_END])
        source = meta[ArticleCol.ORIGINAL_SOURCE]
        out[aid] = _Article(aid, groups.get(aid, np.zeros(0, dtype=int)), start, end,
                            meta[ArticleCol.DATE_PRECISION] == DatePrecision.DAY,
                            None if source is None or pd.isna(source) or not str(source).strip() else str(source),
                            str(meta[ArticleCol.TITLE] or aid))
    return out


def _days_apart(x: _Article, y: _Article) -> float | None:
    """Gap in days between two possible-date windows (0 when they overlap); None if either is unknown."""
    if pd.isna(x.start) or pd.isna(y.start):
        return None
    x_end = x.end if not pd.isna(x.end) else pd.Timestamp.max
    y_end = y.end if not pd.isna(y.end) else pd.Timestamp.max
    if x.start <= y_end and y.start <= x_end:
        return 0.0
    gap = (y.start - x_end) if y.start > x_end else (x.start - y_end)
    return float(gap.days)


@dataclass
class _Texts:
    """Paragraph ids and texts as arrays, extracted from the frame once per call, not per pair."""

    ids: np.ndarray
    texts: np.ndarray

    @classmethod
    def of(cls, snapshot: Snapshot) -> "_Texts":
        return cls(snapshot.paragraphs[ParagraphCol.ID].to_numpy(), snapshot.paragraphs[ParagraphCol.TEXT].to_numpy())


def _quotes(texts: _Texts, article: _Article) -> list[cl.Quote]:
    if article.quotes is None:
        article.quotes = [q for r in article.rows for q in cl.extract_quotes(str(texts.texts[r]), str(texts.ids[r]))]
    return article.quotes


def link_articles(snapshot: Snapshot, x: _Article, y: _Article, threshold: float,
                  texts: _Texts | None = None) -> StoryLink:
    """How close two articles are: paragraphs with a counterpart, shared quotes, date gap, source."""
    texts = texts or _Texts.of(snapshot)
    emb = snapshot.embeddings
    if len(x.rows) and len(y.rows):
        sim = np.asarray(emb[x.rows], dtype=np.float32) @ np.asarray(emb[y.rows], dtype=np.float32).T
        best_x, best_y = sim.max(axis=1), sim.max(axis=0)
        matched_x, matched_y = int((best_x >= threshold).sum()), int((best_y >= threshold).sum())
        strong = np.concatenate([best_x[best_x >= threshold], best_y[best_y >= threshold]])
        mean = round(float(strong.mean()), 3) if len(strong) else None
    else:
        matched_x = matched_y = 0
        mean = None
    quotes_y = _quotes(texts, y)
    shared = sum(1 for qa in _quotes(texts, x) if any(cl.match_quote_pair(qa, qb) for qb in quotes_y))
    same_source = x.source if x.source and y.source and x.source.lower() == y.source.lower() else None
    return StoryLink(x.id, y.id, matched_x, len(x.rows), matched_y, len(y.rows), mean, shared,
                     _days_apart(x, y), same_source)


def _is_story_link(link: StoryLink, min_share: float, max_days: float) -> bool:
    if link.days_apart is not None and link.days_apart > max_days:
        return False
    shorter = min(link.paragraphs_a, link.paragraphs_b)
    enough = max(link.matched_a, link.matched_b) >= min(MIN_MATCHED, max(shorter, 1))
    return (link.share >= min_share and enough) or link.shared_quotes >= 1


def _candidate_pairs(snapshot: Snapshot, articles: list[_Article], k: int) -> set[tuple[int, int]]:
    """Each article's ``k`` nearest others by normalised mean paragraph embedding."""
    with_rows = [i for i, a in enumerate(articles) if len(a.rows)]
    if len(with_rows) < 2:
        return set()
    centroids = normalise_rows(np.stack([np.asarray(snapshot.embeddings[articles[i].rows]).mean(axis=0)
                                         for i in with_rows]))
    # Never the dense article x article matrix (6.4 GB at 40k articles): block-wise or ANN (newslens.ann).
    nearest = nearest_neighbours(centroids, k)
    pairs = set()
    for i, row in enumerate(nearest):
        for j in row:
            a, b = with_rows[i], with_rows[int(j)]
            pairs.add((min(a, b), max(a, b)))
    return pairs


def _order_and_lags(group: list[_Article]) -> tuple[list[str], str | None, bool, dict[str, float | None]]:
    # The one ordering rule every page uses (start, then the earlier end, then id).
    order = publication_order((a.id, a.start, a.end) for a in group)
    return order.article_ids, order.first, order.certain, order.lags


def _story(snapshot: Snapshot, group: list[_Article], links: list[StoryLink], by_hand: bool) -> Story:
    ids, first, certain, lags = _order_and_lags(group)
    digest = hashlib.sha1("\n".join(sorted(ids)).encode("utf-8")).hexdigest()[:8]
    titles = {a.id: a.title for a in group}
    head = ("Picked by hand" if by_hand else
            "Grouped automatically (close paragraphs or a shared quote, and possible dates close together)")
    who = (f"{first} reported first" + ("" if certain else " (order uncertain: the possible dates overlap)")
           if first else "no article is dated")
    explanation = f"{head}; {who}. " + " | ".join(link.describe() for link in links)
    return Story(f"story-{digest}", ids, titles.get(first or ids[0], ids[0]), links, first, certain, lags,
                 by_hand, explanation)


def detect_stories(snapshot: Snapshot, *, min_share: float = MIN_SHARE, max_days: float = MAX_DAYS,
                   threshold: float | None = None, article_ids: list[str] | None = None,
                   candidates: int = CANDIDATES) -> list[Story]:
    """Groups of two or more articles reporting the same event, largest first, each explained."""
    threshold = story_threshold(snapshot.model_name) if threshold is None else threshold
    by_id = _articles(snapshot, article_ids)
    articles = list(by_id.values())
    kept: list[tuple[int, int, StoryLink]] = []
    texts = _Texts.of(snapshot)
    for i, j in sorted(_candidate_pairs(snapshot, articles, candidates)):
        x, y = articles[i], articles[j]
        gap = _days_apart(x, y)
        if gap is not None and gap > max_days:
            continue
        link = link_articles(snapshot, x, y, threshold, texts)
        if _is_story_link(link, min_share, max_days):
            kept.append((i, j, link))
    # Stories are the connected groups of links.
    n = len(articles)
    graph = coo_matrix((np.ones(len(kept)), ([i for i, _, _ in kept], [j for _, j, _ in kept])), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(component):
        groups.setdefault(int(label), []).append(i)
    stories = []
    for members in groups.values():
        if len(members) < 2:
            continue
        member_set = set(members)
        links = [link for i, j, link in kept if i in member_set]
        stories.append(_story(snapshot, [articles[i] for i in members], links, by_hand=False))
    return sorted(stories, key=lambda s: (-len(s.article_ids), s.article_ids[0]))


def story_from_articles(snapshot: Snapshot, article_ids: list[str], *, threshold: float | None = None) -> Story:
    """A story the user picked by hand (split, merged or chosen freely): the same first-reporter
    and lag reading, with every pair's closeness shown instead of the reasons for grouping."""
    threshold = story_threshold(snapshot.model_name) if threshold is None else threshold
    by_id = _articles(snapshot, list(article_ids))
    missing = [a for a in article_ids if a not in by_id]
    if missing:
        raise ValueError(f"unknown article ids: {', '.join(missing)}")
    group = [by_id[a] for a in dict.fromkeys(article_ids)]
    texts = _Texts.of(snapshot)
    links = [link_articles(snapshot, x, y, threshold, texts) for n, x in enumerate(group) for y in group[n + 1:]]
    return _story(snapshot, group, links, by_hand=True)
