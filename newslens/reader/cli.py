"""``python -m newslens articles``: the reader's article list, or one article as the reader shows it, scriptable."""
from __future__ import annotations

import argparse

from newslens.command import CommandError, add_common, emit_json, open_snapshot
from newslens.dates import article_dates, with_article_dates
from newslens.export import envelope
from newslens.reader.article_list import article_table, article_text, copies_count_text, copies_text, left_out_copies
from newslens.reader.document import article_document, removal_text
from newslens.safe import terminal_text
from newslens.schema import Provenance
from newslens.store import UnknownArticle, resolve_article_id


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("articles", help="list the articles of the current snapshot, or show one",
                       description="Without ARTICLE: every article with its metadata, and the raw files the "
                                   "build left out as exact or near copies of it (copies_left_out; the text "
                                   "output lists them under the table). With ARTICLE: that "
                                   "article as the reader shows it (metadata and where each value came from, "
                                   "the date as found, its paragraphs by kind). Ids may be shortened to a "
                                   "unique prefix. --json prints an object as every command: snapshot_id, "
                                   "inputs, notices, then articles (the list) or article (the one shown).")
    p.add_argument("article", nargs="?", metavar="ARTICLE", help="an article id (or a unique prefix) to show")
    p.add_argument("--removed", action="store_true",
                   help="with ARTICLE: also list what cleaning removed (furniture, captions...), each with the reason")
    add_common(p)
    p.set_defaults(handler=run_articles)


def run_articles(args: argparse.Namespace) -> int:
    snapshot = open_snapshot(args)
    if args.article is None:
        if args.removed:
            raise CommandError("--removed needs an ARTICLE to show")
        table = article_table(snapshot)
        if args.json:
            copies = left_out_copies(snapshot)
            notices = [f"Left out by the build as copies of these articles: {copies_count_text(copies)}"] if copies else []
            emit_json(envelope(snapshot.snapshot_id, {"article": None, "removed": False}, notices,
                               articles=with_article_dates(table, article_dates(snapshot.articles))))
            return 0
        print(article_text(table))
        copies = copies_text(snapshot)
        if copies:
            print("\n" + copies)
        return 0
    try:
        document = article_document(snapshot, resolve_article_id(snapshot, args.article), show_removed=args.removed)
    except UnknownArticle as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        inputs = {"article": document["article_id"], "removed": args.removed}
        emit_json(envelope(snapshot.snapshot_id, inputs, document["warnings"], article=document))
    else:
        print(document_text(document))
    return 0


def document_text(document: dict) -> str:
    """The article as plain text: metadata lines, then each paragraph under its kind. Every value
    from the article is printed through ``terminal_text`` (one line, no control characters)."""
    t = terminal_text
    lines = [f"{m['field']}: {t(m['value'])}" + (" (inferred)" if m["provenance"] == Provenance.INFERRED else "")
             for m in document["metadata"]]
    if document["title_evidence"]:
        lines.append(f"Headline inferred: {t(document['title_evidence'])}")
    lines += [f"warning: {t(w)}" for w in document["warnings"]]
    removed = sum(document["removed"].values())
    if removed:
        lines.append("Removed by cleaning: " + removal_text(document["removed"]))
    for p in document["paragraphs"]:
        note = f", removed: {t(p['reason'])}" if p["removed"] else (f", {t(p['reason'])}" if p["reason"] else "")
        lines += ["", f"[{p['kind_label']}{note}]", t(p["text"])]
    if all(p["removed"] for p in document["paragraphs"]):
        lines += ["", f"No article text kept ({removed} paragraph{'s' if removed != 1 else ''} removed by cleaning"
                      + ("; --removed shows them)." if removed else ").")]
    return "\n".join(lines)
