"""``python -m newslens articles``: the reader's article list, or one article as the reader shows it, scriptable."""
from __future__ import annotations

import argparse

from newslens.command import CommandError, add_common, emit_json, open_snapshot
from newslens.reader.article_list import article_table, article_text
from newslens.reader.document import article_document
from newslens.store import UnknownArticle, resolve_article_id


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("articles", help="list the articles of the current snapshot, or show one",
                       description="Without ARTICLE: every article with its metadata. With ARTICLE: that "
                                   "article as the reader shows it (metadata and where each value came from, "
                                   "the date as found, its paragraphs by kind). Ids may be shortened to a "
                                   "unique prefix.")
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
        emit_json(table) if args.json else print(article_text(table))
        return 0
    try:
        document = article_document(snapshot, resolve_article_id(snapshot, args.article), show_removed=args.removed)
    except UnknownArticle as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        emit_json(document)
    else:
        print(document_text(document))
    return 0


def document_text(document: dict) -> str:
    """The article as plain text: metadata lines, then each paragraph under its kind."""
    lines = [f"{m['field']}: {m['value']}" + (" (inferred)" if m["provenance"] == "inferred" else "")
             for m in document["metadata"]]
    if document["title_evidence"]:
        lines.append(f"Headline inferred: {document['title_evidence']}")
    lines += [f"warning: {w}" for w in document["warnings"]]
    if document["removed"]:
        lines.append("Removed by cleaning: " + ", ".join(f"{n} {k.lower()}" for k, n in document["removed"].items()))
    for p in document["paragraphs"]:
        head = f"[{p['kind_label']}" + (f", removed: {p['reason']}" if p["removed"] else "") + "]"
        lines += ["", head, p["text"]]
    return "\n".join(lines)
