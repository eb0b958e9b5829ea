"""Discovered clusters, their labels and representatives, the corpus map and the topic views."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newslens.topics import analysis as topics
from newslens.topics.clusters import (AGGLOMERATIVE_MAX, ClusterParams, cluster_embeddings, cluster_paragraphs,
                               default_cluster_count, distinctive_terms, project_2d)
from newslens.embedder import HashingEmbedder
from newslens.topics.lenses import LensConfig, make_lens
from newslens.schema import ArticleCol, Kind, ParagraphCol
from newslens.store import load_snapshot
from newslens.topics.figures import (NO_LENS, cluster_sizes_figure, corpus_map_figure, hover_snippet,
                                    selected_paragraphs, topic_share_figure)
from tests.factories import ArticleSpec, make_snapshot


def blobs(n_per: int, centres: int, dim: int = 32, spread: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Seeded normalised vectors around ``centres`` random directions, and the true groups."""
    rng = np.random.default_rng(seed)
    means = rng.normal(size=(centres, dim))
    truth = np.repeat(np.arange(centres), n_per)
    x = means[truth] + spread * rng.normal(size=(len(truth), dim)) * np.linalg.norm(means, axis=1).mean() / np.sqrt(dim)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32), truth


def agreement(labels: np.ndarray, truth: np.ndarray) -> float:
    """Share of pairs on which two clusterings agree (Rand index), from sklearn."""
    from sklearn.metrics import rand_score

    return float(rand_score(truth, labels))


@pytest.mark.parametrize("method", ["kmeans", "agglomerative"])
def test_clusters_recover_planted_groups_and_are_reproducible(method):
    x, truth = blobs(40, 4)
    labels, centroids = cluster_embeddings(x, ClusterParams(k=4, method=method))
    assert agreement(labels, truth) > 0.95
    again, _ = cluster_embeddings(x, ClusterParams(k=4, method=method))
    assert (labels == again).all()
    assert centroids.shape == (4, x.shape[1])
    np.testing.assert_allclose(np.linalg.norm(centroids, axis=1), 1.0, rtol=1e-5)


def test_clusters_are_numbered_by_size_largest_first():
    x, truth = blobs(10, 3)
    x = np.vstack([x, blobs(30, 1, seed=5)[0]])     # a fourth, bigger group
    labels, _ = cluster_embeddings(x, ClusterParams(k=4))
    sizes = np.bincount(labels)
    assert list(sizes) == sorted(sizes, reverse=True)
    assert sizes[0] == 30


@pytest.mark.parametrize("k, expected", [(1, 1), (3, 3), (7, 7), (500, 20)])
def test_cluster_count_is_what_was_asked_within_bounds(k, expected):
    x, _ = blobs(5, 4)     # 20 rows
    labels, centroids = cluster_embeddings(x, ClusterParams(k=k))
    assert len(set(labels.tolist())) == expected == len(centroids)


@pytest.mark.parametrize("n, expected", [(0, 1), (1, 1), (2, 2), (68, 6), (200, 10), (100_000, 30)])
def test_default_cluster_count_grows_slowly(n, expected):
    assert default_cluster_count(n) == expected


def test_unknown_method_and_oversized_agglomerative_are_refused():
    x, _ = blobs(5, 2)
    with pytest.raises(ValueError, match="unknown clustering method"):
        cluster_embeddings(x, ClusterParams(k=2, method="dbscan"))
    big = np.zeros((AGGLOMERATIVE_MAX + 1, 2), np.float32)
    big[:, 0] = 1
    with pytest.raises(ValueError, match="limited to"):
        cluster_embeddings(big, ClusterParams(k=2, method="agglomerative"))


def test_distinctive_terms_are_class_based_and_skip_stopwords():
    texts = ["Deserters fled the army, deserters were caught.", "The deserters said they fled.",
             "Commanders ordered executions of retreating soldiers.", "Executions were ordered by the commanders."]
    terms = distinctive_terms(texts, np.array([0, 0, 1, 1]), top_n=3)
    assert terms[0][0] == "deserters" and "fled" in terms[0]
    assert set(terms[1][:2]) <= {"commanders", "executions", "ordered"}
    assert not {"the", "said", "were", "they"} & set(terms[0] + terms[1])


def test_distinctive_terms_of_only_stopwords_or_numbers_are_empty():
    assert distinctive_terms(["the and of", "50,000 7.62"], np.array([0, 1])) == {0: [], 1: []}


def test_representatives_are_closest_to_the_centre():
    x, truth = blobs(20, 2)
    result = cluster_paragraphs(x, [f"text {i}" for i in range(len(x))], ClusterParams(k=2), n_representatives=3)
    for c, reps in result.representatives.items():
        members = np.flatnonzero(result.labels == c)
        best = members[np.argsort(-result.similarity[members])][:3]
        assert reps == best.tolist()
    assert result.name(0).startswith("0: ")


@pytest.mark.parametrize("method", ["pca", "tsne"])
def test_projection_is_2d_deterministic_and_keeps_groups_apart(method):
    x, truth = blobs(25, 2, spread=0.1)
    a = project_2d(x, method)
    assert a.shape == (50, 2) and a.dtype == np.float32
    np.testing.assert_array_equal(a, project_2d(x, method))
    centre0, centre1 = a[truth == 0].mean(axis=0), a[truth == 1].mean(axis=0)
    spread = max(a[truth == 0].std(), a[truth == 1].std())
    assert np.linalg.norm(centre0 - centre1) > 2 * spread


@pytest.mark.parametrize("n", [0, 1, 2])
def test_projection_of_tiny_inputs(n):
    assert project_2d(np.eye(max(n, 1), 8, dtype=np.float32)[:n]).shape == (n, 2)


# --- the facade over a snapshot ---------------------------------------------------------------

@pytest.fixture
def snapshot(tmp_path):
    make_snapshot(tmp_path, [
        ArticleSpec("a1", "Outlet A", [
            ("Heading about shooting", Kind.HEADING),
            "the commander ordered troops to shoot anyone who retreats",
            "shoot anyone who retreats, the commander told troops",
            ("Read also: more news", Kind.BOILERPLATE),
        ], published="2025-09-25"),
        ArticleSpec("a2", "Outlet B", [
            "heavy rain and snow fell on the front all week",
            "snow and rain turned roads to mud",
        ], published="2022-03"),
        ArticleSpec("a3", "Outlet B", ["an undated paragraph about rain and snow"], published=None),
    ])
    return load_snapshot(tmp_path)


LENSES = LensConfig((make_lens("executions", "shoot soldiers who retreat", ["shoot anyone who retreats"]),
                     make_lens("weather", "rain and snow", ["snow and rain fell"])), default_threshold=0.3)


def test_build_map_projects_content_only_with_ids(snapshot):
    table = topics.build_map(snapshot.embeddings, snapshot.paragraphs)
    content_ids = snapshot.paragraphs[snapshot.content_mask()][ParagraphCol.ID].tolist()
    assert table[ParagraphCol.ID].tolist() == content_ids
    assert list(table.columns) == list(topics.MAP_COLUMNS)
    assert table[[topics.X, topics.Y]].notna().all().all()


def test_corpus_map_uses_the_stored_map_when_it_covers_the_content(tmp_path, snapshot):
    stored = topics.build_map(snapshot.embeddings, snapshot.paragraphs).assign(x=np.arange(5.0), projection="pca")
    snapshot.map = stored
    got = topics.corpus_map(snapshot)
    assert got[topics.X].tolist() == list(np.arange(5.0)) and got[topics.PROJECTION].iloc[0] == "pca"
    snapshot.map = stored.iloc[:3]         # stale map: recomputed
    assert topics.corpus_map(snapshot)[topics.X].tolist() != list(np.arange(5.0))


def test_topic_table_share_and_list_views(snapshot):
    scores = topics.score_snapshot(snapshot, LENSES, HashingEmbedder(64))
    labels = topics.topic_labels(scores, LENSES.thresholds())
    clustering = topics.cluster_snapshot(snapshot, ClusterParams(k=2))
    table = topics.topic_table(snapshot, scores, labels, clustering)
    assert len(table) == 5 and set(table[ArticleCol.OUTLET]) == {"Outlet A", "Outlet B"}
    assert table[topics.TOPICS].tolist()[:2] == [["executions"], ["executions"]]
    assert table[topics.CLUSTER].tolist()[:2] == [table[topics.CLUSTER].iloc[0]] * 2
    assert set(table[topics.SCORES].iloc[0]) == {"executions", "weather"}

    by_outlet = topics.topic_share(table, LENSES.names, by="outlet").set_index([ArticleCol.OUTLET, topics.GROUP])
    assert by_outlet.loc[("Outlet A", "executions"), topics.SHARE] == 1.0
    assert by_outlet.loc[("Outlet B", "executions"), topics.SHARE] == 0.0
    assert by_outlet.loc[("Outlet B", "weather"), topics.TOTAL] == 3
    by_month = topics.topic_share(table, LENSES.names, by="month")
    assert by_month[topics.TOTAL].groupby(by_month[topics.GROUP]).sum().tolist() == [4, 4]  # undated left out
    assert set(by_month[topics.PERIOD].dt.strftime("%Y-%m")) == {"2022-03", "2025-09"}

    listed = topics.ranked_paragraphs(table, lens="weather")
    assert listed[topics.SCORE].is_monotonic_decreasing and len(listed) == 3
    in_cluster = topics.ranked_paragraphs(table, cluster=0, cluster_similarity=clustering.similarity)
    assert (in_cluster[topics.CLUSTER] == 0).all() and in_cluster[topics.SCORE].is_monotonic_decreasing
    with pytest.raises(ValueError):
        topics.topic_share(table, LENSES.names, by="year")


def _share_by_hand(table: pd.DataFrame, groups, key) -> dict:
    """Count, row by row, the paragraphs of each (key, group): the meaning of topic_share."""
    counts = {}
    for value, k in zip(table[topics.TOPICS], key):
        for g in groups:
            counts[(k, g)] = counts.get((k, g), 0) + (g in value)
    return counts


@pytest.mark.parametrize("by", ["outlet", "month"])
def test_topic_share_counts_each_paragraph_once_per_group_on_a_filtered_view(by):
    # A paragraph listing a lens twice counts once; a filtered view's precomputed members (the
    # page narrows the whole table's) give the same shares as computing them on the view.
    table = pd.DataFrame({
        topics.TOPICS: [["a"], ["a", "a"], [], ["b", "a"], ["b"], ["c"], ["a"]],
        ArticleCol.OUTLET: ["X", "X", "Y", "Y", "X", "Y", "Y"],
        ArticleCol.DATE_START: pd.to_datetime(["2024-01-03", "2024-01-09", "2024-02-01", None, "2024-02-05",
                                               "2024-01-01", "2024-02-28"]),
    })
    groups = ["a", "b"]
    keep = np.array([True, True, False, True, True, True, True])
    view = table[keep].reset_index(drop=True)
    narrowed = topics.members_within(topics.group_members(table[topics.TOPICS], groups), keep)
    assert [r.tolist() for r in narrowed] == [r.tolist() for r in topics.group_members(view[topics.TOPICS], groups)]
    share = topics.topic_share(view, groups, by=by, members=narrowed)
    pd.testing.assert_frame_equal(share, topics.topic_share(view, groups, by=by))
    dated = view if by == "outlet" else view[view[ArticleCol.DATE_START].notna()]
    key = dated[ArticleCol.OUTLET] if by == "outlet" else dated[ArticleCol.DATE_START].dt.to_period("M").dt.start_time
    expected = _share_by_hand(dated, groups, key)
    key_col = ArticleCol.OUTLET if by == "outlet" else topics.PERIOD
    assert {(row[key_col], row[topics.GROUP]): row[topics.COUNT] for _, row in share.iterrows()} == expected
    if by == "outlet":   # X: rows 0, 1 (a twice), 4 -> a in 2 of 3; Y: rows 3, 5, 6 -> a in 2 of 3, b in 1
        got = share.set_index([ArticleCol.OUTLET, topics.GROUP])
        assert got.loc[("X", "a"), topics.COUNT] == 2 and got.loc[("X", "a"), topics.TOTAL] == 3
        assert got.loc[("Y", "b"), topics.COUNT] == 1


def test_list_options_round_trip_to_a_lens_or_a_cluster(snapshot):
    clustering = topics.cluster_snapshot(snapshot, ClusterParams(k=2))
    options = topics.list_options(["executions", "cluster: tricky: name"], clustering)
    assert options[:2] == ["lens: executions", "lens: cluster: tricky: name"]
    assert len(options) == 4 and options[2].startswith("cluster: 0: ")
    assert [topics.parse_list_option(o) for o in options] == [
        ("executions", None), ("cluster: tricky: name", None), (None, 0), (None, 1)]
    with pytest.raises(ValueError):
        topics.parse_list_option("weather")


def test_figures_are_titled_labelled_and_escape_text(snapshot):
    hostile = "<script>alert(1)</script> **bold** $5 to $10 " + "long " * 100
    snippet = hover_snippet(hostile)
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet and snippet.endswith("…")
    points = pd.DataFrame({topics.X: [0.0, 1.0], topics.Y: [0.0, 1.0], "group": ["executions", NO_LENS],
                           ArticleCol.OUTLET: ["<b>Outlet</b>", "B"], ArticleCol.PUBLISHED: ["2025-09", None],
                           ParagraphCol.TEXT: [hostile, "x"], ParagraphCol.ARTICLE_ID: ["a1", "a2"],
                           ParagraphCol.ID: ["p1", "p2"]})
    fig = corpus_map_figure(points, "group", "stamp", title="Corpus map", legend_title="Lens")
    assert [t.name for t in fig.data] == [NO_LENS, "executions"]          # grey drawn first
    assert fig.layout.title.text == "Corpus map" and fig.layout.xaxis.title.text
    assert all("<script>" not in h and "<b>Outlet</b>" not in h for t in fig.data for h in t.hovertext)
    assert list(fig.data[1].customdata[0]) == ["a1", "p1"]
    event = {"selection": {"points": [{"customdata": ["a1", "p1"]}, {"customdata": ["a1", "p1"]}]}}
    assert selected_paragraphs(event) == [("a1", "p1")]
    assert selected_paragraphs(None) == []

    share = pd.DataFrame({ArticleCol.OUTLET: ["A", "B"], topics.GROUP: ["morale", "morale"],
                          topics.COUNT: [1, 0], topics.TOTAL: [2, 3], topics.SHARE: [0.5, 0.0]})
    fig = topic_share_figure(share, "outlet", "stamp", title="Share by outlet", min_paragraphs=1)
    assert fig.layout.xaxis.title.text == "share of the outlet's paragraphs" and fig.layout.yaxis.title.text == "outlet"
    empty = topic_share_figure(share.iloc[:0], "month", "stamp", title="Share")
    assert "No dated paragraph" in empty.layout.annotations[0].text

    clustering = topics.cluster_snapshot(snapshot, ClusterParams(k=2))
    fig = cluster_sizes_figure(clustering, "stamp", title="Clusters")
    assert sum(fig.data[0].x) == 5 and fig.layout.xaxis.title.text == "paragraphs in the cluster"


def test_the_default_clustering_is_read_from_the_stored_map(snapshot):
    stored = topics.build_map(snapshot.embeddings, snapshot.paragraphs)
    params = topics.default_params(snapshot)
    computed = topics.cluster_snapshot(snapshot, params)
    assert stored[topics.CLUSTER].tolist() == computed.labels.tolist()
    # A stored map is trusted for the default parameters only (here: planted labels).
    snapshot.map = stored.assign(**{topics.CLUSTER: [1, 1, 0, 0, 0]})
    assert topics.cluster_snapshot(snapshot, params).labels.tolist() == [1, 1, 0, 0, 0]
    other = ClusterParams(k=params.k + 1)
    assert len(set(topics.cluster_snapshot(snapshot, other).labels.tolist())) == params.k + 1


def test_large_clusters_are_labelled_from_a_sample():
    from newslens.topics import clusters

    texts = ["alpha bravo charlie"] * 3000 + ["delta echo foxtrot"] * 10
    terms = distinctive_terms(texts, np.array([0] * 3000 + [1] * 10), top_n=3)
    assert set(terms[0]) == {"alpha", "bravo", "charlie"} and set(terms[1]) == {"delta", "echo", "foxtrot"}
    assert clusters.LABEL_SAMPLE < 3000


def test_map_hover_wrapping_matches_textwrap_on_varied_text():
    """The fast word wrap of map hovers breaks lines exactly where textwrap would."""
    import random
    import textwrap

    from newslens.topics.figures import _wrap_plain

    rng = random.Random(5)
    words = ["a", "bb", "soldier", "intercepted", "x" * 70, "well-known", "$5", "<b>", "ok."]
    for _ in range(500):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        for width in (10, 60):
            assert _wrap_plain(text, width) == (textwrap.wrap(text, width=width) or [""])


def test_stored_positions_take_each_ids_first_row_and_refuse_a_missing_id():
    stored = pd.DataFrame({ParagraphCol.ID: ["p1", "p2", "p1", "p3"], topics.X: [0.0, 1.0, 2.0, 3.0]})
    assert topics.stored_positions(stored, np.array(["p3", "p1", "p2"], dtype=object)).tolist() == [3, 0, 1]
    assert topics.stored_positions(stored, np.array(["p1", "p9"], dtype=object)) is None


def test_lens_details_say_what_why_and_words_say_row_by_row():
    from newslens.topics.lenses import LensScores

    names = ("morale", "executions")
    values = np.array([[0.51234, 0.2], [np.nan, np.nan], [0.1, 0.77777]], dtype=np.float32)
    closest = np.array([[1, 0], [-1, -1], [0, 1]])
    phrasings = {"morale": ("m0", "m1"), "executions": ("e0", "e1")}
    found = {(2, 1): ("shot", "executed"), (0, 0): ("morale",)}
    scores = LensScores(names, values, closest, phrasings, values, found)
    rows = np.array([0, 2])                        # row 1 is furniture, not in the table
    by_score, why, words = topics.lens_details(scores, rows)
    assert by_score == [{"morale": 0.5123, "executions": 0.2}, {"morale": 0.1, "executions": 0.7778}]
    assert why == [{n: scores.why(r, n) for n in names} for r in rows] == [{"morale": "m1", "executions": "e0"},
                                                                           {"morale": "m0", "executions": "e1"}]
    assert words == [{"morale": ["morale"], "executions": []}, {"morale": [], "executions": ["shot", "executed"]}]


def test_share_by_outlet_shows_the_outlets_with_topic_paragraphs_each_on_its_own_labelled_row():
    """Set 31 (a helper's review): 81 outlets in a 900-pixel chart printed every other label and the
    few bars sat beside the wrong outlets' names. Outlets with none of the groups' paragraphs are
    left out and said so; at most MAX_OUTLET_ROWS are drawn, the busiest, and the chart grows."""
    from newslens.topics import figures as topic_figures
    rows = []
    for n in range(81):
        count = 0 if n % 3 else 1 + n // 3           # 27 outlets carry morale paragraphs
        rows.append({ArticleCol.OUTLET: f"outlet{n:02d}.example", topics.GROUP: "morale", topics.COUNT: count,
                     topics.TOTAL: 40, topics.SHARE: count / 40})
    fig = topic_share_figure(pd.DataFrame(rows), "outlet", "stamp", title="Share by outlet", subtitle="Which")
    (bars,) = fig.data
    limit = topic_figures.MAX_OUTLET_ROWS
    assert len(set(bars.y)) == limit and "outlet78.example" in bars.y and "outlet00.example" not in bars.y
    assert all(x > 0 for x in bars.x)
    subtitle = fig.layout.title.subtitle.text
    assert f"{27 - limit} more not shown" in subtitle and "54 outlets with none not shown" in subtitle
    assert fig.layout.height >= 160 + topic_figures.MIN_OUTLET_ROW_PX * limit
    # the busiest outlet on the top row, the next below (they were in the alphabet's order), and each
    # note on a line of its own that fits a half-width column (the subtitle ran off the chart)
    assert list(fig.layout.yaxis.categoryarray[:3]) == ["outlet78.example", "outlet75.example", "outlet72.example"]
    assert fig.layout.yaxis.categoryorder == "array"
    assert all(len(line) <= topic_figures.SUBTITLE_WRAP for line in subtitle.split("<br>")) and "<br>" in subtitle
    assert fig.layout.margin.t > 100


def test_a_line_over_time_breaks_where_no_paragraph_was_published():
    """Set 34 (a reviewer): weekly lines ran straight from 2023 to 2024 across months with no report."""
    weeks = pd.to_datetime(["2023-05-01", "2023-05-08", "2023-05-15", "2024-02-05", "2024-02-12"] +
                           [f"2024-03-{d:02d}" for d in (4, 11, 18, 25)] + [f"2024-04-{d:02d}" for d in (1, 8, 15, 22)])
    share = pd.DataFrame({topics.PERIOD: weeks, topics.GROUP: "morale", topics.COUNT: 1, topics.TOTAL: 2,
                          topics.SHARE: 0.5})
    (line,) = topic_share_figure(share, "week", "stamp", title="Share", min_paragraphs=1).data
    assert list(line.y).count(None) == 2 and len(line.y) == len(weeks) + 2 and line.connectgaps is False
    assert line.hovertext[list(line.y).index(None)] == ""


def test_clusters_are_named_by_content_words_in_every_language_of_the_corpus():
    """Set 31 (a helper's review): clusters were named "что, операции", "der, sie, det, een", "się,
    przez". Each paragraph's function words go by its own language's list (the stop-words package),
    so German's "war" (was) is dropped from German paragraphs and English's war is kept."""
    from newslens.topics.clusters import distinctive_terms
    texts = ["Die Soldaten sagten, dass sie nicht kämpfen wollen und der Krieg war lang.",
             "Die Soldaten und die Offiziere sind müde und der Krieg geht weiter.",
             "Солдаты сказали, что они не хотят воевать, и что командир их бросил.",
             "Командир сказал, что солдаты дезертировали из части.",
             "The war in the east goes on, soldiers said.", "The war was long and the soldiers are tired."]
    terms = distinctive_terms(texts, np.array([0, 0, 1, 1, 2, 2]), 4, ["de", "de", "ru", "ru", "en", "en"])
    assert not {"die", "und", "der", "war"} & set(terms[0]) and "krieg" in terms[0]
    assert "что" not in terms[1] and {"солдаты", "командир"} & set(terms[1])
    assert "war" in terms[2]
    # a language the lists lack keeps its words (nothing is guessed)
    kept = distinctive_terms(["Sotilaat karkasivat rintamalta."] * 2, np.array([0, 1]), 3, ["xx", None])
    assert all(set(words) == {"sotilaat", "karkasivat", "rintamalta"} for words in kept.values())


def test_clusters_of_one_language_are_said_to_be_so(tmp_path):
    """Set 34 (a reviewer): seven of eighteen clusters were German, Polish, Arabic... paragraphs, named
    as if they were themes. The overview says each cluster's languages and which hold one language
    other than the corpus's commonest (an English cluster in an English corpus is no news)."""
    from newslens.topics.clusters import Clustering

    def languages_of(tmp, specs, labels):
        make_snapshot(tmp, specs)
        snapshot = load_snapshot(tmp)
        clustering = Clustering(ClusterParams(k=2), np.array(labels), np.zeros((2, 4), dtype=np.float32))
        return topics.cluster_languages(snapshot, clustering)

    texts, single = languages_of(tmp_path / "mixed", [
        ArticleSpec("de1", "Zeitung", ["Die Soldaten flohen.", "Der Kommandeur drohte."], language="de"),
        ArticleSpec("en1", "Daily", ["The soldiers fled.", "The commander threatened them."]),
        ArticleSpec("en2", "Herald", ["Morale is low, a soldier says."]),
    ], [0, 0, 1, 1, 1])
    assert texts == ["de 2", "en 3"] and single == [0]          # English is the corpus's commonest
    texts, single = languages_of(tmp_path / "two", [                # two other languages in one cluster
        ArticleSpec("ru1", "Курьер", ["Солдаты бежали."], language="ru"),
        ArticleSpec("uk1", "Світанок", ["Солдати втекли.", "Командир погрожував."], language="uk"),
        ArticleSpec("en1", "Daily", ["The soldiers fled.", "The commander threatened them.", "Morale is low."]),
    ], [0, 0, 0, 1, 1, 1])
    assert texts == ["uk 2 · ru 1", "en 3"] and single == [0]
    texts, single = languages_of(tmp_path / "english", [
        ArticleSpec("en1", "Daily", ["The soldiers fled.", "The commander threatened them."]),
        ArticleSpec("en2", "Herald", ["Morale is low, a soldier says."]),
    ], [0, 1, 1])
    assert texts == ["en 1", "en 2"] and single == []        # one language in all: nothing to say


@pytest.mark.parametrize("by", ["month", "outlet"])
def test_a_share_of_too_few_paragraphs_is_not_drawn_and_the_chart_says_so(by):
    # review s32: a month of one paragraph drew morale at 100%, a spike on the slide
    from newslens.topics import figures as topic_figures

    key = topics.PERIOD if by == "month" else ArticleCol.OUTLET
    keys = (list(pd.to_datetime(["2023-01-01", "2023-02-01", "2023-03-01"])) if by == "month"
            else ["Daily", "Herald", "Courier"])
    share = pd.DataFrame({key: keys, topics.GROUP: "morale", topics.COUNT: [3, 1, 4],
                          topics.TOTAL: [12, 1, 10], topics.SHARE: [0.25, 1.0, 0.4]})
    fig = topic_share_figure(share, by, "stamp", title="Share", subtitle="notes")
    values = [v for trace in fig.data for v in (trace.y if by == "month" else trace.x) if v is not None]
    assert sorted(values) == [0.25, 0.4]                               # no 100% from one paragraph
    least = topic_figures.SHARE_MIN_PARAGRAPHS
    assert least > 1
    assert f"1 {by} with fewer than {least} paragraphs not drawn" in fig.layout.title.subtitle.text
    assert "100%" not in str(fig.to_plotly_json()["data"])


def test_monthly_bars_in_a_half_column_keep_their_width_and_their_labels_flat():
    """A reviewer's slide (set 34): beside the monthly bars the legend took half the half-width
    column, the month labels stood upright and the axis title ran into the stamp. The legend now lies
    in one row above the bars, its title in the subtitle, each month on two short lines."""
    months = pd.to_datetime(["2022-02-01", "2022-09-01", "2023-04-01", "2024-06-01"])
    share = pd.DataFrame({topics.PERIOD: list(months) * 2, topics.GROUP: ["morale"] * 4 + ["desertion"] * 4,
                          topics.COUNT: 1, topics.TOTAL: 2, topics.SHARE: 0.5})
    fig = topic_share_figure(share, "month", "stamp", title="Share", subtitle="3 undated paragraph(s) not shown",
                             legend_title="Lens (a paragraph may have several)", min_paragraphs=1)
    assert fig.layout.legend.orientation == "h" and not fig.layout.legend.title.text
    assert "Lens (a paragraph may have several)" in fig.layout.title.subtitle.text
    assert list(fig.layout.xaxis.ticktext) == ["Feb<br>2022", "Sep<br>2022", "Apr<br>2023", "Jun<br>2024"]
    assert fig.layout.xaxis.tickangle == 0
