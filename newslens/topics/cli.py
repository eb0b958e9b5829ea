"""``python -m newslens topics``: every content paragraph with its lens labels, scores and cluster."""
from __future__ import annotations

import argparse

import pandas as pd

from newslens import config
from newslens.command import CommandError, add_common, corpus_notices, emit_json, open_snapshot
from newslens.export import envelope
from newslens.topics.clusters import METHODS, MAX_CLUSTERS, ClusterParams
from newslens.embedder import load_embedder, query_setup_for
from newslens.topics.lenses import LensConfig, LensError, LensScores, load_lenses
from newslens.schema import TITLE_FROM_URL_FIELD, TITLE_SOURCE_FIELD, ArticleCol, ParagraphCol
from newslens.topics import analysis as topics
from newslens.safe import terminal_text
from newslens.store import Snapshot

# each record says which article it is from (title, address, language, date as a reader says it and
# in ISO form), so a script needs no join with `articles --json` (set 34's review)
RECORD_COLUMNS = [ParagraphCol.ID, ParagraphCol.ARTICLE_ID, ArticleCol.OUTLET, ArticleCol.TITLE, TITLE_FROM_URL_FIELD,
                  TITLE_SOURCE_FIELD, ArticleCol.URL,
                  ArticleCol.LANGUAGE, topics.DATE_TEXT, topics.DATE_ISO, ArticleCol.PUBLISHED,
                  ArticleCol.DATE_PRECISION, ParagraphCol.TEXT, topics.TOPICS, topics.SCORES, topics.WHY,
                  topics.WORDS, topics.SCORED_BY, topics.CLUSTER, topics.CLUSTER_LABEL]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("topics", help="lens labels, scores and clusters of every content paragraph",
                       description="--json prints an object: snapshot_id, inputs (the options as applied), "
                                   "notices (how the scores were made, paragraphs scored by words only: what "
                                   "the Topics page says) and paragraphs, one record per content paragraph: "
                                   "paragraph_id, article_id, its article's outlet, title, title_from_url (the "
                                   "title is the url's words, not a printed headline), title_source ('headline', "
                                   "'url' or 'first sentence': where the title comes from), url, language, "
                                   "date (as a reader says it: '18 Mar 2022', 'date unknown'), date_iso "
                                   "('2022-03-18', 'on or after 2025-09-25', null when undated), published and "
                                   "date_precision, text, "
                                   "topics (lens names at or above the threshold), scores (lens -> "
                                   "score), why (lens -> closest example phrasing, or a note when the paragraph's "
                                   "language is scored by words only), words (lens -> its lexicon "
                                   "wordings found in the paragraph, each adding to the score), scored_by "
                                   "('examples and wordings', 'wordings only', or 'trained head' for the paragraphs "
                                   "a model's shipped lens head scores: English, and the other languages its "
                                   "file names, config/lens_heads) and cluster.")
    add_common(p)
    p.add_argument("--lenses", default=str(config.lenses_file()),
                   help="lens file (default: config/lenses.yaml or $NEWSLENS_LENSES)")
    p.add_argument("--threshold", type=float, default=None,
                   help="one threshold for every lens (default: each lens's own from the file)")
    p.add_argument("--clusters", type=int, default=None,
                   help=f"number of clusters, 1-{MAX_CLUSTERS} (default: grows with the corpus)")
    p.add_argument("--method", choices=METHODS, default="kmeans", help="clustering method")
    p.add_argument("--seed", type=int, default=42, help="random seed of the clustering")
    p.add_argument("--lens", action="append", default=[], metavar="NAME",
                   help="only paragraphs labelled with this lens (repeatable)")
    p.set_defaults(handler=run_topics)


def lens_labels(snapshot: Snapshot, lens_config: LensConfig, threshold: float | None = None
                ) -> tuple[LensScores, dict[str, float], pd.Series]:
    """Every paragraph's lens scores, the thresholds (each lens's own from the file, or ``threshold``
    for all) and the lens names each paragraph carries: `topics` and `timeline --split topic`."""
    scores = topics.score_snapshot(   # the model loads only for lenses the snapshot has no scores of
        snapshot, lens_config, lambda: load_embedder(snapshot.model_name, query_setup_for(snapshot.embed_setup)))
    thresholds = lens_config.thresholds()
    if threshold is not None:
        thresholds = dict.fromkeys(thresholds, threshold)
    return scores, thresholds, topics.topic_labels(scores, thresholds)


def run_topics(args: argparse.Namespace) -> int:
    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        raise CommandError(f"--threshold must be between 0 and 1, got {args.threshold}")
    if args.clusters is not None and not 1 <= args.clusters <= MAX_CLUSTERS:
        raise CommandError(f"--clusters must be between 1 and {MAX_CLUSTERS}, got {args.clusters}")
    try:
        lens_config = load_lenses(args.lenses)
    except LensError as exc:
        raise CommandError(str(exc)) from None
    unknown = [name for name in args.lens if name not in lens_config.names]
    if unknown:
        raise CommandError(f"unknown lens {unknown[0]!r}; the lenses are {', '.join(lens_config.names)}")
    snapshot = open_snapshot(args)
    scores, thresholds, labels = lens_labels(snapshot, lens_config, args.threshold)
    params = topics.default_params(snapshot)
    params = ClusterParams(k=args.clusters or params.k, method=args.method, seed=args.seed)
    try:
        clustering = topics.cluster_snapshot(snapshot, params)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    table = topics.topic_table(snapshot, scores, labels, clustering)
    if args.lens:
        wanted = set(args.lens)
        table = table[[bool(wanted.intersection(t)) for t in table[topics.TOPICS]]]
    table = table[RECORD_COLUMNS]
    notices = [note for note in (topics.head_note(snapshot, lens_config, scores),
                                 topics.words_only_notice(snapshot, scores, topics.content_rows(snapshot),
                                                          lens_config, thresholds)) if note]
    notices = corpus_notices(snapshot, notices)
    if args.json:
        # the k used, also when it was the default (grown with the corpus): null said nothing a
        # script could rerun with (review, session 32)
        inputs = {"lenses": args.lenses, "threshold": args.threshold, "clusters": clustering.params.k,
                  "method": args.method, "seed": args.seed, "lens": args.lens}
        emit_json(envelope(snapshot.snapshot_id, inputs, notices, paragraphs=table))
        return 0
    for note in notices:
        print(note)
    counts = {name: sum(name in t for t in table[topics.TOPICS]) for name in lens_config.names}
    print(f"{len(table)} content paragraphs; labelled: "
          + ", ".join(f"{name} {n} (threshold {thresholds[name]:.2f})" for name, n in counts.items())
          + f"; clusters: {params.describe()}")
    view = pd.DataFrame({
        "article": table[ParagraphCol.ARTICLE_ID].map(terminal_text).str.slice(0, 14),
        "topics": [", ".join(t) or "-" for t in table[topics.TOPICS]],
        "cluster": table[topics.CLUSTER],
        # Article text is untrusted: printed without control characters (terminal escapes).
        "text": table[ParagraphCol.TEXT].map(terminal_text).str.replace(r"\s+", " ", regex=True).str.slice(0, 70),
    })
    with pd.option_context("display.max_colwidth", 72, "display.width", 200):
        print(view.to_string(index=False))
    return 0
