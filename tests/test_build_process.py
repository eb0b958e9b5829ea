"""The app's builds in a process of their own (``newslens.job_process``): a cancel or the stall
watchdog ends a hung build at once, its corpus's lock is free again and what it half wrote is gone;
and a first start's build can be cancelled, leaving the app usable with a way to build again.

A build here hangs for good (as on a model download that never answers); the tests wait on events
and the job's own state, never on the clock (a ``wait(60)`` only guards against a test hanging).
"""
from __future__ import annotations

import html
import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from newslens import job_process
from newslens.job_process import in_child
from newslens.jobs import JobRegistry
from newslens.store import current_snapshot_id
from newslens.ui import loading
from tests.apptest_utils import finish_jobs, run_app, visible_text
from tests.test_background_build import HASHING, _write_raw, held  # noqa: F401 - a fixture
from tests.test_build_queue import FakeClock, _raw_with_one_more

HUNG = "hung for good"


# --- work run in the child (module-level: the child imports it by name) ---------------------------

def _hang(job) -> None:
    job.report("build", 0.5, HUNG)
    threading.Event().wait()


def hang_with_links(job, links: list[str]) -> None:
    _hang(job)


def build_hung_while_embedding(job, raw: Path, data: Path) -> str:
    """The real build, hung for good when it starts embedding (the build lock is held then)."""
    from pipeline.build import build_snapshot

    def progress(stage: str, done: int, total: int) -> None:
        job.report("build", 0.3, stage)
        if stage == "embed":
            _hang(job)

    return build_snapshot(raw, data, "hashing-64", progress=progress, before_publish=job.before_publish).snapshot_id


def build_hung_while_writing(job, raw: Path, data: Path) -> str:
    """The real build, hung for good while it writes its snapshot's vectors (half of it on disk)."""
    import numpy

    from pipeline.build import build_snapshot

    numpy.save = lambda *args, **kwargs: _hang(job)         # (this process only: the child's numpy)
    return build_snapshot(raw, data, "hashing-64", before_publish=job.before_publish,
                          progress=lambda stage, done, total: job.report("build", 0.9, stage)).snapshot_id


def killed_from_outside(job) -> str:
    job.report("build", 0.3, "embedding")
    os.kill(os.getpid(), signal.SIGKILL)        # the kernel's out-of-memory killer, say
    return "never"


def published_then_unpicklable(job, out: Path):
    job.before_publish()
    out.write_text("published")         # its snapshot is current now
    return (line for line in [])        # a generator: it cannot be pickled back


def exits_with(job, code: int) -> None:
    job.report("build", 0.3, "embedding")
    os._exit(code)                       # a crash in C code, an exit the work did not mean


def killed_while_publishing(job) -> None:
    job.before_publish()
    os.kill(os.getpid(), signal.SIGKILL)


def collect_then_hang(job, sources: list[str], raw: Path) -> None:
    """A collect that hangs for good after its fifth article (a link that never answers)."""
    from pipeline.collect.run import collect

    def progress(done: int, total: int, label: str) -> None:
        job.report("collect", done / max(total, 1), label)
        if done == 5:
            _hang(job)

    collect(sources, raw, progress=progress)


def collect_links_then_wait(job, links: list[str], raw: Path) -> None:
    """A collect of links, four fetches at once, that says HUNG once all but the last have come in."""
    from pipeline.collect.fetch import FetchSettings
    from pipeline.collect.run import CollectOptions, collect

    def progress(done: int, total: int, label: str) -> None:
        job.report("collect", done / max(total, 1), HUNG if done == total - 1 else label)

    collect(links, raw, CollectOptions(fetch=FetchSettings(min_interval=0, allow_private=True), workers=4),
            progress=progress)


def hold_the_lock_quietly(job, data: Path, pid_file: Path) -> None:
    """A build in a quiet step (a model download) holding its corpus's lock; says its pid."""
    from pipeline.lock import build_lock

    with build_lock(data):
        pid_file.write_text(str(os.getpid()))
        threading.Event().wait()


# a server that starts that build in its own process, then dies (the out-of-memory killer, say)
DYING_SERVER = """
import os, sys, time
from pathlib import Path
from newslens.job_process import in_child
from newslens.jobs import JobRegistry
from tests.test_build_process import hold_the_lock_quietly
data, pid_file = Path(sys.argv[1]), Path(sys.argv[2])
JobRegistry().start(str(data), "snapshot", "the corpus", in_child(hold_the_lock_quietly, data, pid_file), bars={})
while not pid_file.exists():
    time.sleep(0.05)
os._exit(0)
"""


# --- helpers -----------------------------------------------------------------------------------------

@pytest.fixture
def in_a_child(monkeypatch):
    monkeypatch.setenv("NEWSLENS_BUILD_PROCESS", "child")


def wait_for_bar(job, text: str) -> None:
    """Until the job's bar says ``text`` (the child got there); a guard against hanging, no limit."""
    for _ in range(600):
        if any(said == text for _, said in job.bars()):
            return
        time.sleep(0.1)
    raise AssertionError(f"the build never said {text!r}: {job.bars()}")


def build_lock_free(data: Path) -> bool:
    from pipeline.lock import BuildLocked, build_lock

    try:
        with build_lock(data):
            return True
    except BuildLocked:
        return False


# --- the child process -----------------------------------------------------------------------------

def test_a_hung_build_cancelled_stops_at_once_publishes_nothing_and_frees_its_corpus(tmp_path, in_a_child):
    """In the server's thread, a build hung at a step never saw the cancel: it kept its corpus
    locked until the server restarted, and the job never ended."""
    raw, data, before = _raw_with_one_more(tmp_path)
    registry = JobRegistry()
    job = registry.start(str(data), "snapshot", "the corpus", in_child(build_hung_while_embedding, raw, data,
                                                                       clean=lambda: loading.clean_stopped(data)),
                         bars={})
    wait_for_bar(job, HUNG)
    assert job.in_child and not build_lock_free(data)      # the hung build holds its corpus
    registry.cancel(job)
    assert job.wait(60) and job.cancelled
    assert job.error == ("Cancelled: the build of the corpus was stopped before it published anything; the "
                         "snapshot shown before stays current.")
    assert build_lock_free(data) and current_snapshot_id(data) == before
    assert sorted(p.name for p in (data / "snapshots").iterdir()) == [before]


def test_a_build_hung_while_writing_is_ended_by_the_watchdog_and_its_half_written_snapshot_removed(
        tmp_path, in_a_child):
    """A build past ``before_publish`` cannot be cancelled (it finishes), but hung there it was only
    marked given up: its thread, its lock and its half-written snapshot stayed."""
    raw, data, before = _raw_with_one_more(tmp_path)
    clock = FakeClock()
    registry = JobRegistry(stall_seconds=60, clock=clock)
    job = registry.start(str(data), "snapshot", "the corpus", in_child(build_hung_while_writing, raw, data,
                                                                       clean=lambda: loading.clean_stopped(data)),
                         bars={})
    wait_for_bar(job, HUNG)
    assert job.publishing and [p.name for p in (data / "snapshots").glob(".building-*")]
    registry.cancel(job)                            # too late: it publishes whatever comes
    assert not job.finished
    clock.now += 3600                               # quiet for an hour: the watchdog gives it up
    assert registry.stop_stalled() == [job]
    assert job.work_ended.wait(60)                  # its process ended, its leftovers removed
    assert job.given_up and job.error == (
        "Stopped: the build of the corpus made no progress for 1 minute, so it was given up and the builds "
        "waiting in line went on. It was ended while writing its snapshot: the snapshot shown before stays "
        "current, unless the new one had been made current already.")
    assert build_lock_free(data) and current_snapshot_id(data) == before
    assert sorted(p.name for p in (data / "snapshots").iterdir()) == [before]     # no staging folder left


def test_a_build_given_up_as_hung_frees_its_slot_and_its_uploads_only_once_its_process_has_ended(
        tmp_path, in_a_child):
    """The watchdog freed the job's slot and ran its ``on_end`` (removing an Add-articles run's
    uploads) at once, while its process still ran holding the corpus's lock: a rebuild clicked then
    was refused, and the collect read uploads being removed."""
    raw, data, before = _raw_with_one_more(tmp_path)
    clock = FakeClock()
    registry = JobRegistry(stall_seconds=60, clock=clock)
    lock_free_at_end = []
    job = registry.start(str(data), "snapshot", "the corpus", in_child(build_hung_while_embedding, raw, data,
                                                                       clean=lambda: loading.clean_stopped(data)),
                         bars={}, on_end=lambda ended: lock_free_at_end.append(build_lock_free(data)))
    wait_for_bar(job, HUNG)
    clock.now += 3600
    assert registry.stop_stalled() == [job]
    assert job.work_ended.wait(60) and lock_free_at_end == [True]      # (set once on_end has run)
    assert job.given_up and job.error == (
        "Stopped: the build of the corpus made no progress for 1 minute, so it was given up and the builds "
        "waiting in line went on. It published nothing; the snapshot shown before stays current.")
    assert current_snapshot_id(data) == before


def test_a_build_process_hung_before_it_reads_its_work_is_ended_on_a_cancel(tmp_path, in_a_child, monkeypatch):
    """The work was sent from the job's thread, which a child hung before it reads (an import from a
    hung network folder) held in the send once the work outgrew the pipe (a long pasted link list):
    no cancel or give-up reached it, the process was never ended and the job never ended."""
    pid_file = tmp_path / "pid"
    monkeypatch.setattr(job_process, "BOOT", f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); "
                                             "time.sleep(10 ** 6)")
    links = [f"https://example.org/{n}/{'x' * 100}" for n in range(20_000)]      # about 2.4 MB pickled
    job = JobRegistry().start(str(tmp_path), "add", "the corpus", in_child(hang_with_links, links), bars={})
    for _ in range(600):            # (a guard against hanging, no limit)
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.1)
    pid = int(pid_file.read_text())
    try:
        job.cancel()
        assert job.wait(60) and job.error.startswith("Cancelled:")
        with pytest.raises(ProcessLookupError):     # ended, and reaped
            os.kill(pid, 0)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Unkillable:
    """A process in uninterruptible sleep (a hung network read): it outlives SIGTERM and SIGKILL."""
    pid, returncode = 4242, None

    def poll(self):
        return None

    def terminate(self):
        pass

    def kill(self):
        pass

    def wait(self, timeout=None):
        if timeout is None:
            raise AssertionError("waited for good on a process the kernel does not end")
        raise subprocess.TimeoutExpired("build", timeout)


def test_a_build_process_the_kernel_does_not_end_does_not_hold_its_thread_for_good(caplog):
    """``_end`` waited for a killed process without a limit: one in uninterruptible sleep held the
    job's thread (and so its slot and its ``on_end``) for good."""
    assert job_process._end(Unkillable()) is True
    assert "build process 4242 did not end when killed" in caplog.text


def test_a_cancelled_build_in_its_process_is_not_said_to_wait_for_its_next_step(tmp_path, in_a_child):
    """Its bar said "it stops at its next step", true of a thread only: a process is stopped now."""
    job = JobRegistry().start(str(tmp_path), "snapshot", "the corpus", in_child(_hang), bars={})
    wait_for_bar(job, HUNG)
    job.cancel()            # (the job's own thread has not yet seen it)
    assert job.bars() == [(0.0, "Cancelling the build of the corpus: its process is being stopped.")]
    assert job.wait(60)


def test_a_build_process_killed_from_outside_is_said_in_one_line(tmp_path, in_a_child):
    job = JobRegistry().start(str(tmp_path), "snapshot", "the corpus", in_child(killed_from_outside), bars={})
    assert job.wait(60)
    assert job.error == ("The build of the corpus stopped: its process was killed (signal 9), perhaps for lack "
                         "of memory. Nothing was published; the snapshot shown before stays current.")


def test_a_build_process_that_ends_well_exits_well_and_is_not_cleaned_up_after(tmp_path, in_a_child):
    """Its watch on the server (a daemon thread reading its stdin) made the interpreter abort at
    exit: each finished build was then taken for one ended midway and cleaned up after."""
    cleaned = []
    raw, data = _write_raw(tmp_path / "raw"), tmp_path / "data"
    job = JobRegistry().start(str(data), "snapshot", "the corpus",
                              in_child(loading._build_job, raw, data, "hashing-64", "the corpus",
                                       clean=lambda: cleaned.append(True)), bars={})
    assert job.work_ended.wait(60) and job.error is None and cleaned == []


def test_a_build_whose_result_cannot_be_passed_back_is_not_said_to_have_published_nothing(tmp_path, in_a_child):
    """Its process exited with code 1 on the unpicklable result, shown as "perhaps for lack of memory.
    Nothing was published" while its snapshot was current."""
    out = tmp_path / "published"
    job = JobRegistry().start(str(tmp_path), "snapshot", "the corpus", in_child(published_then_unpicklable, out),
                              bars={})
    assert job.wait(60) and out.read_text() == "published"
    assert "the build ended but its result could not be passed back to the server" in job.error
    assert "Nothing was published" not in job.error and "memory" not in job.error


def test_a_build_process_failing_with_an_exit_code_points_to_the_log_not_to_memory(tmp_path, in_a_child):
    job = JobRegistry().start(str(tmp_path), "snapshot", "the corpus", in_child(exits_with, 3), bars={})
    assert job.wait(60)
    assert job.error == ("The build of the corpus stopped: its process failed (exit code 3); the server's log says "
                         "why. Nothing was published; the snapshot shown before stays current.")
    publishing = JobRegistry().start(str(tmp_path), "snapshot", "the corpus", in_child(killed_while_publishing),
                                     bars={})
    assert publishing.wait(60)
    assert publishing.error == (
        "The build of the corpus stopped: its process was killed (signal 9), perhaps for lack of memory. It was "
        "writing its snapshot: the snapshot shown before stays current, unless the new one had been made current "
        "already.")


def test_the_work_is_found_on_the_servers_import_path(tmp_path, in_a_child, monkeypatch):
    """A page's module importable only through the server's ``sys.path`` (Streamlit's script folder):
    the child unpickled the work before taking that path, and failed with "No module named"."""
    (tmp_path / "work_on_server_path.py").write_text("def doubled(job, n):\n    return 2 * n\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import work_on_server_path

    job = JobRegistry().start(str(tmp_path), "snapshot", "the corpus", in_child(work_on_server_path.doubled, 21),
                              bars={})
    assert job.wait(60) and job.error is None and job.in_child and job.result == 42


def test_a_collect_cancelled_in_its_process_keeps_the_rows_of_the_articles_it_collected(tmp_path, in_a_child):
    """Ended by a signal, the collect's ``finally`` never ran: the five articles' files stayed in the
    raw folder without their metadata rows (url, title, date) nor log lines, undated at the next build."""
    export = tmp_path / "export.csv"
    export.write_text("url,title,date,text\n" + "".join(
        f"https://news.example/desertion-{i},Deserter {i} detained,2024-03-1{i},"
        f"\"Soldier {i} left his unit in March and was detained by the military police a week later.\"\n"
        for i in range(8)), encoding="utf-8")
    raw = tmp_path / "raw"
    registry = JobRegistry()
    job = registry.start(str(raw), "add", "the corpus", in_child(collect_then_hang, [str(export)], raw), bars={})
    wait_for_bar(job, HUNG)
    registry.cancel(job)
    assert job.wait(60) and job.cancelled
    files = sorted(str(p.relative_to(raw)) for p in (raw / "text").rglob("*.txt"))
    assert len(files) == 5
    rows = pd.read_csv(raw / "metadata.csv", dtype=str).sort_values("file")
    assert list(rows["file"]) == files
    assert list(rows["url"]) == [f"https://news.example/desertion-{i}" for i in range(5)]
    assert list(rows["published"]) == [f"2024-03-1{i}" for i in range(5)]
    logged = [json.loads(line)["file"] for line in (raw / ".collect" / "log.jsonl").read_text().splitlines()]
    assert sorted(logged) == files


class TwoSites:
    """Two local sites: one serves its report pages at once, the other never answers (until closed)."""

    def __init__(self):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        from tests.collect_site import news_page

        self.closing = closing = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path == "/robots.txt":
                    body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
                else:
                    if self.headers["Host"].startswith("localhost"):
                        closing.wait()
                    n = self.path.strip("/")
                    body = news_page(f"Deserter {n} detained", "2024-03-12", "A. Writer", [
                        f"Soldier {n} left his unit in March and was detained by the military police a week later,"
                        " his relatives said; the unit's commander has not confirmed the account."] * 3).encode()
                    kind = "text/html; charset=utf-8"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        port = self.server.server_address[1]
        self.fast = [f"http://127.0.0.1:{port}/{n}" for n in range(3)]
        self.hung = f"http://localhost:{port}/3"

    def close(self):
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()


def test_a_collect_cancelled_while_a_fetch_hangs_keeps_the_rows_of_the_pages_it_collected(
        tmp_path, in_a_child, monkeypatch):
    """The cancel reached the collect while it waited for the fetches under way, which it went on
    waiting for (up to the fetch timeout, 20 s) after the grace before the kill: the pages fetched
    before stayed without their rows, as when the process was killed at once."""
    from newslens import job_process

    monkeypatch.setattr(job_process, "TERM_SECONDS", 1.0)   # (read in this process: the grace before the kill)
    sites, raw = TwoSites(), tmp_path / "raw"
    try:
        registry = JobRegistry()
        job = registry.start(str(raw), "add", "the corpus",
                             in_child(collect_links_then_wait, [sites.hung, *sites.fast], raw), bars={})
        wait_for_bar(job, HUNG)
        registry.cancel(job)
        assert job.wait(60) and job.cancelled
    finally:
        sites.close()
    rows = pd.read_csv(raw / "metadata.csv", dtype=str)
    assert sorted(rows["url"]) == sites.fast
    assert sorted(rows["file"]) == sorted(str(p.relative_to(raw)) for p in (raw / "web").rglob("*.html"))


def test_a_build_process_ends_with_its_server_and_frees_its_corpus(tmp_path, in_a_child):
    """Orphaned in a quiet step, it kept the corpus's build lock for good: after a restart every
    build of that corpus was refused ("another build (pid N) is writing into ...")."""
    import subprocess
    import sys

    data, pid_file = tmp_path / "data", tmp_path / "pid"
    data.mkdir()
    with open(tmp_path / "server.log", "w") as log:       # (not a pipe: the orphan would hold it open)
        server = subprocess.run([sys.executable, "-c", DYING_SERVER, str(data), str(pid_file)],
                                cwd=Path(__file__).resolve().parent.parent, stdout=log, stderr=log)
    assert server.returncode == 0, (tmp_path / "server.log").read_text()
    try:
        for _ in range(600):            # a guard against hanging, no limit
            if build_lock_free(data):
                break
            time.sleep(0.1)
        assert build_lock_free(data)
    finally:
        try:
            os.kill(int(pid_file.read_text()), signal.SIGKILL)      # the orphan, if the test failed
        except (ProcessLookupError, ValueError):
            pass


def test_a_build_in_its_own_process_reports_its_bar_and_its_refusal_as_in_the_thread(tmp_path, in_a_child):
    raw, data = _write_raw(tmp_path / "raw"), tmp_path / "data"
    job = JobRegistry().start(str(data), "snapshot", "the corpus",
                              in_child(loading._build_job, raw, data, "hashing-64", "the corpus"), bars={})
    assert job.wait(60) and job.error is None and job.in_child
    assert job.result == current_snapshot_id(data) and job.bars() == [(1.0, "Built the corpus.")]
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = JobRegistry().start(str(tmp_path / "other"), "snapshot", "the corpus",
                                  in_child(loading._build_job, empty, tmp_path / "other", "hashing-64", "the corpus"),
                                  bars={}, errors=(loading.SnapshotError,))
    assert refused.wait(60) and refused.error == (f"the raw corpus folder {empty} is missing or empty; add articles "
                                                  "and run `python -m pipeline build`")


def test_a_frozen_app_builds_in_its_thread(tmp_path, in_a_child, monkeypatch):
    """A frozen app's ``sys.executable`` is the app: ``-c`` started the app again, not a build."""
    import sys

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    raw, data = _write_raw(tmp_path / "raw"), tmp_path / "data"
    job = JobRegistry().start(str(data), "snapshot", "the corpus",
                              in_child(loading._build_job, raw, data, "hashing-64", "the corpus"), bars={})
    assert job.wait(60) and job.error is None and not job.in_child
    assert job.result == current_snapshot_id(data)


def test_a_bad_build_process_setting_says_which_setting(monkeypatch):
    from newslens import config

    monkeypatch.setenv("NEWSLENS_BUILD_PROCESS", "fork")
    with pytest.raises(ValueError, match="NEWSLENS_BUILD_PROCESS must be child or thread, not 'fork'"):
        config.build_in_child()


# --- a first start's build, cancelled -----------------------------------------------------------------

def test_a_first_start_build_can_be_cancelled_and_built_again_on_a_click(tmp_path, held):  # noqa: F811
    """Before, a first start's build had no Cancel (it would only have started again on the next run)."""
    raw, data = _write_raw(tmp_path / "raw"), tmp_path / "data"
    env = {"NEWSLENS_RAW": str(raw), **HASHING}
    at = run_app(data, env=env)
    assert "Welcome to NewsLens" in visible_text(at)
    [cancel] = [b for b in at.button if b.label == "Cancel this build"]
    cancel.click().run()
    held.release()
    at = finish_jobs(at)
    said = html.unescape(visible_text(at))
    assert f"The build of the articles in {raw} was cancelled before it published anything" in said
    assert "stays current" not in said                # there was no snapshot before
    assert not at.exception and current_snapshot_id(data) is None
    other = run_app(data, env=env)                    # another tab: no build starts by itself
    assert "was cancelled" in html.unescape(visible_text(other)) and held.calls == 1
    assert not (data / "snapshots").is_dir() or not any((data / "snapshots").iterdir())
    assert other.button(key="nl_first_build").label == "Build it now"      # not the server's folder, unescaped
    other.button(key="nl_first_build").click().run()
    assert held.calls == 2
    other = finish_jobs(other)
    assert "Timeline of reports" in visible_text(other)


def test_a_first_start_given_up_says_the_minutes_it_was_given_up_after(tmp_path, held):  # noqa: F811
    """The panel read the stall setting again: a setting changed since the server started (or a
    registry made with another one) gave minutes the build was not given up after."""
    from newslens.ui.jobs import registry

    raw, data = _write_raw(tmp_path / "raw"), tmp_path / "data"
    env = {"NEWSLENS_RAW": str(raw), **HASHING}
    at = run_app(data, env=env)
    [job] = [j for j in registry().running() if j.folder == str(data)]
    job.last_step -= 2 * registry().stall_seconds          # quiet for twice the stall time
    assert job in registry().stop_stalled()
    minutes = registry().stall_seconds / 60
    at = run_app(data, env={**env, "NEWSLENS_BUILD_STALL_MINUTES": str(minutes + 7)})
    held.release()
    assert f"made no progress for {minutes:g} minutes and was stopped" in html.unescape(visible_text(at))


def test_an_add_articles_run_collects_before_it_loads_the_model_and_loads_none_when_nothing_is_new(
        tmp_path, monkeypatch):
    """The run loaded the model before it fetched its first link (10-30 s in a fresh process, with no
    step said), and also when nothing new came in and nothing was built."""
    from newslens import embedder
    from newslens.corpora import Corpus
    from newslens.ui import add_articles
    from pipeline import build

    said = []
    for module in (embedder, build):
        monkeypatch.setattr(module, "load_embedder", lambda *args, _load=module.load_embedder, **kwargs: (
            said.append("model loaded"), _load(*args, **kwargs))[1])

    class Steps:        # the job the run reports to
        def report(self, bar: str, fraction: float, text: str) -> None:
            said.append(bar)

        def before_publish(self) -> None:
            pass

    corpus, upload = Corpus("alpha", tmp_path / "alpha"), tmp_path / "report.txt"
    upload.write_text("Deserter detained near the border\n\nA soldier who left his unit in March was detained by "
                      "the military police a week later, his relatives said.\n", encoding="utf-8")
    add_articles._collect_job(Steps(), corpus, [], [upload], None, "hashing-64", None)
    assert said.index("collect") < said.index("model loaded") and current_snapshot_id(corpus.processed)
    said.clear()
    add_articles._collect_job(Steps(), corpus, [], [upload], None, "hashing-64", None)     # nothing new
    assert "collect" in said and "model loaded" not in said
