"""Long work (a corpus build, a collect + build) in a background thread owned by the server process.

A Streamlit script run dies at its next ``st.*`` call once its tab is closed or reloaded; a build
run there died with it (minutes of embedding lost) and a re-opened tab knew nothing of it. Here the
work runs in a thread that never touches Streamlit: it reports its bars (text and fraction) and its
outcome into a ``Job``, and any tab reads them (``newslens.ui.jobs``). One job per data folder at a
time: starting one while another runs for that folder returns the running one.
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
        self.result: Any = None
        self.error: str | None = None

    def report(self, bar: str, fraction: float, text: str) -> None:
        with self._lock:
            self._bars[bar] = (max(0.0, min(1.0, fraction)), text)

    def bars(self) -> list[tuple[float, str]]:
        with self._lock:
            return list(self._bars.values())

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def run(self, work: Callable[[Job], Any], errors: tuple[type[Exception], ...]) -> None:
        """``work(self)``'s return is the result; an exception of ``errors`` carries a message written
        for users; anything else is a bug, logged with its traceback and shown in one line."""
        try:
            self.result = work(self)
        except errors as exc:
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - no tab may be there to show a traceback
            log.exception("background job for %s failed", self.folder)
            self.error = f"{type(exc).__name__}: {str(exc)[:200]}"
        finally:
            self._done.set()


class JobRegistry:
    """The jobs of one server process, the latest per data folder."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}

    def start(self, folder: str, kind: str, what: str, work: Callable[[Job], Any], *,
              bars: dict[str, str], errors: tuple[type[Exception], ...] = (), token: str | None = None) -> Job:
        """Start ``work`` for ``folder`` in a thread, or return the job already running there (whose
        ``token`` is not the ``token`` given: ``work`` did not run)."""
        with self._lock:
            running = self._jobs.get(folder)
            if running is not None and not running.finished:
                return running
            job = Job(folder, kind, what, bars, token)
            self._jobs[folder] = job
            threading.Thread(target=job.run, args=(work, errors), name=f"newslens-{kind}", daemon=True).start()
            return job

    def get(self, folder: str) -> Job | None:
        with self._lock:
            return self._jobs.get(folder)

    def jobs(self) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())

    def running(self) -> list[Job]:
        return [job for job in self.jobs() if not job.finished]
