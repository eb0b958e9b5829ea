"""Long work (a corpus build, a collect + build) in a background thread owned by the server process.

A Streamlit script run dies at its next ``st.*`` call once its tab is closed or reloaded; a build
run there died with it (minutes of embedding lost) and a re-opened tab knew nothing of it. Here the
work runs in a thread that never touches Streamlit: it reports its bars (text and fraction) and its
outcome into a ``Job``, and any tab reads them (``newslens.ui.jobs``). One job per data folder at a
time: starting one while another runs for that folder returns the running one. At most ``limit``
jobs run at once (each loads a model and embeds: memory multiplies, and on a few cores two builds
take as long as one after the other); a job started past it waits in line, its bars saying so, and
starts when a running one ends: nothing a user handed over is refused.
"""
from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class Job:
    """One background run: its live bars, then its result or the user-facing error (thread-safe)."""

    def __init__(self, folder: str, kind: str, what: str, bars: dict[str, str], token: str | None = None):
        self.id = uuid.uuid4().hex
        self.token = token          # the starter's: a second start into the folder learns it joined another's run
        self.folder, self.kind, self.what = folder, kind, what
        self._lock = threading.Lock()
        self._bars = {name: (0.0, text) for name, text in bars.items()}
        self._done = threading.Event()
        self._waiting: str | None = None     # why it has not started yet (in line for a free slot)
        self.result: Any = None
        self.error: str | None = None

    def report(self, bar: str, fraction: float, text: str) -> None:
        with self._lock:
            self._bars[bar] = (max(0.0, min(1.0, fraction)), text)

    def bars(self) -> list[tuple[float, str]]:
        """Its live bars; while it waits in line, one line saying for what."""
        with self._lock:
            return [(0.0, self._waiting)] if self._waiting else list(self._bars.values())

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
        mark the job finished (``finish``: the registry frees its slot first)."""
        try:
            self.result = work(self)
        except errors as exc:
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - no tab may be there to show a traceback
            log.exception("background job for %s failed", self.folder)
            self.error = f"{type(exc).__name__}: {str(exc)[:200]}"

    def finish(self) -> None:
        self._done.set()


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

    def __init__(self, limit: int = 1) -> None:
        self.limit = max(1, limit)
        self._lock = threading.Condition()
        self._jobs: dict[str, Job] = {}
        self._line: list[Job] = []          # started, not running yet: first come, first run
        self._active: list[Job] = []

    def start(self, folder: str, kind: str, what: str, work: Callable[[Job], Any], *,
              bars: dict[str, str], errors: tuple[type[Exception], ...] = (), token: str | None = None) -> Job:
        """Start ``work`` for ``folder`` in a thread (in line behind the running jobs when ``limit``
        of them run), or return the job already started there (whose ``token`` is not the ``token``
        given: ``work`` did not run)."""
        with self._lock:
            running = self._jobs.get(folder)
            if running is not None and not running.finished:
                return running
            job = Job(folder, kind, what, bars, token)
            self._jobs[folder] = job
            self._line.append(job)
            self._say_who_waits()
            threading.Thread(target=self._run, args=(job, work, errors), name=f"newslens-{kind}", daemon=True).start()
            return job

    def _run(self, job: Job, work: Callable[[Job], Any], errors: tuple[type[Exception], ...]) -> None:
        with self._lock:
            while not (len(self._active) < self.limit and self._line[0] is job):
                self._lock.wait()
            self._line.remove(job)
            self._active.append(job)
            job.wait_in_line(None)
            self._say_who_waits()
            self._lock.notify_all()     # the next in line may fit a slot still free
        try:
            job.run(work, errors)
        finally:
            with self._lock:
                self._active.remove(job)
                self._say_who_waits()
                self._lock.notify_all()
            job.finish()      # after its slot is free: a start seeing it finished never waits for it

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
