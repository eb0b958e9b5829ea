"""What every ``python -m newslens`` command shares: common options, the snapshot, errors, JSON out.

Lives apart from ``newslens.cli`` so the views' commands can use it while ``cli`` imports them.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from datetime import date
from typing import Any

from newslens import config
from newslens.export import to_jsonable
from newslens.filters import Filters
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


def note_lines(notice: str, width: int = 110) -> list[str]:
    """A notice as the text output prints it ("Note: ..." wrapped, without control characters), a
    command or folder in it never broken at a hyphen or inside a long word: it is pasted from the
    terminal ("--raw /data/my-scrape" read "my-" at one line's end)."""
    return textwrap.wrap(terminal_text(notice), width, initial_indent="Note: ", subsequent_indent="      ",
                         break_long_words=False, break_on_hyphens=False)


def corpus_notices(snapshot: Snapshot, notices: list[str]) -> list[str]:
    """``notices`` with the bare rebuild command (``languages.fix_hint()``) made the command for
    this snapshot's own folders (``store.multilingual_fix``): a Finnish/Romanian corpus's `stories`
    and `search` notices gave the bare one, which rebuilds the bundled sample (review, session 31)."""
    from newslens import languages
    from newslens.store import multilingual_fix

    bare = languages.fix_hint()
    fix = multilingual_fix(snapshot.raw_dir, snapshot.data_dir)
    return notices if fix == bare else [notice.replace(bare, fix) for notice in notices]


def corpus_payload(snapshot: Snapshot, payload: dict[str, Any]) -> dict[str, Any]:
    """A ``--json`` payload with ``corpus_notices`` applied to every ``notices`` list in it (the
    envelope's and each story's) and a comparison's ``notes``."""
    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: corpus_notices(snapshot, v) if k in ("notices", "notes") and isinstance(v, list) else walk(v)
                    for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value
    return walk(payload)


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


def snapshot_languages(snapshot: Snapshot, codes: list[str]) -> tuple[str, ...]:
    """The languages ``--language`` names, as the snapshot writes them ("DE" is de), by code or by
    the name a chart gives them ("German": ``languages.language_name``); one no article has is an
    error that lists them, as for outlets."""
    from newslens.schema import ArticleCol

    known = sorted(set(snapshot.articles[ArticleCol.LANGUAGE].dropna().astype(str)))
    by_fold = {code.casefold(): code for code in known}
    out = []
    for code in codes:
        named = [by_fold[code.casefold()]] if code.casefold() in by_fold else _named_languages(code, known)
        if not named:
            raise CommandError(f"unknown language {code!r}; languages in this snapshot: {', '.join(known)}")
        out.extend(named)
    return tuple(dict.fromkeys(out))


def _named_languages(name: str, known: list[str]) -> list[str]:
    """The codes of ``known`` whose language is called ``name`` ("German": de, de-AT)."""
    from newslens.languages import language_name     # (imported here: most commands filter by code or not at all)

    return [code for code in known if language_name(code).casefold() == name.strip().casefold()]


def day_option(option: str, value: str | None) -> date | None:
    """``--since``/``--until`` as a day; a bad one is a one-line error, as in every other command."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: not a date (YYYY-MM-DD): {value!r}") from None


def add_filters(parser: argparse.ArgumentParser, outlet_help: str) -> None:
    """The sidebar's filters as options (outlets, languages, dates), for ``command_filters``."""
    parser.add_argument("--outlet", action="append", default=[], metavar="NAME", help=outlet_help)
    parser.add_argument("--language", action="append", default=[], metavar="CODE",
                        help="only articles in this language (repeatable; its code as `articles` lists it: en, de..., "
                             "or its English name: German)")
    parser.add_argument("--since", help="only articles that may have appeared on or after YYYY-MM-DD "
                                        "(undated ones are kept, as on the pages)")
    parser.add_argument("--until", help="only articles that may have appeared on or before YYYY-MM-DD")


def command_filters(args: argparse.Namespace, snapshot: Snapshot, **more: Any) -> Filters:
    """The options of ``add_filters`` as the pages' ``Filters`` (one rule: ``newslens.filters``
    applies them alike), with ``more`` of its fields (kinds...)."""
    return Filters(outlets=snapshot_outlets(snapshot, args.outlet), languages=snapshot_languages(snapshot, args.language),
                   date_from=day_option("--since", args.since), date_to=day_option("--until", args.until), **more)


def add_common(parser: argparse.ArgumentParser) -> None:
    # None when not given: given before the command it counts (``newslens.cli``), else the default
    parser.add_argument("--data", default=None,
                        help="folder of snapshots (default: data/processed or $NEWSLENS_DATA)")
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")
