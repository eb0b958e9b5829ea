"""``python -m newslens search "QUERY"``: the search page's results, scriptable.

JSON is an object (``export.envelope``, as the Search page's JSON export): snapshot_id, inputs
(query, mode, k, group, filters), notices (what the page says in its info box: words matched in
other forms or spellings, languages searched by words only...), and results: the hits in rank order
with paragraph_id, article_id, outlet, date and date_iso, published, title, url, text and score
(plus the semantic and lexical parts, and the re-reports grouped under the hit).
"""
from __future__ import annotations

import argparse
import sys
import textwrap

from newslens.command import CommandError, add_common, emit_json, open_snapshot, snapshot_outlets
from newslens.filters import Filters, paragraph_mask
from newslens.safe import terminal_text
from newslens.schema import Kind, title_text
from newslens.embedder import same_model
from newslens.search.engine import (DEFAULT_K, DEFAULT_MODE, LEXICAL, MAX_K, MODES, SearchError, build_index, search,
                                    search_payload)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="find the paragraphs that say something, in whatever words",
                       description="Rank the snapshot's content paragraphs for QUERY. "
                                   'A "quoted phrase" must appear literally. --json prints an object: '
                                   "snapshot_id, inputs (query, mode, k, group, filters), notices (also "
                                   "printed on stderr) and results (the hits in rank order).")
    p.add_argument("query", help='a claim, a question or keywords; "quoted phrases" must appear literally')
    p.add_argument("--k", type=int, default=DEFAULT_K, help=f"number of hits (1-{MAX_K}, default {DEFAULT_K})")
    p.add_argument("--mode", choices=MODES, default=DEFAULT_MODE, help=f"ranking (default {DEFAULT_MODE})")
    p.add_argument("--outlet", action="append", default=[], metavar="NAME",
                   help="only this outlet (repeatable; the name as listed by `articles`)")
    p.add_argument("--kind", action="append", default=[], choices=Kind.SEARCHABLE,
                   help="only paragraphs of this kind (repeatable)")
    p.add_argument("--model", default=None,
                   help="embedding model for the query (default: the snapshot's; another is refused)")
    p.add_argument("--no-group", action="store_true", help="list re-reports as separate hits")
    add_common(p)
    p.set_defaults(handler=run_search)


def run_search(args: argparse.Namespace) -> int:
    if not 1 <= args.k <= MAX_K:
        raise CommandError(f"--k must be between 1 and {MAX_K}, not {args.k}")
    snapshot = open_snapshot(args)
    outlets = snapshot_outlets(snapshot, args.outlet)
    embedder = None
    if args.mode != LEXICAL:
        from newslens.embedder import load_embedder, query_setup_for

        if args.model and not same_model(args.model, snapshot.model_name):
            raise CommandError(f"the snapshot was built with model {snapshot.model_name!r}, not {args.model!r}; "
                               f"search it with its own model or rebuild it with --model {args.model}")
        embedder = load_embedder(args.model or snapshot.model_name, query_setup_for(snapshot.embed_setup))
    filters = Filters(outlets=outlets, kinds=tuple(args.kind))
    mask = paragraph_mask(snapshot.paragraphs, snapshot.articles, filters) if not filters.is_default() else None
    try:
        result = search(build_index(snapshot), args.query, embedder=embedder, mode=args.mode, k=args.k,
                        row_mask=mask, group=not args.no_group)
    except SearchError as exc:
        raise CommandError(str(exc)) from None
    for notice in result.notices:
        print(f"note: {notice}", file=sys.stderr)
    if args.json:
        emit_json(search_payload(result, snapshot.snapshot_id, query=args.query, mode=args.mode, k=args.k,
                                 group=not args.no_group, filters=filters))
        return 0
    if not result.hits:
        print("no hits", file=sys.stderr)
        return 0
    t = terminal_text      # article text is untrusted: printed without control characters (terminal escapes)
    for hit in result.hits:
        print(f"{hit.rank:>3}. [{hit.score:.3f}] {t(hit.outlet)} · {t(hit.date)} · {t(title_text(hit.title))}")
        print(textwrap.indent(textwrap.fill(t(hit.text), width=100), "     "))
        if hit.also:
            print(f"     also in: {t(', '.join(hit.also_outlets) or 'other articles of ' + hit.outlet)}")
        if hit.more_from_article:
            print(f"     more from this article: {len(hit.more_from_article)} paragraph(s) "
                  f"({', '.join(m.paragraph_id for m in hit.more_from_article[:5])})")
        print(f"     {t(hit.url or '')}  paragraph {t(hit.paragraph_id)}")
    return 0

