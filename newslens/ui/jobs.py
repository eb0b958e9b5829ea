"""Streamlit side of background jobs (``newslens.jobs``): the server process's registry, live bars
any tab can watch, and the finished jobs whose outcome a session still has to show.

A session shows a job's outcome (the Timeline, the results panel, the error) once, and only if it
started the job or watched it run: a tab opened later starts afresh instead of replaying an old
failure. Only the session that started a job goes on from it (``started_here``): one that cancelled
another person's run is told how it ended, and stays where it is.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import streamlit as st

from newslens import config
from newslens.jobs import Job, JobRegistry
from newslens.safe import escape_text
from newslens.ui import access

KEY_WATCHED = "nl_jobs_watched"     # ids of the jobs this session started or saw running
KEY_STARTED = "nl_jobs_started"     # ids of the jobs this session started
POLL_SECONDS = 1.0
# A start waits this long before the page reruns, so a build refused at once (an empty raw folder,
# a model that cannot load) shows its message without a flash of a progress bar.
QUICK_SECONDS = 0.5
STALL_CHECK_SECONDS = 60.0          # how often the server looks for a hung build


@st.cache_resource(show_spinner=False)
def registry() -> JobRegistry:
    """The jobs of this server process, shared by every session; ``NEWSLENS_MAX_BUILDS`` of them run
    at once, one quiet for ``NEWSLENS_BUILD_STALL_MINUTES`` is given up (read once per server process)."""
    jobs = JobRegistry(config.max_builds(), stall_seconds=config.build_stall_seconds())
    jobs.watch_stalls(every=min(STALL_CHECK_SECONDS, jobs.stall_seconds / 4))
    return jobs


def start(folder: Path, kind: str, what: str, work: Callable[[Job], Any], *, bars: dict[str, str],
          errors: tuple[type[Exception], ...] = (), token: str | None = None,
          on_end: Callable[[Job], None] | None = None, watched: bool = True, kept: str = "",
          owner: str | None = None) -> Job:
    """Run ``work`` in the background for ``folder`` (or join the job already running there). With a
    ``token``, a job another start began (``job.token`` differs) is not this session's to go on
    from: it is returned unwatched, and the caller says its own work did not run. ``watched``:
    False for a start no one in this session asked for (a run resumed after a server restart);
    ``on_end`` and ``kept`` as ``JobRegistry.start``; ``owner``: who asked for it where people sign in
    (only they or an administrator may cancel it)."""
    if config.read_only():
        raise RuntimeError("read-only mode never builds")  # every caller checks before; a bug otherwise
    job = registry().start(str(folder), kind, what, work, bars=bars, errors=errors, token=token, on_end=on_end,
                           kept=kept, owner=owner)
    if watched and (token is None or job.token == token):
        watch(job)
        st.session_state.setdefault(KEY_STARTED, set()).add(job.id)
        job.wait(QUICK_SECONDS)
    return job


def cancel(job: Job) -> None:
    """Cancel ``job`` (``JobRegistry.cancel``); this session is then told how it ended. Checked here
    too, not only by hiding the button: a click on a page drawn before sign-in changed is refused."""
    if not access.may_stop_build(job.owner):
        return
    watch(job)
    registry().cancel(job)


def job_for(folder: Path) -> Job | None:
    return registry().get(str(folder))


def running_job(folder: Path) -> Job | None:
    job = job_for(folder)
    return job if job is not None and not job.finished else None


def watch(job: Job) -> None:
    st.session_state.setdefault(KEY_WATCHED, set()).add(job.id)


def started_here(job: Job) -> bool:
    """Whether this session started ``job`` (not only watched or cancelled it)."""
    return job.id in st.session_state.get(KEY_STARTED, set())


def is_watched(job: Job) -> bool:
    """Whether this session started ``job`` or chose to follow it (``watch``)."""
    return job.id in st.session_state.get(KEY_WATCHED, set())


def take_finished(candidates: Iterable[Job | None]) -> list[Job]:
    """The finished jobs among ``candidates`` this session started or watched, each returned once."""
    watched = st.session_state.get(KEY_WATCHED, set())
    taken = [job for job in candidates if job is not None and job.finished and job.id in watched]
    for job in taken:
        watched.discard(job.id)
    return taken


def finished_of_kind(kind: str) -> list[Job]:
    return take_finished(job for job in registry().jobs() if job.kind == kind)


def render_progress(job: Job, *, watching: bool = True) -> None:
    """The job's live bars, redrawn every second without rerunning the page; when it ends the whole
    app reruns, so the page goes on as it would after a build run in the page itself."""
    if watching:
        watch(job)

    @st.fragment(run_every=POLL_SECONDS)
    def live() -> None:
        if job.finished:
            st.rerun(scope="app")
        for fraction, text in job.bars():
            st.progress(fraction, text=escape_text(text))

    live()


def render_cancel(job: Job) -> None:
    """A button that cancels ``job``: in line, it leaves the line; running, it stops at its next
    step and publishes nothing (``newslens.jobs``). Gone once asked. Still drawn while it publishes: a
    click then (on a page drawn before, too) is told it came too late, not dropped unsaid. Where people
    sign in, only for its starter or an administrator (``access.may_stop``); others are told whose it is
    (the name part of the address: ``access.starter_name``)."""
    if job.cancelled or job.finished:
        return
    if not access.may_stop_build(job.owner):
        st.caption(escape_text(access.stop_refused_text(job.owner)))
        return
    label = "Cancel this build" if job.started else "Cancel: take it out of the line"
    if st.button(label, key=f"nl_cancel_{job.id}", icon=":material/cancel:"):
        cancel(job)
        job.wait(QUICK_SECONDS)      # one in line ends at once: its outcome on this very rerun
        st.rerun()


def render_running(skip_kinds: Iterable[str] = ()) -> None:
    """Every build running on this server (a glance in the sidebar of the other pages)."""
    for job in registry().running():
        if job.kind not in set(skip_kinds):
            st.caption(escape_text(f"Building {job.what} on the server…"))
            render_progress(job, watching=False)
