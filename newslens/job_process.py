"""A background job's work in a child process, so a cancel or the stall watchdog stops it for real.

A thread cannot be killed: a cancelled build went on until its next progress step, and a hung one
kept its corpus's build lock (and a model in memory) until the server restarted. ``in_child`` runs
the work in a fresh interpreter (as multiprocessing's 'spawn' does: no copy of the server's threads
and their held locks, as a fork would make); the work gets a stand-in for its ``Job`` with the same
``report`` and ``before_publish``, whose calls come back through a pipe to the job's own thread,
which passes them to the real ``Job``. That thread ends the process as soon as the job is cancelled
before it publishes, or given up as hung (``JobRegistry.stop_stalled``): asked first (SIGTERM: the
work stops as at a cancelled step, its ``finally`` blocks run), killed if it does not end; the
kernel releases the process's locks, and ``clean`` removes what it half wrote. A child also stops
when the server dies (its stdin closes): an orphan would hold its corpus's lock.

The interpreter is started with ``subprocess``, not ``multiprocessing.Process``: 'spawn' and
'forkserver' both import the server's ``__main__`` again in the child, and under Streamlit that is
the page script being run (Streamlit names it ``__main__``), so the child ran app.py, which started a
build of its own. The pipe is multiprocessing's (``Pipe``), its child end handed over by number.

The work runs in the job's thread as before with ``NEWSLENS_BUILD_PROCESS=thread``, when the
system refuses to start a process, or where the child cannot be started this way (``child_possible``:
Windows has no ``pass_fds`` nor a ``Connection`` on a file number; a frozen app's ``sys.executable``
is the app itself). Tests that patch the pipeline in this process use that path.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from newslens import config
from newslens.jobs import ENDED_PUBLISHING, Job, JobCancelled, JobFailed

log = logging.getLogger(__name__)

POLL_SECONDS = 0.2          # how soon a cancel or a give-up reaches the process
TERM_SECONDS = 5.0          # from SIGTERM (the work stops, its clean-ups run) to SIGKILL (hung in C code)
# from a give-up to the process ended and its leftovers removed, twice over (a loaded machine); past it
# the registry frees the job without it (``Job.runs_in_child``)
END_SECONDS = 2 * (POLL_SECONDS + 2 * TERM_SECONDS)
GO, STOP = "go", "stop"     # the answer to the work's ``before_publish``
ROOT = str(Path(__file__).resolve().parent.parent)      # where ``newslens`` is imported from
BOOT = "import sys; sys.path.insert(0, sys.argv[2]); from newslens.job_process import child_main; " \
       "child_main(int(sys.argv[1]))"


class ChildJob:
    """What the work holds in the child instead of its ``Job``: its calls go back to the server."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def report(self, bar: str, fraction: float, text: str) -> None:
        self._conn.send(("report", bar, fraction, text))

    def before_publish(self) -> None:
        """Asks the server whether the job may still publish; stops the work if it was cancelled."""
        self._conn.send(("publish",))
        if self._conn.recv() != GO:
            raise JobCancelled("")


def _sendable(exc: BaseException) -> BaseException:
    """``exc`` itself when it crosses the pipe intact, else a RuntimeError with its type and text."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - any exception class may refuse to be pickled
        return RuntimeError(f"{type(exc).__name__}: {str(exc)[:200]}")


def _stopped(signum: int, frame: Any) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)     # once: a second one would cut its clean-ups short
    raise JobCancelled("")


def _end_with_the_server() -> None:
    """Stop this process when the server's end of its stdin closes, i.e. the server is gone (killed,
    out of memory): an orphan in a quiet step (a model load, a hung read) kept its corpus's build
    lock, refusing every build of it after a restart, until someone killed it by hand."""
    # the server never writes: the read returns at its end. The bare descriptor: a daemon thread
    # blocked in ``sys.stdin``'s buffered reader holds its lock, and the interpreter then aborts at
    # exit ("could not acquire lock ... at interpreter shutdown"), a crash after every finished build
    while os.read(sys.stdin.fileno(), 1024):
        pass
    os.kill(os.getpid(), signal.SIGTERM)     # asked as the server would have (``_stopped``)
    time.sleep(TERM_SECONDS)
    os._exit(1)                              # hung in C code: the kernel frees its locks


def child_main(fd: int) -> None:
    """The child's whole life: the server's import path, the work, its outcome sent back. Ended by
    the server (SIGTERM), the work stops as a cancelled one does in a thread, its ``finally`` blocks
    run: a collect writes the metadata rows and log of what it collected (a SIGKILL left the files
    without them, undated and sourceless at the next build)."""
    signal.signal(signal.SIGTERM, _stopped)
    threading.Thread(target=_end_with_the_server, name="newslens-server-watch", daemon=True).start()
    conn = Connection(fd)
    sys.path[:] = conn.recv()       # first: unpickling the work imports its module, from this path
    try:
        target, args = pickle.loads(conn.recv_bytes())
        message: tuple = ("done", target(ChildJob(conn), *args))
    except JobCancelled:
        message = ("cancelled",)
    except Exception as exc:  # noqa: BLE001 - handed to the job's thread, which says it to users
        message = ("raised", _sendable(exc), traceback.format_exc())
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _send_outcome(conn, message)
    conn.close()


def _send_outcome(conn: Connection, message: tuple) -> None:
    """``message``, or (a result that cannot be pickled) an error saying so: the work may have
    published already, which a dead process's "nothing was published" would deny."""
    try:
        conn.send(message)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        conn.send(("raised", RuntimeError(f"the build ended but its result could not be passed back to the "
                                          f"server ({type(exc).__name__}: {str(exc)[:200]})"),
                   traceback.format_exc()))


def child_possible() -> bool:
    """Whether this interpreter can start ``child_main`` in a child (POSIX, not a frozen app)."""
    if os.name == "posix" and not getattr(sys, "frozen", False):
        return True
    log.warning("builds run in the server's thread: no build process on %s%s", sys.platform,
                " (a frozen app)" if getattr(sys, "frozen", False) else "")
    return False


def in_child(target: Callable[..., Any], *args: Any,
             clean: Callable[[], Any] | None = None) -> Callable[[Job], Any]:
    """The work for ``JobRegistry.start``: ``target(job, *args)`` in a child process (a module-level
    function and picklable ``args``). ``clean()``, after the process was ended midway, removes what
    it half wrote. The environment (and ``NEWSLENS_BUILD_PROCESS``) is read now, in the page's run."""
    env, child = dict(os.environ), config.build_in_child()

    def work(job: Job) -> Any:
        if not (child and child_possible()):
            return target(job, *args)
        sent = pickle.dumps((target, args))     # (here: a work that cannot be pickled fails the job, as before)
        ours, theirs = multiprocessing.Pipe()
        try:
            process = subprocess.Popen([sys.executable, "-c", BOOT, str(theirs.fileno()), ROOT], env=env,
                                       stdin=subprocess.PIPE, pass_fds=[theirs.fileno()])
        except OSError as exc:      # no process to be had (limits, a sandbox): the thread does it
            log.warning("building %s in the server's thread: no child process (%s)", job.what, exc)
            ours.close()
            return target(job, *args)
        finally:
            theirs.close()
        job.runs_in_child(END_SECONDS)
        sender = _send_work(ours, sent)
        try:
            return _follow(job, process, ours)
        finally:
            if _end(process) and clean is not None:
                clean()
            sender.join(TERM_SECONDS)       # the child's end of the pipe closed with it: the send ends
            if not sender.is_alive():       # (a send still blocked would write to the number reused)
                ours.close()    # after its end: what it says while it stops must not fail it
            process.stdin.close()

    return work


def _send_work(conn: Connection, work: bytes) -> threading.Thread:
    """Send the child the import path and the work from a thread of its own: a send blocks until
    the child reads, and a child hung before it reads (an import from a hung network folder), sent
    more than the pipe holds (a long pasted link list), held the job's thread there, where no
    cancel or give-up reached it and the process was never ended. (``_follow`` writes to the pipe
    only once the child has read all of this: its answer to ``before_publish``.)"""
    def send() -> None:
        try:
            conn.send(sys.path)
            conn.send_bytes(work)
        except OSError:         # the child is gone: ``_follow`` says how it ended
            pass

    sender = threading.Thread(target=send, name="newslens-send-work", daemon=True)
    sender.start()
    return sender


def _follow(job: Job, process: subprocess.Popen, conn: Connection) -> Any:
    """Pass the child's steps to ``job`` until it ends; stop following (and so the child) when the
    job is cancelled before it publishes or given up (publishing too)."""
    while True:
        if job.finished or job.given_up or (job.cancelled and not job.publishing):
            raise JobCancelled(job.id)
        if not conn.poll(POLL_SECONDS):
            if process.poll() is not None and not conn.poll():
                raise JobFailed(ended_text(job.what, process.returncode, job.publishing))
            continue
        try:
            message = conn.recv()
        except EOFError:
            raise JobFailed(ended_text(job.what, _exit_code(process), job.publishing)) from None
        kind = message[0]
        if kind in ("done", "cancelled", "raised"):
            _exit_code(process)         # it exits now: not to be ended, nor cleaned up after
        if kind == "report":
            job.report(*message[1:])
        elif kind == "publish":
            try:
                job.before_publish()
            except JobCancelled:
                conn.send(STOP)
                raise
            conn.send(GO)
        elif kind == "done":
            return message[1]
        elif kind == "cancelled":
            raise JobCancelled(job.id)
        else:
            exc, trace = message[1], message[2]
            exc.add_note(f"in the build's process:\n{trace}")
            raise exc


def _exit_code(process: subprocess.Popen) -> int | None:
    """Its exit code, once it has exited (waiting a little for it); None if it runs on."""
    try:
        return process.wait(TERM_SECONDS)
    except subprocess.TimeoutExpired:
        return None


def _end(process: subprocess.Popen) -> bool:
    """End the process unless it has exited: asked first (SIGTERM: ``child_main`` stops the work
    there), killed if it is still there after ``TERM_SECONDS``, and waited for that long again: a
    process in uninterruptible sleep outlives a SIGKILL, and waiting for it held the job's thread
    for good. True when it was ended midway (or died)."""
    if process.poll() is not None:
        return process.returncode != 0
    process.terminate()
    if _exit_code(process) is None:
        process.kill()
        if _exit_code(process) is None:     # in the kernel's hands (a hung network read): not waited for
            log.warning("the build process %s did not end when killed; it ends once the kernel lets it",
                        process.pid)
    return True


def ended_text(what: str, exitcode: int | None, publishing: bool = False) -> str:
    """A build process that died on its own: said, not a traceback. Only a signal (the kernel's
    out-of-memory killer sends SIGKILL) hints at memory; an exit code is a failure whose reason the
    child printed to the server's log. Past ``before_publish`` its snapshot may be current already."""
    if exitcode is not None and exitcode < 0:
        how = f"was killed (signal {-exitcode})" + (", perhaps for lack of memory" if -exitcode == signal.SIGKILL else "")
    else:
        how = f"failed ({'exit code ' + str(exitcode) if exitcode is not None else 'it stopped answering'}); " \
              "the server's log says why"
    kept = (f"It was writing its snapshot: {ENDED_PUBLISHING}" if publishing else
            "Nothing was published; the snapshot shown before stays current.")
    return f"The build of {what} stopped: its process {how}. {kept}"
