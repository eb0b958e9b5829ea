"""``python -m newslens COMMAND``: every result the app shows, scriptable.

JSON goes to stdout, messages to stderr. A missing or corrupt snapshot is a one-line error and
exit code 2, never a traceback. Each command is a ``register_*`` function adding a subparser whose
``handler(args) -> int`` does the work, so a feature adds its command without touching the others.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date, datetime
from typing import Any, Callable

import numpy as np
import pandas as pd

from newslens import config
from newslens.embedder import ModelLoadError
from newslens.store import Snapshot, SnapshotError, load_snapshot

EXIT_USAGE = 2


class CommandError(Exception):
    """A user-facing error: printed as one line on stderr, exit code 2."""


def to_jsonable(value: Any) -> Any:
    """Frames, numpy scalars, timestamps and NaN/NaT -> plain JSON values (NaN becomes null)."""
    if isinstance(value, pd.DataFrame):
        return [to_jsonable(r) for r in value.to_dict(orient="records")]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [to_jsonable(v) for v in value.tolist()]
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return None if pd.isna(value) else value.isoformat()[:10] if isinstance(value, pd.Timestamp) and value == value.normalize() else value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def emit_json(payload: Any) -> None:
    json.dump(to_jsonable(payload), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def open_snapshot(args: argparse.Namespace) -> Snapshot:
    return load_snapshot(args.data)


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default=str(config.data_dir()),
                        help="folder of snapshots (default: data/processed or $NEWSLENS_DATA)")
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")


# --- articles -------------------------------------------------------------------------------

def register_articles(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("articles", help="list the articles of the current snapshot")
    add_common(p)
    p.set_defaults(handler=run_articles)


def run_articles(args: argparse.Namespace) -> int:
    from newslens.articles import article_table, article_text

    table = article_table(open_snapshot(args))
    if args.json:
        emit_json(table)
    else:
        print(article_text(table))
    return 0


FEATURE_MODULES = ("search.cli", "topics.cli", "compare.cli", "timeline.cli")


def feature_registrations() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Feature commands live next to their logic (newslens/<feature>_cli.py)."""
    import importlib

    found = []
    for name in FEATURE_MODULES:
        try:
            module = importlib.import_module(f"newslens.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"newslens.{name}":
                raise
            continue
        found.append(module.register)
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newslens",
                                     description="NewsLens: query a corpus snapshot from the command line.")
    sub = parser.add_subparsers(dest="command", required=True)
    for register in [register_articles, *feature_registrations()]:
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except (SnapshotError, ModelLoadError, CommandError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `... | head` is fine
        return 0
