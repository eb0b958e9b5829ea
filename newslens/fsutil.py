"""Small file-system helpers shared by the pipeline and the few places the read side saves a file
(the user-editable lenses config): atomic replacement, so a reader sees the old or the new file.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a reader sees the old or the new content, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def confined(root: Path | str, path: Path | str) -> bool:
    """True when ``path``, with every link resolved, is ``root`` or lies under it: the raw folder
    and the data folder are boundaries nothing they hold may lead out of."""
    try:
        real_root, real = Path(os.path.realpath(root)), Path(os.path.realpath(path))
    except (OSError, ValueError):
        return False
    return real == real_root or real.is_relative_to(real_root)
