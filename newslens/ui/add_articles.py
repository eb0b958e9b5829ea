"""Streamlit side of the "Add articles" page: staging uploads, progress bars, the results panel.

The work itself is the pipeline's (``pipeline.collect``): planning sources, polite fetching,
writing into the corpus' raw folder, the atomic build. Nothing here executes an uploaded file:
uploads are checked (extension and content, size cap) and stored as data under safe names.
"""
from __future__ import annotations

import logging
import shutil
import uuid
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import streamlit as st

from newslens import config, queued_runs
from newslens.corpora import Corpus
from newslens.job_process import in_child
from newslens.jobs import Job
from newslens.safe import escape_text
from newslens.ui import access, jobs
from newslens.ui.corpus import set_active_corpus
from newslens.ui.loading import build_progress, clean_stopped

KEY_STAGING = "nl_add_staging"
KEY_RESULT = "nl_add_result"
KEY_SEEN = "nl_add_seen"              # runs this tab showed but did not start: id -> what
KEY_NOTICE = "nl_add_notice"          # the last run's outcome, shown on the timeline until dismissed
KEY_ERROR = "nl_add_error"            # a run that could not start writing, shown once
KEY_STOPPED = "nl_add_stopped"        # a run cancelled or given up as hung, shown once
KEY_ENDED = "nl_add_ended"            # how another person's run this tab cancelled ended, shown once
ADD_JOB = "add"                       # the kind of background job of this page
# a run cancelled once it was publishing its snapshot (``Job.before_publish``): it could not be stopped
LATE_CANCEL = "It was publishing its snapshot when it was cancelled, so it finished."
MAX_PROBLEMS_SHOWN = 100
# said when a collect run is cancelled or given up after it began (collected files are not taken back)
COLLECTED_KEPT = "Articles it had already collected stay in the corpus and go into its next build."

log = logging.getLogger(__name__)


def stage_uploads(files: list[Any]) -> tuple[list[Path], list[str]]:
    """Check and store each uploaded file in a new private temporary folder, for this run of the
    page to plan and copy into a corpus; (stored paths, one plain error per refused file). The
    uploader hands every file to each run, so the previous run's folder goes first."""
    from pipeline.collect.items import SourceError
    from pipeline.collect.uploads import new_staging_folder, store_upload

    drop_staged()
    if not files:
        return [], []
    folder = new_staging_folder(config.upload_max_age_seconds())
    st.session_state[KEY_STAGING] = str(folder)
    stored, errors = [], []
    for upload in files:
        try:
            stored.append(store_upload(upload.name, upload.getvalue(), folder))
        except SourceError as exc:
            errors.append(str(exc))
    return stored, errors


def drop_staged() -> None:
    """Remove this session's temporary folder of uploads: planned and, on a click, copied into the
    corpus, they are not read again (what a run reports names the corpus' copies)."""
    folder = st.session_state.pop(KEY_STAGING, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def move_into(corpus: Corpus, staged: list[Path]) -> list[Path]:
    """Move staged uploads into the corpus (a hidden folder the build never reads as articles)."""
    corpus.uploads.mkdir(parents=True, exist_ok=True)
    moved = []
    for path in staged:
        target = corpus.uploads / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        moved.append(target)
    return moved


class CollectBars:
    """Two bars of a background job: collecting (items) and building (the build's stages)."""

    BARS = {"collect": "Collecting…", "build": "The build starts when collecting is done."}

    def __init__(self, job: Job, corpus_name: str):
        self.job, self.name = job, corpus_name

    def collect(self, done: int, total: int, label: str) -> None:
        fraction = min(1.0, done / total) if total else 1.0
        text = f"Collecting {min(done + 1, total)} of {total}: {label}" if label != "done" else \
            f"Collected {total} item(s)."
        self.job.report("collect", fraction, text[:160])

    def build(self, stage: str, done: int, total: int) -> None:
        self.job.report("build", *build_progress(stage, done, total, what=f"'{self.name}'"))


def result_record(corpus: Corpus, result: Any) -> dict[str, Any]:
    """What the results panel shows, kept in session state across the rerun that switches corpus."""
    from pipeline.collect.items import problem_rows

    report = result.collect
    return {"corpus": corpus.name, "summary": report.summary_lines(details=False),
            "problems": problem_rows(report.outcomes),
            "collected": [{"title": o.title or "", "source": o.source, "file": o.file or ""}
                          for o in report.collected],
            "build": result.build.summary_lines()[:2] if result.build is not None else [],
            "build_error": result.build_error, "built": result.build is not None}


def render_result(record: dict[str, Any]) -> None:
    """The outcome of the last run: what came in, what failed and why, the way to the new snapshot."""
    name = record["corpus"]
    if record["build_error"]:
        st.error(f"**The build failed; nothing was lost.** {escape_text(record['build_error'])} "
                 "The collected files stay in the corpus and the previous snapshot (if any) is still shown.",
                 icon=":material/error:")
    elif record["built"]:
        st.success(f"**{escape_text(name)}** is built and is now the corpus shown in every view.",
                   icon=":material/check_circle:")
        st.page_link("pages/timeline.py", label=f"Open the timeline of {name}", icon=":material/timeline:")
    for line in record["summary"]:
        st.markdown(escape_text(line))
    if record["collected"]:
        st.dataframe(pd.DataFrame(record["collected"]), hide_index=True, width="stretch", key="nl_add_collected")
    if record["problems"]:
        st.markdown("**Not collected, and why**")
        shown = record["problems"][:MAX_PROBLEMS_SHOWN]
        st.markdown("\n".join(f"- {escape_text(p['details'] or p['source'])}" for p in shown))
        if len(record["problems"]) > len(shown):
            st.caption(f"… and {len(record['problems']) - len(shown):,} more, listed in the corpus' "
                       ".collect/log.jsonl")


def rebuild(corpus: Corpus, model: str, load: Callable[[], Any], job: Job | None = None) -> dict[str, Any]:
    """Build the corpus again from its raw folder with another model (nothing is collected); a
    failure, also of loading the model (``load``), publishes nothing and leaves the previous
    snapshot current. The summary says what was embedded and what came from the cache. Runs in
    the background ``job`` (``start_rebuild``)."""
    from newslens.embedder import ModelLoadError
    from pipeline.build import BuildError, build_snapshot

    def progress(stage: str, done: int, total: int) -> None:
        if job is not None:
            job.report("build", *build_progress(stage, done, total, what=f"'{corpus.name}' with {model}"))

    record = {"corpus": corpus.name, "summary": [], "problems": [], "collected": [], "build": [],
              "build_error": None, "built": False}
    try:
        report = build_snapshot(corpus.raw, corpus.processed, model, progress=progress, embedder=load(),
                                before_publish=job.before_publish if job is not None else None)
    except (BuildError, ModelLoadError) as exc:
        record["build_error"] = str(exc)
        return record
    counts = report.counts
    record["build"] = report.summary_lines()[:2]
    record["summary"] = [f"Built again with {model}: {counts['embedded']:,} paragraphs embedded, "
                         f"{counts['cached']:,} taken from its cache.", *record["build"]]
    record["built"] = True
    return record


def _collect_job(job: Job, corpus: Corpus, links: list[str], files: list[Path], options: Any, model: str,
                 sample_raw: Path | None) -> dict[str, Any]:
    """Collect ``links`` and ``files`` into ``corpus`` (with the bundled sample from ``sample_raw``,
    if not yet in) and build it, reporting to ``job``; the results panel's record. Module-level: it
    runs in the build's own process (``newslens.job_process``). The build loads the model itself,
    once collecting is done and only if something new came in (and then only when a paragraph needs
    embedding): loaded up front, a fresh process spent 10-30 s on it before the first link, for
    nothing when nothing was new. In the server's thread the build takes the searches' copy."""
    from pipeline.collect.corpora import SAMPLE_FOLDER, add_sample, collect_and_build

    if sample_raw is not None and not (corpus.raw / SAMPLE_FOLDER).is_dir():
        add_sample(corpus, sample_raw)
    bars = CollectBars(job, corpus.name)
    result = collect_and_build(corpus, links, files, options=options, model=model,
                               collect_progress=bars.collect, build_progress=bars.build,
                               before_publish=job.before_publish)
    return result_record(corpus, result)


def _rebuild_job(job: Job, corpus: Corpus, model: str) -> dict[str, Any]:
    from newslens.embedder import load_embedder

    return rebuild(corpus, model, lambda: load_embedder(model), job)


def _collect_work(corpus: Corpus, request: dict[str, Any]) -> Callable[[Job], dict[str, Any]]:
    """Collect and build ``request`` into ``corpus``. The settings are read here, in the page's run:
    the worker has no session (nor, under test, the page's environment)."""
    from pipeline.collect.fetch import FetchSettings
    from pipeline.collect.run import CollectOptions

    options = CollectOptions(fetch=FetchSettings(allow_private=config.collect_allow_private()),
                             telegram_username=request["telegram_username"] or None)
    sample_raw = config.raw_dir() if request["with_sample"] else None
    return in_child(_collect_job, corpus, request["links"], [Path(f) for f in request["files"]], options,
                    request["model"], sample_raw, clean=lambda: clean_stopped(corpus.processed))


def _rebuild_work(corpus: Corpus, request: dict[str, Any]) -> Callable[[Job], dict[str, Any]]:
    return in_child(_rebuild_job, corpus, request["model"], clean=lambda: clean_stopped(corpus.processed))


def _forget_unstarted(corpus: Corpus, request: dict[str, Any]) -> None:
    """A run that never began (cancelled in line): its uploads' copies go, and a new corpus it
    created stays only if something else is in it (empty folders only are removed)."""
    for folder in {Path(f).parent for f in request["files"]}:
        if folder.parent == corpus.uploads:
            shutil.rmtree(folder, ignore_errors=True)
    for empty in (corpus.uploads, corpus.raw, corpus.processed, corpus.folder):
        try:
            empty.rmdir()
        except OSError:
            pass        # not empty (or not there): kept


def _start_request(corpus: Corpus, request: dict[str, Any], token: str, *, watched: bool = True) -> Job:
    """Start ``request`` in the background, kept on disk until it ends (``newslens.queued_runs``),
    so a server stopped while it waits does not lose it."""
    from pipeline.lock import CollectLocked

    root = corpus.folder.parent
    kind = request["kind"]
    what = f"'{corpus.name}'" if kind == queued_runs.COLLECT else f"'{corpus.name}' with {request['model']}"
    inner = {queued_runs.COLLECT: _collect_work, queued_runs.REBUILD: _rebuild_work}[kind](corpus, request)

    def work(job: Job) -> dict[str, Any]:
        queued_runs.mark_running(root, request)
        return inner(job)

    def on_end(job: Job) -> None:
        queued_runs.remove(root, request["id"])
        if not job.started:
            _forget_unstarted(corpus, request)

    bars = CollectBars.BARS if kind == queued_runs.COLLECT else {"build": f"Building {what}…"}
    queued_runs.save(root, request)
    # CollectLocked: another run is writing into this corpus right now
    job = jobs.start(corpus.processed, ADD_JOB, what, work, bars=bars, errors=(CollectLocked,),
                     token=token, on_end=on_end, watched=watched,
                     kept=COLLECTED_KEPT if kind == queued_runs.COLLECT else "", owner=request.get("owner"))
    if job.token != token:
        queued_runs.remove(root, request["id"])
    return job


def start_collect(corpus: Corpus, links: list[str], staged: list[Path], *, model: str,
                  telegram_username: str | None = None, with_sample: bool = False) -> Job | None:
    """Collect and build into ``corpus`` in the background: the run survives its tab, and a server
    stop while it waits in line (``resume_queued_runs``). The staged uploads are copied into the
    corpus first (the session's temporary folder may go with the tab); ``with_sample``: include the
    bundled sample, if not yet in. None, said once on the page (``render_run_error``), when a run
    into the corpus started elsewhere is going on: this one's links and files were not collected
    (a reviewer's second tab was told "built" over the first tab's 12 files, none of its own 12 in)."""
    if jobs.running_job(corpus.processed) is None:
        token = uuid.uuid4().hex
        moved = move_into(corpus, staged)
        drop_staged()       # (the tab may close before it runs again)
        request = queued_runs.new_request(queued_runs.COLLECT, corpus.name, model, links=links, files=moved,
                                          telegram_username=telegram_username, with_sample=with_sample,
                                          owner=access.build_owner())
        job = _start_request(corpus, request, token)
        if job.token == token:
            return job
    drop_staged()       # the files are still in the uploader, staged again on the next run
    st.session_state[KEY_ERROR] = (f"A run into '{corpus.name}' started elsewhere (another tab or another "
                                   "person) is going on: your links and files were not collected. They are "
                                   "still here: click Collect and build again when it has ended.")
    return None


def start_rebuild(corpus: Corpus, model: str) -> Job | None:
    """``rebuild`` in the background; None, said once on the page, when a run into the corpus started
    elsewhere is going on (a click on a page drawn before it: as ``start_collect``)."""
    token = uuid.uuid4().hex
    job = _start_request(corpus, queued_runs.new_request(queued_runs.REBUILD, corpus.name, model,
                                                         owner=access.build_owner()), token)
    if job.token == token:
        return job
    st.session_state[KEY_ERROR] = (f"A run into '{corpus.name}' started elsewhere (another tab or another person) "
                                   f"is going on: the rebuild with {model} was not started. Click it again when "
                                   "that run has ended.")
    return None


def render_running_runs() -> None:
    """The runs into any corpus going on on the server: they survive a closed tab, and any tab
    opened meanwhile shows them here, each with a button to cancel it. Only the tab that started a
    run goes on from it (its corpus' timeline); another tab that saw it is told when it has ended,
    and stays where it is (a researcher filling in her own corpus was switched to another person's
    timeline)."""
    seen = st.session_state.setdefault(KEY_SEEN, {})
    for job in jobs.registry().running():
        if job.kind == ADD_JOB:
            st.info(escape_text(f"Collecting and building {job.what}: it runs on the server, so closing or "
                                "reloading this tab does not stop it."), icon=":material/hourglass_top:")
            seen[job.id] = job.what
            jobs.render_progress(job, watching=False)
            jobs.render_cancel(job)
    for job in jobs.registry().jobs():
        if job.kind == ADD_JOB and job.finished and seen.pop(job.id, None) is not None and not jobs.is_watched(job):
            icon = ":material/check_circle:" if not job.error else \
                ":material/cancel:" if job.cancelled else ":material/info:"
            (st.warning if job.error else st.success)(escape_text(ended_text(job)), icon=icon)


def ended_text(job: Job) -> str:
    """How a run ended, for a tab that did not start it. Read off its outcome, not off whether it
    was cancelled: a cancel that came once it was publishing lets it finish (``Job.before_publish``)."""
    if job.error:
        return job.error if job.cancelled else f"The run into {job.what} ended without a build: {job.error}"
    if job.cancelled:
        return (f"The run into {job.what} has ended. {LATE_CANCEL} To see it, choose it under \"Showing\" in "
                "the sidebar.")
    return f"The run into {job.what} has ended: choose it under \"Showing\" in the sidebar to see it."


def take_finished_runs() -> None:
    """Go on as after a run in the page itself, once, in the session that started or watched it:
    built -> the new corpus' timeline with the outcome, in the session that started it; else the
    results panel here; cancelled or given up -> said so on this page. A session that only cancelled
    another person's run is told how it ended, and stays where it is."""
    for job in jobs.finished_of_kind(ADD_JOB):
        st.session_state.get(KEY_SEEN, {}).pop(job.id, None)      # (its outcome is said here, not as seen)
        if job.error:
            st.session_state[KEY_STOPPED if job.cancelled else KEY_ERROR] = job.error
            continue
        if not jobs.started_here(job):
            st.session_state[KEY_ENDED] = ended_text(job)
            continue
        record = job.result
        if job.cancelled:       # (the cancel came once it was publishing: it finished)
            record = {**record, "summary": [LATE_CANCEL, *record["summary"]]}
        st.session_state[KEY_RESULT] = record
        if record["built"]:
            set_active_corpus(record["corpus"])
            land_on_timeline(record)


@st.cache_resource(show_spinner=False)
def _resumed(corpora: str) -> list[str]:
    """Start again, once per server process, the runs a stopped server left waiting in line; the
    ids of those it started."""
    from newslens.corpora import corpus_at

    started = []
    for request in queued_runs.load(Path(corpora)):
        if request.get("state") != queued_runs.QUEUED:
            continue            # cut short while running: listed (``render_cut_short``), not run again
        try:
            corpus = corpus_at(Path(corpora), request["corpus"])
            _start_request(corpus, request, uuid.uuid4().hex, watched=False)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("queued run %s not resumed: %s", request.get("id"), exc)
            continue
        started.append(request["id"])
    return started


def resume_queued_runs() -> None:
    """The runs left waiting by a stopped server go on (app.py, every run; they start once)."""
    if not config.read_only():
        _resumed(str(config.corpora_dir()))


def render_cut_short() -> None:
    """Runs that were going on when the server stopped: nothing of them was published; what they
    collected stays in the corpus' raw folder. Each says what to add again, until dismissed. Then
    the kept runs this version cannot read, each until set aside."""
    root = config.corpora_dir()
    for name, why in queued_runs.unreadable(root):
        with st.container(border=True, key=f"nl_add_unreadable_{name}"):
            st.warning(escape_text(f"A run of Add articles kept on this server could not be read, so it was not "
                                   f"run: {why} ({queued_runs.QUEUE_FOLDER}/{name} in the corpora folder)."),
                       icon=":material/warning:")
            if st.button("Set it aside", key=f"nl_add_unreadable_aside_{name}", icon=":material/close:"):
                queued_runs.set_aside(root, name)
                st.rerun()
    for request in queued_runs.load(root):
        if request.get("state") != queued_runs.RUNNING or jobs.running_job(corpus_folder(root, request)) is not None:
            continue
        with st.container(border=True, key=f"nl_add_cut_{request['id']}"):
            st.warning(escape_text(cut_short_text(request)), icon=":material/warning:")
            again = [*request.get("links", []), *(Path(f).name for f in request.get("files", []))]
            if again:
                st.code("\n".join(again), language=None)
            if st.button("Dismiss", key=f"nl_add_cut_dismiss_{request['id']}", icon=":material/close:"):
                queued_runs.remove(root, request["id"])
                st.rerun()


def corpus_folder(root: Path, request: dict[str, Any]) -> Path:
    from newslens.corpora import corpus_at

    return corpus_at(root, request["corpus"]).processed


def cut_short_text(request: dict[str, Any]) -> str:
    if request.get("kind") == queued_runs.REBUILD:
        return (f"The rebuild of '{request['corpus']}' with {request['model']} was cut short when the server "
                "stopped; nothing was published. Start it again below.")
    return (f"The run into '{request['corpus']}' asked for on {request.get('asked', '?')[:16].replace('T', ' ')} "
            "UTC was cut short when the server stopped; nothing new was published. What it had collected is in "
            "the corpus; to finish it, add these again (links, then the files by name):")


def render_run_error() -> None:
    """A run that could not write (another run holds the corpus), that was cancelled or given up,
    or another person's run this tab cancelled that finished all the same, shown once."""
    error = st.session_state.pop(KEY_ERROR, None)
    if error:
        st.error(escape_text(error), icon=":material/lock:")
    stopped = st.session_state.pop(KEY_STOPPED, None)
    if stopped:
        st.warning(escape_text(stopped), icon=":material/cancel:")
    ended = st.session_state.pop(KEY_ENDED, None)
    if ended:
        st.success(escape_text(ended), icon=":material/check_circle:")


def land_on_timeline(record: dict[str, Any]) -> None:
    """After a successful build, go where the researcher wants to be: the new corpus' timeline,
    carrying the run's outcome (per-source errors included) as a notice there."""
    st.session_state[KEY_NOTICE] = record
    st.switch_page("pages/timeline.py")


def render_run_notice(corpus_name: str | None) -> None:
    """The last run's outcome on the timeline of the corpus it built, until dismissed: what came in,
    and each source that failed, in plain words (they are not lost on the switch of page)."""
    record = st.session_state.get(KEY_NOTICE)
    if not record or record["corpus"] != corpus_name:
        return
    with st.container(border=True, key="nl_add_notice_box"):
        st.success(f"**{escape_text(record['corpus'])}** is built: its articles are shown below and in every view.",
                   icon=":material/check_circle:")
        st.markdown("  \n".join(escape_text(line) for line in record["summary"]))
        problems = record["problems"]
        if problems:
            with st.expander(f"Not collected, and why ({len(problems):,})", expanded=True):
                shown = problems[:MAX_PROBLEMS_SHOWN]
                st.markdown("\n".join(f"- {escape_text(p['details'] or p['source'])}" for p in shown))
                if len(problems) > len(shown):
                    st.caption(f"… and {len(problems) - len(shown):,} more, listed in the corpus' "
                               ".collect/log.jsonl")
        left, right = st.columns([1, 3])
        if left.button("Dismiss", key="nl_add_notice_dismiss", icon=":material/close:"):
            st.session_state.pop(KEY_NOTICE, None)
            st.rerun()
        right.page_link("pages/add_articles.py", label="Add more articles", icon=":material/add:")
