"""Topics facade: what the topics page, the CLI, other pages and the pipeline call (pure).

- lenses: ``score_snapshot`` (every paragraph x every lens) and ``topic_labels`` (threshold);
- clusters: ``cluster_snapshot`` over the content paragraphs;
- the corpus map: ``build_map`` (the pipeline stores it in the snapshot) and ``corpus_map``
  (the stored map, or one computed on the fly for a small corpus);
- views: ``topic_table`` (one row per content paragraph), ``topic_share`` (over time or per
  outlet) and ``ranked_paragraphs`` (the list view of one lens or cluster).
"""
from __future__ import annotations

from collections import Counter

from dataclasses import replace
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from newslens import languages, vectors
from newslens.dates import DATE, DATE_ISO, article_dates
from newslens.filters import article_rows_of_paragraphs
from newslens.outlets import outlet_labels
from newslens.topics.clusters import (ClusterParams, Clustering, choose_projection, cluster_embeddings,
                               cluster_paragraphs, default_cluster_count, project_2d)
from newslens.embedder import Embedder, ModelLoadError, check_query_model
from newslens.topics import lens_head, lens_labels, lens_store
from newslens.topics.lenses import (WORDS_ONLY_NOTE, LensConfig, LensScores, embed_phrasings,
                                    score_paragraphs, words_only_decides, words_only_rows,
                                    cross_language_rows, paragraph_languages)
from newslens.knowledge import threshold
from newslens.schema import TITLE_FROM_URL_FIELD, TITLE_SOURCE_FIELD, ArticleCol, Kind, ParagraphCol, TitleSource, title_source
from newslens.store import Snapshot

# Columns added by the topic views (not part of the snapshot contract).
TOPICS = "topics"           # list of lens names
SCORES = "scores"           # dict lens -> score
WHY = "why"                 # dict lens -> closest example phrasing
WORDS = "words"             # dict lens -> the lens's lexicon wordings found in the paragraph
SCORED_BY = "scored_by"     # how the scores were made: SCORED_BY_* below
SCORED_BY_FORMULA, SCORED_BY_WORDS, SCORED_BY_HEAD = "examples and wordings", "wordings only", "trained head"
CLUSTER = "cluster"
CLUSTER_LABEL = "cluster_label"
SCORE = "score"
X, Y = "x", "y"
PROJECTION = "projection"
PERIOD = "period"
GROUP = "group"
SHARE = "share"
COUNT = "count"
TOTAL = "total"
# the date as a reader says it (as the Reader, Search and Timeline do: "18 Mar 2022"), beside DATE_ISO
# ("2022-03-18", "on or after 2025-09-25", None when undated)
DATE_TEXT = DATE

# Bumped when build_map changes, so the pipeline recomputes stored maps (see pipeline.build.map_key).
MAP_VERSION = "2"
# The map stored in a snapshot: content paragraphs only, keyed by paragraph id, with the default
# clustering (k-means at the default k), which is the slow part of the page at 100k paragraphs.
MAP_COLUMNS = (ParagraphCol.ID, X, Y, PROJECTION, CLUSTER)


def content_rows(snapshot: Snapshot) -> np.ndarray:
    """Row positions of the content paragraphs (the only ones scored, clustered and mapped)."""
    return np.flatnonzero(snapshot.content_mask())


# --- lenses ---------------------------------------------------------------------------------

def threshold_ceilings(scores: LensScores) -> dict[str, float]:
    """Per lens, the far end of its threshold slider: 1.0, or just above the highest score of any
    paragraph (furniture is NaN) when one passes 1.0 (a similarity plus lexicon wordings, or a
    trained head's verdict, can), so that at the far end no paragraph carries the lens."""
    block = np.asarray(scores.scores)
    out = {}
    for j, name in enumerate(scores.names):
        column = block[:, j][np.isfinite(block[:, j])]
        top = float(column.max()) if len(column) else 0.0
        end = round(np.floor(top * 100) / 100 + 0.01, 2)
        out[name] = float(max(1.0, end if end > top else round(end + 0.01, 2)))   # strictly above, float32 or not
    return out


def score_snapshot(snapshot: Snapshot, config: LensConfig,
                   embedder: Embedder | Callable[[], Embedder], *, use_head: bool = True) -> LensScores:
    """Every paragraph of the snapshot scored against every lens (NaN for furniture).

    Lenses the pipeline scored the same way are read from the snapshot (``lens_store``); the rest
    are scored now with ``embedder``; paragraphs in languages the model does not cover are scored
    by words only (``lenses.words_only_rows``), the same rule the pipeline stores scores by.
    ``embedder`` must be the snapshot's model in a setup whose vectors compare with the snapshot's
    (lens phrasings and paragraphs share one space): else ``ModelLoadError``, as search refuses a
    query. A callable is called only when some lens needs scoring, so a page whose lenses are all
    stored never loads the model. ``use_head=False``: the formula's scores, without the trained head
    (``with_head``), for the benchmarks that measure the formula.
    """
    stored = lens_store.stored_scores(snapshot, config)
    words_only = words_only_rows(snapshot.paragraphs, snapshot.articles, snapshot.model_name)
    cross = cross_language_rows(snapshot.paragraphs, snapshot.articles, config.examples_language)
    row_languages = paragraph_languages(snapshot.paragraphs, snapshot.articles)    # (the formula's and the head's)
    have = stored.columns if stored is not None else {}
    live_lenses = tuple(lens for lens in config.lenses if lens.name not in have)
    live = None
    if live_lenses:
        model = embedder() if callable(embedder) and not hasattr(embedder, "encode") else embedder
        # The phrasings are queries: embedded by another model, or in a setup whose vectors do not
        # compare with the paragraphs', they would score silently wrong (search refuses the same).
        try:
            check_query_model(snapshot.model_name, snapshot.model_dim, snapshot.embed_setup, model)
        except ModelLoadError as exc:
            names = ", ".join(repr(lens.name) for lens in live_lenses)
            raise ModelLoadError(f"the lens{'es' if len(live_lenses) > 1 else ''} {names} cannot be scored: "
                                 f"{exc}") from None
        subset = replace(config, lenses=live_lenses)
        live = score_paragraphs(snapshot.embeddings, snapshot.content_mask(), subset,
                                embed_phrasings(subset, model),
                                texts=snapshot.paragraphs[ParagraphCol.TEXT].astype(str).tolist(),
                                words_only=words_only, cross_language=cross,
                                text_languages=row_languages)
        if stored is None:
            return with_head(snapshot, config, live, row_languages) if use_head else live
    merged = replace(_merge(config, stored, live, len(snapshot.paragraphs)), words_only=words_only,
                     cross_language=cross)
    return with_head(snapshot, config, merged, row_languages) if use_head else merged


def with_head(snapshot: Snapshot, config: LensConfig, scores: LensScores, row_languages: np.ndarray) -> LensScores:
    """``scores`` rescored by the trained head shipped for the snapshot's model (``lens_head``), when
    there is one, readable, and its lenses are unchanged; else unchanged (``head_note`` says why).
    ``row_languages``: each paragraph row's base language code (``paragraph_languages``)."""
    head, _why_not = _usable_head(snapshot, config)
    if head is None:
        return scores
    try:
        return lens_head.apply_head(head, scores, snapshot.embeddings, config, row_languages)
    except lens_head.LensHeadError:
        return scores        # (head_note gives the reason: the dimensions differ)


def _usable_head(snapshot: Snapshot, config: LensConfig) -> tuple[lens_head.LensHead | None, str | None]:
    """(the head to apply, None) or (None, why not, for the page; None when no head is shipped)."""
    try:
        head = lens_head.load_head(snapshot.model_name)
    except lens_head.LensHeadError as exc:
        return None, f"The trained lens head could not be used ({exc}); lenses are scored by the formula."
    if head is None:
        return None, None
    if snapshot.model_dim and head.vector_coef.shape[0] != snapshot.model_dim:
        return None, (f"{head.describe()} reads {head.vector_coef.shape[0]}-dimensional vectors, this snapshot's "
                      f"are {snapshot.model_dim}-dimensional: lenses are scored by the formula.")
    if not head.fits(config):
        changed = ", ".join(head.names)
        return None, (f"The lenses {changed} were edited or removed since {head.describe()} was fitted to them, "
                      "so they are scored by similarity to the examples and lexicon wordings (restore them, "
                      "or refit the head with benchmarks/eval_lens_head.py).")
    return head, None


def head_note(snapshot: Snapshot, config: LensConfig, scores: LensScores) -> str | None:
    """One sentence on how lens scores were made when a trained head is involved (None: no head for
    this model, or no paragraph it applies to)."""
    if isinstance(scores, lens_head.HeadScores):
        scored = int(scores.head_rows.sum()) if scores.head_rows is not None else 0
        if not scored:
            return None
        others = [name for name in scores.names if name not in scores.head_lenses]
        rest = (f"the {', '.join(others)} lens{'es' if len(others) > 1 else ''} and other paragraphs are"
                if others else "other paragraphs are")
        return (f"The {', '.join(scores.head_lenses)} scores of {scored:,} paragraph{'s' if scored != 1 else ''} "
                f"in {_head_languages(scores, config)} come from {scores.head}; {rest} scored by the formula "
                "(similarity to the examples plus lexicon wordings; wordings alone where the model does not "
                "read the language).")
    return _usable_head(snapshot, config)[1]


def _head_languages(scores: lens_head.HeadScores, config: LensConfig) -> str:
    """The languages the head scored, as the note says them: "English (or of unknown language)",
    then the head file's other languages ("..., German, Romanian or Russian")."""
    own = f"{languages.language_name(config.examples_language)} (or of unknown language)"
    others = [languages.language_name(code) for code in scores.other_languages if code != config.examples_language]
    if len(others) < 2:
        return " or ".join([own, *others])
    return f"{own}, {', '.join(others[:-1])} or {others[-1]}"


def scored_by(scores: LensScores, rows: np.ndarray) -> np.ndarray:
    """Per row of ``rows``: how its lens scores were made (SCORED_BY_*)."""
    out = np.full(len(rows), SCORED_BY_FORMULA, dtype=object)
    if scores.words_only is not None:
        out[np.asarray(scores.words_only, dtype=bool)[rows]] = SCORED_BY_WORDS
    head_rows = getattr(scores, "head_rows", None)
    if head_rows is not None:
        # a lens the head was not fitted to (one added on the page) keeps the formula in those rows too
        others = [name for name in scores.names if name not in getattr(scores, "head_lenses", ())]
        out[np.asarray(head_rows, dtype=bool)[rows]] = SCORED_BY_HEAD if not others else (
            f"{SCORED_BY_HEAD} ({', '.join(scores.head_lenses)}); {SCORED_BY_FORMULA} ({', '.join(others)})")
    return out


def _merge(config: LensConfig, stored: lens_store.StoredScores, live: LensScores | None, n: int) -> LensScores:
    """One ``LensScores`` in the config's lens order from stored columns and live ones."""
    names = config.names
    phrasings = {lens.name: lens.phrasings() for lens in config.lenses}
    if live is None and tuple(stored.columns) == names:   # all stored, in this order: nothing to copy
        return LensScores(names, stored.scores, stored.closest, phrasings, stored.similarity, stored.found, names)
    scores = np.empty((n, len(names)), dtype=np.float32)
    similarity = np.empty((n, len(names)), dtype=np.float32)
    closest = np.empty((n, len(names)), dtype=np.int32)
    found: dict[tuple[int, int], tuple[str, ...]] = {}
    for j, name in enumerate(names):
        if name in stored.columns:
            source, col = stored, stored.columns[name]
        else:
            assert live is not None
            source, col = live, live.names.index(name)
        scores[:, j] = source.scores[:, col]
        similarity[:, j] = source.similarity[:, col] if source.similarity is not None else source.scores[:, col]
        closest[:, j] = source.closest[:, col]
    position = {name: j for j, name in enumerate(names)}
    stored_names = {col: name for name, col in stored.columns.items()}
    for (row, col), words in stored.found.items():
        found[(row, position[stored_names[col]])] = words
    if live is not None:
        for (row, col), words in live.found.items():
            found[(row, position[live.names[col]])] = words
    return LensScores(names, scores, closest, phrasings, similarity, found,
                      tuple(name for name in names if name in stored.columns))


def topic_labels(scores: LensScores, thresholds: Mapping[str, float]) -> pd.Series:
    """Lens names per paragraph row (aligned with ``snapshot.paragraphs``; furniture: []), by the one
    labelling rule (``lens_labels``: where a trained head scored, its verdict)."""
    return lens_labels.assign_labels(scores, thresholds)


# --- clusters -------------------------------------------------------------------------------

def default_params(snapshot: Snapshot) -> ClusterParams:
    return ClusterParams(k=default_cluster_count(int(snapshot.content_mask().sum())))


def cluster_snapshot(snapshot: Snapshot, params: ClusterParams) -> Clustering:
    """Clusters of the content paragraphs; arrays are aligned with ``content_rows(snapshot)``.

    The default clustering comes from the snapshot's stored map when the pipeline computed it.
    """
    rows = content_rows(snapshot)
    texts = snapshot.paragraphs[ParagraphCol.TEXT].to_numpy()[rows].tolist()
    stored = stored_clusters(snapshot) if params == default_params(snapshot) else None
    # With stored labels the rows stay in the snapshot's dtype (float16 at scale) and are
    # converted block by block: a float32 copy of 1M rows is 1.5 GB.
    matrix = snapshot.embeddings[rows] if stored is not None else vectors.take(snapshot.embeddings, rows)
    # each paragraph's article's language: its function words are not what a cluster is about
    language_of = dict(zip(snapshot.articles[ArticleCol.ID], snapshot.articles[ArticleCol.LANGUAGE]))
    languages = snapshot.paragraphs[ParagraphCol.ARTICLE_ID].to_numpy()[rows]
    return cluster_paragraphs(matrix, texts, params, labels=stored,
                              languages=[language_of.get(a) for a in languages.tolist()])


def stored_clusters(snapshot: Snapshot) -> np.ndarray | None:
    """The default cluster of each content paragraph from the stored map, if it covers them all."""
    stored = snapshot.map
    if stored is None or CLUSTER not in stored.columns or ParagraphCol.ID not in stored.columns:
        return None
    ids = snapshot.paragraphs[ParagraphCol.ID].to_numpy()[content_rows(snapshot)]
    at = stored_positions(stored, ids)
    if at is None:
        return None
    values = stored[CLUSTER].iloc[at]
    return None if values.isna().any() else values.to_numpy(dtype=np.int64)


def stored_positions(stored: pd.DataFrame, ids) -> np.ndarray | None:
    """Row in the stored map of each paragraph id (its first row if repeated), or None when the
    map lacks one. By hashing: ``isin`` over 1M arrow strings took 5 s of the page's first visit."""
    index = pd.Index(stored[ParagraphCol.ID])
    first = np.flatnonzero(~index.duplicated())
    at = index[first].get_indexer(ids)
    return None if (at < 0).any() else first[at]


# --- the corpus map -------------------------------------------------------------------------

def build_map(embeddings: np.ndarray, paragraphs: pd.DataFrame | None = None,
              method: str | None = None) -> pd.DataFrame:
    """The 2-D corpus map the pipeline stores as ``SnapshotFile.MAP``.

    With ``paragraphs`` (aligned with ``embeddings``) only content paragraphs are projected and
    rows carry their paragraph id; without, every row is projected and identified by position.
    t-SNE for small corpora, PCA beyond ``clusters.TSNE_MAX`` (see benchmarks/bench_topics.py).
    """
    embeddings = np.asarray(embeddings, dtype=np.float32)
    if paragraphs is not None:
        rows = np.flatnonzero(paragraphs[ParagraphCol.KIND].isin(Kind.CONTENT).to_numpy())
        ids = paragraphs[ParagraphCol.ID].to_numpy()[rows]
    else:
        rows = np.arange(len(embeddings))
        ids = rows.astype(str)
    method = method or choose_projection(len(rows))
    coords = project_2d(embeddings[rows], method)
    labels, _ = cluster_embeddings(embeddings[rows], ClusterParams(k=default_cluster_count(len(rows))))
    return pd.DataFrame({ParagraphCol.ID: ids, X: coords[:, 0] if len(rows) else [],
                         Y: coords[:, 1] if len(rows) else [], PROJECTION: method,
                         CLUSTER: labels.astype(np.int64)})


def corpus_map(snapshot: Snapshot, method: str | None = None) -> pd.DataFrame:
    """Map coordinates for every content paragraph, in content-row order.

    Uses the map stored in the snapshot when it covers the content paragraphs (and no other
    method was asked for); otherwise projects now.
    """
    rows = content_rows(snapshot)
    ids = snapshot.paragraphs[ParagraphCol.ID].to_numpy()[rows]
    stored = snapshot.map
    if stored is not None and ParagraphCol.ID in stored.columns and {X, Y} <= set(stored.columns):
        stored_method = str(stored[PROJECTION].iloc[0]) if PROJECTION in stored.columns and len(stored) else "stored"
        if method is None or method == stored_method:
            at = stored_positions(stored, ids)
            if at is not None:
                coords = stored[[X, Y]].to_numpy(dtype=np.float32)[at]
                return pd.DataFrame({ParagraphCol.ID: ids, X: coords[:, 0], Y: coords[:, 1],
                                     PROJECTION: stored_method})
    method = method or choose_projection(len(rows))
    coords = project_2d(vectors.take(snapshot.embeddings, rows), method)
    return pd.DataFrame({ParagraphCol.ID: ids, X: coords[:, 0] if len(rows) else [],
                         Y: coords[:, 1] if len(rows) else [], PROJECTION: method})


# --- views ----------------------------------------------------------------------------------

def words_only_stamp(scores: LensScores, rows: np.ndarray) -> str:
    """The lens charts' stamp part when some of ``rows`` were scored by words only: a screenshot of a
    lens chart must not read as "these outlets never mention morale" when the model could not read
    them (set 31: 374 of 514 paragraphs, every Russian and Ukrainian one). "" when none."""
    if scores.words_only is None or not len(rows):
        return ""
    n = int(np.asarray(scores.words_only, dtype=bool)[np.asarray(rows)].sum())
    return (f"lenses: {n:,} of {len(rows):,} paragraphs by lexicon wordings only (languages the model does "
            f"not read)") if n else ""


def words_only_notice(snapshot: Snapshot, scores: LensScores, rows: np.ndarray,
                      lens_config: LensConfig | None = None,
                      thresholds: Mapping[str, float] | None = None) -> str | None:
    """What the page says when some of ``rows`` (content paragraphs in view) were scored by words
    only: how many, in which languages, which lenses cannot label them (no lexicon, or a weight that
    does not reach the threshold: a lens added in the app) and how to have them scored by meaning.
    None when none."""
    if scores.words_only is None or not len(rows):
        return None
    picked = np.asarray(rows)[scores.words_only[rows]]
    if not len(picked):
        return None
    # Each paragraph's article row, computed once per snapshot (this runs on every rerun).
    owners = article_rows_of_paragraphs(snapshot.paragraphs, snapshot.articles)[picked]
    article_languages = snapshot.articles[ArticleCol.LANGUAGE].to_numpy(dtype=object)
    known = article_languages[np.maximum(owners, 0)] if len(article_languages) else np.full(len(owners), None)
    counts = languages.language_counts(np.where(owners >= 0, known, None).tolist())
    listing = ", ".join(f"{lang}: {n:,}" for lang, n in counts.items())
    blind = []
    if lens_config is not None:
        thresholds = {**lens_config.thresholds(), **(thresholds or {})}   # the page's sliders win
        blind = [lens.name for lens in lens_config.lenses
                 if not lens.lexicon or not words_only_decides(lens.lexicon_weight, thresholds[lens.name])]
    never = (f" {', '.join(blind)} {'has' if len(blind) == 1 else 'have'} no lexicon wording that reaches "
             f"{'its' if len(blind) == 1 else 'their'} threshold, so {'it' if len(blind) == 1 else 'they'} "
             f"never label{'s' if len(blind) == 1 else ''} them." if blind else "")
    return (f"{len(picked):,} of these paragraphs are in languages the model {snapshot.model_name} does not "
            f"compare by meaning ({listing}): they get a lens only when one of its lexicon wordings is "
            f"found.{never} To score them by meaning, {languages.fix_hint()}.")


def topic_table(snapshot: Snapshot, scores: LensScores, labels: pd.Series,
                clustering: Clustering | None = None) -> pd.DataFrame:
    """One row per content paragraph: ids, outlet, date, text, topics, scores, why, words, cluster."""
    rows = content_rows(snapshot)
    paragraphs = snapshot.paragraphs.iloc[rows]
    meta = snapshot.articles.set_index(ArticleCol.ID)
    said = article_dates(snapshot.articles)
    article_ids = paragraphs[ParagraphCol.ARTICLE_ID]
    sources = article_ids.map(meta[ArticleCol.TITLE_NOTE].map(title_source)).fillna(TitleSource.HEADLINE).to_numpy()
    table = pd.DataFrame({
        ParagraphCol.ID: paragraphs[ParagraphCol.ID].to_numpy(),
        ParagraphCol.ARTICLE_ID: article_ids.to_numpy(),
        ParagraphCol.POSITION: paragraphs[ParagraphCol.POSITION].to_numpy(),
        # Display labels, so a missing outlet groups as "unknown outlet", never "nan".
        ArticleCol.OUTLET: article_ids.map(outlet_labels(meta)).to_numpy(),
        ArticleCol.TITLE: article_ids.map(meta[ArticleCol.TITLE]).to_numpy(),
        TITLE_SOURCE_FIELD: sources,
        TITLE_FROM_URL_FIELD: sources == TitleSource.URL,
        ArticleCol.URL: article_ids.map(meta[ArticleCol.URL]).to_numpy(),
        ArticleCol.LANGUAGE: article_ids.map(meta[ArticleCol.LANGUAGE]).to_numpy(),
        ArticleCol.PUBLISHED: article_ids.map(meta[ArticleCol.PUBLISHED]).to_numpy(),
        ArticleCol.DATE_PRECISION: article_ids.map(meta[ArticleCol.DATE_PRECISION]).to_numpy(),
        ArticleCol.DATE_START: pd.to_datetime(article_ids.map(meta[ArticleCol.DATE_START])).to_numpy(),
        **{col: article_ids.map(said[col]).to_numpy() for col in (DATE_TEXT, DATE_ISO)},
        ParagraphCol.TEXT: paragraphs[ParagraphCol.TEXT].to_numpy(),
    })
    per_row = labels.to_numpy()          # not labels.iloc[r] a million times (14 s under a profiler)
    table[TOPICS] = [list(per_row[r]) for r in rows]
    table[SCORES], table[WHY], table[WORDS] = lens_details(scores, rows)
    table[SCORED_BY] = scored_by(scores, rows)
    if clustering is not None:
        table[CLUSTER] = clustering.labels
        table[CLUSTER_LABEL] = [clustering.name(c) for c in clustering.labels]
    return table


OTHER_LANGUAGES_SHARE = threshold("topics", "other_languages_share", high=1.0)


def cluster_languages(snapshot: Snapshot, clustering: Clustering, shown: int = 2) -> tuple[list[str], list[int]]:
    """Per cluster, its paragraphs' languages as "de 39 · en 2" (the ``shown`` commonest), and the
    clusters almost all in languages other than the corpus's commonest (``OTHER_LANGUAGES_SHARE``):
    a model groups a language it does not read by its script and word pieces, not by what it says
    (set 34's review: seven of eighteen clusters were German, Polish and Czech, Russian and
    Ukrainian, Arabic..., named as themes). A cluster of the commonest language is the usual case."""
    rows = content_rows(snapshot)
    # one code per article, then per row by lookup: a call per paragraph took 1 s at 1M paragraphs
    by_article = {str(a): languages.base_language(lang if isinstance(lang, str) else None) or languages.UNKNOWN
                  for a, lang in zip(snapshot.articles[ArticleCol.ID], snapshot.articles[ArticleCol.LANGUAGE])}
    codes = snapshot.paragraphs[ParagraphCol.ARTICLE_ID].iloc[rows].astype(str).map(by_article).fillna(languages.UNKNOWN)
    frame = pd.DataFrame({"cluster": clustering.labels, "language": codes.to_numpy()})
    commonest = frame["language"].value_counts().index[0] if len(frame) else None
    per_cluster = frame.groupby("cluster")["language"]
    texts, single = [], []
    for cluster in range(len(clustering.centroids)):
        counts = per_cluster.get_group(cluster).value_counts() if cluster in per_cluster.groups else pd.Series(dtype=int)
        texts.append(" · ".join(f"{lang} {n}" for lang, n in counts.iloc[:shown].items()))
        if counts.sum() > 1 and counts.sum() - counts.get(commonest, 0) >= OTHER_LANGUAGES_SHARE * counts.sum():
            single.append(cluster)
    return texts, single


# Rows the list view's table shows (the best-ranked); its downloads hold every row. A browser table
# of a whole 20k-paragraph cluster cost seconds per rerun at 1M paragraphs.
LIST_TABLE_ROWS = 1_000


def lens_details(scores: LensScores, rows: np.ndarray) -> tuple[list[dict], list[dict], list[dict]]:
    """Per row of ``rows``, lens -> score (4 decimals), lens -> closest phrasing (``scores.why``)
    and lens -> lexicon words found (``scores.words``), as the topic table holds them.

    Lens by lens over arrays, not two method calls per paragraph and lens (8 s of the topics
    page's first visit at 1M paragraphs); the found words are sparse and filled in afterwards.
    """
    names = scores.names
    values = np.asarray(scores.scores[rows], dtype=np.float64).tolist()
    score_dicts = [{name: round(v, 4) for name, v in zip(names, row)} for row in values]
    closest = []
    for j, name in enumerate(names):
        phrasings = scores.phrasings[name]
        closest.append([None if k < 0 else phrasings[k] for k in scores.closest[rows, j].tolist()])
    why_dicts = [dict(zip(names, row)) for row in zip(*closest)] if names else [{} for _ in rows]
    if scores.words_only is not None:
        # No phrasing is close to a paragraph scored by words only in a meaningful way: say so.
        for at in np.flatnonzero(scores.words_only[rows]).tolist():
            why_dicts[at] = dict.fromkeys(names, WORDS_ONLY_NOTE)
    word_dicts: list[dict] = [{name: [] for name in names} for _ in range(len(rows))]
    position = np.full(len(scores.scores), -1, dtype=np.int64)
    position[rows] = np.arange(len(rows))
    for (row, j), words in scores.found.items():
        at = int(position[row])
        if at >= 0:
            word_dicts[at][names[j]] = list(words)
    return score_dicts, why_dicts, word_dicts

LENS_OPTION = "lens: "
CLUSTER_OPTION = "cluster: "


def list_options(lens_names: Sequence[str], clustering: Clustering) -> list[str]:
    """The list view's choices: every lens, then every cluster by its number and top words."""
    return [f"{LENS_OPTION}{n}" for n in lens_names] + [f"{CLUSTER_OPTION}{clustering.name(c)}" for c in clustering.sizes]


def parse_list_option(choice: str) -> tuple[str | None, int | None]:
    """``(lens name, None)`` or ``(None, cluster number)`` for a choice made by ``list_options``."""
    if choice.startswith(LENS_OPTION):
        return choice[len(LENS_OPTION):], None
    if choice.startswith(CLUSTER_OPTION):
        return None, int(choice[len(CLUSTER_OPTION):].split(":", 1)[0])
    raise ValueError(f"not a list option: {choice!r}")


def ranked_paragraphs(table: pd.DataFrame, *, lens: str | None = None, cluster: int | None = None,
                      cluster_similarity: np.ndarray | None = None, labelled_only: bool = True) -> pd.DataFrame:
    """The list view: paragraphs of one lens (by score) or one cluster (closest to its centre first)."""
    # Rows are picked before the score column is added: copying all of a 1M-row table first cost 1 s.
    if lens is not None:
        out = table[np.array([lens in t for t in table[TOPICS]], dtype=bool)] if labelled_only else table
        out = out.assign(**{SCORE: [s.get(lens, np.nan) for s in out[SCORES]]})
        return out.sort_values(SCORE, ascending=False, kind="stable").reset_index(drop=True)
    if cluster is not None:
        sim = cluster_similarity if cluster_similarity is not None else np.full(len(table), np.nan)
        inside = (table[CLUSTER] == cluster).to_numpy()
        out = table[inside].assign(**{SCORE: np.round(np.asarray(sim)[inside], 4)})
        return out.sort_values(SCORE, ascending=False, kind="stable").reset_index(drop=True)
    raise ValueError("give a lens or a cluster")


def group_members(values: pd.Series, groups: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """``(rows, group numbers)``: each row position of ``values`` carrying a group, once per group.

    A row carries a group when its value is that group or a list holding it (lens names per
    paragraph, or one cluster label). Exploded once, never tested row by row in Python (1.6 s at
    1M paragraphs), and sparse: 50 clusters x 1M rows would be 50 MB of masks per chart.
    """
    exploded = values.reset_index(drop=True).explode()
    codes = pd.Index(list(groups), dtype=object).get_indexer(exploded.to_numpy())
    carried = codes >= 0
    rows, codes = exploded.index.to_numpy()[carried], codes[carried]
    width = max(len(groups), 1)
    seen = np.zeros(len(values) * width, dtype=bool)      # a name listed twice in a row counts once
    seen[rows.astype(np.int64) * width + codes] = True
    pairs = np.flatnonzero(seen)
    return pairs // width, pairs % width


def members_within(members: tuple[np.ndarray, np.ndarray], keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``group_members`` of a whole table narrowed to the rows ``keep`` selects, renumbered as
    ``table[keep].reset_index(drop=True)`` numbers them (no second pass over the labels)."""
    rows, codes = members
    inside = keep[rows]
    position = np.cumsum(keep) - 1
    return position[rows[inside]], codes[inside]


def topic_share(table: pd.DataFrame, groups: Sequence[str], *, by: str = "month",
                column: str = TOPICS, members: tuple[np.ndarray, np.ndarray] | None = None) -> pd.DataFrame:
    """Share of content paragraphs carrying each group (lens or cluster label), per period or outlet.

    ``by`` is "month", "week" or "outlet". Over time, undated paragraphs are left out (the page
    says how many); each article counts at its earliest possible date. Long format:
    period/outlet, group, count, total, share. ``members`` is ``group_members(table[column],
    groups)`` when the caller already has it (the page computes it once for both charts).
    """
    rows, codes = members if members is not None else group_members(table[column], groups)
    keep = np.ones(len(table), dtype=bool)
    if by == "outlet":
        key = table[ArticleCol.OUTLET].astype(str)
        key_name = ArticleCol.OUTLET
    elif by in {"month", "week"}:
        dates = pd.to_datetime(table[ArticleCol.DATE_START])
        keep = dates.notna().to_numpy()
        freq = "M" if by == "month" else "W-MON"
        key = dates[keep].dt.to_period(freq).dt.start_time
        key_name = PERIOD
    else:
        raise ValueError(f"unknown grouping {by!r}; use month, week or outlet")
    # Counted with integer codes: one groupby per group took 1.5 s per chart for 50 clusters at 1M.
    key_codes, keys = pd.factorize(key, sort=True)
    key_of_row = np.full(len(table), -1, dtype=np.int64)
    key_of_row[np.flatnonzero(keep)] = key_codes
    totals = np.bincount(key_codes, minlength=len(keys))
    row_keys = key_of_row[rows]
    counted = row_keys >= 0
    n_groups = len(groups)
    counts = np.bincount(row_keys[counted] * n_groups + codes[counted],
                         minlength=len(keys) * n_groups).reshape(len(keys), n_groups) if n_groups else None
    records = []
    for j, g in enumerate(groups):
        for i, k in enumerate(keys):
            total = int(totals[i])
            count = int(counts[i, j])
            records.append({key_name: k, GROUP: str(g), COUNT: count, TOTAL: total,
                            SHARE: count / total if total else 0.0})
    return pd.DataFrame(records, columns=[key_name, GROUP, COUNT, TOTAL, SHARE])


# An article or paragraph without a lens: one name (and so one grey) on every page's charts.
NO_TOPIC = "no lens"


def articles_by_topic(articles: pd.DataFrame, paragraphs: pd.DataFrame, labels: pd.Series,
                      group_col: str = GROUP) -> pd.DataFrame:
    """``articles`` with each article's main lens, for "volume by topic": each article counts once.

    The main lens is the one most of its paragraphs carry (a tie goes to the lens met first, in
    paragraph order and each paragraph's best lens first); an article none of whose paragraphs has
    a lens is ``NO_TOPIC``. A row per lens counted an article under each (Dec 2022 read 4 articles
    in a month of 2, review s32). ``labels`` is aligned with ``paragraphs`` (e.g. ``topic_labels``).
    """
    carried: dict[str, Counter] = {}
    for article_id, names in zip(paragraphs[ParagraphCol.ARTICLE_ID], labels):
        if names:
            carried.setdefault(article_id, Counter()).update(names)
    main = [carried[a].most_common(1)[0][0] if a in carried else NO_TOPIC for a in articles[ArticleCol.ID]]
    return articles.assign(**{group_col: pd.Series(main, index=articles.index, dtype=object)})
