"""The raw folder is a boundary: nothing outside it is read, symlinks included.

A link in the raw folder that points elsewhere (``/etc/passwd``, a home folder) would otherwise
become a searchable article. Links are refused with a reason unless the user opts in
(``--allow-outside-raw``), for corpora deliberately assembled from links.
"""
from __future__ import annotations

import os
from pathlib import Path

from newslens.fsutil import confined


def has_link(root: Path, rel: Path) -> bool:
    """True when the file or any folder between ``root`` and it is a symbolic link."""
    current = root
    for part in rel.parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def link_refusal(root: Path, rel: Path, *, allow_outside: bool) -> str | None:
    """Why ``root/rel`` may not be read (one line), or None when it may."""
    path = root / rel
    if not has_link(root, rel):
        return None if confined(root, path) else "path resolves outside the raw folder; not read"
    if not os.path.exists(path):
        return None   # a dangling link: reading it fails with its own clear reason
    if confined(root, path):
        return None
    if allow_outside:
        return None
    return ("symbolic link to a file outside the raw folder; not read "
            "(use --allow-outside-raw to read linked files)")
