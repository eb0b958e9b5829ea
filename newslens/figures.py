"""Shared figure styling: one slide-ready look, stable outlet colours and the "what this shows" stamp.

Every page's ``*_figure`` builder ends with ``slide_layout(fig, title, stamp)`` so charts share fonts,
margins, legend placement and a stamp (corpus, filters, snapshot date) that lets a screenshot stand
alone on a slide. Pure functions: no Streamlit here.
"""
from __future__ import annotations

import hashlib
import textwrap
from typing import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from newslens.safe import label_text

# Colour-blind-safe (Okabe-Ito without its pale yellow, then three of Paul Tol's darker "muted"
# hues), one colour per hue family so hashed outlets never end up as three greens; every colour
# reads as a marker on white. The order is part of the contract: an outlet's colour is chosen by a
# stable hash of its name into this tuple, so reordering it recolours every chart.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#332288", "#882255", "#999933",
)
INK = "#1a1a1a"
MUTED = "#6b6b6b"
GRID = "#e6e6e6"
FONT_FAMILY = "Inter, 'Source Sans Pro', 'Helvetica Neue', Arial, sans-serif"


def stable_slot(name: str, size: int = len(PALETTE)) -> int:
    """A palette index from the name alone (blake2b, not Python's salted ``hash``)."""
    digest = hashlib.blake2b(str(name).strip().casefold().encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % size


def color_map(names: Iterable[str]) -> dict[str, str]:
    """A colour per name that does not depend on the snapshot or on which other names are shown.

    Each name gets the palette colour its stable hash points at. Only when two names shown together
    hash to the same colour does one of them move: the name sorting first keeps its colour, the
    other takes the next free one, so the names on one chart never share a colour (up to the
    palette's size).
    """
    unique = sorted({str(n) for n in names})
    wanted = {name: stable_slot(name) for name in unique}
    result: dict[str, str] = {}
    taken: set[int] = set()
    for name in unique:                      # first pass: everyone whose slot is still free
        if wanted[name] not in taken:
            taken.add(wanted[name])
            result[name] = PALETTE[wanted[name]]
    for name in unique:                      # second pass: collisions take the next free slot
        if name in result:
            continue
        slot = wanted[name]
        for step in range(len(PALETTE)):
            candidate = (wanted[name] + step) % len(PALETTE)
            if candidate not in taken:
                slot = candidate
                break
        taken.add(slot)
        result[name] = PALETTE[slot]
    return result


def stamp_text(corpus: str, filters: str, snapshot_date: str, extra: str = "") -> str:
    """One line saying what a chart shows: corpus, filters, snapshot date and view details."""
    parts = [f"Corpus: {corpus}", f"Filters: {filters}"]
    if extra:
        parts.append(extra)
    if snapshot_date:
        parts.append(f"Snapshot {snapshot_date}")
    parts.append("NewsLens")
    return "  ·  ".join(parts)


# The stamp must fit the narrowest chart a page draws (a half-width column, ~430 px on a laptop):
# it wraps at this many characters, breaking between its "·" parts where it can.
STAMP_WRAP = 72
_SEP = "  ·  "


def wrap_stamp(text: str, width: int = STAMP_WRAP) -> list[str]:
    """The stamp as lines of at most ``width`` characters, split between parts, then between words."""
    lines: list[str] = []
    current = ""
    for part in str(text).split(_SEP):
        for piece in textwrap.wrap(part, width=width, break_long_words=True) or [""]:
            candidate = f"{current}{_SEP}{piece}" if current else piece
            if len(candidate) <= width:
                current = candidate
            else:
                lines.append(current)
                current = piece
    if current:
        lines.append(current)
    return lines


def _stamp_geometry(large: bool) -> tuple[int, int, int]:
    """(font size, gap in px from the plot area's bottom to the stamp, px per stamp line).

    The gap clears two-line date ticks plus the x-axis title, so they never overprint the stamp.
    """
    return (13, 100, 18) if large else (11, 84, 15)


def _label_indent(fig: go.Figure) -> int:
    """Characters the plot area starts right of the chart's left edge (text labels on the y axis).

    The stamp is anchored at the plot area's left edge; in a horizontal bar chart with long labels
    that edge sits far in, so the stamp must wrap shorter to stay inside a half-width chart.
    """
    labels = [str(v) for t in fig.data if getattr(t, "orientation", None) == "h" and t.y is not None
              for v in t.y]
    if not labels:
        return 0
    longest = max(len(line) for v in labels for line in v.split("<br>"))   # wrapped labels: widest line
    return min(40, longest + (4 if fig.layout.yaxis.title.text else 1))


def stamp(fig: go.Figure, text: str, *, large: bool = False) -> go.Figure:
    """Write ``text`` under the plot area, bottom left, in small grey type, wrapped to fit."""
    size, gap, line = _stamp_geometry(large)
    lines = wrap_stamp(text, max(32, STAMP_WRAP - _label_indent(fig)))
    fig.add_annotation(
        text="<br>".join(label_text(t) for t in lines), xref="paper", yref="paper", x=0, y=0,
        xanchor="left", yanchor="top", yshift=-gap, showarrow=False, align="left",
        font={"size": size, "color": MUTED}, name="newslens-stamp",
    )
    # Room below the axis for the stamp (automargin grows the axis part, never the stamp's).
    bottom = gap + line * len(lines) + 12
    fig.update_layout(margin={"b": max(bottom, int(fig.layout.margin.b or 0))})
    return fig


def _widen_sparse_date_bars(fig: go.Figure) -> None:
    """With only one or two periods of date bars, show a few periods around them, month ticks.

    Plotly otherwise zooms onto the bars: one bar fills the whole plot, ticks show single days.
    """
    bars = [t for t in fig.data if t.type == "bar" and (t.orientation or "v") == "v" and t.x is not None]
    if not bars or len(bars) != len(fig.data):
        return
    try:
        xs = pd.to_datetime(pd.Series([x for t in bars for x in t.x]), errors="raise", format="mixed")
    except (ValueError, TypeError):
        return                                   # category bars: Plotly spaces them itself
    if xs.empty or xs.nunique() > 2:
        return
    widths = [float(t.width) for t in bars if isinstance(t.width, (int, float))]
    period = pd.Timedelta(milliseconds=max(widths)) if widths else pd.Timedelta(days=30)
    period = max(period, pd.Timedelta(days=6))
    lo, hi = xs.min() - 2 * period, xs.max() + 2 * period
    monthly = period >= pd.Timedelta(days=20)
    fig.update_xaxes(range=[lo, hi], tickformat="%b %Y" if monthly else "%d %b %Y",
                     dtick="M1" if monthly else 7 * 86_400_000)


def slide_layout(fig: go.Figure, title: str, stamp_line: str | None = None, *, subtitle: str = "",
                 large: bool = False, height: int | None = None, legend_title: str = "") -> go.Figure:
    """Apply the house look: white background, readable fonts, title (+ subtitle), legend, stamp."""
    base = 18 if large else 14
    title_spec: dict = {"text": label_text(title), "x": 0, "xanchor": "left",
                        "font": {"size": base + 8, "color": INK}}
    if subtitle:
        title_spec["subtitle"] = {"text": label_text(subtitle), "font": {"size": base, "color": MUTED}}
    fig.update_layout(
        template="plotly_white",
        title=title_spec,
        font={"family": FONT_FAMILY, "size": base, "color": INK},
        paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
        # a subtitle of several lines (a chart's notes, wrapped) gets room: twice a line's height per
        # extra line, as Plotly centres the title block in the top margin (one line's worth overprinted
        # the first bars of the share by outlet, review s32)
        margin={"l": 20, "r": 20, "t": (100 + 2 * (base + 6) * subtitle.count("\n")) if subtitle else 70,
                "b": 110 if large else 95},
        legend={"title": {"text": label_text(legend_title)}, "orientation": "v", "x": 1.01, "y": 1,
                "xanchor": "left", "yanchor": "top", "bgcolor": "rgba(255,255,255,0.9)",
                "font": {"size": base - 1}},
        hoverlabel={"font": {"size": base - 1, "family": FONT_FAMILY}, "align": "left"},
    )
    if height:
        fig.update_layout(height=height)
    fig.update_xaxes(showgrid=True, gridcolor=GRID, zeroline=False, linecolor="#bbbbbb",
                     title_font={"size": base}, tickfont={"size": base - 2}, automargin=True)
    fig.update_yaxes(showgrid=True, gridcolor=GRID, zeroline=False, linecolor="#bbbbbb",
                     title_font={"size": base}, tickfont={"size": base - 2}, automargin=True)
    _widen_sparse_date_bars(fig)
    if stamp_line:
        stamp(fig, stamp_line, large=large)
    return fig


def fit_legend(fig: go.Figure) -> go.Figure:
    """Make the chart tall enough that its legend (beside the plot) shows every entry: Plotly makes
    a legend taller than the plot area a scroll box, which a screenshot cuts ("22 other outlets"
    half shown, six of nine outlets in presentation mode: review s32)."""
    entries = sum(1 for t in fig.data if t.showlegend is not False)
    if entries < 2:
        return fig
    font = int(fig.layout.legend.font.size or 13)
    row = round(font * 1.5) + 2                        # one entry (Plotly draws ~1.4 lines per entry)
    title = row if fig.layout.legend.title.text else 0
    margin = fig.layout.margin
    needed = int(margin.t or 0) + int(margin.b or 0) + title + row * entries + 30
    fig.update_layout(height=max(int(fig.layout.height or 0), needed))
    return fig


def plotly_config(filename: str, *, modebar_on_hover: bool = False) -> dict:
    """Modebar with image export on (PNG at 2x, named for the view), no Plotly logo.

    ``modebar_on_hover``: the toolbar shows only while the pointer is on the chart (Plotly's own
    ``displayModeBar="hover"``), so a screenshot in presentation mode has none.
    """
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in filename) or "newslens"
    return {
        "displaylogo": False,
        "displayModeBar": "hover" if modebar_on_hover else True,
        "toImageButtonOptions": {"format": "png", "filename": safe, "scale": 2},
        "modeBarButtonsToRemove": ["autoScale2d", "toggleSpikelines"],
    }


EMPTY_MESSAGE_WRAP = 60     # characters a line of an empty chart's message: it fits a half-width chart


def empty_figure(title: str, message: str, stamp_line: str | None = None, *, large: bool = False) -> go.Figure:
    """A titled, stamped chart saying why there is nothing to draw (never a blank box). The message
    is wrapped (Plotly draws an annotation on one line: a long one ran off both sides)."""
    fig = go.Figure()
    lines = textwrap.wrap(str(message), width=EMPTY_MESSAGE_WRAP, break_long_words=True) or [""]
    fig.add_annotation(text="<br>".join(label_text(line) for line in lines), xref="paper", yref="paper", x=0.5,
                       y=0.5, showarrow=False, font={"size": 16 if not large else 20, "color": MUTED})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return slide_layout(fig, title, stamp_line, large=large, height=320)


# Above this many points a scatter is drawn with WebGL (SVG stalls the browser at tens of thousands),
# and above MAX_SCATTER_POINTS it is sampled, with a note saying so: building and serialising the
# hovers of 50k points took over 5 s warm (bench_pages), 20k stay within the 2 s page budget.
WEBGL_FROM = 5_000
MAX_SCATTER_POINTS = 20_000


def sample_points(points: pd.DataFrame, group_col: str | None = None, max_points: int = MAX_SCATTER_POINTS,
                  seed: int = 0) -> tuple[pd.DataFrame, str | None]:
    """At most ``max_points`` rows for a scatter, and a note for the chart when rows were left out.

    Stratified by ``group_col`` (each group keeps its share, and at least one point), seeded, so the
    same view samples the same points on every rerun; counts, tables and exports use all rows.
    """
    total = len(points)
    if total <= max_points:
        return points, None
    keys = np.random.default_rng(seed).random(total)
    codes = pd.factorize(points[group_col].astype(str))[0] if group_col else np.zeros(total, dtype=np.int64)
    share = max_points / total
    chosen = []
    for code in np.unique(codes):
        members = np.flatnonzero(codes == code)
        take = max(1, round(len(members) * share))
        chosen.append(members[np.argsort(keys[members])[:take]])
    kept = points.iloc[np.sort(np.concatenate(chosen))]
    note = (f"Showing a random sample of {len(kept):,} of {total:,} points"
            + (" (every group in proportion)" if group_col else "") + "; counts and exports use all of them.")
    return kept, note
