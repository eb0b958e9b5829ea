"""Long work (a corpus build, a collect + build) in a background thread owned by the server process.

A Streamlit script run dies at its next ``st.*`` call once its tab is closed or reloaded; a build
run there died with it (minutes of embedding lost) and a re-opened tab knew nothing of it. Here the
work runs in a thread that never touches Streamlit: it reports its bars (text and fraction) and its
outcome into a ``Job``, and any tab reads them (``newslens.ui.jobs``). One job per data folder at a
time: starting one while another runs for that folder returns the running one. At most ``limit``
jobs run at once (each loads a model and embeds: memory multiplies, and on a few cores two builds
take as long as one after the other); a job started past it waits in line, its bars saying so, and
starts when a running one ends: nothing a user handed over is refused.

A job can be cancelled: in line, it leaves the line at once and never runs; running, it stops at
its next progress step (``Job.report`` raises ``JobCancelled`` there), or right before it publishes
(``Job.before_publish``, which the build calls just before writing its snapshot), so nothing it was
about to publish is published. Past that point it publishes whatever comes: a cancel then is said to
have come too late. A running job that reports no step for ``stall_seconds`` is given up
(``JobRegistry.stop_stalled``): its slot goes to the next in line. Work run in a child process
(``newslens.job_process``, the app's builds) is then ended at once, as on a cancel, before its slot
and ``on_end`` are freed (without it, should ending it take longer than it can); a thread cannot
be killed: should it ever wake, its next step (or ``before_publish``) stops it.
"""
from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class JobCancelled(BaseException):
    """Raised at a cancelled job's next progress step. A BaseException, as asyncio's CancelledError:
    the pipeline's ``except Exception`` around optional steps must not swallow it and go on."""


class JobFailed(Exception):
    """A failure of the job itself (its process died), with a message written for users."""


class Job:
    """One background run: its live bars, then its result or the user-facing error (thread-safe)."""

    def __init__(self, folder: str, kind: str, what: str, bars: dict[str, str], token: str | None = None,
                 clock: Callable[[], float] = time.monotonic, on_end: Callable[[Job], None] | None = None,
                 kept: str = "", owner: str | None = None):
        self.id = uuid.uuid4().hex
        self.owner = owner          # who started it, when the server signs people in (``ui.access``)
        self.token = token          # the starter's: a second start into the folder learns it joined another's run
        self.folder, self.kind, self.what = folder, kind, what
        self._lock = threading.Lock()
        self._bars = {name: (0.0, text) for name, text in bars.items()}
        self._done = threading.Event()
        self.work_ended = threading.Event()  # its work has returned (a job given up ends before that)
        self._waiting: str | None = None     # why it has not started yet (in line for a free slot)
        self._clock, self._on_end = clock, on_end
        self.kept = kept        # what a run stopped midway leaves behind, said with its end
        self.last_step = clock()             # when it started running or last reported a step
        self.started = False
        self.cancelled = False               # asked to stop (by a user, or given up as hung)
        self.given_up = False                # stopped by the watchdog as hung
        self.stalled_after: float | None = None     # the seconds without a step it was given up after
        self.in_child = False                # its work runs in a child process, ended on a stop
        self.ends_within: float | None = None   # (in a child) how long ending its process may take
        self.given_up_at: float | None = None
        self.let_go = False                  # given up, its process not seen to end: freed without it
        self.publishing = False              # past ``before_publish``: nothing stops it now
        self.result: Any = None
        self.error: str | None = None

    def report(self, bar: str, fraction: float, text: str) -> None:
        """A progress step. A cancelled job stops here, unless it is publishing already
        (``before_publish``): stopping then would only lose its outcome."""
        fraction = max(0.0, min(1.0, fraction))
        with self._lock:
            if self.cancelled and not self.publishing:
                raise JobCancelled(self.id)
            self._bars[bar] = (fraction, text)
            self.last_step = self._clock()

    def before_publish(self) -> None:
        """Called by the work right before it publishes: a job cancelled or given up meanwhile stops
        here (a build given up while it drew its map woke and published after its tabs were told it
        published nothing). From here on it is not stopped, and a stall is said as such."""
        with self._lock:
            if self.cancelled:
                raise JobCancelled(self.id)
            self.publishing = True
            self.last_step = self._clock()

    def bars(self) -> list[tuple[float, str]]:
        """Its live bars; while it waits in line, one line saying for what; once cancelled, that it
        stops (a thread at its next step, a process now) or, publishing already, that it finishes."""
        with self._lock:
            if self.cancelled and not self._done.is_set():
                return [self._stopping_bar()]
            return [(0.0, self._waiting)] if self._waiting else list(self._bars.values())

    def _stopping_bar(self) -> tuple[float, str]:
        if self.given_up:       # (only a process is still being ended: a thread's job ends at once)
            return 0.0, f"Stopping the build of {self.what}: it made no progress, so its process is being ended."
        if self.publishing:
            return 1.0, (f"The build of {self.what} was publishing its snapshot when it was cancelled: too late to "
                         "stop it, it finishes.")
        return 0.0, (f"Cancelling the build of {self.what}: its process is being stopped." if self.in_child else
                     f"Cancelling the build of {self.what}: it stops at its next step.")

    def wait_in_line(self, reason: str | None) -> None:
        with self._lock:
            self._waiting = reason

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def run(self, work: Callable[[Job], Any], errors: tuple[type[Exception], ...]) -> None:
        """``work(self)``'s return is the result; an exception of ``errors`` carries a message written
        for users; anything else is a bug, logged with its traceback and shown in one line. Does not
        mark the job finished (``finish``: the registry frees its slot first). A job given up
        meanwhile (``stop``) keeps the outcome it was given."""
        result, error = None, None
        try:
            result = work(self)
        except JobCancelled:
            error = self.stopped_text()
        except (JobFailed, *errors) as exc:
            error = str(exc)
        except Exception as exc:  # noqa: BLE001 - no tab may be there to show a traceback
            log.exception("background job for %s failed", self.folder)
            error = f"{type(exc).__name__}: {str(exc)[:200]}"
        with self._lock:
            if not self._done.is_set():
                self.result, self.error = result, error

    def start_running(self) -> None:
        with self._lock:
            self.started, self._waiting, self.last_step = True, None, self._clock()

    def cancel(self) -> None:
        """Ask it to stop at its next step (``report``)."""
        with self._lock:
            self.cancelled = True

    def runs_in_child(self, ends_within: float) -> None:
        """Its work runs in a child process, which its thread ends within ``ends_within`` seconds of
        a stop (asked, then killed); past that the registry lets the job go without it."""
        with self._lock:
            self.in_child, self.ends_within = True, ends_within

    def give_up(self, seconds: float) -> None:
        """Given up as hung after ``seconds`` without a step: stopped as on a cancel, publishing too."""
        with self._lock:
            self.cancelled = self.given_up = True
            self.stalled_after, self.given_up_at = seconds, self._clock()

    def outlived_its_end(self, now: float) -> bool:
        """Given up in a child process whose thread has not ended it in the time that takes (blocked
        in a write to a child that never reads, or waiting on a process the kernel cannot end)."""
        with self._lock:
            return (self.given_up and self.in_child and self.ends_within is not None
                    and now - self.given_up_at > self.ends_within)

    def stopped_text(self) -> str:
        """Why it stopped before its end (cancelled, or given up) and what of it stays."""
        said = (stalled_text(self.what, self.stalled_after, self.publishing, ended=self.in_child and not self.let_go)
                if self.given_up else cancelled_text(self.what))
        if self.let_go:
            said += f" {LET_GO}"
        return f"{said} {self.kept}".strip()

    def stop(self, error: str) -> bool:
        """End it now with ``error``, whatever its thread does later (cancelled in line, or given up).
        True when this call ended it: its ``clean_up`` is then the caller's to run, once it holds no
        lock (the clean-up may remove hundreds of MB of uploads)."""
        with self._lock:
            self.cancelled = True
            if self._done.is_set():
                return False
            self.result, self.error = None, error
            self._done.set()
        return True

    def finish(self) -> None:
        with self._lock:
            if self._done.is_set():
                return
            self._done.set()
        self.clean_up()

    def clean_up(self) -> None:
        """``on_end``, after the job has ended (``finish`` or ``stop``)."""
        if self._on_end is not None:
            try:
                self._on_end(self)
            except Exception:  # noqa: BLE001 - a clean-up must not kill the worker or the watchdog
                log.exception("clean-up after the job for %s failed", self.folder)


def cancelled_text(what: str) -> str:
    return (f"Cancelled: the build of {what} was stopped before it published anything; the snapshot "
            "shown before stays current.")


# what stays of a build whose process was ended (or died) while it wrote its snapshot
ENDED_PUBLISHING = ("the snapshot shown before stays current, unless the new one had been made current "
                    "already.")


# a given-up build whose process did not end in time: freed without it (``JobRegistry.stop_stalled``)
LET_GO = "Its process did not end when asked: until it does, a new build of this corpus may be refused."


def duration_text(seconds: float) -> str:
    """A stall setting said in words: "1 minute", "30 minutes", "90 seconds" (a setting in minutes
    read "1 minutes" and "0.5 minutes")."""
    if seconds >= 60 and seconds % 60 == 0:
        count, unit = int(seconds // 60), "minute"
    else:
        count, unit = max(1, round(seconds)), "second"
    return f"{count} {unit}{'s' if count != 1 else ''}"


def stalled_text(what: str, seconds: float, publishing: bool = False, ended: bool = False) -> str:
    """Why a hung build was given up, and what of it stays: nothing, unless it had begun publishing
    (``Job.before_publish``), when the snapshot it was writing becomes current if it ever ends, or
    (``ended``: its process was ended) if it had made it current already."""
    given_up = (f"Stopped: the build of {what} made no progress for {duration_text(seconds)}, so it was given "
                "up and the builds waiting in line went on.")
    if publishing and ended:
        return f"{given_up} It was ended while writing its snapshot: {ENDED_PUBLISHING}"
    if publishing:
        return (f"{given_up} It was writing its snapshot: should that ever end, the new snapshot becomes "
                "current; until then the snapshot shown before stays current.")
    return f"{given_up} It published nothing; the snapshot shown before stays current."


def waiting_text(running: list[str], ahead: int, limit: int) -> str:
    """What a job in line tells every tab: what runs, how many wait before it, when it starts."""
    names = ", ".join(running)
    now = (f"another build is running on this server ({names})" if limit == 1 else
           f"this server runs {limit} builds at a time, and {len(running)} are running ({names})")
    if ahead:
        return f"Waiting: {now}, and {ahead} more {'is' if ahead == 1 else 'are'} waiting ahead of this one. " \
               "It starts after them."
    return f"Waiting: {now}. This one starts when {'it' if limit == 1 else 'one of them'} has ended."


class JobRegistry:
    """The jobs of one server process, the latest per data folder; at most ``limit`` run at once,
    the others wait in line in the order they were started."""

    def __init__(self, limit: int = 1, *, stall_seconds: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = max(1, limit)
        self.stall_seconds, self._clock = stall_seconds, clock
        self._lock = threading.Condition()
        self._jobs: dict[str, Job] = {}
        self._line: list[Job] = []          # started, not running yet: first come, first run
        self._active: list[Job] = []
        self._watchdog: threading.Thread | None = None

    def start(self, folder: str, kind: str, what: str, work: Callable[[Job], Any], *,
              bars: dict[str, str], errors: tuple[type[Exception], ...] = (), token: str | None = None,
              on_end: Callable[[Job], None] | None = None, kept: str = "", owner: str | None = None) -> Job:
        """Start ``work`` for ``folder`` in a thread (in line behind the running jobs when ``limit``
        of them run), or return the job already started there (whose ``token`` is not the ``token``
        given: ``work`` did not run). ``on_end(job)`` is called once when the job ends, however
        (done, failed, cancelled in line or running, given up); ``kept``: what a run stopped after
        it began leaves behind, added to the message saying so; ``owner``: who starts it (signed in)."""
        with self._lock:
            running = self._jobs.get(folder)
            if running is not None and not running.finished:
                return running
            job = Job(folder, kind, what, bars, token, clock=self._clock, on_end=on_end, kept=kept, owner=owner)
            self._jobs[folder] = job
            self._line.append(job)
            self._say_who_waits()
            threading.Thread(target=self._run, args=(job, work, errors), name=f"newslens-{kind}", daemon=True).start()
            return job

    def _run(self, job: Job, work: Callable[[Job], Any], errors: tuple[type[Exception], ...]) -> None:
        with self._lock:
            while job in self._line and not (len(self._active) < self.limit and self._line[0] is job):
                self._lock.wait()
            if job not in self._line:       # cancelled while in line: it never runs
                return
            self._line.remove(job)
            self._active.append(job)
            job.start_running()
            self._say_who_waits()
            self._lock.notify_all()     # the next in line may fit a slot still free
        try:
            job.run(work, errors)
        finally:
            self._free(job)
            job.finish()      # after its slot is free: a start seeing it finished never waits for it
            job.work_ended.set()

    def _free(self, job: Job) -> None:
        """Take ``job`` out of the line or its slot (if still there) and let the next one go on."""
        with self._lock:
            for jobs in (self._line, self._active):
                if job in jobs:
                    jobs.remove(job)
            self._say_who_waits()
            self._lock.notify_all()

    def cancel(self, job: Job) -> None:
        """In line: it leaves the line now and never runs. Running: it stops at its next step (in a
        child process: at once)."""
        ended = False
        with self._lock:        # (re-entrant: a start between the check and the removal cannot slip in)
            job.cancel()
            if job in self._line:
                self._free(job)
                ended = job.stop(f"Cancelled before it started: nothing of {job.what} was collected or built.")
        if ended:       # its clean-up outside the lock: every tab's look at the jobs would wait for it
            job.clean_up()

    def stop_stalled(self) -> list[Job]:
        """Give up the running jobs that reported no step for ``stall_seconds``: each ends with a
        message saying so, and its slot goes to the next in line. Returns them. One in a child
        process ends in its own thread, which ends the process first: its slot and its ``on_end``
        (removing its uploads) were freed while the process still ran, holding its corpus's lock (a
        rebuild clicked then was refused) and reading the uploads being removed. Should its thread not
        have ended it in the time that takes (``Job.ends_within``), a later pass frees the job as a
        thread's: the line behind it waited for good. A thread cannot be ended: its job ends now."""
        if self.stall_seconds is None:
            return []
        with self._lock:
            now = self._clock()
            stalled = [job for job in self._active if not job.given_up and now - job.last_step > self.stall_seconds]
            ended = []
            for job in [job for job in self._active if job.outlived_its_end(now)]:
                log.warning("letting go of the build of %s: its process did not end within %.0f s of its give-up",
                            job.what, job.ends_within)
                job.let_go = True
                self._free(job)
                if job.stop(job.stopped_text()):
                    ended.append(job)
            for job in stalled:
                log.warning("giving up the build of %s: no progress for %.0f s", job.what, now - job.last_step)
                job.give_up(self.stall_seconds)
                if job.in_child:
                    continue
                self._free(job)
                if job.stop(job.stopped_text()):
                    ended.append(job)
        for job in ended:       # (outside the lock, as ``cancel``)
            job.clean_up()
        return stalled

    def watch_stalls(self, every: float) -> None:
        """Check for hung jobs every ``every`` seconds in a daemon thread (started once)."""
        with self._lock:
            if self._watchdog is not None or self.stall_seconds is None:
                return
            self._watchdog = threading.Thread(target=self._watch, args=(every,), name="newslens-watchdog",
                                              daemon=True)
            self._watchdog.start()

    def _watch(self, every: float) -> None:
        while True:
            time.sleep(every)
            try:
                self.stop_stalled()
            except Exception:  # noqa: BLE001 - the watchdog must outlive one bad check
                log.exception("checking for hung builds failed")

    def _say_who_waits(self) -> None:
        """Each job in line says what it waits for (called with the lock held)."""
        free = self.limit - len(self._active)
        for place, job in enumerate(self._line):
            if place >= free:       # (a job within the free slots starts at once)
                job.wait_in_line(waiting_text([j.what for j in self._active], place - free, self.limit))

    def get(self, folder: str) -> Job | None:
        with self._lock:
            return self._jobs.get(folder)

    def jobs(self) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())

    def running(self) -> list[Job]:
        """The jobs not finished: running, or waiting in line."""
        return [job for job in self.jobs() if not job.finished]
