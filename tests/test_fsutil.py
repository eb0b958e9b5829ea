"""The one atomic write: a reader sees the old file or the new one, never half, and no debris."""
from __future__ import annotations

import pytest

from newslens.fsutil import atomic_write, write_atomic_text


def test_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "cache.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as fh:
            fh.write(b"half of the new")
            raise RuntimeError("killed mid-write")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.bin"]


def test_write_replaces_and_creates_missing_folders(tmp_path):
    target = tmp_path / "new" / "CURRENT"
    write_atomic_text(target, "snap-1\n")
    write_atomic_text(target, "snap-2 ünïcode\n")
    assert target.read_text(encoding="utf-8") == "snap-2 ünïcode\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["CURRENT"]
