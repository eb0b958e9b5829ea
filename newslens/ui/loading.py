"""Loading the snapshot and model (cached per snapshot id), the first-run build, error screens."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Iterable

import streamlit as st

from newslens import config
from newslens.embedder import EmbedSetup, Embedder, load_embedder, model_variant, query_setup_for, warm_embedder
from newslens.job_process import in_child
from newslens.jobs import Job, duration_text
from newslens.safe import escape_text
from newslens.schema import SnapshotFile
from newslens.store import BUILD_HINT, Snapshot, SnapshotError, current_snapshot_id, load_snapshot, recorded_build
from newslens.ui import access, corpus, jobs

SAMPLE_WHAT = "the sample corpus"
SNAPSHOT_JOB = "snapshot"     # the kind of job that (re)builds the data folder shown


def ids_key(ids: Iterable[str]) -> str:
    """A short cache key for a set of article ids in order: Streamlit hashes a 100k-id tuple
    element by element (seconds per rerun); this is one C pass."""
    return hashlib.sha1("\x1f".join(map(str, ids)).encode("utf-8")).hexdigest()


def data_dir() -> Path:
    """Snapshots of the corpus being shown (the sample's, or a user corpus')."""
    return corpus.data_dir()


def raw_dir() -> Path:
    return corpus.raw_dir()


@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_snapshot(data_dir: str, snapshot_id: str) -> Snapshot:
    # Keyed by snapshot id: a new build is picked up on the next rerun, pages share one copy.
    return load_snapshot(data_dir, snapshot_id)


@st.cache_resource(show_spinner="Loading the embedding model…")
def cached_embedder(model_name: str, backend: str | None = None, precision: str | None = None,
                    variant: str = "") -> Embedder:
    # ``variant`` (embedder.model_variant) is only part of the cache key: the multilingual model
    # with a centre edited since it was cached is another model.
    setup = EmbedSetup(backend, precision) if backend and precision else None
    return load_embedder(model_name, setup)


def query_embedder(snapshot: Snapshot) -> Embedder:
    """The snapshot's model in a setup compatible with how its vectors were computed."""
    setup = query_setup_for(snapshot.embed_setup)
    return cached_embedder(snapshot.model_name, setup.backend, setup.precision, model_variant(snapshot.model_name))


@st.cache_resource(show_spinner=False)
def _warming(model_name: str, backend: str, precision: str) -> bool:
    warm_embedder(model_name, EmbedSetup(backend, precision))
    return True


def warm_query_embedder(snapshot: Snapshot) -> None:
    """Start loading the query model in the background (once per process), so the first search
    does not wait for it; ``query_embedder`` then returns the same, already loaded, model."""
    setup = query_setup_for(snapshot.embed_setup)
    _warming(snapshot.model_name, setup.backend, setup.precision)


def snapshot_state() -> tuple[Snapshot | None, str | None]:
    """``(snapshot, None)`` or ``(None, one-line reason with the fixing command)``; never raises."""
    directory = str(data_dir())
    try:
        snapshot_id = current_snapshot_id(directory)
        if snapshot_id is None:
            return None, f"no snapshot in {directory}; build one with `{BUILD_HINT}`"
        try:
            return _cached_snapshot(directory, snapshot_id), None
        except SnapshotError:
            # A build may have replaced (and pruned) it between reading CURRENT and loading.
            again = current_snapshot_id(directory)
            if again is None or again == snapshot_id:
                raise
            return _cached_snapshot(directory, again), None
    except SnapshotError as exc:
        return None, str(exc)


def has_any_snapshot(directory: Path | None = None) -> bool:
    """True when the data folder has a CURRENT marker or any snapshot folder (even a broken one).

    The first-run build only happens when this is False: a corrupt snapshot is never overwritten
    without the user asking.
    """
    directory = directory or data_dir()
    if (directory / SnapshotFile.CURRENT).exists():
        return True
    snapshots = directory / SnapshotFile.SNAPSHOTS_DIR
    return snapshots.is_dir() and any(p.is_dir() and not p.name.startswith(".") for p in snapshots.iterdir())


def render_snapshot_error(message: str) -> None:
    if config.read_only():
        # A shared server: no server paths or commands for visitors; the details are in the CLI.
        st.error("**No usable snapshot.** The corpus has not been published yet, or it is damaged. "
                 "Ask the administrator to run the build.", icon=":material/error:")
        return
    st.error(f"**No usable snapshot.** {escape_text(message)}", icon=":material/error:")
    st.caption("Run this in the project folder, then reload the page:")
    st.code(f"{BUILD_HINT} --raw {raw_dir()} --out {data_dir()}", language="bash")


def ensure_frame() -> None:
    """Make sure a page runs inside app.py's frame (sidebar, filters, presentation mode).

    On a server process's very first run Streamlit still treats ``pages/`` as a legacy multipage
    folder, so a deep link (``/articles?article=...``) would run the page file alone. Clearing
    that flag - exactly what ``st.navigation`` in app.py does - and rerunning makes app.py run
    and route to the same page.

    No public option replaces this (checked in Streamlit 1.67): the legacy mode is decided only by
    whether a ``pages/`` folder sits beside the entrypoint (``PagesManager.__init__``);
    ``client.showSidebarNavigation`` only hides the page menu, and ``st.navigation`` takes over only
    once app.py has run - which a deep link's first run never does. Renaming the folder would
    remove the need; the project's agreed layout keeps ``pages/``.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def get_snapshot() -> Snapshot | None:
    """The current snapshot, or ``None`` after showing a clear error with the command that fixes it."""
    ensure_frame()
    snapshot, error = snapshot_state()
    if snapshot is None:
        render_snapshot_error(error or "unknown problem")
    return snapshot


def build_corpus_snapshot(raw: Path, out: Path, model: str, what: str = SAMPLE_WHAT,
                          progress: Callable[[float, str], None] | None = None,
                          before_publish: Callable[[], None] | None = None) -> str:
    """Build the corpus ``what`` names (the bundled sample on a first start), reporting one bar's
    position and text to ``progress``; return the new snapshot id. Runs in a background job
    (``start_snapshot_build``): no ``st.*`` here. ``before_publish``: as ``build_snapshot``.

    Raises ``SnapshotError`` with a user-facing message when the build cannot run.
    """
    report = progress or (lambda fraction, text: None)
    if not raw.is_dir() or not any(raw.iterdir()):
        raise SnapshotError(f"the raw corpus folder {raw} is missing or empty; add articles and run `{BUILD_HINT}`")
    from pipeline.build import (
        build_snapshot,  # the one place the UI calls the pipeline (heavy import)
    )

    report(0.0, f"Preparing {what}…")

    def on_stage(stage: str, done: int, total: int) -> None:
        report(*build_progress(stage, done, total, what=what))

    try:
        result = build_snapshot(raw, out, model, progress=on_stage, before_publish=before_publish)
    except SnapshotError:
        raise
    except Exception as exc:  # BuildError, ModelLoadError: their messages are written for users
        known = type(exc).__name__ in {"BuildError", "ModelLoadError"}
        detail = str(exc) if known else f"{type(exc).__name__}: {str(exc)[:200]}"
        raise SnapshotError(f"building {what} failed: {detail}") from None
    report(1.0, f"Built {what}.")
    return result.snapshot_id


def _build_job(job: Job, raw: Path, out: Path, model: str, what: str) -> str:
    """``build_corpus_snapshot`` reporting to ``job`` (a module-level function: it runs in the
    build's own process, ``newslens.job_process``)."""
    return build_corpus_snapshot(raw, out, model, what, progress=lambda f, text: job.report("build", f, text),
                                 before_publish=job.before_publish)


def clean_stopped(out: Path) -> None:
    """What a build ended midway left in ``out`` goes (``in_child``'s ``clean``; heavy import here)."""
    from pipeline.build import clean_stopped_build

    clean_stopped_build(out)


def start_snapshot_build(raw: Path, model: str, what: str, *, owner: str | None) -> Job:
    """Build the shown corpus's data folder in the background (or join the build running there).
    ``owner``: ``access.build_owner()`` for a build a visitor asked for; None for the automatic first
    start, which no one asked for (anyone signed in may cancel it, not only whoever opened the page)."""
    out = data_dir()      # read here: the worker has no session to ask which corpus is shown
    return jobs.start(out, SNAPSHOT_JOB, what, in_child(_build_job, raw, out, model, what,
                                                        clean=lambda: clean_stopped(out)),
                      bars={"build": f"Preparing {what}…"}, errors=(SnapshotError,), owner=owner)


def first_build_what() -> str:
    """What a first start builds: the bundled sample, or the articles $NEWSLENS_RAW names (a
    researcher's own scrape read "Building the bundled sample corpus")."""
    return SAMPLE_WHAT if config.SETTINGS["raw_dir"].at_default() else f"the articles in {config.raw_dir()}"


def render_build(job: Job) -> None:
    """A build of the data folder shown, running on the server: who it is for and its live bar."""
    if has_any_snapshot():
        st.title("Rebuilding the snapshot")
        st.write(f"Building {escape_text(job.what)} again from its raw folder.")
    else:
        st.title("Welcome to NewsLens")
        st.write("No corpus has been built yet. Building the bundled sample corpus once; "
                 "this takes a minute, later starts are instant." if job.what == SAMPLE_WHAT else
                 f"Building {escape_text(job.what)} for the first time.")
    st.caption("The build runs on the server: closing or reloading this tab does not stop it, and "
               "any tab opened meanwhile shows its progress.")
    jobs.render_progress(job)
    jobs.render_cancel(job)     # a first start's too: it then waits for a click (``render_first_stopped``)


def first_build_stopped(job: Job | None) -> bool:
    """Whether the data folder's last build was cancelled or given up before it published."""
    return job is not None and job.finished and job.cancelled and job.error is not None


def render_first_stopped(job: Job) -> None:
    """A first start whose build was cancelled or given up: said, with a button that builds it. Not
    started again by itself (the next run of any tab would undo the cancel); a server restart does."""
    st.title("Welcome to NewsLens")
    why = (f"made no progress for {duration_text(job.stalled_after)} and was stopped" if job.given_up
           else "was cancelled")
    st.warning(f"**No corpus built yet.** The build of {escape_text(job.what)} {why} before it published "
               "anything, so there is nothing to show. Build it when you are ready.", icon=":material/cancel:")
    # (what it builds is said above, escaped: a label renders Markdown, and names the server's folder)
    if st.button("Build it now", key="nl_first_build", icon=":material/build:"):
        start_snapshot_build(config.raw_dir(), config.default_model(), first_build_what(),
                             owner=access.build_owner())
        st.rerun()


# The build's stages and the share of the bar each gets (embedding dominates).
_BUILD_STAGES = {"ingest": (0.0, 0.1, "reading articles"), "split": (0.1, 0.25, "splitting paragraphs"),
                 "embed": (0.25, 0.95, "embedding paragraphs"), "stories": (0.95, 0.96, "grouping stories"),
                 "lenses": (0.96, 0.97, "scoring topic lenses"),
                 "write": (0.97, 1.0, "writing the snapshot")}


def build_progress(stage: str, done: int, total: int, what: str = SAMPLE_WHAT) -> tuple[float, str]:
    """One overall bar position and a line of text from the build's per-stage progress."""
    low, high, words = _BUILD_STAGES.get(stage, (0.0, 1.0, stage))
    share = min(1.0, done / total) if total else 0.0
    # the first batch waits for the model to load (10-30 s on a first start): say so, not a bar at "0 of N"
    waiting = "; the first batch waits for the model to load" if stage == "embed" and done == 0 and total else ""
    return low + (high - low) * share, f"Building {what}: {words} ({done:,} of {total:,}{waiting})"


def ensure_snapshot() -> Snapshot | None:
    """Load the current snapshot; on a first start (no snapshot at all) build the sample corpus.

    A missing raw folder, or a corrupt or empty snapshot, shows a clear message with the fixing
    command and a button that rebuilds on request; it returns ``None`` then. Builds run in a
    background job: while one runs for this data folder, every tab shows its progress instead.
    """
    snapshot, error = snapshot_state()
    if snapshot is not None:
        return snapshot
    if config.read_only():
        # A shared server never builds: snapshots are published from a shell (README, "Running it
        # for a team").
        render_snapshot_error(error or "unknown problem")
        return None
    job = jobs.job_for(data_dir())
    if job is not None and not job.finished:
        render_build(job)
        return None
    failed = next((j.error for j in jobs.take_finished([job]) if j.error), None)   # shown once
    first = not has_any_snapshot() and corpus.active_corpus() is None
    if first and first_build_stopped(job):
        render_first_stopped(job)
        return None
    if first and failed is None:
        start_snapshot_build(config.raw_dir(), config.default_model(), first_build_what(), owner=None)
        st.rerun()
    render_snapshot_error(failed if first else (error or "unknown problem"))
    if first:
        return None
    if failed:
        st.error(escape_text(failed), icon=":material/error:")
    if st.button("Rebuild the snapshot from the raw corpus", key="nl_rebuild", icon=":material/build:"):
        active = corpus.active_corpus()
        # the corpus shown, with the model it was built with where its manifest still says (a user
        # corpus's rebuild read "Building the sample corpus" and took the default model)
        what = f"'{active.name}'" if active else (SAMPLE_WHAT if corpus.default_label() == corpus.SAMPLE_LABEL
                                                  else f"the corpus in {data_dir()}")
        recorded_raw, recorded_model = recorded_build(data_dir())
        # the raw folder the corpus shown was built from (the sample's default one is another
        # corpus's with $NEWSLENS_DATA: a click would publish the sample over it)
        raw = recorded_raw if recorded_raw is not None and recorded_raw.is_dir() else raw_dir()
        start_snapshot_build(raw, recorded_model or config.default_model(), what, owner=access.build_owner())
        st.rerun()
    return None
