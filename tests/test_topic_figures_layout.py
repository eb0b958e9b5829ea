"""Topics charts a slide can use: a cluster chart that is not squashed, lens colours that differ.

Pure figure builders, checked on the Plotly spec a user would see.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from newslens import figures
from newslens.topics.clusters import ClusterParams, Clustering
from newslens.schema import ArticleCol, ParagraphCol
from newslens.topics.figures import (LENS_COLORS, NO_LENS, NO_LENS_COLOR, OTHER_COLOR, cluster_groups,
                                     cluster_sizes_figure, corpus_map_figure, group_colors)

STAMP = ("Corpus: sample corpus (120 articles, 9 outlets)  ·  Filters: all articles  ·  "
         "k-means, k=12  ·  Snapshot 2026-11-21  ·  NewsLens")
WORDS = ["mobilisation", "commanders", "desertion", "executions", "battalion", "retreating",
         "punishment", "storm", "assault", "prisoners", "wounded", "contract"]


def clustering(k: int, seed: int = 0) -> Clustering:
    rng = np.random.default_rng(seed)
    labels = np.concatenate([np.arange(k), rng.integers(0, k, size=10 * k)])
    terms = {c: [WORDS[(c + j) % len(WORDS)] for j in range(8)] for c in range(k)}
    return Clustering(params=ClusterParams(k=k), labels=labels, centroids=np.zeros((k, 4), dtype=np.float32),
                      terms=terms)


def stamp_lines(fig) -> list[str]:
    text = next(a.text for a in fig.layout.annotations if a.name == "newslens-stamp")
    return text.split("<br>")


@pytest.mark.parametrize("k", [3, 8, 16])
def test_cluster_chart_labels_are_wrapped_whole_words_without_an_axis_title(k):
    fig = cluster_sizes_figure(clustering(k), STAMP, title="Clusters of paragraphs and their distinctive words")
    assert not fig.layout.yaxis.title.text                       # no title to overlap the labels
    for label in fig.data[0].y:
        lines = label.split("<br>")
        assert len(lines) <= 2 and all(len(line) <= 24 for line in lines)
        words = re.findall(r"[a-z]+", label.replace("<br>", " "))
        assert all(w in WORDS for w in words)                   # no word cut in half
    # The hover keeps every distinctive word, not just the shortened label's.
    for c, hover in zip(sorted(range(k)), sorted(fig.data[0].hovertext, key=lambda h: int(re.search(r"cluster (\d+)", h)[1]))):
        assert all(w in hover for w in clustering(k).terms[c])


def test_cluster_chart_grows_with_the_number_of_clusters():
    heights = {k: cluster_sizes_figure(clustering(k), STAMP, title="t", subtitle="s").layout.height
               for k in (4, 8, 16, 30)}
    per_cluster = [(heights[b] - heights[a]) / (b - a) for a, b in ((4, 8), (8, 16), (16, 30))]
    assert min(per_cluster) >= 36                                 # each bar keeps room for two label lines
    assert max(per_cluster) == min(per_cluster)                   # proportional, not capped
    assert heights[30] - 260 >= 30 * 36


def test_cluster_chart_stamp_is_not_wrapped_to_a_sliver():
    lines = stamp_lines(cluster_sizes_figure(clustering(12), STAMP, title="t"))
    assert len(lines) <= 3
    assert max(len(line) for line in lines) >= 40


# --- lens colours -------------------------------------------------------------------------------

# Machado et al. (2009) colour-vision-deficiency matrices (severity 1) on linear RGB.
CVD = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}


def _lab(hex_colour: str, matrix: np.ndarray) -> np.ndarray:
    srgb = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) \
        @ np.clip(matrix @ linear, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", list(CVD))
def test_default_lens_colours_stay_apart_for_colour_blind_readers(vision):
    colours = group_colors(["morale", "desertion", "executions", NO_LENS])
    assert colours[NO_LENS] == NO_LENS_COLOR
    labs = {g: _lab(c, CVD[vision]) for g, c in colours.items()}
    names = list(labs)
    closest = min(np.linalg.norm(labs[a] - labs[b]) for i, a in enumerate(names) for b in names[i + 1:])
    assert closest >= 30, (vision, colours)


@pytest.mark.parametrize("groups", [
    ["morale", "desertion", "executions", "mobilisation", "prisoners", NO_LENS],
    ["executions", "custom lens", "another lens", "third", "fourth", "fifth", "sixth"],
    [f"{c}: words" for c in range(6)],                    # clusters on the map
])
def test_lens_colours_are_fixed_and_never_reused_by_other_groups(groups):
    colours = group_colors(groups)
    for name, fixed in LENS_COLORS.items():
        if name in groups:
            assert colours[name] == fixed                 # the same on every topics chart
    others = [g for g in groups if g not in LENS_COLORS and g != NO_LENS]
    assert not {colours[g] for g in others} & set(LENS_COLORS.values())
    assert len({colours[g] for g in groups}) == len(groups)
    assert all(colours[g] in figures.PALETTE for g in others)


def _bar_colours(fig) -> dict[int, str]:
    return {int(label.split(":")[0]): colour for label, colour in zip(fig.data[0].y, fig.data[0].marker.color)}


def test_cluster_bars_match_the_map_colours_and_never_a_lens_colour():
    grouping = clustering(5)
    by_cluster = _bar_colours(cluster_sizes_figure(grouping, STAMP, title="t"))
    on_map = group_colors([grouping.name(c) for c in range(5)])
    assert by_cluster == {c: on_map[grouping.name(c)] for c in range(5)}
    assert len(set(by_cluster.values())) == 5
    assert not set(by_cluster.values()) & set(LENS_COLORS.values())


def _sized_clustering(sizes: list[int]) -> Clustering:
    labels = np.repeat(np.arange(len(sizes)), sizes)
    terms = {c: [WORDS[(c + j) % len(WORDS)] for j in range(4)] for c in range(len(sizes))}
    return Clustering(params=ClusterParams(k=len(sizes)), labels=labels,
                      centroids=np.zeros((len(sizes), 4), dtype=np.float32), terms=terms)


def test_seventeen_clusters_never_share_a_colour_the_smaller_ones_are_one_grey_said_in_the_legend():
    # the review's case: 17 clusters, eight of them drawn in one green on the map and the bars
    grouping = _sized_clustering([40 - 2 * c for c in range(17)])
    fig = cluster_sizes_figure(grouping, STAMP, title="t")
    colours = _bar_colours(fig)
    own = {c: colour for c, colour in colours.items() if colour != OTHER_COLOR}
    assert len(own) >= 6 and len(set(own.values())) == len(own)          # a colour names one cluster
    assert set(own) == set(range(len(own)))                               # the largest ones
    assert all(colours[c] == OTHER_COLOR for c in range(len(own), 17))
    assert f"{17 - len(own)} smaller clusters" in fig.layout.title.subtitle.text
    # the map draws the same groups: each coloured cluster in its bar's colour, the rest as one
    groups, index, other = cluster_groups(grouping)
    assert other == f"{17 - len(own)} smaller clusters" and groups[-1] == other
    points = pd.DataFrame({"x": np.arange(17.0), "y": np.zeros(17), "group": [groups[index[c]] for c in range(17)],
                           ArticleCol.OUTLET: "o", ArticleCol.PUBLISHED: "2024-01-01", ParagraphCol.TEXT: "t",
                           ParagraphCol.ARTICLE_ID: "a", ParagraphCol.ID: [f"p{c}" for c in range(17)]})
    map_fig = corpus_map_figure(points, "group", STAMP, title="map", group_order=groups, other=other)
    legend = {trace.name: trace.marker.color for trace in map_fig.data}
    assert len(legend) == len(own) + 1 and legend[other] == OTHER_COLOR
    assert {legend[grouping.name(c)] for c in own} == set(own.values())
    assert [t.name for t in map_fig.data if t.legendrank == max(x.legendrank for x in map_fig.data)] == [other]
