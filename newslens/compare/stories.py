"""Stories: articles that report the same event, grouped precision-first and explained.

A wrong merge is worse than a missed re-report: everything built on a story (who reported first,
lags, reuse, hedges dropped) is only as good as its members. So:

- a link between two articles needs converging evidence, each kind weighted by how distinctive it
  is (``newslens.compare.evidence``, rules in ``config/stories.yaml``): the two articles' content
  as a whole, shared passages, rare shared numbers and names, long shared quotes, the same cited
  origin. Dates further apart than ``max_days`` never link, unless one text reprints the other
  word for word (``link.late_copy``); an undated article needs stronger evidence of its own;
- stories grow by average linkage over those links: two groups touching by a link merge only
  when their cross pairs' mean evidence reaches ``grouping.merge_mean`` and none is below
  ``grouping.pair_floor``, so one strong link among weak pairs never chains two events together;
- what stays apart but comes close (a different call on the same theme, the mirror claim, an
  older report of the practice) is reported as *related*;
- articles in languages the model does not compare by meaning are still linked by the
  language-independent evidence, and the result says so (``notices``).

Each link keeps its evidence and a confidence, so the page and the CLI can say why and how sure.
The user can still override a group by picking articles by hand (``story_from_articles``).
"""
from __future__ import annotations

import dataclasses

import functools
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
from scipy import sparse

from newslens.compare import anchors
from newslens.compare import claims as cl
from newslens.compare import evidence as evi
from newslens.compare.components import component_of
from newslens.ann import nearest_neighbours
from newslens.compare.alignment import default_threshold, reading_order
from newslens.dates import NO_ORDER, known_lag, order_uncertain_reason, publication_order, story_lag_text
from newslens.embedder import normalise_rows
from newslens.knowledge import threshold
from newslens.language_trace import language_means
from newslens.languages import base_language, fix_hint, languages_text, model_shift, uncovered_counts
from newslens.links import URL, links_only
from newslens.schema import (UNTITLED, ArticleCol, DatePrecision, Kind, ParagraphCol, Provenance, TitleSource,
                             cell_text, title_record, title_source, title_text)
from newslens.store import Snapshot

MIN_SHARE = threshold("stories", "min_share", high=1.0)   # kept for callers of the old signature; unused
MAX_DAYS = threshold("stories", "max_days", int)
# Nearest articles (by mean embedding) examined per article, besides every pair sharing a rare
# number or name (the evidence that matters across languages is not in the embedding).
CANDIDATES = threshold("stories", "candidates", int, low=1)
# Paragraphs "with a close counterpart" (shown in the reasons) are this much above the align threshold.
STORY_MARGIN = threshold("stories", "story_margin", high=1.0)


def story_threshold(model_name: str) -> float:
    return default_threshold(model_name) + STORY_MARGIN


# What each reading that keeps two reports apart says in a link's reasons (``Evidence`` flags).
_APART_REASONS = (
    ("quotes_apart", "both quote someone at length but share no quote (most often two different utterances)"),
    ("mentions_later", "one mentions a day well after every day the other mentions (most often a later step "
                       "of one case)"),
    ("figures_apart", "both lead with figures and state none in common (most often two releases of one "
                      "series of figures)"),
    ("weekdays_apart", "their first sentences name different weekdays (two events on different days; only a "
                       "reprint word for word links them)"),
    ("steps_apart", "their first sentences name different steps of a case (an escape and an arrest, a request "
                    "and a verdict: two events of one case; only a reprint word for word links them)"),
    ("undated_unworded", "in one language with a date unknown, they share no wording, passage or quote (most "
                         "often two writers on one theme: two events)"),
)


@dataclass
class StoryLink:
    """Why two articles were grouped (or, for a hand-picked group, how close they are)."""

    a: str
    b: str
    matched_a: int            # paragraphs of a with a close counterpart in b
    paragraphs_a: int
    matched_b: int
    paragraphs_b: int
    mean_similarity: float | None
    shared_quotes: int
    days_apart: float | None  # gap between the possible-date windows; None when a date is unknown
    same_source: str | None   # the original source both cite, when they agree
    evidence: evi.Evidence = field(default_factory=evi.Evidence)
    reprint: str | None = None   # how a republication's dateline brought the dates together
    linked: bool = False      # strong enough to group the two on its own merits
    confidence: float = 0.0   # 0-1: how sure the grouping is of this link
    need_factor: float = 1.0  # > 1 when the dates are certainly days apart or the two quote different
                              # utterances (``_need_factor``): what the evidence must reach is raised by
                              # it, and grouping counts the evidence divided by it
    undated_short: bool = False  # kept apart only because a date is unknown and the evidence besides
                                 # meaning is below link.undated_own
    on_specifics: bool = False   # linked by the weight of shared specifics alone (``_specifics_alone``)

    @property
    def share(self) -> float:
        shares = [m / n for m, n in ((self.matched_a, self.paragraphs_a), (self.matched_b, self.paragraphs_b)) if n]
        return max(shares) if shares else 0.0

    @property
    def related_score(self) -> float:
        """The evidence a related-but-separate story is listed by (dates do not discount it)."""
        return self.evidence.score

    @property
    def grouping_score(self) -> float:
        """The evidence grouping counts for this pair: none for two reports certainly days apart that
        do not link (they are kept apart, as pairs past ``max_days`` are, so no undated report close
        to both bridges them; so for two reports quoting different utterances), else the evidence
        over what the dates (or the quotes) raised the need by."""
        return _grouping_score(self.evidence.score, self.need_factor, self.linked)

    @property
    def confidence_label(self) -> str:
        return "high" if self.confidence >= 0.75 else "medium" if self.confidence >= 0.5 else "low"

    def reasons(self, verdict: bool = True) -> list[str]:
        """What the pair shares and how its dates stand; ``verdict``: with why it fell short of a
        link (left out where the pair is cited as evidence for a join it did bring about)."""
        ev = self.evidence
        out = []
        if self.matched_a or self.matched_b:
            sim = f", mean similarity {self.mean_similarity:.2f}" if self.mean_similarity is not None else ""
            out.append(f"{self.matched_a} of {self.paragraphs_a} paragraphs of {self.a} and {self.matched_b} of "
                       f"{self.paragraphs_b} of {self.b} have a close counterpart{sim}")
        if not ev.meaning_compared:
            out.append("not compared by meaning (a language the model does not cover)")
        elif ev.article_similarity is not None:
            out.append(f"articles' content similarity {ev.article_similarity:.2f}")
        if ev.words > 0 and ev.word_similarity is not None:
            out.append(f"shared wording (rare letter runs) {ev.word_similarity:.2f}")
        if ev.shared_passage_share >= 0.02:
            out.append(f"{ev.shared_passage_share:.0%} of the shorter article's wording found word for word")
        if self.shared_quotes:
            pieces = f" (quoted in {ev.quote_pieces} pieces by one)" if ev.quote_pieces > 1 else ""
            longest = f", longest {ev.longest_quote_words} words{pieces}" if ev.longest_quote_words else ""
            out.append(f"{self.shared_quotes} shared quote{'s' if self.shared_quotes != 1 else ''}{longest}")
        if ev.shared_specifics:
            shown = ", ".join(t.lstrip("#") for t in ev.shared_specifics[:8])
            out.append(f"shared specifics: {shown}")
        translation = _read_as_translation(evi.load_story_rules(), ev)
        if translation:
            out.append(f"read as a translation: the shared names and numbers fall in the same order, placing "
                       f"{ev.translation_coverage:.0%} of each text with the paragraphs between")
        if self.on_specifics:
            out.append("linked on these shared specifics in that order (the model cannot compare these two languages "
                       "by meaning; in a translation's order, fewer rare names and numbers are evidence enough)"
                       if translation else
                       "linked on these shared specifics alone (the model cannot compare these two languages by "
                       "meaning; this many rare names, numbers and places are evidence enough)")
        if self.reprint:
            out.append(self.reprint)
        elif self.days_apart is not None:
            days = f"{self.days_apart:.0f}"
            out.append("possible dates overlap" if self.days_apart == 0 else
                       f"published {days} day{'' if days == '1' else 's'} apart")
        else:
            out.append("a date is unknown")
        if verdict and self.undated_short and not self.linked:
            out.append("with a date unknown, similar content is not enough: too little evidence of its own "
                       "(shared wording, passages, quotes, specifics)")
        out.extend(reason for flag, reason in _APART_REASONS if getattr(ev, flag))
        if self.same_source:
            out.append(f"both cite {self.same_source}")
        if ev.cited_channel:
            out.append(f"one is a post of {ev.cited_channel}, which the other names as its source")
        return out

    def describe(self) -> str:
        return (f"{self.a} \u2194 {self.b} ({self.confidence_label} confidence {self.confidence:.2f}): "
                + "; ".join(self.reasons()))

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "share": round(self.share, 3), "mean_similarity": self.mean_similarity,
                "shared_quotes": self.shared_quotes, "days_apart": self.days_apart,
                "same_source": self.same_source, "linked": self.linked,
                "confidence": round(self.confidence, 3), "confidence_label": self.confidence_label,
                "evidence": self.evidence.to_dict(), "undated_short": self.undated_short,
                "on_specifics": self.on_specifics, "reasons": self.reasons()}


class _Judged:
    """What grouping reads of a judged link (its evidence's score, whether it links, the channel
    post cited), shaped like a ``StoryLink`` for ``_grow``: ``.evidence`` is itself."""

    __slots__ = ("a", "b", "linked", "score", "cited_channel", "related_score", "apart")

    def __init__(self, a: str, b: str, linked: bool, score: float, cited_channel: str | None,
                 related_score: float, apart: bool = False) -> None:
        self.a, self.b, self.linked, self.score, self.cited_channel = a, b, linked, score, cited_channel
        self.related_score, self.apart = related_score, apart

    @classmethod
    def of(cls, link: StoryLink) -> _Judged:
        """``score`` is what grouping counts (``StoryLink.grouping_score``); ``related_score`` the
        evidence itself, which lists a follow-up days later as related though it never joins."""
        return cls.decided(link.a, link.b, link.linked, link.evidence.score, link.need_factor,
                           link.evidence.cited_channel)

    @classmethod
    def decided(cls, a: str, b: str, linked: bool, evidence: float, need_factor: float,
                cited_channel: str | None) -> _Judged:
        """A pair as grouping reads it, from its evidence, what its dates or quotes raised the need
        by, and whether it links (``benchmarks/eval_link_ceiling.py`` passes other decisions)."""
        return cls(a, b, linked, _grouping_score(evidence, need_factor, linked), cited_channel, evidence,
                   _kept_apart(need_factor, linked))

    @property
    def evidence(self) -> _Judged:
        return self


@dataclass
class RelatedStory:
    """A story (or a single article) that comes close to this one but reports something else."""

    article_ids: list[str]
    story_id: str | None
    title: str
    score: float
    via: tuple[str, str]
    why: str = ""            # why the closest pair did not join them (``_why_apart``)
    title_source: str = TitleSource.HEADLINE   # its title's source (``schema.title_source``)

    def to_dict(self) -> dict:
        return {"story_id": self.story_id, "article_ids": self.article_ids,
                **title_record(self.title, self.title_source),
                "score": round(self.score, 3), "closest_pair": list(self.via), "why_apart": self.why}


@dataclass
class Story:
    id: str
    article_ids: list[str]                 # earliest first; undated last
    title: str
    links: list[StoryLink]
    first_reporter: str | None
    first_reporter_certain: bool           # its date window ends before any other's begins
    lags: dict[str, float | None]          # days after the first reporter's earliest date (< 0: order unknown)
    by_hand: bool = False
    explanation: str = field(default="")
    confidence: float = 0.0                # 0-1: each report's strongest link in it, averaged
    related: list[RelatedStory] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    lag_hours: dict[str, float] = field(default_factory=dict)   # when it and the first carry exact times
    title_source: str = TitleSource.HEADLINE   # its title's source: a headline while a member printed one
    judged: list[str] = field(default_factory=list)   # a researcher's verdicts that made it (story_judgements.yaml)

    @property
    def sure(self) -> bool:
        """Grouped automatically with every report firmly linked (confidence at least
        ``grouping.sure_confidence``): the stories to cite (README, "Sure stories")."""
        return not self.by_hand and self.confidence >= sure_confidence()

    @property
    def order_uncertain_reason(self) -> str:
        """Why its first reporter is uncertain, as the explanation says it ("" when sure or none)."""
        return order_uncertain_reason(self.lags, self.first_reporter, self.first_reporter_certain)

    def lag_text(self, article_id: str) -> str:
        """Its lag as every view says it ("first", "+5 h", "+2 days", "date unknown")."""
        return story_lag_text(self.lags.get(article_id), article_id == self.first_reporter,
                              self.first_reporter_certain, self.lag_hours.get(article_id))

    def to_dict(self) -> dict:
        # "story_id" as `timeline --json` names it, so exports join on one key ("id" kept for scripts)
        return {"id": self.id, "story_id": self.id, **title_record(self.title, self.title_source),
                "article_ids": self.article_ids,
                "first_reporter": self.first_reporter, "first_reporter_certain": self.first_reporter_certain,
                "lags_days": {a: known_lag(d, self.lag_hours.get(a)) for a, d in self.lags.items()},
                "lags_hours": {a: round(h, 2) if h >= 0 else None for a, h in self.lag_hours.items()},
                "by_hand": self.by_hand, "explanation": self.explanation,
                "confidence": round(self.confidence, 3), "sure": self.sure,
                "links": [link.to_dict() for link in self.links],
                # reports joined by vouching (``vouched_joins``): which pairs brought each in
                "vouched_joins": [] if self.by_hand else [
                    _vouched_record(report, pairs) for report, pairs in vouched_joins(self.article_ids, self.links).items()],
                "related": [r.to_dict() for r in self.related], "notices": self.notices,
                "judged": list(self.judged)}


def sure_confidence() -> float:
    """The story confidence a sure story reaches (``grouping.sure_confidence``)."""
    return float(evi.load_story_rules().get("grouping", "sure_confidence"))


def story_confidence(ids: list[str], links: list[StoryLink], by_hand: bool) -> float:
    """How firmly each report is attached: its strongest link inside the story, averaged over the
    reports. Not the share of pairs linked: a story is grown by average linkage, so two reworks of
    different source texts (or a report and its translation) belong together without a link of
    their own, and a large true story has few of its pairs linked directly."""
    if len(ids) < 2:
        return 0.0
    best: dict[str, float] = {}
    for link in links:
        if link.linked or by_hand:
            for member in (link.a, link.b):
                best[member] = max(best.get(member, 0.0), link.confidence)
    return sum(best.get(a, 0.0) for a in ids) / len(ids)


@dataclass
class StoryResult:
    """Stories of a corpus with what the grouping could not do (``notices``, about some articles)
    and, in ``snapshot_notices``, how these stories differ from the ones the snapshot stores (about
    them all: every view shows it; ``story_store.story_result``)."""

    stories: list[Story]
    notices: list[str]
    not_compared_by_meaning: dict[str, int]   # language -> articles compared by words only
    not_compared_by_meaning_ids: list[str] = field(default_factory=list)
    snapshot_notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        # one list for scripts: the snapshot's notices first, they concern every story
        return {"stories": [s.to_dict() for s in self.stories], "notices": self.snapshot_notices + self.notices,
                "not_compared_by_meaning": self.not_compared_by_meaning,
                "not_compared_by_meaning_ids": self.not_compared_by_meaning_ids}


# --- articles --------------------------------------------------------------------------------

def _content_rows(snapshot: Snapshot, wanted: set[str] | None = None) -> dict[str, np.ndarray]:
    """Each article's content paragraphs, as rows of ``snapshot.paragraphs`` (and its embeddings),
    for the articles ``wanted`` (every article when None); an article of furniture only is absent."""
    paragraphs = snapshot.paragraphs
    owners = paragraphs[ParagraphCol.ARTICLE_ID].astype(str)
    mask = paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT)
    if wanted is not None:
        mask &= owners.isin(wanted)
    positions = np.flatnonzero(mask.to_numpy())
    return {aid: rows.to_numpy() for aid, rows in pd.Series(positions).groupby(owners.to_numpy()[positions])}


def _lone_links(snapshot: Snapshot, wanted: set[str] | None = None) -> dict[str, set[str]]:
    """Each article's links printed alone on their line (``newslens.links.links_only``): cleaning
    keeps such a line out of the content, a sentence of none, but the same post linked by two
    reports is still evidence."""
    paragraphs = snapshot.paragraphs
    owners = paragraphs[ParagraphCol.ARTICLE_ID]
    mask = ~paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).to_numpy()
    if wanted is not None:
        # the articles asked for first: a hand-picked comparison of two read every line of the
        # corpus (6 s at 1M paragraphs, on each rerun of the compare page)
        mask &= owners.astype(str).isin(wanted).to_numpy()
    rows = np.flatnonzero(mask)
    out: dict[str, set[str]] = {}
    for aid, text in zip(owners.to_numpy()[rows], paragraphs[ParagraphCol.TEXT].to_numpy()[rows]):
        if isinstance(text, str) and URL.search(text) and links_only(text):
            out.setdefault(str(aid), set()).update(evi.links_in(text))
    return out


def _given_source(meta: dict) -> object:
    """The original source the metadata gives (a table, front matter, a post's forward), for
    ``stories.origin_bonus``; one the build read from the text itself is left out: the text's citation
    already counts as a specific, weighted by how many reports make it, and counted twice "UK Ministry
    of Defence" or "Reuters" joined different events (e5, sets 26-35: 5 wrong pairs more, 1 true)."""
    try:
        inferred = json.loads(meta.get(ArticleCol.PROVENANCE) or "{}").get(ArticleCol.ORIGINAL_SOURCE) == Provenance.INFERRED
    except (TypeError, ValueError):
        inferred = False
    return None if inferred else meta[ArticleCol.ORIGINAL_SOURCE]


def _facts(snapshot: Snapshot, only: list[str] | None = None) -> dict[str, evi.ArticleFacts]:
    wanted = set(map(str, only)) if only is not None else None
    groups = _content_rows(snapshot, wanted)
    lone_links = _lone_links(snapshot, wanted)
    out = {}
    articles = snapshot.articles
    if wanted is not None:      # (a few articles of 100k: not a pass over every row's metadata)
        articles = articles[articles[ArticleCol.ID].astype(str).isin(wanted)]
    for row in articles.itertuples(index=False):
        meta = row._asdict()
        aid = str(meta[ArticleCol.ID])
        source = _given_source(meta)
        language = meta.get(ArticleCol.LANGUAGE)
        note = meta.get(ArticleCol.TITLE_NOTE)
        title = title_text(meta[ArticleCol.TITLE])
        out[aid] = evi.ArticleFacts(
            aid, groups.get(aid, np.zeros(0, dtype=int)),
            pd.Timestamp(meta[ArticleCol.DATE_START]), pd.Timestamp(meta[ArticleCol.DATE_END]),
            meta[ArticleCol.DATE_PRECISION] == DatePrecision.DAY,
            None if source is None or pd.isna(source) or not str(source).strip() else str(source),
            title,
            None if language is None or pd.isna(language) else str(language),
            title_source(note),
            outlet=cell_text(meta.get(ArticleCol.OUTLET)), url=cell_text(meta.get(ArticleCol.URL)),
            at=meta.get(ArticleCol.PUBLISHED_AT), lone_links=lone_links.get(aid, set()))
    return out


def _reprint_note(x: evi.ArticleFacts, y: evi.ArticleFacts, days: float | None) -> str | None:
    """What the link says when a dateline brought two articles' dates together."""
    if days is None or (x.reported is None and y.reported is None):
        return None
    plain = evi.gap_days(evi.date_windows(x)[0], evi.date_windows(y)[0])
    if plain <= days:
        return None
    f = x if x.reported is not None else y
    return f"{f.id} reprints a report dated {f.reported:%Y-%m-%d} (its dateline), {plain:.0f} days before its own date"


@dataclass
class _Context:
    snapshot: Snapshot
    rules: evi.StoryRules
    weights: dict[str, float]
    rarity: evi.PassageRarity
    languages: set[str] | None
    threshold: float
    max_days: float
    shift: float = 0.0       # the model's cross-language shift, read once (not once per pair)
    thin_weights: dict[str, float] = field(default_factory=dict)   # evi.everyday_weights
    uncovered_floors: dict[str, float] = field(default_factory=dict)   # evi.uncovered_meaning_floors
    translations: dict[tuple[str, str], float] = field(default_factory=dict)   # pair -> ``_translation``

    # the word rarity of a snapshot that stores no word index yet (a build hands its own), asked
    # for only when a pair first needs it
    word_rarity: Callable[[], anchors.CorpusRarity | None] | None = None

    @functools.cached_property
    def anchor_rarity(self) -> anchors.CorpusRarity | None:
        """The corpus's word rarity the translation pairing weighs names by, read once, when a pair
        first needs it: from the stored word index, as Compare reads it, or from the one the build
        made for the snapshot it is grouping (the same searchable paragraphs, made once)."""
        if self.word_rarity is not None:
            return self.word_rarity()
        if self.snapshot.snapshot_id == BEING_BUILT:
            raise ValueError("a snapshot being built stores no word index yet: group_stories needs its "
                             "word_rarity (pipeline.stories.build_stories passes the build's)")
        return anchors.corpus_rarity(self.snapshot)


def _context(snapshot: Snapshot, facts: list[evi.ArticleFacts], threshold: float | None,
             max_days: float, word_rarity: Callable[[], anchors.CorpusRarity | None] | None = None,
             progress: Callable[[int], None] | None = None) -> _Context:
    rules = evi.load_story_rules()
    texts = snapshot.paragraphs[ParagraphCol.TEXT].to_numpy()
    ids = snapshot.paragraphs[ParagraphCol.ID].to_numpy()
    evi.prepare(facts, texts, ids, snapshot.embeddings, rules, progress)
    # Which languages are thin is read on the whole snapshot, not on the articles grouped now (a
    # story picked by hand, a filtered view): "White House" keeps its weight in a hand-picked pair.
    thin = evi.thin_languages(Counter(base_language(lang) for lang in snapshot.articles[ArticleCol.LANGUAGE]
                                      if isinstance(lang, str) and lang), rules)
    for f in facts:
        f.thin = bool(f.language) and base_language(f.language) in thin
    weights = evi.specific_weights(facts, rules)
    languages = evi.model_languages(snapshot.model_name)
    uncovered = {base_language(f.language) for f in facts
                 if f.language and not evi.covered(f.language, languages)}
    floors = _uncovered_floors(snapshot, uncovered, rules)
    return _Context(snapshot, rules, weights, evi.passage_rarity(facts, rules), languages,
                    story_threshold(snapshot.model_name) if threshold is None else threshold, max_days,
                    model_shift(snapshot.model_name), evi.everyday_weights(facts, weights, rules), floors,
                    word_rarity=word_rarity)


# Per published snapshot and language, the bar read (``_uncovered_floors``): the Compare page asks
# again on every rerun, for a value fixed by the snapshot and the settings. A snapshot being built
# has no id of its own yet: its bars are read afresh.
_FLOORS: dict[tuple, float | None] = {}
BEING_BUILT = "(being built)"      # the id pipeline/stories.py gives a snapshot it groups before publishing
_UNREAD = object()


def _uncovered_floors(snapshot: Snapshot, languages: set[str], rules: evi.StoryRules) -> dict[str, float]:
    settings = tuple(sorted((k, v) for k, v in rules.raw["meaning"].items() if k.startswith("uncovered")))
    published = snapshot.snapshot_id != BEING_BUILT
    keys = {lang: (snapshot.snapshot_id, snapshot.model_name, lang, settings) for lang in languages}
    found = {lang: _FLOORS.get(key, _UNREAD) if published else _UNREAD for lang, key in keys.items()}
    wanted = {lang for lang, bar in found.items() if bar is _UNREAD}
    if wanted:
        read = evi.uncovered_meaning_floors(
            _language_vectors(snapshot, wanted, rules.get("meaning", "uncovered_sample")), rules)
        if published and len(_FLOORS) > 256:
            _FLOORS.clear()
        for lang in wanted:
            found[lang] = read.get(lang)         # None: the fixed bar (too few articles)
            if published:
                _FLOORS[keys[lang]] = found[lang]
    return {lang: bar for lang, bar in found.items() if bar is not None}


def _language_vectors(snapshot: Snapshot, languages: set[str], limit: int) -> dict[str, np.ndarray]:
    """The vectors of up to ``limit`` articles of each language, read from the whole snapshot: the
    same articles whichever are being grouped (a hand-picked story reads the same bar), taken in the
    order of a hash of their ids, not alphabetically (ids that start with their folder would make
    the sample one collection's)."""
    articles = snapshot.articles
    language = articles[ArticleCol.LANGUAGE].map(lambda v: base_language(v) if isinstance(v, str) else "").to_numpy()
    ids = articles[ArticleCol.ID].astype(str).to_numpy()
    rows_of = _content_rows(snapshot, {a for a, lang in zip(ids, language) if lang in languages})
    chosen = {lang: sorted((a for a in ids[language == lang] if a in rows_of),    # (furniture only: no vector)
                           key=lambda a: hashlib.sha1(a.encode("utf-8")).digest())[:limit]
              for lang in sorted(languages)}
    return {lang: np.stack([evi.article_vector(snapshot.embeddings, rows_of[a]) for a in members])
            for lang, members in chosen.items() if members}


def link_articles(ctx: _Context, x: evi.ArticleFacts, y: evi.ArticleFacts) -> StoryLink:
    """All the evidence on one pair, whether it links them, and how confident that is."""
    emb = ctx.snapshot.embeddings
    if len(x.rows) and len(y.rows):
        sim = np.asarray(emb[x.rows], dtype=np.float32) @ np.asarray(emb[y.rows], dtype=np.float32).T
        best_x, best_y = sim.max(axis=1), sim.max(axis=0)
        matched_x, matched_y = int((best_x >= ctx.threshold).sum()), int((best_y >= ctx.threshold).sum())
        strong = np.concatenate([best_x[best_x >= ctx.threshold], best_y[best_y >= ctx.threshold]])
        mean = round(float(strong.mean()), 3) if len(strong) else None
    else:
        matched_x = matched_y = 0
        mean = None
    ev = evi.pair_evidence(x, y, embeddings=emb, weights=ctx.weights, rules=ctx.rules,
                           model_name=ctx.snapshot.model_name, languages=ctx.languages, rarity=ctx.rarity,
                           model_shift=ctx.shift, thin_weights=ctx.thin_weights, uncovered_floors=ctx.uncovered_floors)
    if not ev.meaning_compared:
        # the model's cosines of a language it does not read are noise: no "close counterpart" is
        # claimed from them (set 31: "4 of 5 paragraphs ... mean similarity 0.77" beside 0% reuse)
        matched_x = matched_y = 0
        mean = None
    same_source = x.source if x.source and y.source and x.source.lower() == y.source.lower() else None
    days = evi.days_apart(x, y)
    if days is not None and x.precise and y.precise and days <= ctx.rules.get("dates", "close_days"):
        ev.dates = float(ctx.rules.get("dates", "bonus"))
    link = StoryLink(x.id, y.id, matched_x, len(x.rows), matched_y, len(y.rows), mean, ev.shared_quotes,
                     days, same_source, ev, reprint=_reprint_note(x, y, days), need_factor=_need_factor(ctx, days, ev))
    link.linked, link.confidence, link.undated_short, link.on_specifics = _judge(
        ctx, ev, days, x.dated and y.dated, link.need_factor)
    if not link.linked and _translation_may_decide(ctx.rules, ev, link.need_factor):
        # read only where it can decide: the pairing compares the two paragraph by paragraph
        key = (x.id, y.id) if x.id < y.id else (y.id, x.id)
        if key not in ctx.translations:
            ctx.translations[key] = _translation(ctx, x, y)
        ev.translation_coverage = ctx.translations[key]
        link.linked, link.confidence, link.undated_short, link.on_specifics = _judge(
            ctx, ev, days, x.dated and y.dated, link.need_factor)
    return link


def _grouping_score(evidence: float, need_factor: float, linked: bool) -> float:
    """What grouping counts for a pair (``StoryLink.grouping_score``)."""
    return 0.0 if _kept_apart(need_factor, linked) else evidence / need_factor


def _kept_apart(need_factor: float, linked: bool) -> bool:
    """Two reports whose dates or quotes raised what they need (``_need_factor``) and that did not
    link on their own never share a story: the one rule grouping, teasers and channel posts follow."""
    return need_factor > 1 and not linked


def _need_factor(ctx: _Context, days: float | None, ev: evi.Evidence) -> float:
    """How much more evidence two articles need than a link does: ``_date_factor``, and as much when
    both quote someone at length in one language and share no quote at all. Reports of one
    intercepted call or one appeal quote its core words; two calls of one unit, or an appeal and the
    officials' answer, quote different ones (``Evidence.quotes_apart``). As much when one
    mentions a day well after every day the other does: a later step of one case
    (``Evidence.mentions_later``). ``figures.apart_factor`` when both lead with figures and state
    none in common: two releases of one series (``Evidence.figures_apart``). ``link.late_factor``
    when their first sentences name different weekdays or different steps of a case
    (``Evidence.weekdays_apart``, ``Evidence.steps_apart``), which ``_judge`` also holds as dates
    past the window. As much when one is undated and, in one language, they share nothing in
    words (``Evidence.undated_unworded``): no date tells two events of one theme apart."""
    factor = _date_factor(ctx, days)
    if ev.quotes_apart or ev.mentions_later or ev.first_sentences_apart or ev.undated_unworded:
        factor = max(factor, float(ctx.rules.get("link", "late_factor")))
    return _series_factor(ctx, factor, ev.figures_apart)


def _series_factor(ctx: _Context, factor: float, figures_apart: bool) -> float:
    """``factor`` raised to ``figures.apart_factor`` for two releases of one series
    (``Evidence.figures_apart``): the one place judged and unjudged pairs read it."""
    return max(factor, float(ctx.rules.get("figures", "apart_factor"))) if figures_apart else factor


def _date_factor(ctx: _Context, days: float | None) -> float:
    """How much more evidence two articles need when their dates are certainly more than a few days
    apart: a report about the same person or place that late is most often the next development (the
    transfer after the arrest), while a re-report that late is most often a copy (which still links).
    It applies to grouping too, so an undated report close to both cannot bridge them."""
    if days is not None and days > ctx.rules.get("dates", "close_days"):
        return float(ctx.rules.get("link", "late_factor"))
    return 1.0


def _judge(ctx: _Context, ev: evi.Evidence, days: float | None, both_dated: bool,
           need_factor: float = 1.0) -> tuple[bool, float, bool, bool]:
    """Whether the pair links, how confident that is, whether it fell short only of the evidence
    of its own an undated article needs (``undated_short``: said only where it decided), and
    whether shared specifics alone linked it (``_specifics_alone``, where nothing else did)."""
    rules = ctx.rules
    # A near copy: word for word, or one text reworded (its rare letter runs survive the rewording).
    near_copy = ev.shared_passage_share >= rules.get("link", "near_copy") or \
        (ev.word_similarity is not None and ev.word_similarity >= rules.get("link", "near_rewrite"))
    # ...unless neither states the figures the other leads with: one template, another release.
    near_copy = near_copy and not ev.figures_apart
    # Past the window only a reprint word for word links (``link.late_copy``): a paper printing a
    # report weeks or years later re-reports it; a rework or a report worded alike that late is
    # most often the next development, or a recurring release in the same words.
    # So too two reports whose first sentences put their events on different weekdays, or name
    # different steps of a case.
    past_window = (days is not None and days > ctx.max_days) or ev.first_sentences_apart
    if past_window and not _late_copy(rules, ev.shared_passage_share, ev.longer_passage_share):
        return False, 0.0, False, False
    needed = (rules.get("link", "score") if both_dated else rules.get("link", "undated_score")) * need_factor
    converging = ev.kinds(rules.get("link", "kind_floor")) >= rules.get("link", "min_kinds")
    enough = ev.score >= needed and converging
    own = both_dated or _own_evidence(rules, ev)
    on_specifics = not (near_copy or (enough and own)) and _specifics_alone(rules, ev, need_factor)
    linked = near_copy or (enough and own) or on_specifics
    # Confidence: how far past what a link needs, 1.0 at twice the need; a near copy is sure.
    confidence = min(1.0, ev.score / (2 * needed)) if linked else min(0.49, ev.score / (2 * needed))
    if near_copy:
        confidence = max(confidence, 0.9)
    return linked, round(confidence, 3), not linked and enough and not own, on_specifics


def _late_copy(rules, shorter_share: float, longer_share: float) -> bool:
    """One text reprints the other: most of each one's word runs in the other (``link.late_copy``,
    ``evi.copied_shares``), so a short item quoted whole inside a longer follow-up months later is
    not a reprint of it."""
    bar = rules.get("link", "late_copy")
    return shorter_share >= bar and longer_share >= bar


def _specifics_alone(rules, ev: evi.Evidence, need_factor: float) -> bool:
    """Two reports in two languages the model does not compare by meaning: meaning, the kind most
    links rest on, can never count, so shared specifics that weigh far past what counts in full
    (``link.uncompared_specifics``: the unit's number, the soldier's name, the village, the day)
    link them on their own (README, grouping round 19); less weight does where the two read as a
    translation of each other (``_read_as_translation``)."""
    return ev.languages_apart_unread and ev.specifics_weight >= _specifics_needed(rules, ev) * need_factor


def _specifics_needed(rules, ev: evi.Evidence) -> float:
    # (the config keeps translation_specifics at or below uncompared_specifics)
    return float(rules.get("link", "translation_specifics" if _read_as_translation(rules, ev) else "uncompared_specifics"))


def _read_as_translation(rules, ev: evi.Evidence) -> bool:
    """The translation pairing placed at least ``link.translation_coverage`` of each text: the two
    share names and numbers in the same order, with paragraphs of matching lengths between them."""
    return ev.translation_coverage is not None and ev.translation_coverage >= rules.get("link", "translation_coverage")


def _translation_may_decide(rules, ev: evi.Evidence, need_factor: float) -> bool:
    """Whether reading an unlinked pair as a translation could link it and form a story: two
    languages the model does not compare by meaning, nothing raising what they need (such a link
    would count below ``grouping.merge_mean``), a figure other than a year among the shared
    specifics, and specifics between what a translation needs and what links alone. Names alone say
    who, not which event: two statements of one man against one general, a month apart, each in
    three short paragraphs, fall in one order too, and so they do with a year both print; a
    translation keeps the figures."""
    if not ev.languages_apart_unread or need_factor > 1 or not any(
            evi.token_kind(t) == "number" and not cl.YEAR.fullmatch(t[1:]) for t in ev.shared_specifics):
        return False
    low, full = (float(rules.get("link", key)) for key in ("translation_specifics", "uncompared_specifics"))
    return low <= ev.specifics_weight < full


def _translation(ctx: _Context, x: evi.ArticleFacts, y: evi.ArticleFacts) -> float:
    """The share of each article the translation pairing places (``anchors.translation_coverage``)."""
    paragraphs = ctx.snapshot.paragraphs
    texts = paragraphs[ParagraphCol.TEXT].to_numpy()
    text_x = [str(t) for t in texts[reading_order(paragraphs, x.rows)]]
    text_y = [str(t) for t in texts[reading_order(paragraphs, y.rows)]]
    found = anchors.align_translation(text_x, text_y, x.language, y.language, ctx.anchor_rarity)
    return round(anchors.translation_coverage(text_x, text_y, found), 3)


def _own_evidence(rules, ev: evi.Evidence) -> bool:
    """Evidence besides meaning that an undated article needs (``link.undated_own``): on a corpus of
    one field, meaning alone says "the same theme", and across languages it counts in full early."""
    return ev.score - ev.meaning >= rules.get("link", "undated_own")


def _word_neighbours(facts: list[evi.ArticleFacts], k: int, languages: set[str] | None,
                     block: int = 512) -> set[tuple[int, int]]:
    """Each article's ``k`` nearest others in its own language by wording, for articles in languages
    the model does not cover: there two reports of one event can be far apart by embedding and
    close in wording (the embedding's neighbours already cover the model's languages)."""
    pairs: set[tuple[int, int]] = set()
    if k <= 0:
        return pairs
    by_language: dict[str, list[int]] = {}
    for i, f in enumerate(facts):
        if f.words is not None and f.words.nnz and f.language and not evi.covered(f.language, languages):
            by_language.setdefault(f.language.lower(), []).append(i)
    for members in by_language.values():
        if len(members) < 2:
            continue
        matrix = _strongest(evi.word_rows([facts[i].words for i in members]), 64)
        for start in range(0, len(members), block):       # never the dense n x n matrix
            sims = (matrix[start:start + block] @ matrix.T).toarray()
            sims[np.arange(len(sims)), np.arange(start, start + len(sims))] = -1.0
            nearest = np.argpartition(-sims, min(k, sims.shape[1] - 1), axis=1)[:, :k + 1]
            for r, row in enumerate(nearest):
                for j in row:
                    if sims[r, j] > 0:
                        a, b = members[start + r], members[int(j)]
                        pairs.add((min(a, b), max(a, b)))
    return pairs


def _strongest(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Each row cut to its ``keep`` largest values (its rarest letter runs), unit length again: enough
    to find the nearest articles by wording, and the product of such rows stays cheap at 40k rows."""
    rows, cols, vals = [], [], []
    for r in range(matrix.shape[0]):
        start, end = matrix.indptr[r], matrix.indptr[r + 1]
        data, idx = matrix.data[start:end], matrix.indices[start:end]
        top = np.argsort(-data)[:keep]
        norm = float(np.linalg.norm(data[top])) or 1.0
        rows.extend([r] * len(top))
        cols.extend(idx[top].tolist())
        vals.extend((data[top] / norm).tolist())
    return sparse.csr_matrix((vals, (rows, cols)), shape=matrix.shape, dtype=np.float32)


def _candidate_pairs(facts: list[evi.ArticleFacts], weights: dict[str, float], k: int,
                     word_k: int = 0, languages: set[str] | None = None,
                     max_holders: int = 50, across_languages: bool = False,
                     language_min_articles: int | None = None) -> set[tuple[int, int]]:
    """Each article's ``k`` nearest others by mean embedding and ``word_k`` nearest by wording in
    its language (where the model does not cover it), plus every pair sharing a rare specific (in any language): the evidence that
    matters across languages is not in the embedding. With ``across_languages`` (a multilingual
    model), also its ``k`` nearest once each language's own mean is taken out of its articles: a
    multilingual model's vectors keep a trace of the language, so the nearest by plain similarity
    are all in the article's own language and its translations are never examined (a language of
    fewer than ``language_min_articles`` articles, default config/stories.yaml
    ``meaning.language_mean_min_articles``, loses the corpus mean instead)."""
    pairs: set[tuple[int, int]] = _word_neighbours(facts, word_k, languages)
    with_rows = [i for i, f in enumerate(facts) if f.centroid is not None]
    if len(with_rows) >= 2 and k:
        centroids = normalise_rows(np.stack([facts[i].centroid for i in with_rows]))
        views = [centroids]
        if across_languages:
            if language_min_articles is None:
                language_min_articles = evi.load_story_rules().get("meaning", "language_mean_min_articles")
            views.append(_language_centred(centroids, [facts[i].language for i in with_rows], language_min_articles))
        for view in views:
            # Never the dense article x article matrix (6.4 GB at 40k articles): block-wise or ANN, in
            # blocks of about 4M similarities (a block of 4,096 rows held 2.6 GB of temporaries at 40k).
            nearest = nearest_neighbours(view, k, block=max(64, 4_000_000 // len(view)))
            for i, row in enumerate(nearest):
                for j in row:
                    a, b = with_rows[i], with_rows[int(j)]
                    if a != b:
                        pairs.add((min(a, b), max(a, b)))
    holders: dict[str, list[int]] = {}
    for i, f in enumerate(facts):
        for token in f.specifics:
            if token in weights:
                holders.setdefault(token, []).append(i)
    for members in holders.values():
        if len(members) > max_holders:        # a day or place thousands carry: pairs by the n², no lead
            continue
        for n, a in enumerate(members):
            for b in members[n + 1:]:
                pairs.add((min(a, b), max(a, b)))
    # A channel post and every report naming its channel as the source (evi.cites_origin_post).
    # Only the articles naming one of the post's names can cite it: one pass per name (there are few
    # channels), not one per post (a corpus of thousands of posts made that quadratic).
    citing = evi.citing_articles(facts)
    for p in (i for i, f in enumerate(facts) if f.channel_names):
        for j in sorted(set().union(*(citing[name] for name in facts[p].channel_names))):
            if j != p and evi.cites_origin_post(facts[p], facts[j]):
                pairs.add((min(p, j), max(p, j)))
    return pairs


def _language_centred(centroids: np.ndarray, article_languages: list[str | None], min_articles: int) -> np.ndarray:
    """Article vectors with their language's mean taken out (a language with fewer than
    ``min_articles`` articles, or none, loses the corpus mean instead), normalised again."""
    codes, means, _ = language_means(centroids, article_languages, min_articles)
    return normalise_rows(centroids - means[codes])


def _origin_posts(facts: list[evi.ArticleFacts], links: dict[tuple[int, int], StoryLink | _Judged]) -> set[int]:
    """Channel posts linked to at least one report that names the post's channel as its source."""
    out: set[int] = set()
    for (i, j), lk in links.items():
        if lk.linked and lk.evidence.cited_channel:
            out.update(p for p, r in ((i, j), (j, i)) if evi.cites_origin_post(facts[p], facts[r]))
    return out


def _via_origin_post(links: dict[tuple[int, int], StoryLink | _Judged]) -> dict[int, dict[int, float]]:
    """Article -> {channel post it is linked to as a re-report: the link's evidence}."""
    out: dict[int, dict[int, float]] = {}
    for (i, j), lk in links.items():
        if lk.linked and lk.evidence.cited_channel:
            out.setdefault(i, {})[j] = lk.evidence.score
            out.setdefault(j, {})[i] = lk.evidence.score
    return out


def _grow(n: int, links: dict[tuple[int, int], StoryLink | _Judged], mean_needed: float, pair_floor: float,
          teasers: frozenset[int] = frozenset(), teaser_margin: float = 0.5,
          teaser_needed: float | None = None,
          apart: Callable[[int, int], bool] | None = None,
          support: tuple[float, int] | None = None) -> list[list[int]]:
    """Average linkage over the evidence: merge the two groups, touching by a linked pair, whose
    cross pairs have the highest mean evidence, when that mean reaches ``mean_needed`` and every
    cross pair has at least ``pair_floor`` of evidence. So each member is close to the whole story,
    and one link never chains two events together. A report left alone then joins a story that
    ``support`` (evidence, members) vouches for (``_join_supported``). A teaser joins a story on one
    link of ``teaser_needed`` (default ``mean_needed``), unless ``apart`` says its dates keep it from
    one of the story's members (as the floor keeps such pairs from merging)."""
    teaser_needed = mean_needed if teaser_needed is None else teaser_needed
    groups: dict[int, list[int]] = {i: [i] for i in range(n)}
    owner = list(range(n))
    via_post = _via_origin_post(links)

    def score(i: int, j: int, members: set[int] = frozenset()) -> float:
        """Their evidence; two re-reports of one channel post in the group (each linked to it as
        citing its channel) count the weaker of their links to it: reworded independently, they
        may share little with each other beyond the post they both report."""
        lk = links.get((min(i, j), max(i, j)))
        best = lk.evidence.score if lk is not None else 0.0
        if apart is not None and apart(i, j):
            return best     # kept apart by their dates: a channel post both cite does not bring them together
        mine, theirs = via_post.get(i, {}), via_post.get(j, {})
        for p in members.intersection(mine, theirs):
            best = max(best, min(mine[p], theirs[p]))
        return best

    # Groups only ever merge along linked pairs, and a merge changes nothing outside the two groups,
    # so each connected part of the linked graph grows on its own to the same result as the whole
    # (the best merge of the corpus is the best of its part). Scanning every link of the corpus for
    # every merge made the grouping quadratic in articles (hours at 40k).
    neighbours: dict[int, list[int]] = {}
    for (i, j), lk in links.items():
        if lk.linked:
            neighbours.setdefault(i, []).append(j)
            neighbours.setdefault(j, []).append(i)
    for part_links in _parts(links, teasers):
        means: dict[tuple[int, int], float | None] = {}     # (g, h) -> mean, None when they may not merge
        while True:
            touching = {(min(owner[i], owner[j]), max(owner[i], owner[j]))
                        for i, j in part_links if owner[i] != owner[j]}
            best = None
            for g, h in touching:
                if (g, h) not in means:
                    means[(g, h)] = _merge_mean(groups[g], groups[h], score, mean_needed, pair_floor)
                mean = means[(g, h)]
                if mean is not None and (best is None or mean > best[0]):
                    best = (mean, g, h)
            if best is None:
                break
            _, g, h = best
            _merge_groups(groups, owner, g, h)
            means = {pair: m for pair, m in means.items() if g not in pair and h not in pair}
    if support is not None:
        _join_supported(links, groups, owner, score, mean_needed, pair_floor, teasers, *support, apart=apart)
    # A teaser (a title and a paragraph or two) excerpts one report and shares too little with the
    # story's other reports for their mean: once the stories are formed, it joins the story of the
    # report it is linked to most strongly, when that link alone reaches ``teaser_needed``.
    # It must be unambiguous: linked to another story almost as strongly (an excerpt of a passage
    # two stories both quote), it stays out.
    for t in sorted(teasers):
        by_group: dict[int, float] = {}
        for j in sorted(neighbours.get(t, ())):
            if j != t and j not in teasers:
                by_group[owner[j]] = max(by_group.get(owner[j], 0.0), score(t, j))
        ranked = sorted(by_group.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < teaser_needed:
            continue
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < teaser_margin:
            continue
        target = ranked[0][0]
        if apart is not None and any(apart(t, m) for m in groups[target]):
            continue
        _merge_groups(groups, owner, target, t)
    return list(groups.values())


def _merge_groups(groups: dict[int, list[int]], owner: list[int], into: int, other: int) -> None:
    """Group ``other``'s reports become ``into``'s (the linkage's merges, vouched-for joins, teasers)."""
    for i in groups[other]:
        owner[i] = into
    groups[into].extend(groups.pop(other))


def _join_supported(links: dict[tuple[int, int], StoryLink | _Judged], groups: dict[int, list[int]], owner: list[int],
                    score: Callable[..., float], mean_needed: float, pair_floor: float, teasers: frozenset[int],
                    evidence: float, members: int, apart: Callable[[int, int], bool] | None = None) -> None:
    """A report no link joined to anything (most often undated, or in another language, so short of
    the evidence of its own an undated report needs) joins the story of which at least ``members``
    reports each hold ``evidence`` with it (what links two dated reports), when the mean over all
    the story's reports reaches the merge's (``_merge_mean``: every pair at least ``pair_floor``)
    and ``apart`` keeps it from none of them (as a teaser). One such pair alone is no link: several
    reports of one story vouching for it are converging evidence. Two formed stories never merge
    this way (two events of one actor are each a story close to the other), nor does a teaser (it
    joins afterwards, on its own rule). The best mean first, one report at a time, in ``groups`` and
    ``owner`` (grouping round 28, session 33)."""
    near = [(i, j) for (i, j), lk in links.items()
            if not lk.linked and lk.evidence.score >= evidence and i not in teasers and j not in teasers]
    while True:
        support = Counter((min(owner[i], owner[j]), max(owner[i], owner[j])) for i, j in near if owner[i] != owner[j])
        best = None
        for (g, h), count in support.items():
            if count < members or min(len(groups[g]), len(groups[h])) != 1:
                continue
            if apart is not None and any(apart(i, j) for i in groups[g] for j in groups[h]):
                continue
            mean = _merge_mean(groups[g], groups[h], score, mean_needed, pair_floor)
            if mean is not None and (best is None or mean > best[0]):
                best = (mean, g, h)
        if best is None:
            return
        _, g, h = best
        _merge_groups(groups, owner, g, h)


def _parts(links: dict[tuple[int, int], StoryLink | _Judged], teasers: frozenset[int]) -> list[list[tuple[int, int]]]:
    """The linked pairs (teasers left out) split by connected part of the graph they make, each
    part's pairs in the order of ``links``."""
    pairs = [(i, j) for (i, j), lk in links.items() if lk.linked and i not in teasers and j not in teasers]
    part_of = component_of(pairs)
    parts: dict[int, list[tuple[int, int]]] = {}
    for i, j in pairs:
        parts.setdefault(part_of[i], []).append((i, j))
    return list(parts.values())


def _merge_mean(first: list[int], second: list[int], score, mean_needed: float,
                pair_floor: float) -> float | None:
    """The mean evidence of two groups' cross pairs when they may merge (the mean reaches
    ``mean_needed`` and every cross pair ``pair_floor``), else None. Every member of the smaller
    group used to need a link into the larger as well: that kept a story's reports in one language
    apart from its reports in another (few cross-language pairs link) and the same event's two
    groups of reworks apart, while the mean and the floor already refuse a bridge of one strong link
    among weak pairs (README, issue 10 round 6)."""
    members = set(first) | set(second)
    scores = [score(i, j, members) for i in first for j in second]
    mean = sum(scores) / len(scores)
    if mean < mean_needed or min(scores) < pair_floor:
        return None
    return mean


def _order_and_lags(group: list[evi.ArticleFacts]) -> tuple[list[str], str | None, bool, dict[str, float | None],
                                                             dict[str, float]]:
    # The one ordering rule every page uses (newslens.dates.publication_order).
    order = publication_order((a.id, a.start, a.end, a.at) for a in group)
    return order.article_ids, order.first, order.certain, order.lags, order.hours


def _story(group: list[evi.ArticleFacts], links: list[StoryLink], by_hand: bool) -> Story:
    ids, first, certain, lags, hours = _order_and_lags(group)
    digest = hashlib.sha1("\n".join(sorted(ids)).encode("utf-8")).hexdigest()[:8]
    # The story's title: the first reporter's headline, or the earliest member's printed headline
    # when the first one's title is only its url's words (often transliterated or another page's) or
    # its first sentence, or the earliest member's url words when no headline is printed, then its
    # first sentence; never "(untitled)" (nor an article id, as it read) while a member has a title.
    source = {f.id: f.title_source for f in group if f.title != UNTITLED}
    best = next((kind for kind in TitleSource.ALL if kind in source.values()), None)
    candidates = [a for a in ids if source.get(a) == best]
    lead = first or ids[0]
    title_id = lead if lead in candidates or not candidates else candidates[0]
    titles = {a.id: a.title for a in group}
    pairs = len(group) * (len(group) - 1) // 2
    confidence = story_confidence(ids, links, by_hand)
    head = ("Picked by hand" if by_hand else
            f"Grouped automatically on converging evidence (confidence {confidence:.2f}, each report's "
            f"strongest link averaged; {sum(link.linked for link in links)} of {pairs} pairs linked directly)")
    why = order_uncertain_reason(lags, first, certain)
    who = (f"{first} reported first" + ("" if certain else f" (order uncertain: {why})")
           if first else f"order unknown: {NO_ORDER}")
    shown = links if by_hand else [link for link in links if link.linked]
    explanation = f"{head}; {who}. " + " | ".join(
        [link.describe() for link in shown]
        + ([] if by_hand else [_vouched_text(report, pairs) for report, pairs in vouched_joins(ids, links).items()]))
    return Story(f"story-{digest}", ids, titles.get(title_id, UNTITLED), links, first, certain, lags,
                 by_hand, explanation, round(confidence, 3), lag_hours=hours,
                 title_source=source.get(title_id, TitleSource.HEADLINE))


def vouched_joins(ids: list[str], links: list[StoryLink]) -> dict[str, list[StoryLink]]:
    """Each report with no link inside its story (brought in by ``_join_supported``) -> the pairs
    that vouched for it, as grouping counted them (``grouping_score`` at least link.score), in the
    story's order: so "why these articles are grouped" names every member and why it is there."""
    linked = {member for link in links if link.linked for member in (link.a, link.b)}
    bar = _vouch_bar()
    return {report: pairs for report in ids if report not in linked
            and (pairs := [link for link in links if report in (link.a, link.b) and not link.linked
                           and link.grouping_score >= bar])}


def _vouch_bar() -> float:
    """The evidence each vouching pair reaches: what links two dated reports (link.score)."""
    return evi.load_story_rules().get("link", "score")


def _voucher(report: str, link: StoryLink) -> str:
    return link.b if link.a == report else link.a


def _vouched_record(report: str, pairs: list[StoryLink]) -> dict:
    """``_vouched_text`` as data, for ``stories --json``."""
    return {"article_id": report, "join_reason": "vouched", "vouched_by": [_voucher(report, lk) for lk in pairs],
            "evidence": [round(lk.grouping_score, 3) for lk in pairs],
            "evidence_needed": _vouch_bar(), "counts_towards_confidence": False}


def _vouched_text(report: str, pairs: list[StoryLink]) -> str:
    """One sentence on a vouched-for report: which of the story's reports vouch for it, with what
    evidence, and why together they suffice. The pairs' own verdict ("similar content is not
    enough") is left out: it is why none links alone, which the sentence says."""
    bar = _vouch_bar()
    cited = ", ".join(f"{_voucher(report, link)} (evidence {link.grouping_score:.2f}: "
                      f"{'; '.join(link.reasons(verdict=False))})" for link in pairs)
    undated = all(link.days_apart is None and not link.reprint for link in pairs)
    short = " (with a date unknown, one pair needs more evidence of its own)" if undated else ""
    return (f"{report} joined with no link of its own, on the evidence of {len(pairs)} of the story's reports "
            f"together: {cited}; each pair reaches what links two dated reports (evidence {bar:.2f}) though "
            f"none links alone{short}, and several of the story's reports this close to it are converging "
            f"evidence where one is not; it counts nothing towards the story's confidence")


def _language_notice(facts: list[evi.ArticleFacts], languages: set[str] | None, model_name: str) -> tuple[list[str], dict[str, int]]:
    if languages is None:
        return [], {}
    outside = uncovered_counts((f.language for f in facts), languages)
    return language_notices(outside, model_name), outside


def language_notices(outside: dict[str, int], model_name: str) -> list[str]:
    """The notice on articles the model does not compare by meaning (``outside``: language ->
    articles), worded from config/models.yaml as it is now: stored stories keep the counts and are
    worded again when read, so an edited ``coverage_words`` never leaves a stale rebuild hint (the
    app matches the hint to offer its rebuild button)."""
    if not outside:
        return []
    total = sum(outside.values())
    return [f"{languages_text(dict(sorted(outside.items())))} {'are' if total != 1 else 'is'} in languages "
            f"the model {model_name} does not compare by meaning: grouped only by shared wording, numbers, "
            f"names, quotes and cited origin, so re-reports in those languages may be missed. To compare them "
            f"by meaning, {fix_hint()}."]


def surest_story(stories: list[Story]) -> Story | None:
    """The story the grouping is surest of: the highest confidence (to two decimals), the larger
    first among equals, the earlier in ``stories`` among those. The Compare page opens on it: a wrong
    merge makes a story larger and less sure, so the largest story is the likeliest to be a wrong
    merge (README, "A nineteenth set; a cited source counts once; Compare opens on the surest story")."""
    return max(stories, key=lambda s: (round(s.confidence, 2), len(s.article_ids)), default=None)


def group_stories(snapshot: Snapshot, *, max_days: float = MAX_DAYS, threshold: float | None = None,
                  article_ids: list[str] | None = None, candidates: int = CANDIDATES,
                  word_rarity: Callable[[], anchors.CorpusRarity | None] | None = None,
                  progress: Callable[[int, int], None] | None = None) -> StoryResult:
    """Stories (two or more articles reporting one event), largest first, each explained, with
    related-but-separate stories and notices about what could not be compared. ``word_rarity``:
    the corpus's word rarity where the snapshot stores no word index yet (the build's own index).
    ``progress(done, total)``: called for every article read and every pair judged, as two passes
    over the articles (minutes at 100k articles: a build that said nothing meanwhile would be given
    up as hung, ``newslens.jobs``)."""
    step = progress or (lambda done, total: None)
    by_id = _facts(snapshot, article_ids)
    facts = list(by_id.values())
    passes = 2 * len(facts)
    ctx = _context(snapshot, facts, threshold, max_days, word_rarity, progress=lambda done: step(done, passes))
    # Each candidate pair's evidence is judged and dropped: grouping reads only its score, whether it
    # links and the channel cited (``_Judged``); the few pairs inside a story are judged again, in
    # full, for the story's explanation. A full link took about 1.5 KB, 0.6 GB at 40k articles.
    links: dict[tuple[int, int], _Judged] = {}
    across = ctx.shift > 0     # a multilingual model with a measured shift
    pairs = sorted(_candidate_pairs(facts, ctx.weights, candidates, ctx.rules.get("words", "candidates"),
                                    ctx.languages, ctx.rules.get("specifics", "candidate_holders"),
                                    across_languages=across,
                                    language_min_articles=ctx.rules.get("meaning", "language_mean_min_articles")))
    for i, j in pairs:
        step(len(facts) + i, passes)         # (in order of i: the pairs are sorted)
        gap = evi.days_apart(facts[i], facts[j])
        if gap is not None and gap > max_days:
            # past the window only a reprint links (``_late_copy``): judged only when its copied shares
            # say it may be one, kept only when it links (nor is it then a related story)
            if not _late_copy(ctx.rules, *evi.copied_shares(facts[i], facts[j])[1:]):
                continue
            far = link_articles(ctx, facts[i], facts[j])
            if far.linked:
                links[(i, j)] = _Judged.of(far)
            continue
        links[(i, j)] = _Judged.of(link_articles(ctx, facts[i], facts[j]))
    groups = form_groups(ctx, facts, links)
    stories: list[tuple[list[int], Story]] = []
    owner = {i: n for n, members in enumerate(groups) for i in members}
    inside: dict[int, list[StoryLink]] = {}        # group -> its links in full, in the order of ``links``
    for (i, j) in links:
        if owner[i] == owner[j]:
            step(passes, passes)        # (judged again in full: the bar stays at its end)
            inside.setdefault(owner[i], []).append(link_articles(ctx, facts[i], facts[j]))
    for n, members in enumerate(groups):
        if len(members) < 2:
            continue
        stories.append((members, _story([facts[i] for i in members], inside.get(n, []), by_hand=False)))
    notices, outside = _language_notice(facts, ctx.languages, snapshot.model_name)
    _attach_related(stories, groups, facts, links, ctx.rules.get("grouping", "related_score"))
    for _, story in stories:
        story.notices = [n for n in notices
                         if any(not evi.covered(by_id[a].language, ctx.languages) for a in story.article_ids)]
    ordered = [s for _, s in sorted(stories, key=lambda t: (-len(t[1].article_ids), t[1].article_ids[0]))]
    outside_ids = [f.id for f in facts if not evi.covered(f.language, ctx.languages)]
    return StoryResult(ordered, notices, outside, outside_ids)


def form_groups(ctx: _Context, facts: list[evi.ArticleFacts], links: dict[tuple[int, int], _Judged]) -> list[list[int]]:
    """The stories (as positions in ``facts``) grown from the judged candidate pairs: average
    linkage over their evidence (``_grow``), teasers joining afterwards, dates and quotes keeping
    reports apart. ``benchmarks/eval_link_ceiling.py`` runs it on other link decisions."""
    # A channel post that linked reports name as their source is short by nature, but it is the
    # story's origin, not an excerpt of one report: it grows with the story, so that its re-reports
    # (reworded apart, sharing little but the post) are compared through it.
    teasers = frozenset(i for i, f in enumerate(facts)
                        if 0 < len(f.rows) <= ctx.rules.get("meaning", "teaser_paragraphs")) - _origin_posts(facts, links)

    def apart(i: int, j: int) -> bool:
        """Dates (or quotes) that keep two reports out of one story: certainly days apart (or past
        ``max_days``), or quoting different utterances, with no link of their own, as
        ``StoryLink.grouping_score`` has it for the pairs judged."""
        judged = links.get((min(i, j), max(i, j)))
        if judged is not None:
            return judged.apart        # (their quotes may keep them apart too)
        # (two releases of one series too, and events on different weekdays or steps: no third report
        # bridges them)
        factor = _series_factor(ctx, _date_factor(ctx, evi.days_apart(facts[i], facts[j])),
                                evi.figures_apart(facts[i], facts[j]))
        return _kept_apart(factor, False) or evi.first_sentences_apart(facts[i], facts[j], ctx.rules)

    return _grow(len(facts), links, ctx.rules.get("grouping", "merge_mean"), ctx.rules.get("grouping", "pair_floor"),
                 teasers, ctx.rules.get("grouping", "teaser_margin"), teaser_needed=ctx.rules.get("link", "score"),
                 apart=apart, support=(ctx.rules.get("link", "score"), ctx.rules.get("grouping", "support_members")))


def _why_apart(lk: StoryLink | _Judged) -> str:
    """Why a related story's closest pair is no link of one story, said beside its evidence (a
    reviewer read "related, not the same story (evidence 1.29)" beside a story of confidence 0.36 as
    a verdict with no reason)."""
    if lk.linked:
        return "linked to one report, but not close enough to the others to join"
    apart = lk.apart if isinstance(lk, _Judged) else _kept_apart(lk.need_factor, lk.linked)
    return ("kept apart: their dates, quotes or wording tell two events" if apart
            else "below the evidence a link needs")


def _attach_related(stories: list[tuple[list[int], Story]], groups: list[list[int]],
                    facts: list[evi.ArticleFacts], links: dict[tuple[int, int], StoryLink | _Judged], floor: float) -> None:
    owner = {i: n for n, g in enumerate(groups) for i in g}
    story_of = {owner[members[0]]: story for members, story in stories}
    # Each story's closest other groups, in one pass over the links (not one per story).
    closest: dict[int, dict[int, tuple[float, tuple[str, str], str]]] = {g: {} for g in story_of}
    for (i, j), lk in links.items():
        if owner[i] == owner[j] or lk.related_score < floor:
            continue
        for mine, other in ((owner[i], owner[j]), (owner[j], owner[i])):
            best = closest.get(mine)
            if best is not None and lk.related_score > best.get(other, (-1.0, ("", ""), ""))[0]:
                best[other] = (lk.related_score, (lk.a, lk.b), _why_apart(lk))
    for members, story in stories:
        best = closest[owner[members[0]]]
        for other, (score, via, why) in sorted(best.items(), key=lambda t: -t[1][0]):
            if other in story_of:
                o = story_of[other]
                story.related.append(RelatedStory(o.article_ids, o.id, o.title, score, via, why, o.title_source))
            else:
                f = facts[groups[other][0]]
                story.related.append(RelatedStory([f.id], None, f.title, score, via, why, f.title_source))


def detect_stories(snapshot: Snapshot, *, min_share: float = MIN_SHARE, max_days: float = MAX_DAYS,
                   threshold: float | None = None, article_ids: list[str] | None = None,
                   candidates: int = CANDIDATES) -> list[Story]:
    """Groups of two or more articles reporting the same event, largest first, each explained.

    ``min_share`` is kept for callers of the old paragraph-share rule; grouping now weighs the
    evidence of ``config/stories.yaml`` instead."""
    del min_share
    return group_stories(snapshot, max_days=max_days, threshold=threshold, article_ids=article_ids,
                         candidates=candidates).stories


def story_from_articles(snapshot: Snapshot, article_ids: list[str], *, threshold: float | None = None) -> Story:
    """A story the user picked by hand (split, merged or chosen freely): the same first-reporter
    and lag reading, with every pair's evidence shown instead of the reasons for grouping."""
    by_id = _facts(snapshot, list(article_ids))
    missing = [a for a in article_ids if a not in by_id]
    if missing:
        raise ValueError(f"unknown article ids: {', '.join(missing)}")
    group = [by_id[a] for a in dict.fromkeys(article_ids)]
    ctx = _context(snapshot, list(by_id.values()), threshold, MAX_DAYS)
    links = [link_articles(ctx, x, y) for n, x in enumerate(group) for y in group[n + 1:]]
    return _story(group, links, by_hand=True)


def rebuilt_stories(snapshot: Snapshot, groups: list[tuple[list[str], list[StoryLink], list[tuple[str, str]], str]]
                    ) -> list[Story]:
    """Stories a researcher's verdicts changed (``newslens.compare.judgements``), each given as its
    members, the grouping's links among them kept, the pairs a verdict joins and a note saying what
    was decided: ordered and titled as any story, the joined pairs linked at 1.0 with their evidence
    (read once, in one context over every article named: at 100k articles, one context per story took
    seconds each), the explanation opened by the note."""
    wanted = list(dict.fromkeys(a for members, _, _, _ in groups for a in members))
    by_id = _facts(snapshot, wanted)
    fresh: dict[frozenset, StoryLink] = {}
    joined = [(a, b) for members, kept, pairs, _ in groups for a, b in pairs
              if a in by_id and b in by_id and not any({lk.a, lk.b} == {a, b} for lk in kept)]
    if joined:
        ctx = _context(snapshot, list(by_id.values()), None, MAX_DAYS)
        fresh = {frozenset(p): link_articles(ctx, by_id[p[0]], by_id[p[1]]) for p in joined}
    out = []
    for members, kept, pairs, note in groups:
        decided = {frozenset(p) for p in pairs}
        links = [dataclasses.replace(lk, linked=True, confidence=1.0) if frozenset((lk.a, lk.b)) in decided else lk
                 for lk in kept + [fresh[p] for p in decided if p in fresh]]
        story = _story([by_id[a] for a in dict.fromkeys(members) if a in by_id], links, by_hand=False)
        story.explanation = f"{note} {story.explanation}"
        out.append(story)
    return out
