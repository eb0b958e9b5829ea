"""The ``collect`` subcommand: arguments, a progress bar on stderr, the summary on stdout.

Exit codes: 0 when the raw folder holds something from the sources (collected now or before),
2 with a one-line error when nothing could be collected.
"""
from __future__ import annotations

import argparse
import sys

from newslens import config
from pipeline.collect.fetch import FetchSettings
from pipeline.collect.run import CollectOptions, collect
from pipeline.lock import CollectLocked

EXIT_NOTHING = 2
COLUMN_ROLES = ("url", "text", "title", "date", "outlet", "domain", "language", "author")


class TqdmCollectProgress:
    """progress(done, total, label) as one tqdm bar on stderr (its total grows as feeds expand)."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self._bar = None

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        if self._bar is None:
            self._bar = tqdm(total=total, desc="collecting", unit="item", file=sys.stderr, leave=False)
        self._bar.total = total
        self._bar.set_postfix_str(label[-60:], refresh=False)
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def add_collect_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "collect", help="collect articles from links, feeds, exports or a Telegram export into the raw folder",
        description="Each SOURCE is a url (a page or an RSS/Atom feed), a text file of urls (one per line, "
                    "# comments), a feed file, a CSV/JSONL/Parquet export, a Telegram Desktop result.json, "
                    "or a .txt/.md/.html article; a CSV with a 'file' column (a metadata.csv) gives the articles "
                    "named in it their url, title, outlet, published, author, language.")
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--raw", default=str(config.raw_dir()),
                   help="raw folder to collect into (default: data/raw or $NEWSLENS_RAW)")
    p.add_argument("--refresh", action="store_true", help="fetch again what was collected before")
    p.add_argument("--build", action="store_true", help="build a snapshot afterwards")
    p.add_argument("--out", default=str(config.data_dir()), help="snapshots folder for --build")
    p.add_argument("--model", default=config.default_model(), help="embedding model for --build")
    p.add_argument("--timeout", type=float, default=FetchSettings.timeout, help="seconds per request (default: 20)")
    p.add_argument("--retries", type=int, default=FetchSettings.retries, help="retries on 429/5xx (default: 3)")
    p.add_argument("--rate", type=float, default=FetchSettings.min_interval,
                   help="seconds between two requests to one site (default: 1)")
    p.add_argument("--workers", type=int, default=CollectOptions.workers,
                   help="pages fetched at once, each from a different site (default: 4; 1 = one at a time)")
    p.add_argument("--max-mb", type=float, default=FetchSettings.max_bytes / 2**20,
                   help="largest page fetched, in MB (default: 5)")
    p.add_argument("--allow-private", action="store_true", default=config.collect_allow_private(),
                   help="also fetch from local or private network addresses (an intranet); off by default "
                        "($NEWSLENS_ALLOW_PRIVATE=1 turns it on, also in the app)")
    p.add_argument("--telegram-username", help="the channel's public username, for t.me/<username>/<post> links")
    for role in COLUMN_ROLES:
        p.add_argument(f"--{role}-column", help=f"export column holding the {role} (default: detected)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=run_collect)


def run_collect(args: argparse.Namespace) -> int:
    settings = FetchSettings(timeout=args.timeout, retries=max(0, args.retries), min_interval=max(0.0, args.rate),
                             max_bytes=int(args.max_mb * 2**20), allow_private=args.allow_private)
    columns = {role: getattr(args, f"{role}_column") for role in COLUMN_ROLES if getattr(args, f"{role}_column")}
    options = CollectOptions(fetch=settings, refresh=args.refresh, columns=columns,
                             telegram_username=args.telegram_username, workers=max(1, args.workers))
    progress = TqdmCollectProgress(enabled=not args.quiet)
    try:
        report = collect(args.sources, args.raw, options, progress=progress)
    except KeyboardInterrupt:
        print("error: interrupted; what was collected so far is kept (re-run to go on)", file=sys.stderr)
        return 130
    except CollectLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_NOTHING
    finally:
        progress.close()
    print("\n".join(report.summary_lines()))
    if not report.anything:
        first = next((o.message for o in report.outcomes if o.message), "the sources held no article")
        print(f"error: nothing could be collected; {first}", file=sys.stderr)
        return EXIT_NOTHING
    if args.build:
        from pipeline.cli import build_parser, run_build

        # the build subcommand's own arguments and defaults (a hand-made namespace lacked the ones
        # added to build later, and `collect --build` failed after collecting)
        build_args = build_parser().parse_args(["build", "--raw", str(args.raw), "--out", str(args.out),
                                                "--model", args.model] + (["--quiet"] if args.quiet else []))
        return run_build(build_args)
    print(f"Next: python -m pipeline build --raw {args.raw}")
    return 0
