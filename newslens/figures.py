"""Shared figure styling: one slide-ready look, stable outlet colours and the "what this shows" stamp.

Every page's ``*_figure`` builder ends with ``slide_layout(fig, title, stamp)`` so charts share fonts,
margins, legend placement and a stamp (corpus, filters, snapshot date) that lets a screenshot stand
alone on a slide. Pure functions: no Streamlit here.
"""
from __future__ import annotations

from typing import Iterable

import plotly.graph_objects as go

# Okabe-Ito (colour-blind safe) first, then Plotly's "Safe" set for larger outlet lists.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    "#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288", "#AA4499", "#44AA99", "#999933",
    "#882255", "#661100", "#6699CC", "#888888",
)
INK = "#1a1a1a"
MUTED = "#6b6b6b"
GRID = "#e6e6e6"
FONT_FAMILY = "Inter, 'Source Sans Pro', 'Helvetica Neue', Arial, sans-serif"


def color_map(names: Iterable[str]) -> dict[str, str]:
    """A stable colour per name (sorted order), so an outlet keeps its colour on every chart."""
    unique = sorted({str(n) for n in names})
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(unique)}


def stamp_text(corpus: str, filters: str, snapshot_date: str, extra: str = "") -> str:
    """One line saying what a chart shows: corpus, filters, snapshot date and view details."""
    parts = [f"Corpus: {corpus}", f"Filters: {filters}"]
    if extra:
        parts.append(extra)
    if snapshot_date:
        parts.append(f"Snapshot {snapshot_date}")
    parts.append("NewsLens")
    return "  ·  ".join(parts)


def _plain(text: str) -> str:
    # Plotly renders a small HTML subset in titles/annotations; data-derived text must stay literal.
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def stamp(fig: go.Figure, text: str, *, large: bool = False) -> go.Figure:
    """Write ``text`` under the plot area, bottom left, in small grey type."""
    fig.add_annotation(
        text=_plain(text), xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
        yshift=-(62 if large else 52), showarrow=False, align="left",
        font={"size": 13 if large else 11, "color": MUTED}, name="newslens-stamp",
    )
    return fig


def slide_layout(fig: go.Figure, title: str, stamp_line: str | None = None, *, subtitle: str = "",
                 large: bool = False, height: int | None = None, legend_title: str = "") -> go.Figure:
    """Apply the house look: white background, readable fonts, title (+ subtitle), legend, stamp."""
    base = 18 if large else 14
    title_spec: dict = {"text": _plain(title), "x": 0, "xanchor": "left",
                        "font": {"size": base + 8, "color": INK}}
    if subtitle:
        title_spec["subtitle"] = {"text": _plain(subtitle), "font": {"size": base, "color": MUTED}}
    fig.update_layout(
        template="plotly_white",
        title=title_spec,
        font={"family": FONT_FAMILY, "size": base, "color": INK},
        paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
        margin={"l": 20, "r": 20, "t": 100 if subtitle else 70, "b": 110 if large else 95},
        legend={"title": {"text": _plain(legend_title)}, "orientation": "v", "x": 1.01, "y": 1,
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
    if stamp_line:
        stamp(fig, stamp_line, large=large)
    return fig


def plotly_config(filename: str) -> dict:
    """Modebar with image export on (PNG at 2x, named for the view), no Plotly logo."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in filename) or "newslens"
    return {
        "displaylogo": False,
        "displayModeBar": True,
        "toImageButtonOptions": {"format": "png", "filename": safe, "scale": 2},
        "modeBarButtonsToRemove": ["autoScale2d", "toggleSpikelines"],
    }


def empty_figure(title: str, message: str, stamp_line: str | None = None, *, large: bool = False) -> go.Figure:
    """A titled, stamped chart saying why there is nothing to draw (never a blank box)."""
    fig = go.Figure()
    fig.add_annotation(text=_plain(message), xref="paper", yref="paper", x=0.5, y=0.5,
                       showarrow=False, font={"size": 16 if not large else 20, "color": MUTED})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return slide_layout(fig, title, stamp_line, large=large, height=320)
