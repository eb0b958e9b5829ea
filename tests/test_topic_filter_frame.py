"""The sidebar topic filter on the shared frame: Reset clears it, the Timeline honours it.

Runs the real app (AppTest) on the factory corpus with the hashing model and a lens file whose
threshold gives the hashing embedder some labelled paragraphs, so a topic filter really narrows.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from newslens.ui import sidebar
from newslens.timeline import aggregate as timeline
from newslens.topics import analysis as topics
from newslens.embedder import load_embedder
from newslens.filters import Filters
from newslens.topics.lenses import load_lenses
from newslens.schema import ArticleCol
from newslens.store import load_snapshot
from tests.apptest_utils import app_test, plotly_specs, visible_text

def expected_articles(data_dir: Path, lens_file: Path, topic: str) -> set[str]:
    """Articles with at least one paragraph labelled ``topic``, computed without the app."""
    snapshot = load_snapshot(data_dir)
    lenses = load_lenses(lens_file)
    labels = topics.topic_labels(topics.score_snapshot(snapshot, lenses, load_embedder(snapshot.model_name)),
                                 lenses.thresholds())
    return {a for a, names in zip(snapshot.paragraphs["article_id"], labels) if topic in names}


def timeline_marks(at) -> set[str]:
    spec = plotly_specs(at)["Reports over time, by outlet"]
    return {i for t in spec["data"] for i in t.get("customdata") or []}


def open_app(data_dir: Path, lens_file: Path):
    at = app_test(data_dir, page="timeline", env={"NEWSLENS_LENSES": str(lens_file)}).run()
    assert not at.exception, at.exception
    return at


def test_reset_filters_clears_the_topic_filter_too(tiny_data_dir, lens_file):
    at = open_app(tiny_data_dir, lens_file)
    at.sidebar.multiselect(key=sidebar.KEY_TOPICS).set_value(["executions"]).run()
    assert at.session_state[sidebar.KEY_FILTERS].topics == ("executions",)
    at.sidebar.button(key="nl_reset_filters").click().run()
    assert not at.exception
    assert at.sidebar.multiselect(key=sidebar.KEY_TOPICS).value == []
    assert at.session_state[sidebar.KEY_FILTERS].is_default()
    assert at.sidebar.button(key="nl_reset_filters").disabled
    assert "4 article(s) from 3 outlet(s)." in visible_text(at)


@pytest.mark.parametrize("topic", ["executions", "morale"])
def test_timeline_keeps_only_articles_with_a_paragraph_on_the_topic(tiny_data_dir, lens_file, topic):
    expected = expected_articles(tiny_data_dir, lens_file, topic)
    # The fixture must make the filter bite: some articles on the topic, some not.
    assert expected and expected != {"a1", "a2", "a3", "a4"}
    at = open_app(tiny_data_dir, lens_file)
    at.sidebar.multiselect(key=sidebar.KEY_TOPICS).set_value([topic]).run()
    assert not at.exception
    assert f"{len(expected)} article(s) from" in visible_text(at)
    assert f"with a paragraph on: {topic}." in visible_text(at)
    assert timeline_marks(at) == expected - {"a4"}          # a4 is undated: listed, not drawn
    listed = next(d.value for d in at.dataframe if ArticleCol.ID in d.value.columns)
    assert set(listed[ArticleCol.ID]) == expected


@pytest.mark.parametrize("chosen, labels, kept", [
    ((), None, ["a", "b", "c"]),                                    # no topic filter: everything
    (("morale",), [["morale"], [], [], ["desertion"]], ["a"]),      # one paragraph on it is enough
    (("morale", "desertion"), [["morale"], [], [], ["desertion"]], ["a", "c"]),
    (("executions",), [["morale"], [], [], ["desertion"]], []),
    (("morale",), None, []),                                        # no labels: keep nothing, never all
])
def test_filter_timeline_articles_table(tmp_path, chosen, labels, kept):
    from types import SimpleNamespace

    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "Y", "Z"], "language": ["en"] * 3,
                             "date_start": pd.to_datetime(["2025-01-01"] * 3),
                             "date_end": pd.to_datetime(["2025-01-01"] * 3)})
    paragraphs = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "kind": ["content"] * 4})
    snapshot = SimpleNamespace(articles=articles, paragraphs=paragraphs)
    series = pd.Series(labels, dtype=object) if labels is not None else None
    got = timeline.filter_timeline_articles(snapshot, Filters(topics=chosen), series)
    assert list(got["article_id"]) == kept


@pytest.mark.parametrize("chosen, tail", [((), "3 outlet(s)."), (("morale",), "with a paragraph on: morale."),
                                          (("morale", "desertion"), "with a paragraph on: morale, desertion.")])
def test_summary_caption_names_the_topics(chosen, tail):
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "Y", "Z"]})
    assert timeline.summary_caption(articles, chosen).endswith(tail)
