"""Shared figure styling: stable outlet colours, a stamp that fits, sparse bar charts that read."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from newslens import figures

OUTLETS = ["Dagens", "Meduza", "Kyiv Post", "The Kyiv Independent", "JOE", "International Business Times"]


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("others", [[], ["Meduza"], OUTLETS[2:], ["Zzz Outlet", "Aaa Outlet"]])
def test_an_outlet_keeps_its_colour_whatever_else_is_in_the_snapshot(others):
    alone = figures.color_map(["Dagens"])["Dagens"]
    together = figures.color_map(["Dagens", *others])
    # Only a same-hash outlet sorting before it could move it; none of these does.
    assert together["Dagens"] == alone == figures.PALETTE[figures.stable_slot("Dagens")]


def test_outlets_on_one_chart_never_share_a_colour():
    names = [f"Outlet {i}" for i in range(len(figures.PALETTE))]
    colours = figures.color_map(names)
    assert len(set(colours.values())) == len(names)


def test_palette_has_no_pale_colour_that_vanishes_on_white():
    assert all(_luminance(c) < 0.75 for c in figures.PALETTE)
    assert "#F0E442" not in figures.PALETTE


@pytest.mark.parametrize("width", [40, 72])
def test_stamp_wraps_between_parts_and_keeps_every_word(width):
    text = figures.stamp_text("sample corpus (5 articles, 5 outlets)", "outlets Dagens; 2022-03-18..2025-09-26",
                              "2026-11-21", "Share of paragraphs per lens per month")
    lines = figures.wrap_stamp(text, width)
    assert len(lines) > 1 and all(len(line) <= width for line in lines)
    words = [w for w in text.split() if w != "·"]
    assert [w for w in " ".join(lines).split() if w != "·"] == words


def _bars(n_periods: int) -> go.Figure:
    periods = pd.date_range("2025-09-01", periods=n_periods, freq="MS") + pd.Timedelta(days=13.5)
    fig = go.Figure(go.Bar(x=periods, y=[1] * n_periods, width=27 * 86_400_000))
    return figures.slide_layout(fig, "Articles per month", "Corpus: x  ·  Filters: all")


@pytest.mark.parametrize("n_periods, widened", [(1, True), (2, True), (6, False)])
def test_one_or_two_months_of_bars_get_context_and_month_ticks(n_periods, widened):
    fig = _bars(n_periods)
    if widened:
        lo, hi = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
        assert (hi - lo) >= pd.Timedelta(days=27 * (n_periods + 3))
        assert fig.layout.xaxis.tickformat == "%b %Y"
    else:
        assert fig.layout.xaxis.range is None


def test_stamp_sits_below_the_axis_title_with_room_in_the_margin():
    fig = _bars(1)
    stamp = next(a for a in fig.layout.annotations if a.name == "newslens-stamp")
    assert stamp.yshift <= -80                     # clears two-line date ticks plus the axis title
    assert fig.layout.margin.b >= -stamp.yshift + 15


@pytest.mark.parametrize("raw, name", [
    ("SAMPLE", "sample corpus"),                     # the bundled sample
    ("/work/scratch/eval10/raw", "eval10"),          # an evaluation corpus built from its own raw folder
    ("/somewhere/pages", "pages"),
])
def test_chart_stamp_names_the_corpus_not_sample_for_every_raw_folder(tmp_path, raw, name):
    from newslens.ui.render import corpus_name
    sample = tmp_path / "data" / "raw"
    sample.mkdir(parents=True)
    assert corpus_name(str(sample) if raw == "SAMPLE" else raw, sample_raw=sample) == name


def test_an_empty_charts_long_message_is_wrapped_to_fit_a_half_width_chart():
    """Set 31: "who reported first" said why it was empty in one 180-character line that ran off
    both sides of the chart."""
    from newslens import figures as fig_mod
    message = ("4 stories of several reports, but fewer than two dated in each: who reported first cannot "
               "be told. 13 stories the grouping is less sure of are not shown <b>(see Compare)</b>.")
    text = fig_mod.empty_figure("Who reported first", message).layout.annotations[0].text
    lines = text.split("<br>")
    assert len(lines) > 2 and all(len(line) <= fig_mod.EMPTY_MESSAGE_WRAP + 20 for line in lines)
    assert "<b>" not in text                          # the message is text: escaped, never markup
