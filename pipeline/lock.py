"""One build at a time per data folder; one writer at a time of a raw folder's metadata.csv and log.

Two builds into one folder would race on the shared caches (the loser's entries overwritten) and
on the CURRENT marker. The build holds an exclusive ``flock`` on ``<data>/.build.lock`` from its
first write to its last; the kernel releases it when the process dies, however it dies, so a killed
build never leaves a stale lock behind. Whoever holds the lock may treat every staging folder and
temporary file in the data folder as debris of a dead build.
"""
from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

LOCK_NAME = ".build.lock"
COLLECT_LOCK_NAME = ".lock"          # inside the raw folder's .collect/ (never ingested)
_POLL_SECONDS = 0.2


class BuildLocked(Exception):
    """Another build holds the folder; the message says which process and what to do."""


class CollectLocked(Exception):
    """Another collector held the raw folder's metadata too long; the message says which process."""


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        pid = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        pid = ""
    return f"pid {pid}" if pid.isdigit() else "another process"


def _acquire(fd: int, wait: float) -> bool:
    """Take the exclusive lock on ``fd``, waiting up to ``wait`` seconds; False if still held."""
    deadline = time.monotonic() + max(0.0, wait)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL_SECONDS)


@contextmanager
def _held(lock_file: Path, wait: float, refusal: Callable[[str], Exception]) -> Iterator[None]:
    """Hold the exclusive lock on ``lock_file`` (waiting up to ``wait`` seconds), with this process's
    id written in it for whoever is refused; ``refusal(holder)`` is raised when it stays held."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        if not _acquire(fd, wait):
            raise refusal(_holder(fd))
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        os.close(fd)   # closing the descriptor releases the lock


def collect_lock(lock_dir: Path, *, wait: float = 120.0) -> AbstractContextManager[None]:
    """Hold a raw folder's collect lock while metadata.csv is read, merged and rewritten and the log
    appended: two collectors into one corpus then each add their rows, and neither's are lost.
    Held only for that moment, so both still fetch at the same time."""
    return _held(lock_dir / COLLECT_LOCK_NAME, wait, lambda holder: CollectLocked(
        f"another collector ({holder}) kept {lock_dir.parent} locked for over {wait:.0f} s; this run's "
        "last rows were not written - run it again (what is already collected is skipped)"))


def build_lock(data_dir: Path, *, wait: float = 0.0) -> AbstractContextManager[None]:
    """Hold the data folder's build lock; wait up to ``wait`` seconds for it, then refuse."""
    return _held(data_dir / LOCK_NAME, wait, lambda holder: BuildLocked(
        f"another build ({holder}) is writing into {data_dir}; nothing was done - "
        "run again when it has finished, or pass --wait SECONDS to queue behind it"))
