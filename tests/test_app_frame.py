"""The app frame under AppTest: sidebar glance, shared filters, presentation mode, first run, bad snapshots."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newslens.ui import loading, presentation, sidebar
from newslens.schema import SnapshotFile
from newslens.store import current_snapshot_id
from tests.apptest_utils import finish_jobs, goto, run_app, visible_text
from tests.factories import SMALL_CORPUS, ArticleSpec, make_snapshot

HASHING = {"NEWSLENS_MODEL": "hashing-64"}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    make_snapshot(tmp_path / "data", SMALL_CORPUS)
    return tmp_path / "data"


def sidebar_text(at) -> str:
    return "\n".join(str(m.value) for m in at.sidebar.markdown)


def test_sidebar_shows_the_corpus_at_a_glance(data_dir):
    at = run_app(data_dir)
    assert not at.exception
    text = sidebar_text(at)
    for expected in ("**Articles:** 4", "**Outlets:** 3", "01 Mar 2022", "26 Sep 2025", "1 undated",
                     "hashing&#45;64", "UTC"):
        assert expected in text
    assert [w.key for w in at.sidebar.multiselect][:2] == [sidebar.KEY_OUTLETS, sidebar.KEY_LANGUAGES]


def test_filters_survive_switching_pages(data_dir):
    at = run_app(data_dir)
    at.sidebar.multiselect(key=sidebar.KEY_OUTLETS).set_value(["Outlet A"]).run()
    assert "2 article(s) from 1 outlet(s)" in visible_text(at)
    goto(at, "articles")
    assert not at.exception
    assert at.sidebar.multiselect(key=sidebar.KEY_OUTLETS).value == ["Outlet A"]
    assert at.session_state[sidebar.KEY_FILTERS].outlets == ("Outlet A",)
    goto(at, "timeline")
    assert at.sidebar.multiselect(key=sidebar.KEY_OUTLETS).value == ["Outlet A"]
    assert "2 article(s) from 1 outlet(s)" in visible_text(at)


@pytest.mark.parametrize("params, outlets, dates, summary", [
    ({"outlet": "Outlet B"}, ["Outlet B"], None, "1 article(s) from 1 outlet(s)"),
    ({"outlet": ["Outlet A", "Outlet C"]}, ["Outlet A", "Outlet C"], None, "3 article(s) from 2 outlet(s)"),
    ({"outlet": "No Such Outlet"}, [], None, "4 article(s) from 3 outlet(s)"),
    ({"from": "2025-01-01", "undated": "0"}, [], ("2025-01-01", "2025-09-26"), "2 article(s) from 2 outlet(s)"),
    ({"from": "not-a-date"}, [], None, "4 article(s) from 3 outlet(s)"),
])
def test_a_shared_link_reproduces_the_filters(data_dir, params, outlets, dates, summary):
    at = run_app(data_dir, query_params=params)
    assert not at.exception
    assert at.sidebar.multiselect(key=sidebar.KEY_OUTLETS).value == outlets
    if dates:
        assert [d.isoformat() for d in at.sidebar.date_input(key=sidebar.KEY_DATES).value] == list(dates)
    assert summary in visible_text(at)
    # ...and the URL keeps mirroring what the sidebar holds.
    if outlets:
        got = at.query_params.get("outlet")
        assert (got if isinstance(got, list) else [got]) == outlets


def test_reset_filters_clears_the_selection(data_dir):
    at = run_app(data_dir, query_params={"outlet": "Outlet B"})
    at.sidebar.button(key="nl_reset_filters").click().run()
    assert at.sidebar.multiselect(key=sidebar.KEY_OUTLETS).value == []
    assert "4 article(s) from 3 outlet(s)" in visible_text(at)
    assert "outlet" not in at.query_params


def _presentation_css(at) -> bool:
    return any("stSidebar" in str(h.proto.body) and "display: none" in str(h.proto.body) for h in at.get("html"))


@pytest.mark.parametrize("params, on", [({"present": "1"}, True), ({"present": "0"}, False), ({}, False)])
def test_presentation_mode_from_the_url(data_dir, params, on):
    at = run_app(data_dir, query_params=params)
    assert not at.exception
    assert _presentation_css(at) is on
    assert at.sidebar.toggle(key=presentation.KEY_PRESENT).value is on
    assert any(b.key == "nl_exit_present" for b in at.button) is on
    if on:
        assert at.query_params.get("present") == "1"
        # Charts are stamped with what they show so a screenshot stands alone.
        fig = at.get("plotly_chart")[0].proto.spec
        assert "Corpus: sample corpus" in fig or "Corpus: tests" in fig


def test_presentation_mode_toggle_and_exit(data_dir):
    at = run_app(data_dir)
    at.sidebar.toggle(key=presentation.KEY_PRESENT).set_value(True).run()
    assert _presentation_css(at)
    assert at.query_params.get("present") == "1"
    at.button(key="nl_exit_present").click().run()
    assert not _presentation_css(at)
    assert "present" not in at.query_params


def test_a_new_snapshot_is_picked_up_on_the_next_rerun(data_dir):
    at = run_app(data_dir)
    assert "**Articles:** 4" in sidebar_text(at)
    make_snapshot(data_dir, SMALL_CORPUS + [ArticleSpec("a5", "Outlet D", ["A fifth report."], published="2025-10-01")])
    at.run()
    assert "**Articles:** 5" in sidebar_text(at)
    assert "**Outlets:** 4" in sidebar_text(at)


def _write_raw(raw: Path) -> None:
    raw.mkdir(parents=True)
    (raw / "one.txt").write_text(
        "A Russian commander ordered his soldiers to shoot anyone who retreats, an intercepted call suggests.\n\n"
        "The call was released by Ukraine's military intelligence on Thursday.\n", encoding="utf-8")
    (raw / "two.txt").write_text(
        "Soldiers of the regiment recorded a video appeal complaining about missing pay.\n\n"
        "Their relatives say the men were sent to the front without training.\n", encoding="utf-8")
    (raw / "metadata.csv").write_text(
        "file,outlet,published\none.txt,Outlet One,2025-09-25\ntwo.txt,Outlet Two,2023-07\n", encoding="utf-8")


def test_first_start_builds_the_sample_corpus_then_shows_the_app(tmp_path):
    raw, data = tmp_path / "raw", tmp_path / "data"
    _write_raw(raw)
    at = finish_jobs(run_app(data, env={"NEWSLENS_RAW": str(raw), **HASHING}))
    assert not at.exception, at.exception
    assert current_snapshot_id(data) is not None
    assert "Timeline of reports" in visible_text(at)
    text = sidebar_text(at)
    assert "**Articles:** 2" in text and "hashing&#45;64" in text


def test_first_start_progress_is_reported_per_stage():
    assert loading.build_progress("ingest", 0, 2) == (0.0, "Building the sample corpus: reading articles (0 of 2)")
    fraction, text = loading.build_progress("embed", 50, 100)
    assert fraction == pytest.approx(0.6) and "embedding paragraphs (50 of 100)" in text
    assert loading.build_progress("write", 1, 1)[0] == pytest.approx(1.0)
    # a first start sat at "embedding paragraphs (0 of N)" while the model loaded (10-30 s): it says why
    assert loading.build_progress("embed", 0, 100)[1].endswith("(0 of 100; the first batch waits for the model to load)")


def test_first_start_without_raw_articles_says_how_to_fix_it(tmp_path):
    at = finish_jobs(run_app(tmp_path / "data", env={"NEWSLENS_RAW": str(tmp_path / "nothing"), **HASHING}))
    assert not at.exception
    assert "missing or empty" in at.error[0].value
    assert any("python -m pipeline build" in c.value for c in at.code)
    assert current_snapshot_id(tmp_path / "data") is None


def _corrupt(data_dir: Path) -> Path:
    folder = data_dir / SnapshotFile.SNAPSHOTS_DIR / current_snapshot_id(data_dir)
    (folder / SnapshotFile.PARAGRAPHS).write_bytes(b"this is not parquet")
    return folder


@pytest.mark.parametrize("damage, message", [
    ("corrupt", "is corrupt"),
    ("missing", "is missing"),
    ("empty", "holds no articles"),
])
def test_bad_snapshot_shows_a_clear_message_and_the_fix_never_a_traceback(tmp_path, damage, message):
    data = tmp_path / "data"
    if damage == "empty":
        make_snapshot(data, [])
    else:
        make_snapshot(data, SMALL_CORPUS)
    before = current_snapshot_id(data)
    if damage == "corrupt":
        _corrupt(data)
    elif damage == "missing":
        shutil.rmtree(data / SnapshotFile.SNAPSHOTS_DIR / before)
    at = run_app(data, env={"NEWSLENS_RAW": str(tmp_path / "raw"), **HASHING})
    assert not at.exception
    assert message in at.error[0].value
    assert "No usable snapshot" in at.error[0].value
    assert any("python -m pipeline build" in c.value for c in at.code)
    assert at.button(key="nl_rebuild").label.startswith("Rebuild")
    # Nothing was overwritten behind the user's back.
    assert current_snapshot_id(data) == before


def test_rebuild_button_builds_a_new_snapshot_on_request(tmp_path):
    raw, data = tmp_path / "raw", tmp_path / "data"
    _write_raw(raw)
    make_snapshot(data, SMALL_CORPUS, raw_dir=str(raw))   # the corpus it rebuilds
    before = current_snapshot_id(data)
    _corrupt(data)
    at = run_app(data, env={"NEWSLENS_RAW": str(raw), **HASHING})
    finish_jobs(at.button(key="nl_rebuild").click().run())
    assert not at.exception
    assert current_snapshot_id(data) != before
    assert "**Articles:** 2" in sidebar_text(at)


def test_a_corpus_of_ones_own_in_the_data_folder_is_not_called_the_sample(tmp_path, monkeypatch):
    """A reviewer's 84 pages, opened with $NEWSLENS_DATA beside a corpus made on Add articles, were
    "Bundled sample" in the picker; a rebuild of a damaged one read "Building the sample corpus"."""
    from newslens.ui import corpus

    monkeypatch.setenv("NEWSLENS_DATA", str(tmp_path / "my-scrape" / "processed"))
    assert corpus.default_label() == "my-scrape ($NEWSLENS_DATA)"
    monkeypatch.delenv("NEWSLENS_DATA")
    assert corpus.default_label() == corpus.SAMPLE_LABEL

    raw, data = tmp_path / "my-scrape" / "raw", tmp_path / "my-scrape" / "processed"
    _write_raw(raw)
    make_snapshot(data, SMALL_CORPUS, raw_dir=str(raw))
    _corrupt(data)
    # no NEWSLENS_RAW: the app's own raw folder is the bundled sample's; the button rebuilds the raw
    # folder the snapshot records (the sample's 5 articles were published over a user's corpus)
    at = run_app(data, env=HASHING)
    finish_jobs(at.button(key="nl_rebuild").click().run())
    assert not at.exception
    assert "**Articles:** 2" in sidebar_text(at)
    assert loading.build_progress("embed", 1, 2, what="the corpus in x")[1].startswith("Building the corpus in x")
