"""``python -m newslens search "QUERY"``: the search page's results, scriptable.

Several queries in one run (``--queries FILE``: the model and the index load once, where each run
takes seconds to start) print one JSON object per line (JSON Lines), each as a single search's;
``--like PARAGRAPH_ID`` is the page's "More like this" (no model needed).

JSON is an object (``export.envelope``, as the Search page's JSON export): snapshot_id, inputs
(query, mode, k, group, filters), notices (what the page says in its info box: words matched in
other forms or spellings, languages searched by words only...), and results: the hits in rank order
with paragraph_id, article_id, outlet, date and date_iso, published, title, title_from_url
(true when the title is the url's words, not a headline the page printed), title_source ('headline',
'url' or 'first sentence': where the title comes from), url, text and score
(plus the semantic and lexical parts, and the re-reports grouped under the hit).
"""
from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from newslens.command import (CommandError, add_common, add_filters, command_filters, corpus_notices, emit_json,
                              emit_notes, open_snapshot)
from newslens.store import Snapshot
from newslens.export import envelope, to_jsonable
from newslens.filters import Filters, paragraph_mask
from newslens.safe import terminal_text
from newslens.schema import Kind, shown_title
from newslens.embedder import same_model
from newslens.search.engine import (DEFAULT_K, DEFAULT_MODE, LEXICAL, MAX_K, MODES, SearchError, SearchResult,
                                    build_index, more_like_this, row_of_paragraph, search, search_inputs,
                                    search_payload)

MAX_QUERIES = 10_000     # lines of a --queries file: a batch, not a corpus


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="find the paragraphs that say something, in whatever words",
                       description="Rank the snapshot's content paragraphs for QUERY. "
                                   'A "quoted phrase" must appear literally. --json prints an object: '
                                   "snapshot_id, inputs (query, mode, k, group, filters), notices (also "
                                   "printed on stderr) and results (the hits in rank order).")
    p.add_argument("query", nargs="?", help='a claim, a question or keywords; "quoted phrases" must appear literally')
    p.add_argument("--queries", metavar="FILE",
                   help="one query per line ('-': standard input; blank lines and lines starting with # are "
                        "skipped), searched in one run; with --json one object per line (JSON Lines)")
    p.add_argument("--like", metavar="PARAGRAPH_ID",
                   help='"more like this": the paragraphs of other articles closest in meaning to this one '
                        "(an id from search or topics --json; no query)")
    p.add_argument("--k", type=int, default=DEFAULT_K, help=f"number of hits (1-{MAX_K}, default {DEFAULT_K})")
    p.add_argument("--mode", choices=MODES, default=DEFAULT_MODE, help=f"ranking (default {DEFAULT_MODE})")
    add_filters(p, outlet_help="only this outlet (repeatable; the name as listed by `articles`)")
    p.add_argument("--kind", action="append", default=[], choices=Kind.SEARCHABLE,
                   help="only paragraphs of this kind (repeatable)")
    p.add_argument("--model", default=None,
                   help="embedding model for the query (default: the snapshot's; another is refused)")
    p.add_argument("--no-group", action="store_true", help="list re-reports as separate hits")
    add_common(p)
    p.set_defaults(handler=run_search)


def _queries(args: argparse.Namespace) -> list[str]:
    """The queries asked for: the one given, or the lines of --queries."""
    given = [x for x in (args.query is not None, args.queries is not None, args.like is not None) if x]
    if len(given) != 1:
        raise CommandError("give one of: a QUERY, --queries FILE or --like PARAGRAPH_ID")
    if args.queries is None:
        return [args.query] if args.query is not None else []
    try:
        text = sys.stdin.read() if args.queries == "-" else Path(args.queries).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read --queries {args.queries}: {exc}") from None
    lines = [line.strip() for line in text.splitlines()]
    queries = [line for line in lines if line and not line.startswith("#")]
    if not queries:
        raise CommandError(f"--queries {args.queries} holds no query (one per line)")
    if len(queries) > MAX_QUERIES:
        raise CommandError(f"--queries {args.queries} holds {len(queries):,} queries; at most {MAX_QUERIES:,} a run")
    return queries


def run_search(args: argparse.Namespace) -> int:
    if not 1 <= args.k <= MAX_K:
        raise CommandError(f"--k must be between 1 and {MAX_K}, not {args.k}")
    queries = _queries(args)
    snapshot = open_snapshot(args)
    # the Search page's sidebar filters, applied by the same rule (newslens.filters)
    filters = command_filters(args, snapshot, kinds=tuple(args.kind))
    embedder = None
    if args.mode != LEXICAL and args.like is None:
        from newslens.embedder import load_embedder, query_setup_for

        if args.model and not same_model(args.model, snapshot.model_name):
            raise CommandError(f"the snapshot was built with model {snapshot.model_name!r}, not {args.model!r}; "
                               f"search it with its own model or rebuild it with --model {args.model}")
        embedder = load_embedder(args.model or snapshot.model_name, query_setup_for(snapshot.embed_setup))
    mask = paragraph_mask(snapshot.paragraphs, snapshot.articles, filters) if not filters.is_default() else None
    index = build_index(snapshot)
    if args.like is not None:
        row = row_of_paragraph(snapshot, args.like)
        if row is None:
            raise CommandError(f"no paragraph {args.like!r} in this snapshot (ids change when it is rebuilt)")
        result = more_like_this(index, row, k=args.k, row_mask=mask, group=not args.no_group)
        return _emit(args, snapshot, result, None, filters, batch=False)
    for query in queries:
        try:
            result = search(index, query, embedder=embedder, mode=args.mode, k=args.k, row_mask=mask,
                            group=not args.no_group)
        except SearchError as exc:
            if args.queries is None:
                raise CommandError(str(exc)) from None
            # one bad line of a batch does not lose the others: its object says why
            emit_notes([f"{query[:80]!r}: {exc}"])
            if args.json:     # the shape of every line, so a script reading "results" reads none here
                inputs = search_inputs(query=query, mode=args.mode, k=args.k, group=not args.no_group, filters=filters)
                print(json.dumps(to_jsonable(envelope(snapshot.snapshot_id, inputs, [], results=[], error=str(exc))),
                                 ensure_ascii=False))
            continue
        _emit(args, snapshot, result, query, filters, batch=args.queries is not None)
    return 0


def _emit(args: argparse.Namespace, snapshot: Snapshot, result: SearchResult, query: str | None, filters: Filters,
          batch: bool) -> int:
    """One search's output: its notices on stderr, then JSON (one line of JSON Lines in a batch) or text."""
    result.notices = corpus_notices(snapshot, result.notices)     # the rebuild for this corpus' folders
    emit_notes(result.notices)     # without control characters: a query file's text is echoed in them
    if args.json:
        payload = search_payload(result, snapshot.snapshot_id, query=query, mode=result.mode if args.like else args.mode,
                                 k=args.k, group=not args.no_group, filters=filters, like=args.like)
        if batch:
            print(json.dumps(to_jsonable(payload), ensure_ascii=False))
        else:
            emit_json(payload)
        return 0
    if batch:
        print(f"=== {terminal_text(query or '')}")
    if not result.hits:
        print("no hits", file=sys.stderr)
        return 0
    t = terminal_text      # article text is untrusted: printed without control characters (terminal escapes)
    for hit in result.hits:
        title = shown_title(hit.title, hit.title_source)
        print(f"{hit.rank:>3}. [{hit.score:.3f}] {t(hit.outlet)} · {t(hit.date)} · {t(title)}")
        print(textwrap.indent(textwrap.fill(t(hit.text), width=100), "     "))
        if hit.also:
            print(f"     also in: {t(', '.join(hit.also_outlets) or 'other articles of ' + hit.outlet)}")
        if hit.more_from_article:
            print(f"     more from this article: {len(hit.more_from_article)} paragraph(s) "
                  f"({', '.join(m.paragraph_id for m in hit.more_from_article[:5])})")
        print(f"     {t(hit.url or '')}  paragraph {t(hit.paragraph_id)}")
    if batch:
        print()
    return 0
