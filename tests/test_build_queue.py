"""The build queue's cancel, its watchdog for hung builds, and Add-articles runs kept over a server
restart. Jobs are driven by events and a fake clock, never by waiting out real time (a ``wait(10)``
is only a guard against a test hanging)."""
from __future__ import annotations

import html
import threading
from pathlib import Path

import pytest

from newslens import queued_runs
from newslens.jobs import JobRegistry
from newslens.store import current_snapshot_id
from tests.apptest_utils import finish_jobs, run_app, visible_text
from tests.factories import SMALL_CORPUS, make_snapshot

HASHING = {"NEWSLENS_MODEL": "hashing-64"}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Stepper:
    """Work that reports a step, then waits for the test before each next one."""

    def __init__(self) -> None:
        self.entered, self.gate, self.steps = threading.Event(), threading.Event(), 0

    def __call__(self, job):
        job.report("build", 0.1, "step one")
        self.entered.set()
        assert self.gate.wait(10), "the test never let the work go on"
        job.report("build", 0.5, "step two")
        self.steps += 1
        return "built"


def test_a_build_cancelled_in_line_never_runs_and_the_next_one_does(tmp_path):
    registry, first, ended, order = JobRegistry(limit=1), Stepper(), [], []
    running = registry.start(str(tmp_path / "a"), "add", "'Alpha'", first, bars={})
    assert first.entered.wait(10)
    wrong = registry.start(str(tmp_path / "b"), "add", "'Beta'", lambda job: order.append("beta"), bars={},
                           on_end=ended.append)
    right = registry.start(str(tmp_path / "c"), "add", "'Gamma'", lambda job: order.append("gamma"), bars={})
    registry.cancel(wrong)
    assert wrong.finished and wrong.cancelled and not wrong.started and ended == [wrong]
    assert wrong.error == "Cancelled before it started: nothing of 'Beta' was collected or built."
    # the one behind it moves up: one build ahead of it now, not two
    assert right.bars() == [(0.0, "Waiting: another build is running on this server ('Alpha'). "
                                  "This one starts when it has ended.")]
    first.gate.set()
    assert right.wait(10) and running.result == "built"
    assert order == ["gamma"]                       # the cancelled one never ran


def test_a_running_build_cancelled_stops_at_its_next_step_and_the_line_moves_on(tmp_path):
    registry, work = JobRegistry(limit=1), Stepper()
    job = registry.start(str(tmp_path / "a"), "add", "'Alpha'", work, bars={})
    behind = registry.start(str(tmp_path / "b"), "add", "'Beta'", lambda job: "next", bars={})
    assert work.entered.wait(10)
    registry.cancel(job)
    assert not job.finished            # it runs until its next step ...
    assert job.bars() == [(0.0, "Cancelling the build of 'Alpha': it stops at its next step.")]
    work.gate.set()
    assert job.wait(10) and work.steps == 0 and job.result is None    # ... and stops there
    assert job.error == ("Cancelled: the build of 'Alpha' was stopped before it published anything; the "
                         "snapshot shown before stays current.")
    assert behind.wait(10) and behind.result == "next"


def test_a_cancel_after_the_build_began_publishing_keeps_what_was_done(tmp_path):
    """Once the build has begun writing its snapshot, stopping it would only lose its outcome: the
    cancel is said to come too late, and its end keeps the result."""
    registry, gate, entered = JobRegistry(), threading.Event(), threading.Event()

    def work(job):
        job.before_publish()
        entered.set()
        assert gate.wait(10)
        job.report("build", 1.0, "Built.")
        return "published"

    job = registry.start(str(tmp_path), "add", "'Alpha'", work, bars={})
    assert entered.wait(10)
    registry.cancel(job)
    assert job.bars() == [(1.0, "The build of 'Alpha' was publishing its snapshot when it was cancelled: too "
                                "late to stop it, it finishes.")]
    gate.set()
    assert job.wait(10) and job.result == "published" and job.error is None


def test_a_given_up_build_whose_process_does_not_end_is_let_go_and_the_line_goes_on(tmp_path):
    """A build given up in its process is freed by its own thread once the process has ended; a
    thread blocked (writing to a child that never reads, waiting on a process the kernel cannot end)
    never freed it: the builds behind it waited for good under "its process is being ended"."""
    clock, entered, blocked = FakeClock(), threading.Event(), threading.Event()
    registry = JobRegistry(stall_seconds=60, clock=clock)
    ended = []

    def work(job):
        job.runs_in_child(ends_within=20)
        entered.set()
        assert blocked.wait(10)     # its thread never gets to end the process

    job = registry.start(str(tmp_path / "a"), "snapshot", "'Alpha'", work, bars={}, on_end=ended.append)
    behind = registry.start(str(tmp_path / "b"), "snapshot", "'Beta'", lambda job: "next", bars={})
    assert entered.wait(10)
    clock.now += 120
    assert registry.stop_stalled() == [job]
    clock.now += 15                 # being ended, within the time that takes: it keeps its slot
    assert registry.stop_stalled() == [] and not job.finished and ended == [] and not behind.finished
    assert job.bars() == [(0.0, "Stopping the build of 'Alpha': it made no progress, so its process is being ended.")]
    clock.now += 10
    registry.stop_stalled()
    assert job.finished and ended == [job]
    assert job.error == ("Stopped: the build of 'Alpha' made no progress for 1 minute, so it was given up and the "
                         "builds waiting in line went on. It published nothing; the snapshot shown before stays "
                         "current. Its process did not end when asked: until it does, a new build of this corpus "
                         "may be refused.")
    assert behind.wait(10) and behind.result == "next"
    blocked.set()                   # its thread wakes at last: nothing changes, nothing runs twice
    assert job.work_ended.wait(10) and ended == [job] and job.error.endswith("may be refused.")


@pytest.mark.parametrize("stall, said", [(60, "1 minute"), (90, "90 seconds"), (30, "30 seconds"),
                                         (45 * 60, "45 minutes")])
def test_a_build_given_up_says_how_long_it_was_quiet_in_plain_words(tmp_path, stall, said):
    """A stall setting in minutes read "made no progress for 1 minutes" (or "0.5 minutes")."""
    clock, gate, entered = FakeClock(), threading.Event(), threading.Event()
    registry = JobRegistry(stall_seconds=stall, clock=clock)

    def work(job):
        entered.set()
        assert gate.wait(10)

    job = registry.start(str(tmp_path), "add", "'Alpha'", work, bars={})
    assert entered.wait(10)
    clock.now += 2 * stall
    assert registry.stop_stalled() == [job]
    assert job.error.startswith(f"Stopped: the build of 'Alpha' made no progress for {said}, so it was given up")
    gate.set()


def test_a_build_given_up_while_publishing_does_not_say_it_published_nothing(tmp_path):
    clock, gate, entered = FakeClock(), threading.Event(), threading.Event()
    registry = JobRegistry(stall_seconds=60, clock=clock)

    def work(job):
        job.before_publish()
        entered.set()
        assert gate.wait(10)            # a disk that hangs while the snapshot is written

    job = registry.start(str(tmp_path), "add", "'Alpha'", work, bars={})
    assert entered.wait(10)
    clock.now += 120
    assert registry.stop_stalled() == [job]
    assert job.error == ("Stopped: the build of 'Alpha' made no progress for 1 minute, so it was given up and the "
                         "builds waiting in line went on. It was writing its snapshot: should that ever end, the new "
                         "snapshot becomes current; until then the snapshot shown before stays current.")
    gate.set()


def _raw_with_one_more(tmp_path):
    """A raw folder built once (the snapshot id returned), then given one more article."""
    from pipeline.build import build_snapshot

    raw, data = tmp_path / "raw", tmp_path / "data"
    raw.mkdir()
    (raw / "one.txt").write_text("A commander told his men that anyone who pulls back will be shot.\n\n"
                                 "The recording was published on Monday.\n", encoding="utf-8")
    before = build_snapshot(raw, data, "hashing-64").snapshot_id
    (raw / "two.txt").write_text("Wives of mobilised men wrote that the unit had not been paid.\n", encoding="utf-8")
    return raw, data, before


@pytest.mark.parametrize("how", ["cancelled", "given up"])
def test_a_build_stopped_while_writing_its_snapshot_publishes_nothing(tmp_path, monkeypatch, how):
    """The map, the search indexes and the snapshot itself are written in the last stage: a build
    cancelled, or given up as hung, there was told it published nothing, then published."""
    from pipeline import build

    raw, data, before = _raw_with_one_more(tmp_path)
    clock = FakeClock()
    registry = JobRegistry(stall_seconds=60, clock=clock)
    last_before_writing = build.build_ann_index      # the last step before the snapshot is written

    def stopped_there(*args, **kwargs):
        if how == "cancelled":
            registry.cancel(job)
        else:
            clock.now += 3600                        # quiet for an hour: the watchdog gives it up
            assert registry.stop_stalled() == [job]
        return last_before_writing(*args, **kwargs)

    monkeypatch.setattr(build, "build_ann_index", stopped_there)

    ended = threading.Event()          # the build's own thread: a job given up ends before it does

    def work(job):
        try:
            return build.build_snapshot(raw, data, "hashing-64", before_publish=job.before_publish,
                                        progress=lambda stage, done, total: job.report("build", 0.5, stage))
        finally:
            ended.set()

    job = registry.start(str(data), "snapshot", "the corpus", work, bars={})
    assert ended.wait(60) and job.wait(10)
    said = {"cancelled": "Cancelled: the build of the corpus was stopped before it published anything;",
            "given up": "It published nothing;"}[how]
    assert job.result is None and said in job.error
    assert current_snapshot_id(data) == before
    assert sorted(p.name for p in (data / "snapshots").iterdir()) == [before]


def test_a_cancelled_rebuild_publishes_nothing_and_leaves_the_folder_buildable(tmp_path):
    """The real build, cancelled while it embeds: the snapshot shown stays current, no half-written
    snapshot is left, and the next build of the folder runs (its lock was let go)."""
    from pipeline.build import build_snapshot

    raw, data, before = _raw_with_one_more(tmp_path)
    registry = JobRegistry()

    def work(job):
        def progress(stage, done, total):
            if stage == "embed":
                registry.cancel(job)             # the researcher clicks Cancel while it embeds
            job.report("build", 0.5 if stage != "write" or done < total else 1.0, stage)
        return build_snapshot(raw, data, "hashing-64", progress=progress).snapshot_id

    job = registry.start(str(data), "snapshot", "the corpus", work, bars={})
    assert job.wait(60) and job.cancelled and job.error.startswith("Cancelled:")
    assert current_snapshot_id(data) == before
    assert sorted(p.name for p in (data / "snapshots").iterdir()) == [before]
    assert build_snapshot(raw, data, "hashing-64").counts["articles"] == 2


def test_a_build_quiet_past_the_stall_time_is_given_up_and_the_line_moves_on(tmp_path):
    clock, hung, woke, stepped = FakeClock(), threading.Event(), threading.Event(), threading.Event()
    registry = JobRegistry(limit=1, stall_seconds=30 * 60, clock=clock)
    ended = []

    def stuck(job):
        job.report("build", 0.3, "embedding")
        stepped.set()
        hung.wait(10)                            # a model download that never answers
        try:
            job.report("build", 0.4, "woke up")  # ... and wakes after all: it stops here
        finally:
            woke.set()
        return "late"

    job = registry.start(str(tmp_path / "a"), "add", "'Alpha'", stuck, bars={}, on_end=ended.append)
    behind = registry.start(str(tmp_path / "b"), "add", "'Beta'", lambda job: "next", bars={})
    assert stepped.wait(10)
    clock.now += 29 * 60
    assert registry.stop_stalled() == [] and not job.finished      # quiet, not yet hung
    clock.now += 2 * 60
    assert registry.stop_stalled() == [job]
    assert job.finished and ended == [job]
    assert job.error == ("Stopped: the build of 'Alpha' made no progress for 30 minutes, so it was given up and "
                         "the builds waiting in line went on. It published nothing; the snapshot shown before "
                         "stays current.")
    assert behind.wait(10) and behind.result == "next"
    hung.set()                                   # the abandoned thread's outcome changes nothing
    assert woke.wait(10)
    assert job.result is None and job.error.startswith("Stopped:")


def test_a_build_grouping_many_stories_is_not_given_up_as_hung(tmp_path, monkeypatch):
    """Grouping stories takes minutes at 100k articles, longer than the stall time on a slower
    machine: it reports every article whose evidence it reads and every pair it judges, so the
    watchdog sees it working. Here each takes 50 s of a 60 s stall time: 150 s for three articles,
    as much again for their pairs."""
    from newslens.compare import evidence, stories
    from pipeline.build import build_snapshot

    raw, data = tmp_path / "raw", tmp_path / "data"
    raw.mkdir()
    for n, text in enumerate([
            "A commander near Bakhmut told his men over the radio that anyone who pulls back will be shot.\n\n"
            "The recording was published by the intelligence service on Monday.\n",
            "Soldiers of the 3rd brigade say their officer threatened to execute deserters.\n\n"
            "Intercepted calls describe executions of men who refused to advance near Bakhmut.\n",
            "Wives of mobilised men wrote to the governor that the unit had not been paid for months.\n\n"
            "They asked for their husbands to be rotated home from the Bakhmut front.\n"]):
        (raw / f"report{n}.txt").write_text(text, encoding="utf-8")
    clock = FakeClock()
    registry = JobRegistry(stall_seconds=60, clock=clock)
    judge, judged = stories.link_articles, []

    def slow_judge(*args, **kwargs):
        clock.now += 50
        registry.stop_stalled()                 # the watchdog looks while the pair is judged
        judged.append(1)
        return judge(*args, **kwargs)

    monkeypatch.setattr(stories, "link_articles", slow_judge)
    read = evidence.shingle_hashes

    def slow_read(*args, **kwargs):
        clock.now += 50
        registry.stop_stalled()
        return read(*args, **kwargs)

    monkeypatch.setattr(evidence, "shingle_hashes", slow_read)
    job = registry.start(str(data), "snapshot", "the corpus",
                         lambda job: build_snapshot(raw, data, "hashing-64", before_publish=job.before_publish,
                                                    progress=lambda stage, *_: job.report("build", 0.5, stage)),
                         bars={})
    assert job.wait(60)
    assert job.error is None and len(judged) >= 3 and job.result.snapshot_id == current_snapshot_id(data)


def test_a_step_resets_the_stall_clock(tmp_path):
    clock, gate = FakeClock(), threading.Event()
    registry = JobRegistry(stall_seconds=60, clock=clock)
    stepped = threading.Event()

    def work(job):
        clock.now += 50
        job.report("build", 0.2, "one")
        stepped.set()
        assert gate.wait(10)

    job = registry.start(str(tmp_path), "add", "'Alpha'", work, bars={})
    assert stepped.wait(10)
    clock.now += 50                          # 100 s since it started, 50 since its last step
    assert registry.stop_stalled() == []
    gate.set()
    assert job.wait(10) and job.error is None


def _looks_during_clean_up(registry, looked):
    """An ``on_end`` that, while it runs, lets another tab look at the jobs and waits for it (a
    clean-up removing a large upload takes seconds; no tab may wait for it meanwhile)."""
    def on_end(job):
        other_tab = threading.Thread(target=lambda: looked.append([j.what for j in registry.running()]))
        other_tab.start()
        other_tab.join(10)          # a guard: under the registry's lock it would wait for good
    return on_end


def test_cancelling_a_run_in_line_cleans_up_without_holding_every_tab_up(tmp_path):
    registry, first, looked = JobRegistry(limit=1), Stepper(), []
    registry.start(str(tmp_path / "a"), "add", "'Alpha'", first, bars={})
    assert first.entered.wait(10)
    queued = registry.start(str(tmp_path / "b"), "add", "'Beta'", lambda job: None, bars={},
                            on_end=_looks_during_clean_up(registry, looked))
    registry.cancel(queued)
    assert looked == [["'Alpha'"]]          # the other tab saw the run going on, during the clean-up
    first.gate.set()


def test_giving_up_a_hung_build_cleans_up_without_holding_every_tab_up(tmp_path):
    clock, looked = FakeClock(), []
    registry = JobRegistry(limit=1, stall_seconds=60, clock=clock)
    hung = Stepper()
    registry.start(str(tmp_path / "a"), "add", "'Alpha'", hung, bars={},
                   on_end=_looks_during_clean_up(registry, looked))
    assert hung.entered.wait(10)
    clock.now += 120
    assert [job.what for job in registry.stop_stalled()] == ["'Alpha'"]
    assert looked == [[]]
    hung.gate.set()


@pytest.mark.parametrize("value", ["never", "0"])
def test_a_bad_stall_time_says_which_setting(monkeypatch, value):
    from newslens import config

    monkeypatch.setenv("NEWSLENS_BUILD_STALL_MINUTES", value)
    with pytest.raises(ValueError, match=f"NEWSLENS_BUILD_STALL_MINUTES must be a number above 0, not '{value}'"):
        config.build_stall_seconds()


# ---- the Add articles page --------------------------------------------------------------------------

@pytest.fixture
def registry(monkeypatch):
    """A registry of this test's own: the server's is shared by every test of the process."""
    from newslens.ui import jobs as ui_jobs

    fresh = JobRegistry(limit=1)
    monkeypatch.setattr(ui_jobs, "registry", lambda: fresh)
    return fresh


def _block(registry, tmp_path):
    """A build running into another folder, so the next one waits in line."""
    gate = threading.Event()
    registry.start(str(tmp_path / "elsewhere"), "snapshot", "'Alpha'", lambda job: gate.wait(30), bars={})
    return gate


def _start_page(corpora: Path, staged: Path | None = None):
    """A page that starts a run of Add articles into 'Beta' (with one staged upload) and shows the
    running runs and any outcome, as the real page does."""
    def page():
        from pathlib import Path

        import streamlit as st
        from newslens.corpora import corpus_at
        from newslens.ui import add_articles

        if not st.session_state.get("started"):
            st.session_state["started"] = True
            files = [Path(st.session_state["staged"])] if st.session_state.get("staged") else []
            add_articles.start_collect(corpus_at(st.session_state["root"], "Beta"), ["https://example.org/a.html"],
                                       files, model="hashing-64")
        add_articles.take_finished_runs()
        add_articles.render_run_error()
        add_articles.render_running_runs()

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(page)
    at.session_state["root"] = str(corpora)
    if staged:
        at.session_state["staged"] = str(staged)
    return at


def test_cancelling_a_queued_run_on_the_page_removes_it_its_uploads_and_its_record(tmp_path, registry):
    gate = _block(registry, tmp_path)
    staging = tmp_path / "newslens-upload-x"
    staging.mkdir()
    (staging / "letters.txt").write_text("Letters from the front describe exhaustion.\n", encoding="utf-8")
    corpora = tmp_path / "corpora"
    at = _start_page(corpora, staging / "letters.txt").run()
    said = html.unescape(visible_text(at))
    assert "Collecting and building 'Beta'" in said
    [kept] = queued_runs.load(corpora)
    assert kept["links"] == ["https://example.org/a.html"] and kept["state"] == "queued"
    assert (corpora / "Beta" / "raw" / ".uploads" / "newslens-upload-x" / "letters.txt").is_file()
    at.button(key=f"nl_cancel_{registry.get(str(corpora / 'Beta' / 'processed')).id}").click().run()
    said = html.unescape(visible_text(at))
    assert "Cancelled before it started: nothing of 'Beta' was collected or built." in said
    assert "Collecting and building 'Beta'" not in said
    assert queued_runs.load(corpora) == []
    assert not (corpora / "Beta").exists()         # the new corpus held nothing else: gone with it
    gate.set()


def test_a_run_left_waiting_by_a_stopped_server_starts_again_on_the_next_start(tmp_path, registry, monkeypatch):
    from tests.collect_site import NewsSite
    from newslens.ui import add_articles

    sample = tmp_path / "processed"
    make_snapshot(sample, SMALL_CORPUS)
    corpora = tmp_path / "corpora"
    env = {"NEWSLENS_CORPORA": str(corpora), "NEWSLENS_ALLOW_PRIVATE": "1", **HASHING}
    with NewsSite() as site:
        # what the old server wrote when the run joined the line (its process then stopped)
        request = queued_runs.new_request(queued_runs.COLLECT, "Beta", "hashing-64",
                                          links=[site.url("/news/commander.html")], owner="analyst@example.org")
        queued_runs.save(corpora, request)
        add_articles._resumed.clear()
        at = run_app(sample, page="add_articles", env=env)
        assert "Collecting and building 'Beta'" in html.unescape(visible_text(at))
        at = finish_jobs(at)
    [job] = registry.jobs()
    assert job.error is None and job.result["built"]
    assert job.owner == "analyst@example.org"      # still only theirs to cancel where people sign in
    assert current_snapshot_id(corpora / "Beta" / "processed") is not None
    assert queued_runs.load(corpora) == []
    # the tab that happened to open the app is not taken to Beta: it did not ask for it
    assert at.title[0].value == "Add articles"


def test_a_run_cut_short_by_a_server_stop_is_listed_with_what_to_add_again(tmp_path, registry):
    from newslens.ui import add_articles

    sample = tmp_path / "processed"
    make_snapshot(sample, SMALL_CORPUS)
    corpora = tmp_path / "corpora"
    request = queued_runs.new_request(queued_runs.COLLECT, "Beta", "hashing-64",
                                      links=["https://example.org/news/a.html"],
                                      files=[corpora / "Beta" / "raw" / ".uploads" / "x" / "letters.txt"])
    queued_runs.mark_running(corpora, request)
    add_articles._resumed.clear()
    at = run_app(sample, page="add_articles", env={"NEWSLENS_CORPORA": str(corpora), **HASHING})
    said = html.unescape(visible_text(at))
    assert "The run into 'Beta' asked for on" in said and "was cut short when the server stopped" in said
    assert "https://example.org/news/a.html\nletters.txt" in said
    assert registry.jobs() == []                   # not run again by itself: it may be what stopped the server
    at.button(key=f"nl_add_cut_dismiss_{request['id']}").click().run()
    assert "cut short" not in html.unescape(visible_text(at)) and queued_runs.load(corpora) == []


def _runs_page():
    """The running and ended runs of Add articles, as the page shows them."""
    def page():
        from newslens.ui import add_articles

        add_articles.take_finished_runs()
        add_articles.render_run_error()
        add_articles.render_running_runs()

    from streamlit.testing.v1 import AppTest

    return AppTest.from_function(page)


def test_a_run_cancelled_once_it_publishes_is_said_to_have_finished_and_leaves_the_canceller_where_it_is(
        tmp_path, registry):
    """Another researcher's run, cancelled from this tab while it wrote its snapshot: it cannot be
    stopped then. This tab and a third one are told it finished; neither is switched to its corpus."""
    from newslens.ui.add_articles import KEY_NOTICE
    from newslens.ui.corpus import _KEY_NEXT
    writing, gate, written = threading.Event(), threading.Event(), threading.Event()
    record = {"corpus": "Beta", "summary": [], "problems": [], "collected": [], "build": [],
              "build_error": None, "built": True}

    def work(job):
        job.report("build", 0.5, "embedding")
        assert gate.wait(10)
        job.before_publish()
        writing.set()
        assert written.wait(10)
        return record

    canceller, onlooker = _runs_page().run(), _runs_page().run()     # both drawn while it embeds
    job = registry.start(str(tmp_path / "Beta" / "processed"), "add", "'Beta'", work, bars={})
    canceller.run(), onlooker.run()
    gate.set()
    assert writing.wait(10)
    canceller.button(key=f"nl_cancel_{job.id}").click().run()
    assert job.cancelled and not job.finished
    assert [html.unescape(bar.text) for bar in canceller.get("progress")] == [
        "The build of 'Beta' was publishing its snapshot when it was cancelled: too late to stop it, it finishes."]
    written.set()
    assert job.wait(10) and job.result == record
    canceller.run(), onlooker.run()
    said = ("The run into 'Beta' has ended. It was publishing its snapshot when it was cancelled, so it finished. "
            "To see it, choose it under \"Showing\" in the sidebar.")
    for tab in (canceller, onlooker):
        assert [html.unescape(s.value) for s in tab.success] == [said], [s.value for s in tab.success]
        assert not tab.warning
        assert KEY_NOTICE not in tab.session_state and _KEY_NEXT not in tab.session_state


def test_runs_kept_by_another_version_are_listed_as_unreadable_not_run_nor_breaking_the_page(tmp_path, registry):
    """A newer version's kind of run must not run as a rebuild, and a file without a corpus must not
    break the page (the Dismiss button under it was never reached)."""
    import json

    from newslens.ui import add_articles

    sample = tmp_path / "processed"
    make_snapshot(sample, SMALL_CORPUS)
    corpora = tmp_path / "corpora"
    newer = {**queued_runs.new_request(queued_runs.REBUILD, "Beta", "hashing-64"), "kind": "reindex"}
    queued_runs.save(corpora, newer)
    half = queued_runs.new_request(queued_runs.COLLECT, "Beta", "hashing-64", links=["https://example.org/a.html"])
    del half["corpus"]
    queued_runs.save(corpora, {**half, "state": queued_runs.RUNNING})
    (queued_runs.queue_dir(corpora) / "notes.json").write_text("{", encoding="utf-8")
    good = queued_runs.new_request(queued_runs.COLLECT, "Gamma", "hashing-64", links=["https://example.org/b.html"])
    queued_runs.mark_running(corpora, good)
    add_articles._resumed.clear()
    at = run_app(sample, page="add_articles", env={"NEWSLENS_CORPORA": str(corpora), **HASHING})
    assert not at.exception
    said = html.unescape(visible_text(at))
    assert (f"could not be read, so it was not run: a kind of run this version does not know ('reindex') "
            f"(.queue/{newer['id']}.json") in said
    assert f"could not be read, so it was not run: no corpus given (.queue/{half['id']}.json" in said
    assert "could not be read, so it was not run: not readable (JSONDecodeError) (.queue/notes.json" in said
    assert "The run into 'Gamma' asked for on" in said            # the readable one is listed as before
    assert registry.jobs() == []                                 # nothing ran, least of all a rebuild
    assert [r["id"] for r in queued_runs.load(corpora)] == [good["id"]]
    at.button(key=f"nl_add_unreadable_aside_{newer['id']}.json").click().run()
    assert newer["id"] not in html.unescape(visible_text(at))
    aside = queued_runs.queue_dir(corpora) / "unreadable" / f"{newer['id']}.json"      # kept, out of the list
    assert json.loads(aside.read_text(encoding="utf-8"))["kind"] == "reindex"


@pytest.mark.parametrize("owner", [5, ["analyst@example.org"], "", "  "])
def test_a_kept_run_whose_starter_is_not_readable_is_listed_not_run(tmp_path, owner):
    """A starter that is not text would crash every page drawing its Cancel button; an empty one
    would let anyone cancel it: the run is listed as not readable, like any other bad field."""
    corpora = tmp_path / "corpora"
    bad = {**queued_runs.new_request(queued_runs.COLLECT, "Beta", "hashing-64",
                                     links=["https://example.org/a.html"]), "owner": owner}
    queued_runs.save(corpora, bad)
    for fine in (None, "analyst@example.org"):
        queued_runs.save(corpora, queued_runs.new_request(queued_runs.COLLECT, "Gamma", "hashing-64", owner=fine))
    assert sorted(r["owner"] or "" for r in queued_runs.load(corpora)) == ["", "analyst@example.org"]
    assert queued_runs.unreadable(corpora) == [(f"{bad['id']}.json", "who started it is not readable")]


def test_cancelling_a_running_collect_and_build_on_the_page_publishes_nothing_and_starts_the_next(tmp_path):
    """Two tabs, two corpora: the first run is the wrong one. Cancelled while it builds, it publishes
    nothing, its tab says so plainly, and the run waiting behind it goes on to its timeline."""
    from pipeline import build
    from tests.collect_site import NewsSite
    from tests.test_background_build import ALPHA_BETA, HeldBuild, add_articles_setup, typed_tabs

    sample, env = add_articles_setup(tmp_path)
    corpora = tmp_path / "corpora"
    held = HeldBuild()
    with NewsSite() as site, pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "build_snapshot", held)
        first, other = typed_tabs(sample, env, site, ALPHA_BETA)
        first.button(key="nl_add_run").click().run()
        assert held.entered.wait(60)
        other.button(key="nl_add_run").click().run()
        [alpha] = [b for b in first.button if b.label == "Cancel this build"]
        alpha.click().run()
        assert "Cancelling the build of 'Alpha': it stops at its next step." in [
            html.unescape(bar.text) for bar in first.get("progress")]
        held.release()                       # its next step comes: it stops there
        first, other = finish_jobs(first), finish_jobs(other)
    said = html.unescape(visible_text(first))
    assert first.title[0].value == "Add articles" and "is built" not in said
    assert ("Cancelled: the build of 'Alpha' was stopped before it published anything; the snapshot shown "
            "before stays current. Articles it had already collected stay in the corpus and go into its next "
            "build.") in said        # (it was held at the build: its article is in the raw folder)
    assert current_snapshot_id(corpora / "Alpha" / "processed") is None
    assert other.title[0].value == "Timeline of reports" and "**Beta** is built" in html.unescape(visible_text(other))
    assert queued_runs.load(corpora) == []


def test_a_rebuild_of_the_shown_folder_can_be_cancelled_and_says_so(tmp_path):
    from pipeline import build
    from tests.test_background_build import HeldBuild, _write_raw

    raw, data = _write_raw(tmp_path / "raw"), tmp_path / "data"
    make_snapshot(data, SMALL_CORPUS, raw_dir=str(raw))
    (data / "CURRENT").write_text("gone\n", encoding="utf-8")       # a damaged folder: rebuild on request
    held = HeldBuild()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "build_snapshot", held)
        at = run_app(data, env={"NEWSLENS_RAW": str(raw), **HASHING})
        at.button(key="nl_rebuild").click().run()
        assert "Rebuilding the snapshot" in visible_text(at)
        [cancel] = [b for b in at.button if b.label == "Cancel this build"]
        cancel.click().run()
        held.release()
        at = finish_jobs(at)
    assert any(html.unescape(e.value).startswith("Cancelled: the build of the corpus in") for e in at.error)
    assert (data / "CURRENT").read_text(encoding="utf-8") == "gone\n"       # nothing published over it
