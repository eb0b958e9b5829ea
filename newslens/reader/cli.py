"""``python -m newslens articles``: the reader's article list, scriptable."""
from __future__ import annotations

import argparse

from newslens.command import add_common, emit_json, open_snapshot
from newslens.reader.article_list import article_table, article_text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("articles", help="list the articles of the current snapshot")
    add_common(p)
    p.set_defaults(handler=run_articles)


def run_articles(args: argparse.Namespace) -> int:
    table = article_table(open_snapshot(args))
    if args.json:
        emit_json(table)
    else:
        print(article_text(table))
    return 0
