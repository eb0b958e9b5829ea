"""``python -m newslens COMMAND``: every result the app shows, scriptable.

JSON goes to stdout, messages to stderr. A missing or corrupt snapshot is a one-line error and
exit code 2, never a traceback. Each view registers its command from its own package
(``newslens/<view>/cli.py``: a ``register(sub)`` adding a subparser whose ``handler(args) -> int``
does the work), so a view adds its command without touching the others.
"""
from __future__ import annotations

import argparse
import sys

from newslens.command import CommandError, one_line, report_unexpected
from newslens.compare import cli as compare_cli
from newslens.embedder import ModelLoadError
from newslens.reader import cli as reader_cli
from newslens.search import cli as search_cli
from newslens.store import SnapshotError
from newslens.timeline import cli as timeline_cli
from newslens.topics import cli as topics_cli

EXIT_USAGE = 2
VIEW_COMMANDS = (reader_cli, search_cli, topics_cli, compare_cli, timeline_cli)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newslens",
                                     description="NewsLens: query a corpus snapshot from the command line.")
    # Also before the command ("python -m newslens --data DIR stories"), as git takes its options:
    # own names, since a subcommand's defaults would overwrite the same names (``_lift_common``).
    parser.add_argument("--data", dest="top_data", default=None, metavar="DIR", help="as each command's --data")
    parser.add_argument("--json", dest="top_json", action="store_true", help="as each command's --json")
    sub = parser.add_subparsers(dest="command", required=True)
    for view in VIEW_COMMANDS:
        view.register(sub)
    return parser


def _lift_common(args: argparse.Namespace) -> argparse.Namespace:
    """``--data`` / ``--json`` given before the command count as given to it (after it wins)."""
    if getattr(args, "data", None) is None and args.top_data is not None:
        args.data = args.top_data       # (neither: ``command.open_snapshot`` reads the default folder)
    if args.top_json and hasattr(args, "json"):
        args.json = True
    return args


def main(argv: list[str] | None = None) -> int:
    args = _lift_common(build_parser().parse_args(argv))
    try:
        return int(args.handler(args) or 0)
    except (SnapshotError, ModelLoadError, CommandError) as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `... | head` is fine
        return 0
    except OSError as exc:   # e.g. a data folder that cannot be read
        print(f"error: {exc.strerror or type(exc).__name__}"
              + (f" ({exc.filename})" if exc.filename else ""), file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug: still one line for the user, the traceback on request
        report_unexpected(exc)
        return EXIT_USAGE
