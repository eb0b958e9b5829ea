"""Builds started in the app run in a background job of the server (``newslens.jobs``): they finish
with no tab attached, a second click or tab joins the running one and shows its progress, and a
failure is shown once to the tabs that watched it, then can be started again."""
from __future__ import annotations

import html
import threading
from pathlib import Path

import pytest

from newslens.jobs import JobRegistry
from newslens.store import current_snapshot_id
from newslens.ui import loading
from tests.apptest_utils import finish_jobs, run_app, visible_text
from tests.factories import SMALL_CORPUS, make_snapshot

HASHING = {"NEWSLENS_MODEL": "hashing-64"}


def add_articles_setup(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A processed sample for the app to show and the env of a server that collects into
    ``tmp_path/corpora`` from a local test site, with the hashing model."""
    sample = tmp_path / "processed"
    make_snapshot(sample, SMALL_CORPUS)
    return sample, {"NEWSLENS_CORPORA": str(tmp_path / "corpora"), "NEWSLENS_ALLOW_PRIVATE": "1", **HASHING}


# Two tabs, two corpora: the runs of the queue's tests
ALPHA_BETA = [("Alpha", "/news/commander.html"), ("Beta", "/news/second.html")]


def typed_tabs(sample: Path, env: dict[str, str], site, runs: list[tuple[str, str]]) -> list:
    """A tab on Add articles per (corpus name, page of ``site``), each typed in, nothing clicked yet."""
    tabs = [run_app(sample, page="add_articles", env=env) for _ in runs]
    for tab, (name, path) in zip(tabs, runs):
        tab.text_input(key="nl_add_name").input(name)
        tab.text_area(key="nl_add_links").input(site.url(path)).run()
    return tabs


def _write_raw(raw: Path) -> Path:
    raw.mkdir(parents=True)
    (raw / "one.txt").write_text(
        "A commander told his men over the radio that anyone who pulls back will be shot.\n\n"
        "The recording was published by the intelligence service on Monday.\n", encoding="utf-8")
    (raw / "two.txt").write_text(
        "Wives of mobilised men wrote to the governor that the unit had not been paid for months.\n\n"
        "They asked for their husbands to be rotated home.\n", encoding="utf-8")
    (raw / "metadata.csv").write_text(
        "file,outlet,published\none.txt,Outlet One,2025-09-25\ntwo.txt,Outlet Two,2024-02\n", encoding="utf-8")
    return raw


class HeldBuild:
    """The real build, held at its embedding stage until ``release()``; counts how often it ran."""

    def __init__(self, fail: str | None = None):
        from pipeline import build

        self.real, self.fail = build.build_snapshot, fail
        self.gate, self.entered, self.calls = threading.Event(), threading.Event(), 0

    def __call__(self, raw, out, model, *, progress=None, **kwargs):
        from pipeline.build import BuildError

        self.calls += 1
        if progress:
            progress("embed", 3, 10)
        self.entered.set()
        assert self.gate.wait(60), "the test never released the build"
        if self.fail:
            raise BuildError(self.fail)
        return self.real(raw, out, model, progress=progress, **kwargs)

    def release(self) -> None:
        self.gate.set()


@pytest.fixture
def held(monkeypatch):
    from pipeline import build

    holder = HeldBuild()
    monkeypatch.setattr(build, "build_snapshot", holder)
    yield holder
    holder.release()           # never leave a worker waiting on the gate


def test_the_worker_finishes_a_build_with_no_session_attached(tmp_path):
    raw, data = _write_raw(tmp_path / "raw"), tmp_path / "data"
    seen = []
    job = JobRegistry().start(str(data), "snapshot", "the corpus", lambda job: loading.build_corpus_snapshot(
        raw, data, "hashing-64", "the corpus", progress=lambda f, text: (seen.append(text), job.report("build", f, text))),
        bars={"build": "Preparing…"})
    assert job.wait(60) and job.error is None
    assert job.result == current_snapshot_id(data)
    assert job.bars() == [(1.0, "Built the corpus.")]
    assert any("embedding paragraphs" in text for text in seen)


def test_a_second_start_for_the_same_folder_returns_the_running_job(tmp_path):
    registry, gate = JobRegistry(), threading.Event()
    first = registry.start(str(tmp_path), "snapshot", "x", lambda job: gate.wait(10) and "one", bars={})
    second = registry.start(str(tmp_path), "snapshot", "x", lambda job: "two", bars={})
    other = registry.start(str(tmp_path / "other"), "snapshot", "y", lambda job: "three", bars={})
    assert second is first and other is not first
    gate.set()
    assert first.wait(10) and first.result == "one"
    again = registry.start(str(tmp_path), "snapshot", "x", lambda job: "two", bars={})
    assert again is not first and again.wait(10) and again.result == "two"      # ended: a new one starts


def test_a_worker_bug_is_a_one_line_error_not_a_dead_thread(tmp_path):
    job = JobRegistry().start(str(tmp_path), "snapshot", "x", lambda job: 1 / 0, bars={})
    assert job.wait(10) and job.error == "ZeroDivisionError: division by zero"


def test_a_tab_opened_during_the_first_start_build_shows_its_progress_not_a_second_build(tmp_path, held):
    raw, data = _write_raw(tmp_path / "raw"), tmp_path / "data"
    env = {"NEWSLENS_RAW": str(raw), **HASHING}
    first = run_app(data, env=env)
    assert not first.exception
    assert "Welcome to NewsLens" in visible_text(first)
    # The researcher closed that tab; another one (a new session) opens while the build runs.
    other = run_app(data, env=env)
    assert not other.exception
    assert "Welcome to NewsLens" in visible_text(other)
    [bar] = other.get("progress")
    # the articles $NEWSLENS_RAW names, not "the sample corpus" (a researcher's own scrape read so)
    assert "Building the articles in" in visible_text(other) and "bundled sample" not in visible_text(other)
    assert bar.value == 46 and html.unescape(bar.text) == f"Building the articles in {raw}: embedding paragraphs (3 of 10)"
    assert held.calls == 1 and current_snapshot_id(data) is None
    held.release()
    other = finish_jobs(other)
    assert "Timeline of reports" in visible_text(other)
    assert "**Articles:** 2" in "\n".join(str(m.value) for m in other.sidebar.markdown)
    assert held.calls == 1


def test_a_failed_rebuild_is_shown_once_and_can_be_started_again(tmp_path, held):
    raw, data = _write_raw(tmp_path / "raw"), tmp_path / "data"
    make_snapshot(data, SMALL_CORPUS, raw_dir=str(raw))
    (data / "CURRENT").write_text("gone\n", encoding="utf-8")       # a damaged folder: rebuild on request
    held.fail = "the disk is full (no space left in the data folder)"
    at = run_app(data, env={"NEWSLENS_RAW": str(raw), **HASHING})
    at.button(key="nl_rebuild").click().run()
    assert "Rebuilding the snapshot" in visible_text(at)
    assert not [b for b in at.button if b.key == "nl_rebuild"]          # no second build offered meanwhile
    held.release()
    at = finish_jobs(at)
    assert any("the disk is full" in e.value for e in at.error)
    at.run()                                                             # shown once
    assert not any("the disk is full" in e.value for e in at.error)
    held.gate.clear()
    at.button(key="nl_rebuild").click().run()
    assert held.calls == 2 and "Rebuilding the snapshot" in visible_text(at)
    held.release()
    finish_jobs(at)


def test_a_tab_opened_during_a_collect_and_build_shows_it_and_stays_where_it_is(tmp_path, held):
    """A tab that only saw a run (a reopened tab, or another researcher on a shared server) is told
    when it ends and stays on its page; a second click there does not join the run and claim its
    outcome (a reviewer's second tab was told "built" over another tab's files, none of its own)."""
    from tests.collect_site import NewsSite

    sample, env = add_articles_setup(tmp_path)
    with NewsSite() as site:
        first = run_app(sample, page="add_articles", env=env)
        first.text_input(key="nl_add_name").input("Ledger watch")
        first.text_area(key="nl_add_links").input(site.url("/news/commander.html")).run()
        first.button(key="nl_add_run").click().run()
        assert held.entered.wait(60)
        # collected, then held at the build: a tab opened now (on this page) shows the run, not a form
        # that would start a second one into the same corpus
        other = run_app(sample, page="add_articles", env=env)
        assert not other.exception
        assert "Collecting and building 'Ledger-watch': it runs on the server" in html.unescape(visible_text(other))
        assert [html.unescape(bar.text).replace("\u2060", "") for bar in other.get("progress")] == [
            "Collected 1 item(s).", "Building 'Ledger-watch': embedding paragraphs (3 of 10)"]
        other.text_input(key="nl_add_name").input("Ledger watch")
        other.text_area(key="nl_add_links").input(site.url("/news/second.html")).run()
        assert other.button(key="nl_add_run").disabled
        held.release()
        other = finish_jobs(other)
    assert held.calls == 1
    # the tab that only saw it stays where it was, its form kept, and is told the run has ended
    assert other.title[0].value == "Add articles"
    assert other.text_area(key="nl_add_links").value == site.url("/news/second.html")
    said = html.unescape(visible_text(other))
    assert "The run into 'Ledger-watch' has ended" in said and "is built" not in said
    # the tab that started it goes on to the new corpus' timeline, with the run's outcome
    first.run()
    assert first.title[0].value == "Timeline of reports"
    assert "**Ledger-watch** is built" in html.unescape(visible_text(first))


def test_a_click_while_another_tabs_run_into_the_corpus_goes_on_collects_nothing_and_says_so(tmp_path, held):
    """The button is disabled while a run into the corpus goes on, but a tab drawn before that run
    started still shows it enabled (a reviewer clicked 0.3 s after the first tab)."""
    from tests.collect_site import NewsSite

    sample, env = add_articles_setup(tmp_path)
    with NewsSite() as site:
        first, other = typed_tabs(sample, env, site, [("Dup", "/news/commander.html"), ("Dup", "/news/second.html")])
        assert not other.button(key="nl_add_run").disabled        # drawn before the first run began
        first.button(key="nl_add_run").click().run()
        assert held.entered.wait(60)
        other.button(key="nl_add_run").click().run()
        said = html.unescape(visible_text(other))
        assert "Collecting and building 'Dup': it runs on the server" in said
        assert other.button(key="nl_add_run").disabled
        assert other.text_area(key="nl_add_links").value == site.url("/news/second.html")     # kept
        held.release()
        first, other = finish_jobs(first), finish_jobs(other)
    assert held.calls == 1
    assert first.title[0].value == "Timeline of reports"
    # the second tab is not told its run was built: it had none
    assert other.title[0].value == "Add articles" and "is built" not in html.unescape(visible_text(other))
    collected = (tmp_path / "corpora" / "Dup" / "raw" / ".collect" / "log.jsonl").read_text(encoding="utf-8")
    assert "commander" in collected and "second" not in collected


def test_a_start_that_meets_another_run_learns_it_joined_it(tmp_path):
    """The race the disabled button cannot close (two clicks a moment apart): the registry returns
    the run going on, whose token says it is not this start's (``ui.add_articles.start_collect``
    then says the links and files were not collected)."""
    registry, gate = JobRegistry(), threading.Event()
    first = registry.start(str(tmp_path), "add", "'Dup'", lambda job: gate.wait(10), bars={}, token="tab-a")
    second = registry.start(str(tmp_path), "add", "'Dup'", lambda job: "never", bars={}, token="tab-b")
    assert second is first and second.token == "tab-a"
    gate.set()
    assert first.wait(10) and first.result is True


def test_a_rebuild_clicked_while_another_run_fills_the_corpus_is_not_started_and_says_so(tmp_path, monkeypatch):
    """A reviewer of the diff: a rebuild's start joined whatever ran in the corpus and took its outcome."""
    from newslens.corpora import corpus_at
    from newslens.jobs import JobRegistry
    from newslens.ui import add_articles, jobs as ui_jobs
    from streamlit.testing.v1 import AppTest

    registry, gate = JobRegistry(), threading.Event()
    monkeypatch.setattr(ui_jobs, "registry", lambda: registry)
    corpus = corpus_at(tmp_path / "corpora", "Busy")
    other = registry.start(str(corpus.processed), add_articles.ADD_JOB, "'Busy'", lambda job: gate.wait(10), bars={},
                           token="another-tab")

    def page():
        import streamlit as st
        from newslens.corpora import corpus_at
        from newslens.ui import add_articles

        job = add_articles.start_rebuild(corpus_at(st.session_state["root"], "Busy"), "hashing-64")
        st.write("started" if job is not None else "not started")
        add_articles.render_run_error()

    at = AppTest.from_function(page)
    at.session_state["root"] = str(tmp_path / "corpora")
    at.run()
    said = html.unescape(visible_text(at))
    assert "not started" in said and "the rebuild with hashing-64 was not started" in said
    gate.set()
    assert other.wait(10) and other.result is True


def test_past_the_limit_a_build_waits_in_line_says_for_what_and_runs_in_turn(tmp_path):
    """Several tabs (or people on a shared server) each started a build into another corpus, and each
    loaded a model and embedded at once: memory multiplied. Past the limit a start waits in line."""
    registry, gate, order = JobRegistry(limit=1), threading.Event(), []

    def work(name, wait=False):
        return lambda job: (wait and gate.wait(10), order.append(name), name)[-1]

    first = registry.start(str(tmp_path / "a"), "add", "'Alpha'", work("one", wait=True), bars={"build": "Building…"})
    second = registry.start(str(tmp_path / "b"), "add", "'Beta'", work("two"), bars={"build": "Building…"})
    third = registry.start(str(tmp_path / "c"), "snapshot", "the sample corpus", work("three"), bars={"build": "…"})
    assert not second.wait(0.5) and order == []
    assert second.bars() == [(0.0, "Waiting: another build is running on this server ('Alpha'). "
                                   "This one starts when it has ended.")]
    assert third.bars() == [(0.0, "Waiting: another build is running on this server ('Alpha'), and 1 more is "
                                  "waiting ahead of this one. It starts after them.")]
    assert registry.running() == [first, second, third]
    gate.set()
    assert third.wait(10) and order == ["one", "two", "three"]
    assert second.result == "two" and second.bars() == [(0.0, "Building…")]


def test_within_the_limit_builds_run_side_by_side(tmp_path):
    registry, gate = JobRegistry(limit=2), threading.Event()
    first = registry.start(str(tmp_path / "a"), "add", "'Alpha'", lambda job: gate.wait(10), bars={})
    second = registry.start(str(tmp_path / "b"), "add", "'Beta'", lambda job: "two", bars={})
    third = registry.start(str(tmp_path / "c"), "add", "'Gamma'", lambda job: "three", bars={})
    assert second.wait(10) and third.wait(10) and not first.finished
    gate.set()
    assert first.wait(10)


@pytest.mark.parametrize("value", ["two", "0", "1.5"])
def test_a_bad_build_limit_says_which_setting_and_why(monkeypatch, value):
    from newslens import config

    monkeypatch.setenv("NEWSLENS_MAX_BUILDS", value)
    with pytest.raises(ValueError, match=f"NEWSLENS_MAX_BUILDS must be a whole number above 0, not '{value}'"):
        config.max_builds()


def test_a_collect_into_another_corpus_while_a_build_runs_waits_its_turn_and_says_so(tmp_path, held):
    """Two tabs, two corpora: the second run is not refused (its links and files are kept), it waits
    in line where every tab sees why, and starts, collects and builds when the first has ended."""
    from tests.collect_site import NewsSite

    sample, env = add_articles_setup(tmp_path)
    with NewsSite() as site:
        first, other = typed_tabs(sample, env, site, ALPHA_BETA)
        first.button(key="nl_add_run").click().run()
        assert held.entered.wait(60)
        other.button(key="nl_add_run").click().run()
        said = html.unescape(visible_text(other))
        assert "Collecting and building 'Beta': it runs on the server" in said
        bars = [html.unescape(bar.text) for bar in other.get("progress")]
        assert ("Waiting: another build is running on this server ('Alpha'). This one starts when it has "
                "ended.") in bars
        assert not other.error and held.calls == 1
        assert not (tmp_path / "corpora" / "Beta" / "raw" / ".collect").exists()     # not begun
        held.release()
        first, other = finish_jobs(first), finish_jobs(other)
    assert held.calls == 2
    assert first.title[0].value == "Timeline of reports" and "**Alpha** is built" in html.unescape(visible_text(first))
    assert other.title[0].value == "Timeline of reports" and "**Beta** is built" in html.unescape(visible_text(other))
