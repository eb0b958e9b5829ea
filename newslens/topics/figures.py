"""Slide-ready figures of the topics view: the corpus map, topic share, cluster sizes (pure).

Every builder returns a ``plotly.graph_objects.Figure`` finished with ``figures.slide_layout``
(title, axis labels, legend, stamp). Paragraph text in hovers is untrusted: it is truncated,
HTML-escaped and only then broken into lines.
"""
from __future__ import annotations

import functools
import textwrap
from typing import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from newslens import figures
from newslens.topics.clusters import Clustering
from newslens.knowledge import threshold
from newslens.safe import label_text, shortened
from newslens.schema import ArticleCol, ParagraphCol
from newslens.topics.analysis import COUNT, GROUP, NO_TOPIC, PERIOD, SHARE, TOTAL, X, Y

NO_LENS = NO_TOPIC       # the same name, and so the same grey, on the Timeline's split by topic
NO_LENS_COLOR = "#c8c8c8"
OTHER_COLOR = figures.MUTED      # the smaller clusters that share one colour (``cluster_groups``)
# The three default lenses get fixed, clearly distinct colour-blind-safe colours: Okabe-Ito blue
# and orange, Tol's wine. They differ in hue AND lightness, so they stay apart (CIELAB distance
# >= 30, also from the "no lens" grey) under protanopia, deuteranopia and tritanopia. Every topics
# chart uses them; other lenses and clusters take stable hashed colours from ``figures.PALETTE``,
# never one of these.
LENS_COLORS: dict[str, str] = {"morale": "#0072B2", "desertion": "#E69F00", "executions": "#882255"}
# Cluster names on the y axis of the cluster chart: wrapped to this many characters, at most
# CLUSTER_LABEL_LINES lines (the hover keeps every word).
CLUSTER_LABEL_WIDTH = 24
CLUSTER_LABEL_LINES = 2
HOVER_CHARS = 220
# Above this many points the map uses WebGL (Scattergl) so panning stays smooth.
WEBGL_FROM = figures.WEBGL_FROM
# Up to this many periods, share over time is drawn as bars per period rather than lines.
MAX_PERIOD_BARS = 12
LEGEND_ROW_PX = 30      # room above the bars for a legend laid out as one row
# By outlet: the outlets with most topic paragraphs, each row tall enough to carry its label (81
# outlets in 900 px printed every other label beside the wrong bars).
MAX_OUTLET_ROWS = 25
OUTLET_ROW_PX = 9           # per bar of a row (one per group), never under MIN_OUTLET_ROW_PX a row
MIN_OUTLET_ROW_PX = 24


def hover_snippet(text: str, limit: int = HOVER_CHARS, width: int = 60) -> str:
    """Untrusted text for a Plotly hover: truncated, escaped, wrapped with <br>."""
    text = " ".join(str(text).split())
    text = shortened(text, limit)
    return "<br>".join(label_text(line) for line in _wrap_plain(text, width))


@functools.lru_cache(maxsize=100_000)
def _map_hover(outlet: str, published: str, text: str) -> str:
    # Remembered across reruns (about 30 MB at most): a map redraws the same 20k hovers each time.
    return f"<b>{label_text(outlet)}</b> · {label_text(published)}<br>{hover_snippet(text)}"


def _wrap_plain(text: str, width: int) -> list[str]:
    """``textwrap.wrap(text, width)`` for single-spaced text, without its cost (a corpus map has
    tens of thousands of hovers): greedy by words; hyphens and over-long words go to textwrap."""
    words = text.split(" ")
    if "-" in text or any(len(w) > width for w in words):
        return textwrap.wrap(text, width=width) or [""]
    lines, line = [], ""
    for word in words:
        if not word:
            continue
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [line] if line else lines or [""]


def group_colors(groups: Sequence[str], other: str = "") -> dict[str, str]:
    """A colour per lens (or cluster): the default lenses' fixed ones, "no lens" grey, others hashed.

    A hashed colour that is one of the default lenses' colours, or another group's on this chart,
    moves to the next free palette colour, so no two groups on one chart look alike (up to
    ``free_colors()`` of them: ``cluster_groups`` keeps a chart within that). ``other``: the group
    gathering the rest ("11 smaller clusters"), drawn in ``OTHER_COLOR``.
    """
    fixed = {g: LENS_COLORS[str(g).casefold()] for g in groups if str(g).casefold() in LENS_COLORS}
    others = [g for g in groups if g not in (NO_LENS, other) and g not in fixed]
    hashed = figures.color_map(others)
    reserved = set(LENS_COLORS.values())
    free = [c for c in figures.PALETTE if c not in reserved]
    colors = dict(fixed)
    taken = set(reserved)
    for group in sorted(others, key=str):
        wanted = hashed[group]
        if wanted in taken:
            start = free.index(wanted) if wanted in free else 0
            ring = free[start:] + free[:start]
            wanted = next((c for c in ring if c not in taken), ring[0] if ring else wanted)
        colors[group] = wanted
        taken.add(wanted)
    colors[NO_LENS] = NO_LENS_COLOR
    if other:
        colors[other] = OTHER_COLOR
    return colors


def free_colors() -> list[str]:
    """The palette colours a group other than the default lenses can have (never a lens's)."""
    return [c for c in figures.PALETTE if c not in set(LENS_COLORS.values())]


def cluster_groups(clustering: Clustering) -> tuple[list[str], np.ndarray, str]:
    """What a cluster chart colours: the largest clusters by name, as many as there are free
    colours, then one group of the rest; each cluster number's group index; that group's name
    ("" when every cluster has a colour of its own).

    17 clusters in 6 colours gave eight clusters one green on the map and the bars (review s32):
    a colour must name one cluster, so the smaller ones share a grey said in the legend.
    """
    sizes = clustering.sizes
    by_size = sorted(sizes, key=lambda c: (-sizes[c], c))
    limit = len(free_colors())
    coloured = by_size if len(by_size) <= limit else by_size[:limit]
    names = [clustering.name(c) for c in sorted(coloured)]
    index = np.full(len(sizes), len(names), dtype=np.int64)
    for i, c in enumerate(sorted(coloured)):
        index[c] = i
    rest = len(by_size) - len(coloured)
    other = f"{rest} smaller clusters" if rest else ""
    return names + ([other] if other else []), index, other


def cluster_label(name: str, width: int = CLUSTER_LABEL_WIDTH, max_lines: int = CLUSTER_LABEL_LINES) -> str:
    """A cluster's name for an axis: whole words on at most ``max_lines`` lines (escaped, ``<br>``)."""
    lines = textwrap.wrap(" ".join(str(name).split()), width=width, break_long_words=False,
                          max_lines=max_lines, placeholder=" …") or [""]
    return "<br>".join(label_text(line) for line in lines)


def corpus_map_figure(points: pd.DataFrame, group_col: str, stamp: str | None, *, title: str,
                      subtitle: str = "", legend_title: str = "", group_order: Sequence[str] | None = None,
                      other: str = "", large: bool = False) -> go.Figure:
    """The 2-D corpus map, one trace per group (lens or cluster).

    ``points`` needs x, y, ``group_col``, text, outlet, published, article_id and paragraph_id;
    each point's customdata is (article_id, paragraph_id) so a click can open the reader.
    ``other``: the group of the smaller clusters (``cluster_groups``), grey like "no lens".
    """
    if points.empty:
        return figures.empty_figure(title, "No paragraph matches the filters.", stamp, large=large)
    present = list(dict.fromkeys(points[group_col].astype(str)))
    order = [g for g in (group_order or []) if g in present] + [g for g in present if g not in (group_order or [])]
    background = [g for g in (NO_LENS, other) if g and g in order]
    # grey background points first, so coloured ones are drawn on top
    order = background + [g for g in order if g not in background]
    colors = group_colors(order, other)
    scatter = "scattergl" if len(points) >= WEBGL_FROM else "scatter"
    size = 11 if large else 9
    traces = []
    for group in order:
        part = points[points[group_col].astype(str) == group]
        hover = [_map_hover(str(o), str(p or "undated"), str(t))
                 for o, p, t in zip(part[ArticleCol.OUTLET], part[ArticleCol.PUBLISHED], part[ParagraphCol.TEXT])]
        # Plain dicts without Plotly's per-point validation (tens of thousands of hovers).
        traces.append({
            "type": scatter, "x": part[X].to_numpy(), "y": part[Y].to_numpy(), "mode": "markers",
            "name": label_text(group),
            "marker": {"size": size if group not in background else size - 2, "color": colors[group],
                       "opacity": 0.9 if group not in background else 0.6, "line": {"width": 0.5, "color": "#ffffff"}},
            "legendrank": 2000 if group == other else 1000,     # the rest last in the legend
            "customdata": np.column_stack([part[ParagraphCol.ARTICLE_ID].astype(str),
                                           part[ParagraphCol.ID].astype(str)]),
            "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>",
        })
    fig = go.Figure(data=traces, _validate=False)
    fig = figures.slide_layout(fig, title, stamp, subtitle=subtitle, large=large, height=620,
                               legend_title=legend_title)
    # Map coordinates carry no units: no ticks, no grid, just the neighbourhoods.
    fig.update_xaxes(title_text="map dimension 1", showticklabels=False, showgrid=False)
    fig.update_yaxes(title_text="map dimension 2", showticklabels=False, showgrid=False)
    fig.update_layout(dragmode="lasso", clickmode="event+select")
    return fig


def topic_share_figure(share: pd.DataFrame, by: str, stamp: str | None, *, title: str,
                       subtitle: str = "", legend_title: str = "Topic", other: str = "",
                       min_paragraphs: int | None = None, large: bool = False) -> go.Figure:
    """Share of content paragraphs per topic: lines over time, or grouped bars per outlet.
    ``other``: the group of the smaller clusters (``cluster_groups``), in grey. A period or outlet
    with fewer than ``min_paragraphs`` paragraphs (config ``topics.share_min_paragraphs``) draws no
    share, and the subtitle says how many were left out."""
    if share.empty or share[TOTAL].sum() == 0:
        return figures.empty_figure(title, "No dated paragraph matches the filters." if by != "outlet"
                                    else "No paragraph matches the filters.", stamp, large=large)
    share, few = _enough_paragraphs(share, by, SHARE_MIN_PARAGRAPHS if min_paragraphs is None else min_paragraphs)
    if few:
        subtitle = "; ".join(x for x in (subtitle, few) if x)
    if share.empty:
        return figures.empty_figure(title, few[0].upper() + few[1:] + ".", stamp, large=large)
    groups = list(dict.fromkeys(share[GROUP]))
    colors = group_colors(groups, other)
    fig = go.Figure()
    key = ArticleCol.OUTLET if by == "outlet" else PERIOD
    outlets: list[str] = []
    if by == "outlet":
        share, outlets, left_out = _busiest_outlets(share)
        # one line per note, wrapped for a half-width column (the notes ran off the chart's edge)
        subtitle = "\n".join(line for x in (subtitle, left_out) if x
                             for line in textwrap.wrap(x, SUBTITLE_WRAP, break_long_words=False))
    periods = sorted(share[key].unique()) if by != "outlet" else []
    # Few periods (a small or gappy corpus): one group of bars per period, labelled with its date,
    # so no line suggests a trend across months nobody reported in.
    as_bars = by == "outlet" or len(periods) <= MAX_PERIOD_BARS
    fmt = "%b %Y" if by == "month" else "week of %d %b %Y"

    def label(value: object) -> str:
        return label_text(str(value)) if by == "outlet" else pd.Timestamp(value).strftime(fmt)

    for group in groups:
        part = share[share[GROUP] == group].sort_values(key)
        hover = [f"<b>{label_text(str(group))}</b><br>{label(k)}<br>{c} of {t} paragraphs ({s:.0%})"
                 for k, c, t, s in zip(part[key], part[COUNT], part[TOTAL], part[SHARE])]
        common = dict(name=label_text(group), marker={"color": colors[group]}, hovertext=hover,
                      hovertemplate="%{hovertext}<extra></extra>")
        if by == "outlet":
            fig.add_trace(go.Bar(y=[label(o) for o in part[key]], x=part[SHARE], orientation="h", **common))
        elif as_bars:
            fig.add_trace(go.Bar(x=[label(k) for k in part[key]], y=part[SHARE], **common))
        else:
            x, y, text = _broken_at_gaps(part[key], part[SHARE], hover, by)
            common["hovertext"] = text
            fig.add_trace(go.Scatter(x=x, y=y, mode="lines+markers", connectgaps=False,
                                     line={"width": 3, "color": colors[group]}, **common))
    if by != "outlet" and as_bars:
        # the legend lies above the bars (below), so its title joins the subtitle's lines
        subtitle, legend_title = "\n".join(x for x in (subtitle, legend_title) if x), ""
    if by == "outlet":
        row = max(MIN_OUTLET_ROW_PX, OUTLET_ROW_PX * len(groups))
        height = max(380, 160 + row * share[key].nunique())
    else:
        height = 460
    fig = figures.slide_layout(fig, title, stamp, subtitle=subtitle, large=large, height=height,
                               legend_title=legend_title)
    if by == "outlet":
        # the busiest outlets first (they were in the alphabet's order, capitals first)
        fig.update_layout(barmode="group", yaxis={"autorange": "reversed", "categoryorder": "array",
                                                  "categoryarray": [label(o) for o in outlets]})
        fig.update_xaxes(title_text="share of the outlet's paragraphs", tickformat=".0%", rangemode="tozero")
        fig.update_yaxes(title_text="outlet", showgrid=False)
    else:
        fig.update_yaxes(title_text="share of paragraphs", tickformat=".0%", rangemode="tozero")
        fig.update_xaxes(title_text="month of publication" if by == "month" else "week of publication")
        if as_bars:
            fig.update_layout(barmode="group")
            # each period on two short lines ("Feb" over "2022") and the legend above the bars: in a
            # half-width column the legend beside them and labels turned upright left the bars a third
            # of the width and pushed the axis title onto the stamp (review 30a)
            fig.update_xaxes(type="category", categoryorder="array", categoryarray=[label(p) for p in periods],
                             tickmode="array", tickvals=[label(p) for p in periods],
                             ticktext=[label(p).replace(" ", "<br>", 1) if by == "month" else label(p)
                                       for p in periods])
            if by == "month":
                fig.update_xaxes(tickangle=0)
            fig.update_layout(legend={"orientation": "h", "x": 0, "y": 1.0, "xanchor": "left", "yanchor": "bottom"},
                              margin={"t": int(fig.layout.margin.t or 0) + LEGEND_ROW_PX})
    return fig


SUBTITLE_WRAP = 110     # characters per subtitle line of the by-outlet chart (the page's width)
SHARE_MIN_PARAGRAPHS = threshold("topics", "share_min_paragraphs", int, low=1)


def _enough_paragraphs(share: pd.DataFrame, by: str, least: int) -> tuple[pd.DataFrame, str]:
    """The rows of the periods (or outlets) with at least ``least`` paragraphs, and what was left
    out, in words ("" when nothing)."""
    key = ArticleCol.OUTLET if by == "outlet" else PERIOD
    totals = share.groupby(key)[TOTAL].first()
    few = totals[(totals > 0) & (totals < least)]
    if few.empty:
        return share, ""
    noun = {"outlet": "outlet", "week": "week", "month": "month"}.get(by, "period")
    many = len(few) != 1
    return (share[~share[key].isin(few.index)],
            f"{len(few)} {noun}{'s' if many else ''} with fewer than {least} paragraphs not drawn")
# A line over time is broken where no paragraph was published for longer than this (a share of
# nothing is no share: a line drawn across it suggested a trend nobody reported)
_GAP_DAYS = {"week": 8, "month": 32}


def _broken_at_gaps(periods: pd.Series, shares: pd.Series, hover: list[str], by: str
                    ) -> tuple[list, list, list]:
    """The points of a line over time, with an empty point in each gap so the line breaks there."""
    x: list = []
    y: list = []
    text: list = []
    last = None
    for period, value, words in zip(pd.to_datetime(periods), shares, hover):
        if last is not None and (period - last).days > _GAP_DAYS.get(by, 32):
            x.append(last + (period - last) / 2)
            y.append(None)
            text.append("")
        x.append(period)
        y.append(value)
        text.append(words)
        last = period
    return x, y, text


def _busiest_outlets(share: pd.DataFrame) -> tuple[pd.DataFrame, list[str], str]:
    """The rows of the outlets carrying any group's paragraph, at most ``MAX_OUTLET_ROWS`` of them,
    those outlets (most such paragraphs first, then by name), and what was left out, said in words
    ("" when nothing)."""
    counts = share.groupby(ArticleCol.OUTLET)[COUNT].sum()
    with_any = counts[counts > 0]
    kept = sorted(with_any.index, key=lambda outlet: (-with_any[outlet], str(outlet)))[:MAX_OUTLET_ROWS]
    notes = []
    if len(with_any) > len(kept):
        more = len(with_any) - len(kept)
        notes.append(f"the {len(kept)} outlets with most such paragraphs ({more} more not shown)")
    if none := len(counts) - len(with_any):
        notes.append(f"{none} outlet{'s' if none != 1 else ''} with none not shown")
    return share[share[ArticleCol.OUTLET].isin(kept)], [str(o) for o in kept], "; ".join(notes)


def cluster_sizes_figure(clustering: Clustering, stamp: str | None, *, title: str, subtitle: str = "",
                         large: bool = False) -> go.Figure:
    """Paragraphs per cluster, each bar named by its distinctive words.

    Labels are wrapped (whole words, two lines at most) and the chart grows with the number of
    clusters, so long labels never squash the bars or crowd the stamp; the hover has every word.
    """
    sizes = clustering.sizes
    if not sizes:
        return figures.empty_figure(title, "No content paragraphs to cluster.", stamp, large=large)
    clusters = sorted(sizes, key=lambda c: (sizes[c], -c))       # largest at the top
    labels = [cluster_label(clustering.name(c, 4)) for c in clusters]
    groups, index, other = cluster_groups(clustering)
    by_group = group_colors(groups, other)
    colors = {clustering.name(c): by_group[groups[index[c]]] for c in clusters}
    hovers = [f"<b>cluster {c}</b><br>{hover_snippet(', '.join(clustering.terms.get(c, [])) or 'no distinctive words')}"
              f"<br>{sizes[c]:,} paragraphs" for c in clusters]
    fig = go.Figure(go.Bar(
        x=[sizes[c] for c in clusters], y=labels, orientation="h",
        # The same colour a cluster has on the corpus map (never one of the lens colours; the
        # smaller clusters' grey when there are more clusters than colours, said in the subtitle).
        marker={"color": [colors[clustering.name(c)] for c in clusters]},
        hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
    ))
    lines = max(label.count("<br>") + 1 for label in labels)
    row = (24 if large else 20) * lines + 16                      # one bar with its label's lines
    chrome = 300 if large else 260                                # title, subtitle, x axis, stamp
    if other:
        subtitle = "\n".join(x for x in (subtitle, f"The {len(groups) - 1} largest have a colour of their own "
                                                    f"(as on the map); the {other} are grey") if x)
    fig = figures.slide_layout(fig, title, stamp, subtitle=subtitle, large=large,
                               height=max(360, chrome + row * len(clusters)))
    fig.update_xaxes(title_text="paragraphs in the cluster")
    # The labels say what they are ("3: words, ..."); a y-axis title would only crowd them.
    fig.update_yaxes(title_text=None, showgrid=False, ticklabelstandoff=6)
    return fig


def selected_paragraphs(event: object) -> list[tuple[str, str]]:
    """(article_id, paragraph_id) of the map points a Streamlit selection event holds."""
    try:
        points = event.selection.points  # type: ignore[attr-defined]
    except AttributeError:
        points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else []
    out: list[tuple[str, str]] = []
    for point in points or []:
        data = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(data, (list, tuple)) and len(data) >= 2:
            pair = (str(data[0]), str(data[1]))
            if pair not in out:
                out.append(pair)
    return out
