"""``python -m newslens COMMAND``: every result the app shows, scriptable.

JSON goes to stdout, messages to stderr. A missing or corrupt snapshot is a one-line error and
exit code 2, never a traceback. Each view registers its command from its own package
(``newslens/<view>/cli.py``: a ``register(sub)`` adding a subparser whose ``handler(args) -> int``
does the work), so a view adds its command without touching the others, but for its line in
``COMMANDS``: a run imports only the module of the command it names. ``articles`` imported every
view, the compare stack's word lists and scikit-learn included: 1.6 s of a 2.3 s run (review, session 32).
"""
from __future__ import annotations

import argparse
import importlib
import sys

from newslens.command import CommandError, one_line, report_unexpected
from newslens.embedder import ModelLoadError
from newslens.store import SnapshotError

EXIT_USAGE = 2
# Each command and the view module whose ``register`` adds it, in the order --help lists them.
COMMANDS = {"articles": "newslens.reader.cli", "search": "newslens.search.cli", "topics": "newslens.topics.cli",
            "compare": "newslens.compare.cli", "stories": "newslens.compare.cli", "judge": "newslens.compare.cli",
            "timeline": "newslens.timeline.cli"}
_TOP_OPTIONS_WITH_VALUE = ("--data",)


def named_command(argv: list[str]) -> str | None:
    """The command ``argv`` names (its first word that is neither an option nor a top option's
    value), None when there is none or it is no known command (then every command is registered,
    for --help and argparse's own "invalid choice" message)."""
    words = iter(argv)
    for word in words:
        if word in _TOP_OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or, given ``command``, of the module that registers it only."""
    parser = argparse.ArgumentParser(prog="python -m newslens",
                                     description="NewsLens: query a corpus snapshot from the command line.")
    # Also before the command ("python -m newslens --data DIR stories"), as git takes its options:
    # own names, since a subcommand's defaults would overwrite the same names (``_lift_common``).
    parser.add_argument("--data", dest="top_data", default=None, metavar="DIR", help="as each command's --data")
    parser.add_argument("--json", dest="top_json", action="store_true", help="as each command's --json")
    sub = parser.add_subparsers(dest="command", required=True)
    modules = [COMMANDS[command]] if command in COMMANDS else COMMANDS.values()
    for module in dict.fromkeys(modules):
        importlib.import_module(module).register(sub)
    return parser


def _lift_common(args: argparse.Namespace) -> argparse.Namespace:
    """``--data`` / ``--json`` given before the command count as given to it (after it wins)."""
    if getattr(args, "data", None) is None and args.top_data is not None:
        args.data = args.top_data       # (neither: ``command.open_snapshot`` reads the default folder)
    if args.top_json and hasattr(args, "json"):
        args.json = True
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _lift_common(build_parser(named_command(argv)).parse_args(argv))
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
