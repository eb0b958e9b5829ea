"""``python -m newslens timeline``: the timeline view's data, scriptable (points, volume, re-reports)."""
from __future__ import annotations

import argparse
import dataclasses

import pandas as pd

from newslens import config
from newslens.timeline import aggregate as timeline
from newslens.command import (CommandError, add_common, add_filters, command_filters, corpus_notices, emit_json,
                              emit_notes, note_lines, open_snapshot)
from newslens.compare.story_store import story_result
from newslens.dates import article_dates, with_article_dates
from newslens.export import envelope
from newslens.filters import Filters, filter_articles
from newslens.safe import terminal_frame
from newslens.schema import TITLE_FROM_URL_FIELD, TITLE_SOURCE_FIELD, ArticleCol, shown_title, title_mark, title_record
from newslens.store import Snapshot

DESCRIPTION = (
    "--json prints an object: snapshot_id, inputs (freq, split, sure_only, filters), notices (what the "
    "text output notes: stories' notices, what the volume leaves out, stories not shown or not ordered), "
    "articles (each with date as a reader says it and date_iso: '2022-03-18', 'on or after 2025-09-25', "
    "null when undated, and time_utc: '15:53' when the exact time is known), volume and rereports (each "
    "member dated the same way; split by language, a count's group is the language's code, its name beside it). Each story names its first report first_reporter and "
    "first_reporter_certain, as stories --json does; first_article_id and order_certain are the same "
    "values under their old names, deprecated (to be removed in the next release), as is the top-level "
    "filters text (inputs.filters holds them as data).")


def volume_splits() -> list[str]:
    """The volume splits the command offers: the timeline's own, and the lenses (``--split topic``)."""
    return list(dict.fromkeys([*timeline.VOLUME_SPLITS, timeline.TOPIC_SPLIT]))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("timeline", help="when reports appeared: dates with precision, volume, who reported first",
                       description=DESCRIPTION)
    add_common(p)
    p.add_argument("--freq", choices=["week", "month"], default="month", help="volume per week or month")
    p.add_argument("--split", default="outlet",
                   help=f"split the volume by: {', '.join(volume_splits())} (default outlet; '_' for a space, "
                        "e.g. original_source; topic: an article counts under each lens its paragraphs carry, "
                        "at the thresholds of the lens file, config/lenses.yaml or $NEWSLENS_LENSES)")
    add_filters(p, outlet_help="only this outlet (repeatable)")
    p.add_argument("--sure-only", action="store_true",
                   help="who reported first: only the stories the grouping is sure of (the page's default)")
    p.set_defaults(handler=run_timeline)


def _split(value: str) -> str:
    """The split named as the page names it; "original_source" (a shell word) is "original source"."""
    split = " ".join(value.replace("_", " ").split()).casefold()
    if split not in volume_splits():
        raise CommandError(f"unknown split {value!r}; choose one of {', '.join(volume_splits())}")
    return split


def _volume_frame(snapshot: Snapshot, articles: pd.DataFrame, split: str) -> tuple[pd.DataFrame, str]:
    if split != timeline.TOPIC_SPLIT:
        return timeline.volume_frame(snapshot, articles, split)
    # The page's topic split reads the session's lenses; the command reads the lens file's, as `topics` does.
    from newslens.topics import analysis as topics
    from newslens.topics.cli import lens_labels
    from newslens.topics.lenses import LensError, load_lenses

    try:
        lens_config = load_lenses(config.lenses_file())
    except LensError as exc:
        raise CommandError(str(exc)) from None
    labels = lens_labels(snapshot, lens_config)[2]
    return topics.articles_by_topic(articles, snapshot.paragraphs, labels, timeline.GROUP), timeline.GROUP


TEXT_COLUMN_WIDTH = 50     # characters of a title or outlet in the text output's tables


def run_timeline(args: argparse.Namespace) -> int:
    split = _split(args.split)
    snapshot = open_snapshot(args)
    filters = command_filters(args, snapshot)
    articles = filter_articles(snapshot.articles, filters)
    points = timeline.timeline_points(articles)
    frame, group_col = _volume_frame(snapshot, articles, split)
    volume = timeline.volume_table(frame, args.freq, group_col=group_col, group_label=split)
    ids = articles[ArticleCol.ID].tolist()
    found = story_result(snapshot, ids)
    groups, how, unordered, snapshot_notices = timeline.find_rereports(snapshot, ids, found)
    snapshot_notices = corpus_notices(snapshot, snapshot_notices)
    found_notices = corpus_notices(snapshot, found.notices)
    emit_notes(snapshot_notices)
    groups, hidden, unordered = timeline.sure_view(groups, unordered, args.sure_only)
    table = timeline.rereport_table(groups, articles)
    if args.json:
        emit_json(_payload(args, snapshot, filters, split, points, volume, snapshot_notices + found_notices, how, groups, hidden,
                           unordered, table))
        return 0
    # to_string ignores display.max_colwidth: each table is cut to it explicitly (a reviewer's terminal
    # held 250-character rows of right-aligned titles)
    width = TEXT_COLUMN_WIDTH
    with pd.option_context("display.width", 200):
        for notice in found_notices:
            for line in note_lines(notice):
                print(line)
        print(f"{len(points)} article(s); {filters.describe()}")
        # Titles and outlets come from the articles (untrusted): printed without control characters.
        listed = points.assign(**{ArticleCol.TITLE: _shown_titles(points)})
        print(terminal_frame(listed[["date_text", ArticleCol.OUTLET, ArticleCol.TITLE]].rename(columns={"date_text": "date"}))
              .to_string(index=False, max_colwidth=width))
        print(f"\nArticles per {args.freq} by {split}:")
        print(terminal_frame(_counts(volume)).to_string(index=False, max_colwidth=width) if len(volume.table) else "(none)")
        if volume.note():
            print(f"({volume.note()})")
        print("\nWho reported first:")
        shown = table.assign(**{ArticleCol.TITLE: _shown_titles(table)}) \
            .drop(columns=["lag_days", TITLE_FROM_URL_FIELD, TITLE_SOURCE_FIELD, ArticleCol.ID])
        print(terminal_frame(shown).to_string(index=False, max_colwidth=width)
              if len(table) else
              f"({timeline.no_rereports_text(unordered, hidden)})")
        if hidden and len(table):
            print(timeline.less_sure_text(hidden))
        if unordered.text():
            print(unordered.text())
    return 0


def _counts(volume: timeline.Volume) -> pd.DataFrame:
    """The volume's counts; split by language, each group is the code ``--language`` takes, with
    the language's name beside it (the chart's legend): the names alone were no code to filter by."""
    if volume.group_label != "language":
        return volume.table
    return volume.table.assign(name=[timeline.group_name(volume.group_label, g) for g in volume.table["group"]])


def _shown_titles(frame: pd.DataFrame) -> list[str]:
    """A table's titles as a person reads them: a title no page printed said so (``schema.shown_title``), cut
    to the column's width here (pandas cuts a long cell in its middle, and took the mark with it)."""
    return [shown_title(t, f, TEXT_COLUMN_WIDTH - len(title_mark(f)))
            for t, f in zip(frame[ArticleCol.TITLE], frame[TITLE_SOURCE_FIELD])]


def _notes(volume: timeline.Volume, table: pd.DataFrame, hidden: int, unordered: timeline.Unordered) -> list[str]:
    """What the text output notes under its tables, for ``--json``'s notices."""
    notes = [volume.note()]
    notes.append(timeline.less_sure_text(hidden) if hidden and len(table) else
                 "" if len(table) else timeline.no_rereports_text(unordered, hidden))
    notes.append(unordered.text())
    return [note for note in notes if note]


def _payload(args: argparse.Namespace, snapshot: Snapshot, filters: Filters, split: str, points: pd.DataFrame,
             volume: timeline.Volume, story_notices: list[str], how: str, groups: list[timeline.StoryGroup],
             hidden: int, unordered: timeline.Unordered, table: pd.DataFrame) -> dict:
    dated = article_dates(snapshot.articles)       # the date rule of every --json, the time apart
    articles = with_article_dates(points.drop(columns=["x"]), dated)
    table = with_article_dates(table, dated)
    inputs = {"freq": args.freq, "split": split, "sure_only": args.sure_only, "filters": dataclasses.asdict(filters)}
    return envelope(snapshot.snapshot_id, inputs, [*story_notices, *_notes(volume, table, hidden, unordered)],
                    filters=filters.describe(),         # deprecated: inputs.filters holds them as data
                    articles=articles,
                    volume={"freq": args.freq, "split": split, "counts": _counts(volume),
                            "left_out": volume.left_out, "open_counted": volume.open_counted},
                    rereports={"how": how, "stories": [
                        {"story": n, "story_id": g.story_id, **title_record(g.title, g.title_source),
                         "explanation": g.explanation,
                         # the names stories --json gives them; the old two are deprecated
                         "first_reporter": g.first_article_id, "first_reporter_certain": g.order_certain,
                         "first_article_id": g.first_article_id, "order_certain": g.order_certain, "sure": g.sure,
                         "articles": table[table["story"] == n].drop(columns=["story"])}
                        for n, g in enumerate(groups, start=1)],
                        "less_sure_not_shown": hidden,
                        "not_ordered": {"stories": unordered.stories, "undated_reports": unordered.undated_reports}})
