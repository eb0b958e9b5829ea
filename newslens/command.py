"""What every ``python -m newslens`` command shares: common options, the snapshot, errors, JSON out.

Lives apart from ``newslens.cli`` so the views' commands can use it while ``cli`` imports them.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from newslens import config
from newslens.export import to_jsonable
from newslens.safe import terminal_text
from newslens.store import Snapshot, load_snapshot


class CommandError(Exception):
    """A user-facing error: printed as one line on stderr, exit code 2."""


def one_line(exc: BaseException) -> str:
    """An exception's message folded onto one line (a library's multi-line text included)."""
    return " ".join(str(exc).split()) or type(exc).__name__


def report_unexpected(exc: BaseException, consequence: str = "") -> None:
    """A bug still reads as one line for the user; ``NEWSLENS_DEBUG=1`` re-raises it instead."""
    if os.environ.get("NEWSLENS_DEBUG"):
        raise exc
    print(f"error: unexpected {type(exc).__name__}: {one_line(exc)} (set NEWSLENS_DEBUG=1 for the "
          f"traceback){consequence}", file=sys.stderr)


def emit_json(payload: Any) -> None:
    json.dump(to_jsonable(payload), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def emit_notes(notices: list[str]) -> None:
    """Notices on stderr, one ``note:`` line each, with ``--json`` too (the JSON carries them as
    well): a script that keeps stdout only still leaves them in its log. They may quote the
    manifest's paths, so they are printed without control characters."""
    for notice in notices:
        print(f"note: {terminal_text(notice)}", file=sys.stderr)


def open_snapshot(args: argparse.Namespace) -> Snapshot:
    return load_snapshot(args.data or str(config.data_dir()))


def snapshot_outlets(snapshot: Snapshot, names: list[str]) -> tuple[str, ...]:
    """The outlets ``--outlet`` names, as the snapshot spells them: written in any case ("Kyiv post"
    is Kyiv Post); a name no outlet has is an error that lists them (a typo must not filter out
    everything in silence)."""
    from newslens.schema import ArticleCol

    known = sorted(set(snapshot.articles[ArticleCol.OUTLET].dropna().astype(str)))
    by_fold = {}
    for outlet in known:
        by_fold.setdefault(outlet.casefold(), []).append(outlet)
    out = []
    for name in names:
        if name in known:
            out.append(name)
        elif len(by_fold.get(name.casefold(), [])) == 1:
            out.append(by_fold[name.casefold()][0])
        else:
            raise CommandError(f"unknown outlet {name!r}; outlets in this snapshot: {', '.join(known)}")
    return tuple(out)


def add_common(parser: argparse.ArgumentParser) -> None:
    # None when not given: given before the command it counts (``newslens.cli``), else the default
    parser.add_argument("--data", default=None,
                        help="folder of snapshots (default: data/processed or $NEWSLENS_DATA)")
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")
