"""When reports appeared and who published them: timeline points, volume and re-reports (pure).

Dates are honest about precision. Each article has a window of days it can have appeared on
(``DATE_START``..``DATE_END``): one day, a month, or open-ended ("on or after the call's release").
The timeline draws a day as a dot, a longer window as a bar with a hollow mark, an open window as
an open arrow; volume counts only articles whose window fits inside one period and says how many it
left out; re-report lags from approximate dates are marked approximate.
"""
from __future__ import annotations


import re
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from newslens import figures, languages
from newslens.compare import judgements
from newslens.compare.stories import Story, StoryResult
from newslens.compare.story_store import story_result
from newslens.outlets import outlet_label, outlet_labels
from newslens.dates import (EXACT, OPEN, UNDATED, WINDOW, describe_date, known_lag, lag_text, moment_text,
                            exact_moment,
                            publication_order)
from newslens.schema import (TITLE_FROM_URL_FIELD, TITLE_SOURCE_FIELD, TITLE_SOURCE_WORDS, ArticleCol, ParagraphCol, TitleSource,
                             shown_title, title_mark, title_source, title_text)
from newslens.safe import label_text
from newslens.store import Snapshot

if TYPE_CHECKING:
    from newslens.filters import Filters

Freq = Literal["week", "month"]

PRECISION_SYMBOL = {EXACT: "circle", WINDOW: "diamond-open", OPEN: "triangle-right-open"}
OPEN_TAIL_DAYS = 7          # length of the dotted "on or after" tail drawn after an open start


# --- the sidebar filters ------------------------------------------------------------------------

def filter_timeline_articles(snapshot: Snapshot, filters: "Filters",
                             topic_labels: pd.Series | None = None) -> pd.DataFrame:
    """The articles the timeline shows: the sidebar's article filters, then its topic filter.

    With topics chosen, an article stays when at least one of its paragraphs carries one of them
    (``topic_labels``: lens names per paragraph row, aligned with ``snapshot.paragraphs``). Without
    labels a topic filter keeps nothing rather than silently showing everything.
    """
    from newslens.filters import article_mask, paragraph_mask

    articles = snapshot.articles[article_mask(snapshot.articles, filters)]
    if not filters.topics:
        return articles
    if topic_labels is None or len(topic_labels) != len(snapshot.paragraphs):
        return articles.iloc[0:0]
    kept = paragraph_mask(snapshot.paragraphs, snapshot.articles, filters, topic_labels=topic_labels)
    on_topic = snapshot.paragraphs[ParagraphCol.ARTICLE_ID].to_numpy()[kept]
    return articles[articles[ArticleCol.ID].isin(on_topic)]


def summary_caption(articles: pd.DataFrame, topics: tuple[str, ...] = ()) -> str:
    """The line above the timeline: how many articles, from how many outlets, on which topics."""
    text = f"{len(articles):,} article(s) from {articles[ArticleCol.OUTLET].nunique()} outlet(s)"
    if topics:
        text += " with a paragraph on: " + ", ".join(topics)
    return text + "."


# --- points -------------------------------------------------------------------------------------

def timeline_points(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article: its window, what kind of date it has, where to draw it, hover text.

    ``x`` is the day to draw the mark on: the day itself, the middle of a window, or the start of
    an open window. Undated articles get ``x = NaT`` (the page lists them separately).
    Column-wise (no per-article Python but one wording per distinct date): 100k articles stay
    well under a second.
    """
    start = pd.to_datetime(articles[ArticleCol.DATE_START]).reset_index(drop=True)
    end = pd.to_datetime(articles[ArticleCol.DATE_END]).reset_index(drop=True)
    kinds = date_kinds(start, end)
    mid = (start + (end - start) / 2).dt.normalize()
    x = mid.where(kinds == WINDOW, start)
    sources = articles[ArticleCol.TITLE_NOTE].map(title_source).to_numpy(dtype=object)
    points = pd.DataFrame({
        ArticleCol.ID: articles[ArticleCol.ID].to_numpy(),
        ArticleCol.OUTLET: outlet_labels(articles).to_numpy(),
        ArticleCol.TITLE: articles[ArticleCol.TITLE].fillna("").to_numpy(),
        TITLE_FROM_URL_FIELD: sources == TitleSource.URL,
        TITLE_SOURCE_FIELD: sources,
        ArticleCol.ORIGINAL_SOURCE: articles[ArticleCol.ORIGINAL_SOURCE].to_numpy(),
        ArticleCol.DATE_PRECISION: articles[ArticleCol.DATE_PRECISION].to_numpy(),
        ArticleCol.DATE_START: start.to_numpy(),
        ArticleCol.DATE_END: end.to_numpy(),
        "date_kind": kinds.astype(object),
        "x": pd.to_datetime(x.to_numpy()),
        "date_text": _date_texts(start, end, articles[ArticleCol.PUBLISHED_AT]),
        ArticleCol.DATE_NOTE: articles[ArticleCol.DATE_NOTE].to_numpy(),
        ArticleCol.PUBLISHED_AT: articles[ArticleCol.PUBLISHED_AT].to_numpy(),
    })
    return points.sort_values(["x", ArticleCol.OUTLET, ArticleCol.ID], na_position="last").reset_index(drop=True)


def date_kinds(start: pd.Series, end: pd.Series) -> np.ndarray:
    """``date_kind`` for whole columns at once (same rule: newslens.dates.date_kind)."""
    s, e = start.to_numpy(dtype="datetime64[ns]"), end.to_numpy(dtype="datetime64[ns]")
    undated, open_end = np.isnat(s), np.isnat(e)
    return np.select([undated, open_end, e == s], [UNDATED, OPEN, EXACT], default=WINDOW).astype(object)


def _date_texts(start: pd.Series, end: pd.Series, published_at: pd.Series) -> np.ndarray:
    """The reader's wording of each article's date, computed once per distinct (window, moment)."""
    s = start.to_numpy(dtype="datetime64[ns]").view("i8")
    e = end.to_numpy(dtype="datetime64[ns]").view("i8")
    cache: dict[tuple, str] = {}
    out = np.empty(len(s), dtype=object)
    nat = np.iinfo(np.int64).min                   # NaT's integer form

    def stamp(value: int) -> pd.Timestamp:
        return pd.NaT if value == nat else pd.Timestamp(value)

    for i, key in enumerate(zip(s.tolist(), e.tolist(), published_at.tolist())):
        text = cache.get(key)
        if text is None:
            text = cache[key] = moment_text(key[2]) or describe_date(stamp(key[0]), stamp(key[1]))
        out[i] = text
    return out


def _hover(row) -> str:
    source = row[ArticleCol.ORIGINAL_SOURCE]
    source = source if isinstance(source, str) and source else "not stated"
    return "<br>".join([
        f"<b>{_hover_title(row[ArticleCol.TITLE], row[TITLE_SOURCE_FIELD])}</b>",
        f"Outlet: {label_text(row[ArticleCol.OUTLET])}",
        f"Date: {label_text(row['date_text'])}",
        *([f"Date note: {label_text(_wrap(row[ArticleCol.DATE_NOTE]))}"]
          if isinstance(row.get(ArticleCol.DATE_NOTE), str) and row.get(ArticleCol.DATE_NOTE) else []),
        f"Original source: {label_text(source)}",
        "<i>Click to open in the reader</i>",
    ])


def _hovers(points: pd.DataFrame) -> list[str]:
    """Hover text for every row of ``points``: the same text as ``_hover``, with the parts shared by
    many articles (outlet, date, note, source) escaped once each rather than once per article."""
    memo: dict[tuple[str, object], str] = {}

    def once(kind: str, value: object, make: Callable[[object], str]) -> str:
        key = (kind, value)
        if key not in memo:
            memo[key] = make(value)
        return memo[key]

    def note_line(note: object) -> str:
        return f"<br>Date note: {label_text(_wrap(note))}" if isinstance(note, str) and note else ""

    def source_line(source: object) -> str:
        return f"<br>Original source: {label_text(source if isinstance(source, str) and source else 'not stated')}"

    end = "<br><i>Click to open in the reader</i>"
    return [f"<b>{_hover_title(title, from_url)}</b>"
            f"<br>Outlet: {once('o', outlet, label_text)}<br>Date: {once('d', date, label_text)}"
            f"{once('n', note, note_line)}{once('s', source, source_line)}{end}"
            for title, from_url, outlet, date, note, source in zip(
                points[ArticleCol.TITLE].tolist(), points[TITLE_SOURCE_FIELD].tolist(),
                points[ArticleCol.OUTLET].tolist(), points["date_text"].tolist(),
                points[ArticleCol.DATE_NOTE].tolist(), points[ArticleCol.ORIGINAL_SOURCE].tolist())]


def _hover_title(title: object, from_url: bool) -> str:
    # wrapped before its mark (``schema.title_mark``), so "(from its url)" never breaks over two lines
    return label_text(_wrap(title_text(title)) + title_mark(from_url))


_WRAP_NEEDED = re.compile(r"[^\S ]|^ | $|  ")   # whitespace textwrap would rewrite


def _wrap(text: str, width: int = 60) -> str:
    # Whole words, at most four lines (hovers stay compact; the reader shows the full title).
    text = str(text)
    if len(text) <= width and not _WRAP_NEEDED.search(text):
        return text                       # what textwrap returns for it, without its cost
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)[:4])


def _lanes(points: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """A y position per point: one lane per outlet, marks on the same day fanned out slightly."""
    # alphabetical top to bottom whatever the case ("benborges.xyz" between "Euromaidan Press"'s
    # neighbours, not after every capitalised name)
    outlets = sorted(points[ArticleCol.OUTLET].unique(), key=lambda o: (str(o).casefold(), str(o)), reverse=True)
    lane = {o: i for i, o in enumerate(outlets)}
    y = points[ArticleCol.OUTLET].map(lane).astype(float).to_numpy()
    day = points["x"].dt.normalize()
    rank = points.groupby([points[ArticleCol.OUTLET], day], dropna=False, sort=False).cumcount().to_numpy()
    offsets = np.array([0.0, 0.22, -0.22, 0.11, -0.11, 0.33, -0.33])
    return y + offsets[rank % len(offsets)], outlets


# Above this many dated articles the reports chart draws a seeded sample, every outlet in
# proportion, and says so in its subtitle: the browser and Plotly's serialisation stall long before
# 100k hover-able marks, and one mark per pixel column says no more. Volume, table and exports use all.
MAX_REPORT_MARKS = 20_000


def reports_figure(points: pd.DataFrame, stamp: str | None = None, *, large: bool = False,
                   max_marks: int = MAX_REPORT_MARKS) -> go.Figure:
    """Reports over time: one mark per article in its outlet's lane, honest about date precision.

    Each mark carries the article id as ``customdata`` so a click can open it in the reader.
    Traces are handed to Plotly as plain dicts of arrays without per-property validation (what
    Plotly's own ``_validate=False`` is for): every value is built here from typed columns.
    """
    title = "Reports over time, by outlet"
    all_dated = points[points["date_kind"] != UNDATED].reset_index(drop=True)
    undated = int((points["date_kind"] == UNDATED).sum())
    if all_dated.empty:
        return figures.empty_figure(title, "No dated articles match the filters.", stamp, large=large)
    dated, sampled = figures.sample_points(all_dated, ArticleCol.OUTLET, max_marks)
    dated = dated.reset_index(drop=True)
    subtitle = ("● exact day   ◇ date window (bar = possible days)   ▷ on or after (start known, end open)"
                + (f"   ·   {undated} undated not shown" if undated else "")
                + (f"   ·   {len(dated):,} of {len(all_dated):,} dated articles drawn (a random sample, every "
                   "outlet in proportion; the volume chart and the table count all)" if sampled else ""))
    y, outlets = _lanes(dated)
    colors = figures.color_map(points[ArticleCol.OUTLET])
    hover = np.array(_hovers(dated), dtype=object)
    kinds = dated["date_kind"].to_numpy()
    # WebGL for thousands of articles: SVG stalls the browser long before 100k marks.
    scatter = "scattergl" if len(dated) >= figures.WEBGL_FROM else "scatter"
    traces: list[dict] = []
    # Spans first (under the marks): windows as solid bars, open starts as dotted tails.
    for kind, dash, width in ((WINDOW, "solid", 5), (OPEN, "dot", 3)):
        sel = np.flatnonzero(kinds == kind)
        if not len(sel):
            continue
        starts = dated[ArticleCol.DATE_START].to_numpy()[sel]
        ends = (dated[ArticleCol.DATE_END].to_numpy()[sel] if kind == WINDOW
                else starts + np.timedelta64(OPEN_TAIL_DAYS, "D"))
        xs = np.empty(3 * len(sel), dtype=object)
        ys = np.empty(3 * len(sel), dtype=object)
        xs[0::3], xs[1::3], xs[2::3] = pd.to_datetime(starts), pd.to_datetime(ends), None
        ys[0::3], ys[1::3], ys[2::3] = y[sel], y[sel], None
        traces.append({"type": scatter, "x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip",
                       "showlegend": False, "name": f"{kind} span",
                       "line": {"color": "#9aa5b1", "width": width, "dash": dash}})
    outlet_of = dated[ArticleCol.OUTLET].to_numpy()
    x_all, ids = dated["x"].to_numpy(), dated[ArticleCol.ID].to_numpy()
    symbols = np.array([PRECISION_SYMBOL.get(k, "circle") for k in kinds], dtype=object) if len(kinds) else kinds
    size = 15 if large else 13
    exact_all = kinds == EXACT
    for outlet in sorted(set(outlet_of)):
        color = colors[outlet]
        # Filled marks for known days, open marks (outlined in the outlet's colour) otherwise.
        for exact in (True, False):
            sel = np.flatnonzero((outlet_of == outlet) & (exact_all == exact))
            if not len(sel):
                continue
            traces.append({
                "type": scatter, "x": x_all[sel], "y": y[sel], "mode": "markers", "name": label_text(outlet),
                "legendgroup": label_text(outlet),
                "marker": {"symbol": symbols[sel], "size": size, "color": color,
                           "line": {"width": 1 if exact else 2.5, "color": "#ffffff" if exact else color}},
                "customdata": ids[sel], "hovertext": hover[sel], "hoverinfo": "text",
            })
    fig = go.Figure(data=traces, _validate=False)
    fig.update_yaxes(tickmode="array", tickvals=list(range(len(outlets))), ticktext=[label_text(o) for o in outlets],
                     range=[-0.6, len(outlets) - 0.4], title_text="", showgrid=False)
    fig.update_xaxes(title_text="Publication date",
                     range=_padded_range(all_dated["x"], all_dated[ArticleCol.DATE_END]))
    height = max(320, 170 + 46 * len(outlets))
    fig = figures.slide_layout(fig, title, stamp, subtitle=subtitle, large=large, height=height)
    fig.update_layout(showlegend=False)   # each lane is labelled with its outlet
    return fig


def _padded_range(*series: pd.Series, min_days: int = 10) -> list[pd.Timestamp]:
    """An x range around the dates with a margin, never narrower than ``min_days``."""
    values = pd.concat([pd.to_datetime(s) for s in series]).dropna()
    lo, hi = values.min(), values.max()
    span = max((hi - lo).days, min_days)
    pad = pd.Timedelta(days=max(2, round(span * 0.05)))
    if (hi - lo).days < min_days:
        extra = pd.Timedelta(days=(min_days - (hi - lo).days) / 2)
        lo, hi = lo - extra, hi + extra
    return [lo - pad, hi + pad]


# --- volume -------------------------------------------------------------------------------------

@dataclass
class Volume:
    """Article counts per period and group, and what could not be counted honestly."""

    table: pd.DataFrame                 # columns: period (Timestamp: period start), group, articles
    freq: Freq
    group_label: str
    left_out: dict[str, int] = field(default_factory=dict)   # reason -> number of articles
    open_counted: int = 0               # open-ended articles counted at their earliest day

    def note(self) -> str:
        parts = [f"{n} {reason}" for reason, n in self.left_out.items() if n]
        if self.open_counted:
            parts.append(f"{self.open_counted} 'on or after' article(s) counted at their earliest possible {self.freq}")
        return "; ".join(parts)


def _period_start(ts: pd.Series, freq: Freq) -> pd.Series:
    if freq == "week":
        return (ts - pd.to_timedelta(ts.dt.day_of_week, unit="D")).dt.normalize()
    return ts.dt.to_period("M").dt.start_time


def volume_table(articles: pd.DataFrame, freq: Freq = "month", group_col: str = ArticleCol.OUTLET,
                 group_label: str = "Outlet") -> Volume:
    """Count articles per week or month and group, counting each article once, in one period.

    An article counts in a period only if its whole date window falls inside it (a month-only
    date counts in a month, never in a week); an open window counts at its start. Everything else
    is left out and reported, so a bar never claims more precision than the data has.
    """
    if freq not in ("week", "month"):
        raise ValueError(f"freq must be 'week' or 'month', not {freq!r}")
    start = pd.to_datetime(articles[ArticleCol.DATE_START])
    end = pd.to_datetime(articles[ArticleCol.DATE_END])
    undated = start.isna()
    open_end = ~undated & end.isna()
    first = _period_start(start, freq)
    last = _period_start(end.fillna(start), freq)
    fits = ~undated & (first == last)

    def articles_in(rows: pd.Series) -> int:
        # a split by topic gives an article one row per lens: it is still one article left out
        return int(articles.loc[rows, ArticleCol.ID].nunique()) if ArticleCol.ID in articles else int(rows.sum())

    left_out = {
        "undated article(s) not counted": articles_in(undated),
        f"article(s) dated less precisely than a {freq} not counted": articles_in(~undated & ~fits),
    }
    groups = articles[group_col].fillna("(none)").astype(str) if group_col in articles else pd.Series("all", index=articles.index)
    counted = pd.DataFrame({"period": first[fits], "group": groups[fits]})
    table = (counted.groupby(["period", "group"]).size().rename("articles").reset_index()
             if len(counted) else pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"),
                                                 "group": pd.Series(dtype=str), "articles": pd.Series(dtype=int)}))
    return Volume(table.sort_values(["period", "group"]).reset_index(drop=True), freq, group_label,
                  {k: v for k, v in left_out.items() if v}, articles_in(open_end & fits))


# Ways to split the volume chart: name -> fn(snapshot, articles) -> articles with a "group" column
# (one row per article and group; a feature such as topics may register more with
# ``register_volume_split``, exploding an article into one row per topic).
VolumeSplit = Callable[[Snapshot, pd.DataFrame], pd.DataFrame]
GROUP = "group"


def _by_column(col: str, missing: str) -> VolumeSplit:
    return lambda snapshot, articles: articles.assign(**{GROUP: articles[col].fillna(missing).astype(str)})


TOPIC_SPLIT = "topic"     # the split the topics feature registers (lens labels need the session's lenses)
MAIN_LENS_NOTE = "Each article counted once, under the lens most of its paragraphs carry"

def _by_language(snapshot: Snapshot, articles: pd.DataFrame) -> pd.DataFrame:
    """Articles grouped by their language's base code, the one ``--language`` takes
    (``languages.language_code``: "unknown" when not known); the chart shows its name (``group_name``)."""
    return articles.assign(**{GROUP: articles[ArticleCol.LANGUAGE].map(languages.language_code)})


def group_name(split: str, group: str) -> str:
    """How the chart names a group of the ``split``: a language by its name ("Estonian", not "et":
    a legend of bare codes read as nothing on a slide, review s32), any other group as it is."""
    return languages.language_name(group) if split.casefold() == "language" else group


# Each column split's group for an article without the value, and what the chart says when no
# article has one (one unnamed series without a legend said nothing, review s32).
_MISSING = {"outlet": ("(unknown outlet)", "No article here names its outlet"),
            "original source": ("(not stated)", "No article here names its original source"),
            "language": (languages.UNKNOWN, "No article here has a known language")}
VOLUME_SPLITS: dict[str, VolumeSplit] = {
    "outlet": _by_column(ArticleCol.OUTLET, _MISSING["outlet"][0]),
    "original source": _by_column(ArticleCol.ORIGINAL_SOURCE, _MISSING["original source"][0]),
    "language": _by_language,
}


def register_volume_split(name: str, split: VolumeSplit) -> None:
    """Offer another split of the volume chart (e.g. "topic"); the timeline page lists it."""
    VOLUME_SPLITS[name] = split


def volume_splits(snapshot: Snapshot) -> list[str]:
    return list(VOLUME_SPLITS)


def volume_frame(snapshot: Snapshot, articles: pd.DataFrame, split: str) -> tuple[pd.DataFrame, str]:
    """``articles`` with the ``group`` column of ``split`` (outlet if unknown), and that column's name."""
    fn = VOLUME_SPLITS.get(split, VOLUME_SPLITS["outlet"])
    return fn(snapshot, articles), GROUP


# The articles table says a title is no printed headline (its url's words, its first sentence) in a
# column of its own, before the title: a mark after a long title was cut off by the column's width
# (the Finnish/Romanian corpus, screenshot).
TITLE_FROM_COLUMN = "Title from"


def article_list(points: pd.DataFrame) -> pd.DataFrame:
    """The timeline's articles as a table in date order (undated last), for picking one to read."""
    return pd.DataFrame({
        "Date": points["date_text"], "Outlet": points[ArticleCol.OUTLET],
        TITLE_FROM_COLUMN: points[TITLE_SOURCE_FIELD].map(lambda s: TITLE_SOURCE_WORDS.get(s, "")),
        "Title": points[ArticleCol.TITLE].map(title_text),
        "Original source": points[ArticleCol.ORIGINAL_SOURCE].fillna("not stated"),
        "Date note": points[ArticleCol.DATE_NOTE].fillna(""),
        ArticleCol.ID: points[ArticleCol.ID],
    })


_OTHER_PREFIX = "\u2009"     # marks the "N other outlets" group (invisible); the legend's sort key puts it last


def _busiest_groups(table: pd.DataFrame, keep: int, group_label: str) -> tuple[pd.DataFrame, str]:
    """``table`` with all but its ``keep`` busiest groups counted as one "N other outlets" group (a
    set-26 reviewer's chart had 28 outlets in nine colours and a legend cut off on the slide), and
    that group's label (the table itself, and the CLI's, keep every group)."""
    totals = table.groupby("group")["articles"].sum().sort_values(ascending=False, kind="stable")
    if len(totals) <= keep + 1:
        return table, ""
    kept = set(totals.index[:keep])
    rest = len(totals) - keep
    noun = group_label.lower()
    plural = noun if rest == 1 else noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    other = f"{_OTHER_PREFIX}{rest} other {plural}"
    merged = table.assign(group=table["group"].where(table["group"].isin(kept), other))
    return merged.groupby(["period", "group"], as_index=False)["articles"].sum(), other


def volume_figure(volume: Volume, stamp: str | None = None, *, large: bool = False) -> go.Figure:
    """Stacked bars: articles per week or month, split by outlet (or another group)."""
    title = f"Articles per {volume.freq}, by {volume.group_label.lower()}"
    if volume.table.empty:
        return figures.empty_figure(title, "No article is dated precisely enough to count.", stamp, large=large)
    table = volume.table
    missing, none_known = _MISSING.get(volume.group_label.casefold(), (None, ""))
    if set(table["group"]) == {missing}:
        counted = int(table["articles"].sum())
        return figures.empty_figure(title, f"{none_known}: nothing to split by ({counted} article(s) counted per "
                                           f"{volume.freq}; split by outlet to see them).", stamp, large=large)
    by_topic = volume.group_label.casefold() == TOPIC_SPLIT
    if by_topic:
        # Lenses keep the colours the Topics page gives them (morale blue, desertion orange, no lens grey).
        from newslens.topics.figures import group_colors
        colors = group_colors(sorted(table["group"].unique(), key=str))
    else:
        table, other = _busiest_groups(table, len(figures.PALETTE) - 1, volume.group_label)
        colors = figures.color_map(g for g in table["group"].unique() if g != other)
        colors[other] = figures.MUTED
    fig = go.Figure()
    width_days = 6 if volume.freq == "week" else 27
    names = {g: label_text(g if g.startswith(_OTHER_PREFIX) else group_name(volume.group_label, g))
             for g in table["group"].unique()}
    for group in sorted(names, key=lambda g: (g.startswith(_OTHER_PREFIX), names[g])):
        rows = table[table["group"] == group]
        label = "Week of %{x|%d %b %Y}" if volume.freq == "week" else "%{x|%B %Y}"
        fig.add_trace(go.Bar(
            x=rows["period"] + pd.Timedelta(days=width_days / 2), y=rows["articles"], name=names[group],
            marker_color=colors[group], width=width_days * 86_400_000,
            hovertemplate=f"{label}<br>{names[group]}: %{{y}} article(s)<extra></extra>",
        ))
    fig.update_layout(barmode="stack", bargap=0.1)
    fig.update_xaxes(title_text=f"{volume.freq.capitalize()} of publication")
    fig.update_yaxes(title_text="Articles", rangemode="tozero", tickformat="d", dtick=1
                     if volume.table.groupby("period")["articles"].sum().max() <= 10 else None)
    # an article with paragraphs on several lenses counts once, under its main one (articles_by_topic)
    subtitle = "; ".join(x for x in (MAIN_LENS_NOTE if by_topic else "", volume.note()) if x)
    fig = figures.slide_layout(fig, title, stamp, subtitle=subtitle, large=large, height=420,
                               legend_title="Main lens" if by_topic else volume.group_label)
    fig.update_layout(legend_traceorder="normal")    # legend in name order, not stacking order
    return figures.fit_legend(fig)


# --- re-reports ---------------------------------------------------------------------------------

@dataclass
class StoryGroup:
    """One story reported by several articles: who was first and each re-report's lag."""

    story_id: str
    article_ids: list[str]              # in order of publication (newslens.dates.publication_order)
    first_article_id: str
    lags: dict[str, float]              # article id -> days after the first report (0 for the first)
    approximate: dict[str, bool]        # article id -> its lag rests on an imprecise date
    order_certain: bool                 # False when the first report's window overlaps another's
    explanation: str
    hours: dict[str, float] = field(default_factory=dict)  # article id -> hours after the first (both timed)
    sure: bool = False                  # the story is one the grouping is sure of (``Story.sure``)
    title: str = ""                     # the story's title (``Story.title``)
    title_source: str = TitleSource.HEADLINE   # that title's source (``Story.title_source``)


def _by_id(points: pd.DataFrame) -> pd.DataFrame:
    """Points indexed by article id (the id stays a column too)."""
    return points.set_index(points[ArticleCol.ID].to_numpy())


Windows = dict[str, tuple]   # article id -> (start, end, published_at, date kind)


def _windows(points: pd.DataFrame) -> Windows:
    """Each article's date window and kind, for reading many stories without pandas lookups."""
    return dict(zip(points[ArticleCol.ID].tolist(),
                    zip(points[ArticleCol.DATE_START].tolist(), points[ArticleCol.DATE_END].tolist(),
                        points[ArticleCol.PUBLISHED_AT].tolist(), points["date_kind"].tolist())))


def _story_group(points: pd.DataFrame | Windows, story: Story) -> StoryGroup | None:
    """The timeline's reading of one story: its dated articles in publication order, with lags."""
    windows = _windows(points) if isinstance(points, pd.DataFrame) else points
    shown = [a for a in story.article_ids if a in windows]
    if sum(pd.notna(windows[a][0]) for a in shown) < 2:
        return None
    # The one ordering rule every page uses (newslens.dates.publication_order); an undated report is
    # not drawn, but it may have come first, so the order is uncertain with it (as Compare says).
    order = publication_order((a, *windows[a][:3]) for a in shown)
    ordered = [a for a in order.article_ids if pd.notna(windows[a][0])]
    kinds = [windows[a][3] for a in ordered]
    first_exact = kinds[0] == EXACT
    return StoryGroup(
        story_id=story.id, article_ids=ordered, first_article_id=ordered[0],
        lags={aid: float(order.lags[aid] or 0.0) for aid in ordered},
        approximate={aid: (kind != EXACT) or not first_exact for aid, kind in zip(ordered, kinds)},
        order_certain=order.certain, explanation=story.explanation, hours=order.hours, sure=story.sure,
        title=story.title, title_source=story.title_source)


STORIES_TEXT = ("Stories are grouped as in the Compare view: two articles are linked by converging "
                "evidence (close content, shared passages, rare names and numbers, quotes, the same "
                "cited source) with possible dates close together, and a story takes an article only "
                "when it is close to the story's reports on average. Each story says why its articles "
                "were grouped and how sure that is.")


def sure_view(groups: list[StoryGroup], unordered: "Unordered", sure_only: bool
              ) -> tuple[list[StoryGroup], int, "Unordered"]:
    """What "who reported first" shows: every story, or only those the grouping is sure of
    (``Story.sure``); how many less sure stories that leaves out, drawable or not (a less sure story
    with one dated report is left out too, and said so); and what is unordered among those shown."""
    if not sure_only:
        return groups, 0, unordered
    kept = [g for g in groups if g.sure]
    hidden = len(groups) - len(kept) + unordered.stories - unordered.sure_stories
    return kept, hidden, Unordered(unordered.sure_stories, unordered.sure_undated_reports,
                                   unordered.sure_stories, unordered.sure_undated_reports, sure_only=True)


def sure_only_default(groups: list[StoryGroup], unordered: "Unordered | None" = None) -> bool:
    """Whether "who reported first" opens on the sure stories only: yes, unless none of the stories it
    can draw is sure while others are (a first visit opened on an empty chart, set 26: three sure
    stories, none with two dated reports, and the stories it could order left out), or it can draw
    none and none of the stories it cannot order is sure either (a Finnish/Romanian corpus of undated
    pages opened on "3 stories the grouping is less sure of are not shown", while turning them on
    showed only that none has two dated reports: the reason that matters)."""
    if groups:
        return any(g.sure for g in groups)
    return unordered is None or not unordered.stories or unordered.sure_stories > 0


NONE_SURE_TEXT = ("No story the grouping is sure of has two dated reports, so every story is shown; "
                  "each says how sure its grouping is (the Compare page lists why).")


def no_rereports_text(unordered: Unordered, less_sure: int = 0) -> str:
    """Why "who reported first" has nothing to draw: the stories it cannot order and those left out
    as less sure, both when both (a sure story of undated reports left the chart blank while the
    note spoke only of the less sure ones)."""
    parts = []
    if unordered.stories:
        parts.append(f"{unordered.several()}, but fewer than two dated in "
                     f"{'each' if unordered.stories != 1 else 'it'}: who reported first cannot be told.")
    if less_sure:
        parts.append(less_sure_text(less_sure))
    return " ".join(parts) or "No story is reported by more than one article here."


def less_sure_text(n: int) -> str:
    """What "who reported first" leaves out when it shows only the stories the grouping is sure of."""
    return (f"{stories_text(n)} the grouping is less sure of {'is' if n == 1 else 'are'} not shown (the Compare page "
            "lists every story and why its articles were grouped).")


def stories_text(n: int) -> str:
    return f"{n} stor{'ies' if n != 1 else 'y'}"


@dataclass(frozen=True)
class Unordered:
    """What "who reported first" cannot order: stories of several reports with fewer than two
    dated ones, and the undated reports of stories it orders (most scraped pages print no date)."""

    stories: int = 0
    undated_reports: int = 0
    sure_stories: int = 0            # of ``stories``, those the grouping is sure of (``Story.sure``)
    sure_undated_reports: int = 0    # of ``undated_reports``, those in stories it is sure of
    sure_only: bool = False          # counts of the sure stories alone (``sure_view``), and said so

    def several(self) -> str:
        """The unordered stories named: "4 stories of several reports", or "4 sure stories ..." when
        only the stories the grouping is sure of are counted."""
        n = self.stories
        return f"{n} {'sure ' if self.sure_only else ''}stor{'ies' if n != 1 else 'y'} of several reports"

    def text(self) -> str:
        parts = []
        if self.stories:
            parts.append(f"{self.several()} with fewer than two dated")
        if self.undated_reports:
            parts.append(f"{self.undated_reports} undated report{'s' if self.undated_reports != 1 else ''} in "
                         "stories that have dated ones")
        return ("Not ordered by date (their order is unknown): " + "; ".join(parts) + ". Every story is listed "
                "on the Compare page and by `python -m newslens stories`." if parts else "")


def find_rereports(snapshot: Snapshot, article_ids: list[str] | None = None, found: StoryResult | None = None
                   ) -> tuple[list[StoryGroup], str, Unordered, list[str]]:
    """Re-report groups (the compare view's stories, so both views agree), how they were found,
    what of the stories could not be ordered by date (``Unordered``) and the notices on the stories
    as a whole (``StoryResult.snapshot_notices``: grouped now, not as the snapshot stores them).

    Lags and order are recomputed from the article date windows, so both views agree on precision.
    ``found``: the stories of ``article_ids`` when the caller has them (for their notices too).
    """
    # The pipeline's stories when the snapshot has them, else grouped now (newslens.compare.story_store).
    result = found if found is not None else story_result(snapshot, article_ids)
    stories = result.stories
    members = {a for story in stories for a in story.article_ids}
    articles = snapshot.articles
    windows = _windows(timeline_points(articles[articles[ArticleCol.ID].isin(members)]))
    built = [(story, _story_group(windows, story)) for story in stories]
    groups = [g for _, g in built if g is not None]
    groups.sort(key=lambda g: (windows[g.first_article_id][0], g.story_id))
    unordered_stories = [story for story, g in built if g is None and len(story.article_ids) > 1]
    undated = [(story, len(story.article_ids) - len(g.article_ids)) for story, g in built if g is not None]
    unordered = Unordered(
        stories=len(unordered_stories), undated_reports=sum(n for _, n in undated),
        sure_stories=sum(story.sure for story in unordered_stories),
        sure_undated_reports=sum(n for story, n in undated if story.sure))
    return groups, STORIES_TEXT, unordered, list(result.snapshot_notices) + judgements.verdict_notices(result)


def rereport_table(groups: list[StoryGroup], articles: pd.DataFrame,
                   numbers: list[int] | None = None) -> pd.DataFrame:
    """One row per article in a story: story, outlet, date, lag text, title, article id. ``numbers``:
    the stories' numbers when ``groups`` are some of the stories (the chart's largest), so a story
    keeps the number the page's table gives it."""
    meta = articles.set_index(ArticleCol.ID)
    rows = []
    for n, group in zip(numbers or range(1, len(groups) + 1), groups):
        for aid in group.article_ids:
            a = meta.loc[aid]
            rows.append({
                "story": n, ArticleCol.OUTLET: outlet_label(a[ArticleCol.OUTLET], a.get(ArticleCol.DOMAIN)),
                "date": moment_text(a[ArticleCol.PUBLISHED_AT])
                or describe_date(pd.Timestamp(a[ArticleCol.DATE_START]), pd.Timestamp(a[ArticleCol.DATE_END])),
                "lag": lag_text(group.lags[aid], group.approximate[aid], aid == group.first_article_id,
                                group.order_certain, group.hours.get(aid)),
                "lag_days": known_lag(group.lags[aid], group.hours.get(aid)), ArticleCol.TITLE: title_text(a[ArticleCol.TITLE]),
                TITLE_FROM_URL_FIELD: (source := title_source(a[ArticleCol.TITLE_NOTE])) == TitleSource.URL,
                TITLE_SOURCE_FIELD: source,
                ArticleCol.ORIGINAL_SOURCE: a[ArticleCol.ORIGINAL_SOURCE], ArticleCol.ID: aid,
            })
    return pd.DataFrame(rows, columns=["story", ArticleCol.OUTLET, "date", "lag", "lag_days", ArticleCol.TITLE,
                                       TITLE_FROM_URL_FIELD, TITLE_SOURCE_FIELD, ArticleCol.ORIGINAL_SOURCE, ArticleCol.ID])


LAG_LABEL_SHIFT = 12     # px between a row's last day and its lag label
_CHAR_WIDTH = 0.62       # a character's width in ems (sans-serif, generous for digits and "≈")

# At most this many stories in the "who reported first" chart (a slide shows about that many rows
# of three); the largest are drawn, and the subtitle says how many are not. Grouping is unaffected.
MAX_STORIES_DRAWN = 25


def stories_to_draw(groups: list[StoryGroup], limit: int = MAX_STORIES_DRAWN) -> list[StoryGroup]:
    """The ``limit`` largest stories (ties: the earlier first), kept in the order they were given."""
    if len(groups) <= limit:
        return list(groups)
    keep = set(sorted(range(len(groups)), key=lambda i: (-len(groups[i].article_ids), i))[:limit])
    return [g for i, g in enumerate(groups) if i in keep]


STORY_TITLE_CHARS = 90   # a story's title over its rows in "who reported first", cut to this


def rereports_figure(groups: list[StoryGroup], articles: pd.DataFrame, stamp: str | None = None, *,
                     large: bool = False, max_stories: int = MAX_STORIES_DRAWN,
                     unordered: Unordered = Unordered(), less_sure: int = 0) -> go.Figure:
    """Each story as a block of rows, one per article in publication order: its possible dates
    (a dot for a known day, a bar for a window, a dotted arrow for "on or after") and its lag.

    Built from plain trace, annotation and shape dicts without Plotly's per-property validation:
    adding annotations and lines one by one costs quadratic time (minutes for 100 stories).
    ``less_sure``: stories left out as less sure (``Story.sure``), said when none is left to draw."""
    title = "Who reported first: re-reports of the same story"
    if not groups:
        message = no_rereports_text(unordered, less_sure)
        return figures.empty_figure(title, message, stamp, large=large)
    drawn = stories_to_draw(groups, max_stories)
    number = {id(g): n for n, g in enumerate(groups, start=1)}
    table = rereport_table(drawn, articles, [number[id(g)] for g in drawn])
    story_titles = {number[id(g)]: shown_title(g.title, g.title_source, STORY_TITLE_CHARS) if g.title else ""
                    for g in drawn}
    # a story the grouping is less sure of says so over its rows (a slide of "all stories" read as sure)
    less_sure_stories = {number[id(g)] for g in drawn if not g.sure}
    shown_ids = set(table[ArticleCol.ID])
    points = _by_id(timeline_points(articles[articles[ArticleCol.ID].isin(shown_ids)]))
    colors = figures.color_map(outlet_labels(articles))
    labels, ends = [], []
    language_of = (dict(zip(articles[ArticleCol.ID], articles[ArticleCol.LANGUAGE]))
                   if ArticleCol.LANGUAGE in articles else {})
    bases = [f"Story {row['story']} · {label_text(row[ArticleCol.OUTLET])}" for _, row in table.iterrows()]
    languages_of: dict[str, list[object]] = {}
    for base, aid in zip(bases, table[ArticleCol.ID]):
        languages_of.setdefault(base, []).append(language_of.get(aid))
    seen: dict[str, int] = {}
    for base, aid in zip(bases, table[ArticleCol.ID]):
        # one row per report: an outlet's second report of a story shared its row, the two marks
        # and lag labels printed over each other (set 31: "first, order uncertain" over "same day").
        # An outlet's rows are told apart by language when each is in its own (one agency's Russian
        # and Ukrainian editions, set 31), else numbered.
        langs = languages_of[base]
        seen[base] = seen.get(base, 0) + 1
        if len(langs) > 1 and all(isinstance(x, str) and x for x in langs) and len(set(langs)) == len(langs):
            labels.append(f"{base} ({label_text(str(language_of[aid]))})")
        else:
            labels.append(base if seen[base] == 1 else f"{base} ({seen[base]})")
        p = points.loc[aid]
        at = exact_moment(p[ArticleCol.PUBLISHED_AT])
        ends.append(at.tz_localize(None) if at is not None else p[ArticleCol.DATE_END] if pd.notna(p[ArticleCol.DATE_END])
                    else p[ArticleCol.DATE_START] + pd.Timedelta(days=OPEN_TAIL_DAYS))
    traces: list[dict] = []
    annotations: list[dict] = []
    font_size = 14 if large else 12
    for (_, row), label, end in zip(table.iterrows(), labels, ends):
        aid, outlet = row[ArticleCol.ID], row[ArticleCol.OUTLET]
        p = points.loc[aid]
        color = colors.get(outlet, figures.MUTED)
        kind = p["date_kind"]
        if kind != EXACT:
            traces.append({"type": "scatter", "x": [p[ArticleCol.DATE_START], end], "y": [label, label],
                           "mode": "lines", "hoverinfo": "skip", "showlegend": False,
                           "line": {"color": color, "width": 6 if kind == WINDOW else 3,
                                    "dash": "solid" if kind == WINDOW else "dot"}})
        at = exact_moment(p[ArticleCol.PUBLISHED_AT])
        traces.append({
            "type": "scatter", "x": [at.tz_localize(None) if at is not None else p[ArticleCol.DATE_START]], "y": [label],
            "mode": "markers", "name": label_text(outlet), "legendgroup": label_text(outlet), "showlegend": False,
            "marker": {"symbol": PRECISION_SYMBOL.get(kind, "circle"), "size": 15 if large else 13,
                       "color": color, "line": {"width": 2, "color": color}},
            "customdata": [aid], "hovertext": [_hover(p) + f"<br>Lag: {label_text(row['lag'])}"], "hoverinfo": "text"})
        annotations.append({"x": end, "y": label, "text": label_text(row["lag"]), "showarrow": False,
                            "xanchor": "left", "xshift": LAG_LABEL_SHIFT, "xref": "x", "yref": "y",
                            "font": {"size": font_size, "color": figures.INK}})
    longest = max(len(a["text"]) for a in annotations)
    # Each story opens with a row naming it (a slide's "Story 1" said nothing of which story), and a
    # faint rule separates the stories.
    shapes: list[dict] = []
    rows: list[str] = []
    for n, (story, size) in enumerate(table.groupby("story", sort=False).size().items()):
        header = "\u200b" * (n + 1)        # an empty tick label, one category per story
        if rows:
            shapes.append({"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y",
                           "y0": len(rows) - 0.5, "y1": len(rows) - 0.5, "line": {"color": "#d0d5da", "width": 1}})
        annotations.append({"x": 0, "xref": "x domain", "y": header, "yref": "y", "xanchor": "left",
                            "showarrow": False, "text": f"<b>Story {story}</b>{' (less sure)' if story in less_sure_stories else ''}"
                                                        f" · {label_text(story_titles[story])}",
                            "font": {"size": font_size, "color": figures.INK}})
        rows.append(header)
        rows.extend(labels[len(rows) - n - 1:len(rows) - n - 1 + size])
    fig = go.Figure(data=traces, layout={"annotations": annotations, "shapes": shapes}, _validate=False)
    starts = pd.to_datetime(table[ArticleCol.ID].map(points[ArticleCol.DATE_START]))
    lo, hi = _padded_range(starts, pd.Series(ends), min_days=14)
    # day and month over the year, flat: one line of "%d %b %Y" turned upright on a slide and pushed
    # the axis title onto the stamp (set 31, presentation mode)
    fig.update_xaxes(title_text="Possible publication dates", range=[lo, hi + (hi - lo) * 0.03],
                     tickformat="%d %b<br>%Y", tickangle=0)
    fig.update_yaxes(title_text="", autorange="reversed", showgrid=False, type="category",
                     categoryorder="array", categoryarray=rows)
    fig = figures.slide_layout(
        fig, title, stamp,
        subtitle="Lag from the first report's earliest possible day (in hours when both carry an exact time); "
                 "≈ when a date is approximate"
                 + (f"   ·   the {len(drawn)} largest of {len(groups):,} stories drawn" if len(drawn) < len(groups) else ""),
        large=large, height=max(300, 190 + 42 * len(rows)))
    # Each lag label starts right of its row's last day, so the longest one needs room beyond the
    # axis whatever the chart's width (a share of the date range was too little on a narrow page).
    right = int(fig.layout.margin.r or 0) + LAG_LABEL_SHIFT + int(longest * _CHAR_WIDTH * font_size)
    fig.update_layout(showlegend=False, margin={"r": right})
    return fig
