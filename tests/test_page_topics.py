"""The topics page through the real app (AppTest), on the factory corpus with the hashing model."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from newslens.topics.lenses import load_lenses
from tests.apptest_utils import all_markdown, app_test, decode_typed_arrays, goto, visible_text
from tests.conftest import HASHING_LENS_FILE

def open_topics(data_dir: Path, lens_file: Path):
    at = app_test(data_dir, page="topics", env={"NEWSLENS_LENSES": str(lens_file)}).run()
    assert not at.exception, at.exception
    return at


def counts(at) -> dict[str, int]:
    """Paragraph counts per lens from the page's summary caption."""
    summary = html.unescape(next(c.value for c in at.caption if "content paragraphs match" in c.value))
    return {name: int(n) for name, n in re.findall(r"\*\*([^*]+)\*\* (\d+)", summary)}


def matching(at) -> int:
    summary = next(c.value for c in at.caption if "content paragraphs match" in c.value)
    return int(summary.split(" of ")[0])


def test_page_shows_lenses_map_share_clusters_and_list(tiny_data_dir, lens_file):
    at = open_topics(tiny_data_dir, lens_file)
    assert [s.key for s in at.slider][:2] == ["topics_thr::executions", "topics_thr::morale"]
    assert counts(at) == {"executions": counts(at)["executions"], "morale": counts(at)["morale"]}
    assert counts(at)["executions"] >= 2
    assert matching(at) == 9
    assert {"Corpus map", "Topic share over time and by outlet", "Discovered clusters"} <= {s.value for s in at.subheader}
    charts = [e for e in at.get("plotly_chart")]
    assert len(charts) == 4
    clusters = next(d for d in at.dataframe if "languages" in d.value.columns)     # each cluster's languages
    assert all(str(v).startswith("en ") for v in clusters.value["languages"])
    assert len(at.get("download_button")) == 2


def test_moving_a_threshold_moves_labels(tiny_data_dir, lens_file):
    at = open_topics(tiny_data_dir, lens_file)
    before = counts(at)["executions"]
    at.slider(key="topics_thr::executions").set_value(0.0).run()
    lowered = counts(at)["executions"]
    at.slider(key="topics_thr::executions").set_value(1.0).run()
    assert lowered > before > counts(at)["executions"] == 0
    assert counts(at)["morale"] > 0        # other lenses untouched


def test_a_user_added_lens_labels_paragraphs(tiny_data_dir, lens_file):
    at = open_topics(tiny_data_dir, lens_file)
    at.text_input(key="topics_new_name").input("self-harm")
    at.text_area(key="topics_new_definition").input("soldiers shooting each other in the leg to be sent home")
    at.text_area(key="topics_new_examples").input("shooting each other in the leg\nsent home to hospital")
    at.slider(key="topics_new_threshold").set_value(0.3)
    next(b for b in at.button if "Add lens" in b.label).click().run()
    assert not at.exception
    assert counts(at)["self-harm"] >= 1
    assert "topics_thr::self-harm" in [s.key for s in at.slider]
    assert "lens: self-harm" in at.selectbox(key="topics_list").options
    # The lens lives in the session; the file is untouched until the user saves.
    assert load_lenses(lens_file).names == ("executions", "morale")
    at.button(key="topics_save").click().run()
    assert load_lenses(lens_file).names == ("executions", "morale", "self-harm")
    assert any("Saved 3 lenses" in s.value for s in at.success)


@pytest.mark.parametrize("name, definition, message", [
    ("", "something", "lens name is empty"),
    ("refusal", "", "definition is empty"),
])
def test_an_invalid_lens_is_refused_clearly(tiny_data_dir, lens_file, name, definition, message):
    at = open_topics(tiny_data_dir, lens_file)
    at.text_input(key="topics_new_name").input(name)
    at.text_area(key="topics_new_definition").input(definition)
    next(b for b in at.button if "Add lens" in b.label).click().run()
    assert not at.exception
    assert any(message in html.unescape(e.value) for e in at.error), [e.value for e in at.error]
    assert set(counts(at)) == {"executions", "morale"}


def test_hostile_lens_name_shows_literally(tiny_data_dir, lens_file):
    at = open_topics(tiny_data_dir, lens_file)
    at.text_input(key="topics_new_name").input("<b>x</b> **y** $5")
    at.text_area(key="topics_new_definition").input("troops retreat")
    next(b for b in at.button if "Add lens" in b.label).click().run()
    assert not at.exception
    text = all_markdown(at) + "\n".join(c.value for c in at.caption)
    assert "<b>x</b>" not in text and "**y**" not in text


def test_cluster_count_changes_clusters(tiny_data_dir, lens_file):
    at = open_topics(tiny_data_dir, lens_file)
    table = lambda: next(d.value for d in at.dataframe if "distinctive words" in d.value.columns)  # noqa: E731
    default = len(table())
    at.number_input(key="topics_k").set_value(4).run()
    assert not at.exception
    assert len(table()) == 4 != default
    assert "k=4" in html.unescape(visible_text(at))
    at.selectbox(key="topics_method").set_value("agglomerative").run()
    assert "agglomerative" in visible_text(at) and len(table()) == 4


def test_sidebar_topic_filter_narrows_the_views(tiny_data_dir, lens_file):
    at = open_topics(tiny_data_dir, lens_file)
    labelled = counts(at)["executions"]
    at.multiselect(key="nl_topics").select("executions").run()
    assert not at.exception
    assert matching(at) == labelled < 9


def test_colour_by_cluster_lists_clusters(tiny_data_dir, lens_file):
    import json

    at = open_topics(tiny_data_dir, lens_file)
    at.session_state["topics_color"] = "cluster"
    at.run()
    assert not at.exception
    map_spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert all(re.match(r"\d+: ", t["name"]) for t in map_spec["data"]) and len(map_spec["data"]) >= 2
    at.selectbox(key="topics_list").set_value(at.selectbox(key="topics_list").options[-1]).run()
    assert not at.exception
    assert any("paragraph(s). Select a row" in c.value for c in at.caption)


def test_more_clusters_than_colours_colour_the_largest_and_group_the_rest_in_the_legend(tiny_data_dir, lens_file,
                                                                                      monkeypatch):
    # 17 clusters in six colours drew eight clusters in one green (review s32): every colour on the
    # map and the share charts names one cluster; the smaller clusters are one grey group, named so
    import json

    from newslens.topics import figures as topic_figures

    monkeypatch.setattr(topic_figures, "SHARE_MIN_PARAGRAPHS", 1)     # the tiny corpus's months

    at = open_topics(tiny_data_dir, lens_file)
    at.session_state["topics_color"] = "cluster"
    at.session_state["topics_k"] = 9
    at.run()
    assert not at.exception
    charts = {i: json.loads(c.proto.spec) for i, c in enumerate(at.get("plotly_chart"))}
    map_traces = charts[0]["data"]
    colours = [t["marker"]["color"] for t in map_traces]
    assert len(set(colours)) == len(colours)
    other = [t["name"] for t in map_traces if re.fullmatch(r"\d+ smaller clusters", t["name"])]
    assert len(other) == 1 and len(map_traces) == 7
    for spec in list(charts.values())[1:3]:           # share over time and by outlet: the same groups
        names = {t["name"] for t in spec["data"]}
        assert other[0] in names and len(names) == 7


def test_share_charts_take_the_page_width_one_under_the_other(tiny_data_dir, lens_file):
    # side by side at 1280 px each plot was 60-80 px wide under its legend and labels (review s32)
    at = open_topics(tiny_data_dir, lens_file)
    assert not at.exception
    in_columns = [chart for column in at.columns for chart in column.get("plotly_chart")]
    assert len(at.get("plotly_chart")) >= 4 and not in_columns


def test_a_broken_lens_file_gives_a_clear_message(tiny_data_dir, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("lenses:\n  - name: x\n    exmaples: []\n", encoding="utf-8")
    at = app_test(tiny_data_dir, page="topics", env={"NEWSLENS_LENSES": str(bad)}).run()
    assert not at.exception
    assert any("lens file cannot be used" in e.value for e in at.error)


def test_timeline_volume_can_be_split_by_topic(tiny_data_dir, lens_file):
    import json

    from newslens.topics.figures import LENS_COLORS, NO_LENS, NO_LENS_COLOR

    at = app_test(tiny_data_dir, page="timeline", env={"NEWSLENS_LENSES": str(lens_file)}).run()
    at.session_state["tl_split"] = "topic"
    at.run()
    assert not at.exception
    specs = [decode_typed_arrays(json.loads(c.proto.spec)) for c in at.get("plotly_chart")]
    volume = next(spec for spec in specs if "by topic" in spec["layout"]["title"]["text"])
    colours = {t["name"]: t["marker"]["color"] for t in volume["data"]}
    assert "executions" in colours and NO_LENS in colours     # the volume chart is split by lens
    # the colours the Topics page gives them: a lens its own, "no lens" the same grey
    assert colours[NO_LENS] == NO_LENS_COLOR and colours["executions"] == LENS_COLORS["executions"]
    assert "counted once" in volume["layout"]["title"]["subtitle"]["text"]
    # each article once: the months add up to the articles the split by language counts
    at.session_state["tl_split"] = "language"
    at.run()
    by_language = next(spec for spec in (decode_typed_arrays(json.loads(c.proto.spec)) for c in at.get("plotly_chart"))
                       if "by language" in spec["layout"]["title"]["text"])
    assert sum(sum(t["y"]) for t in volume["data"]) == sum(sum(t["y"]) for t in by_language["data"])


def _pipeline_built(tmp_path: Path, lens_file: Path, monkeypatch) -> Path:
    """A small corpus built by the pipeline with ``lens_file``, so its lens scores are stored."""
    from newslens.embedder import HashingEmbedder
    from pipeline import build as build_mod
    from pipeline.build import build_snapshot
    from tests.test_lens_store import _write_corpus

    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    monkeypatch.setenv("NEWSLENS_LENSES", str(lens_file))
    _write_corpus(tmp_path / "raw")
    build_snapshot(tmp_path / "raw", tmp_path / "data", embedder=HashingEmbedder(64))
    return tmp_path / "data"


def test_page_reads_the_lens_scores_the_build_stored_and_counts_as_live(tmp_path, monkeypatch):
    import json
    import shutil

    import numpy as np
    import pandas as pd

    from newslens.schema import ManifestKey, SnapshotFile
    from newslens.store import load_snapshot

    import streamlit as st

    def fresh_counts(data_dir):   # the scores are cached per snapshot id, and the copies share theirs
        st.cache_resource.clear()
        st.cache_data.clear()
        at = open_topics(data_dir, lens_file)
        return counts(at), matching(at)

    from tests.test_lens_store import LENSES

    lens_file = tmp_path / "lenses.yaml"
    lens_file.write_text(LENSES, encoding="utf-8")
    data = _pipeline_built(tmp_path, lens_file, monkeypatch)
    stored_counts, _ = fresh_counts(data)
    assert stored_counts["desertion"] > 0 and stored_counts["morale"] > 0
    # The same snapshot without its stored scores: the page scores live and counts the same.
    live = tmp_path / "live"
    shutil.copytree(data, live)
    path = load_snapshot(live).path
    manifest = json.loads((path / SnapshotFile.MANIFEST).read_text(encoding="utf-8"))
    del manifest[ManifestKey.LENS_SCORES]
    (path / SnapshotFile.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert fresh_counts(live)[0] == stored_counts
    # And the page really reads them: stored scores raised above every threshold show through.
    table = pd.read_parquet(load_snapshot(data).path / SnapshotFile.LENS_SCORES)
    table["score_1"] = np.where(table["score_1"].isna(), np.nan, 0.99).astype(np.float32)
    table.to_parquet(load_snapshot(data).path / SnapshotFile.LENS_SCORES, index=False)
    raised, shown = fresh_counts(data)
    assert raised["morale"] == shown > stored_counts["morale"]


def test_a_long_list_shows_its_best_ranked_rows_and_says_the_downloads_hold_all(tiny_data_dir, lens_file,
                                                                               monkeypatch):
    # At 1M paragraphs a cluster lists tens of thousands of rows: the table shows the best-ranked
    # (here 2) and says so; the list itself, its count and its downloads keep every row.
    from newslens.topics import analysis

    monkeypatch.setattr(analysis, "LIST_TABLE_ROWS", 2)
    at = open_topics(tiny_data_dir, lens_file)
    at.session_state["topics_color"] = "cluster"
    at.run()
    options = at.selectbox(key="topics_list").options
    sizes = {}
    for option in [o for o in options if o.startswith("cluster: ")]:
        at.selectbox(key="topics_list").set_value(option).run()
        assert not at.exception
        caption = next(c.value for c in at.caption if "paragraph(s). Select a row" in c.value)
        sizes[option] = (int(caption.split(" paragraph")[0].replace(",", "")), caption,
                         len(at.dataframe(key="topics_list_table").value))
    assert any(n > 2 for n, _, _ in sizes.values())
    for n, caption, rows in sizes.values():
        assert rows == min(n, 2)
        assert (f"The table shows the 2 highest-ranked; the downloads hold all {n}." in caption) == (n > 2)
    assert len(at.get("download_button")) == 2


class _Int8Hashing:
    """The hashing model, its vectors recorded as int8 ones: the app's query model (the hashing
    model, numpy fp32) then embeds in a setup whose vectors do not compare with the snapshot's,
    the case ``embedder.check_query_setup`` refuses (an int8 snapshot, or the multilingual model
    after its centre changed)."""

    def __init__(self):
        from newslens.embedder import INT8, ONNX, EmbedSetup, HashingEmbedder

        self._inner = HashingEmbedder(64)
        self.name, self.dim, self.max_tokens = self._inner.name, self._inner.dim, self._inner.max_tokens
        self.setup = EmbedSetup(ONNX, INT8)

    def encode(self, texts, batch_size=64):
        return self._inner.encode(texts, batch_size)

    def count_tokens(self, text):
        return self._inner.count_tokens(text)


def test_a_session_lens_the_query_setup_cannot_score_is_refused_as_search_refuses(tmp_path, lens_file, monkeypatch):
    """The file's lenses are stored with the snapshot; a lens typed for the session is scored with
    the query model: in a setup whose vectors do not compare with the snapshot's, the page says so
    (the words Search uses) instead of labelling paragraphs by meaningless scores."""
    from pipeline import build as build_mod
    from pipeline.build import build_snapshot
    from tests.apptest_utils import run_app

    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    monkeypatch.setenv("NEWSLENS_LENSES", str(lens_file))
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, body in {"one": "A commander ordered his men to shoot anyone who retreats, a call says.",
                       "two": "The regiment refused to carry out orders after its morale collapsed."}.items():
        (raw / f"{name}.md").write_text(f"---\ntitle: {name}\noutlet: Outlet {name}\npublished: 2024-03-01\n---\n"
                                        f"{body}\n\nOfficials did not comment on the report.\n", encoding="utf-8")
    build_snapshot(raw, tmp_path / "data", embedder=_Int8Hashing())

    at = open_topics(tmp_path / "data", lens_file)
    assert not at.error and set(counts(at)) == {"executions", "morale"}     # stored: no query model needed
    at.text_input(key="topics_new_name").input("self-harm")
    at.text_area(key="topics_new_definition").input("soldiers shooting each other in the leg to be sent home")
    next(b for b in at.button if "Add lens" in b.label).click().run()
    assert not at.exception
    errors = [html.unescape(e.value) for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("the lens 'self-harm' cannot be scored: ")
    assert not [c for c in at.caption if "content paragraphs match" in c.value]       # no labels shown
    assert [c for c in at.caption if c.value.startswith("Remove that lens")]        # the stored ones can be seen
    # The sidebar's topic filter on another page: the same reason, and nothing labelled.
    at.sidebar.multiselect(key="nl_topics").set_value(["self-harm"]).run()
    goto(at, "timeline")
    assert not at.exception
    assert any(f"The topic filter cannot be applied: {errors[0]}" == html.unescape(e.value) for e in at.error)

    search = run_app(tmp_path / "data", page="search", query_params={"q": "shoot"},
                     env={"NEWSLENS_LENSES": str(lens_file)})
    refusal = html.unescape(search.error[0].value)
    assert "int8 vectors only compare with int8 ones" in refusal and refusal in errors[0]


def test_when_no_lens_is_stored_the_refusal_does_not_suggest_removing_one(tmp_path, lens_file, monkeypatch):
    """A lens file edited after the build: every lens is scored live, so with a query setup that
    cannot score them there are no "others" to see by removing one; the error's rebuild is the fix."""
    from pipeline import build as build_mod
    from pipeline.build import build_snapshot

    monkeypatch.setattr(build_mod, "build_map", lambda embeddings, paragraphs: None)
    monkeypatch.setenv("NEWSLENS_LENSES", str(lens_file))
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "one.md").write_text("---\ntitle: one\noutlet: Outlet one\npublished: 2024-03-01\n---\n"
                                "A commander ordered his men to shoot anyone who retreats.\n", encoding="utf-8")
    build_snapshot(raw, tmp_path / "data", embedder=_Int8Hashing())
    edited = tmp_path / "edited.yaml"
    edited.write_text(lens_file.read_text(encoding="utf-8").replace("commander orders", "an officer orders")
                      .replace("morale collapsed", "the men lost heart"), encoding="utf-8")

    at = open_topics(tmp_path / "data", edited)
    assert not at.exception
    assert "cannot be scored" in html.unescape(at.error[0].value)
    assert not [c for c in at.caption if c.value.startswith("Remove that lens")]


def test_a_threshold_slider_reaches_past_the_highest_score(tiny_data_dir, tmp_path):
    """A similarity plus lexicon wordings can pass 1.0: the slider then ends just above the highest
    score, so moving it to the far right switches the lens off, as a researcher expects."""
    lens_file = tmp_path / "lenses.yaml"
    lens_file.write_text(HASHING_LENS_FILE.replace(
        "    examples: [shoot anyone who retreats, open fire on comrades attempting to retreat]\n",
        "    examples: [shoot anyone who retreats, open fire on comrades attempting to retreat]\n"
        "    lexicon: [shoot, retreat, intercepted call]\n    lexicon_weight: 0.5\n"), encoding="utf-8")
    at = open_topics(tiny_data_dir, lens_file)
    slider = at.slider(key="topics_thr::executions")
    assert slider.max > 1.0
    # said on the page, not only in the slider's help (a slider shows no end: review s32 read 0-1)
    note = next(c.value for c in at.caption if "go above 1" in c.value)
    assert "**executions**" in note and f"executions to {slider.max:.2f}" in note and "morale" not in note
    slider.set_value(1.0).run()
    assert counts(at)["executions"] > 0          # at 1.0 some paragraphs still carry it...
    at.slider(key="topics_thr::executions").set_value(at.slider(key="topics_thr::executions").max).run()
    assert not at.exception
    assert counts(at)["executions"] == 0         # ...at the far right none does
    assert at.slider(key="topics_thr::morale").max == 1.0


def test_a_threshold_keeps_its_value_when_its_slider_end_moves(tiny_data_dir, lens_file, monkeypatch):
    """Another snapshot or a refitted head moves a slider's end: Streamlit sees a new widget, which
    must still show the threshold the researcher set, not start again at 0.0."""
    from newslens.topics import analysis
    from newslens.ui import topic_state

    at = open_topics(tiny_data_dir, lens_file)
    at.slider(key="topics_thr::executions").set_value(0.8).run()
    before = counts(at)["executions"]
    real = analysis.threshold_ceilings
    monkeypatch.setattr(analysis, "threshold_ceilings", lambda scores: {**real(scores), "executions": 1.5})
    topic_state._threshold_ceilings.clear()     # as a refitted head's new scoring key would
    at.run()
    assert not at.exception
    assert at.slider(key="topics_thr::executions").max == 1.5
    assert at.slider(key="topics_thr::executions").value == 0.8
    assert counts(at)["executions"] == before


@pytest.mark.parametrize("present", [False, True])
def test_a_slide_states_the_words_only_fact_without_the_rebuild_command(tmp_path, monkeypatch, present):
    """A set-26 reviewer's slide of Topics (``?present=1``) carried a shell command and the method note
    on how lenses were scored; the page keeps both, the slide keeps the fact."""
    from newslens import languages
    from tests.apptest_utils import run_app
    from tests.factories import ArticleSpec, make_snapshot

    monkeypatch.setattr(languages, "model_languages", lambda name, path=None: {"en"})
    make_snapshot(tmp_path, [
        ArticleSpec("en1", "Front Daily", ["Soldiers deserted their unit and fled the front at night."]),
        ArticleSpec("de1", "Tagesblatt", ["Mehrere Soldaten sind aus ihrer Einheit desertiert.",
                                          "Die Kommandeure drohten mit Erschiessung."], language="de"),
    ])
    at = run_app(tmp_path, page="topics", query_params={"present": "1"} if present else {})
    assert not at.exception
    (notice,) = [str(i.value) for i in at.info if "does not compare by meaning" in str(i.value)]
    assert notice.startswith("2 of these paragraphs")
    assert ("pipeline build" in notice) is not present


def test_every_lens_chart_stamp_says_how_many_paragraphs_were_scored_by_words_only(tmp_path, monkeypatch):
    """A set-31 reviewer's slide: Russian and Ukrainian outlets looked as if they never wrote about
    morale; only the page's notice, not the chart a slide keeps, said the model could not read them."""
    from newslens import languages
    from tests.apptest_utils import run_app
    from tests.factories import ArticleSpec, make_snapshot

    monkeypatch.setattr(languages, "model_languages", lambda name, path=None: {"en"})
    make_snapshot(tmp_path, [
        ArticleSpec("en1", "Front Daily", ["Soldiers deserted their unit and fled the front at night."]),
        ArticleSpec("de1", "Tagesblatt", ["Mehrere Soldaten sind aus ihrer Einheit desertiert.",
                                          "Die Kommandeure drohten mit Erschiessung."], language="de"),
    ])
    at = run_app(tmp_path, page="topics", query_params={"present": "1"})
    assert not at.exception
    stamps = [a["text"] for chart in at.get("plotly_chart") for a in json.loads(chart.proto.spec)["layout"].get(
        "annotations", []) if "Corpus:" in (a.get("text") or "")]
    lens_stamps = [s for s in stamps if "lenses&#58;" in s or "lenses:" in s]
    assert len(lens_stamps) >= 3           # the map and both share charts (the clusters' chart is no lens chart)
    assert all("2 of 3 paragraphs by lexicon wordings only" in s.replace("<br>", " ") for s in lens_stamps)


def test_the_rebuild_hint_names_the_raw_folder_the_snapshot_was_built_from(tmp_path, monkeypatch):
    """A reviewer ran the hint the app printed, "python -m pipeline build --model ...", with
    $NEWSLENS_DATA on their corpus: it read the default raw folder (the sample's). The hint names the
    raw folder the snapshot shown was built from."""
    from newslens import languages
    from tests.apptest_utils import run_app
    from tests.factories import ArticleSpec, make_snapshot

    monkeypatch.setattr(languages, "model_languages", lambda name, path=None: {"en"})
    mine = tmp_path / "my scrape"
    mine.mkdir()
    data = tmp_path / "processed"
    make_snapshot(data, [
        ArticleSpec("en1", "Front Daily", ["Soldiers deserted their unit and fled the front at night."]),
        ArticleSpec("de1", "Tagesblatt", ["Mehrere Soldaten sind aus ihrer Einheit desertiert."], language="de"),
    ], raw_dir=str(mine))
    at = run_app(data, page="topics")
    assert not at.exception
    (notice,) = [str(i.value) for i in at.info if "does not compare by meaning" in str(i.value)]
    assert "python &#45;m pipeline build &#45;&#45;raw &#39;" in notice and "my scrape" in notice


def _add_lens(at, name: str, lexicon: str, *, as_patterns: bool | None = False, weight: float | None = None):
    """Fill in and add a lens; ``as_patterns`` None: the form has no patterns checkbox (read-only)."""
    at.text_input(key="topics_new_name").input(name)
    at.text_area(key="topics_new_definition").input("a theme nothing in the corpus is close to")
    at.text_area(key="topics_new_lexicon").input(lexicon)
    if as_patterns is not None:
        at.checkbox(key="topics_new_lexicon_regex").set_value(as_patterns)
    if weight is not None:
        at.number_input(key="topics_new_lexicon_weight").set_value(weight)
    at.slider(key="topics_new_threshold").set_value(0.4)
    next(b for b in at.button if "Add lens" in b.label).click().run()
    assert not at.exception, at.exception


def test_a_lens_given_typed_lexicon_words_labels_by_them_and_the_list_shows_the_words_found(tiny_data_dir,
                                                                                            lens_file):
    from newslens.knowledge import threshold

    at = open_topics(tiny_data_dir, lens_file)
    assert at.number_input(key="topics_new_lexicon_weight").value == threshold("topics", "lexicon_weight")
    _add_lens(at, "deserting", "desert*\nabsent without leave", weight=0.5)
    assert not at.error, [e.value for e in at.error]
    assert counts(at)["deserting"] >= 1
    at.selectbox(key="topics_list").set_value("lens: deserting").run()
    words = at.dataframe(key="topics_list_table").value["lens words found"]
    assert "deserted" in set(words)
    at.button(key="topics_save").click().run()
    saved = load_lenses(lens_file).get("deserting")
    assert saved.lexicon == (r"\bdesert\w*", r"\babsent\s+without\s+leave\b") and saved.lexicon_weight == 0.5
    # Editing it shows the words as typed, not their patterns.
    at.selectbox(key="topics_edit_name").set_value("deserting").run()
    at.button(key="topics_edit").click().run()
    assert at.text_area(key="topics_new_lexicon").value == "desert*\nabsent without leave"
    assert at.checkbox(key="topics_new_lexicon_regex").value is False


@pytest.mark.parametrize("lexicon, message", [
    ("\\bdeserted\\b\n(a+)+$", "lexicon entry 2 ('(a+)+$') could take too long to search"),
    ("(unclosed", "is not a valid regular expression"),
    ("x" + "(?:" * 600 + "a" + ")" * 600, "lexicon entry 1 is nested too deeply"),   # not a traceback
])
def test_a_bad_or_hanging_pattern_is_refused_and_the_form_keeps_what_was_typed(tiny_data_dir, lens_file,
                                                                              lexicon, message):
    at = open_topics(tiny_data_dir, lens_file)
    _add_lens(at, "deserting", lexicon, as_patterns=True)
    assert any(message in html.unescape(e.value) for e in at.error), [e.value for e in at.error]
    assert set(counts(at)) == {"executions", "morale"}
    assert at.text_area(key="topics_new_lexicon").value == lexicon
    assert at.text_input(key="topics_new_name").value == "deserting"
    assert at.checkbox(key="topics_new_lexicon_regex").value is True


def test_hostile_lexicon_words_are_searched_and_shown_literally(tiny_data_dir, lens_file):
    at = open_topics(tiny_data_dir, lens_file)
    hostile = "<b>deserted</b>\n$math$\n**deserted**\n(a+)+$\n[link](http://x)"
    _add_lens(at, "hostile", hostile, weight=0.5)
    assert not at.error, [e.value for e in at.error]
    assert counts(at)["hostile"] == 0          # none of them is in the corpus as typed
    assert "<b>deserted</b>" not in all_markdown(at)
    at.selectbox(key="topics_edit_name").set_value("hostile").run()
    at.button(key="topics_edit").click().run()
    assert at.text_area(key="topics_new_lexicon").value == hostile


# --- a shared read-only server: a visitor's lens takes typed wordings only -------------------

def open_read_only(data_dir: Path, lens_file: Path):
    at = app_test(data_dir, page="topics", env={"NEWSLENS_LENSES": str(lens_file), "NEWSLENS_READ_ONLY": "1"}).run()
    assert not at.exception, at.exception
    return at


def _add_read_only_lens(at, name: str, lexicon: str):
    _add_lens(at, name, lexicon, as_patterns=None, weight=0.5)


def test_read_only_a_visitors_lexicon_lines_are_wordings_never_patterns_and_the_form_says_so(tiny_data_dir,
                                                                                            lens_file):
    from newslens.topics.lexicon import read_only_limits

    at = open_read_only(tiny_data_dir, lens_file)
    assert not any(c.key == "topics_new_lexicon_regex" for c in at.checkbox)     # no way to ask for patterns
    most, longest = read_only_limits()
    assert any(f"each line is a plain word or phrase, not a regular expression: at most {most} lines of at most "
               f"{longest} characters" in c.value for c in at.caption)
    _add_read_only_lens(at, "as a pattern", r"\bdesert\w*")       # refused, the line named: never run
    assert any("line 1" in html.unescape(e.value) and "looks like a regular expression" in html.unescape(e.value)
               for e in at.error), [e.value for e in at.error]
    assert "as a pattern" not in counts(at)
    at.text_area(key="topics_new_lexicon").input("desert*")
    next(b for b in at.button if "Add lens" in b.label).click().run()
    assert not at.error, [e.value for e in at.error]
    assert counts(at)["as a pattern"] >= 1                         # the same lens, written as a wording


def test_read_only_too_many_wordings_are_refused_with_the_limit_and_the_form_keeps_them(tiny_data_dir, lens_file):
    from newslens.topics.lexicon import read_only_limits

    most, _ = read_only_limits()
    typed = "\n".join(f"word{i}" for i in range(most + 1))
    at = open_read_only(tiny_data_dir, lens_file)
    _add_read_only_lens(at, "many", typed)
    assert any(f"has {most + 1} wordings: on this shared server (read-only mode) a lens takes at most {most}"
               in html.unescape(e.value) for e in at.error), [e.value for e in at.error]
    assert set(counts(at)) == {"executions", "morale"}
    assert at.text_area(key="topics_new_lexicon").value == typed


def test_read_only_a_lens_from_the_file_keeps_its_own_patterns_when_a_visitor_edits_it(tiny_data_dir, tmp_path):
    patterns = [r"\bretreat\w*", r"shoot(?:s|ing)?\b"]
    lens_file = tmp_path / "lenses.yaml"
    lens_file.write_text(HASHING_LENS_FILE.replace(
        "examples: [shoot anyone who retreats, open fire on comrades attempting to retreat]",
        "examples: [shoot anyone who retreats, open fire on comrades attempting to retreat]\n"
        f"    lexicon: {json.dumps(patterns)}\n    lexicon_weight: 0.2"), encoding="utf-8")
    at = open_read_only(tiny_data_dir, lens_file)
    at.selectbox(key="topics_edit_name").set_value("executions").run()
    at.button(key="topics_edit").click().run()
    assert at.text_area(key="topics_new_lexicon").value == "\n".join(patterns)
    at.slider(key="topics_new_threshold").set_value(0.3)
    next(b for b in at.button if "Add lens" in b.label).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.session_state["nl_lenses"].get("executions").lexicon == tuple(patterns)
    # The same lines typed into a lens of the visitor's own are never run as patterns: refused, named.
    _add_read_only_lens(at, "copied", "\n".join(patterns))
    assert any("looks like a regular expression" in html.unescape(e.value) for e in at.error)
    assert "copied" not in counts(at)
    assert load_lenses(lens_file).get("executions").lexicon == tuple(patterns)     # the file untouched


def test_read_only_a_visitor_may_have_only_so_many_lenses_of_their_own(tiny_data_dir, lens_file):
    from newslens.ui.topic_state import read_only_lenses

    most = read_only_lenses()
    at = open_read_only(tiny_data_dir, lens_file)
    for i in range(most):
        _add_read_only_lens(at, f"mine {i}", "desert*")
    assert not at.error, [e.value for e in at.error]
    _add_read_only_lens(at, "one more", "desert*")
    assert any(f"this session has {most} lenses of its own" in html.unescape(e.value) for e in at.error)
    assert "one more" not in counts(at) and len(counts(at)) == 2 + most
    # Removing one of them makes room again.
    at.selectbox(key="topics_remove_name").set_value("mine 0").run()
    at.button(key="topics_remove").click().run()
    next(b for b in at.button if "Add lens" in b.label).click().run()
    assert not at.error and "one more" in counts(at)
