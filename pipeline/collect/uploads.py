"""Files a user uploads in the app: checked by extension and by content, size-capped, stored as
data under a safe name, never executed. Each becomes an ordinary SOURCE for :mod:`run`."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path

from pipeline.collect.items import SourceError
from pipeline.decode import NotText, binary_kind, decode_bytes

UPLOAD_TYPES = ("txt", "md", "html", "htm", "csv", "tsv", "jsonl", "ndjson", "json", "parquet", "xml", "rss")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Letters and digits of any script stay (a Cyrillic "Доповідь.txt" was stored as "upload.txt", and a
# metadata table naming another Cyrillic file matched it); separators and the rest become "-".
STEM_BYTES = 180
_SAFE = re.compile(r"[^\w.-]+")
# The app's temporary folders of uploads waiting to be planned and copied into a corpus.
STAGING_PREFIX = "newslens-upload-"


def check_upload(name: str, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """The file's extension when its content fits it; SourceError with a plain reason otherwise."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in UPLOAD_TYPES:
        raise SourceError(f"{name}: .{suffix or '?'} files are not accepted; use one of "
                          + ", ".join(f".{t}" for t in UPLOAD_TYPES))
    if len(data) > max_bytes:
        raise SourceError(f"{name}: {len(data):,} bytes is over the {max_bytes // 2**20} MB upload limit")
    if not data.strip():
        raise SourceError(f"{name}: the file is empty")
    if suffix == "parquet":
        if not (data[:4] == b"PAR1" and data[-4:] == b"PAR1"):
            raise SourceError(f"{name}: not a Parquet file (its content does not match the extension)")
        return suffix
    kind = binary_kind(data)
    if kind:
        raise SourceError(f"{name}: a {kind}, not a .{suffix} file")
    try:
        text = decode_bytes(data).text
    except NotText as exc:
        raise SourceError(f"{name}: {exc}") from exc
    if suffix == "json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError(f"{name}: not valid JSON (line {exc.lineno})") from exc
        if not isinstance(value, dict) or not ("messages" in value or "chats" in value):
            raise SourceError(f"{name}: JSON, but not a Telegram Desktop export (result.json with 'messages')")
    return suffix


def upload_name(name: str) -> str:
    """The safe name an upload is stored under ("My report (1).HTML" -> "My-report-1.html"); a
    metadata table given with the uploads names its files by the names the user knows, and is
    matched through this too."""
    path = Path(unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1])
    stem = _SAFE.sub("-", path.stem).strip("-.") or "upload"
    # cut to what a file system keeps (255 bytes a name) with room to spare, in bytes: a scraper's
    # "...-part-1.html" and "...-part-2.html" cut at 60 letters were one name
    stem = stem.encode("utf-8")[:STEM_BYTES].decode("utf-8", "ignore")
    return f"{stem}{path.suffix.lower()}"


def store_upload(name: str, data: bytes, folder: Path, max_bytes: int = MAX_UPLOAD_BYTES) -> Path:
    """Check an upload and write it as ``folder/<content hash>/<safe name>``: the name the user
    knows shows in messages, and two different files of the same name never overwrite each other."""
    check_upload(name, data, max_bytes)
    path = folder / hashlib.sha1(data).hexdigest()[:12] / upload_name(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def new_staging_folder(max_age_seconds: float) -> Path:
    """A private temporary folder for uploads, after removing this user's ones untouched for
    ``max_age_seconds``: left by a run of the page cut short (a server stopped, a tab closed at the
    wrong moment). A folder in use lives for one run of the page, seconds."""
    parent = Path(tempfile.gettempdir())
    for folder in parent.glob(f"{STAGING_PREFIX}*"):
        if _own_folder(folder) and time.time() - _last_change(folder) > max_age_seconds:
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))


def _own_folder(path: Path) -> bool:
    """A real folder (not a link) of this user: another user's, on a shared /tmp, is not ours."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return path.is_dir() and not path.is_symlink() and info.st_uid == getattr(os, "getuid", lambda: info.st_uid)()


def _last_change(folder: Path) -> float:
    """The newest modification time of the folder and everything in it (gone meanwhile: now)."""
    try:
        newest = folder.lstat().st_mtime
    except OSError:
        return time.time()
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            try:
                newest = max(newest, os.lstat(os.path.join(root, name)).st_mtime)
            except OSError:
                continue
    return newest
