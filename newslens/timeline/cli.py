"""``python -m newslens timeline``: the timeline view's data, scriptable (points, volume, re-reports)."""
from __future__ import annotations

import argparse
from datetime import date

import pandas as pd

from newslens.timeline import aggregate as timeline
from newslens.command import CommandError, add_common, emit_json, emit_notes, open_snapshot, snapshot_outlets
from newslens.filters import Filters, filter_articles
from newslens.safe import terminal_frame
from newslens.schema import ArticleCol


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("timeline", help="when reports appeared: dates with precision, volume, who reported first")
    add_common(p)
    p.add_argument("--freq", choices=["week", "month"], default="month", help="volume per week or month")
    p.add_argument("--split", default="outlet",
                   help=f"split the volume by: {', '.join(timeline.VOLUME_SPLITS)} (default outlet)")
    p.add_argument("--outlet", action="append", default=[], help="only this outlet (repeatable)")
    p.add_argument("--since", type=_day, help="only articles that may have appeared on or after YYYY-MM-DD")
    p.add_argument("--until", type=_day, help="only articles that may have appeared on or before YYYY-MM-DD")
    p.add_argument("--sure-only", action="store_true",
                   help="who reported first: only the stories the grouping is sure of (the page's default)")
    p.set_defaults(handler=run_timeline)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


TEXT_COLUMN_WIDTH = 50     # characters of a title or outlet in the text output's tables


def run_timeline(args: argparse.Namespace) -> int:
    snapshot = open_snapshot(args)
    if args.split not in timeline.VOLUME_SPLITS:
        raise CommandError(f"unknown split {args.split!r}; choose one of {', '.join(timeline.VOLUME_SPLITS)}")
    filters = Filters(outlets=snapshot_outlets(snapshot, args.outlet), date_from=args.since, date_to=args.until)
    articles = filter_articles(snapshot.articles, filters)
    points = timeline.timeline_points(articles)
    frame, group_col = timeline.volume_frame(snapshot, articles, args.split)
    volume = timeline.volume_table(frame, args.freq, group_col=group_col, group_label=args.split)
    groups, how, unordered, notices = timeline.find_rereports(snapshot, articles[ArticleCol.ID].tolist())
    emit_notes(notices)
    groups, hidden, unordered = timeline.sure_view(groups, unordered, args.sure_only)
    table = timeline.rereport_table(groups, articles)
    if args.json:
        emit_json({
            "filters": filters.describe(),
            "notices": notices,
            "articles": points.drop(columns=["x"]).rename(columns={"date_text": "date"}),
            "volume": {"freq": args.freq, "split": args.split, "counts": volume.table,
                       "left_out": volume.left_out, "open_counted": volume.open_counted},
            "rereports": {"how": how, "stories": [
                {"story": n, "story_id": g.story_id, "title": g.title, "explanation": g.explanation,
                 "first_article_id": g.first_article_id, "order_certain": g.order_certain, "sure": g.sure,
                 "articles": table[table["story"] == n].drop(columns=["story"])}
                for n, g in enumerate(groups, start=1)],
                "less_sure_not_shown": hidden,
                "not_ordered": {"stories": unordered.stories, "undated_reports": unordered.undated_reports}},
        })
        return 0
    # to_string ignores display.max_colwidth: each table is cut to it explicitly (a reviewer's terminal
    # held 250-character rows of right-aligned titles)
    width = TEXT_COLUMN_WIDTH
    with pd.option_context("display.width", 200):
        print(f"{len(points)} article(s); {filters.describe()}")
        # Titles and outlets come from the articles (untrusted): printed without control characters.
        print(terminal_frame(points[["date_text", ArticleCol.OUTLET, ArticleCol.TITLE]].rename(columns={"date_text": "date"}))
              .to_string(index=False, max_colwidth=width))
        print(f"\nArticles per {args.freq} by {args.split}:")
        print(terminal_frame(volume.table).to_string(index=False, max_colwidth=width) if len(volume.table) else "(none)")
        if volume.note():
            print(f"({volume.note()})")
        print("\nWho reported first:")
        print(terminal_frame(table.drop(columns=["lag_days", ArticleCol.ID])).to_string(index=False, max_colwidth=width)
              if len(table) else
              f"({timeline.no_rereports_text(unordered, hidden)})")
        if hidden and len(table):
            print(timeline.less_sure_text(hidden))
        if unordered.text():
            print(unordered.text())
    return 0
