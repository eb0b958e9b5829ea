"""One build at a time per data folder.

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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".build.lock"
_POLL_SECONDS = 0.2


class BuildLocked(Exception):
    """Another build holds the folder; the message says which process and what to do."""


def _holder(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        pid = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        pid = ""
    return f"pid {pid}" if pid.isdigit() else "another process"


@contextmanager
def build_lock(data_dir: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the data folder's build lock; wait up to ``wait`` seconds for it, then refuse."""
    data_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildLocked(
                        f"another build ({_holder(fd)}) is writing into {data_dir}; nothing was done - "
                        "run again when it has finished, or pass --wait SECONDS to queue behind it") from None
                time.sleep(_POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        os.close(fd)   # closing the descriptor releases the lock
